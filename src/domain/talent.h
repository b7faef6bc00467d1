/*
 * talent.h - the 人才 line: secondments (党校教师下挂 / 蹲点) of a person
 * from one organisation to another inside an alliance, and talents
 * (经济能人、技术人才 ...) brought into an alliance's area.
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

struct talent_input {
	const char *name;
	const char *kind;
	const char *from_county;     /* 6 digits, where they come from */
	const char *division;        /* NULL: none; where they work now */
	int64_t enterprise_id;       /* 0: none */
	int32_t introduced_on;       /* 0: unknown */
	const char *note;            /* NULL: none */
};

/* Records a talent. The alliance is the first one whose counties hold the
 * division's county (or, without a division, from_county); none is 422.
 * Who: that alliance's admin, or the admin of that county. */
enum err_code talent_create(struct store *st, const struct principal *who,
			    const struct talent_input *in, int32_t today, struct talent *out,
			    struct err *e);

#endif
