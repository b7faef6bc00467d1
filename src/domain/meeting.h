/*
 * meeting.h - joint meetings (联席会议 / 研判会) of a unit.
 *
 * A meeting is convened by the unit's duty secretary for its date; anyone
 * else is refused unless an alliance admin overrides with a reason, which
 * is recorded on the meeting and in the audit log. The agenda holds open
 * matters handled by the unit. Attendance is by person (shown per county);
 * decisions are tied to an agenda matter and move it through the same rules
 * as the matters API (assign, set_due, resolve, escalate, close).
 *
 * A meeting is "planned" before its day (held_on, an Asia/Shanghai date)
 * and "held" from that day on; a planned meeting may be changed or
 * "cancelled" (with a reason), and a cancelled one takes no records and is
 * not counted. Attendance, minutes and decisions are
 * refused (ERR_INVALID, tag meeting_not_held) while it is planned, and the
 * statistics count a meeting only from its day (store_stats.h).
 * Minutes may not be blank on a first save; blank minutes replace existing
 * ones only when the caller confirms clearing them (clear = 1).
 */
#ifndef LJ_MEETING_H
#define LJ_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_meeting.h"

struct meeting_input {
	int64_t unit_id;
	const char *title;
	int32_t held_on;
	const char *place_division;
	int64_t agenda[MEETING_MAX_AGENDA];
	size_t n_agenda;
	int64_t invites[MEETING_MAX_INVITES];
	size_t n_invites;
	const char *override_reason;   /* NULL: none */
};

struct decision_input {
	int64_t matter_id;
	const char *action;            /* assign | set_due | resolve | escalate | close */
	const char *note;
	int32_t due_on;                /* set_due */
	int64_t person_id;             /* assign */
	int64_t org_id;                /* assign */
	const char *resolution;        /* resolve */
};

/* A change of a planned meeting: NULL / 0 / has_* = 0 leave a field as it is. */
struct meeting_patch {
	const char *title;
	int32_t held_on;
	const char *place_division;
	int has_agenda;
	int64_t agenda[MEETING_MAX_AGENDA];
	size_t n_agenda;
	int has_invites;
	int64_t invites[MEETING_MAX_INVITES];
	size_t n_invites;
	const char *override_reason;   /* a new date only: as for convening */
};

/* "cancelled" once cancelled, else "planned" before the meeting's day,
 * "held" from it on. */
const char *meeting_status(const struct meeting *m, int32_t today);

enum err_code meeting_convene(struct store *st, const struct principal *who,
			      const struct meeting_input *in, int32_t today, struct meeting *out,
			      struct err *e);
/* Changes planned meeting id (policy_can_edit_meeting; refused as
 * meeting_held / meeting_cancelled otherwise). A new date follows the rules
 * of convening (not before today, the duty secretary of the new date or an
 * override with a reason); the invited organisations' secretaries are
 * notified, those no longer invited too. */
enum err_code meeting_change(struct store *st, const struct principal *who, int64_t id,
			     const struct meeting_patch *p, int32_t today, struct err *e);
/* Cancels planned meeting id with a reason (required, not blank): it is
 * no longer counted, takes no records and the invited are notified. */
enum err_code meeting_cancel(struct store *st, const struct principal *who, int64_t id,
			     const char *reason, int32_t today, struct err *e);
enum err_code meeting_attendance(struct store *st, const struct principal *who, int64_t id,
				 const int64_t *person_ids, size_t n, int32_t today,
				 struct err *e);
/* text blank (only whitespace): refused as minutes_empty when there are no
 * minutes yet, as minutes_clear_unconfirmed unless clear; with clear the
 * minutes become "". */
enum err_code meeting_minutes(struct store *st, const struct principal *who, int64_t id,
			      const char *text, int clear, int32_t today, struct err *e);
enum err_code meeting_decide(struct store *st, const struct principal *who, int64_t id,
			     const struct decision_input *in, int32_t today, struct decision *out,
			     struct err *e);

#endif
