/*
 * matter_read.h - read models of matters for the API: a page of matters
 * with the assignees of all of them (one query for the page, one for every
 * assignee), and one matter in full (its unit, assignees, timeline, the
 * transitions its status allows there and whether the reader manages it).
 * Any store error is returned, never turned into a missing field.
 *
 * Memory: the *_release functions free what a read filled; a released or
 * zeroed struct may be released again.
 */
#ifndef LJ_MATTER_READ_H
#define LJ_MATTER_READ_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_matter.h"
#include "store/store_org.h"

struct matter_page {
	struct matter *items;
	size_t n;
	struct matter_assignee *assignees;   /* of all items, ordered by matter id */
	size_t n_assignees;
};

struct matter_detail {
	struct matter m;
	struct unit unit;
	struct matter_assignee *assignees;
	size_t n_assignees;
	struct matter_event *events;          /* the timeline, oldest first */
	size_t n_events;
	const char *allowed[8];               /* statuses it may move to (vocab keys) */
	size_t n_allowed;
	int can_manage;
};

/* A page of matters by filter, with their assignees. */
enum err_code matter_list_page(struct store *st, const struct matter_filter *f, struct page pg,
			       struct matter_page *out, struct err *e);
/* The matters with these ids, in this order, with their assignees; an id
 * that does not exist is ERR_NOT_FOUND. */
enum err_code matter_page_of(struct store *st, const int64_t *ids, size_t n,
			     struct matter_page *out, struct err *e);
/* The assignees of matter id within the page (a slice; *out_n may be 0). */
const struct matter_assignee *matter_page_assignees(const struct matter_page *p, int64_t id,
						    size_t *out_n);
void matter_page_release(struct matter_page *p);

/* Matter id in full, as seen by who on day today. */
enum err_code matter_detail(struct store *st, const struct principal *who, int64_t id,
			    int32_t today, struct matter_detail *out, struct err *e);
void matter_detail_release(struct matter_detail *d);

#endif
