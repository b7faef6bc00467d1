/* engines.h - the fixture of the store tests that run the same cases on
 * both engines: SQLite on a file in a fresh /tmp directory, and PostgreSQL
 * when LIANJIAN_TEST_PG holds a libpq conninfo (tests/pg/run.sh starts a
 * throwaway server and sets it; `make pg-test` runs every test_pg_*.c and
 * test_store_engines under it). Without it the PostgreSQL cases report
 * themselves skipped (NEED). Include after cmocka.h. */
#ifndef LJ_TEST_ENGINES_H
#define LJ_TEST_ENGINES_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "assert_ext.h"
#include "core/log.h"
#include "store/db.h"
#include "store/db_pg.h"
#include "store/store.h"
#include "store/store_pg.h"

struct fx {
	enum db_engine engine;
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

/* Runs one statement without parameters on the engine's connection. */
static inline void raw(struct fx *x, const char *sql)
{
	if (x->engine == DB_PG) {
		assert_int_equal(db_pg_exec(x->st->db, sql, &x->e), ERR_OK);
		return;
	}
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(x->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* One integer from a query without parameters, through the driver, on
 * statement slot `slot` (statements are cached by slot: each text its own;
 * a test file takes slots its area's own statements never reach). */
static inline int64_t fx_scalar(struct fx *x, int slot, const char *sql)
{
	struct db_stmt *s = db_stmt(x->st->db, slot, sql);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t v = db_col_i64(s, 0);
	db_reset(s);
	return v;
}

static inline int setup_sqlite(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	log_set_quiet(1);
	assert_non_null(x);
	x->engine = DB_SQLITE;
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, NULL, &x->e), ERR_OK);
	*state = x;
	return 0;
}

static inline int setup_pg(void **state)
{
	const char *ci = getenv("LIANJIAN_TEST_PG");
	struct fx *x = calloc(1, sizeof(*x));
	log_set_quiet(1);
	assert_non_null(x);
	x->engine = DB_PG;
	*state = x;
	if (!ci || !*ci)
		return 0;
	assert_int_equal(store_pg_open(ci, &x->st, &x->e), ERR_OK);
	/* A clean schema per test: the cases count rows. */
	assert_int_equal(db_pg_exec(x->st->db,
				    "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &x->e),
			 ERR_OK);
	int applied = -1;
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	assert_true(applied >= 1);
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	assert_int_equal(applied, 0);
	return 0;
}

static inline int teardown(void **state)
{
	struct fx *x = *state;
	store_close(x->st);
	if (x->dir[0])
		tmpdir_remove(x->dir);
	free(x);
	return 0;
}

/* Skips a PostgreSQL case when no server was given. */
#define NEED(x)                                                                      \
	do {                                                                         \
		if (!(x)->st) {                                                      \
			print_message("skipped: LIANJIAN_TEST_PG is not set\n");     \
			skip();                                                      \
		}                                                                    \
	} while (0)

/* Both engines for one case function. */
#define ENGINE_TESTS(fn) cmocka_unit_test_setup_teardown(fn, setup_sqlite, teardown), \
	cmocka_unit_test_setup_teardown(fn, setup_pg, teardown)

#endif
