/* The parts other capabilities add to pages that one feature owns: the
 * person page's sections (people_set_sections), listed in routes.c beside
 * the route table and handed over where the server starts. */
#ifndef SN_APP_SECTIONS_H
#define SN_APP_SECTIONS_H

#include "../people/people.h"

extern const people_section app_person_sections[];
extern const size_t app_n_person_sections;

#endif
