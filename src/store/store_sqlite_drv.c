/*
 * store_sqlite_drv.c - the SQLite driver under the store: the per-connection
 * statement cache, binds, column readers, stepping helpers, transactions
 * and the mapping of SQLite errors to err_code.
 *
 * This is where SQLite's API is used for the common work; the area files
 * hold SQL text and row mapping. A second engine would supply the same
 * functions over its own client library.
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

/* Set by sq_text when a value does not fit its record field; cleared when
 * a statement is handed out (sq_stmt) and read by the stepping helpers,
 * which turn it into a store error. One connection per thread, so a
 * thread-local flag is the connection's. */
static _Thread_local int text_overflow;

sqlite3_stmt *sq_stmt(struct sq *q, int id, const char *sql)
{
	if (id < 0 || id >= SQ_MAX_STMTS)
		abort();
	sqlite3_stmt *s = q->stmts[id];
	text_overflow = 0;
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
	text_overflow = 0;
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

int sq_text_overflowed(void)
{
	int v = text_overflow;
	text_overflow = 0;
	return v;
}

void sq_text(sqlite3_stmt *s, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	size_t n = (size_t)sqlite3_column_bytes(s, col);
	if (size == 0)
		return;
	out[0] = '\0';
	if (!t)
		return;
	if (n >= size) {
		/* Never a cut string (it could end inside a UTF-8 sequence and
		 * would silently lose data): the record is too small for what the
		 * database holds, which the API's limits should have prevented. */
		const char *name = sqlite3_column_name(s, col);
		log_error("sqlite: column %s: %zu bytes do not fit in %zu", name ? name : "?", n,
			  size - 1);
		text_overflow = 1;
		return;
	}
	memcpy(out, t, n);
	out[n] = '\0';
}

char *sq_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	if (!t)
		return NULL;
	size_t n = (size_t)sqlite3_column_bytes(s, col);
	char *p = malloc(n + 1);
	if (!p)
		abort();
	memcpy(p, t, n + 1);
	return p;
}

void *sq_grow(void *arr, size_t elem, size_t n, size_t *alloc)
{
	if (n < *alloc)
		return arr;
	*alloc = *alloc ? *alloc * 2 : 16;
	void *p = realloc(arr, elem * *alloc);
	if (!p)
		abort();
	return p;
}

/* A write outside any transaction is made one (BEGIN IMMEDIATE … COMMIT),
 * so that the generations it moves commit with it (store_sqlite_gen.c):
 * wrap_begin opens it (1: opened, 0: not needed, -1: could not), the
 * caller steps and maps any error (SQLite's error code is still the
 * statement's), then wrap_end commits or rolls back. */
static int wrap_begin(struct sq *q, sqlite3_stmt *s)
{
	struct err e;
	if (!sqlite3_get_autocommit(q->db) || sqlite3_stmt_readonly(s))
		return 0;
	return sq_begin_write(&q->base, &e) ? -1 : 1;
}

static enum err_code wrap_end(struct sq *q, int opened, enum err_code rc, struct err *e)
{
	if (opened != 1)
		return rc;
	if (rc) {
		sq_rollback(&q->base);
		return rc;
	}
	return sq_commit(&q->base, e);
}

enum err_code sq_done(struct sq *q, sqlite3_stmt *s, struct err *e, const char *what)
{
	int opened = wrap_begin(q, s);
	if (opened < 0)
		return sq_error(q, e, what);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	enum err_code rc = ERR_OK;
	if (r != SQLITE_DONE)
		rc = (r & 0xff) == SQLITE_CONSTRAINT
			     ? err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", what)
			     : sq_error(q, e, what);
	return wrap_end(q, opened, rc, e);
}

enum err_code sq_run(struct sq *q, sqlite3_stmt *s, struct err *e, const char *what)
{
	int opened = wrap_begin(q, s);
	if (opened < 0)
		return sq_error(q, e, what);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	return wrap_end(q, opened, r == SQLITE_DONE ? ERR_OK : sq_error(q, e, what), e);
}

void sq_bind_opt_id(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

void sq_bind_opt_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t && *t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

void sq_bind_day(sqlite3_stmt *s, int i, int32_t day)
{
	char d[11];
	date_format(day, d);
	sqlite3_bind_text(s, i, d, 10, SQLITE_TRANSIENT);
}

void sq_bind_opt_day(sqlite3_stmt *s, int i, int32_t day)
{
	if (day)
		sq_bind_day(s, i, day);
	else
		sqlite3_bind_null(s, i);
}

int32_t sq_col_day(sqlite3_stmt *s, int i)
{
	int32_t d = 0;
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (t)
		date_parse(t, &d);
	return d;
}

enum err_code sq_one(struct sq *q, sqlite3_stmt *s, sq_row_fn row, void *out, const char *noun,
		     struct err *e, const char *what)
{
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		row(s, out);
	sqlite3_reset(s);
	if (r == SQLITE_ROW && sq_text_overflowed())
		return err_set(e, ERR_STORE, NULL, "数据库错误");
	if (r == SQLITE_ROW)
		return ERR_OK;
	if (r == SQLITE_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s不存在", noun);
	return sq_error(q, e, what);
}

enum err_code sq_collect_ex(struct sq *q, sqlite3_stmt *s, size_t elem, sq_row_fn row,
			    const struct sq_collect_hooks *hooks, void **out, size_t *out_n,
			    struct err *e, const char *what)
{
	char *arr = NULL;
	size_t n = 0, alloc = 0;
	enum err_code rc = ERR_OK;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		arr = sq_grow(arr, elem, n, &alloc);
		row(s, arr + elem * n++);
	}
	sqlite3_reset(s);
	if (r != SQLITE_DONE)
		rc = sq_error(q, e, what);
	else if (sq_text_overflowed())
		rc = err_set(e, ERR_STORE, NULL, "数据库错误");
	for (size_t i = 0; !rc && hooks && hooks->each && i < n; i++)
		rc = hooks->each(q, arr + elem * i, e);
	if (rc) {
		if (hooks && hooks->release)
			hooks->release(arr, n);
		else
			free(arr);
		return rc;
	}
	*out = arr;
	*out_n = n;
	return ERR_OK;
}

enum err_code sq_code_column(struct sq *q, int id, const char *sql, int64_t key, char *arr,
			     size_t size, size_t max, size_t *n, struct err *e, const char *what)
{
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s)
		return sq_error(q, e, what);
	sqlite3_bind_int64(s, 1, key);
	*n = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		sq_text(s, 0, arr + size * *n, size);
		(*n)++;
	}
	sqlite3_reset(s);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return sq_error(q, e, what);
	return sq_text_overflowed() ? err_set(e, ERR_STORE, NULL, "数据库错误") : ERR_OK;
}

enum err_code sq_id_column(struct sq *q, int id, const char *sql, int64_t key, int64_t *arr,
			   size_t max, size_t *n, struct err *e, const char *what)
{
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s)
		return sq_error(q, e, what);
	sqlite3_bind_int64(s, 1, key);
	*n = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		arr[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return r == SQLITE_DONE || r == SQLITE_ROW ? ERR_OK : sq_error(q, e, what);
}

enum err_code sq_collect(struct sq *q, sqlite3_stmt *s, size_t elem, sq_row_fn row,
			 void **out, size_t *out_n, struct err *e, const char *what)
{
	return sq_collect_ex(q, s, elem, row, NULL, out, out_n, e, what);
}

enum err_code sq_alliance_page(struct sq *q, int id, const char *sql, int64_t alliance_id,
			       const char *kind, struct page pg, size_t elem, sq_row_fn row,
			       const struct sq_collect_hooks *hooks, void **out, size_t *out_n,
			       struct err *e, const char *what)
{
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s)
		return sq_error(q, e, what);
	sqlite3_bind_int64(s, 1, alliance_id);
	sq_bind_opt_text(s, 2, kind);   /* an unused ?2 takes it harmlessly */
	sqlite3_bind_int64(s, 3, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	sqlite3_bind_int(s, 4, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, elem, row, hooks, &arr, out_n, e, what);
	*out = arr;
	return rc;
}

/* Transactions nest: inside a transaction, begin opens a savepoint and
 * commit/rollback release or undo just that savepoint, so that a caller can
 * make several domain operations (each with its own transaction) one atomic
 * change (the demo). When SQLite has ended the transaction itself (an I/O
 * error or a full disk rolls it back), the depth starts again from 0. */
static void sync_depth(struct sq *q)
{
	if (sqlite3_get_autocommit(q->db))
		q->tx_depth = 0;
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
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s || sqlite3_step(s) != SQLITE_DONE)
		return sq_fail(q, e, "begin");
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
		return frc;
	}
	if (!s || sqlite3_step(s) != SQLITE_DONE) {
		enum err_code rc = sq_fail(q, e, "commit");
		if (!sqlite3_get_autocommit(q->db))
			sq_exec(q, "ROLLBACK", NULL);
		q->tx_depth = 0;
		q->bumped = 0;
		return rc;
	}
	q->tx_depth = 0;
	/* after the commit, before the caller answers: a reader that sees the
	 * new count reads generations that include this commit */
	if (q->bumped && q->shared_version)
		atomic_fetch_add_explicit(q->shared_version, 1, memory_order_acq_rel);
	q->bumped = 0;
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
