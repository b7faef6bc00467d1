/* Unit tests of the statistics counters in the SQLite store
 * (store_sql_stats.c): counters written through the store ops over three
 * years of days are queried over random ranges with every grouping, and each
 * answer must equal the brute-force sum of what was written (so the monthly
 * and all-time roll-ups (long ranges are read as all time minus the outside),
 * the partial months read from the daily rows and the per-county
 * attendance all agree, and meetings after today are never counted); a
 * database created before the monthly tables
 * existed (migration 0006) gets them filled from its daily rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "assert_ext.h"
#include "core/date.h"
#include "core/log.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/store_stats.h"

#define ALLIANCE 7
#define N_EVENTS 1500

static const char *const counties[] = { "450922", "440881", "440982" };
static const char *const categories[] = { "org", "revival", "economy" };
static const int64_t units[] = { 11, 12, 13, 14 };

/* One write, as the domain would make it. */
struct ev {
	int kind;              /* 0 matter, 1 open-due, 2 meeting */
	int64_t unit;
	int county, category;
	int32_t day;
	int64_t v[4];
};

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
	struct ev ev[N_EVENTS + 1];
	int n_ev;
	int32_t first_day, last_day;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static void make_events(struct fx *x)
{
	x->first_day = date_from_ymd(2024, 1, 1);
	x->last_day = date_from_ymd(2026, 12, 31);
	x->n_ev = N_EVENTS;
	for (int i = 0; i < N_EVENTS; i++) {
		struct ev *v = &x->ev[i];
		v->kind = (int)rnd(3);
		v->unit = units[rnd(4)];
		v->county = (int)rnd(3);
		v->category = (int)rnd(3);
		v->day = x->first_day + (int32_t)rnd((uint32_t)(x->last_day - x->first_day + 1));
		for (int k = 0; k < 4; k++)
			v->v[k] = (int64_t)rnd(5);
		if (v->kind == 1 && rnd(4) == 0)
			v->v[0] = -1;   /* a matter resolved: its due date leaves the open set */
	}
}

static enum err_code write_event(struct store *st, const struct ev *v, struct err *e)
{
	switch (v->kind) {
	case 0:
		return st->stats->matter_add(st, ALLIANCE, v->unit, counties[v->county],
						categories[v->category], v->day, v->v[0], v->v[1],
						v->v[2], v->v[3], e);
	case 1:
		return st->stats->open_due_add(st, ALLIANCE, v->unit, counties[v->county],
						  categories[v->category], v->day, v->v[0], e);
	default:
		return st->stats->meeting_add(st, ALLIANCE, v->unit, counties[v->county], v->day,
						 v->v[0], v->v[1], e);
	}
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	log_set_quiet(1);
	assert_non_null(x);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	make_events(x);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	if (x->st)
		store_close(x->st);
	tmpdir_remove(x->dir);
	free(x);
	return 0;
}

static void open_store(struct fx *x, int expect_applied)
{
	int applied = -1;

	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	assert_int_equal(applied, expect_applied);
}

/* The group key an event counts under, as the store spells it. */
static void key_of(const struct ev *v, enum stat_by by, char out[32])
{
	char d[11];

	switch (by) {
	case STAT_BY_UNIT:
		snprintf(out, 32, "%lld", (long long)v->unit);
		break;
	case STAT_BY_COUNTY:
		snprintf(out, 32, "%s", counties[v->county]);
		break;
	case STAT_BY_CATEGORY:
		snprintf(out, 32, "%s", v->kind == 2 ? "none" : categories[v->category]);
		break;
	case STAT_BY_MONTH:
		date_format(v->day, d);
		snprintf(out, 32, "%.7s", d);
		break;
	}
}

static struct stat_row *find(struct stat_row *rows, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].key, key) == 0)
			return &rows[i];
	return NULL;
}

/* Brute force: the figures of [from, to] (overdue as of today; meetings
 * only up to today, a meeting counting from its day) from the events,
 * compared with the store's answer group by group. */
static void check_range(struct fx *x, enum stat_by by, int32_t from, int32_t to, int32_t today)
{
	struct stat_rows got = { 0 };
	struct stat_row want[64], want_county[8];
	size_t n_want = 0, n_county = 0;
	char key[32];

	memset(want, 0, sizeof(want));
	memset(want_county, 0, sizeof(want_county));
	assert_int_equal(x->st->stats->rows(x->st, ALLIANCE, by, from, to, today, &got, &x->e),
			 ERR_OK);
	for (int i = 0; i < x->n_ev; i++) {
		const struct ev *v = &x->ev[i];
		int in_range = v->day >= from && v->day <= to && (v->kind != 2 || v->day <= today);
		if (v->kind == 1 ? v->day >= today : !in_range)
			continue;
		key_of(v, by, key);
		struct stat_row *w = find(want, n_want, key);
		if (!w) {
			assert_true(n_want < 64);
			w = &want[n_want++];
			snprintf(w->key, sizeof(w->key), "%s", key);
		}
		if (v->kind == 0) {
			w->raised += v->v[0];
			w->resolved += v->v[1];
			w->resolve_days += v->v[2];
			w->escalated += v->v[3];
		} else if (v->kind == 1) {
			w->overdue += v->v[0];
		} else {
			w->meetings += v->v[0];
			w->attendance += v->v[1];
			struct stat_row *c = find(want_county, n_county, counties[v->county]);
			if (!c) {
				c = &want_county[n_county++];
				snprintf(c->key, sizeof(c->key), "%s", counties[v->county]);
			}
			c->meetings += v->v[0];
			c->attendance += v->v[1];
		}
	}
	/* every wanted group is answered with the same figures, and nothing else
	 * but groups whose figures are all zero (a delta that cancelled out) */
	for (size_t i = 0; i < n_want; i++) {
		struct stat_row *g = find(got.rows, got.n, want[i].key);
		struct stat_row zero = { 0 };
		if (!g)
			g = &zero;
		assert_int_equal(g->raised, want[i].raised);
		assert_int_equal(g->resolved, want[i].resolved);
		assert_int_equal(g->resolve_days, want[i].resolve_days);
		assert_int_equal(g->escalated, want[i].escalated);
		assert_int_equal(g->overdue, want[i].overdue);
		assert_int_equal(g->meetings, want[i].meetings);
		assert_int_equal(g->attendance, want[i].attendance);
	}
	for (size_t i = 0; i < got.n; i++)
		if (!find(want, n_want, got.rows[i].key))
			assert_true(got.rows[i].raised == 0 && got.rows[i].resolved == 0 &&
				    got.rows[i].overdue == 0 && got.rows[i].meetings == 0 &&
				    got.rows[i].attendance == 0);
	for (size_t i = 0; i < n_county; i++) {
		struct stat_row *c = find(got.county_attendance, got.n_county, want_county[i].key);
		struct stat_row zero = { 0 };
		if (!c)
			c = &zero;
		assert_int_equal(c->attendance, want_county[i].attendance);
		assert_int_equal(c->meetings, want_county[i].meetings);
	}
	free(got.rows);
	free(got.county_attendance);
}

static void check_many_ranges(struct fx *x)
{
	const int32_t span = x->last_day - x->first_day + 1;
	const int32_t today = date_from_ymd(2026, 11, 29);

	for (int by = STAT_BY_UNIT; by <= STAT_BY_MONTH; by++) {
		/* all time (whole months only), the API's default */
		check_range(x, (enum stat_by)by, date_from_ymd(1970, 1, 1), date_from_ymd(2999, 12, 31),
			    today);
		/* within one month, across a month end, whole months, a year */
		check_range(x, (enum stat_by)by, date_from_ymd(2025, 2, 3), date_from_ymd(2025, 2, 27),
			    today);
		check_range(x, (enum stat_by)by, date_from_ymd(2025, 1, 31), date_from_ymd(2025, 2, 1),
			    today);
		check_range(x, (enum stat_by)by, date_from_ymd(2024, 3, 1), date_from_ymd(2025, 6, 30),
			    today);
		check_range(x, (enum stat_by)by, date_from_ymd(2024, 2, 29), date_from_ymd(2024, 2, 29),
			    date_from_ymd(2024, 3, 1));
		for (int i = 0; i < 40; i++) {
			int32_t a = x->first_day - 40 + (int32_t)rnd((uint32_t)span + 80);
			int32_t b = a + (int32_t)rnd(i % 2 ? 500 : 1300);
			check_range(x, (enum stat_by)by, a, b, a + (int32_t)rnd(900));
		}
	}
	/* an empty range and another alliance answer nothing */
	struct stat_rows none = { 0 };
	assert_int_equal(x->st->stats->rows(x->st, ALLIANCE + 1, STAT_BY_UNIT, x->first_day,
					       x->last_day, x->last_day, &none, &x->e),
			 ERR_OK);
	assert_int_equal(none.n, 0);
	assert_int_equal(none.n_county, 0);
	free(none.rows);
	free(none.county_attendance);
}

static void test_ranges_match_brute_force(void **state)
{
	struct fx *x = *state;
	int n_migrations = 0;

	for (const struct migration *m = migrations; m->version; m++)
		n_migrations++;
	open_store(x, n_migrations);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	for (int i = 0; i < N_EVENTS; i++)
		assert_int_equal(write_event(x->st, &x->ev[i], &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	check_many_ranges(x);
}

/* A database at schema version 5 (daily counters only, keyed the old way)
 * gets its monthly roll-ups from migration 0006. */
static void test_upgrade_fills_monthly(void **state)
{
	struct fx *x = *state;
	sqlite3 *db;
	char d[11], sql[512];

	assert_int_equal(sqlite3_open(x->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
				      " name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	for (const struct migration *m = migrations; m->version && m->version < 6; m++) {
		assert_int_equal(sqlite3_exec(db, m->sql, NULL, NULL, NULL), SQLITE_OK);
		snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations VALUES (%d,'%s',0)",
			 m->version, m->name);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < N_EVENTS; i++) {
		const struct ev *v = &x->ev[i];
		date_format(v->day, d);
		if (v->kind == 0)
			snprintf(sql, sizeof(sql),
				 "INSERT INTO stat_matter_daily(alliance_id,unit_id,county_code,category,"
				 "day,raised,resolved,resolve_days,escalated) VALUES(%d,%lld,'%s','%s',"
				 "'%s',%lld,%lld,%lld,%lld) ON CONFLICT DO UPDATE SET "
				 "raised=raised+excluded.raised,resolved=resolved+excluded.resolved,"
				 "resolve_days=resolve_days+excluded.resolve_days,"
				 "escalated=escalated+excluded.escalated",
				 ALLIANCE, (long long)v->unit, counties[v->county],
				 categories[v->category], d, (long long)v->v[0], (long long)v->v[1],
				 (long long)v->v[2], (long long)v->v[3]);
		else if (v->kind == 1)
			snprintf(sql, sizeof(sql),
				 "INSERT INTO stat_open_due(alliance_id,unit_id,county_code,category,"
				 "due_on,n) VALUES(%d,%lld,'%s','%s','%s',%lld) ON CONFLICT DO UPDATE "
				 "SET n=n+excluded.n",
				 ALLIANCE, (long long)v->unit, counties[v->county],
				 categories[v->category], d, (long long)v->v[0]);
		else
			snprintf(sql, sizeof(sql),
				 "INSERT INTO stat_meeting_daily(alliance_id,unit_id,county_code,day,"
				 "meetings,attendance) VALUES(%d,%lld,'%s','%s',%lld,%lld) ON CONFLICT "
				 "DO UPDATE SET meetings=meetings+excluded.meetings,"
				 "attendance=attendance+excluded.attendance",
				 ALLIANCE, (long long)v->unit, counties[v->county], d,
				 (long long)v->v[0], (long long)v->v[1]);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	int from6 = 0;
	for (const struct migration *m = migrations; m->version; m++)
		from6 += m->version >= 6;
	open_store(x, from6);
	check_many_ranges(x);
	/* and a write after the upgrade lands in both levels */
	x->ev[x->n_ev] = (struct ev){ .kind = 0, .unit = 11, .county = 0, .category = 0,
				      .day = date_from_ymd(2025, 5, 17), .v = { 3, 1, 9, 0 } };
	assert_int_equal(write_event(x->st, &x->ev[x->n_ev], &x->e), ERR_OK);
	x->n_ev++;
	check_many_ranges(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ranges_match_brute_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_fills_monthly, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
