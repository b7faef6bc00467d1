/*
 * duty.h - the rotating duty secretary (书记轮值) of a unit, on top of the
 * pure planner in rotation.h: rosters, the materialised schedule, swaps,
 * "who is on duty on DATE" and handover records.
 *
 * The schedule is computed by rotation_plan() and stored, so that terms that
 * have started never move: a roster change re-plans only the terms that
 * begin after today (the new terms start the day after the current term
 * ends). A first roster may start up to a year back. The schedule reaches
 * DUTY_HORIZON_DAYS past today or the start, whichever is later; a date
 * outside it has no duty secretary (ERR_NOT_FOUND with a clear message).
 */
#ifndef LJ_DUTY_H
#define LJ_DUTY_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_rotation.h"

#define DUTY_HORIZON_DAYS 730

struct roster_input {
	int64_t person_ids[ROSTER_MAX];
	size_t n;
	const char *term;         /* week | month | quarter */
	int32_t starts_on;
};

/* Sets the roster; *out_first_new is the first day whose term changed. */
enum err_code duty_set_roster(struct store *st, const struct principal *who, int64_t unit_id,
			      const struct roster_input *in, int32_t today, int32_t *out_first_new,
			      struct err *e);
/* Books person_id for the term containing `on` (not ended by today). */
enum err_code duty_swap(struct store *st, const struct principal *who, int64_t unit_id,
			int32_t on, int64_t person_id, const char *reason, int32_t today,
			struct duty_term *out, struct err *e);
enum err_code duty_on(struct store *st, int64_t unit_id, int32_t day, struct duty_term *out,
		      struct err *e);
/* Terms overlapping [from, to] (inclusive); malloc'd array. */
enum err_code duty_terms(struct store *st, int64_t unit_id, int32_t from, int32_t to,
			 struct duty_term **out, size_t *out_n, struct err *e);
/* Writes the handover records of every change of duty up to today that has
 * none yet, then lists them newest first (free with ops->handovers_free). */
enum err_code duty_handovers(struct store *st, int64_t unit_id, int32_t today,
			     struct handover **out, size_t *out_n, struct err *e);

/* Supplies the JSON texts a new handover record captures: the unit's open
 * matters and the decisions of its last meeting (NULL: "[]"). The matters
 * module installs it; returns malloc'd strings. */
typedef void (*duty_handover_facts_fn)(struct store *st, int64_t unit_id, int32_t on,
				       char **out_open_matters, char **out_last_decisions);
void duty_set_handover_facts(duty_handover_facts_fn fn);

#endif
