/*
 * store_sql_session.c - login sessions and login failures, written once
 * over the thin SQL driver (db.h) for SQLite and PostgreSQL. Nothing here
 * joins another area's tables: sessions may later live in a database of
 * their own.
 *
 * The session lookup and the idle-clock refresh run on every request: one
 * statement each. Login failures are rows counted over a window, so the
 * count stays right when several instances write them to one database.
 * One dialect difference: a list filter "is user_id in ',3,7,'" is
 * SQLite's instr and PostgreSQL's strpos.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_session.h"
#include "store/store_sql.h"

enum {
	X_SESS_INS = SQ_FIRST(SQ_AREA_SESSION), X_SESS_GET, X_SESS_TOUCH, X_SESS_DEL,
	X_SESS_DEL_USER, X_SESS_PURGE, X_LF_ADD, X_LF_COUNT, X_LF_CLEAR,
	X_SESS_LIST, X_SESS_GET_PUBLIC,
	X_LAST
};
SQ_FITS(SQ_AREA_SESSION, X_LAST);

static enum err_code session_insert(struct store *st, const struct session *ss, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_INS,
		"INSERT INTO sessions(token_hash,user_id,csrf_token,created_at_ms,last_seen_ms,"
		"public_id,client_ip,user_agent) VALUES($1,$2,$3,$4,$5,$6,$7,$8)");
	if (!s)
		return db_error(st->db, e, "session_insert");
	db_bind_text(s, 1, ss->token_hash);
	db_bind_i64(s, 2, ss->user_id);
	db_bind_text(s, 3, ss->csrf_token);
	db_bind_i64(s, 4, ss->created_at_ms);
	db_bind_i64(s, 5, ss->last_seen_ms);
	db_bind_opt_text(s, 6, ss->public_id); /* NULL when unnamed (unique otherwise) */
	db_bind_text(s, 7, ss->client_ip);
	db_bind_text(s, 8, ss->user_agent);
	return db_run(st->db, s, e, "session_insert");
}

#define SESS_COLS "token_hash,user_id,csrf_token,created_at_ms,last_seen_ms," \
	"coalesce(public_id,''),client_ip,user_agent"

static void session_row(struct db_stmt *s, void *row)
{
	struct session *out = row;
	db_text(s, 0, out->token_hash, sizeof(out->token_hash));
	out->user_id = db_col_i64(s, 1);
	db_text(s, 2, out->csrf_token, sizeof(out->csrf_token));
	out->created_at_ms = db_col_i64(s, 3);
	out->last_seen_ms = db_col_i64(s, 4);
	db_text(s, 5, out->public_id, sizeof(out->public_id));
	db_text(s, 6, out->client_ip, sizeof(out->client_ip));
	db_text(s, 7, out->user_agent, sizeof(out->user_agent));
}

static enum err_code session_get(struct store *st, const char *token_hash, struct session *out,
				 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_GET,
				    "SELECT " SESS_COLS " FROM sessions WHERE token_hash=$1");
	if (!s)
		return db_error(st->db, e, "session_get");
	db_bind_text(s, 1, token_hash);
	return db_one(st->db, s, session_row, out, "会话", e, "session_get");
}

static enum err_code session_touch(struct store *st, const char *token_hash, int64_t now_ms,
				   struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_TOUCH,
				    "UPDATE sessions SET last_seen_ms=$1 WHERE token_hash=$2");
	if (!s)
		return db_error(st->db, e, "session_touch");
	db_bind_i64(s, 1, now_ms);
	db_bind_text(s, 2, token_hash);
	/* bookkeeping: the idle clock moves no answer cache, not even the
	 * sessions' (their entries live 30 s at most, so expiry is seen) */
	sql_bookkeeping(st, 1);
	enum err_code rc = db_run(st->db, s, e, "session_touch");
	sql_bookkeeping(st, 0);
	return rc;
}

static enum err_code session_delete(struct store *st, const char *token_hash, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_DEL, "DELETE FROM sessions WHERE token_hash=$1");
	if (!s)
		return db_error(st->db, e, "session_delete");
	db_bind_text(s, 1, token_hash);
	return db_run(st->db, s, e, "session_delete");
}

static enum err_code session_delete_user(struct store *st, int64_t user_id, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_DEL_USER, "DELETE FROM sessions WHERE user_id=$1");
	if (!s)
		return db_error(st->db, e, "session_delete_user");
	db_bind_i64(s, 1, user_id);
	return db_run(st->db, s, e, "session_delete_user");
}

static enum err_code session_purge(struct store *st, int64_t older_than_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_PURGE,
		"DELETE FROM sessions WHERE last_seen_ms<$1 OR created_at_ms<$1-86400000");
	if (!s)
		return db_error(st->db, e, "session_purge");
	db_bind_i64(s, 1, older_than_ms);
	return db_run(st->db, s, e, "session_purge");
}

static enum err_code login_failure_add(struct store *st, const char *key, int64_t at_ms,
				       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_LF_ADD,
				    "INSERT INTO login_failures(key,at_ms) VALUES($1,$2)");
	if (!s)
		return db_error(st->db, e, "login_failure_add");
	db_bind_text(s, 1, key);
	db_bind_i64(s, 2, at_ms);
	return db_run(st->db, s, e, "login_failure_add");
}

static enum err_code login_failure_count(struct store *st, const char *key, int64_t since_ms,
					 int64_t *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_LF_COUNT,
				    "SELECT count(*) FROM login_failures WHERE key=$1 AND at_ms>=$2");
	if (!s)
		return db_error(st->db, e, "login_failure_count");
	db_bind_text(s, 1, key);
	db_bind_i64(s, 2, since_ms);
	enum db_rc r = db_step(s);
	enum err_code rc = ERR_OK;
	if (r == DB_ROW)
		*out = db_col_i64(s, 0);
	else
		rc = db_error(st->db, e, "login_failure_count");
	db_reset(s);
	return rc;
}

static enum err_code login_failure_clear(struct store *st, const char *key, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_LF_CLEAR, "DELETE FROM login_failures WHERE key=$1");
	if (!s)
		return db_error(st->db, e, "login_failure_clear");
	db_bind_text(s, 1, key);
	return db_run(st->db, s, e, "login_failure_clear");
}

static enum err_code session_get_public(struct store *st, const char *public_id,
					struct session *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_GET_PUBLIC,
				    "SELECT " SESS_COLS " FROM sessions WHERE public_id=$1");
	if (!s)
		return db_error(st->db, e, "session_get_public");
	db_bind_text(s, 1, public_id);
	return db_one(st->db, s, session_row, out, "会话", e, "session_get_public");
}

static void session_view_row(struct db_stmt *s, void *row)
{
	struct session_view *v = row;
	memset(v, 0, sizeof(*v));
	db_text(s, 0, v->public_id, sizeof(v->public_id));
	v->user_id = db_col_i64(s, 1);
	v->created_at_ms = db_col_i64(s, 2);
	v->last_seen_ms = db_col_i64(s, 3);
	db_text(s, 4, v->client_ip, sizeof(v->client_ip));
	db_text(s, 5, v->user_agent, sizeof(v->user_agent));
}

/* Sessions without a public id sort first among equal last uses, as
 * SQLite's NULLs always do (PostgreSQL's would sort last). */
#define SESS_LIST_SQL(in_list) \
	"SELECT coalesce(public_id,''),user_id,created_at_ms,last_seen_ms,client_ip,user_agent " \
	"FROM sessions WHERE (CAST($1 AS BIGINT)=0 OR user_id=$1) " \
	"AND (CAST($2 AS TEXT) IS NULL OR " in_list ">0) " \
	"AND last_seen_ms>=$3 AND created_at_ms>=$4 " \
	"ORDER BY last_seen_ms DESC, public_id NULLS FIRST LIMIT $6 OFFSET $5"

static enum err_code session_list(struct store *st, int64_t user_id, const char *user_in,
				  int64_t seen_since_ms, int64_t created_since_ms, int64_t offset,
				  int limit, struct session_view **out, size_t *out_n,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_SESS_LIST, db_sql(st->db,
		SESS_LIST_SQL("instr($2,','||user_id||',')"),
		SESS_LIST_SQL("strpos($2,','||CAST(user_id AS TEXT)||',')")));
	if (!s)
		return db_error(st->db, e, "session_list");
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, user_in);
	db_bind_i64(s, 3, seen_since_ms);
	db_bind_i64(s, 4, created_since_ms);
	db_bind_i64(s, 5, offset);
	db_bind_i64(s, 6, limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct session_view), session_view_row,
				      &arr, out_n, e, "session_list");
	*out = arr;
	return rc;
}

const struct store_session_ops sql_session_ops = {
	.insert = session_insert,
	.get = session_get,
	.touch = session_touch,
	.delete = session_delete,
	.delete_user = session_delete_user,
	.purge = session_purge,
	.failure_add = login_failure_add,
	.failure_count = login_failure_count,
	.failure_clear = login_failure_clear,
	.list = session_list,
	.get_public = session_get_public,
};
