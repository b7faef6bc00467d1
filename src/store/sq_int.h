/*
 * sq_int.h - internals shared by the SQLite backend's files (not public).
 *
 * store_sqlite_drv.c holds the connection's statement cache, transactions
 * and error mapping; store_sqlite.c opens the connection and assembles the
 * area tables (every area is a store_sql_<area>.c over the thin SQL driver,
 * whose SQLite engine is db_sqlite.c); store_sqlite_gen.c the answer-cache
 * generations.
 */
#ifndef LJ_SQ_INT_H
#define LJ_SQ_INT_H

#include <sqlite3.h>

#include "store/db.h"
#include "store/gen.h"
#include "store/store.h"
#include "store/store_account.h"
#include "store/store_audit.h"
#include "store/store_briefing.h"
#include "store/store_division.h"
#include "store/store_edu.h"
#include "store/store_inbox.h"
#include "store/store_ledger.h"
#include "store/store_matter.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_rotation.h"
#include "store/store_scope.h"
#include "store/store_session.h"
#include "store/store_stats.h"
#include "store/store_talent.h"
#include "store/store_economy.h"
#include "store/store_signin.h"

#include "store/slots.h"

struct sq_dstmt;

/* What the transaction in progress changed, for the answer-cache
 * generations (store_sqlite_gen.c): filled by the pre-update hook and by
 * writes_alliance(), turned into counter bumps by sq_gen_flush() just before
 * COMMIT, cleared when the transaction ends either way. */
struct sq_writes {
	struct gen_writes g;  /* what changed (store/gen.h) */
	int quiet;            /* inside a bookkeeping statement: its rows move nothing */
	int migrating;        /* migrations: no generations table yet */
};

/* Statements whose text is built per call (a list's WHERE clause from the
 * filters given), kept prepared by their text: least recently used out. */
#define SQ_DYN_STMTS 16
struct sq_dyn {
	char *sql;
	sqlite3_stmt *s;
	uint64_t used;
	struct sq_dstmt *dstmt;   /* db_sqlite.c: its parameter map; freed with the entry */
};

struct sq {
	struct store base;
	sqlite3 *db;
	int tx_depth;     /* 0: none; 1: a transaction; more: savepoints inside it */
	struct sq_writes w;
	int wrap_open;    /* db_sqlite.c: a RETURNING write made a transaction, committed at reset */
	sqlite3_stmt *stmts[SQ_MAX_STMTS];
	struct sq_dyn dyn[SQ_DYN_STMTS];
	uint64_t dyn_tick;
	/* The same connection as seen by areas written over the thin driver
	 * (db.h, db_sqlite.c), and its per-slot parameter maps. */
	struct db_conn dconn;
	struct sq_dstmt *dstmts[SQ_MAX_STMTS];
	/* The change counter every process on this file shares (the file's
	 * "-lj" companion, mapped; store_sqlite.c): NULL when it could not be
	 * mapped, and PRAGMA data_version serves instead. */
	_Atomic uint64_t *shared_version;
	int bumped;       /* the transaction's flush bumped generations */
	/* What the process's connections to this file share: the write lock,
	 * the checkpointer, the counter (store_sqlite_file.c); NULL for an
	 * in-memory database. */
	struct sq_file *file;
	int write_locked; /* this connection holds the file's write lock */
};
/* store_sqlite_file.c */
/* path: a file (not ":memory:" nor a URI); NULL if it cannot be shared */
struct sq_file *sq_file_attach(struct sq *q, const char *path);
void sq_file_detach(struct sq_file *f);
_Atomic uint64_t *sq_file_version(const struct sq_file *f);
int sq_file_lock(struct sq_file *f);    /* 0: not within the wait */
/* Releases the write lock after the transaction ended; committed: it
 * committed, and the call returns once the commit is on disk (0), or -1
 * if the log could not be synced. */
int sq_file_unlock(struct sq_file *f, struct sq *q, int committed);
extern const struct db_driver db_sqlite_driver;

/* The prepared statement for sql (built per call), reset and its bindings
 * cleared; kept by the connection (never finalize it). NULL on a prepare
 * error (logged). */
sqlite3_stmt *sq_stmt_text(struct sq *q, const char *sql);

/* Answer-cache generations (store_sqlite_gen.c). */
void sq_gen_hooks(struct sq *q);           /* on a new connection */
enum err_code sq_gen_flush(struct sq *q, struct err *e);  /* before COMMIT */
void sq_gen_clear(struct sq *q);           /* the transaction ended */
void sq_writes_alliance(struct store *st, int64_t alliance_id, int64_t unit_id);
enum err_code sq_generation(struct store *st, int64_t scope, uint64_t *out, struct err *e);

/* Returns the cached statement id (reset, bindings cleared), preparing sql
 * on first use; NULL on a prepare error (logged). */
sqlite3_stmt *sq_stmt(struct sq *q, int id, const char *sql);
/* Logs the connection's last error and maps it to an err_code (a full disk:
 * ERR_FULL, a constraint: ERR_CONFLICT, else ERR_STORE). */
enum err_code sq_error(struct sq *q, struct err *e, const char *what);
/* Runs sql (no results) on the connection; errors as sq_error. */
enum err_code sq_exec(struct sq *q, const char *sql, struct err *e);
#define SQ(st) ((struct sq *)(st))

/* Connection ops of the driver (store_sqlite_drv.c). */
enum err_code sq_begin_write(struct store *st, struct err *e);
enum err_code sq_begin_read(struct store *st, struct err *e);
enum err_code sq_commit(struct store *st, struct err *e);
void sq_rollback(struct store *st);
enum err_code sq_ping(struct store *st, struct err *e);
enum err_code sq_data_version(struct store *st, uint64_t *out, struct err *e);
enum err_code sq_backup(struct store *st, const char *path, struct err *e);

/* The area tables, one per backend file (store_sqlite_<area>.c). */

#endif
