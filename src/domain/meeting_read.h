/*
 * meeting_read.h - a meeting in full for the API: its unit, agenda matters
 * (with assignees), invited organisations, attendees with their counties
 * and the count per county, decisions, and whether the reader may edit it.
 * Any store error is returned, never turned into a missing entry.
 *
 * Memory: meeting_detail_release frees what meeting_detail filled; a
 * released or zeroed struct may be released again.
 */
#ifndef LJ_MEETING_READ_H
#define LJ_MEETING_READ_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "domain/matter_read.h"
#include "store/store.h"
#include "store/store_meeting.h"
#include "store/store_org.h"

struct meeting_county {
	char code[8];                  /* 6-digit county code */
	char name[NAME_MAX_BYTES];     /* the code itself when the division is unknown */
	int64_t n;                     /* attendees from it */
};

struct meeting_detail {
	struct meeting m;
	struct unit unit;
	struct matter_page agenda;
	struct org *invited;
	size_t n_invited;
	struct person *attendees;
	size_t n_attendees;
	struct meeting_county *by_county;   /* in order of first attendee */
	size_t n_by_county;
	struct decision *decisions;
	size_t n_decisions;
	int can_edit;
};

enum err_code meeting_detail(struct store *st, const struct principal *who, int64_t id,
			     int32_t today, struct meeting_detail *out, struct err *e);
void meeting_detail_release(struct meeting_detail *d);

#endif
