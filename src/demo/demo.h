/* The demo area: a fictional place with localities, an account for every
 * role and data for every capability, deterministic for a seed. Each later
 * capability adds its own part here. */
#ifndef SN_DEMO_H
#define SN_DEMO_H

#include "../store/store.h"

/* small: 240 people (and Rose, and a pair of records of one person for
 * review), 300 services; large: 5,000 people, 100,000 services;
 * huge: as large with 1,000,000 services (for bench/directory). */
typedef enum { DEMO_SMALL, DEMO_LARGE, DEMO_HUGE } demo_size;

#define DEMO_PASSWORD "ashby-vale-demo"
#define DEMO_DOMAIN "demo.supportnet.test"

typedef struct {
	const char *email, *name, *roles, *what;
} demo_login;
extern const demo_login demo_logins[];
extern const size_t demo_n_logins;

/* Fills a migrated, empty store. SN_ECONFLICT if it already has people or
 * users. */
sn_err demo_create(store *s, uint64_t seed, demo_size size, char *err,
		   size_t err_size);

#endif
