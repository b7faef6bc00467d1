/*
 * sq_int.h - internals shared by the store_sqlite*.c files (not public).
 */
#ifndef LJ_SQ_INT_H
#define LJ_SQ_INT_H

#include <sqlite3.h>

#include "store/store.h"

enum sq_stmt_id {
	SQ_BEGIN, SQ_BEGIN_IMMEDIATE, SQ_COMMIT, SQ_PING, SQ_DATA_VERSION, SQ_META_GET, SQ_META_SET,
	SQ_DIV_GET, SQ_DIV_CHILDREN, SQ_DIV_ROOTS, SQ_DIV_SEARCH, SQ_DIV_PUT, SQ_DIV_COUNT,
	SQ_USER_INSERT, SQ_USER_UPDATE, SQ_USER_GET, SQ_USER_BY_NAME, SQ_USER_LIST,
	SQ_GRANTS_GET, SQ_GRANTS_DEL, SQ_GRANTS_INS,
	SQ_SESS_INS, SQ_SESS_GET, SQ_SESS_TOUCH, SQ_SESS_DEL, SQ_SESS_DEL_USER, SQ_SESS_PURGE,
	SQ_LF_ADD, SQ_LF_COUNT, SQ_LF_CLEAR,
	SQ_AUDIT_INS, SQ_AUDIT_LIST, SQ_AUDIT_LIST_AFTER,
	SQ_SCOPE_COUNTY, SQ_SCOPE_ALLIANCE, SQ_SCOPE_UNIT, SQ_SCOPE_ORG, SQ_SCOPE_PERSON,
	SQ_ORG_FIRST, /* store_sqlite_org.c numbers its statements from here */
	SQ_MATTER_FIRST = SQ_ORG_FIRST + 64,
	SQ_STATS_FIRST = SQ_MATTER_FIRST + 64, /* store_sqlite_stats.c */
	SQ_MAX_STMTS = SQ_STATS_FIRST + 64
};

struct sq {
	struct store base;
	sqlite3 *db;
	int tx_depth;     /* 0: none; 1: a transaction; more: savepoints inside it */
	sqlite3_stmt *stmts[SQ_MAX_STMTS];
};

/* Returns the cached statement id (reset, bindings cleared), preparing sql
 * on first use; NULL on a prepare error (logged). */
sqlite3_stmt *sq_stmt(struct sq *q, int id, const char *sql);
/* Logs the connection's last error and maps it to an err_code. */
enum err_code sq_error(struct sq *q, struct err *e, const char *what);
/* Copies column text into out (truncating, always NUL-terminated). */
void sq_text(sqlite3_stmt *s, int col, char *out, size_t size);
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
/* Binds v, or NULL when v is 0 (an optional id that is absent). */
void sq_bind_opt_id(sqlite3_stmt *s, int i, int64_t v);
/* Binds t (not copied), or NULL when t is NULL or empty. */
void sq_bind_opt_text(sqlite3_stmt *s, int i, const char *t);
/* Binds a day number as "YYYY-MM-DD" text, day 0 (1970-01-01) included. */
void sq_bind_day(sqlite3_stmt *s, int i, int32_t day);
/* The day number in a "YYYY-MM-DD" column; 0 for NULL or other text. */
int32_t sq_col_day(sqlite3_stmt *s, int i);

#define SQ(st) ((struct sq *)(st))

/* store_sqlite_div.c */
enum err_code sq_division_get(struct store *, const char *, struct division *, struct err *);
enum err_code sq_division_children(struct store *, const char *, struct page,
				   struct division **, size_t *, struct err *);
enum err_code sq_division_search(struct store *, const char *, int, struct page,
				 struct division **, size_t *, struct err *);
enum err_code sq_division_put(struct store *, const struct division *, struct err *);
enum err_code sq_division_count(struct store *, int64_t *, struct err *);
#define SQ_DIVISION_OPS \
	.division_get = sq_division_get, .division_children = sq_division_children, \
	.division_search = sq_division_search, .division_put = sq_division_put, \
	.division_count = sq_division_count

/* store_sqlite_acct.c */
enum err_code sq_user_insert(struct store *, struct user *, struct err *);
enum err_code sq_user_update(struct store *, const struct user *, struct err *);
enum err_code sq_user_get(struct store *, int64_t, struct user *, struct err *);
enum err_code sq_user_get_by_name(struct store *, const char *, struct user *, struct err *);
enum err_code sq_user_list(struct store *, struct page, struct user **, size_t *, struct err *);
enum err_code sq_grants_get(struct store *, int64_t, struct grant **, size_t *, struct err *);
enum err_code sq_grants_replace(struct store *, int64_t, const struct grant *, size_t,
				struct err *);
enum err_code sq_session_insert(struct store *, const struct session *, struct err *);
enum err_code sq_session_get(struct store *, const char *, struct session *, struct err *);
enum err_code sq_session_touch(struct store *, const char *, int64_t, struct err *);
enum err_code sq_session_delete(struct store *, const char *, struct err *);
enum err_code sq_session_delete_user(struct store *, int64_t, struct err *);
enum err_code sq_session_purge(struct store *, int64_t, struct err *);
enum err_code sq_login_failure_add(struct store *, const char *, int64_t, struct err *);
enum err_code sq_login_failure_count(struct store *, const char *, int64_t, int64_t *,
				     struct err *);
enum err_code sq_login_failure_clear(struct store *, const char *, struct err *);
#define SQ_ACCOUNT_OPS \
	.user_insert = sq_user_insert, .user_update = sq_user_update, .user_get = sq_user_get, \
	.user_get_by_name = sq_user_get_by_name, .user_list = sq_user_list, \
	.grants_get = sq_grants_get, .grants_replace = sq_grants_replace, \
	.session_insert = sq_session_insert, .session_get = sq_session_get, \
	.session_touch = sq_session_touch, .session_delete = sq_session_delete, \
	.session_delete_user = sq_session_delete_user, .session_purge = sq_session_purge, \
	.login_failure_add = sq_login_failure_add, .login_failure_count = sq_login_failure_count, \
	.login_failure_clear = sq_login_failure_clear

/* store_sqlite_audit.c */
enum err_code sq_snapshot(struct store *, const char *, int64_t, char **, struct err *);
enum err_code sq_audit_insert(struct store *, const struct audit_entry *, struct err *);
enum err_code sq_audit_list(struct store *, struct page, struct audit_entry **, size_t *,
			    struct err *);
void sq_audit_entries_free(struct audit_entry *, size_t);
#define SQ_AUDIT_OPS \
	.snapshot = sq_snapshot, .audit_insert = sq_audit_insert, .audit_list = sq_audit_list, \
	.audit_entries_free = sq_audit_entries_free

/* store_sqlite_scope.c */
enum err_code sq_scope_facts(struct store *, const char *, const char *, struct scope_facts *,
			     struct err *);

/* store_sqlite_org.c: fills the organisation-system ops. */
void sq_org_ops(struct store_ops *ops);
/* store_sqlite_matter.c: fills the matters/meetings/inbox ops. */
void sq_matter_ops(struct store_ops *ops);
/* store_sqlite_stats.c: fills the statistics ops. */
void sq_stats_ops(struct store_ops *ops);
void sq_handovers_free(struct handover *h, size_t n);


#endif
