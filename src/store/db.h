/*
 * db.h - the thin SQL driver the store's areas can be written over once,
 * for every engine (issue 13, step 0). Store-internal: only src/store/
 * includes it.
 *
 * An area written over this driver (store_sql_<area>.c) holds one SQL text
 * per statement, with PostgreSQL-style parameters $1, $2, … that both
 * engines accept: SQLite binds them by name (sqlite3_bind_parameter_index,
 * never by position, since SQLite numbers names in order of first
 * appearance), libpq by number. Where the dialects really differ (a
 * function name such as instr/strpos), the area picks a text per engine
 * with db_sql(). Everything else - prepare, bind, step, columns, errors -
 * goes through the engine's struct db_driver, one table per engine, the way
 * curl keeps one table per TLS backend in lib/vtls/.
 *
 * Lifetimes: a text bound with db_bind_text must stay valid until the
 * statement is reset (both engines read it at the first step); a column
 * text is valid until the next step or reset.
 */
#ifndef LJ_DB_H
#define LJ_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

enum db_engine { DB_SQLITE, DB_PG };

/* At most this many $n parameters in one statement. */
#define DB_MAX_PARAMS 32

/* The longest text bind_text_copy takes, with its NUL. */
#define DB_SHORT_TEXT 24

enum db_rc { DB_FAIL = -1, DB_DONE = 0, DB_ROW = 1 };

struct db_conn;
struct db_stmt;

struct db_driver {
	enum db_engine engine;
	const char *name;
	/* The cached statement of slot (prepared from sql on first use), reset
	 * and with its bindings cleared; NULL on a prepare error (logged). */
	struct db_stmt *(*stmt)(struct db_conn *c, int slot, const char *sql);
	/* The same for a text built per call (a list's WHERE clause from the
	 * filters given): kept prepared in a small per-connection cache keyed
	 * by the text, the least recently used one dropped. */
	struct db_stmt *(*stmt_text)(struct db_conn *c, const char *sql);
	void (*bind_i64)(struct db_stmt *s, int n, int64_t v);
	/* t NULL binds SQL NULL. */
	void (*bind_text)(struct db_stmt *s, int n, const char *t);
	/* Binds a copy of a short text (under DB_SHORT_TEXT bytes), so that t
	 * need not outlive the call. */
	void (*bind_text_copy)(struct db_stmt *s, int n, const char *t);
	enum db_rc (*step)(struct db_stmt *s);
	int (*col_null)(struct db_stmt *s, int col);
	int64_t (*col_i64)(struct db_stmt *s, int col);
	/* The column's text ("" for SQL NULL) and its length in bytes. */
	const char *(*col_text)(struct db_stmt *s, int col, size_t *len);
	void (*reset)(struct db_stmt *s);
	/* Logs the connection's last error and maps it: a full disk ERR_FULL,
	 * a constraint ERR_CONFLICT, anything else ERR_STORE. */
	enum err_code (*error)(struct db_conn *c, struct err *e, const char *what);
	/* Bulk loading (PostgreSQL's COPY … FROM STDIN); NULL on an engine
	 * without it, whose callers insert row by row. copy_put takes one
	 * line of COPY's text format, newline included. */
	enum err_code (*copy_begin)(struct db_conn *c, const char *sql, struct err *e);
	enum err_code (*copy_put)(struct db_conn *c, const char *line, size_t len, struct err *e);
	/* abort: end the COPY with an error (the transaction is then rolled
	 * back by the caller) instead of loading it. */
	enum err_code (*copy_end)(struct db_conn *c, int abort, struct err *e);
};

/* The first member of each engine's connection and statement structs. */
struct db_conn {
	const struct db_driver *drv;
};
struct db_stmt {
	const struct db_driver *drv;
	struct db_conn *conn;
};

static inline const char *db_sql(const struct db_conn *c, const char *sqlite_sql, const char *pg_sql)
{
	return c->drv->engine == DB_PG ? pg_sql : sqlite_sql;
}

static inline struct db_stmt *db_stmt(struct db_conn *c, int slot, const char *sql)
{
	return c->drv->stmt(c, slot, sql);
}
/* A statement whose text is built per call, so that each combination of
 * optional filters gets its own plan (and its index) instead of a
 * catch-all "($1 IS NULL OR col=$1)"; its $n must still run from $1 without
 * a gap (PostgreSQL cannot type a parameter the text does not use). */
static inline struct db_stmt *db_stmt_text(struct db_conn *c, const char *sql)
{
	return c->drv->stmt_text(c, sql);
}
static inline void db_bind_i64(struct db_stmt *s, int n, int64_t v)
{
	s->drv->bind_i64(s, n, v);
}
static inline void db_bind_text(struct db_stmt *s, int n, const char *t)
{
	s->drv->bind_text(s, n, t);
}
static inline enum db_rc db_step(struct db_stmt *s)
{
	return s->drv->step(s);
}
static inline int db_col_null(struct db_stmt *s, int col)
{
	return s->drv->col_null(s, col);
}
static inline int64_t db_col_i64(struct db_stmt *s, int col)
{
	return s->drv->col_i64(s, col);
}
static inline void db_reset(struct db_stmt *s)
{
	s->drv->reset(s);
}
static inline enum err_code db_error(struct db_conn *c, struct err *e, const char *what)
{
	return c->drv->error(c, e, what);
}

/* Binds v, or NULL when v is 0 (an optional id that is absent). */
void db_bind_opt_id(struct db_stmt *s, int n, int64_t v);
/* Binds t, or NULL when t is NULL or empty. */
void db_bind_opt_text(struct db_stmt *s, int n, const char *t);
/* Binds a day (core/date.h) as its 'YYYY-MM-DD' text, as the schema stores
 * dates; the opt form binds NULL for day 0. */
void db_bind_day(struct db_stmt *s, int n, int32_t day);
void db_bind_opt_day(struct db_stmt *s, int n, int32_t day);
/* The column's 'YYYY-MM-DD' as a day; 0 for NULL or anything else. */
int32_t db_col_day(struct db_stmt *s, int col);
/* A malloc'd copy of the column's whole text; NULL for SQL NULL. */
char *db_dup(struct db_stmt *s, int col);
/* Copies column text into out (NUL-terminated). A value that does not fit
 * is never cut: out is left empty and the statement is marked, so that
 * db_one/db_collect fail with ERR_STORE. */
void db_text(struct db_stmt *s, int col, char *out, size_t size);

typedef void (*db_row_fn)(struct db_stmt *s, void *element);
/* Frees an array of n elements that own memory (db_dup'd texts). */
typedef void (*db_release_fn)(void *arr, size_t n);
/* What db_collect_ex does besides db_collect's work; a NULL member is
 * skipped. */
struct db_collect_hooks {
	/* Once the statement is reset, reads what one element refers to (its
	 * child rows) with ctx (the caller's, usually its struct store); the
	 * first error ends the list. */
	enum err_code (*each)(void *ctx, void *element, struct err *e);
	/* Frees the first n elements' own memory and arr itself, for a list
	 * that fails part way (without it: free(arr)). */
	db_release_fn release;
};
/* Steps s to its end, one element of elem bytes per row; *out is a
 * malloc'd array of *out_n elements (caller frees). Resets s either way. */
enum err_code db_collect(struct db_conn *c, struct db_stmt *s, size_t elem, db_row_fn row,
			 void **out, size_t *out_n, struct err *e, const char *what);
/* db_collect with hooks (NULL: none): each element's child rows, and a
 * release for elements that own memory. */
enum err_code db_collect_ex(struct db_conn *c, struct db_stmt *s, size_t elem, db_row_fn row,
			    const struct db_collect_hooks *hooks, void *ctx, void **out,
			    size_t *out_n, struct err *e, const char *what);
/* One page of an alliance's records, newest first, as every five-lines
 * list reads them, from the statement of slot: $1 is the alliance (0: all;
 * write it CAST($1 AS BIGINT) where its type is not clear), $2 the id the
 * page starts below (the cursor; none: all), $3 the page size, and $4 the
 * kind, bound only when kind is not NULL (a statement without a kind
 * filter leaves $4 out); then db_collect_ex. */
enum err_code db_page(struct db_conn *c, int slot, const char *sql, int64_t alliance_id,
		      const char *kind, struct page pg, size_t elem, db_row_fn row,
		      const struct db_collect_hooks *hooks, void *ctx, void **out, size_t *out_n,
		      struct err *e, const char *what);
/* Reads column 0 of the statement of slot ($1 bound to key) into arr: at
 * most max texts of size bytes each (db_code_column) or max integers
 * (db_id_column); *n is how many. A text that does not fit is ERR_STORE. */
enum err_code db_code_column(struct db_conn *c, int slot, const char *sql, int64_t key,
			     char *arr, size_t size, size_t max, size_t *n, struct err *e,
			     const char *what);
enum err_code db_id_column(struct db_conn *c, int slot, const char *sql, int64_t key,
			   int64_t *arr, size_t max, size_t *n, struct err *e, const char *what);
/* Grows a malloc'd array of elem-byte elements to hold n+1 (aborts when
 * out of memory, as the rest of the store does). */
void *db_grow(void *arr, size_t elem, size_t n, size_t *alloc);
/* Steps s once: a row fills out (ERR_OK); none is ERR_NOT_FOUND
 * ("<noun>不存在"). Resets s either way. */
enum err_code db_one(struct db_conn *c, struct db_stmt *s, db_row_fn row, void *out,
		     const char *noun, struct err *e, const char *what);
/* Steps a write statement to its end and resets it. */
enum err_code db_run(struct db_conn *c, struct db_stmt *s, struct err *e, const char *what);
/* db_run for the areas' writes: a constraint is ERR_CONFLICT naming the
 * op ("数据冲突：<what>"), as the store has always said it. */
enum err_code db_write(struct db_conn *c, struct db_stmt *s, struct err *e, const char *what);
/* Steps an INSERT … RETURNING id: the new id into *id; errors as
 * db_write. Resets s. */
enum err_code db_insert_id(struct db_conn *c, struct db_stmt *s, int64_t *id, struct err *e,
			   const char *what);

#endif
