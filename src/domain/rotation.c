/* The rotating duty secretary schedule: term calendar, the fair alternating
 * planner and the swap booking. See rotation.h for the rules.
 *
 * The planner is a greedy walk in preference order with an exact look-ahead.
 * Which member serves only matters to fairness; to alternation only the
 * county does. So the state is: how many members of each county are still
 * owed a turn in the current cycle, and the county of the previous term.
 * For that state a closed formula gives the fewest same-county neighbours
 * needed to finish the cycle, and which county the cycle must then end on;
 * the latter decides what the next cycle costs. Each term goes to the first
 * member (roster order) whose choice keeps that total at its minimum. */
#include "domain/rotation.h"

#include <string.h>

#include "core/date.h"

/* ---- terms ------------------------------------------------------------ */

int rotation_term_parse(const char *s, enum rotation_term *out)
{
	if (!s || !out)
		return -1;
	if (strcmp(s, "week") == 0)
		*out = ROTATION_WEEK;
	else if (strcmp(s, "month") == 0)
		*out = ROTATION_MONTH;
	else if (strcmp(s, "quarter") == 0)
		*out = ROTATION_QUARTER;
	else
		return -1;
	return 0;
}

const char *rotation_term_name(enum rotation_term t)
{
	switch (t) {
	case ROTATION_WEEK:
		return "week";
	case ROTATION_MONTH:
		return "month";
	case ROTATION_QUARTER:
		return "quarter";
	}
	return "invalid";
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int32_t saturate_day(int64_t day)
{
	return (int32_t)clamp64(day, INT32_MIN, INT32_MAX);
}

int32_t rotation_term_start(enum rotation_term t, int32_t anchor, int64_t index)
{
	/* Any index beyond these bounds lands far outside int32_t days anyway;
	 * clamping first keeps the multiplications from overflowing. */
	switch (t) {
	case ROTATION_WEEK:
		index = clamp64(index, -((int64_t)1 << 40), (int64_t)1 << 40);
		return saturate_day((int64_t)anchor + 7 * index);
	case ROTATION_MONTH:
		index = clamp64(index, -((int64_t)1 << 28), (int64_t)1 << 28);
		return date_add_months(anchor, (int)index);
	case ROTATION_QUARTER:
		index = clamp64(index, -((int64_t)1 << 26), (int64_t)1 << 26);
		return date_add_months(anchor, (int)(3 * index));
	}
	return anchor;
}

int32_t rotation_term_end(enum rotation_term t, int32_t anchor, int64_t index)
{
	if (index < INT64_MAX)
		index++;
	return saturate_day((int64_t)rotation_term_start(t, anchor, index) - 1);
}

int64_t rotation_term_index(enum rotation_term t, int32_t anchor, int32_t day)
{
	int ay, am, ad, y, m, d;
	int64_t months;

	if (day < anchor)
		return -1;
	if (t == ROTATION_WEEK)
		return ((int64_t)day - anchor) / 7;
	/* The month term holding day starts in day's month or the one before
	 * (when day-of-month is below the anchor's). */
	date_to_ymd(anchor, &ay, &am, &ad);
	date_to_ymd(day, &y, &m, &d);
	months = ((int64_t)y - ay) * 12 + (m - am);
	if (date_add_months(anchor, (int)months) > day)
		months--;
	return t == ROTATION_MONTH ? months : months / 3;
}

/* ---- planning ----------------------------------------------------------- */

/* The cycle state. Counties are numbered by first appearance in the
 * roster ("slots"); a county not on the roster is slot -1 like "none". */
struct planner {
	size_t n;
	int n_county;
	int county_of[ROTATION_MAX_ROSTER];         /* roster index -> slot */
	int64_t county_code[ROTATION_MAX_ROSTER];   /* slot -> code */
	int full[ROTATION_MAX_ROSTER];              /* slot -> members on the roster */
	int left[ROTATION_MAX_ROSTER];              /* slot -> still owed a turn */
	unsigned char owed[ROTATION_MAX_ROSTER];    /* roster index -> not yet served */
	int n_left;                                 /* sum of left[] */
	int last;                                   /* slot of the previous term */
	int heavy;                                  /* slot holding over half the roster, or -1 */
};

/* Fewest same-county neighbours in any order of the `total` people counted
 * in left[], placed after a term from county prev. A county y with k of the
 * total needs at least k - 1 others between its people, one more if prev is
 * y too (the first place is then barred), so it forces 2k - total - 1
 * neighbours, or 2k - total when y == prev; the worst county decides (at
 * most one county can force any) and the bound is reached by always placing
 * the county with most left that is not the previous one. */
static long min_adjacent(const int *left, int n_county, int total, int prev)
{
	long worst = 0;

	for (int y = 0; y < n_county; y++) {
		long v = 2L * left[y] - total - (y != prev);

		if (v > worst)
			worst = v;
	}
	return worst;
}

/* The county every cheapest order of left[] (after prev) must end on, or -1
 * if cheapest orders end on different counties. A county is forced to the
 * end exactly when its bound above is tight (>= 0): its people then fill
 * every second place up to the last one. With total == 0 the "end" is the
 * previous term itself. */
static int forced_end(const int *left, int n_county, int total, int prev)
{
	if (total == 0)
		return prev;
	for (int y = 0; y < n_county; y++)
		if (left[y] > 0 && 2L * left[y] - total - (y != prev) >= 0)
			return y;
	return -1;
}

static void planner_new_cycle(struct planner *pl)
{
	memset(pl->owed, 1, pl->n);
	memcpy(pl->left, pl->full, sizeof(pl->left[0]) * (size_t)pl->n_county);
	pl->n_left = (int)pl->n;
}

static void planner_serve(struct planner *pl, size_t p)
{
	int c = pl->county_of[p];

	pl->owed[p] = 0;
	pl->left[c]--;
	pl->n_left--;
	pl->last = c;
	if (pl->n_left == 0)
		planner_new_cycle(pl);
}

static int planner_slot(const struct planner *pl, int64_t county)
{
	for (int y = 0; y < pl->n_county; y++)
		if (pl->county_code[y] == county)
			return y;
	return -1;
}

static ptrdiff_t roster_find(const struct rotation_member *roster, size_t n, int64_t person_id)
{
	for (size_t p = 0; p < n; p++)
		if (roster[p].person_id == person_id)
			return (ptrdiff_t)p;
	return -1;
}

static int planner_init(struct planner *pl, const struct rotation_member *roster, size_t n)
{
	memset(pl, 0, sizeof(*pl));
	pl->n = n;
	pl->last = -1;
	pl->heavy = -1;
	for (size_t p = 0; p < n; p++) {
		int y;

		if (roster_find(roster, p, roster[p].person_id) >= 0)
			return -1;
		y = planner_slot(pl, roster[p].county);
		if (y < 0) {
			y = pl->n_county++;
			pl->county_code[y] = roster[p].county;
		}
		pl->county_of[p] = y;
		pl->full[y]++;
	}
	for (int y = 0; y < pl->n_county; y++)
		if (2 * (size_t)pl->full[y] > n)
			pl->heavy = y;
	planner_new_cycle(pl);
	return 0;
}

/* Replays history: a cycle closes when every roster member has served, or
 * when someone already served in it comes round again. */
static void planner_replay(struct planner *pl, const struct rotation_member *roster,
			   const struct rotation_member *history, size_t n_history)
{
	for (size_t h = 0; h < n_history; h++) {
		ptrdiff_t p = roster_find(roster, pl->n, history[h].person_id);

		if (p >= 0) {
			if (!pl->owed[p])
				planner_new_cycle(pl);
			planner_serve(pl, (size_t)p);
		}
		pl->last = planner_slot(pl, history[h].county);
	}
}

/* The cost of giving the next term to a member of county c: same-county
 * neighbours in the rest of this cycle, and separately that plus one if
 * the cycle is then bound to end on the heavy county (whose next cycle
 * costs one more neighbour when it starts after its own county; with no
 * heavy county any cycle can start anywhere without one). */
static void planner_cost(struct planner *pl, int c, long *out_total, long *out_cycle)
{
	long cycle;
	int end;

	pl->left[c]--;
	cycle = (c == pl->last) + min_adjacent(pl->left, pl->n_county, pl->n_left - 1, c);
	end = forced_end(pl->left, pl->n_county, pl->n_left - 1, c);
	pl->left[c]++;
	*out_cycle = cycle;
	*out_total = cycle + (pl->heavy >= 0 && end == pl->heavy);
}

/* The first owed member, in roster order, with the least total cost and,
 * among equal totals, the least cost within this cycle. */
static size_t planner_pick(struct planner *pl)
{
	size_t best = 0;
	long best_total = -1, best_cycle = -1;

	for (size_t p = 0; p < pl->n; p++) {
		long total, cycle;

		if (!pl->owed[p])
			continue;
		planner_cost(pl, pl->county_of[p], &total, &cycle);
		if (best_total < 0 || total < best_total ||
		    (total == best_total && cycle < best_cycle)) {
			best = p;
			best_total = total;
			best_cycle = cycle;
		}
	}
	return best;
}

int rotation_plan(const struct rotation_member *roster, size_t n_roster,
		  const struct rotation_member *history, size_t n_history,
		  struct rotation_member *out, size_t n_out)
{
	struct planner pl;

	if (!roster || n_roster == 0 || n_roster > ROTATION_MAX_ROSTER)
		return -1;
	if ((!history && n_history > 0) || (!out && n_out > 0))
		return -1;
	if (planner_init(&pl, roster, n_roster))
		return -1;
	planner_replay(&pl, roster, history, n_history);
	for (size_t k = 0; k < n_out; k++) {
		size_t p = planner_pick(&pl);

		out[k] = roster[p];
		planner_serve(&pl, p);
	}
	return 0;
}

/* ---- substitution --------------------------------------------------------- */

ptrdiff_t rotation_swap(struct rotation_member *terms, size_t n, size_t i,
			size_t first_mutable, struct rotation_member substitute)
{
	struct rotation_member planned;
	size_t j;

	if (!terms || i >= n || terms[i].person_id == substitute.person_id)
		return -2;
	planned = terms[i];
	terms[i] = substitute;
	for (j = first_mutable > i + 1 ? first_mutable : i + 1; j < n; j++) {
		if (terms[j].person_id == substitute.person_id) {
			terms[j] = planned;
			return (ptrdiff_t)j;
		}
	}
	return -1;
}
