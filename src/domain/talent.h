/*
 * talent.h - the 人才 line: secondments (党校教师下挂 / 蹲点) of a person
 * from one organisation to another inside an alliance.
 *
 * A write opens its own transaction, checks on the rows it reads there
 * (domain/policy.h), writes and records an audit entry; on any error
 * nothing is written.
 */
#ifndef LJ_TALENT_H
#define LJ_TALENT_H

#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_talent.h"

struct secondment_input {
	int64_t alliance_id;
	int64_t person_id;
	const char *kind;            /* xiagua | dundian */
	int64_t from_org_id;
	int64_t to_org_id;
	int32_t starts_on;
	int32_t ends_on;             /* 0: open */
};

/* Records a secondment: both organisations exist and differ, the receiving
 * one lies in one of the alliance's counties, dates within 2000-01-01 .. a
 * year after today, ends_on >= starts_on. Who: the alliance's admin or the
 * receiving county's admin. */
enum err_code secondment_create(struct store *st, const struct principal *who,
				const struct secondment_input *in, int32_t today,
				struct secondment *out, struct err *e);

#endif
