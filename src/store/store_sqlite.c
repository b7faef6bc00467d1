/*
 * store_sqlite.c - the embedded SQLite backend of store.h: opening a
 * connection, its pragmas, the migrations, the meta table, and the
 * assembly of the connection and area tables.
 *
 * One struct sq is one connection: WAL, every commit synced before it is
 * acknowledged (store_sqlite_file.c), foreign keys,
 * a busy timeout and a large page cache. The driver (statement cache,
 * transactions: store_sqlite_drv.c) and each area's SQL
 * (store_sqlite_<area>.c) live in their own files.
 */
#include "store/store_sqlite.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "store/migrate.h"
#include "store/sq_int.h"
#include "store/sqlite_vfs.h"
#include "store/store_sql.h"


/* ---- life cycle ---- */

static void sq_close(struct store *st)
{
	struct sq *q = (struct sq *)st;
	for (int i = 0; i < SQ_MAX_STMTS; i++)
		sqlite3_finalize(q->stmts[i]);
	for (int i = 0; i < SQ_DYN_STMTS; i++) {
		sqlite3_finalize(q->dyn[i].s);
		free(q->dyn[i].sql);
		free(q->dyn[i].dstmt);
	}
	for (int i = 0; i < SQ_MAX_STMTS; i++)
		free(q->dstmts[i]);
	sqlite3_close_v2(q->db);
	sq_file_detach(q->file);
	free(q);
}

static enum err_code migrate_all(struct sq *q, int *out_applied, struct err *e);
static enum err_code migrate_each(struct store *st, int *out_applied, struct err *e);

static enum err_code sq_migrate(struct store *st, int *out_applied, struct err *e)
{
	struct sq *q = (struct sq *)st;
	enum err_code rc;
	int applied = 0;
	/* no generations table before 0014; answers cached by another process
	 * before the migrations are dropped by the bump at the end */
	q->w.migrating = 1;
	rc = migrate_all(q, &applied, e);
	q->w.migrating = 0;
	if (!rc && applied && !(rc = sq_begin_write(st, e))) {
		q->w.g.global = 1;
		rc = sq_commit(st, e);
	}
	if (!rc && out_applied)
		*out_applied = applied;
	return rc;
}

static enum err_code migrate_all(struct sq *q, int *out_applied, struct err *e)
{
	struct store *st = &q->base;
	enum err_code rc;
	int applied = 0;
	if ((rc = sq_exec(q, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			     " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			     " applied_at_ms INTEGER NOT NULL) STRICT", e)))
		return rc;
	/* Migrations run with foreign keys off, so that one may rebuild a
	 * referenced table (SQLite's "12 steps": a CHECK cannot be altered);
	 * each checks the keys before it commits, and they are on again after. */
	if ((rc = sq_exec(q, "PRAGMA foreign_keys=OFF", e)))
		return rc;
	rc = migrate_each(st, &applied, e);
	enum err_code on = sq_exec(q, "PRAGMA foreign_keys=ON", e);
	if (rc || (rc = on))
		return rc;
	if (out_applied)
		*out_applied = applied;
	return ERR_OK;
}

static enum err_code migrate_each(struct store *st, int *out_applied, struct err *e)
{
	struct sq *q = (struct sq *)st;
	enum err_code rc;
	for (const struct migration *m = migrations; m->version; m++) {
		if ((rc = sq_begin_write(st, e)))
			return rc;
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(q->db, "SELECT 1 FROM schema_migrations WHERE version=?",
				       -1, &s, NULL) != SQLITE_OK) {
			sq_rollback(st);
			return sq_error(q, e, "migrate");
		}
		sqlite3_bind_int(s, 1, m->version);
		int have = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
		if (have) {
			sq_rollback(st);
			continue;
		}
		if ((rc = sq_exec(q, m->sql, e))) {
			log_error("migration %s failed", m->name);
			sq_rollback(st);
			return rc;
		}
		if (sqlite3_prepare_v2(q->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK) {
			sq_rollback(st);
			return sq_error(q, e, "migrate");
		}
		int dangling = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
		if (dangling) {
			log_error("migration %s leaves dangling foreign keys", m->name);
			sq_rollback(st);
			return err_set(e, ERR_STORE, NULL, "数据库迁移失败");
		}
		if (sqlite3_prepare_v2(q->db, "INSERT INTO schema_migrations VALUES (?,?,?)",
				       -1, &s, NULL) != SQLITE_OK) {
			sq_rollback(st);
			return sq_error(q, e, "migrate");
		}
		sqlite3_bind_int(s, 1, m->version);
		sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, date_now_ms());
		int ok = sqlite3_step(s) == SQLITE_DONE;
		sqlite3_finalize(s);
		if (!ok) {
			sq_rollback(st);
			return sq_error(q, e, "migrate");
		}
		if ((rc = sq_commit(st, e)))
			return rc;
		(*out_applied)++;
	}
	return ERR_OK;
}

void sql_bookkeeping(struct store *st, int on)
{
	/* the pre-update hook reads the flag (store_sqlite_gen.c); on
	 * PostgreSQL the sessions' trigger ignores an UPDATE of last_seen_ms
	 * alone (sql/pg/0007_generations.sql), so there is nothing to do */
	if (st->db->drv == &db_sqlite_driver)
		((struct sq *)st)->w.quiet = on;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.migrate = sq_migrate,
	.ping = sq_ping,
	.data_version = sq_data_version,
	.begin_write = sq_begin_write,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.writes_alliance = sq_writes_alliance,
	.generation = sq_generation,
	.meta_get = sql_meta_get,
	.meta_set = sql_meta_set,
	.backup = sq_backup,
};

enum err_code store_sqlite_open(const char *path, struct store **out, struct err *e)
{
	struct sq *q = calloc(1, sizeof(*q));
	if (!q)
		abort();
	q->base = (struct store){
		.ops = &sqlite_ops,
		.db = &q->dconn,
		.account = &sql_account_ops,
		.session = &sql_session_ops,
		.division = &sql_division_ops,
		.org = &sql_org_ops,
		.rotation = &sql_rotation_ops,
		.talent = &sql_talent_ops,
		.edu = &sql_edu_ops,
		.economy = &sql_economy_ops,
		.briefing = &sql_briefing_ops,
		.ledger = &sql_ledger_ops,
		.meeting = &sql_meeting_ops,
		.signin = &sql_signin_ops,
		.inbox = &sql_inbox_ops,
		.audit = &sql_audit_ops,
		.scope = &sql_scope_ops,
		.matter = &sql_matter_ops,
		.stats = &sql_stats_ops,
	};
	q->dconn.drv = &db_sqlite_driver;
	/* Database pages are read through one memory map per file and process
	 * that lasts (sqlite_vfs.c), not with a pread per page after every
	 * commit. LIANJIAN_SQLITE_MMAP=0 turns it off (to measure it). */
	const char *mm = getenv("LIANJIAN_SQLITE_MMAP");
	/* an in-memory or URI database has no file of its own to share */
	int plain = *path && strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0;
	const char *vfs = plain && !(mm && strcmp(mm, "0") == 0) ? sqlite_vfs_lj() : NULL;
	int rc = sqlite3_open_v2(path, &q->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 vfs);
	if (rc != SQLITE_OK) {
		log_error("sqlite: open %s: %s", path, q->db ? sqlite3_errmsg(q->db) : "?");
		sqlite3_close_v2(q->db);
		free(q);
		return err_set(e, ERR_STORE, NULL, "无法打开数据库");
	}
	sqlite3_busy_timeout(q->db, 5000);
	q->file = plain ? sq_file_attach(q, path) : NULL;
	q->shared_version = sq_file_version(q->file);
	sq_gen_hooks(q);
	sqlite3_extended_result_codes(q->db, 1);
	enum err_code erc = sq_exec(q,
		"PRAGMA journal_mode=WAL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA cache_size=-65536;"
		"PRAGMA temp_store=MEMORY;", e);
	/* SQLite's own memory map is never used: in WAL mode a connection
	 * that begins a read after another's commit unmaps it whole (pager.c:
	 * pagerBeginReadTransaction), and the page faults that followed
	 * doubled the CPU per request of the mixed load in bench/matters.sh.
	 * With the "lj" VFS the pager fetches pages from its lasting map (any
	 * size > 0 turns fetching on; the VFS maps the whole file). */
	if (!erc)
		erc = sq_exec(q, vfs ? "PRAGMA mmap_size=1073741824" : "PRAGMA mmap_size=0", e);
	/* Every commit is on disk before the caller answers. With a file of
	 * this process's (q->file), its commit syncs the write-ahead log after
	 * releasing the write lock, one sync for all commits made meanwhile
	 * (store_sqlite_file.c), so SQLite itself need not at each commit;
	 * without, SQLite does (FULL). Checkpoints sync in both modes. */
	if (!erc)
		erc = sq_exec(q, q->file ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL", e);
	if (erc) {
		sq_close(&q->base);
		return erc;
	}
	*out = &q->base;
	return ERR_OK;
}
