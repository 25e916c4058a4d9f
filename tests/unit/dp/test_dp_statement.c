/* Unit tests for dp/dp_statement: column mappings guessed and given, every
 * date and amount form, bad rows named by their row, limits, encodings,
 * and fingerprints that keep two identical rows apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dp/dp.h"

static arena *A;

static int setup(void **state)
{
	(void)state;
	if (base_init())
		return -1;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static sn_err read_csv(const char *csv, const char *spec, dp_statement *st)
{
	return dp_statement_read(csv, strlen(csv), spec, A, st);
}

static void assert_problem(const dp_statement *st, size_t i, const char *want)
{
	if (i >= st->n_problems || strcmp(st->problems[i].text, want) != 0) {
		print_error("problem %zu: got '%s', want '%s'\n", i,
			    i < st->n_problems ? st->problems[i].text : "(none)", want);
		fail();
	}
}

static void assert_error_has(const dp_statement *st, const char *want)
{
	if (!strstr(st->error, want)) {
		print_error("error '%s' does not have '%s'\n", st->error, want);
		fail();
	}
}

/* ---- mappings ---- */

static void test_guessed_nationwide_with_preamble(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	const char *csv = "\"Account Name:\",\"FlexDirect ****12345\"\n"
			  "\"Account Balance:\",\"£795.00\"\n"
			  "\n"
			  "\"Date\",\"Transaction type\",\"Description\",\"Paid out\",\"Paid in\","
			  "\"Balance\"\n"
			  "\"01 Jan 2026\",\"Bank credit\",\"ASHBY VALE COUNCIL\",\"\",\"£1,200.00\","
			  "\"£1,200.00\"\n"
			  "\"05 Jan 2026\",\"Direct debit\",\"Care Agency Ltd\",\"£400.00\",\"\","
			  "\"£800.00\"\n";
	assert_int_equal(read_csv(csv, NULL, st), SN_OK);
	assert_int_equal(st->header_row, 4);
	assert_int_equal(st->n_rows, 2);
	assert_int_equal(st->map.col[DP_COL_DATE], 0);
	assert_int_equal(st->map.col[DP_COL_DESCRIPTION], 2);
	assert_int_equal(st->map.col[DP_COL_OUT], 3);
	assert_int_equal(st->map.col[DP_COL_IN], 4);
	assert_int_equal(st->map.col[DP_COL_BALANCE], 5);
	assert_int_equal(st->map.col[DP_COL_AMOUNT], -1);
	assert_true(st->map.guessed[DP_COL_DATE] && st->map.guessed[DP_COL_IN]);
	assert_int_equal(st->rows[0].row, 5);
	assert_string_equal(st->rows[0].on_date, "2026-01-01");
	assert_int_equal(st->rows[0].amount_pence, 120000);
	assert_true(st->rows[0].has_balance);
	assert_int_equal(st->rows[0].balance_pence, 120000);
	assert_string_equal(st->rows[1].description, "Care Agency Ltd");
	assert_int_equal(st->rows[1].amount_pence, -40000);
	assert_string_equal(st->first_date, "2026-01-01");
	assert_string_equal(st->last_date, "2026-01-05");
	char text[256];
	dp_mapping_text(&st->map, text, sizeof text);
	assert_string_equal(text, "date=Date (guessed), description=Description (guessed), "
				  "in=Paid in (guessed), out=Paid out (guessed), "
				  "balance=Balance (guessed)");
	free(st);
}

static void test_guessed_other_banks(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	/* Lloyds: debit and credit columns, "Transaction Description". */
	assert_int_equal(read_csv("Transaction Date,Transaction Type,Sort Code,Account Number,"
				  "Transaction Description,Debit Amount,Credit Amount,Balance\n"
				  "31/01/2026,DEB,'30-00-00,12345678,TESCO STORES,12.40,,987.60\n",
				  NULL, st),
			 SN_OK);
	assert_int_equal(st->map.col[DP_COL_DESCRIPTION], 4);
	assert_int_equal(st->rows[0].amount_pence, -1240);
	/* Santander and HSBC: one signed amount column, headings in any case,
	 * "(GBP)" after them. */
	assert_int_equal(read_csv("DATE,DESCRIPTION,AMOUNT (GBP),BALANCE (GBP)\n"
				  "2026-02-01,Refund,-3.00,10.00\n2026-02-02,Pay,5,15.00\n",
				  NULL, st),
			 SN_OK);
	assert_int_equal(st->map.col[DP_COL_AMOUNT], 2);
	assert_int_equal(st->rows[0].amount_pence, -300);
	assert_int_equal(st->rows[1].amount_pence, 500);
	/* Monzo: Amount and Money In/Out both there: the signed amount wins;
	 * Description before Name. */
	assert_int_equal(read_csv("Transaction ID,Date,Time,Type,Name,Category,Amount,Money Out,"
				  "Money In,Description\n"
				  "tx_1,31/01/2026,10:00:00,Card,Cafe,Eating out,-2.50,-2.50,,CAFE LTD\n",
				  NULL, st),
			 SN_OK);
	assert_int_equal(st->map.col[DP_COL_AMOUNT], 6);
	assert_int_equal(st->map.col[DP_COL_IN], -1);
	assert_int_equal(st->map.col[DP_COL_DESCRIPTION], 9);
	assert_string_equal(st->rows[0].description, "CAFE LTD");
	/* Reference and plan line columns are read too. */
	assert_int_equal(read_csv("Date,Details,Amount,Reference,Plan line\n"
				  "01/03/2026,J Smith,-80.00,PA wages,PA-Wages\n",
				  NULL, st),
			 SN_OK);
	assert_string_equal(st->rows[0].description, "J Smith (PA wages)");
	assert_string_equal(st->rows[0].line, "pa-wages");
	free(st);
}

static void test_given_mapping(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	const char *csv = "When,What,In,Out,Left\n"
			  "01/01/2026,Council,100.00,,100.00\n"
			  "02/01/2026,Shop,,20.00,80.00\n";
	/* "In" and "Out" are guessed; "When" and "What" are not headings we know. */
	assert_int_equal(read_csv(csv, NULL, st), SN_EINPUT);
	assert_error_has(st, "cannot tell the columns");
	assert_error_has(st, "row 1 has: When, What, In, Out, Left");
	assert_int_equal(read_csv(csv, "date=When, description=What", st), SN_OK);
	assert_false(st->map.guessed[DP_COL_DATE]);
	assert_true(st->map.guessed[DP_COL_IN]);
	assert_int_equal(st->map.col[DP_COL_BALANCE], -1); /* "Left" is not guessed */
	assert_int_equal(st->rows[1].amount_pence, -2000);
	/* Given in full, by heading (any case) and by column number. */
	assert_int_equal(read_csv(csv, "date=#1,description=what,in=IN,out=#4,balance=Left", st),
			 SN_OK);
	assert_false(st->map.guessed[DP_COL_OUT]);
	assert_int_equal(st->rows[1].balance_pence, 8000);
	char text[256];
	dp_mapping_text(&st->map, text, sizeof text);
	assert_string_equal(text, "date=When, description=What, in=In, out=Out, balance=Left");
	json_t *j = dp_mapping_to_json(&st->map);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "out"), "column")),
			    "Out");
	json_decref(j);
	free(st);
}

static void test_mapping_errors(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	const char *csv = "Date,Details,Amount\n01/01/2026,x,1.00\n";
	static const struct {
		const char *spec, *want;
	} cases[] = {
		{"date=Date,colour=Red", "mapping: unknown key 'colour'"},
		{"date=Date,date=Details", "mapping: date is given twice"},
		{"date=Date,amount=Amount,in=Amount", "mapping: give amount, or in and out, not both"},
		{"date=", "mapping: date names no column"},
		{"date", "mapping: 'date' is not key=Heading"},
		{"date=#0", "mapping: date: '#0' is not a column number"},
		{"date=#65", "mapping: date: '#65' is not a column number"},
		{"description=Paid in", "mapping: description: no column headed 'Paid in' (row 1 has: "
					"Date, Details, Amount)"},
		{"date=#1,description=#1", "mapping: description names the same column"},
		{"date=Da\x1b[31mte", "mapping: has a control character"},
		{"date=\xc2\x9b" "31m", "mapping: has a control character"},
		{"date=D\xff" "ate", "mapping: not UTF-8 text"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		assert_int_equal(read_csv(csv, cases[i].spec, st), SN_EINPUT);
		assert_error_has(st, cases[i].want);
		assert_int_equal(st->n_rows, 0);
	}
	char long_spec[1100];
	memset(long_spec, 'x', sizeof long_spec - 1);
	long_spec[sizeof long_spec - 1] = 0;
	assert_int_equal(read_csv(csv, long_spec, st), SN_EINPUT);
	assert_error_has(st, "mapping: longer than 1000 characters");
	free(st);
}

/* ---- dates and amounts ---- */

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want; /* want NULL: refused */
	} cases[] = {
		{"31/01/2026", "2026-01-31"},  {"1/2/2026", "2026-02-01"},
		{"31-01-2026", "2026-01-31"},  {"31.01.2026", "2026-01-31"},
		{"31/01/26", "2026-01-31"},    {"31 Jan 2026", "2026-01-31"},
		{"31 jan 2026", "2026-01-31"}, {"31 January 2026", "2026-01-31"},
		{"3 Sept 2026", "2026-09-03"}, {"31-Jan-26", "2026-01-31"},
		{"2026-01-31", "2026-01-31"},  {" 29/02/2024 ", "2024-02-29"},
		{"29/02/2025", NULL},          {"31/04/2026", NULL},
		{"00/01/2026", NULL},          {"01/13/2026", NULL},
		{"2026/01/31", NULL},          {"01/31/2026", NULL},
		{"31/Jan/2026", NULL},         {"31 01 2026", NULL},
		{"31-01/2026", NULL},          {"31 Foo 2026", NULL},
		{"31/01/1999", NULL},          {"31/01/2100", NULL},
		{"31/01/026", NULL},           {"2026-1-31", NULL},
		{"", NULL},                    {"yesterday", NULL},
		{"31/01/2026 10:15", NULL},    {"2026-01-31T10:00:00Z", NULL},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		char out[11] = "";
		sn_err e = dp_parse_date(cases[i].in, out);
		if (cases[i].want ? e != SN_OK || strcmp(out, cases[i].want) != 0 : e == SN_OK) {
			print_error("'%s': %s '%s', want %s\n", cases[i].in, sn_err_name(e), out,
				    cases[i].want ? cases[i].want : "refused");
			fail();
		}
	}
}

static void test_amounts(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		sn_err e;
		int64_t want;
	} cases[] = {
		{"12.50", SN_OK, 1250},
		{"-12.50", SN_OK, -1250},
		{"+12.50", SN_OK, 1250},
		{"12.5", SN_OK, 1250},
		{"12", SN_OK, 1200},
		{"0.07", SN_OK, 7},
		{"£1,234.56", SN_OK, 123456},
		{"1,234,567.89", SN_OK, 123456789},
		{"-£5", SN_OK, -500},
		{"£-5", SN_OK, -500},
		{"(12.50)", SN_OK, -1250},
		{"(£1,000.00)", SN_OK, -100000},
		{"12.50 CR", SN_OK, 1250},
		{"12.50DR", SN_OK, -1250},
		{"12.50 dr", SN_OK, -1250},
		{"\xe2\x88\x92" "3.00", SN_OK, -300},
		{" 7.00 ", SN_OK, 700},
		{"10000000.00", SN_OK, 1000000000},
		{"10,000,000.01", SN_ETOOBIG, 0},
		{"99999999999999999999", SN_ETOOBIG, 0},
		{"12,50", SN_EINPUT, 0},
		{"1,2345", SN_EINPUT, 0},
		{"1234,567", SN_EINPUT, 0},
		{",123", SN_EINPUT, 0},
		{"12.345", SN_EINPUT, 0},
		{"12.", SN_EINPUT, 0},
		{".50", SN_EINPUT, 0},
		{"", SN_EINPUT, 0},
		{"£", SN_EINPUT, 0},
		{"--5", SN_EINPUT, 0},
		{"(-5)", SN_EINPUT, 0},
		{"-5 DR", SN_EINPUT, 0},
		{"5 CR DR", SN_EINPUT, 0},
		{"1.2.3", SN_EINPUT, 0},
		{"1e3", SN_EINPUT, 0},
		{"abc", SN_EINPUT, 0},
		{"$5.00", SN_EINPUT, 0},
		{"5 00", SN_EINPUT, 0},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		int64_t v = 0;
		sn_err e = dp_parse_amount(cases[i].in, &v);
		if (e != cases[i].e || (e == SN_OK && v != cases[i].want)) {
			print_error("'%s': %s %lld, want %s %lld\n", cases[i].in, sn_err_name(e),
				    (long long)v, sn_err_name(cases[i].e), (long long)cases[i].want);
			fail();
		}
	}
}

/* ---- bad rows ---- */

static void test_bad_rows_named(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	const char *csv = "Date,Description,Paid in,Paid out,Balance\n"
			  "01/01/2026,Good row,100.00,,100.00\n"
			  "31/02/2026,Bad date,,1.00,99.00\n"
			  "tomorrow,Bad date,,1.00,99.00\n"
			  ",No date,,1.00,99.00\n"
			  "02/01/2026,No amount,,,99.00\n"
			  "02/01/2026,Both,1.00,2.00,99.00\n"
			  "02/01/2026,Money,ten,,99.00\n"
			  "03/01/2026,Fine,,1.00,98.00\n";
	assert_int_equal(read_csv(csv, NULL, st), SN_EINPUT);
	assert_int_equal(st->bad_rows, 6);
	assert_int_equal(st->n_rows, 2); /* read, but not to be imported */
	assert_problem(st, 0, "row 3: date '31/02/2026': not a real date");
	assert_problem(st, 1, "row 4: date 'tomorrow': not a date (write 31/01/2026, 31 Jan 2026 "
			      "or 2026-01-31)");
	assert_problem(st, 2, "row 5: date missing");
	assert_problem(st, 3, "row 6: no amount: both paid in and paid out are empty");
	assert_problem(st, 4, "row 7: both paid in and paid out have an amount");
	assert_problem(st, 5, "row 8: paid in 'ten': not an amount of money");
	assert_int_equal(st->n_problems, 6);
	assert_string_equal(st->problems[0].field, "date");
	assert_int_equal(st->problems[0].row, 3);
	free(st);
}

static void test_bad_rows_named_more(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	const char *csv = "Date,Description,Paid in,Paid out,Balance\n"
			  "02/01/2026,Negative in,-1.00,,99.00\n"
			  "02/01/2026,Big,,\"20,000,000.00\",99.00\n"
			  "02/01/2026,Balance,,1.00,lots\n"
			  "02/01/2026,Short\n"
			  "01/01/1990,Old,,1.00,\n"
			  "02/01/2026,Comma,,\"12,50\",99.00\n";
	assert_int_equal(read_csv(csv, NULL, st), SN_EINPUT);
	assert_problem(st, 0, "row 2: paid in '-1.00': negative");
	assert_problem(st, 1, "row 3: paid out '20,000,000.00': over £10,000,000");
	assert_problem(st, 2, "row 4: balance 'lots': not an amount of money");
	assert_problem(st, 3, "row 5: too few columns (2)");
	assert_problem(st, 4, "row 6: date '01/01/1990': the year is not between 2000 and 2099");
	assert_problem(st, 5, "row 7: paid out '12,50': not an amount of money");
	assert_string_equal(st->problems[0].field, "in");
	assert_string_equal(st->problems[3].field, "");
	/* A signed amount column, a plan line and a long description. */
	char desc[700];
	memset(desc, 'a', 600);
	desc[600] = 0;
	char *csv2 = arena_printf(A, "Date,Description,Amount,Line\n"
				  "01/01/2026,x,,\n01/01/2026,x,1..0,\n01/01/2026,x,-1,PA Wages\n"
				  "01/01/2026,%s,-1,\n01/01/2026,ok,-1,pa\n",
				  desc);
	assert_int_equal(read_csv(csv2, NULL, st), SN_EINPUT);
	assert_int_equal(st->bad_rows, 4);
	assert_problem(st, 0, "row 2: amount missing");
	assert_problem(st, 1, "row 3: amount '1..0': not an amount of money");
	assert_problem(st, 2, "row 4: line 'PA Wages': not a plan line id (a-z, 0-9 and -, up to "
			      "15)");
	assert_problem(st, 3, "row 5: description longer than 500 characters");
	free(st);
}

static void test_problems_capped(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	buf b;
	buf_init(&b, 1 << 20);
	buf_puts(&b, "Date,Description,Amount\n");
	for (int i = 0; i < 80; i++)
		buf_puts(&b, "99/99/2026,x,1.00\n");
	assert_int_equal(read_csv(b.data, NULL, st), SN_EINPUT);
	assert_int_equal(st->bad_rows, 80);
	assert_int_equal(st->n_problems, DP_PROBLEMS_KEPT);
	assert_int_equal(st->n_more, 80 - DP_PROBLEMS_KEPT);
	assert_problem(st, 49, "row 51: date '99/99/2026': not a real date");
	buf_free(&b);
	free(st);
}

/* ---- limits, CSV and encodings ---- */

static void test_limits(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	/* Over 5 MiB: refused before reading. */
	size_t big = DP_FILE_BYTES_MAX + 1;
	char *data = malloc(big);
	memset(data, 'a', big);
	assert_int_equal(dp_statement_read(data, big, NULL, A, st), SN_ETOOBIG);
	assert_string_equal(st->error, "the file is larger than 5 MiB; it is refused");
	free(data);
	/* More than 20,000 rows. */
	buf b;
	buf_init(&b, 2u << 20);
	buf_puts(&b, "Date,Description,Amount\n");
	for (int i = 0; i <= DP_ROWS_MAX; i++)
		buf_puts(&b, "01/01/2026,x,1\n");
	assert_int_equal(read_csv(b.data, NULL, st), SN_ETOOBIG);
	assert_string_equal(st->error, "more than 20000 rows; the file is refused");
	/* Exactly 20,000 is fine (and the identical rows are all kept). */
	buf_reset(&b);
	buf_puts(&b, "Date,Description,Amount\n");
	for (int i = 0; i < DP_ROWS_MAX; i++)
		buf_puts(&b, "01/01/2026,x,1\n");
	assert_int_equal(read_csv(b.data, NULL, st), SN_OK);
	assert_int_equal(st->n_rows, DP_ROWS_MAX);
	assert_int_equal(st->rows[DP_ROWS_MAX - 1].occurrence, DP_ROWS_MAX);
	/* A field over 1,024 bytes. */
	buf_reset(&b);
	buf_puts(&b, "Date,Description,Amount\n01/01/2026,\"");
	for (int i = 0; i < 2000; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\",1\n");
	assert_int_equal(read_csv(b.data, NULL, st), SN_ETOOBIG);
	assert_string_equal(st->error, "row 2: a field is longer than 1024 bytes; the file is "
				       "refused");
	/* More than 64 columns. */
	buf_reset(&b);
	buf_puts(&b, "Date,Description,Amount\n01/01/2026,x,1");
	for (int i = 0; i < 70; i++)
		buf_puts(&b, ",");
	assert_int_equal(read_csv(b.data, NULL, st), SN_ETOOBIG);
	assert_string_equal(st->error, "row 2: more than 64 columns; the file is refused");
	buf_free(&b);
	/* Not well-formed CSV; empty files; no header. */
	assert_int_equal(read_csv("Date,Description,Amount\n01/01/2026,\"x\"y,1\n", NULL, st),
			 SN_EINPUT);
	assert_error_has(st, "row 2: not well-formed CSV");
	assert_int_equal(read_csv("Date,Description,Amount\n01/01/2026,\"unclosed,1\n", NULL, st),
			 SN_EINPUT);
	assert_error_has(st, "not well-formed CSV");
	assert_int_equal(read_csv("", NULL, st), SN_EINPUT);
	assert_error_has(st, "the file is empty");
	assert_int_equal(read_csv("\n\n,,\n", NULL, st), SN_EINPUT);
	assert_error_has(st, "the file is empty");
	/* A header only: no rows, nothing wrong. */
	assert_int_equal(read_csv("Date,Description,Amount\n", NULL, st), SN_OK);
	assert_int_equal(st->n_rows, 0);
	free(st);
}

static void test_encodings_and_blank_rows(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st);
	/* A byte order mark, CRLF ends, a blank row, a 0.00 row. */
	const char *csv = "\xef\xbb\xbf" "Date,Description,Amount\r\n"
			  "01/01/2026,Caf\xc3\xa9,-2.50\r\n"
			  "\r\n"
			  ",,\r\n"
			  "02/01/2026,Card check,0.00\r\n"
			  "03/01/2026,\"Two\r\nlines\",-1.00\r\n"
			  "04/01/2026,Last,-1.00";
	assert_int_equal(read_csv(csv, NULL, st), SN_OK);
	assert_false(st->cp1252);
	assert_int_equal(st->n_rows, 3);
	assert_int_equal(st->blank_rows, 2);
	assert_int_equal(st->zero_rows, 1);
	assert_string_equal(st->rows[0].description, "Café");
	assert_int_equal(st->rows[1].row, 6);
	assert_string_equal(st->rows[1].description, "Two lines");
	assert_int_equal(st->rows[2].row, 7);
	/* Windows-1252: "£" is the byte A3, "é" E9, a curly quote 92. */
	const char *w = "Date,Description,Paid in,Paid out\n"
			"01/01/2026,Caf\xe9 Rose\x92s,\xa3" "5.00,\n";
	assert_int_equal(read_csv(w, NULL, st), SN_OK);
	assert_true(st->cp1252);
	assert_string_equal(st->rows[0].description, "Café Rose’s");
	assert_int_equal(st->rows[0].amount_pence, 500);
	/* Control characters and runs of spaces in a description. */
	assert_int_equal(read_csv("Date,Description,Amount\n01/01/2026,\"  a\tb \x1b  c\xc2\x9b \",1\n",
				  NULL, st),
			 SN_OK);
	assert_string_equal(st->rows[0].description, "a b c");
	/* ... and never echoed to a terminal in a problem. */
	assert_int_equal(read_csv("Date,Description,Amount\n\"\x1b[2J\",x,1\n", NULL, st), SN_EINPUT);
	assert_string_equal(st->problems[0].text, "row 2: date '?[2J': not a date (write 31/01/2026, "
						  "31 Jan 2026 or 2026-01-31)");
	free(st);
}

/* ---- fingerprints ---- */

static void test_fingerprints(void **state)
{
	(void)state;
	dp_statement *st = calloc(1, sizeof *st), *st2 = calloc(1, sizeof *st2);
	const char *jan = "Date,Description,Amount\n"
			  "01/01/2026,Council,500.00\n"
			  "06/01/2026,Coffee,-2.50\n"
			  "06/01/2026,Coffee,-2.50\n"
			  "07/01/2026,Coffee,-2.50\n";
	assert_int_equal(read_csv(jan, NULL, st), SN_OK);
	assert_int_equal(st->rows[1].occurrence, 1);
	assert_int_equal(st->rows[2].occurrence, 2);
	assert_int_equal(st->rows[3].occurrence, 1);
	assert_string_not_equal(st->rows[1].fingerprint, st->rows[2].fingerprint);
	assert_int_equal(strlen(st->rows[1].fingerprint), 64);
	/* The documented recipe. */
	char want[65];
	const char *key = "2026-01-06|-250|COFFEE||2";
	sha256_hex(key, strlen(key), want);
	assert_string_equal(st->rows[2].fingerprint, want);
	/* The same rows in another export (other headings, case and spacing,
	 * another date form) have the same fingerprints. */
	assert_int_equal(read_csv("Transaction Date,Memo,Value\n"
				  "6 Jan 2026,COFFEE,(2.50)\n"
				  "06-01-2026,coffee ,-2.50\n"
				  "06/01/2026,Coffee,-2.50\n"
				  "08/01/2026,Coffee,-2.50\n",
				  NULL, st2),
			 SN_OK);
	assert_string_equal(st2->rows[0].fingerprint, st->rows[1].fingerprint);
	assert_string_equal(st2->rows[1].fingerprint, st->rows[2].fingerprint);
	/* A third identical coffee that day is new. */
	assert_int_equal(st2->rows[2].occurrence, 3);
	/* Duplicates against what the ledger has. */
	const char **known = arena_alloc(A, st->n_rows * sizeof *known);
	for (size_t i = 0; i < st->n_rows; i++)
		known[i] = st->rows[i].fingerprint;
	assert_int_equal(dp_mark_duplicates(st2, known, st->n_rows), 2);
	assert_true(st2->rows[0].duplicate && st2->rows[1].duplicate);
	assert_false(st2->rows[2].duplicate || st2->rows[3].duplicate);
	assert_int_equal(dp_mark_duplicates(st2, NULL, 0), 0);
	/* A balance column tells identical rows apart by itself. */
	assert_int_equal(read_csv("Date,Description,Amount,Balance\n"
				  "06/01/2026,Coffee,-2.50,10.00\n06/01/2026,Coffee,-2.50,7.50\n",
				  NULL, st2),
			 SN_OK);
	assert_int_equal(st2->rows[1].occurrence, 1);
	assert_string_not_equal(st2->rows[0].fingerprint, st2->rows[1].fingerprint);
	free(st);
	free(st2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guessed_nationwide_with_preamble),
		cmocka_unit_test(test_guessed_other_banks),
		cmocka_unit_test(test_given_mapping),
		cmocka_unit_test(test_mapping_errors),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_bad_rows_named),
		cmocka_unit_test(test_bad_rows_named_more),
		cmocka_unit_test(test_problems_capped),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_encodings_and_blank_rows),
		cmocka_unit_test(test_fingerprints),
	};
	return cmocka_run_group_tests_name("dp statement", tests, setup, teardown);
}
