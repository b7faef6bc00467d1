/* Unit tests for src/domain/headcount.c: persons and person-times of one
 * activity and of a set, per county, against hand-counted cases (overlap,
 * headcount plus named, sittings or none, one person at several sittings,
 * empty) and against a brute-force count on random sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/headcount.h"

#define LUCHUAN "450922"
#define LIANJIANG "440881"
#define HUAZHOU "440982"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* People 1-4 from 陆川, 5-7 from 廉江, 8-9 from 化州. */
static const struct headcount_person people[] = {
	{ 1, LUCHUAN }, { 2, LUCHUAN }, { 3, LUCHUAN }, { 4, LUCHUAN },
	{ 5, LIANJIANG }, { 6, LIANJIANG }, { 7, LIANJIANG },
	{ 8, HUAZHOU }, { 9, HUAZHOU },
	{ 1, HUAZHOU }, /* a second entry for 1: the first wins */
};

static const struct headcount_county *group(const struct headcount_result *r, const char *code)
{
	for (size_t i = 0; i < r->n_by_county; i++)
		if (strcmp(r->by_county[i].code, code) == 0)
			return &r->by_county[i];
	fail_msg("no group %s", code);
	return NULL;
}

static void expect_group(const struct headcount_result *r, const char *code, int64_t persons,
			 int64_t person_times)
{
	const struct headcount_county *g = group(r, code);

	assert_int_equal(g->persons, persons);
	assert_int_equal(g->person_times, person_times);
}

/* Groups add up to the totals and come in ascending code order. */
static void expect_consistent(const struct headcount_result *r)
{
	int64_t p = 0, t = 0;

	for (size_t i = 0; i < r->n_by_county; i++) {
		p += r->by_county[i].persons;
		t += r->by_county[i].person_times;
		if (i > 0)
			assert_true(strcmp(r->by_county[i - 1].code, r->by_county[i].code) < 0);
	}
	assert_int_equal(p, r->persons);
	assert_int_equal(t, r->person_times);
	assert_int_equal(r->persons, r->named_persons + r->counted_persons);
}

static void test_empty(void **state)
{
	struct headcount_activity a = { 0 };
	struct headcount_result r;

	(void)state;
	memset(&r, 0x5a, sizeof(r));
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.persons, 0);
	assert_int_equal(r.person_times, 0);
	assert_int_equal(r.named_persons, 0);
	assert_int_equal(r.counted_persons, 0);
	assert_int_equal(r.n_by_county, 0);
	headcount_result_release(&r);
	/* An empty set, and a sitting nobody attended. */
	headcount_set(NULL, 0, NULL, 0, &r);
	assert_int_equal(r.persons, 0);
	headcount_result_release(&r);
	struct headcount_sitting s = { NULL, 0 };
	a.sittings = &s;
	a.n_sittings = 1;
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.persons, 0);
	assert_int_equal(r.person_times, 0);
	headcount_result_release(&r);
	headcount_result_release(&r); /* harmless twice */
}

static void test_named_no_sittings(void **state)
{
	static const int64_t ids[] = { 1, 5, 8, 5, 1 }; /* duplicates count once */
	struct headcount_activity a = { .person_ids = ids, .n_person_ids = N_ELEMS(ids) };
	struct headcount_result r;

	(void)state;
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.persons, 3);
	assert_int_equal(r.person_times, 3); /* no sittings: persons */
	assert_int_equal(r.n_by_county, 3);
	expect_group(&r, LUCHUAN, 1, 1); /* person 1: the first table entry */
	expect_group(&r, LIANJIANG, 1, 1);
	expect_group(&r, HUAZHOU, 1, 1);
	assert_string_equal(r.by_county[0].code, LIANJIANG); /* ascending */
	expect_consistent(&r);
	headcount_result_release(&r);
}

/* A red study tour: 3 named organisers plus 150 + 60 counted visitors. */
static void test_headcount_plus_named(void **state)
{
	static const int64_t ids[] = { 2, 6, 9 };
	static const struct headcount_row hc[] = {
		{ LUCHUAN, 150 }, { HUAZHOU, 60 }, { LUCHUAN, 10 },
	};
	struct headcount_activity a = { .person_ids = ids, .n_person_ids = 3,
					.headcount = hc, .n_headcount = 3 };
	struct headcount_result r;

	(void)state;
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.named_persons, 3);
	assert_int_equal(r.counted_persons, 220);
	assert_int_equal(r.persons, 223);
	assert_int_equal(r.person_times, 223);
	expect_group(&r, LUCHUAN, 161, 161);
	expect_group(&r, LIANJIANG, 1, 1);
	expect_group(&r, HUAZHOU, 61, 61);
	expect_consistent(&r);
	headcount_result_release(&r);
}

/* A training class with three sittings: person-times are attendances. */
static void test_sittings(void **state)
{
	static const int64_t ids[] = { 1, 2, 5, 8 };
	static const int64_t s1[] = { 1, 2, 5, 8 };
	static const int64_t s2[] = { 1, 5, 1 };   /* 1 listed twice: once */
	static const int64_t s3[] = { 1, 9 };      /* 9 not a listed participant */
	static const struct headcount_sitting ss[] = { { s1, 4 }, { s2, 3 }, { s3, 2 } };
	static const struct headcount_row hc[] = { { LIANJIANG, 20 } };
	struct headcount_activity a = { .person_ids = ids, .n_person_ids = 4,
					.sittings = ss, .n_sittings = 3 };
	struct headcount_result r;

	(void)state;
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.named_persons, 5);   /* 1 2 5 8 and attendee 9 */
	assert_int_equal(r.persons, 5);
	assert_int_equal(r.person_times, 4 + 2 + 2);
	/* 陆川 1 x3 + 2 x1, 廉江 5 x2, 化州 8 x1 + 9 x1 */
	expect_group(&r, LUCHUAN, 2, 4);
	expect_group(&r, LIANJIANG, 1, 2);
	expect_group(&r, HUAZHOU, 2, 2);
	expect_consistent(&r);
	headcount_result_release(&r);

	/* Counted people add to persons, not to the sittings' person-times. */
	a.headcount = hc;
	a.n_headcount = 1;
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.persons, 25);
	assert_int_equal(r.counted_persons, 20);
	assert_int_equal(r.person_times, 8);
	expect_group(&r, LUCHUAN, 2, 4);
	expect_group(&r, LIANJIANG, 21, 2);
	expect_group(&r, HUAZHOU, 2, 2);
	expect_consistent(&r);
	headcount_result_release(&r);
}

/* One person at every sitting of a long class. */
static void test_one_person_many_sittings(void **state)
{
	static const int64_t me[] = { 7 };
	struct headcount_sitting ss[12];
	struct headcount_activity a = { .person_ids = me, .n_person_ids = 1,
					.sittings = ss, .n_sittings = 12 };
	struct headcount_result r;

	(void)state;
	for (int i = 0; i < 12; i++) {
		ss[i].person_ids = me;
		ss[i].n_person_ids = 1;
	}
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.persons, 1);
	assert_int_equal(r.person_times, 12);
	assert_int_equal(r.n_by_county, 1);
	expect_group(&r, LIANJIANG, 1, 12);
	headcount_result_release(&r);
}

/* Three study tours: named people shared between them count once; counted
 * visitors and person-times add up. */
static void test_set_overlap(void **state)
{
	static const int64_t t1[] = { 1, 2, 5 }, t2[] = { 2, 5, 8 }, t3[] = { 5 };
	static const struct headcount_row h1[] = { { LUCHUAN, 60 } };
	static const struct headcount_row h2[] = { { LUCHUAN, 40 }, { HUAZHOU, 30 } };
	static const struct headcount_row h3[] = { { LIANJIANG, 70 } };
	static const int64_t s3a[] = { 5 }, s3b[] = { 5, 6 };
	static const struct headcount_sitting ss3[] = { { s3a, 1 }, { s3b, 2 } };
	const struct headcount_activity acts[] = {
		{ .person_ids = t1, .n_person_ids = 3, .headcount = h1, .n_headcount = 1 },
		{ .person_ids = t2, .n_person_ids = 3, .headcount = h2, .n_headcount = 2 },
		{ .person_ids = t3, .n_person_ids = 1, .headcount = h3, .n_headcount = 1,
		  .sittings = ss3, .n_sittings = 2 },
	};
	struct headcount_result r;

	(void)state;
	headcount_set(acts, 3, people, N_ELEMS(people), &r);
	/* named: 1 2 5 8 6 -> 5; counted 60 + 70 + 70 = 200 */
	assert_int_equal(r.named_persons, 5);
	assert_int_equal(r.counted_persons, 200);
	assert_int_equal(r.persons, 205);
	/* person-times: 63 + 73 + (1 + 2) */
	assert_int_equal(r.person_times, 139);
	/* 陆川: named 1, 2; counted 100; times 1+1+60 (t1) + 1+40 (t2) */
	expect_group(&r, LUCHUAN, 102, 103);
	/* 廉江: named 5, 6; counted 70; times 1 (t1) + 1 (t2) + 3 sittings */
	expect_group(&r, LIANJIANG, 72, 5);
	/* 化州: named 8; counted 30; times 1 + 30 (t2) */
	expect_group(&r, HUAZHOU, 31, 31);
	expect_consistent(&r);

	/* The sum of the activities' own persons is more than the set's. */
	int64_t sum = 0;
	for (int i = 0; i < 3; i++) {
		struct headcount_result one;
		headcount_activity(&acts[i], people, N_ELEMS(people), &one);
		sum += one.persons;
		headcount_result_release(&one);
	}
	assert_int_equal(sum, 63 + 73 + 72);
	assert_true(sum > r.persons);
	headcount_result_release(&r);
}

static void test_unknown_county(void **state)
{
	static const int64_t ids[] = { 1, 404 };
	struct headcount_activity a = { .person_ids = ids, .n_person_ids = 2 };
	struct headcount_result r;

	(void)state;
	headcount_activity(&a, people, N_ELEMS(people), &r);
	assert_int_equal(r.persons, 2);
	expect_group(&r, "", 1, 1);
	expect_group(&r, LUCHUAN, 1, 1);
	assert_string_equal(r.by_county[0].code, ""); /* sorts first */
	headcount_result_release(&r);
	/* No person table at all: everyone is in "". */
	headcount_activity(&a, NULL, 0, &r);
	assert_int_equal(r.n_by_county, 1);
	expect_group(&r, "", 2, 2);
	headcount_result_release(&r);
}

/* ---- against a brute-force count ---------------------------------------- */

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

#define MAXP 40
static const char *const codes[] = { LUCHUAN, LIANJIANG, HUAZHOU };

static int county_idx(int64_t id)
{
	return (int)(id % 3);
}

static void test_random_against_brute_force(void **state)
{
	struct headcount_person table[MAXP];

	(void)state;
	for (int i = 0; i < MAXP; i++) {
		table[i].person_id = i;
		snprintf(table[i].county_code, sizeof(table[i].county_code), "%s",
			 codes[county_idx(i)]);
	}
	for (int round = 0; round < 300; round++) {
		enum { MAXA = 6, MAXS = 4, MAXL = 12 };
		static int64_t lists[MAXA][MAXS + 1][MAXL];
		static struct headcount_sitting ss[MAXA][MAXS];
		static struct headcount_row hc[MAXA][3];
		struct headcount_activity acts[MAXA];
		int n_acts = (int)rnd(MAXA + 1);
		int seen[MAXP] = { 0 };
		int64_t want_p[3] = { 0 }, want_t[3] = { 0 }, want_total_t = 0, counted = 0;

		for (int a = 0; a < n_acts; a++) {
			int in_act[MAXP] = { 0 };
			int64_t act_counted[3] = { 0 };
			memset(&acts[a], 0, sizeof(acts[a]));
			int np = (int)rnd(MAXL);
			for (int i = 0; i < np; i++) {
				lists[a][0][i] = rnd(MAXP);
				in_act[lists[a][0][i]] = 1;
			}
			acts[a].person_ids = lists[a][0];
			acts[a].n_person_ids = (size_t)np;
			int nh = (int)rnd(3);
			for (int h = 0; h < nh; h++) {
				int c = (int)rnd(3);
				snprintf(hc[a][h].county_code, HEADCOUNT_CODE_SIZE, "%s", codes[c]);
				hc[a][h].persons = rnd(50);
				act_counted[c] += hc[a][h].persons;
				want_p[c] += hc[a][h].persons;
				counted += hc[a][h].persons;
			}
			acts[a].headcount = hc[a];
			acts[a].n_headcount = (size_t)nh;
			int ns = (int)rnd(MAXS + 1);
			for (int s = 0; s < ns; s++) {
				int in_sitting[MAXP] = { 0 };
				int k = (int)rnd(MAXL);
				for (int i = 0; i < k; i++) {
					int64_t id = rnd(MAXP);
					lists[a][s + 1][i] = id;
					in_act[id] = 1;
					if (!in_sitting[id]) {
						in_sitting[id] = 1;
						want_t[county_idx(id)]++;
						want_total_t++;
					}
				}
				ss[a][s].person_ids = lists[a][s + 1];
				ss[a][s].n_person_ids = (size_t)k;
			}
			acts[a].sittings = ss[a];
			acts[a].n_sittings = (size_t)ns;
			for (int id = 0; id < MAXP; id++)
				if (in_act[id]) {
					seen[id] = 1;
					if (ns == 0) {
						want_t[county_idx(id)]++;
						want_total_t++;
					}
				}
			if (ns == 0)
				for (int c = 0; c < 3; c++) {
					want_t[c] += act_counted[c];
					want_total_t += act_counted[c];
				}
		}
		int64_t named = 0;
		for (int id = 0; id < MAXP; id++)
			if (seen[id]) {
				named++;
				want_p[county_idx(id)]++;
			}

		struct headcount_result r;
		headcount_set(acts, (size_t)n_acts, table, MAXP, &r);
		assert_int_equal(r.named_persons, named);
		assert_int_equal(r.counted_persons, counted);
		assert_int_equal(r.person_times, want_total_t);
		for (int c = 0; c < 3; c++) {
			int64_t gp = 0, gt = 0;
			for (size_t i = 0; i < r.n_by_county; i++)
				if (strcmp(r.by_county[i].code, codes[c]) == 0) {
					gp = r.by_county[i].persons;
					gt = r.by_county[i].person_times;
				}
			assert_int_equal(gp, want_p[c]);
			assert_int_equal(gt, want_t[c]);
		}
		expect_consistent(&r);
		headcount_result_release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_named_no_sittings),
		cmocka_unit_test(test_headcount_plus_named),
		cmocka_unit_test(test_sittings),
		cmocka_unit_test(test_one_person_many_sittings),
		cmocka_unit_test(test_set_overlap),
		cmocka_unit_test(test_unknown_county),
		cmocka_unit_test(test_random_against_brute_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
