/* Unit tests for the pure rules of src/domain/economy.c: stage moves
 * (forward, backwards with a reason, same stage, dates), the capped and
 * overflow-checked funds total, funds per source, month parsing, and the
 * financing totals (granted only, an enterprise counted once in all, per
 * county and per lender) against hand-counted cases and a brute force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "domain/economy.h"

static void test_stage_moves(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(economy_stage_index("planned"), 0);
	assert_int_equal(economy_stage_index("completed"), 4);
	assert_int_equal(economy_stage_index("done"), -1);
	assert_int_equal(economy_stage_index(NULL), -1);
	assert_int_equal(economy_check_stage_move("planned", 10, "signed", 10, NULL, &e), ERR_OK);
	assert_int_equal(economy_check_stage_move("planned", 10, "completed", 11, "", &e), ERR_OK);
	assert_int_equal(economy_check_stage_move("building", 10, "building", 11, "x", &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "to");
	assert_int_equal(economy_check_stage_move("completed", 10, "building", 11, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "note");
	assert_int_equal(economy_check_stage_move("completed", 10, "building", 11, " \t\n", &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "note");
	assert_int_equal(economy_check_stage_move("completed", 10, "building", 11, "返工", &e),
			 ERR_OK);
	assert_int_equal(economy_check_stage_move("planned", 10, "signed", 9, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "on");
	assert_int_equal(economy_check_stage_move("planned", 10, "started", 11, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "to");
}

static void test_funds_add(void **state)
{
	(void)state;
	struct err e;
	int64_t out = 7;
	assert_int_equal(economy_funds_add(0, 500000000, &out, &e), ERR_OK);
	assert_int_equal(out, 500000000);
	assert_int_equal(economy_funds_add(0, 0, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "amount_fen");
	assert_int_equal(economy_funds_add(0, -1, &out, &e), ERR_INVALID);
	assert_int_equal(economy_funds_add(0, ECONOMY_AMOUNT_MAX_FEN + 1, &out, &e), ERR_INVALID);
	assert_int_equal(economy_funds_add(ECONOMY_FUNDS_TOTAL_MAX_FEN - 1, 1, &out, &e), ERR_OK);
	assert_int_equal(out, ECONOMY_FUNDS_TOTAL_MAX_FEN);
	out = 7;
	assert_int_equal(economy_funds_add(ECONOMY_FUNDS_TOTAL_MAX_FEN, 1, &out, &e), ERR_INVALID);
	assert_int_equal(out, 7);
	/* a total already near the int64 limit (bad data) never wraps */
	assert_int_equal(economy_funds_add(INT64_MAX - 5, 10, &out, &e), ERR_INVALID);
	assert_int_equal(out, 7);
}

static void test_funds_by_source(void **state)
{
	(void)state;
	struct project_fund f[5];
	memset(f, 0, sizeof(f));
	const char *src[] = { "government", "bank", "government", "donation", "lottery" };
	const int64_t amt[] = { 300, 150, 50, 1, 999 };
	for (int i = 0; i < 5; i++) {
		snprintf(f[i].source, sizeof(f[i].source), "%s", src[i]);
		f[i].amount_fen = amt[i];
	}
	int64_t by[ECONOMY_N_SOURCES], total = -1;
	assert_int_equal(economy_funds_by_source(f, 5, by, &total), 0);
	assert_int_equal(by[0], 350);
	assert_int_equal(by[1], 0);
	assert_int_equal(by[2], 0);
	assert_int_equal(by[3], 1);
	assert_int_equal(by[4], 150);
	assert_int_equal(total, 501);  /* an unknown source is not counted */
	assert_int_equal(economy_funds_by_source(f, 0, by, &total), 0);
	assert_int_equal(total, 0);
	f[0].amount_fen = INT64_MAX;
	assert_int_equal(economy_funds_by_source(f, 3, by, &total), -1);
}

static void test_month_parse(void **state)
{
	(void)state;
	int32_t d = 0;
	assert_int_equal(economy_month_parse("2026-03", &d), 0);
	assert_int_equal(d, date_from_ymd(2026, 3, 1));
	assert_int_equal(economy_month_parse("2026-13", &d), -1);
	assert_int_equal(economy_month_parse("2026-00", &d), -1);
	assert_int_equal(economy_month_parse("202603", &d), -1);
	assert_int_equal(economy_month_parse("2026-3", &d), -1);
	assert_int_equal(economy_month_parse("2026-03-01", &d), -1);
	assert_int_equal(economy_month_parse(NULL, &d), -1);
}

static struct financing row(int64_t ent, const char *county, const char *lender, int64_t amt,
			    const char *status)
{
	struct financing f;
	memset(&f, 0, sizeof(f));
	f.enterprise_id = ent;
	snprintf(f.county_code, sizeof(f.county_code), "%s", county);
	snprintf(f.lender, sizeof(f.lender), "%s", lender);
	f.amount_fen = amt;
	snprintf(f.status, sizeof(f.status), "%s", status);
	return f;
}

static const struct financing_group *group(const struct financing_group *g, size_t n,
					   const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(g[i].key, key) == 0)
			return &g[i];
	fail_msg("no group %s", key);
	return NULL;
}

static void test_financing_summary(void **state)
{
	(void)state;
	struct financing rows[] = {
		row(1, "450922", "农商行", 100, "granted"),
		row(1, "450922", "农商行", 50, "granted"),     /* same enterprise, same lender */
		row(1, "450922", "邮储", 20, "granted"),       /* same enterprise, another lender */
		row(2, "440982", "农商行", 200, "granted"),
		row(3, "440982", "邮储", 30, "applied"),
		row(3, "440982", "邮储", 70, "declined"),
	};
	struct financing_summary s;
	struct err e;
	assert_int_equal(financing_summarize(rows, 6, &s, &e), ERR_OK);
	assert_int_equal(s.enterprises_financed, 2);
	assert_int_equal(s.granted_fen, 370);
	assert_int_equal(s.granted_count, 4);
	assert_int_equal(s.applied_count, 1);
	assert_int_equal(s.applied_fen, 30);
	assert_int_equal(s.declined_count, 1);
	assert_int_equal(s.n_by_county, 2);
	assert_string_equal(s.by_county[0].key, "440982");   /* larger total first */
	const struct financing_group *g = group(s.by_county, s.n_by_county, "450922");
	assert_int_equal(g->enterprises, 1);
	assert_int_equal(g->granted_fen, 170);
	assert_int_equal(g->granted_count, 3);
	g = group(s.by_lender, s.n_by_lender, "农商行");
	assert_int_equal(g->enterprises, 2);
	assert_int_equal(g->granted_fen, 350);
	g = group(s.by_lender, s.n_by_lender, "邮储");
	assert_int_equal(g->enterprises, 1);
	assert_int_equal(g->granted_fen, 20);
	financing_summary_release(&s);

	assert_int_equal(financing_summarize(NULL, 0, &s, &e), ERR_OK);
	assert_int_equal(s.enterprises_financed, 0);
	assert_int_equal(s.n_by_county, 0);
	financing_summary_release(&s);

	struct financing big[] = {
		row(1, "450922", "a", INT64_MAX, "granted"),
		row(2, "450922", "a", 1, "granted"),
	};
	assert_int_equal(financing_summarize(big, 2, &s, &e), ERR_INVALID);
	assert_null(s.by_county);
}

/* Random sets against a brute force: enterprises counted once, groups add up. */
static void test_financing_random(void **state)
{
	(void)state;
	static const char *counties[] = { "450922", "440881", "440982" };
	static const char *lenders[] = { "甲行", "乙行", "丙行", "丁行" };
	static const char *statuses[] = { "applied", "granted", "declined" };
	srand(11);
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(rand() % 40);
		struct financing *rows = calloc(n + 1, sizeof(*rows));
		assert_non_null(rows);
		for (size_t i = 0; i < n; i++) {
			int64_t ent = 1 + rand() % 8;
			rows[i] = row(ent, counties[ent % 3], lenders[rand() % 4], rand() % 100000,
				      statuses[rand() % 3]);
		}
		struct financing_summary s;
		struct err e;
		assert_int_equal(financing_summarize(rows, n, &s, &e), ERR_OK);
		int seen[9] = { 0 };
		int64_t granted = 0, distinct = 0;
		for (size_t i = 0; i < n; i++)
			if (strcmp(rows[i].status, "granted") == 0) {
				granted += rows[i].amount_fen;
				if (!seen[rows[i].enterprise_id]++)
					distinct++;
			}
		assert_int_equal(s.granted_fen, granted);
		assert_int_equal(s.enterprises_financed, distinct);
		int64_t by_county = 0, by_lender = 0, county_ents = 0;
		for (size_t i = 0; i < s.n_by_county; i++) {
			by_county += s.by_county[i].granted_fen;
			county_ents += s.by_county[i].enterprises;
		}
		for (size_t i = 0; i < s.n_by_lender; i++)
			by_lender += s.by_lender[i].granted_fen;
		assert_int_equal(by_county, granted);
		assert_int_equal(by_lender, granted);
		/* an enterprise lies in one county, so the county groups split them */
		assert_int_equal(county_ents, distinct);
		financing_summary_release(&s);
		free(rows);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_moves),
		cmocka_unit_test(test_funds_add),
		cmocka_unit_test(test_funds_by_source),
		cmocka_unit_test(test_month_parse),
		cmocka_unit_test(test_financing_summary),
		cmocka_unit_test(test_financing_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
