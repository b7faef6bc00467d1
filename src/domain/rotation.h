/* The rotating duty secretary (轮值书记) of a joint work unit: when each term
 * starts and ends, who serves it, and how a substitution is booked.
 * Pure logic on caller-owned arrays: no I/O, no allocation, no storage.
 *
 * Invariants
 *  - Terms are numbered 0, 1, 2, ... from the unit's anchor date (a day
 *    number as in core/date.h). Term i starts at
 *      week:    anchor + 7 * i
 *      month:   date_add_months(anchor, i)
 *      quarter: date_add_months(anchor, 3 * i)
 *    and ends the day before term i + 1 starts. Month terms keep the
 *    anchor's day of month, clamped to short months (anchor 01-31 gives
 *    02-29 / 02-28, then 03-31 again).
 *  - A roster is an ordered list of distinct people, each with the 6-digit
 *    code of the county they come from; the order is the order of
 *    preference. A cycle is one run through the roster: each member serves
 *    exactly once, so a roster of n gives cycles of n terms.
 *  - All arrays belong to the caller; no function keeps a pointer.
 */
#ifndef LIANJIAN_DOMAIN_ROTATION_H
#define LIANJIAN_DOMAIN_ROTATION_H

#include <stddef.h>
#include <stdint.h>

/* The planner works on the stack; a bigger roster is rejected. */
#define ROTATION_MAX_ROSTER 64

enum rotation_term { ROTATION_WEEK, ROTATION_MONTH, ROTATION_QUARTER };

struct rotation_member {
	int64_t person_id;
	int64_t county; /* 6-digit county code, e.g. 500242 */
};

/* ---- terms ------------------------------------------------------------ */

/* "week" | "month" | "quarter" (exact, lower case). 0, or -1 otherwise. */
int rotation_term_parse(const char *s, enum rotation_term *out);

/* The name rotation_term_parse accepts; "invalid" for a value outside the
 * enum. The string is static. */
const char *rotation_term_name(enum rotation_term t);

/* First day of term `index` (negative indexes count back from the anchor).
 * Saturates like core/date.h far outside the calendar. */
int32_t rotation_term_start(enum rotation_term t, int32_t anchor, int64_t index);

/* Last day of term `index`: the day before term index + 1 starts. */
int32_t rotation_term_end(enum rotation_term t, int32_t anchor, int64_t index);

/* Index of the term containing day, or -1 if day < anchor. */
int64_t rotation_term_index(enum rotation_term t, int32_t anchor, int32_t day);

/* ---- planning ----------------------------------------------------------- */

/* Writes the people for the next n_out terms into out[0..n_out).
 *
 * history holds the terms already fixed before out[0], oldest first, as
 * actually served (person and county); it may be empty and may name people
 * no longer on the roster. Pass all of it, or at least everything since a
 * cycle boundary: the current cycle is found by reading it from the start.
 * The current, unfinished cycle is the trailing part of history since the
 * roster last became complete, or since a roster member came round a
 * second time (so a member who joined, or came back, late is simply owed a
 * turn in it). People not on the roster are ignored except that the last
 * term's county still counts for alternation.
 *
 * Rules, strongest first:
 *  1. Fairness: the members who have not served in the current cycle serve
 *     first, then every following cycle of n terms has each member exactly
 *     once; so at every prefix the counts (current cycle included) of
 *     roster members differ by at most one.
 *  2. Alternation: pairs of consecutive terms from the same county,
 *     counting the join with the last history term and every cycle
 *     boundary, are as few as rule 1 allows (for the plan up to the end of
 *     any cycle). When no county has more than half the roster there are
 *     none, except where the unfinished cycle of history leaves no choice
 *     (say only members of the last term's county are still owed); from an
 *     empty history, or one ending on a cycle boundary, there are none.
 *  3. Preference: each term goes to the earliest roster member that keeps
 *     rules 1 and 2; a roster already alternating A,B,A,B comes out as is.
 * Every choice depends only on the roster, the members still owed a turn
 * in the current cycle and the last county, so the plan is deterministic
 * and stable: planning again from history + out[0..k) gives out[k..).
 *
 * Returns 0, or -1 on invalid input: n_roster == 0 or above
 * ROTATION_MAX_ROSTER, a person twice in the roster, or a NULL array with a
 * non-zero length. out is untouched on -1. */
int rotation_plan(const struct rotation_member *roster, size_t n_roster,
		  const struct rotation_member *history, size_t n_history,
		  struct rotation_member *out, size_t n_out);

/* ---- substitution --------------------------------------------------------- */

/* Books `substitute` for term i instead of its planned person P. To keep
 * the counts even the first term j > i with j >= first_mutable served by
 * substitute (same person_id) is given to P (person and county of P's term
 * i): an exchange. Terms before first_mutable are fixed history and are
 * never touched except term i itself, which may be the running term.
 *
 * Returns j, or -1 if substitute has no such later term (then only term i
 * changed); -2 on invalid input (terms NULL, i >= n, or substitute is P),
 * with terms[] untouched. */
ptrdiff_t rotation_swap(struct rotation_member *terms, size_t n, size_t i,
			size_t first_mutable, struct rotation_member substitute);

#endif
