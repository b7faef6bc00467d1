/*
 * store_sqlite_drv.c - the SQLite driver under the store: the per-connection
 * statement cache, binds, column readers, stepping helpers, transactions
 * and the mapping of SQLite errors to err_code.
 *
 * The store's areas are written over the thin SQL driver (db.h), whose
 * SQLite engine (db_sqlite.c) takes its statements from the cache here;
 * what stays here is the connection's own work.
 */
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "store/sq_int.h"

enum {
	D_BEGIN = SQ_FIRST(SQ_AREA_CONN), D_BEGIN_IMMEDIATE, D_COMMIT, D_PING, D_DATA_VERSION,
	D_LAST
};
SQ_FITS(SQ_AREA_CONN, D_LAST);

static enum err_code sq_fail(struct sq *q, struct err *e, const char *what)
{
	int rc = sqlite3_extended_errcode(q->db);
	log_error("sqlite: %s: %s (%d)", what, sqlite3_errmsg(q->db), rc);
	if ((rc & 0xff) == SQLITE_FULL)
		return err_set(e, ERR_FULL, NULL, "存储空间不足，写入失败");
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突");
	return err_set(e, ERR_STORE, NULL, "数据库错误");
}

enum err_code sq_error(struct sq *q, struct err *e, const char *what)
{
	return sq_fail(q, e, what);
}

enum err_code sq_exec(struct sq *q, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sqlite: exec: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return sq_fail(q, e, "exec");
	}
	return ERR_OK;
}

sqlite3_stmt *sq_stmt(struct sq *q, int id, const char *sql)
{
	if (id < 0 || id >= SQ_MAX_STMTS)
		abort();
	sqlite3_stmt *s = q->stmts[id];
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		log_error("sqlite: prepare: %s: %s", sqlite3_errmsg(q->db), sql);
		return NULL;
	}
	q->stmts[id] = s;
	return s;
}

sqlite3_stmt *sq_stmt_text(struct sq *q, const char *sql)
{
	struct sq_dyn *d = &q->dyn[0];
	for (int i = 0; i < SQ_DYN_STMTS; i++) {
		if (q->dyn[i].sql && strcmp(q->dyn[i].sql, sql) == 0) {
			q->dyn[i].used = ++q->dyn_tick;
			sqlite3_reset(q->dyn[i].s);
			sqlite3_clear_bindings(q->dyn[i].s);
			return q->dyn[i].s;
		}
		if (q->dyn[i].used < d->used)
			d = &q->dyn[i];
	}
	sqlite3_stmt *s;
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		log_error("sqlite: prepare: %s: %s", sqlite3_errmsg(q->db), sql);
		return NULL;
	}
	char *copy = strdup(sql);
	if (!copy)
		abort();
	sqlite3_finalize(d->s);
	free(d->sql);
	free(d->dstmt);
	*d = (struct sq_dyn){ .sql = copy, .s = s, .used = ++q->dyn_tick };
	return s;
}

/* Releases the file's write lock if this connection holds it; after a
 * commit, returns once the commit is on disk (store_sqlite_file.c): -1 if
 * it could not be made so. */
static int write_unlock(struct sq *q, int committed)
{
	if (!q->write_locked)
		return 0;
	q->write_locked = 0;
	return sq_file_unlock(q->file, q, committed);
}

/* Transactions nest: inside a transaction, begin opens a savepoint and
 * commit/rollback release or undo just that savepoint, so that a caller can
 * make several domain operations (each with its own transaction) one atomic
 * change (the demo). When SQLite has ended the transaction itself (an I/O
 * error or a full disk rolls it back), the depth starts again from 0. */
static void sync_depth(struct sq *q)
{
	if (sqlite3_get_autocommit(q->db)) {
		q->tx_depth = 0;
		write_unlock(q, 0);
	}
}

static enum err_code sq_begin(struct sq *q, int id, const char *sql, struct err *e)
{
	sync_depth(q);
	if (q->tx_depth > 0) {
		enum err_code rc = sq_exec(q, "SAVEPOINT nested", e);
		if (!rc)
			q->tx_depth++;
		return rc;
	}
	/* a writer of this process waits for the others here, woken as soon
	 * as the lock is free (store_sqlite_file.c) */
	if (id == D_BEGIN_IMMEDIATE && q->file) {
		if (!sq_file_lock(q->file)) {
			log_error("sqlite: begin: the write lock stayed taken");
			return err_set(e, ERR_STORE, NULL, "数据库错误");
		}
		q->write_locked = 1;
	}
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s || sqlite3_step(s) != SQLITE_DONE) {
		enum err_code rc = sq_fail(q, e, "begin");
		write_unlock(q, 0);
		return rc;
	}
	q->tx_depth = 1;
	return ERR_OK;
}

enum err_code sq_begin_write(struct store *st, struct err *e)
{
	return sq_begin((struct sq *)st, D_BEGIN_IMMEDIATE, "BEGIN IMMEDIATE", e);
}

enum err_code sq_begin_read(struct store *st, struct err *e)
{
	return sq_begin((struct sq *)st, D_BEGIN, "BEGIN", e);
}

enum err_code sq_commit(struct store *st, struct err *e)
{
	struct sq *q = (struct sq *)st;
	sync_depth(q);
	if (q->tx_depth > 1) {
		enum err_code rc = sq_exec(q, "RELEASE nested", e);
		if (!rc)
			q->tx_depth--;
		return rc;
	}
	sqlite3_stmt *s = sq_stmt(q, D_COMMIT, "COMMIT");
	enum err_code frc = sq_gen_flush(q, e);
	if (frc) {
		sq_exec(q, "ROLLBACK", NULL);
		q->tx_depth = 0;
		write_unlock(q, 0);
		return frc;
	}
	if (!s || sqlite3_step(s) != SQLITE_DONE) {
		enum err_code rc = sq_fail(q, e, "commit");
		if (!sqlite3_get_autocommit(q->db))
			sq_exec(q, "ROLLBACK", NULL);
		q->tx_depth = 0;
		q->bumped = 0;
		write_unlock(q, 0);
		return rc;
	}
	q->tx_depth = 0;
	/* the write lock released, then (as SQLite would have with
	 * synchronous=FULL) the log synced before the caller answers */
	int unsynced = write_unlock(q, 1);
	/* after the commit, before the caller answers: a reader that sees the
	 * new count reads generations that include this commit */
	if (q->bumped && q->shared_version)
		atomic_fetch_add_explicit(q->shared_version, 1, memory_order_acq_rel);
	q->bumped = 0;
	if (unsynced) {
		/* committed (others may read it already) but maybe not on disk:
		 * the caller must not say it was saved */
		log_error("sqlite: commit: the write-ahead log could not be synced");
		return err_set(e, ERR_STORE, NULL, "数据库错误");
	}
	return ERR_OK;
}

void sq_rollback(struct store *st)
{
	struct sq *q = (struct sq *)st;
	sync_depth(q);
	if (q->tx_depth > 1) {
		if (sq_exec(q, "ROLLBACK TO nested", NULL) == ERR_OK &&
		    sq_exec(q, "RELEASE nested", NULL) == ERR_OK) {
			q->tx_depth--;
			return;
		}
	}
	if (!sqlite3_get_autocommit(q->db))
		sq_exec(q, "ROLLBACK", NULL);
	sq_gen_clear(q);
	q->bumped = 0;
	q->tx_depth = 0;
	write_unlock(q, 0);
}

enum err_code sq_ping(struct store *st, struct err *e)
{
	struct sq *q = (struct sq *)st;
	sqlite3_stmt *s = sq_stmt(q, D_PING, "SELECT 1");
	if (!s || sqlite3_step(s) != SQLITE_ROW)
		return sq_fail(q, e, "ping");
	sqlite3_reset(s);
	return ERR_OK;
}

/* The shared counter (store_sqlite.c) moves with every commit, by any
 * connection of any process on the file, that bumped answer-cache
 * generations: a cached read costs no SQLite transaction (a PRAGMA
 * data_version read is one, with its two fcntl locks on the WAL index:
 * 28% of the server's CPU in the 90/10 mixed load). Without it: PRAGMA
 * data_version moves when another connection commits, and this
 * connection's own commits show in total_changes; together they change on
 * any commit. */
enum err_code sq_data_version(struct store *st, uint64_t *out, struct err *e)
{
	struct sq *q = (struct sq *)st;
	if (q->shared_version) {
		*out = atomic_load_explicit(q->shared_version, memory_order_acquire);
		return ERR_OK;
	}
	sqlite3_stmt *s = sq_stmt(q, D_DATA_VERSION, "PRAGMA data_version");
	if (!s || sqlite3_step(s) != SQLITE_ROW)
		return sq_fail(q, e, "data_version");
	uint64_t v = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	*out = (v << 32) ^ (uint64_t)sqlite3_total_changes64(q->db);
	return ERR_OK;
}

enum err_code sq_backup(struct store *st, const char *path, struct err *e)
{
	struct sq *q = (struct sq *)st;
	sqlite3 *dst;
	if (sqlite3_open(path, &dst) != SQLITE_OK) {
		log_error("backup: open %s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return err_set(e, ERR_STORE, NULL, "无法创建备份文件");
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", q->db, "main");
	if (!b) {
		log_error("backup: init: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return err_set(e, ERR_STORE, NULL, "备份失败");
	}
	int rc;
	/* Copy in steps so a running server's writers are held up only briefly. */
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(5);
	sqlite3_backup_finish(b);
	int final = sqlite3_errcode(dst);
	sqlite3_close(dst);
	if (rc != SQLITE_DONE || final != SQLITE_OK) {
		log_error("backup: step failed (%d)", rc);
		return err_set(e, ERR_STORE, NULL, "备份失败");
	}
	return ERR_OK;
}
