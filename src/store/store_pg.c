/*
 * store_pg.c - the PostgreSQL backend of store.h: connection, schema and
 * transactions over the thin SQL driver (db_pg.c); the areas are the same
 * store_sql_<area>.c files SQLite runs.
 *
 * The isolation store.h promises, in PostgreSQL terms:
 *  - begin_write: BEGIN, then a transaction-scoped advisory lock that every
 *    writer takes, so writers are serialised across connections and
 *    processes as with SQLite's BEGIN IMMEDIATE (a check-then-write read
 *    after it sees every earlier commit: READ COMMITTED takes a new
 *    snapshot per statement);
 *  - begin_read: BEGIN ISOLATION LEVEL REPEATABLE READ, one snapshot;
 *  - nested begins are savepoints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "store/db_pg.h"
#include "store/gen.h"
#include "store/migrate.h"
#include "store/slots.h"
#include "store/store_account.h"
#include "store/store_division.h"
#include "store/store_pg.h"

/* The advisory lock key writers share ("LJ" + 1). */
#define PG_WRITE_LOCK 0x4c4a01

#include "store/store_sql.h"


struct pgs {
	struct store base;
	int tx_depth;
	struct gen_writes w;   /* what the transaction declared (writes_alliance) */
	struct db_pg_hooks hooks;
};

static struct pgs *P(struct store *st)
{
	return (struct pgs *)st;
}

static enum err_code pgs_begin(struct store *st, const char *first, struct err *e)
{
	struct pgs *p = P(st);
	enum err_code rc;
	if (p->tx_depth == 0) {
		rc = db_pg_exec(st->db, first, e);
	} else {
		char sql[32];
		snprintf(sql, sizeof(sql), "SAVEPOINT s%d", p->tx_depth);
		rc = db_pg_exec(st->db, sql, e);
	}
	if (rc == ERR_OK)
		p->tx_depth++;
	return rc;
}

static enum err_code pgs_begin_write(struct store *st, struct err *e)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "BEGIN; SELECT pg_advisory_xact_lock(%d)", PG_WRITE_LOCK);
	return pgs_begin(st, sql, e);
}

static enum err_code pgs_begin_read(struct store *st, struct err *e)
{
	return pgs_begin(st, "BEGIN ISOLATION LEVEL REPEATABLE READ", e);
}

/* Statements of the connection area (after the shared meta ones). */
enum { PG_MARKS = SQ_FIRST(SQ_AREA_GEN), PG_BUMP, PG_GET, PG_GEN_LAST };
SQ_FITS(SQ_AREA_GEN, PG_GEN_LAST);

/* Whether the transaction-local setting read in column col is set. */
static int marked(struct db_stmt *s, int col)
{
	size_t len = 0;
	const char *t = s->drv->col_text(s, col, &len);
	return len > 0 && t[0] == '1';
}

/* Just before COMMIT: the tables the transaction changed (marked by the
 * triggers of sql/pg/0007_generations.sql) and what it declared become
 * counter bumps in the same transaction, STORE_GEN_VERSION with them. */
static enum err_code pgs_flush(struct pgs *p, struct err *e)
{
	struct store *st = &p->base;
	struct db_stmt *s = db_stmt(st->db, PG_MARKS,
		"SELECT coalesce(current_setting('lj.global', true), ''),"
		" coalesce(current_setting('lj.alliance', true), ''),"
		" coalesce(current_setting('lj.stats', true), ''),"
		" coalesce(current_setting('lj.sessions', true), '')");
	if (!s)
		return db_error(st->db, e, "generations");
	if (db_step(s) != DB_ROW) {
		db_reset(s);
		return db_error(st->db, e, "generations");
	}
	struct gen_writes *w = &p->w;
	w->global |= marked(s, 0);
	w->alliance_rows |= marked(s, 1);
	w->stat_rows |= marked(s, 2);
	w->alliance_rows |= w->stat_rows;
	w->sessions |= marked(s, 3);
	db_reset(s);
	if (!gen_pending(w))
		return ERR_OK;
	int64_t scopes[GEN_MAX_SCOPES + 1];
	size_t n = gen_scopes(w, scopes);
	scopes[n++] = STORE_GEN_VERSION;
	/* one statement: the scopes as a text array literal {a,b,…} */
	char list[(GEN_MAX_SCOPES + 1) * 22 + 3];
	size_t at = 0;
	list[at++] = '{';
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%lld", i ? "," : "",
				       (long long)scopes[i]);
	list[at++] = '}';
	list[at] = '\0';
	s = db_stmt(st->db, PG_BUMP,
		"INSERT INTO cache_generations(scope,n) "
		"SELECT DISTINCT CAST(x AS BIGINT),1 FROM unnest(CAST($1 AS TEXT[])) AS x "
		"ON CONFLICT(scope) DO UPDATE SET n=cache_generations.n+1");
	if (!s)
		return db_error(st->db, e, "generation_bump");
	db_bind_text(s, 1, list);
	return db_run(st->db, s, e, "generation_bump");
}

static enum err_code pgs_commit(struct store *st, struct err *e)
{
	struct pgs *p = P(st);
	if (p->tx_depth == 0)
		return err_set(e, ERR_STORE, NULL, "数据库错误");
	if (p->tx_depth == 1) {
		enum err_code rc = pgs_flush(p, e);
		if (rc) {
			db_pg_exec(st->db, "ROLLBACK", NULL);
			memset(&p->w, 0, sizeof(p->w));
			p->tx_depth = 0;
			return rc;
		}
	}
	char sql[64];
	if (p->tx_depth == 1)
		snprintf(sql, sizeof(sql), "COMMIT");
	else
		snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT s%d", p->tx_depth - 1);
	enum err_code rc = db_pg_exec(st->db, sql, e);
	if (rc == ERR_OK)
		p->tx_depth--;
	else if (p->tx_depth == 1)
		p->tx_depth = 0; /* a failed COMMIT ends the transaction */
	if (p->tx_depth == 0)
		memset(&p->w, 0, sizeof(p->w));
	return rc;
}

static void pgs_rollback(struct store *st)
{
	struct pgs *p = P(st);
	struct err e;
	if (p->tx_depth == 0)
		return;
	char sql[96];
	if (p->tx_depth == 1)
		snprintf(sql, sizeof(sql), "ROLLBACK");
	else
		snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT s%d; RELEASE SAVEPOINT s%d",
			 p->tx_depth - 1, p->tx_depth - 1);
	db_pg_exec(st->db, sql, &e);
	p->tx_depth--;
	if (p->tx_depth == 0)
		memset(&p->w, 0, sizeof(p->w));
}

static enum err_code pgs_ping(struct store *st, struct err *e)
{
	return db_pg_exec(st->db, "SELECT 1", e);
}

static enum err_code pgs_generation(struct store *st, int64_t scope, uint64_t *out,
				    struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, PG_GET,
				    "SELECT n FROM cache_generations WHERE scope=$1");
	*out = 0;
	if (!s)
		return db_error(st->db, e, "generation");
	db_bind_i64(s, 1, scope);
	enum db_rc r = db_step(s);
	if (r == DB_ROW)
		*out = (uint64_t)db_col_i64(s, 0);
	db_reset(s);
	return r == DB_FAIL ? db_error(st->db, e, "generation") : ERR_OK;
}

/* PostgreSQL has no cheap "did anyone commit" counter like SQLite's
 * PRAGMA data_version: every commit that changes anything bumps the
 * version row (STORE_GEN_VERSION) in its own transaction, and each request
 * reads it once (one indexed lookup, one round trip). Exact across any
 * number of server instances, where LISTEN/NOTIFY would leave a window in
 * which a notification is still on its way. */
static enum err_code pgs_data_version(struct store *st, uint64_t *out, struct err *e)
{
	return pgs_generation(st, STORE_GEN_VERSION, out, e);
}

static void pgs_writes_alliance(struct store *st, int64_t alliance_id, int64_t unit_id)
{
	gen_declare(&P(st)->w, alliance_id, unit_id);
}

/* After the shared meta statements (store_sql_meta.c) in the meta area. */
enum { PM_HAVE = SQ_FIRST(SQ_AREA_META) + 8, PM_MARK, PM_LAST };

SQ_FITS(SQ_AREA_META, PM_LAST);

static enum err_code pgs_migrate(struct store *st, int *out_applied, struct err *e)
{
	enum err_code rc;
	int applied = 0;
	if ((rc = db_pg_exec(st->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
				     " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				     " applied_at_ms BIGINT NOT NULL)", e)))
		return rc;
	for (const struct migration *m = pg_migrations; m->version; m++) {
		if ((rc = pgs_begin_write(st, e)))
			return rc;
		struct db_stmt *s = db_stmt(st->db, PM_HAVE,
					    "SELECT 1 FROM schema_migrations WHERE version=$1");
		if (!s) {
			rc = db_error(st->db, e, "migrate");
			goto fail;
		}
		db_bind_i64(s, 1, m->version);
		enum db_rc have = db_step(s);
		db_reset(s);
		if (have == DB_FAIL) {
			rc = db_error(st->db, e, "migrate");
			goto fail;
		}
		if (have == DB_ROW) {
			pgs_rollback(st);
			continue;
		}
		if ((rc = db_pg_exec(st->db, m->sql, e))) {
			log_error("pg migration %s failed", m->name);
			goto fail;
		}
		s = db_stmt(st->db, PM_MARK, "INSERT INTO schema_migrations VALUES ($1,$2,$3)");
		if (!s) {
			rc = db_error(st->db, e, "migrate");
			goto fail;
		}
		db_bind_i64(s, 1, m->version);
		db_bind_text(s, 2, m->name);
		db_bind_i64(s, 3, date_now_ms());
		if ((rc = db_run(st->db, s, e, "migrate")))
			goto fail;
		if ((rc = pgs_commit(st, e)))
			return rc;
		applied++;
	}
	/* answers cached before the migrations are dropped */
	if (applied) {
		if ((rc = pgs_begin_write(st, e)))
			return rc;
		P(st)->w.global = 1;
		if ((rc = pgs_commit(st, e)))
			return rc;
	}
	if (out_applied)
		*out_applied = applied;
	return ERR_OK;
fail:
	pgs_rollback(st);
	return rc;
}

static enum err_code pgs_backup(struct store *st, const char *path, struct err *e)
{
	(void)st;
	(void)path;
	return err_set(e, ERR_INVALID, NULL, "PostgreSQL 数据库请用 pg_dump 备份");
}

static void pgs_close(struct store *st)
{
	if (P(st)->tx_depth)
		pgs_rollback(st);
	db_pg_close(st->db);
	free(st);
}

static int hook_in_tx(void *ctx)
{
	return P(ctx)->tx_depth > 0;
}
static enum err_code hook_begin(void *ctx, struct err *e)
{
	return pgs_begin_write(ctx, e);
}
static enum err_code hook_commit(void *ctx, struct err *e)
{
	return pgs_commit(ctx, e);
}
static void hook_rollback(void *ctx)
{
	pgs_rollback(ctx);
}
static void hook_reset(void *ctx)
{
	P(ctx)->tx_depth = 0;
	memset(&P(ctx)->w, 0, sizeof(P(ctx)->w));
}

static const struct store_ops pg_ops = {
	.name = "postgresql",
	.close = pgs_close,
	.migrate = pgs_migrate,
	.ping = pgs_ping,
	.data_version = pgs_data_version,
	.begin_write = pgs_begin_write,
	.begin_read = pgs_begin_read,
	.commit = pgs_commit,
	.rollback = pgs_rollback,
	.writes_alliance = pgs_writes_alliance,
	.generation = pgs_generation,
	.meta_get = sql_meta_get,
	.meta_set = sql_meta_set,
	.backup = pgs_backup,
};

enum err_code store_pg_open(const char *conninfo, struct store **out, struct err *e)
{
	struct db_conn *c = db_pg_connect(conninfo, e);
	if (!c)
		return e->code;
	struct pgs *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->base = (struct store){
		.ops = &pg_ops,
		.db = c,
		.division = &sql_division_ops,
		.account = &sql_account_ops,
		.rotation = &sql_rotation_ops,
		.inbox = &sql_inbox_ops,
		.org = &sql_org_ops,
		.talent = &sql_talent_ops,
		.edu = &sql_edu_ops,
		.economy = &sql_economy_ops,
		.meeting = &sql_meeting_ops,
		.briefing = &sql_briefing_ops,
		.ledger = &sql_ledger_ops,
		.session = &sql_session_ops,
		.signin = &sql_signin_ops,
		.scope = &sql_scope_ops,
		.audit = &sql_audit_ops,
		.matter = &sql_matter_ops,
		.stats = &sql_stats_ops,
	};
	p->hooks = (struct db_pg_hooks){
		.ctx = p,
		.in_tx = hook_in_tx,
		.begin = hook_begin,
		.commit = hook_commit,
		.rollback = hook_rollback,
		.reset = hook_reset,
	};
	db_pg_set_hooks(c, &p->hooks);
	*out = &p->base;
	return ERR_OK;
}
