/*
 * db_sqlite.c - the SQLite engine of the thin SQL driver (db.h).
 *
 * Statements come from the connection's statement cache (sq_stmt), so an
 * area written over the driver shares slots and lifetimes with the areas
 * still written against sqlite3 directly. Parameters are $1…$n in the SQL
 * text; each statement keeps the map from n to SQLite's own index, found by
 * name once at prepare time (SQLite numbers named parameters in order of
 * first appearance, so "$2 … $1" must not be bound by position).
 */
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "store/db.h"
#include "store/sq_int.h"

struct sq_dstmt {
	struct db_stmt base;
	sqlite3_stmt *s;
	int map[DB_MAX_PARAMS + 1];   /* $n -> SQLite index; 0: not in the text */
};

static struct sq *sq_of(struct db_conn *c)
{
	return (struct sq *)(void *)((char *)c - offsetof(struct sq, dconn));
}

static struct sq_dstmt *ds(struct db_stmt *s)
{
	return (struct sq_dstmt *)s;
}

/* Points d at s and finds where each $n sits in it. */
static void map_params(struct sq_dstmt *d, struct db_conn *c, sqlite3_stmt *s)
{
	d->base.drv = c->drv;
	d->base.conn = c;
	d->s = s;
	for (int n = 1; n <= DB_MAX_PARAMS; n++) {
		char name[16];
		snprintf(name, sizeof(name), "$%d", n);
		d->map[n] = sqlite3_bind_parameter_index(s, name);
	}
}

static struct sq_dstmt *new_dstmt(void)
{
	struct sq_dstmt *d = calloc(1, sizeof(*d));
	if (!d)
		abort();
	return d;
}

static struct db_stmt *dsq_stmt(struct db_conn *c, int slot, const char *sql)
{
	struct sq *q = sq_of(c);
	sqlite3_stmt *s = sq_stmt(q, slot, sql);
	if (!s)
		return NULL;
	struct sq_dstmt *d = q->dstmts[slot];
	if (d && d->s == s)
		return &d->base;
	if (!d)
		d = q->dstmts[slot] = new_dstmt();
	map_params(d, c, s);
	return &d->base;
}

/* sq_stmt_text keeps the statements by text; each entry's parameter map
 * lives beside it (sq_dyn.dstmt), dropped with the entry. */
static struct db_stmt *dsq_stmt_text(struct db_conn *c, const char *sql)
{
	struct sq *q = sq_of(c);
	sqlite3_stmt *s = sq_stmt_text(q, sql);
	if (!s)
		return NULL;
	for (int i = 0; i < SQ_DYN_STMTS; i++) {
		struct sq_dyn *y = &q->dyn[i];
		if (y->s != s)
			continue;
		if (!y->dstmt) {
			y->dstmt = new_dstmt();
			map_params(y->dstmt, c, s);
		}
		return &y->dstmt->base;
	}
	abort();   /* sq_stmt_text returns one of its entries */
}

static int idx(struct db_stmt *s, int n)
{
	if (n < 1 || n > DB_MAX_PARAMS)
		abort();
	return ds(s)->map[n];
}

static void dsq_bind_i64(struct db_stmt *s, int n, int64_t v)
{
	sqlite3_bind_int64(ds(s)->s, idx(s, n), v);
}

static void dsq_bind_text(struct db_stmt *s, int n, const char *t)
{
	if (t)
		sqlite3_bind_text(ds(s)->s, idx(s, n), t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ds(s)->s, idx(s, n));
}

/* A write outside any transaction is made one (BEGIN IMMEDIATE … COMMIT),
 * so that the answer-cache generations it moves commit with it
 * (store_sqlite_gen.c): committed here when it is done, or, when it
 * returns rows (RETURNING) or fails (the caller reads the error from the
 * connection first), ended when the caller resets it, as SQLite's own
 * autocommit would. */
static void dsq_bind_text_copy(struct db_stmt *s, int n, const char *t)
{
	sqlite3_bind_text(ds(s)->s, idx(s, n), t, -1, SQLITE_TRANSIENT);
}

static enum db_rc dsq_step(struct db_stmt *s)
{
	struct sq *q = sq_of(s->conn);
	sqlite3_stmt *st = ds(s)->s;
	int wrap = !q->wrap_open && sqlite3_get_autocommit(q->db) && !sqlite3_stmt_readonly(st) &&
		   !sqlite3_stmt_busy(st);
	struct err e;
	if (wrap && sq_begin_write(&q->base, &e))
		return DB_FAIL;
	int r = sqlite3_step(st);
	if (wrap) {
		if (r == SQLITE_DONE) {
			sqlite3_reset(st);
			if (sq_commit(&q->base, &e))
				r = SQLITE_ERROR;
		} else {
			/* rows to read, or an error the caller maps from the
			 * connection: ended at the statement's reset */
			q->wrap_open = r == SQLITE_ROW ? 1 : 2;
		}
	}
	return r == SQLITE_ROW ? DB_ROW : r == SQLITE_DONE ? DB_DONE : DB_FAIL;
}

static int dsq_col_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(ds(s)->s, col) == SQLITE_NULL;
}

static int64_t dsq_col_i64(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(ds(s)->s, col);
}

static const char *dsq_col_text(struct db_stmt *s, int col, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(ds(s)->s, col);
	*len = t ? (size_t)sqlite3_column_bytes(ds(s)->s, col) : 0;
	return t ? (const char *)t : "";
}

static void dsq_reset(struct db_stmt *s)
{
	struct sq *q = sq_of(s->conn);
	sqlite3_reset(ds(s)->s);
	if (q->wrap_open == 1) {
		struct err e;
		q->wrap_open = 0;
		if (sq_commit(&q->base, &e))
			log_error("sqlite: the write of a statement with RETURNING did not commit");
	} else if (q->wrap_open == 2) {
		q->wrap_open = 0;
		sq_rollback(&q->base);
	}
}

static enum err_code dsq_error(struct db_conn *c, struct err *e, const char *what)
{
	return sq_error(sq_of(c), e, what);
}

const struct db_driver db_sqlite_driver = {
	.engine = DB_SQLITE,
	.name = "sqlite",
	.stmt = dsq_stmt,
	.stmt_text = dsq_stmt_text,
	.bind_i64 = dsq_bind_i64,
	.bind_text = dsq_bind_text,
	.bind_text_copy = dsq_bind_text_copy,
	.step = dsq_step,
	.col_null = dsq_col_null,
	.col_i64 = dsq_col_i64,
	.col_text = dsq_col_text,
	.reset = dsq_reset,
	.error = dsq_error,
};
