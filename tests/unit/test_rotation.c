/* Unit tests for src/domain/rotation.c: the term calendar, the fair
 * alternating planner (checked against an exhaustive search on small
 * rosters) and swap booking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "domain/rotation.h"

#define CA 110101 /* county codes */
#define CB 130602
#define CC 500242
#define CD 610102

#define MAX_PLAN 1024

static struct rotation_member mem(int64_t person_id, int64_t county)
{
	struct rotation_member m = { person_id, county };

	return m;
}

/* Same-county neighbours in out[], counting the join with the county of the
 * last history term (prev_county 0 for none). */
static int adjacencies(int64_t prev_county, const struct rotation_member *out, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		if (out[i].county == prev_county)
			k++;
		prev_county = out[i].county;
	}
	return k;
}

static ptrdiff_t find_person(const struct rotation_member *r, size_t n, int64_t id)
{
	for (size_t p = 0; p < n; p++)
		if (r[p].person_id == id)
			return (ptrdiff_t)p;
	return -1;
}

/* The rule of rotation.h restated: replays history and marks in owed[] the
 * roster members not yet served in the current cycle; returns how many. */
static size_t owed_after(const struct rotation_member *roster, size_t n,
			 const struct rotation_member *hist, size_t n_hist, int *owed)
{
	size_t left = n;

	for (size_t p = 0; p < n; p++)
		owed[p] = 1;
	for (size_t h = 0; h < n_hist; h++) {
		ptrdiff_t p = find_person(roster, n, hist[h].person_id);

		if (p < 0)
			continue;
		if (!owed[p]) {
			for (size_t q = 0; q < n; q++)
				owed[q] = 1;
			left = n;
		}
		owed[p] = 0;
		if (--left == 0) {
			for (size_t q = 0; q < n; q++)
				owed[q] = 1;
			left = n;
		}
	}
	return left;
}

/* Rule 1: out[] is first the owed members (each once), then whole cycles
 * in which every member serves once; and at every prefix the counts of
 * roster members (served-in-current-cycle counted as one) differ by at most
 * one. */
static void assert_fair(const struct rotation_member *roster, size_t n,
			const struct rotation_member *hist, size_t n_hist,
			const struct rotation_member *out, size_t n_out)
{
	int owed[ROTATION_MAX_ROSTER];
	long count[ROTATION_MAX_ROSTER];
	size_t s = owed_after(roster, n, hist, n_hist, owed);

	for (size_t p = 0; p < n; p++)
		count[p] = owed[p] ? 0 : 1;
	if (s == n)
		for (size_t p = 0; p < n; p++)
			count[p] = 0;
	for (size_t i = 0; i < n_out; i++) {
		ptrdiff_t p = find_person(roster, n, out[i].person_id);
		long lo = count[0], hi = count[0];

		if (p < 0)
			fail_msg("term %zu: person %lld not on the roster", i, (long long)out[i].person_id);
		assert_int_equal(out[i].county, roster[p].county);
		if (i < s && s < n && !owed[p])
			fail_msg("term %zu: person %lld served twice in the cycle", i,
				 (long long)out[i].person_id);
		count[p]++;
		for (size_t q = 1; q < n; q++) {
			lo = count[q] < lo ? count[q] : lo;
			hi = count[q] > hi ? count[q] : hi;
		}
		if (hi - lo > 1)
			fail_msg("term %zu: counts range %ld..%ld", i, lo, hi);
	}
}

/* ---- exhaustive search ---------------------------------------------------- */

/* Fewest same-county neighbours over the owed part plus `cycles` whole
 * cycles, by memoised search over (cycle, counts left per county, previous
 * county). At most 3 counties of at most 6 members. */
struct brute {
	int nc, n, cycles;
	int full[3];
	int memo[5][7 * 7 * 7][4];
};

static int brute_go(struct brute *b, int c, int *left, int total, int prev)
{
	int key = left[0] + 7 * left[1] + 49 * left[2];
	int *slot = &b->memo[c][key][prev + 1];
	int best = 1 << 20;

	if (total == 0) {
		int fresh[3] = { b->full[0], b->full[1], b->full[2] };

		return c == b->cycles ? 0 : brute_go(b, c + 1, fresh, b->n, prev);
	}
	if (*slot >= 0)
		return *slot;
	for (int y = 0; y < b->nc; y++) {
		int v;

		if (left[y] == 0)
			continue;
		left[y]--;
		v = (y == prev) + brute_go(b, c, left, total - 1, y);
		left[y]++;
		best = v < best ? v : best;
	}
	*slot = best;
	return best;
}

/* ---- a small deterministic generator -------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(uint32_t below)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % below);
}

static const int64_t county_codes[4] = { CA, CB, CC, CD };

/* n members with distinct ids over n_county counties, in random order. */
static void random_roster(struct rotation_member *r, size_t n, int n_county)
{
	for (size_t p = 0; p < n; p++) {
		int64_t id;

		do
			id = 1000 + rng(100);
		while (find_person(r, p, id) >= 0);
		r[p] = mem(id, county_codes[rng((uint32_t)n_county)]);
	}
}

static int max_county_count(const struct rotation_member *r, size_t n)
{
	int best = 0;

	for (int y = 0; y < 4; y++) {
		int k = 0;

		for (size_t p = 0; p < n; p++)
			k += r[p].county == county_codes[y];
		best = k > best ? k : best;
	}
	return best;
}

/* ---- terms ------------------------------------------------------------ */

static void test_term_names(void **state)
{
	enum rotation_term t = ROTATION_WEEK;

	(void)state;
	assert_int_equal(rotation_term_parse("month", &t), 0);
	assert_int_equal(t, ROTATION_MONTH);
	assert_int_equal(rotation_term_parse("quarter", &t), 0);
	assert_int_equal(t, ROTATION_QUARTER);
	assert_int_equal(rotation_term_parse("week", &t), 0);
	assert_int_equal(t, ROTATION_WEEK);
	assert_int_equal(rotation_term_parse("Week", &t), -1);
	assert_int_equal(rotation_term_parse("weeks", &t), -1);
	assert_int_equal(rotation_term_parse("", &t), -1);
	assert_int_equal(rotation_term_parse(NULL, &t), -1);
	assert_int_equal(t, ROTATION_WEEK);
	assert_string_equal(rotation_term_name(ROTATION_WEEK), "week");
	assert_string_equal(rotation_term_name(ROTATION_MONTH), "month");
	assert_string_equal(rotation_term_name(ROTATION_QUARTER), "quarter");
	assert_string_equal(rotation_term_name((enum rotation_term)7), "invalid");
}

static void test_term_week(void **state)
{
	int32_t a = date_from_ymd(2024, 12, 30);

	(void)state;
	assert_int_equal(rotation_term_start(ROTATION_WEEK, a, 0), a);
	assert_int_equal(rotation_term_start(ROTATION_WEEK, a, 1), date_from_ymd(2025, 1, 6));
	assert_int_equal(rotation_term_end(ROTATION_WEEK, a, 0), date_from_ymd(2025, 1, 5));
	assert_int_equal(rotation_term_start(ROTATION_WEEK, a, -1), date_from_ymd(2024, 12, 23));
	assert_int_equal(rotation_term_index(ROTATION_WEEK, a, a - 1), -1);
	assert_int_equal(rotation_term_index(ROTATION_WEEK, a, a), 0);
	assert_int_equal(rotation_term_index(ROTATION_WEEK, a, a + 6), 0);
	assert_int_equal(rotation_term_index(ROTATION_WEEK, a, a + 7), 1);
	assert_int_equal(rotation_term_index(ROTATION_WEEK, a, a + 7 * 52 + 6), 52);
}

static void test_term_month(void **state)
{
	int32_t a = date_from_ymd(2024, 1, 31);

	(void)state;
	assert_int_equal(rotation_term_start(ROTATION_MONTH, a, 1), date_from_ymd(2024, 2, 29));
	assert_int_equal(rotation_term_start(ROTATION_MONTH, a, 2), date_from_ymd(2024, 3, 31));
	assert_int_equal(rotation_term_start(ROTATION_MONTH, a, 13), date_from_ymd(2025, 2, 28));
	assert_int_equal(rotation_term_end(ROTATION_MONTH, a, 0), date_from_ymd(2024, 2, 28));
	assert_int_equal(rotation_term_end(ROTATION_MONTH, a, 1), date_from_ymd(2024, 3, 30));
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 1, 30)), -1);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, a), 0);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 2, 28)), 0);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 2, 29)), 1);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 3, 30)), 1);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 3, 31)), 2);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 4, 29)), 2);
	assert_int_equal(rotation_term_index(ROTATION_MONTH, a, date_from_ymd(2024, 4, 30)), 3);
}

static void test_term_quarter(void **state)
{
	int32_t a = date_from_ymd(2024, 11, 30);

	(void)state;
	assert_int_equal(rotation_term_start(ROTATION_QUARTER, a, 1), date_from_ymd(2025, 2, 28));
	assert_int_equal(rotation_term_start(ROTATION_QUARTER, a, 2), date_from_ymd(2025, 5, 30));
	assert_int_equal(rotation_term_start(ROTATION_QUARTER, a, 5), date_from_ymd(2026, 2, 28));
	assert_int_equal(rotation_term_end(ROTATION_QUARTER, a, 0), date_from_ymd(2025, 2, 27));
	assert_int_equal(rotation_term_index(ROTATION_QUARTER, a, a - 1), -1);
	assert_int_equal(rotation_term_index(ROTATION_QUARTER, a, date_from_ymd(2025, 2, 27)), 0);
	assert_int_equal(rotation_term_index(ROTATION_QUARTER, a, date_from_ymd(2025, 2, 28)), 1);
	assert_int_equal(rotation_term_index(ROTATION_QUARTER, a, date_from_ymd(2025, 5, 29)), 1);
	assert_int_equal(rotation_term_index(ROTATION_QUARTER, a, date_from_ymd(2025, 5, 30)), 2);
}

/* Every day from the anchor on lies in exactly the term its index names,
 * and terms tile the calendar with no gap. */
static void test_term_tiling(void **state)
{
	static const int anchors[][3] = {
		{ 2024, 1, 1 }, { 2024, 1, 29 }, { 2024, 1, 30 }, { 2024, 1, 31 },
		{ 2023, 2, 28 }, { 2024, 2, 29 }, { 2025, 8, 31 }, { 1999, 12, 31 },
	};
	static const enum rotation_term kinds[] = { ROTATION_WEEK, ROTATION_MONTH, ROTATION_QUARTER };

	(void)state;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (size_t a = 0; a < sizeof(anchors) / sizeof(anchors[0]); a++) {
			int32_t anchor = date_from_ymd(anchors[a][0], anchors[a][1], anchors[a][2]);
			int64_t prev = 0;

			assert_int_equal(rotation_term_index(kinds[k], anchor, anchor - 1), -1);
			for (int32_t day = anchor; day < anchor + 3000; day++) {
				int64_t i = rotation_term_index(kinds[k], anchor, day);

				assert_true(i == prev || i == prev + 1);
				assert_in_range(day, rotation_term_start(kinds[k], anchor, i),
						rotation_term_end(kinds[k], anchor, i));
				assert_int_equal(rotation_term_end(kinds[k], anchor, i) + 1,
						 rotation_term_start(kinds[k], anchor, i + 1));
				prev = i;
			}
		}
	}
	/* Far outside the calendar: saturates, no overflow. */
	assert_int_equal(rotation_term_start(ROTATION_WEEK, 0, INT64_MAX), INT32_MAX);
	assert_int_equal(rotation_term_start(ROTATION_QUARTER, 0, INT64_MIN), INT32_MIN);
	assert_int_equal(rotation_term_end(ROTATION_MONTH, 0, INT64_MAX), INT32_MAX - 1);
}

/* ---- planning ----------------------------------------------------------- */

static void assert_ids(const struct rotation_member *out, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (out[i].person_id != ids[i])
			fail_msg("term %zu: got %lld, want %lld", i, (long long)out[i].person_id,
				 (long long)ids[i]);
}

static void test_plan_invalid(void **state)
{
	struct rotation_member r[3] = { mem(1, CA), mem(2, CB), mem(1, CC) };
	struct rotation_member big[ROTATION_MAX_ROSTER + 1];
	struct rotation_member out[4] = { mem(9, 9), mem(9, 9), mem(9, 9), mem(9, 9) };

	(void)state;
	assert_int_equal(rotation_plan(r, 0, NULL, 0, out, 4), -1);
	assert_int_equal(rotation_plan(NULL, 2, NULL, 0, out, 4), -1);
	assert_int_equal(rotation_plan(r, 3, NULL, 0, out, 4), -1); /* person 1 twice */
	assert_int_equal(rotation_plan(r, 2, NULL, 1, out, 4), -1);
	assert_int_equal(rotation_plan(r, 2, NULL, 0, NULL, 4), -1);
	assert_int_equal(out[0].person_id, 9);
	for (size_t p = 0; p < ROTATION_MAX_ROSTER + 1; p++)
		big[p] = mem((int64_t)p + 1, p % 2 ? CA : CB);
	assert_int_equal(rotation_plan(big, ROTATION_MAX_ROSTER + 1, NULL, 0, out, 4), -1);
	assert_int_equal(rotation_plan(big, ROTATION_MAX_ROSTER, NULL, 0, out, 4), 0);
	assert_int_equal(rotation_plan(r, 2, NULL, 0, NULL, 0), 0);
	assert_int_equal(rotation_plan(r, 1, NULL, 0, out, 4), 0);
	assert_int_equal(out[3].person_id, 1);
}

/* Two per county, listed A,A,B,B: it must interleave, every cycle. */
static void test_plan_two_two(void **state)
{
	const struct rotation_member r[4] = { mem(1, CA), mem(2, CA), mem(3, CB), mem(4, CB) };
	static const int64_t want[8] = { 1, 3, 2, 4, 1, 3, 2, 4 };
	struct rotation_member out[400];

	(void)state;
	assert_int_equal(rotation_plan(r, 4, NULL, 0, out, 400), 0);
	assert_ids(out, want, 8);
	assert_int_equal(adjacencies(0, out, 400), 0);
	assert_fair(r, 4, NULL, 0, out, 400);
}

static void test_plan_one_each(void **state)
{
	const struct rotation_member r[3] = { mem(7, CC), mem(5, CA), mem(6, CB) };
	static const int64_t want[6] = { 7, 5, 6, 7, 5, 6 };
	struct rotation_member out[300];

	(void)state;
	assert_int_equal(rotation_plan(r, 3, NULL, 0, out, 300), 0);
	assert_ids(out, want, 6);
	assert_int_equal(adjacencies(0, out, 300), 0);
	assert_fair(r, 3, NULL, 0, out, 300);
}

static void test_plan_three_counties(void **state)
{
	const struct rotation_member r[6] = { mem(1, CA), mem(2, CA), mem(3, CB),
					      mem(4, CB), mem(5, CC), mem(6, CC) };
	static const int64_t want[6] = { 1, 3, 2, 5, 4, 6 };
	struct rotation_member out[600];

	(void)state;
	assert_int_equal(rotation_plan(r, 6, NULL, 0, out, 600), 0);
	assert_ids(out, want, 6);
	assert_int_equal(adjacencies(0, out, 600), 0);
	assert_fair(r, 6, NULL, 0, out, 600);
}

/* A,B,C,A: listed order would end a cycle on A and start the next on A. */
static void test_plan_cycle_boundary(void **state)
{
	const struct rotation_member r[4] = { mem(1, CA), mem(2, CB), mem(3, CC), mem(4, CA) };
	const struct rotation_member r5[5] = { mem(1, CA), mem(2, CB), mem(3, CA), mem(4, CB),
					       mem(5, CC) };
	struct rotation_member out[400];

	(void)state;
	assert_int_equal(rotation_plan(r, 4, NULL, 0, out, 400), 0);
	assert_int_equal(adjacencies(0, out, 400), 0);
	assert_fair(r, 4, NULL, 0, out, 400);
	/* Odd roster: C is used to turn the parity round each cycle. */
	assert_int_equal(rotation_plan(r5, 5, NULL, 0, out, 400), 0);
	assert_int_equal(adjacencies(0, out, 400), 0);
	assert_fair(r5, 5, NULL, 0, out, 400);
}

static void test_plan_history_county(void **state)
{
	const struct rotation_member r[4] = { mem(1, CA), mem(2, CB), mem(3, CA), mem(4, CB) };
	const struct rotation_member h_a[1] = { mem(99, CA) }; /* someone no longer on the roster */
	const struct rotation_member h_b[2] = { mem(1, CA), mem(2, CB) };
	static const int64_t want_a[4] = { 2, 1, 4, 3 };
	static const int64_t want_b[6] = { 3, 4, 1, 2, 3, 4 };
	struct rotation_member out[40];

	(void)state;
	assert_int_equal(rotation_plan(r, 4, h_a, 1, out, 40), 0);
	assert_ids(out, want_a, 4);
	assert_int_equal(adjacencies(CA, out, 40), 0);
	assert_fair(r, 4, h_a, 1, out, 40);
	assert_int_equal(rotation_plan(r, 4, h_b, 2, out, 40), 0);
	assert_ids(out, want_b, 6);
	assert_int_equal(adjacencies(CB, out, 40), 0);
	assert_fair(r, 4, h_b, 2, out, 40);
}

static void test_plan_preference_kept(void **state)
{
	const struct rotation_member r[6] = { mem(40, CB), mem(10, CA), mem(50, CB),
					      mem(20, CA), mem(60, CB), mem(30, CA) };
	const struct rotation_member same[3] = { mem(3, CA), mem(1, CA), mem(2, CA) };
	static const int64_t want[12] = { 40, 10, 50, 20, 60, 30, 40, 10, 50, 20, 60, 30 };
	static const int64_t want_same[6] = { 3, 1, 2, 3, 1, 2 };
	struct rotation_member out[12];

	(void)state;
	assert_int_equal(rotation_plan(r, 6, NULL, 0, out, 12), 0);
	assert_ids(out, want, 12);
	/* One county: nothing to alternate, the listed order stands. */
	assert_int_equal(rotation_plan(same, 3, NULL, 0, out, 6), 0);
	assert_ids(out, want_same, 6);
}

/* 3 from A, 1 from B: A-A pairs cannot be avoided; each cycle has the
 * fewest possible (one within the first, two per cycle after that, as
 * the B can separate only one pair of A's per cycle), and it stays fair. */
static void test_plan_infeasible(void **state)
{
	const struct rotation_member r[4] = { mem(1, CA), mem(2, CA), mem(3, CA), mem(4, CB) };
	const struct rotation_member h[1] = { mem(98, CB) }; /* not on the roster */
	static const int64_t want[4] = { 1, 2, 4, 3 };
	struct rotation_member out[40];

	(void)state;
	assert_int_equal(rotation_plan(r, 4, NULL, 0, out, 4), 0);
	assert_ids(out, want, 4);
	assert_int_equal(adjacencies(0, out, 4), 1);
	assert_int_equal(rotation_plan(r, 4, NULL, 0, out, 40), 0);
	assert_int_equal(adjacencies(0, out, 40), 2 * 10 - 1);
	assert_fair(r, 4, NULL, 0, out, 40);
	/* After history ending on B the first cycle can have a single pair. */
	assert_int_equal(rotation_plan(r, 4, h, 1, out, 4), 0);
	assert_int_equal(adjacencies(CB, out, 4), 1);
}

/* The plan from history = the first k terms of a plan is that plan's tail. */
static void test_plan_stable(void **state)
{
	const struct rotation_member r[5] = { mem(1, CA), mem(2, CA), mem(3, CA), mem(4, CB),
					      mem(5, CC) };
	const struct rotation_member h0[2] = { mem(77, CC), mem(2, CA) };
	struct rotation_member hist[64], full[62], tail[62];

	(void)state;
	memcpy(hist, h0, sizeof(h0));
	assert_int_equal(rotation_plan(r, 5, hist, 2, full, 62), 0);
	memcpy(hist + 2, full, sizeof(full));
	for (size_t k = 0; k <= 62; k++) {
		assert_int_equal(rotation_plan(r, 5, hist, 2 + k, tail, 62 - k), 0);
		assert_memory_equal(tail, full + k, (62 - k) * sizeof(tail[0]));
	}
}

/* A member joins mid-cycle: those not yet served in the current cycle,
 * the newcomer among them, go first; who served goes after. */
static void test_plan_member_added(void **state)
{
	const struct rotation_member r4[4] = { mem(1, CA), mem(2, CB), mem(3, CA), mem(4, CB) };
	const struct rotation_member r5[5] = { mem(1, CA), mem(2, CB), mem(3, CA), mem(4, CB),
					       mem(5, CC) };
	const struct rotation_member r3[3] = { mem(1, CA), mem(2, CB), mem(3, CC) };
	const struct rotation_member r3d[4] = { mem(1, CA), mem(2, CB), mem(3, CC), mem(4, CD) };
	static const int64_t want[8] = { 3, 4, 5, 1, 2, 3, 4, 5 };
	struct rotation_member hist[16], out[50];
	int seen[8] = { 0 };

	(void)state;
	/* Plan 6 terms of A,B,A,B (a cycle and a half), then add C. */
	assert_int_equal(rotation_plan(r4, 4, NULL, 0, hist, 6), 0);
	assert_int_equal(rotation_plan(r5, 5, hist, 6, out, 50), 0);
	assert_ids(out, want, 8);
	assert_int_equal(adjacencies(hist[5].county, out, 50), 0);
	assert_fair(r5, 5, hist, 6, out, 50);

	/* Two whole cycles and one term of 1,2,3, then 4 joins: 2, 3 and 4
	 * are owed a turn before 1 comes round again. */
	assert_int_equal(rotation_plan(r3, 3, NULL, 0, hist, 7), 0);
	assert_int_equal(hist[6].person_id, 1);
	assert_int_equal(rotation_plan(r3d, 4, hist, 7, out, 40), 0);
	for (size_t i = 0; i < 3; i++)
		seen[out[i].person_id]++;
	assert_int_equal(seen[1], 0);
	assert_int_equal(seen[2] + seen[3] + seen[4], 3);
	assert_int_equal(adjacencies(hist[6].county, out, 40), 0);
	assert_fair(r3d, 4, hist, 7, out, 40);
}

/* A member leaves mid-cycle: the cycle goes on with those still owed. */
static void test_plan_member_removed(void **state)
{
	const struct rotation_member r4[4] = { mem(1, CA), mem(2, CB), mem(3, CA), mem(4, CB) };
	const struct rotation_member r3[3] = { mem(1, CA), mem(2, CB), mem(4, CB) };
	const struct rotation_member h[3] = { mem(1, CA), mem(2, CB), mem(3, CA) };
	struct rotation_member out[30];

	(void)state;
	assert_int_equal(rotation_plan(r4, 4, h, 3, out, 1), 0);
	assert_int_equal(out[0].person_id, 4);
	assert_int_equal(rotation_plan(r3, 3, h, 3, out, 30), 0);
	assert_int_equal(out[0].person_id, 4);
	assert_fair(r3, 3, h, 3, out, 30);
}

/* Exhaustive check on small rosters and random histories: the plan is fair
 * and has exactly the fewest same-county neighbours possible, for the owed
 * part alone and with one, two or three whole cycles after it. */
static void test_plan_optimal_small(void **state)
{
	static struct brute b;

	(void)state;
	rng_state = 20260101;
	for (int round = 0; round < 3000; round++) {
		struct rotation_member r[6], hist[12], out[6 + 3 * 6];
		size_t n = 1 + rng(6), n_hist = rng(12), n_out;
		int nc = 1 + (int)rng(3), owed[6], left[3] = { 0, 0, 0 }, prev = -1, cycles;
		size_t s;

		random_roster(r, n, nc);
		for (size_t h = 0; h < n_hist; h++)
			hist[h] = rng(8) ? r[rng((uint32_t)n)] : mem(5000 + h, county_codes[rng(4)]);
		s = owed_after(r, n, hist, n_hist, owed);
		memset(&b, 0, sizeof(b));
		b.nc = 3;
		b.n = (int)n;
		for (size_t p = 0; p < n; p++) {
			int y = 0;

			while (county_codes[y] != r[p].county)
				y++;
			b.full[y]++;
			if (owed[p])
				left[y]++;
		}
		if (n_hist > 0)
			for (int y = 0; y < 3; y++)
				if (county_codes[y] == hist[n_hist - 1].county)
					prev = y;
		cycles = (int)rng(4);
		b.cycles = cycles;
		memset(b.memo, 0xff, sizeof(b.memo));
		n_out = s + (size_t)cycles * n;
		assert_int_equal(rotation_plan(r, n, hist, n_hist, out, n_out), 0);
		assert_fair(r, n, hist, n_hist, out, n_out);
		{
			int got = adjacencies(n_hist ? hist[n_hist - 1].county : 0, out, n_out);
			int best = brute_go(&b, 0, left, (int)s, prev);

			if (got != best)
				fail_msg("round %d: n=%zu owed=%zu cycles=%d: %d neighbours, best %d",
					 round, n, s, cycles, got, best);
		}
	}
}

/* Random rosters up to 12 members over up to 4 counties: always fair; no
 * same-county neighbours at all whenever no county has over half; and the
 * plan is stable when replanned from any prefix. */
static void test_plan_random(void **state)
{
	struct rotation_member r[12], out[MAX_PLAN], tail[MAX_PLAN];

	(void)state;
	rng_state = 42;
	for (int round = 0; round < 3000; round++) {
		size_t n = 1 + rng(12);
		size_t n_out = n * (1 + rng(8)) + rng((uint32_t)n);
		size_t k = rng((uint32_t)n_out + 1);

		random_roster(r, n, 1 + (int)rng(4));
		assert_int_equal(rotation_plan(r, n, NULL, 0, out, n_out), 0);
		assert_fair(r, n, NULL, 0, out, n_out);
		if (2 * max_county_count(r, n) <= (int)n && adjacencies(0, out, n_out) != 0)
			fail_msg("round %d: %d neighbours with n=%zu, max county %d", round,
				 adjacencies(0, out, n_out), n, max_county_count(r, n));
		assert_int_equal(rotation_plan(r, n, out, k, tail, n_out - k), 0);
		assert_memory_equal(tail, out + k, (n_out - k) * sizeof(tail[0]));
	}
}

/* ---- swaps -------------------------------------------------------------- */

static void test_swap_exchange(void **state)
{
	struct rotation_member t[6] = { mem(1, CA), mem(2, CB), mem(3, CC),
					mem(1, CA), mem(2, CB), mem(3, CC) };
	struct rotation_member u[6];

	(void)state;
	memcpy(u, t, sizeof(t));
	assert_int_equal(rotation_swap(t, 6, 1, 0, mem(3, CC)), 2);
	assert_int_equal(t[1].person_id, 3);
	assert_int_equal(t[1].county, CC);
	assert_int_equal(t[2].person_id, 2);
	assert_int_equal(t[2].county, CB);
	assert_memory_equal(t + 3, u + 3, 3 * sizeof(t[0]));

	/* Terms before first_mutable are fixed: the exchange goes later. */
	memcpy(t, u, sizeof(t));
	assert_int_equal(rotation_swap(t, 6, 1, 3, mem(3, CC)), 5);
	assert_int_equal(t[1].person_id, 3);
	assert_int_equal(t[2].person_id, 3);
	assert_int_equal(t[5].person_id, 2);
	assert_int_equal(t[5].county, CB);

	/* The running term (before first_mutable) may still be swapped. */
	memcpy(t, u, sizeof(t));
	assert_int_equal(rotation_swap(t, 6, 0, 1, mem(2, CB)), 1);
	assert_int_equal(t[0].person_id, 2);
	assert_int_equal(t[1].person_id, 1);
}

static void test_swap_no_later_term(void **state)
{
	struct rotation_member t[4] = { mem(1, CA), mem(2, CB), mem(3, CC), mem(1, CA) };
	struct rotation_member u[4];

	(void)state;
	memcpy(u, t, sizeof(t));
	assert_int_equal(rotation_swap(t, 4, 3, 0, mem(2, CB)), -1);
	assert_int_equal(t[3].person_id, 2);
	assert_memory_equal(t, u, 3 * sizeof(t[0]));
	/* Someone from outside the roster. */
	memcpy(t, u, sizeof(t));
	assert_int_equal(rotation_swap(t, 4, 1, 0, mem(9, CD)), -1);
	assert_int_equal(t[1].person_id, 9);
	assert_int_equal(t[1].county, CD);
	assert_memory_equal(t + 2, u + 2, 2 * sizeof(t[0]));
}

static void test_swap_invalid(void **state)
{
	struct rotation_member t[3] = { mem(1, CA), mem(2, CB), mem(3, CC) };
	struct rotation_member u[3];

	(void)state;
	memcpy(u, t, sizeof(t));
	assert_int_equal(rotation_swap(t, 3, 1, 0, mem(2, CB)), -2);
	assert_int_equal(rotation_swap(t, 3, 3, 0, mem(1, CA)), -2);
	assert_int_equal(rotation_swap(NULL, 3, 0, 0, mem(1, CA)), -2);
	assert_memory_equal(t, u, sizeof(t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_names),
		cmocka_unit_test(test_term_week),
		cmocka_unit_test(test_term_month),
		cmocka_unit_test(test_term_quarter),
		cmocka_unit_test(test_term_tiling),
		cmocka_unit_test(test_plan_invalid),
		cmocka_unit_test(test_plan_two_two),
		cmocka_unit_test(test_plan_one_each),
		cmocka_unit_test(test_plan_three_counties),
		cmocka_unit_test(test_plan_cycle_boundary),
		cmocka_unit_test(test_plan_history_county),
		cmocka_unit_test(test_plan_preference_kept),
		cmocka_unit_test(test_plan_infeasible),
		cmocka_unit_test(test_plan_stable),
		cmocka_unit_test(test_plan_member_added),
		cmocka_unit_test(test_plan_member_removed),
		cmocka_unit_test(test_plan_optimal_small),
		cmocka_unit_test(test_plan_random),
		cmocka_unit_test(test_swap_exchange),
		cmocka_unit_test(test_swap_no_later_term),
		cmocka_unit_test(test_swap_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
