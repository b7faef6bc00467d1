/*
 * store_meeting.h - joint meetings in the store: meetings, attendance, minutes and
 * decisions.
 *
 * List ops return malloc'd arrays the caller frees with free().
 */
#ifndef LJ_STORE_MEETING_H
#define LJ_STORE_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_matter.h"

#define MEETING_MAX_AGENDA 32
#define MEETING_MAX_INVITES 64
#define MEETING_MAX_ATTENDEES 256
#define MEETING_TITLE_MAX_CHARS 100
#define MEETING_REASON_MAX_CHARS 200
#define MINUTES_MAX_CHARS 5000
#define DECISION_NOTE_MAX_CHARS 500

struct meeting {
	int64_t id;
	int64_t alliance_id;
	int64_t unit_id;
	char title[TEXT_BYTES(MEETING_TITLE_MAX_CHARS)];
	int32_t held_on;
	char place_division[16];
	int64_t convener_person;
	int64_t convener_user;
	char override_reason[TEXT_BYTES(MEETING_REASON_MAX_CHARS)];
	char minutes[TEXT_BYTES(MINUTES_MAX_CHARS)];
	int64_t created_at_ms;
	int64_t agenda[MEETING_MAX_AGENDA];
	size_t n_agenda;
	int64_t invites[MEETING_MAX_INVITES];
	size_t n_invites;
	int64_t attendees[MEETING_MAX_ATTENDEES];
	size_t n_attendees;
	/* cancelled before its day (0: not cancelled), by user, with reason */
	int64_t cancelled_at_ms;
	int64_t cancelled_by;
	char cancel_reason[TEXT_BYTES(MEETING_REASON_MAX_CHARS)];
	/* filled on reads */
	char unit_name[NAME_MAX_BYTES];
	char convener_name[NAME_MAX_BYTES];
	char cancelled_by_name[NAME_MAX_BYTES];
};

struct decision {
	int64_t id;
	int64_t meeting_id;
	int64_t matter_id;
	char action[16];
	char note[TEXT_BYTES(DECISION_NOTE_MAX_CHARS)];
	char detail[1024];           /* JSON object text */
	int64_t user_id;
	int64_t created_at_ms;
	char matter_title[TEXT_BYTES(MATTER_TITLE_MAX_CHARS)];
};

struct store_meeting_ops {
	enum err_code (*insert)(struct store *st, struct meeting *m, struct err *e);
	enum err_code (*get)(struct store *st, int64_t id, struct meeting *out, struct err *e);
	/* alliance_in: NULL, or ",1,4,": only these alliances */
	enum err_code (*list)(struct store *st, int64_t unit_id, int64_t alliance_id,
			      const char *alliance_in, struct page pg, struct meeting **out, size_t *out_n, struct err *e);
	/* Rewrites title, held_on, place_division, override_reason, agenda and
	 * invitations of meeting m->id as m holds them. */
	enum err_code (*update)(struct store *st, const struct meeting *m, struct err *e);
	/* Marks meeting id cancelled at at_ms by user_id with reason. */
	enum err_code (*cancel)(struct store *st, int64_t id, int64_t user_id, const char *reason,
				int64_t at_ms, struct err *e);
	enum err_code (*set_attendance)(struct store *st, int64_t meeting_id,
					const int64_t *person_ids, size_t n, struct err *e);
	enum err_code (*set_minutes)(struct store *st, int64_t meeting_id, const char *text,
				     struct err *e);
	enum err_code (*decision_insert)(struct store *st, struct decision *d, struct err *e);
	enum err_code (*decisions)(struct store *st, int64_t meeting_id, struct decision **out,
				   size_t *out_n, struct err *e);
	/* The decisions of the unit's last meeting held on or before day (none:
	 * an empty list), with meeting_id, matter_id, matter_title, action and
	 * note filled. */
	enum err_code (*last_decisions)(struct store *st, int64_t unit_id, int32_t day,
					struct decision **out, size_t *out_n, struct err *e);
};

#endif
