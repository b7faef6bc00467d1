/*
 * db_pg.c - the PostgreSQL engine of the thin SQL driver (db.h), over
 * libpq (Debian libpq-dev).
 *
 * A statement is prepared on the server once per connection under the name
 * "s<slot>"; parameters travel as text (PostgreSQL infers their types from
 * the SQL, as it does for psql), results come back as text and the column
 * readers convert. A step runs the statement on its first call and then
 * walks the result's rows; reset frees the result. Statements that return
 * many rows would want single-row mode; the store's lists are paged, so a
 * whole result in memory is the simple and sufficient choice here.
 */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/log.h"
#include "store/db_pg.h"
#include "store/slots.h"

struct pg_stmt {
	struct db_stmt base;
	char name[24];
	int nparams;
	const char *vals[DB_MAX_PARAMS];
	char ibuf[DB_MAX_PARAMS][DB_SHORT_TEXT];   /* integers and short texts */
	PGresult *res;
	int row, nrows;
	int writes;   /* not a SELECT: a lone one runs in a write transaction */
};

/* Statements whose text is built per call (db_stmt_text), prepared under
 * the names "d<n>" (n counts up, never reused) and kept by their text: at
 * most PG_DYN_STMTS, the least recently used one DEALLOCATEd for a new
 * text. */
#define PG_DYN_STMTS 16
struct pg_dyn {
	char *sql;
	struct pg_stmt *s;
	uint64_t used;
};

struct pg_conn {
	struct db_conn base;
	PGconn *pg;
	PGresult *last_error;   /* the failed result, kept for error() */
	struct pg_stmt *stmts[SQ_MAX_STMTS];
	struct pg_dyn dyn[PG_DYN_STMTS];
	uint64_t dyn_tick, dyn_names;
	const struct db_pg_hooks *hooks;
	int64_t retry_ms;     /* when a lost connection may be tried again */
};

static struct pg_conn *pc(struct db_conn *c)
{
	return (struct pg_conn *)c;
}
static struct pg_stmt *ps(struct db_stmt *s)
{
	return (struct pg_stmt *)s;
}

static void keep_error(struct pg_conn *c, PGresult *r)
{
	PQclear(c->last_error);
	c->last_error = r;
}

static void session_settings(struct pg_conn *c)
{
	/* Text in and out is UTF-8 whatever the server's default. */
	PQsetClientEncoding(c->pg, "UTF8");
	/* Notices (e.g. "already exists, skipping") are not the store's news. */
	PQclear(PQexec(c->pg, "SET client_min_messages = warning"));
}

/* Frees every statement kept, slotted and built per call (they are
 * gone from the server with its session, or about to be). */
static void forget_statements(struct pg_conn *c)
{
	for (int i = 0; i < SQ_MAX_STMTS; i++) {
		if (c->stmts[i]) {
			PQclear(c->stmts[i]->res);
			free(c->stmts[i]);
			c->stmts[i] = NULL;
		}
	}
	for (int i = 0; i < PG_DYN_STMTS; i++) {
		if (c->dyn[i].s) {
			PQclear(c->dyn[i].s->res);
			free(c->dyn[i].s);
		}
		free(c->dyn[i].sql);
		c->dyn[i] = (struct pg_dyn){ 0 };
	}
}

/* A connection the server dropped (a restart, a failover, a killed
 * backend) is made again on the next use, at most every 500 ms: the
 * requests in between fail with ERR_UNAVAILABLE (503), and the instance
 * needs no restart. The prepared statements died with the old session;
 * the store is told that no transaction is open any more. */
static int usable(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return 1;
	int64_t now = date_now_ms();
	if (now < c->retry_ms)
		return 0;
	c->retry_ms = now + 500;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return 0;
	log_info("pg: reconnected");
	forget_statements(c);
	keep_error(c, NULL);
	session_settings(c);
	if (c->hooks && c->hooks->reset)
		c->hooks->reset(c->hooks->ctx);
	return 1;
}

/* Whether sql may write: anything but a plain SELECT (a WITH may hold an
 * INSERT; wrapping a read costs only time). */
static int may_write(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) != 0;
}

/* A statement not yet used: reset, its bindings cleared. */
static struct db_stmt *pg_fresh(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	memset(s->vals, 0, sizeof(s->vals));
	return &s->base;
}

/* Prepares sql on the server under name; NULL on an error (logged, kept
 * for error()). */
static struct pg_stmt *pg_prepare(struct pg_conn *c, const char *name, const char *sql)
{
	struct pg_stmt *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->base.drv = c->base.drv;
	s->base.conn = &c->base;
	snprintf(s->name, sizeof(s->name), "%s", name);
	PGresult *r = PQprepare(c->pg, s->name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		log_error("pg: prepare: %s: %s", PQresultErrorMessage(r), sql);
		keep_error(c, r);
		free(s);
		return NULL;
	}
	PQclear(r);
	r = PQdescribePrepared(c->pg, s->name);
	if (PQresultStatus(r) != PGRES_COMMAND_OK || PQnparams(r) > DB_MAX_PARAMS) {
		log_error("pg: describe %s: %s", s->name, PQresultErrorMessage(r));
		keep_error(c, r);
		free(s);
		return NULL;
	}
	s->nparams = PQnparams(r);
	s->writes = may_write(sql);
	PQclear(r);
	return s;
}

static struct db_stmt *pg_stmt_get(struct db_conn *dc, int slot, const char *sql)
{
	struct pg_conn *c = pc(dc);
	if (slot < 0 || slot >= SQ_MAX_STMTS)
		abort();
	if (!usable(c))
		return NULL;
	if (c->stmts[slot])
		return pg_fresh(c->stmts[slot]);
	char name[16];
	snprintf(name, sizeof(name), "s%d", slot);
	struct pg_stmt *s = pg_prepare(c, name, sql);
	if (!s)
		return NULL;
	c->stmts[slot] = s;
	return &s->base;
}

static struct db_stmt *pg_stmt_text(struct db_conn *dc, const char *sql)
{
	struct pg_conn *c = pc(dc);
	if (!usable(c))
		return NULL;
	struct pg_dyn *d = &c->dyn[0];
	for (int i = 0; i < PG_DYN_STMTS; i++) {
		if (c->dyn[i].sql && strcmp(c->dyn[i].sql, sql) == 0) {
			c->dyn[i].used = ++c->dyn_tick;
			return pg_fresh(c->dyn[i].s);
		}
		if (c->dyn[i].used < d->used)
			d = &c->dyn[i];
	}
	char name[24];
	snprintf(name, sizeof(name), "d%" PRIu64, ++c->dyn_names);
	struct pg_stmt *s = pg_prepare(c, name, sql);
	if (!s)
		return NULL;
	char *copy = strdup(sql);
	if (!copy)
		abort();
	if (d->s) {
		/* Not transactional: it holds even if the transaction around
		 * it fails later. A failure only leaves the old statement on
		 * the server until the connection closes (its name is never
		 * used again). */
		char dealloc[40];
		snprintf(dealloc, sizeof(dealloc), "DEALLOCATE %s", d->s->name);
		PGresult *r = PQexec(c->pg, dealloc);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			log_error("pg: %s: %s", dealloc, PQresultErrorMessage(r));
		PQclear(r);
		PQclear(d->s->res);
		free(d->s);
	}
	free(d->sql);
	*d = (struct pg_dyn){ .sql = copy, .s = s, .used = ++c->dyn_tick };
	return &s->base;
}

static int pidx(int n)
{
	if (n < 1 || n > DB_MAX_PARAMS)
		abort();
	return n - 1;
}

static void pg_bind_i64(struct db_stmt *s, int n, int64_t v)
{
	int i = pidx(n);
	snprintf(ps(s)->ibuf[i], sizeof(ps(s)->ibuf[i]), "%" PRId64, v);
	ps(s)->vals[i] = ps(s)->ibuf[i];
}

static void pg_bind_text(struct db_stmt *s, int n, const char *t)
{
	ps(s)->vals[pidx(n)] = t;
}

static void pg_bind_text_copy(struct db_stmt *s, int n, const char *t)
{
	int i = pidx(n);
	size_t len = strlen(t);
	if (len >= sizeof(ps(s)->ibuf[i]))
		abort();
	memcpy(ps(s)->ibuf[i], t, len + 1);
	ps(s)->vals[i] = ps(s)->ibuf[i];
}

static enum db_rc pg_step(struct db_stmt *ds)
{
	struct pg_stmt *s = ps(ds);
	struct pg_conn *c = pc(ds->conn);
	if (!s->res) {
		/* A write outside any transaction runs in one of its own, so that
		 * the answer-cache generations it moves commit with it (as the
		 * SQLite engine does). */
		const struct db_pg_hooks *h = c->hooks;
		int wrap = s->writes && h && !h->in_tx(h->ctx);
		struct err e;
		if (wrap && h->begin(h->ctx, &e))
			return DB_FAIL;
		s->res = PQexecPrepared(c->pg, s->name, s->nparams, s->vals, NULL, NULL, 0);
		ExecStatusType st = PQresultStatus(s->res);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			keep_error(c, s->res);
			s->res = NULL;
			if (wrap) {
				/* the error stays for error(): the rollback's success
				 * does not replace it */
				PGresult *kept = c->last_error;
				c->last_error = NULL;
				h->rollback(h->ctx);
				keep_error(c, kept);
			}
			return DB_FAIL;
		}
		if (wrap && h->commit(h->ctx, &e)) {
			PQclear(s->res);
			s->res = NULL;
			return DB_FAIL;
		}
		s->row = -1;
		s->nrows = PQntuples(s->res);
	}
	if (s->row + 1 >= s->nrows) {
		s->row = s->nrows;
		return DB_DONE;
	}
	s->row++;
	return DB_ROW;
}

static int pg_col_null(struct db_stmt *s, int col)
{
	return PQgetisnull(ps(s)->res, ps(s)->row, col);
}

static int64_t pg_col_i64(struct db_stmt *s, int col)
{
	if (pg_col_null(s, col))
		return 0;
	return strtoll(PQgetvalue(ps(s)->res, ps(s)->row, col), NULL, 10);
}

static const char *pg_col_text(struct db_stmt *s, int col, size_t *len)
{
	*len = (size_t)PQgetlength(ps(s)->res, ps(s)->row, col);
	return PQgetvalue(ps(s)->res, ps(s)->row, col);
}

static void pg_reset(struct db_stmt *s)
{
	PQclear(ps(s)->res);
	ps(s)->res = NULL;
}

/* SQLSTATE classes: 23 integrity constraint violation; 53100 disk full. */
static enum err_code pg_error(struct db_conn *dc, struct err *e, const char *what)
{
	struct pg_conn *c = pc(dc);
	const char *state = c->last_error ? PQresultErrorField(c->last_error, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = c->last_error ? PQresultErrorMessage(c->last_error) : PQerrorMessage(c->pg);
	log_error("pg: %s: %s (%s)", what, msg, state ? state : "-");
	enum err_code rc;
	if (PQstatus(c->pg) != CONNECTION_OK || (state && strncmp(state, "08", 2) == 0) ||
	    (state && strcmp(state, "57P01") == 0))
		rc = err_set(e, ERR_UNAVAILABLE, NULL, "数据库暂时无法连接，请稍后再试");
	else if (state && strcmp(state, "53100") == 0)
		rc = err_set(e, ERR_FULL, NULL, "存储空间不足，写入失败");
	else if (state && strncmp(state, "23", 2) == 0)
		rc = err_set(e, ERR_CONFLICT, NULL, "数据冲突");
	else
		rc = err_set(e, ERR_STORE, NULL, "数据库错误");
	keep_error(c, NULL);
	return rc;
}

static enum err_code pg_copy_begin(struct db_conn *dc, const char *sql, struct err *e)
{
	struct pg_conn *c = pc(dc);
	if (!usable(c))
		return pg_error(dc, e, "copy");
	PGresult *r = PQexec(c->pg, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		keep_error(c, r);
		return pg_error(dc, e, "copy");
	}
	PQclear(r);
	return ERR_OK;
}

static enum err_code pg_copy_put(struct db_conn *dc, const char *line, size_t len, struct err *e)
{
	struct pg_conn *c = pc(dc);
	if (len > INT32_MAX || PQputCopyData(c->pg, line, (int)len) != 1)
		return pg_error(dc, e, "copy");
	return ERR_OK;
}

static enum err_code pg_copy_end(struct db_conn *dc, int abort, struct err *e)
{
	struct pg_conn *c = pc(dc);
	if (PQputCopyEnd(c->pg, abort ? "aborted" : NULL) != 1)
		return pg_error(dc, e, "copy");
	enum err_code rc = ERR_OK;
	PGresult *r;
	while ((r = PQgetResult(c->pg)) != NULL) {
		if (rc == ERR_OK && !abort && PQresultStatus(r) != PGRES_COMMAND_OK) {
			keep_error(c, r);
			rc = pg_error(dc, e, "copy");
			continue;
		}
		PQclear(r);
	}
	return rc;
}

static const struct db_driver db_pg_driver = {
	.engine = DB_PG,
	.name = "pg",
	.stmt = pg_stmt_get,
	.stmt_text = pg_stmt_text,
	.bind_i64 = pg_bind_i64,
	.bind_text = pg_bind_text,
	.bind_text_copy = pg_bind_text_copy,
	.step = pg_step,
	.col_null = pg_col_null,
	.col_i64 = pg_col_i64,
	.col_text = pg_col_text,
	.reset = pg_reset,
	.error = pg_error,
	.copy_begin = pg_copy_begin,
	.copy_put = pg_copy_put,
	.copy_end = pg_copy_end,
};

struct db_conn *db_pg_connect(const char *conninfo, struct err *e)
{
	struct pg_conn *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->base.drv = &db_pg_driver;
	c->pg = PQconnectdb(conninfo);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		log_error("pg: connect: %s", PQerrorMessage(c->pg));
		PQfinish(c->pg);
		free(c);
		err_set(e, ERR_STORE, NULL, "无法连接数据库");
		return NULL;
	}
	session_settings(c);
	return &c->base;
}

void db_pg_set_hooks(struct db_conn *dc, const struct db_pg_hooks *h)
{
	pc(dc)->hooks = h;
}

void db_pg_close(struct db_conn *dc)
{
	if (!dc)
		return;
	struct pg_conn *c = pc(dc);
	forget_statements(c);
	PQclear(c->last_error);
	PQfinish(c->pg);
	free(c);
}

enum err_code db_pg_exec(struct db_conn *dc, const char *sql, struct err *e)
{
	struct pg_conn *c = pc(dc);
	if (!usable(c))
		return pg_error(dc, e, "exec");
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		keep_error(c, r);
		return pg_error(dc, e, "exec");
	}
	PQclear(r);
	return ERR_OK;
}
