/* Unit tests of the per-thread answer cache (src/http/cache.c) and of the
 * generations it depends on (src/store/store_sqlite_gen.c):
 *  - hits only for the same URL while its generations stand, a newer answer
 *    replaces the older (released exactly once), many hot URLs stay cached
 *    together (the 2,068 town URLs of the divisions benchmark), eviction
 *    releases what it drops, the byte budget refuses a put, thread release
 *    frees all;
 *  - scopes: a write in alliance A moves A's answers and those over any
 *    alliance, and leaves B's and the divisions' in place; a global write
 *    moves all; more alliances than fit become "any";
 *  - a unit's list outlives writes on other units' matters, not a write in
 *    its alliance that named no unit;
 *  - the SQLite store bumps the right counters in the write's own
 *    transaction: a declared alliance write (WITHOUT ROWID statistics
 *    included) only that alliance, "any" and the unit named (or all the
 *    alliance's units); an undeclared one, or one that
 *    also changes a table not partitioned by alliance, the global counter;
 *    an idle-clock refresh and audit rows nothing; a logout the sessions';
 *    a data change committed outside a store transaction is refused; a
 *    second connection (another process's) sees the bumps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "core/log.h"
#include "http/cache.h"
#include "store/sq_int.h"
#include "store/store_session.h"

/* A table of counters as the store would answer them (scopes not listed:
 * 0), behind cache_gens.get. */
struct table {
	size_t n;
	int64_t scope[8];
	uint64_t gen[8];
};

static uint64_t table_get(void *ctx, int64_t scope)
{
	const struct table *t = ctx;
	for (size_t i = 0; i < t->n; i++)
		if (t->scope[i] == scope)
			return t->gen[i];
	return 0;
}

/* A view where the global counter is v (and nothing else was bumped). */
static const struct cache_gens *gv(uint64_t v)
{
	static struct table t;
	static struct cache_gens now;
	t = (struct table){ 1, { STORE_GEN_GLOBAL }, { v } };
	now = (struct cache_gens){ table_get, &t };
	return &now;
}

/* An answer that depends on the global counter only, stamped at v. */
static const struct cache_deps *dg(uint64_t v)
{
	static struct cache_deps d;
	cache_deps_init(&d);
	cache_deps_stamp(&d, gv(v));
	return &d;
}

static int released;

static void release(void *resp)
{
	released++;
	free(resp);
}

static void *resp_of(int i)
{
	int *p = malloc(sizeof(*p));
	assert_non_null(p);
	*p = i;
	return p;
}

static void key_of(int i, char out[64])
{
	snprintf(out, 64, "2026-11-29/api/v1/divisions?&parent=%09d", 110101001 + i * 37);
}

static void test_hit_needs_same_key_and_version(void **state)
{
	(void)state;
	released = 0;
	assert_null(cache_get("2026-11-29/a?", gv(1)));
	void *a = resp_of(1);
	assert_int_equal(cache_put("2026-11-29/a?", dg(1), a, 10, release), 1);
	assert_ptr_equal(cache_get("2026-11-29/a?", gv(1)), a);
	assert_null(cache_get("2026-11-29/a?", gv(2)));       /* the data changed */
	assert_null(cache_get("2026-11-30/a?", gv(1)));       /* another day */
	assert_null(cache_get("2026-11-29/a?&x=1", gv(1)));   /* another query */
	/* a newer answer for the same URL replaces the older, released once */
	void *b = resp_of(2);
	assert_int_equal(cache_put("2026-11-29/a?", dg(2), b, 10, release), 1);
	assert_int_equal(released, 1);
	assert_ptr_equal(cache_get("2026-11-29/a?", gv(2)), b);
	cache_thread_release();
	assert_int_equal(released, 2);
	assert_null(cache_get("2026-11-29/a?", gv(2)));
}

static void test_many_hot_urls_stay(void **state)
{
	(void)state;
	char key[64];
	released = 0;
	enum { TOWNS = 2068 };
	void **resp = calloc(TOWNS, sizeof(*resp));
	assert_non_null(resp);
	for (int i = 0; i < TOWNS; i++) {
		key_of(i, key);
		resp[i] = resp_of(i);
		assert_int_equal(cache_put(key, dg(7), resp[i], 3000, release), 1);
	}
	/* all of them, in the order the benchmark asks, twice over */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < TOWNS; i++) {
			key_of(i, key);
			assert_ptr_equal(cache_get(key, gv(7)), resp[i]);
		}
	assert_int_equal(released, 0);
	cache_thread_release();
	assert_int_equal(released, TOWNS);
	free(resp);
}

static void test_eviction_releases_what_it_drops(void **state)
{
	(void)state;
	char key[64];
	released = 0;
	const int n = CACHE_SLOTS * 3;
	for (int i = 0; i < n; i++) {
		key_of(i, key);
		assert_int_equal(cache_put(key, dg(1), resp_of(i), 100, release), 1);
	}
	int kept = 0;
	for (int i = 0; i < n; i++) {
		key_of(i, key);
		int *r = cache_get(key, gv(1));
		if (r) {
			assert_int_equal(*r, i);
			kept++;
		}
	}
	assert_true(kept > 0 && kept <= CACHE_SLOTS);
	assert_int_equal(released, n - kept);
	/* the most recent puts survive: the last one is there */
	key_of(n - 1, key);
	assert_non_null(cache_get(key, gv(1)));
	cache_thread_release();
	assert_int_equal(released, n);
}

static void test_budget_refuses(void **state)
{
	(void)state;
	released = 0;
	void *big = resp_of(0);
	assert_int_equal(cache_put("k?", dg(1), big, CACHE_MAX_BODY + 1, release), 0);
	assert_int_equal(released, 0);   /* refused: the caller keeps it */
	free(big);
	/* fill to the byte budget: the put that would pass it is refused */
	size_t each = CACHE_MAX_BODY, held = 0;
	char key[64];
	int i = 0, refused = 0;
	while (!refused) {
		key_of(i++, key);
		void *r = resp_of(i);
		if (cache_put(key, dg(1), r, each, release)) {
			held += each;
			assert_true(held <= CACHE_MAX_BYTES);
		} else {
			free(r);
			refused = 1;
		}
	}
	assert_true(held + each > CACHE_MAX_BYTES);
	cache_thread_release();
	assert_int_equal(released, (int)(held / each));
}

/* ---- scopes ---- */

enum { A = 7, B = 9 };

enum { UNIT1 = 40, UNIT2 = 41 };

/* A view with these counters (u1: unit UNIT1's, ua: A's units not named). */
static const struct cache_gens *view6(uint64_t global, uint64_t any, uint64_t a, uint64_t b,
				      uint64_t u1, uint64_t ua)
{
	static struct table t;
	static struct cache_gens now;
	t = (struct table){ 6,
		{ STORE_GEN_GLOBAL, STORE_GEN_ANY_ALLIANCE, A, B, STORE_GEN_UNIT(UNIT1),
		  STORE_GEN_ALLIANCE_UNITS(A) },
		{ global, any, a, b, u1, ua } };
	now = (struct cache_gens){ table_get, &t };
	return &now;
}

static const struct cache_gens *view(uint64_t global, uint64_t any, uint64_t a, uint64_t b)
{
	return view6(global, any, a, b, 0, 0);
}

static void put_with(const char *key, int64_t scope, const struct cache_gens *now, int id)
{
	struct cache_deps d;
	cache_deps_init(&d);
	if (scope)
		cache_deps_add(&d, scope);
	cache_deps_stamp(&d, now);
	assert_int_equal(cache_put(key, &d, resp_of(id), 10, release), 1);
}

static void test_write_in_one_alliance_leaves_the_others(void **state)
{
	(void)state;
	released = 0;
	const struct cache_gens *t0 = view(3, 5, 2, 4);
	put_with("1/d/matters?alliance_id=7", A, t0, 1);
	put_with("1/d/matters?alliance_id=9", B, t0, 2);
	put_with("0/d/divisions?parent=440982", 0, t0, 3);
	put_with("1/d/matters?", STORE_GEN_ANY_ALLIANCE, t0, 4);
	for (int i = 0; i < 2; i++) { /* view() reuses its storage: same values */
		assert_non_null(cache_get("1/d/matters?alliance_id=7", view(3, 5, 2, 4)));
		assert_non_null(cache_get("1/d/matters?", view(3, 5, 2, 4)));
	}
	/* a write in A bumps A and "any alliance" */
	const struct cache_gens *t1 = view(3, 6, 3, 4);
	assert_null(cache_get("1/d/matters?alliance_id=7", t1));
	assert_null(cache_get("1/d/matters?", t1));
	assert_int_equal(*(int *)cache_get("1/d/matters?alliance_id=9", t1), 2);
	assert_int_equal(*(int *)cache_get("0/d/divisions?parent=440982", t1), 3);
	/* a global write moves everything */
	const struct cache_gens *t2 = view(4, 6, 3, 4);
	assert_null(cache_get("1/d/matters?alliance_id=9", t2));
	assert_null(cache_get("0/d/divisions?parent=440982", t2));
	/* a scope never bumped counts as 0 */
	struct cache_deps d;
	cache_deps_init(&d);
	cache_deps_add(&d, 12345);
	cache_deps_stamp(&d, t2);
	assert_int_equal(d.gen[1], 0);
	assert_true(cache_deps_current(&d, t2));
	cache_thread_release();
	assert_int_equal(released, 4);
}

static void put_unit(const char *key, int64_t unit, const struct cache_gens *now, int id)
{
	struct cache_deps d;
	cache_deps_init(&d);
	cache_deps_add(&d, STORE_GEN_UNIT(unit));
	cache_deps_add(&d, STORE_GEN_ALLIANCE_UNITS(A));
	cache_deps_stamp(&d, now);
	assert_int_equal(cache_put(key, &d, resp_of(id), 10, release), 1);
}

static void test_a_units_list_outlives_writes_on_other_units(void **state)
{
	(void)state;
	released = 0;
	put_unit("1/d/matters?unit_id=40", UNIT1, view6(1, 1, 1, 1, 1, 1), 1);
	put_unit("1/d/matters?unit_id=41", UNIT2, view6(1, 1, 1, 1, 1, 1), 2);
	/* a write on a matter of unit 40: A, any, unit 40 move */
	assert_null(cache_get("1/d/matters?unit_id=40", view6(1, 2, 2, 1, 2, 1)));
	assert_non_null(cache_get("1/d/matters?unit_id=41", view6(1, 2, 2, 1, 2, 1)));
	/* a write in A that named no unit: every unit list of A moves */
	assert_null(cache_get("1/d/matters?unit_id=41", view6(1, 3, 3, 1, 2, 2)));
	cache_thread_release();
	assert_int_equal(released, 2);
}

static void test_too_many_alliances_become_any(void **state)
{
	(void)state;
	struct cache_deps d;
	cache_deps_init(&d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.scope[0], STORE_GEN_GLOBAL);
	for (int i = 1; i <= CACHE_MAX_DEPS + 3; i++)
		cache_deps_add(&d, i);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.scope[0], STORE_GEN_GLOBAL);
	assert_int_equal(d.scope[1], STORE_GEN_ANY_ALLIANCE);
	cache_deps_add(&d, 3); /* "any" covers it already */
	assert_int_equal(d.n, 2);
	cache_deps_init(&d);
	cache_deps_add(&d, 5);
	cache_deps_add(&d, 5);
	assert_int_equal(d.n, 2);
}

/* ---- the SQLite store's counters ---- */

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

static int store_setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	log_set_quiet(1);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, NULL, &x->e), ERR_OK);
	/* raw rows below need no parents */
	assert_int_equal(sqlite3_exec(SQ(x->st)->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL),
			 SQLITE_OK);
	*state = x;
	return 0;
}

static int store_teardown(void **state)
{
	struct fx *x = *state;
	store_close(x->st);
	tmpdir_remove(x->dir);
	free(x);
	return 0;
}

static uint64_t gen(struct store *st, int64_t scope)
{
	uint64_t v = 99;
	struct err e;
	assert_int_equal(st->ops->generation(st, scope, &v, &e), ERR_OK);
	return v;
}

struct snap {
	uint64_t global, any, a, b, sessions, u1, u2, a_units, a_stats, b_stats;
};

static struct snap snap_of(struct store *st)
{
	return (struct snap){ gen(st, STORE_GEN_GLOBAL), gen(st, STORE_GEN_ANY_ALLIANCE),
			      gen(st, A), gen(st, B), gen(st, STORE_GEN_SESSIONS),
			      gen(st, STORE_GEN_UNIT(UNIT1)), gen(st, STORE_GEN_UNIT(UNIT2)),
			      gen(st, STORE_GEN_ALLIANCE_UNITS(A)), gen(st, STORE_GEN_ALLIANCE_STATS(A)),
			      gen(st, STORE_GEN_ALLIANCE_STATS(B)) };
}

/* One write transaction: declares alliance (0: none) and unit, runs sql. */
static void write_tx_unit(struct fx *x, int64_t alliance, int64_t unit, const char *sql)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	if (alliance)
		x->st->ops->writes_alliance(x->st, alliance, unit);
	assert_int_equal(sqlite3_exec(SQ(x->st)->db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

static void write_tx(struct fx *x, int64_t alliance, const char *sql)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	if (alliance)
		x->st->ops->writes_alliance(x->st, alliance, 0);
	assert_int_equal(sqlite3_exec(SQ(x->st)->db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

#define EVENT "INSERT INTO matter_events(matter_id,at_ms,kind) VALUES(1,1,'progress');"

static void test_store_bumps_the_alliance_written(void **state)
{
	struct fx *x = *state;
	struct snap s0 = snap_of(x->st);
	write_tx(x, A, EVENT);
	struct snap s1 = snap_of(x->st);
	assert_int_equal(s1.a, s0.a + 1);
	assert_int_equal(s1.any, s0.any + 1);
	assert_int_equal(s1.b, s0.b);
	assert_int_equal(s1.global, s0.global);
	assert_int_equal(s1.sessions, s0.sessions);
	assert_int_equal(s1.a_units, s0.a_units + 1); /* no unit named: all of A's */
	assert_int_equal(s1.u1, s0.u1);
	assert_int_equal(s1.a_stats, s0.a_stats); /* no roll-up changed */
	/* naming the unit moves that unit's lists only */
	write_tx_unit(x, A, UNIT1, EVENT);
	struct snap s1u = snap_of(x->st);
	assert_int_equal(s1u.u1, s1.u1 + 1);
	assert_int_equal(s1u.u2, s1.u2);
	assert_int_equal(s1u.a_units, s1.a_units);
	assert_int_equal(s1u.a, s1.a + 1);
	assert_int_equal(s1u.any, s1.any + 1);
	assert_int_equal(s1u.global, s1.global);
	s1 = s1u;
	/* a WITHOUT ROWID statistics table is seen too */
	write_tx(x, B, "INSERT INTO stat_matter_by_month(alliance_id,month) VALUES(9,'2026-12')");
	struct snap s2 = snap_of(x->st);
	assert_int_equal(s2.b, s1.b + 1);
	assert_int_equal(s2.b_stats, s1.b_stats + 1); /* a roll-up of B changed */
	assert_int_equal(s2.a_stats, s1.a_stats);
	assert_int_equal(s2.a, s1.a);
	assert_int_equal(s2.global, s1.global);
	/* undeclared, it is global */
	write_tx(x, 0, "UPDATE stat_matter_by_month SET raised=raised+1");
	struct snap s3 = snap_of(x->st);
	assert_int_equal(s3.global, s2.global + 1);
	assert_int_equal(s3.b, s2.b);
	/* declared, but a table not partitioned by alliance changed too */
	write_tx(x, A, EVENT "INSERT INTO meta(key,value) VALUES('x','y');");
	struct snap s4 = snap_of(x->st);
	assert_int_equal(s4.global, s3.global + 1);
	/* a rolled-back write bumps nothing */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(sqlite3_exec(SQ(x->st)->db, EVENT, NULL, NULL, NULL), SQLITE_OK);
	x->st->ops->rollback(x->st);
	struct snap s5 = snap_of(x->st);
	assert_memory_equal(&s5, &s4, sizeof(s4));
	/* audit rows alone bump nothing */
	write_tx(x, 0, "INSERT INTO audit(at_ms,action,object_type) VALUES(1,'x','y')");
	struct snap s6 = snap_of(x->st);
	assert_memory_equal(&s6, &s5, sizeof(s5));
}

static void test_store_sessions_and_the_idle_clock(void **state)
{
	struct fx *x = *state;
	struct session s = { .user_id = 1, .created_at_ms = 1, .last_seen_ms = 1 };
	snprintf(s.token_hash, sizeof(s.token_hash), "%064d", 1);
	snprintf(s.csrf_token, sizeof(s.csrf_token), "csrf");
	/* outside a transaction: each op is made one */
	assert_int_equal(x->st->session->insert(x->st, &s, &x->e), ERR_OK);
	struct snap s0 = snap_of(x->st);
	assert_int_equal(x->st->session->touch(x->st, s.token_hash, 99, &x->e), ERR_OK);
	struct snap s1 = snap_of(x->st);
	assert_memory_equal(&s1, &s0, sizeof(s0)); /* the idle clock moves nothing */
	struct session got;
	assert_int_equal(x->st->session->get(x->st, s.token_hash, &got, &x->e), ERR_OK);
	assert_int_equal(got.last_seen_ms, 99); /* yet it was written */
	assert_int_equal(x->st->session->delete(x->st, s.token_hash, &x->e), ERR_OK);
	struct snap s2 = snap_of(x->st);
	assert_int_equal(s2.sessions, s1.sessions + 1); /* a logout moves the session caches */
	assert_int_equal(s2.global, s1.global);         /* and no data answer */
	assert_int_equal(s2.any, s1.any);
}

static void test_store_refuses_an_unaccounted_commit(void **state)
{
	struct fx *x = *state;
	sqlite3 *db = SQ(x->st)->db;
	struct snap s0 = snap_of(x->st);
	/* a raw autocommit change bypasses the store's commit: refused */
	assert_int_not_equal(sqlite3_exec(db, EVENT, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM matter_events", -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0); /* nothing committed */
	sqlite3_finalize(q);
	struct snap s1 = snap_of(x->st);
	assert_memory_equal(&s1, &s0, sizeof(s0));
	/* a change to bookkeeping alone may commit so */
	assert_int_equal(sqlite3_exec(db, "INSERT INTO audit(at_ms,action,object_type) "
					  "VALUES(1,'x','y')", NULL, NULL, NULL), SQLITE_OK);
}

static void test_store_another_connection_sees_the_bumps(void **state)
{
	struct fx *x = *state;
	struct store *other;
	assert_int_equal(store_open(x->path, &other, &x->e), ERR_OK);
	uint64_t v0, v1;
	assert_int_equal(x->st->ops->data_version(x->st, &v0, &x->e), ERR_OK);
	struct snap s0 = snap_of(x->st);
	/* the other connection (as another process would) writes in A */
	assert_int_equal(sqlite3_exec(SQ(other)->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(other->ops->begin_write(other, &x->e), ERR_OK);
	other->ops->writes_alliance(other, A, UNIT1);
	assert_int_equal(sqlite3_exec(SQ(other)->db, EVENT, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(other->ops->commit(other, &x->e), ERR_OK);
	/* this connection sees the data version move (so a worker reads the
	 * generations again) and A's counter moved */
	assert_int_equal(x->st->ops->data_version(x->st, &v1, &x->e), ERR_OK);
	assert_true(v1 != v0);
	struct snap s1 = snap_of(x->st);
	assert_int_equal(s1.a, s0.a + 1);
	assert_int_equal(s1.u1, s0.u1 + 1);
	assert_int_equal(s1.b, s0.b);
	assert_int_equal(s1.global, s0.global);
	store_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_in_one_alliance_leaves_the_others),
		cmocka_unit_test(test_a_units_list_outlives_writes_on_other_units),
		cmocka_unit_test(test_too_many_alliances_become_any),
		cmocka_unit_test_setup_teardown(test_store_bumps_the_alliance_written, store_setup,
						store_teardown),
		cmocka_unit_test_setup_teardown(test_store_sessions_and_the_idle_clock, store_setup,
						store_teardown),
		cmocka_unit_test_setup_teardown(test_store_refuses_an_unaccounted_commit, store_setup,
						store_teardown),
		cmocka_unit_test_setup_teardown(test_store_another_connection_sees_the_bumps,
						store_setup, store_teardown),
		cmocka_unit_test(test_hit_needs_same_key_and_version),
		cmocka_unit_test(test_many_hot_urls_stay),
		cmocka_unit_test(test_eviction_releases_what_it_drops),
		cmocka_unit_test(test_budget_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
