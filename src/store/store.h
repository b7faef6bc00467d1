/*
 * store.h - the storage interface: the connection and its transactions.
 *
 * A struct store is one connection to one backend; it is not thread safe,
 * so every worker thread owns its own (store_open per thread). Backends
 * (store_sqlite.c today, a libpq one later) fill a struct store_ops for the
 * connection and one ops table per area (store_<area>.h: account, session,
 * division, org, rotation, matter, meeting, inbox, stats, audit, scope);
 * callers go through the tables, so a backend is chosen at open time by the
 * database location and the domain code never changes.
 *
 * Conventions: every op returns enum err_code and fills *e on failure
 * (ERR_NOT_FOUND for a missing row, ERR_CONFLICT for a uniqueness clash,
 * ERR_STORE for anything else, with the detail logged). Records are plain
 * structs with fixed-size strings sized from the API's limits (a stored
 * value that does not fit is ERR_STORE, never a cut string); list ops return
 * arrays the caller frees with free() unless the area says otherwise.
 *
 * Isolation a caller may rely on:
 *  - begin_write() starts a write transaction that takes the write lock at
 *    once (BEGIN IMMEDIATE): writers are serialised across connections and
 *    processes, and never deadlock on a lock upgrade.
 *  - begin_write()/begin_read() inside a transaction open a savepoint;
 *    commit()/rollback() then release or undo just that savepoint, so
 *    several domain operations can form one atomic change.
 *  - Reads inside begin_read()..commit() see one snapshot of the database.
 *    Reads outside any transaction each see their own snapshot.
 *  - A check-then-write (a status transition, a uniqueness or permission
 *    check) must read the rows it decides on after begin_write(): a read
 *    made before it may be stale by the time the write runs.
 *  - A failed step is followed by rollback() in the caller's cleanup path.
 *
 * Answer-cache generations (what cached answers depend on): every commit
 * that changes data bumps counters in the same transaction, read back with
 * generation(). By default a change bumps STORE_GEN_GLOBAL, which every
 * cached answer depends on. A write transaction that changes only matters
 * or meetings (and their rows) of known alliances and units says so with
 * writes_alliance() after begin_write(): the rows it changes in tables
 * partitioned by alliance (matters and their events, assignees,
 * divisions; meetings and their agenda, invitations, attendance and
 * decisions; the statistics tables) then bump only those alliances,
 * STORE_GEN_ANY_ALLIANCE and the units named (or, for a unit not named,
 * STORE_GEN_ALLIANCE_UNITS of the alliance), and, when statistics rows
 * changed, STORE_GEN_ALLIANCE_STATS of the alliances; a change to any other table
 * still bumps GLOBAL. Session rows bump only STORE_GEN_SESSIONS (the
 * session caches' scope), the idle-clock refresh nothing; the audit log,
 * notifications and login failures nothing (no cached answer reads them).
 * The backend finds the changed tables itself (the SQLite one with its
 * pre-update hook), so a write nobody declared can only invalidate too
 * much, never too little.
 */
#ifndef LJ_STORE_H
#define LJ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Strings in records are fixed-size, NUL-terminated UTF-8, sized from the
 * API's limits, which count characters: TEXT_BYTES(n) holds any n
 * characters (at most 4 bytes each) and the NUL. The *_CHARS limits are
 * defined once, next to the records, and the API's schemas use them. */
#define TEXT_BYTES(chars) ((chars) * 4 + 1)
#define NAME_MAX_CHARS 64    /* names of alliances, units, orgs; display names */
#define NAME_MAX_BYTES TEXT_BYTES(NAME_MAX_CHARS)

struct store;

/* Scopes of the answer-cache generations: an alliance's is its id (> 0);
 * below -16, three families told apart by their value mod 3: a unit's
 * matters, the matters of an alliance's units not named by the write, and
 * an alliance's statistics roll-ups (the stat_* rows). */
#define STORE_GEN_GLOBAL 0
#define STORE_GEN_ANY_ALLIANCE (-1)
#define STORE_GEN_SESSIONS (-2)
#define STORE_GEN_UNIT(unit_id) (-16 - 3 * (int64_t)(unit_id))
#define STORE_GEN_ALLIANCE_UNITS(alliance_id) (-17 - 3 * (int64_t)(alliance_id))
#define STORE_GEN_ALLIANCE_STATS(alliance_id) (-18 - 3 * (int64_t)(alliance_id))

/* A list window: items after `after` (exclusive, an opaque key the store
 * understands: a code or an id as text), at most `limit`. */
struct page {
	const char *after;
	int limit;
};

struct store_ops {
	const char *name;
	void (*close)(struct store *st);
	enum err_code (*migrate)(struct store *st, int *out_applied, struct err *e);
	enum err_code (*ping)(struct store *st, struct err *e);
	/* A number that changes whenever the database may have changed since
	 * the last call on this connection (a commit by anyone); caches key on it. */
	enum err_code (*data_version)(struct store *st, uint64_t *out, struct err *e);

	enum err_code (*begin_write)(struct store *st, struct err *e);
	enum err_code (*begin_read)(struct store *st, struct err *e);
	enum err_code (*commit)(struct store *st, struct err *e);
	void (*rollback)(struct store *st);

	/* The write transaction in progress changes matters (or meetings) of
	 * unit_id of alliance_id (unit_id 0: of units it does not name); call
	 * once per (alliance, unit) whose rows it changes (see the top of this
	 * file). */
	void (*writes_alliance)(struct store *st, int64_t alliance_id, int64_t unit_id);
	/* The generation of one scope now (0: never bumped). */
	enum err_code (*generation)(struct store *st, int64_t scope, uint64_t *out, struct err *e);

	/* generic key/value meta */
	enum err_code (*meta_get)(struct store *st, const char *key, char *out, size_t out_size,
				  struct err *e);
	enum err_code (*meta_set)(struct store *st, const char *key, const char *value,
				  struct err *e);

	/* Online copy to a file (SQLite backup API). */
	enum err_code (*backup)(struct store *st, const char *path, struct err *e);
};

/* A connection: the connection-level ops, and one table per area (declared
 * in store_<area>.h), e.g. st->matter->get(st, id, &m, &e). */
struct db_conn;
struct store {
	const struct store_ops *ops;
	/* The engine connection the areas written once over the thin SQL
	 * driver run on (src/store/db.h; store-internal). */
	struct db_conn *db;
	const struct store_account_ops *account;
	const struct store_session_ops *session;
	const struct store_division_ops *division;
	const struct store_org_ops *org;
	const struct store_rotation_ops *rotation;
	const struct store_matter_ops *matter;
	const struct store_meeting_ops *meeting;
	const struct store_inbox_ops *inbox;
	const struct store_stats_ops *stats;
	const struct store_audit_ops *audit;
	const struct store_scope_ops *scope;
	const struct store_edu_ops *edu;
	const struct store_talent_ops *talent;
	const struct store_briefing_ops *briefing;
	const struct store_economy_ops *economy;
	const struct store_signin_ops *signin;
	const struct store_ledger_ops *ledger;
};

/* Opens location: a file path (SQLite, created if absent). A postgres://
 * or postgresql:// location is reserved for the libpq backend (today only
 * store_pg_open in store_pg.h, with the areas ported to the driver). */
enum err_code store_open(const char *location, struct store **out, struct err *e);
void store_close(struct store *st);

#endif
