/*
 * store_sqlite_session.c - login sessions and login failures in SQLite.
 * Nothing here joins another area's tables: sessions may later live in a
 * database of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	X_SESS_INS = SQ_FIRST(SQ_AREA_SESSION), X_SESS_GET, X_SESS_TOUCH, X_SESS_DEL,
	X_SESS_DEL_USER, X_SESS_PURGE, X_LF_ADD, X_LF_COUNT, X_LF_CLEAR,
	X_SESS_LIST, X_SESS_GET_PUBLIC,
	X_LAST
};
SQ_FITS(SQ_AREA_SESSION, X_LAST);

static enum err_code sq_session_insert(struct store *st, const struct session *ss, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_INS,
		"INSERT INTO sessions(token_hash,user_id,csrf_token,created_at_ms,last_seen_ms,"
		"public_id,client_ip,user_agent) VALUES(?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "session_insert");
	sqlite3_bind_text(s, 1, ss->token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ss->user_id);
	sqlite3_bind_text(s, 3, ss->csrf_token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, ss->created_at_ms);
	sqlite3_bind_int64(s, 5, ss->last_seen_ms);
	sq_bind_opt_text(s, 6, ss->public_id);   /* NULL when unnamed (unique otherwise) */
	sqlite3_bind_text(s, 7, ss->client_ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, ss->user_agent, -1, SQLITE_STATIC);
	return sq_run(q, s, e, "session_insert");
}

#define SESS_COLS "token_hash,user_id,csrf_token,created_at_ms,last_seen_ms," \
	"coalesce(public_id,''),client_ip,user_agent"

static void session_row(sqlite3_stmt *s, void *row)
{
	struct session *out = row;
	sq_text(s, 0, out->token_hash, sizeof(out->token_hash));
	out->user_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, out->csrf_token, sizeof(out->csrf_token));
	out->created_at_ms = sqlite3_column_int64(s, 3);
	out->last_seen_ms = sqlite3_column_int64(s, 4);
	sq_text(s, 5, out->public_id, sizeof(out->public_id));
	sq_text(s, 6, out->client_ip, sizeof(out->client_ip));
	sq_text(s, 7, out->user_agent, sizeof(out->user_agent));
}

static enum err_code sq_session_get(struct store *st, const char *token_hash, struct session *out,
			     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_GET,
		"SELECT " SESS_COLS " FROM sessions WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "session_get");
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_STATIC);
	return sq_one(q, s, session_row, out, "会话", e, "session_get");
}

static enum err_code sq_session_touch(struct store *st, const char *token_hash, int64_t now_ms,
			       struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_TOUCH,
				  "UPDATE sessions SET last_seen_ms=? WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "session_touch");
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_text(s, 2, token_hash, -1, SQLITE_STATIC);
	/* bookkeeping: the idle clock moves no answer cache, not even the
	 * sessions' (their entries live 30 s at most, so expiry is seen) */
	q->w.quiet = 1;
	enum err_code rc = sq_run(q, s, e, "session_touch");
	q->w.quiet = 0;
	return rc;
}

static enum err_code sq_session_delete(struct store *st, const char *token_hash, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_DEL, "DELETE FROM sessions WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "session_delete");
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_STATIC);
	return sq_run(q, s, e, "session_delete");
}

static enum err_code sq_session_delete_user(struct store *st, int64_t user_id, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_DEL_USER, "DELETE FROM sessions WHERE user_id=?");
	if (!s)
		return sq_error(q, e, "session_delete_user");
	sqlite3_bind_int64(s, 1, user_id);
	return sq_run(q, s, e, "session_delete_user");
}

static enum err_code sq_session_purge(struct store *st, int64_t older_than_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_PURGE,
				  "DELETE FROM sessions WHERE last_seen_ms<? OR created_at_ms<?-86400000");
	if (!s)
		return sq_error(q, e, "session_purge");
	sqlite3_bind_int64(s, 1, older_than_ms);
	sqlite3_bind_int64(s, 2, older_than_ms);
	return sq_run(q, s, e, "session_purge");
}

static enum err_code sq_login_failure_add(struct store *st, const char *key, int64_t at_ms,
				   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_LF_ADD, "INSERT INTO login_failures(key,at_ms) VALUES(?,?)");
	if (!s)
		return sq_error(q, e, "login_failure_add");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at_ms);
	return sq_run(q, s, e, "login_failure_add");
}

static enum err_code sq_login_failure_count(struct store *st, const char *key, int64_t since_ms,
				     int64_t *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_LF_COUNT,
				  "SELECT count(*) FROM login_failures WHERE key=? AND at_ms>=?");
	if (!s)
		return sq_error(q, e, "login_failure_count");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since_ms);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return sq_error(q, e, "login_failure_count");
	}
	*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

static enum err_code sq_login_failure_clear(struct store *st, const char *key, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_LF_CLEAR, "DELETE FROM login_failures WHERE key=?");
	if (!s)
		return sq_error(q, e, "login_failure_clear");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return sq_run(q, s, e, "login_failure_clear");
}

static enum err_code sq_session_get_public(struct store *st, const char *public_id,
					   struct session *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_GET_PUBLIC,
				  "SELECT " SESS_COLS " FROM sessions WHERE public_id=?");
	if (!s)
		return sq_error(q, e, "session_get_public");
	sqlite3_bind_text(s, 1, public_id, -1, SQLITE_STATIC);
	return sq_one(q, s, session_row, out, "会话", e, "session_get_public");
}

static void session_view_row(sqlite3_stmt *s, void *row)
{
	struct session_view *v = row;
	memset(v, 0, sizeof(*v));
	sq_text(s, 0, v->public_id, sizeof(v->public_id));
	v->user_id = sqlite3_column_int64(s, 1);
	v->created_at_ms = sqlite3_column_int64(s, 2);
	v->last_seen_ms = sqlite3_column_int64(s, 3);
	sq_text(s, 4, v->client_ip, sizeof(v->client_ip));
	sq_text(s, 5, v->user_agent, sizeof(v->user_agent));
}

static enum err_code sq_session_list(struct store *st, int64_t user_id, const char *user_in,
				     int64_t seen_since_ms, int64_t created_since_ms,
				     int64_t offset, int limit, struct session_view **out,
				     size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_SESS_LIST,
		"SELECT coalesce(public_id,''),user_id,created_at_ms,last_seen_ms,client_ip,user_agent "
		"FROM sessions WHERE (?1=0 OR user_id=?1) AND (?2 IS NULL OR instr(?2,','||user_id||',')>0) "
		"AND last_seen_ms>=?3 AND created_at_ms>=?4 "
		"ORDER BY last_seen_ms DESC, public_id LIMIT ?6 OFFSET ?5");
	if (!s)
		return sq_error(q, e, "session_list");
	sqlite3_bind_int64(s, 1, user_id);
	if (user_in)
		sqlite3_bind_text(s, 2, user_in, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, seen_since_ms);
	sqlite3_bind_int64(s, 4, created_since_ms);
	sqlite3_bind_int64(s, 5, offset);
	sqlite3_bind_int(s, 6, limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct session_view), session_view_row, &arr,
				      out_n, e, "session_list");
	*out = arr;
	return rc;
}

const struct store_session_ops sq_session_ops = {
	.insert = sq_session_insert,
	.get = sq_session_get,
	.touch = sq_session_touch,
	.delete = sq_session_delete,
	.delete_user = sq_session_delete_user,
	.purge = sq_session_purge,
	.failure_add = sq_login_failure_add,
	.failure_count = sq_login_failure_count,
	.failure_clear = sq_login_failure_clear,
	.list = sq_session_list,
	.get_public = sq_session_get_public,
};
