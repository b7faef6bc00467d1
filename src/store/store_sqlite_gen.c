/*
 * store_sqlite_gen.c - the answer-cache generations in SQLite (see store.h):
 * which tables a transaction changed, and the counter bumps that commit
 * with it.
 *
 * SQLite's pre-update hook reports every row change on the connection
 * (rowid and WITHOUT ROWID tables alike, changes by triggers and foreign-key
 * actions included), so the classification below sees every write whatever
 * code made it; writes_alliance() can only narrow what the partitioned
 * tables' rows bump. Just before COMMIT, sq_commit calls sq_gen_flush,
 * which bumps the counters in the same transaction: a reader in any process
 * sees the data and the new counters together, or neither. A commit that
 * did not go through sq_commit (an autocommit statement that changed data
 * outside the driver's helpers) would escape the bump: the commit hook
 * refuses it, so such a bug shows as a failed write, never as a stale
 * answer.
 */
/* the pre-update hook's prototype (Debian's SQLite is built with it) */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/sq_int.h"

enum { G_BUMP = SQ_FIRST(SQ_AREA_GEN), G_GET, G_LAST };
SQ_FITS(SQ_AREA_GEN, G_LAST);

enum table_class {
	T_DATA,        /* anything not listed: bumps GLOBAL */
	T_ALLIANCE,    /* every row belongs to one alliance */
	T_STATS,       /* the same, and a statistics roll-up */
	T_SESSION,     /* sessions: read by the session caches only */
	T_FREE,        /* read by no cached answer and no session cache */
};

/* Tables partitioned by alliance: a row's alliance is its matter's,
 * meeting's, unit's or its own alliance_id. matter.c declares the matters'
 * alliances, meeting.c the meetings' (every transaction that changes a
 * meeting's rows names the meeting's alliance and unit, read inside it). */
static const char *const alliance_tables[] = {
	"matters", "matter_events", "matter_assignees", "matter_divisions",
	"meetings", "meeting_agenda", "meeting_invites", "meeting_attendance",
	"meeting_decisions", NULL
};
/* No cached answer and no session cache reads these. */
static const char *const free_tables[] = {
	"audit", "notifications", "login_failures", "signins", "cache_generations", NULL
};

static int listed(const char *const *list, const char *t)
{
	for (; *list; list++)
		if (strcmp(*list, t) == 0)
			return 1;
	return 0;
}

static enum table_class table_class(const char *t)
{
	if (strncmp(t, "stat_", 5) == 0)
		return T_STATS; /* the stat_* tables are keyed by alliance_id */
	if (listed(alliance_tables, t))
		return T_ALLIANCE;
	if (strcmp(t, "sessions") == 0)
		return T_SESSION;
	if (listed(free_tables, t))
		return T_FREE;
	return T_DATA;
}

static void on_preupdate(void *arg, sqlite3 *db, int op, const char *zdb, const char *table,
			 sqlite3_int64 key1, sqlite3_int64 key2)
{
	struct sq *q = arg;
	(void)db;
	(void)op;
	(void)key1;
	(void)key2;
	/* a temp table is this connection's own: no other reader sees it */
	if (q->w.quiet || q->w.g.global || strcmp(zdb, "temp") == 0)
		return;
	if (strcmp(zdb, "main") != 0) {
		q->w.g.global = 1;
		return;
	}
	switch (table_class(table)) {
	case T_STATS:
		q->w.g.stat_rows = 1;
		q->w.g.alliance_rows = 1;
		break;
	case T_ALLIANCE:
		q->w.g.alliance_rows = 1;
		break;
	case T_SESSION:
		q->w.g.sessions = 1;
		break;
	case T_FREE:
		break;
	case T_DATA:
		q->w.g.global = 1;
		break;
	}
}

/* Called by SQLite just before a commit: a change that sq_gen_flush did
 * not account for may not commit (see the top of this file). */
static int on_commit(void *arg)
{
	struct sq *q = arg;
	if (q->w.migrating || !gen_pending(&q->w.g))
		return 0;
	log_error("sqlite: a change committed outside a store transaction: refused "
		  "(it would not move the answer-cache generations)");
	return 1;
}

static void on_rollback(void *arg)
{
	sq_gen_clear(arg);
}

void sq_gen_hooks(struct sq *q)
{
	sqlite3_preupdate_hook(q->db, on_preupdate, q);
	sqlite3_commit_hook(q->db, on_commit, q);
	sqlite3_rollback_hook(q->db, on_rollback, q);
}

void sq_gen_clear(struct sq *q)
{
	int migrating = q->w.migrating;
	memset(&q->w, 0, sizeof(q->w));
	q->w.migrating = migrating;
}

void sq_writes_alliance(struct store *st, int64_t alliance_id, int64_t unit_id)
{
	gen_declare(&SQ(st)->w.g, alliance_id, unit_id);
}

static enum err_code bump(struct sq *q, int64_t scope, struct err *e)
{
	sqlite3_stmt *s = sq_stmt(q, G_BUMP,
		"INSERT INTO cache_generations(scope,n) VALUES(?,1) "
		"ON CONFLICT(scope) DO UPDATE SET n=n+1");
	if (!s)
		return sq_error(q, e, "generation_bump");
	sqlite3_bind_int64(s, 1, scope);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "generation_bump");
}

enum err_code sq_gen_flush(struct sq *q, struct err *e)
{
	enum err_code rc = ERR_OK;
	if (q->w.migrating || !gen_pending(&q->w.g))
		return ERR_OK;
	int64_t scopes[GEN_MAX_SCOPES];
	size_t n = gen_scopes(&q->w.g, scopes);
	for (size_t i = 0; !rc && i < n; i++)
		rc = bump(q, scopes[i], e);
	if (!rc) {
		sq_gen_clear(q); /* accounted for: the commit hook lets it pass */
		q->bumped = n > 0;
	}
	return rc;
}

enum err_code sq_generation(struct store *st, int64_t scope, uint64_t *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_GET, "SELECT n FROM cache_generations WHERE scope=?");
	if (!s)
		return sq_error(q, e, "generation");
	sqlite3_bind_int64(s, 1, scope);
	int r = sqlite3_step(s);
	*out = r == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return r == SQLITE_ROW || r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "generation");
}
