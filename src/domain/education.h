/*
 * education.h - the 联育平台 line: sites (阵地), routes (线路), activities
 * with their people, sittings (课次), attendance and QR check-in.
 *
 * Every write opens its own write transaction, reads what it decides on,
 * checks the input and the rights (domain/policy.h) on those rows, writes
 * and records an audit entry; on any error nothing is written. Reads fill
 * caller-owned views; release them with the matching _release function.
 */
#ifndef LJ_EDUCATION_H
#define LJ_EDUCATION_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "domain/checkin.h"
#include "domain/headcount.h"
#include "store/store.h"
#include "store/store_edu.h"
#include "store/store_org.h"

struct site_input {
	int64_t alliance_id;
	const char *kind;
	const char *name;
	const char *division;
	const char *description;     /* NULL: none */
};

struct route_input {
	int64_t alliance_id;
	const char *kind;
	const char *name;
	int64_t stops[ROUTE_MAX_STOPS];
	size_t n_stops;
};

struct activity_input {
	int64_t alliance_id;
	int64_t unit_id;             /* 0: none */
	const char *kind;
	const char *title;
	int32_t starts_on;
	int32_t ends_on;             /* 0: one day */
	const char *place_division;
	int64_t site_id;
	int64_t route_id;
	int64_t host_org_id;
	const char *line;            /* NULL: education, for a fair economy */
};

struct headcount_input {
	const char *county_code;
	int64_t persons;
};

struct participants_input {
	int64_t person_ids[ACTIVITY_MAX_PEOPLE];
	size_t n_person_ids;
	struct headcount_input headcount[ACTIVITY_MAX_HEADCOUNT];
	size_t n_headcount;
};

struct sitting_input {
	int32_t on;
	const char *title;
	double hours;
};

/* The earliest and latest day a record may carry: 2000-01-01 .. a year
 * after today. */
int32_t education_first_day(void);
int32_t education_last_day(int32_t today);

enum err_code site_create(struct store *st, const struct principal *who,
			  const struct site_input *in, struct site *out, struct err *e);
enum err_code route_create(struct store *st, const struct principal *who,
			   const struct route_input *in, int32_t today, struct route_rec *out,
			   struct err *e);
enum err_code activity_create(struct store *st, const struct principal *who,
			      const struct activity_input *in, int32_t today, struct activity *out,
			      struct err *e);
enum err_code activity_set_participants(struct store *st, const struct principal *who,
					int64_t id, const struct participants_input *in,
					struct err *e);
enum err_code activity_add_sitting(struct store *st, const struct principal *who, int64_t id,
				   const struct sitting_input *in, struct sitting *out,
				   struct err *e);
/* A sitting is planned until its day (Asia/Shanghai): before it, attendance
 * and check-in codes are refused (ERR_INVALID, tag sitting_not_held), as for
 * meetings (issue 15). */
enum err_code activity_set_attendance(struct store *st, const struct principal *who, int64_t id,
				      int64_t sitting_id, const int64_t *ids, size_t n,
				      int32_t today, struct err *e);
/* A new check-in code for the sitting, valid for the check-in TTL. */
enum err_code activity_checkin_code(struct store *st, const struct principal *who, int64_t id,
				    int64_t sitting_id, int32_t today, struct checkin_code *out,
				    struct err *e);
/* How long new check-in codes stay valid; <= 0 restores
 * CHECKIN_DEFAULT_TTL_MS. Set once at start (serve reads
 * LIANJIAN_CHECKIN_TTL_MS, meant for tests of expiry). */
void education_set_checkin_ttl_ms(int64_t ttl_ms);

/* What a scan did. */
struct checkin_result {
	int64_t activity_id;
	int64_t sitting_id;
	int64_t person_id;
	int already;                 /* the person was already marked present */
	char activity_title[TEXT_BYTES(ACTIVITY_TITLE_MAX_CHARS)];
	char sitting_title[TEXT_BYTES(SITTING_TITLE_MAX_CHARS)];
	int32_t sitting_on;
};
/* Marks who's person present at the token's sitting (and a participant);
 * a replay is a success with already = 1. */
enum err_code checkin_scan(struct store *st, const struct principal *who, const char *token,
			   int32_t today, struct checkin_result *out, struct err *e);

/* ---- reads ---- */

/* One activity with its people and sittings, counted (headcount.h). */
struct activity_view {
	struct activity a;
	int64_t participants[ACTIVITY_MAX_PEOPLE];
	size_t n_participants;
	struct activity_headcount headcount[ACTIVITY_MAX_HEADCOUNT];
	size_t n_headcount;
	struct sitting *sittings;    /* malloc'd */
	size_t n_sittings;
	struct person *people;       /* the participants' records, malloc'd; a
				      * phone who may not see is emptied */
	size_t n_people;
	unsigned char phone_hidden[ACTIVITY_MAX_PEOPLE];  /* per people[i] */
	struct headcount_result count;
	int can_manage;
};
enum err_code activity_view_get(struct store *st, const struct principal *who, int64_t id,
				struct activity_view *out, struct err *e);
/* The same for an activity already read and known to be within who's
 * reach (a row of a reach-filtered list). */
enum err_code activity_view_of(struct store *st, const struct principal *who,
			       const struct activity *a, struct activity_view *out,
			       struct err *e);
void activity_view_release(struct activity_view *v);

/* The totals of every activity matching f, as one whole (API.md
 * "Activities"): people on record counted once across the activities,
 * counted headcount added, person-times summed; the number of activities
 * by kind (in vocab order, kinds with none left out). f->alliance_id must
 * already be the reach-filtered one (reach_list_filter). */
struct activity_kind_count {
	const char *kind;            /* a vocab_activity_kinds key */
	int64_t n;
};
struct activity_summary {
	int64_t activities;
	struct activity_kind_count by_kind[8];
	size_t n_by_kind;
	struct headcount_result count;
};
enum err_code activity_summary_get(struct store *st, const struct activity_filter *f,
				   struct activity_summary *out, struct err *e);
void activity_summary_release(struct activity_summary *s);

#endif
