/* demo_education.h - the demo alliance's joint education and talent record
 * (issue 10): sites, red routes, a training class, study tours, party
 * lessons, border classrooms, secondments and talents. */
#ifndef LJ_DEMO_EDUCATION_H
#define LJ_DEMO_EDUCATION_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* Adds the record to the alliance just built by demo_build (same
 * transaction); every date lies in the current year before today. */
enum err_code demo_education(struct store *st, int64_t alliance_id, int32_t today,
			     struct err *e);

#endif
