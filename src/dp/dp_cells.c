/* A statement's date and amount cells as UK banks write them, read
 * without floating point (pure; docs/direct-payments.md, "Dates" and
 * "Amounts"). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dp_int.h"

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int64_t to_num(const char *s, size_t n)
{
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int64_t month_of(const char *s, size_t n)
{
	static const char *const names[12] = {"january", "february", "march",     "april",
					      "may",     "june",     "july",      "august",
					      "september", "october", "november", "december"};
	if (n == 4 && strncasecmp(s, "sept", 4) == 0)
		return 9;
	for (int m = 0; m < 12; m++)
		if ((n == 3 || n == strlen(names[m])) && strncasecmp(s, names[m], n) == 0)
			return m + 1;
	return 0;
}

sn_err dp_date_read(const char *s, char out[static 11], const char **why)
{
	*why = NULL;
	size_t n = strlen(s);
	int64_t y, m, d;
	if (n == 10 && s[4] == '-' && s[7] == '-' && all_digits(s, 4) && all_digits(s + 5, 2) &&
	    all_digits(s + 8, 2)) {
		y = to_num(s, 4), m = to_num(s + 5, 2), d = to_num(s + 8, 2);
	} else {
		/* day, separator, month (number or name), the same separator, year */
		size_t i = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < 1 || i > 2 || i >= n)
			return SN_EINPUT;
		d = to_num(s, i);
		char sep = s[i];
		if (sep != '/' && sep != '-' && sep != '.' && sep != ' ')
			return SN_EINPUT;
		size_t ms = ++i;
		while (i < n && s[i] != sep)
			i++;
		if (i >= n)
			return SN_EINPUT;
		size_t ml = i - ms;
		if (all_digits(s + ms, ml) && ml <= 2 && sep != ' ')
			m = to_num(s + ms, ml);
		else if (!(m = month_of(s + ms, ml)) || sep == '/' || sep == '.')
			return SN_EINPUT;
		size_t yl = n - ++i;
		if ((yl != 2 && yl != 4) || !all_digits(s + i, yl))
			return SN_EINPUT;
		y = to_num(s + i, yl) + (yl == 2 ? 2000 : 0);
	}
	if (y < 2000 || y > 2099) {
		*why = "the year is not between 2000 and 2099";
		return SN_EINPUT;
	}
	if (m < 1 || m > 12 || d < 1 || d > dp_month_days(y, m)) {
		*why = "not a real date";
		return SN_EINPUT;
	}
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
	return SN_OK;
}

sn_err dp_parse_date(const char *s, char out[static 11])
{
	const char *why;
	char t[40];
	if (!s || strlen(s) >= sizeof t)
		return SN_EINPUT;
	snprintf(t, sizeof t, "%s", s);
	return dp_date_read(str_trim(t), out, &why);
}

/* Pounds and pence without a sign: "1,234.56", "1234.5", "12"; commas
 * only in groups of three ("12,50" is refused: a decimal comma). */
static sn_err pounds_read(const char *s, size_t n, int64_t *out)
{
	size_t i = 0, group = 0, digits = 0;
	bool commas = false;
	int64_t v = 0;
	bool big = false;
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ','); i++) {
		if (s[i] == ',') {
			if (!digits || (commas && group != 3) || (!commas && group > 3))
				return SN_EINPUT;
			commas = true;
			group = 0;
			continue;
		}
		group++;
		digits++;
		if (v > DP_AMOUNT_MAX_PENCE)
			big = true;
		else
			v = v * 10 + (s[i] - '0');
	}
	if (!digits || (commas && group != 3))
		return SN_EINPUT;
	int64_t pence = 0;
	if (i < n && s[i] == '.') {
		size_t k = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == k || i - k > 2)
			return SN_EINPUT;
		pence = to_num(s + k, i - k) * (i - k == 1 ? 10 : 1);
	}
	if (i != n)
		return SN_EINPUT;
	if (big || v > (DP_AMOUNT_MAX_PENCE - pence) / 100)
		return SN_ETOOBIG;
	*out = v * 100 + pence;
	return SN_OK;
}

sn_err dp_parse_amount(const char *in, int64_t *pence)
{
	char t[64];
	if (!in || strlen(in) >= sizeof t)
		return SN_EINPUT;
	snprintf(t, sizeof t, "%s", in);
	char *s = str_trim(t);
	size_t n = strlen(s);
	int negs = 0, signs = 0;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') { /* accounting brackets: money out */
		negs++;
		s[--n] = 0;
		s++, n--;
	}
	if (n >= 2 && (strcasecmp(s + n - 2, "CR") == 0 || strcasecmp(s + n - 2, "DR") == 0)) {
		negs += (s[n - 2] | 0x20) == 'd';
		signs++;
		n -= 2;
		while (n && s[n - 1] == ' ')
			n--;
		s[n] = 0;
	}
	for (int pass = 0; pass < 2 && n; pass++) { /* "-£5" and "£-5" */
		if (s[0] == '-' || s[0] == '+') {
			negs += s[0] == '-';
			signs++;
			s++, n--;
		} else if (n >= 3 && memcmp(s, "\xe2\x88\x92", 3) == 0) { /* U+2212 minus */
			negs++;
			signs++;
			s += 3, n -= 3;
		}
		if (pass == 0 && n >= 2 && memcmp(s, "\xc2\xa3", 2) == 0)
			s += 2, n -= 2;
	}
	if (negs > 1 || signs > 1 || !n)
		return SN_EINPUT;
	int64_t v = 0;
	sn_err e = pounds_read(s, n, &v);
	if (e)
		return e;
	*pence = negs ? -v : v;
	return SN_OK;
}
