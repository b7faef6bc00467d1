/*
 * sq_int.h - internals shared by the store_sqlite*.c files (not public).
 *
 * store_sqlite_drv.c holds the driver: statement cache, column readers,
 * binds, stepping helpers and error mapping (the SQLite specifics);
 * store_sqlite.c opens the connection and assembles the area tables;
 * store_sqlite_<area>.c hold each area's SQL and row mapping.
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
};
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
/* Copies column text into out (always NUL-terminated). A value that does
 * not fit is never cut: out is left empty, the overflow is logged, and the
 * stepping helpers (sq_one, sq_collect*, sq_code_column) then fail with
 * ERR_STORE; code stepping by hand checks sq_text_overflowed(). */
void sq_text(sqlite3_stmt *s, int col, char *out, size_t size);
/* Whether an sq_text since the last sq_stmt did not fit; clears the flag. */
int sq_text_overflowed(void);
/* malloc'd copy of column text, NULL for SQL NULL. */
char *sq_dup(sqlite3_stmt *s, int col);
/* Steps s to the end, filling one element of elem bytes per row with
 * row(s, element); on success *out is a malloc'd array (caller frees) of
 * *out_n elements. Resets s either way. */
typedef void (*sq_row_fn)(sqlite3_stmt *s, void *element);
enum err_code sq_collect(struct sq *q, sqlite3_stmt *s, size_t elem, sq_row_fn row,
			 void **out, size_t *out_n, struct err *e, const char *what);
/* Steps s once: with a row, row(s, out) fills out and the result is ERR_OK;
 * without one ERR_NOT_FOUND ("<noun>不存在"); anything else is a logged
 * store error. Resets s either way. */
enum err_code sq_one(struct sq *q, sqlite3_stmt *s, sq_row_fn row, void *out, const char *noun,
		     struct err *e, const char *what);
/* What sq_collect_ex does besides sq_collect's work; a NULL member is skipped. */
struct sq_collect_hooks {
	/* Once s is reset, reads what one element refers to (its child rows);
	 * the first error ends the list. */
	enum err_code (*each)(struct sq *q, void *element, struct err *e);
	/* Frees the first n elements' own memory and arr itself, for a list that
	 * fails part way (without it: free(arr)). */
	void (*release)(void *arr, size_t n);
};
enum err_code sq_collect_ex(struct sq *q, sqlite3_stmt *s, size_t elem, sq_row_fn row,
			    const struct sq_collect_hooks *hooks, void **out, size_t *out_n,
			    struct err *e, const char *what);
/* One page of an alliance's records, newest first, as every five-lines list
 * reads them: sql's ?1 is the alliance (0: all), ?2 the kind (NULL: any; a
 * statement without a kind filter leaves ?2 out), ?3 the id the page starts
 * below (the cursor; none: all), ?4 the page size; then sq_collect_ex. */
enum err_code sq_alliance_page(struct sq *q, int id, const char *sql, int64_t alliance_id,
			       const char *kind, struct page pg, size_t elem, sq_row_fn row,
			       const struct sq_collect_hooks *hooks, void **out, size_t *out_n,
			       struct err *e, const char *what);
/* Reads column 0 of statement id (sql, ?1 bound to key) into arr: at most
 * max texts of size bytes each (sq_code_column) or max integers
 * (sq_id_column); *n is how many. */
enum err_code sq_code_column(struct sq *q, int id, const char *sql, int64_t key, char *arr,
			     size_t size, size_t max, size_t *n, struct err *e, const char *what);
enum err_code sq_id_column(struct sq *q, int id, const char *sql, int64_t key, int64_t *arr,
			   size_t max, size_t *n, struct err *e, const char *what);
/* Grows a malloc'd array to hold n+1 elements. */
void *sq_grow(void *arr, size_t elem, size_t n, size_t *alloc);
/* Steps a write statement to its end and resets it; a constraint violation
 * is ERR_CONFLICT ("数据冲突：what"), anything else a logged store error. */
enum err_code sq_done(struct sq *q, sqlite3_stmt *s, struct err *e, const char *what);
/* Steps a write statement to its end and resets it; errors as sq_error. */
enum err_code sq_run(struct sq *q, sqlite3_stmt *s, struct err *e, const char *what);
/* Binds v, or NULL when v is 0 (an optional id that is absent). */
void sq_bind_opt_id(sqlite3_stmt *s, int i, int64_t v);
/* Binds t (not copied), or NULL when t is NULL or empty. */
void sq_bind_opt_text(sqlite3_stmt *s, int i, const char *t);
/* Binds a day number as "YYYY-MM-DD" text, day 0 (1970-01-01) included. */
void sq_bind_day(sqlite3_stmt *s, int i, int32_t day);
/* A day, or NULL for day 0 (an optional date that is absent). */
void sq_bind_opt_day(sqlite3_stmt *s, int i, int32_t day);
/* The day number in a "YYYY-MM-DD" column; 0 for NULL or other text. */
int32_t sq_col_day(sqlite3_stmt *s, int i);

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
extern const struct store_session_ops sq_session_ops;
extern const struct store_audit_ops sq_audit_ops;
extern const struct store_scope_ops sq_scope_ops;
extern const struct store_matter_ops sq_matter_ops;
extern const struct store_stats_ops sq_stats_ops;
extern const struct store_signin_ops sq_signin_ops;

#endif
