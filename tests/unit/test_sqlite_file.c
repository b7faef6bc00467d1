/* Unit tests for what the SQLite connections of one process share per file
 * (src/store/store_sqlite_file.c): several threads, each on its own
 * connection, writing at once all succeed and every write is there after
 * (the write lock queues them; the group sync acknowledges each commit);
 * a connection of another file is not held up by it; and the checkpointer
 * copies the write-ahead log into the database file while the writers keep
 * their connections open (SQLite's automatic checkpoint is off: without
 * the checkpointer the file would not grow before the last close).
 * And the "lj" VFS (src/store/sqlite_vfs.c), whose memory map of the file
 * outlives commits: a reader sees, through it, rows rewritten and rows
 * added by another connection's checkpoints, never a stale page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include "assert_ext.h"
#include "core/log.h"
#include "store/sqlite_vfs.h"
#include "store/store.h"
#include <sqlite3.h>

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	log_set_quiet(1);
	assert_non_null(x);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, NULL, &x->e), ERR_OK);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	store_close(x->st);
	tmpdir_remove(x->dir);
	free(x);
	return 0;
}

#define THREADS 4
#define WRITES 60

struct writer {
	const char *path;
	int n;
	int failed;
};

/* WRITES transactions of two meta rows each, on a connection of its own. */
static void *write_loop(void *arg)
{
	struct writer *w = arg;
	struct store *st = NULL;
	struct err e;

	if (store_open(w->path, &st, &e)) {
		w->failed = -1;
		return NULL;
	}
	for (int i = 0; i < WRITES; i++) {
		char key[32], value[32];

		snprintf(key, sizeof(key), "t%d.%d", w->n, i);
		snprintf(value, sizeof(value), "%d", i);
		if (st->ops->begin_write(st, &e) || st->ops->meta_set(st, key, value, &e) ||
		    st->ops->meta_set(st, "last", key, &e) || st->ops->commit(st, &e)) {
			st->ops->rollback(st);
			w->failed++;
		}
	}
	store_close(st);
	return NULL;
}

static void test_threads_write_at_once(void **state)
{
	struct fx *x = *state;
	pthread_t t[THREADS];
	struct writer w[THREADS];

	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct writer){ .path = x->path, .n = i };
		assert_int_equal(pthread_create(&t[i], NULL, write_loop, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failed, 0);
	}
	/* every acknowledged write is there, seen by another connection */
	struct store *other;
	assert_int_equal(store_open(x->path, &other, &x->e), ERR_OK);
	for (int n = 0; n < THREADS; n++)
		for (int i = 0; i < WRITES; i++) {
			char key[32], want[32], got[64];

			snprintf(key, sizeof(key), "t%d.%d", n, i);
			snprintf(want, sizeof(want), "%d", i);
			assert_int_equal(other->ops->meta_get(other, key, got, sizeof(got), &x->e), ERR_OK);
			assert_string_equal(got, want);
		}
	store_close(other);
}

/* A writer holding the write lock of one file does not stop a writer of
 * another file: the lock is per file. */
static void test_lock_is_per_file(void **state)
{
	struct fx *x = *state;
	char path2[80];
	struct store *b;

	snprintf(path2, sizeof(path2), "%s/u.db", x->dir);
	assert_int_equal(store_open(path2, &b, &x->e), ERR_OK);
	assert_int_equal(b->ops->migrate(b, NULL, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->meta_set(x->st, "k", "a", &x->e), ERR_OK);
	time_t t0 = time(NULL);
	assert_int_equal(b->ops->begin_write(b, &x->e), ERR_OK);
	assert_int_equal(b->ops->meta_set(b, "k", "b", &x->e), ERR_OK);
	assert_int_equal(b->ops->commit(b, &x->e), ERR_OK);
	assert_true(time(NULL) - t0 < 3); /* not the 5 s wait of a taken lock */
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	char got[16];
	assert_int_equal(b->ops->meta_get(b, "k", got, sizeof(got), &x->e), ERR_OK);
	assert_string_equal(got, "b");
	store_close(b);
}

static long long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* About 600 pages of new rows, one small commit each: far more than the
 * checkpointer's mark (1000 log pages) in the log, far less than the mark
 * at which a committer checkpoints itself (8000). */
static void test_checkpointer_copies_the_log(void **state)
{
	struct fx *x = *state;
	char value[1100];

	/* whatever the migrations left in the log, copied first */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	long long before = file_size(x->path);
	assert_true(before > 0);
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	for (int i = 0; i < 2000; i++) {
		char key[32];

		snprintf(key, sizeof(key), "c%05d", i);
		assert_int_equal(x->st->ops->meta_set(x->st, key, value, &x->e), ERR_OK);
	}
	/* the checkpointer runs on its own thread: give it time */
	long long after = file_size(x->path);
	for (int i = 0; i < 100 && after < before + 1024 * 1024; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		assert_int_equal(x->st->ops->meta_set(x->st, "tick", "1", &x->e), ERR_OK);
		after = file_size(x->path);
	}
	/* the rows are ~2.4 MB: most of them reached the file */
	assert_true(after >= before + 1024 * 1024);
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_non_null(sqlite_vfs_lj());
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
					 SQLITE_VFS_LJ), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA mmap_size=1073741824;"
					  "PRAGMA cache_size=-64", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static sqlite3_int64 one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	sqlite3_int64 v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void test_vfs_map_sees_checkpoints(void **state)
{
	struct fx *x = *state;
	char path[80];

	snprintf(path, sizeof(path), "%s/raw.db", x->dir);
	sqlite3 *w = raw_open(path), *r = raw_open(path);
	exec_ok(w, "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, pad TEXT);"
		   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
		   " INSERT INTO t SELECT i, i, printf('%0500d', i) FROM n;"
		   "PRAGMA wal_checkpoint(TRUNCATE)");
	long long size0 = file_size(path);
	assert_true(size0 > 2 * 1024 * 1024); /* the rows are in the file now */
	/* the reader maps the file and reads it (its cache is tiny) */
	assert_int_equal(one(r, "SELECT sum(v) FROM t"), 4000LL * 4001 / 2);
	/* rows rewritten in place and copied into the file by a checkpoint */
	exec_ok(w, "UPDATE t SET v = v * 2; PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(one(r, "SELECT sum(v) FROM t"), 4000LL * 4001);
	/* the file grows past what the reader mapped before */
	exec_ok(w, "WITH RECURSIVE n(i) AS (SELECT 4001 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)"
		   " INSERT INTO t SELECT i, 1, printf('%0500d', i) FROM n;"
		   "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_true(file_size(path) > size0);
	assert_int_equal(one(r, "SELECT sum(v) FROM t"), 4000LL * 4001 + 4000);
	assert_int_equal(one(r, "SELECT count(*) FROM t WHERE pad = printf('%0500d', id)"), 8000);
	/* and the log's pages, not yet in the file, come from the log */
	exec_ok(w, "UPDATE t SET v = 0 WHERE id > 4000");
	assert_int_equal(one(r, "SELECT sum(v) FROM t"), 4000LL * 4001);
	sqlite3_close(r);
	sqlite3_close(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_threads_write_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_is_per_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpointer_copies_the_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vfs_map_sees_checkpoints, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
