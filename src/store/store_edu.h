/*
 * store_edu.h - the records of the 联育平台 (education) line: sites (阵地),
 * routes (线路) with their ordered stops, activities with participants,
 * headcount, sittings (the API's "sessions"), attendance and check-in codes.
 *
 * Every record carries its alliance_id; child rows repeat it so every read
 * filters on it. Dates are day numbers (core/date.h), durations minutes.
 * Lists come back malloc'd (caller frees); single records are filled into
 * caller-owned structs.
 */
#ifndef LJ_STORE_EDU_H
#define LJ_STORE_EDU_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define SITE_NAME_MAX_CHARS 100
#define SITE_DESC_MAX_CHARS 1000
#define ROUTE_NAME_MAX_CHARS 100
#define ROUTE_MAX_STOPS 32
#define ACTIVITY_TITLE_MAX_CHARS 100
#define ACTIVITY_MAX_PEOPLE 500
#define ACTIVITY_MAX_HEADCOUNT 16
#define ACTIVITY_MAX_SITTINGS 64
#define SITTING_TITLE_MAX_CHARS 100

struct site {
	int64_t id;
	int64_t alliance_id;
	char kind[24];
	char name[TEXT_BYTES(SITE_NAME_MAX_CHARS)];
	char division_code[16];
	char county_code[8];
	char description[TEXT_BYTES(SITE_DESC_MAX_CHARS)];
	int64_t created_by;
	int64_t created_at_ms;
};

struct route_rec {
	int64_t id;
	int64_t alliance_id;
	char kind[16];
	char line[16];
	char name[TEXT_BYTES(ROUTE_NAME_MAX_CHARS)];
	int32_t opened_on;
	int64_t stops[ROUTE_MAX_STOPS];      /* site ids in order */
	size_t n_stops;
	int64_t created_by;
	int64_t created_at_ms;
};

struct activity {
	int64_t id;
	int64_t alliance_id;
	int64_t unit_id;                     /* 0: none */
	char kind[24];
	char line[16];
	char title[TEXT_BYTES(ACTIVITY_TITLE_MAX_CHARS)];
	int32_t starts_on;
	int32_t ends_on;                     /* 0: one day */
	char place_division[16];
	int64_t site_id;                     /* 0: none */
	int64_t route_id;                    /* 0: none */
	int64_t host_org_id;
	char county_code[8];                 /* the host organisation's */
	int64_t created_by;
	int64_t created_at_ms;
	/* filled on reads */
	char host_org_name[NAME_MAX_BYTES];
};

struct activity_headcount {
	char county_code[8];
	int64_t persons;
};

struct sitting {
	int64_t id;
	int64_t activity_id;
	int64_t alliance_id;
	int32_t held_on;
	char title[TEXT_BYTES(SITTING_TITLE_MAX_CHARS)];
	int64_t minutes;
	int64_t created_by;
	int64_t created_at_ms;
	int64_t attendees[ACTIVITY_MAX_PEOPLE];   /* filled by sittings() */
	size_t n_attendees;
};

struct checkin_row {
	char token_hash[65];
	int64_t sitting_id;
	int64_t alliance_id;
	int64_t expires_at_ms;
};

/* Filters of the activity list; 0 / NULL: any. */
struct activity_filter {
	int64_t alliance_id;
	const char *kind;
	int32_t from;
	int32_t to;
	/* 6 digits: activities placed in, hosted from, or with people (named
	 * or counted) from this county */
	const char *county;
	const char *line;            /* 五共 key */
};

struct store_edu_ops {
	/* sites */
	enum err_code (*site_insert)(struct store *st, struct site *s, struct err *e);
	enum err_code (*site_get)(struct store *st, int64_t id, struct site *out, struct err *e);
	enum err_code (*site_list)(struct store *st, int64_t alliance_id, const char *kind,
				   struct page pg, struct site **out, size_t *out_n, struct err *e);
	/* routes (stops in order) */
	enum err_code (*route_insert)(struct store *st, struct route_rec *r, struct err *e);
	enum err_code (*route_get)(struct store *st, int64_t id, struct route_rec *out,
				   struct err *e);
	enum err_code (*route_list)(struct store *st, int64_t alliance_id, const char *kind,
				    struct page pg, struct route_rec **out, size_t *out_n,
				    struct err *e);
	/* activities */
	enum err_code (*activity_insert)(struct store *st, struct activity *a, struct err *e);
	enum err_code (*activity_get)(struct store *st, int64_t id, struct activity *out,
				      struct err *e);
	enum err_code (*activity_list)(struct store *st, const struct activity_filter *f,
				       struct page pg, struct activity **out, size_t *out_n,
				       struct err *e);
	/* Participants on record, ascending (at most ACTIVITY_MAX_PEOPLE). */
	enum err_code (*participants)(struct store *st, int64_t activity_id, int64_t *out,
				      size_t *out_n, struct err *e);
	enum err_code (*headcount)(struct store *st, int64_t activity_id,
				   struct activity_headcount *out, size_t *out_n, struct err *e);
	/* Replaces both lists. */
	enum err_code (*set_participants)(struct store *st, const struct activity *a,
					  const int64_t *ids, size_t n,
					  const struct activity_headcount *hc, size_t n_hc,
					  struct err *e);
	/* Adds one participant; already there is no error. */
	enum err_code (*participant_add)(struct store *st, const struct activity *a,
					 int64_t person_id, struct err *e);
	/* sittings, by date then id, with their attendance (malloc'd) */
	enum err_code (*sitting_insert)(struct store *st, struct sitting *s, struct err *e);
	enum err_code (*sitting_get)(struct store *st, int64_t id, struct sitting *out,
				     struct err *e);
	enum err_code (*sittings)(struct store *st, int64_t activity_id, struct sitting **out,
				  size_t *out_n, struct err *e);
	/* Replaces the sitting's attendance (via 'list'). */
	enum err_code (*set_attendance)(struct store *st, const struct sitting *s,
					const int64_t *ids, size_t n, int64_t now_ms, struct err *e);
	/* Marks one person present (via 'checkin'); *out_new is 0 when they
	 * already were. */
	enum err_code (*attend)(struct store *st, const struct sitting *s, int64_t person_id,
				int64_t now_ms, int *out_new, struct err *e);
	/* check-in codes, by their hash */
	enum err_code (*checkin_insert)(struct store *st, const struct checkin_row *c,
					int64_t created_by, int64_t now_ms, struct err *e);
	enum err_code (*checkin_get)(struct store *st, const char *token_hash,
				     struct checkin_row *out, struct err *e);
};

#endif
