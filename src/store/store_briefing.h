/*
 * store_briefing.h - the 工作简报 (work briefing): the records behind each
 * figure of an alliance over a period, frozen issues (期), and the public
 * flags of routes and fairs.
 *
 * A figure is computed from the list of records behind it (records()), so a
 * reader who drills from a figure gets exactly the rows that make it: a
 * count is the number of rows, a sum the sum of their values. The SQL of
 * each figure key lives in store_sql_briefing.c; it reads the tables of
 * migrations 0001-0007 and filters on alliance_id first (another alliance's
 * rows never enter).
 *
 * Memory: lists come back malloc'd (caller frees); an issue's content is a
 * malloc'd JSON text released with briefing_issue_release().
 */
#ifndef LJ_STORE_BRIEFING_H
#define LJ_STORE_BRIEFING_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "store/store.h"

#define BRIEFING_TITLE_MAX_CHARS 100
#define BRIEFING_TEXT_MAX_CHARS 2000
#define BRIEFING_RECORDS_MAX 5000
#define BRIEFING_CONTENT_MAX_BYTES ((size_t)256 * 1024)

/* The window of a briefing: [from, to] as day numbers; today bounds what
 * can have been held (a meeting convened for next week is not reported). */
struct briefing_period {
	int64_t alliance_id;
	int32_t from;
	int32_t to;
	int32_t today;
};

/* One record behind a figure. value: what it adds to a sum (1 for a count);
 * grp: what a chart groups it by (a county code, a fund source), or "". */
struct briefing_record {
	char type[16];                /* matter, meeting, activity, route, ... */
	int64_t id;
	char title[TEXT_BYTES(100)];
	int32_t on;                   /* the date that places it in the period; 0: none */
	int64_t value;
	char grp[16];
};

struct briefing_issue {
	int64_t id;
	int64_t alliance_id;
	int year;
	int issue_no;
	char title[TEXT_BYTES(BRIEFING_TITLE_MAX_CHARS)];
	int32_t from_on;
	int32_t to_on;
	char *content;                /* JSON text, malloc'd */
	char status[12];              /* draft | published */
	int64_t created_by;
	int64_t created_at_ms;
	int64_t edited_by;            /* 0: never edited */
	int64_t edited_at_ms;
	int64_t published_at_ms;      /* 0: not published */
};

struct store_briefing_ops {
	/* The records behind figure key over period p, in date then id order,
	 * at most BRIEFING_RECORDS_MAX; ERR_INVALID for an unknown key. */
	enum err_code (*records)(struct store *st, const char *key,
				 const struct briefing_period *p, struct briefing_record **out,
				 size_t *out_n, struct err *e);
	/* Inserts an issue numbered next in its alliance and year (call inside
	 * a write transaction); fills in->id and in->issue_no. */
	enum err_code (*issue_insert)(struct store *st, struct briefing_issue *in, struct err *e);
	enum err_code (*issue_get)(struct store *st, int64_t id, struct briefing_issue *out,
				   struct err *e);
	/* Newest first (by id); published_only for the public pages; content
	 * is left NULL in list rows. */
	enum err_code (*issue_list)(struct store *st, int64_t alliance_id, int published_only,
				    struct page pg, struct briefing_issue **out, size_t *out_n,
				    struct err *e);
	/* New content and, unless NULL, title of a draft; ERR_CONFLICT once
	 * published. */
	enum err_code (*issue_set_content)(struct store *st, int64_t id, const char *title,
					   const char *content, int64_t edited_by, int64_t at_ms,
					   struct err *e);
	enum err_code (*issue_publish)(struct store *st, int64_t id, int64_t at_ms,
				       struct err *e);
	/* The public flag of a route or a fair (an activity). */
	enum err_code (*route_set_public)(struct store *st, int64_t id, int on, struct err *e);
	enum err_code (*activity_set_public)(struct store *st, int64_t id, int on, struct err *e);
	enum err_code (*route_is_public)(struct store *st, int64_t id, int *out, struct err *e);
	enum err_code (*activity_is_public)(struct store *st, int64_t id, int *out, struct err *e);
	/* Ids of the alliance's public routes (by id) and public fairs (newest
	 * first), at most max. */
	enum err_code (*public_route_ids)(struct store *st, int64_t alliance_id, int64_t *out,
					  size_t max, size_t *out_n, struct err *e);
	enum err_code (*public_fair_ids)(struct store *st, int64_t alliance_id, int64_t *out,
					 size_t max, size_t *out_n, struct err *e);
};

/* Frees b->content; harmless twice. */
static inline void briefing_issue_release(struct briefing_issue *b)
{
	free(b->content);
	b->content = NULL;
}

#endif
