/* store_sqlite_acct.c - users, grants, sessions and login failures in SQLite. */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

#define USER_COLS "id,username,password_hash,display_name,person_id,disabled,created_at_ms,updated_at_ms"

static void user_row(sqlite3_stmt *s, struct user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, u->username, sizeof(u->username));
	sq_text(s, 2, u->password_hash, sizeof(u->password_hash));
	sq_text(s, 3, u->display_name, sizeof(u->display_name));
	u->person_id = sqlite3_column_int64(s, 4);
	u->disabled = sqlite3_column_int(s, 5);
	u->created_at_ms = sqlite3_column_int64(s, 6);
	u->updated_at_ms = sqlite3_column_int64(s, 7);
}

static void user_row_any(sqlite3_stmt *s, void *row)
{
	user_row(s, row);
}

static enum err_code step_done(struct sq *q, sqlite3_stmt *s, struct err *e, const char *what)
{
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, what);
}

enum err_code sq_user_insert(struct store *st, struct user *u, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_USER_INSERT,
		"INSERT INTO users(username,password_hash,display_name,person_id,disabled,"
		"created_at_ms,updated_at_ms) VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "user_insert");
	sqlite3_bind_text(s, 1, u->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->display_name, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 4, u->person_id);
	sqlite3_bind_int(s, 5, u->disabled);
	sqlite3_bind_int64(s, 6, u->created_at_ms);
	sqlite3_bind_int64(s, 7, u->updated_at_ms);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r == SQLITE_CONSTRAINT_UNIQUE || r == SQLITE_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "username", "用户名“%s”已存在", u->username);
	if (r != SQLITE_DONE)
		return sq_error(q, e, "user_insert");
	u->id = sqlite3_last_insert_rowid(q->db);
	return ERR_OK;
}

enum err_code sq_user_update(struct store *st, const struct user *u, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_USER_UPDATE,
		"UPDATE users SET password_hash=?,display_name=?,person_id=?,disabled=?,"
		"updated_at_ms=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "user_update");
	sqlite3_bind_text(s, 1, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->display_name, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 3, u->person_id);
	sqlite3_bind_int(s, 4, u->disabled);
	sqlite3_bind_int64(s, 5, u->updated_at_ms);
	sqlite3_bind_int64(s, 6, u->id);
	return step_done(q, s, e, "user_update");
}

enum err_code sq_user_get(struct store *st, int64_t id, struct user *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_USER_GET, "SELECT " USER_COLS " FROM users WHERE id=?");
	if (!s)
		return sq_error(q, e, "user_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, user_row_any, out, "账号", e, "user_get");
}

enum err_code sq_user_get_by_name(struct store *st, const char *name, struct user *out,
				  struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_USER_BY_NAME,
				  "SELECT " USER_COLS " FROM users WHERE username=?");
	if (!s)
		return sq_error(q, e, "user_get_by_name");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return sq_one(q, s, user_row_any, out, "账号", e, "user_get");
}

enum err_code sq_user_list(struct store *st, struct page pg, struct user **out, size_t *out_n,
			   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_USER_LIST,
				  "SELECT " USER_COLS " FROM users WHERE id>? ORDER BY id LIMIT ?");
	if (!s)
		return sq_error(q, e, "user_list");
	sqlite3_bind_int64(s, 1, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 2, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct user), user_row_any, &arr, out_n, e, "user_list");
	*out = arr;
	return rc;
}

static void grant_row(sqlite3_stmt *s, void *row)
{
	struct grant *g = row;
	sq_text(s, 0, g->role, sizeof(g->role));
	sq_text(s, 1, g->scope_type, sizeof(g->scope_type));
	sq_text(s, 2, g->scope_id, sizeof(g->scope_id));
}

enum err_code sq_grants_get(struct store *st, int64_t user_id, struct grant **out,
			    size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_GRANTS_GET,
				  "SELECT role,scope_type,scope_id FROM grants WHERE user_id=? "
				  "ORDER BY role,scope_type,scope_id");
	if (!s)
		return sq_error(q, e, "grants_get");
	sqlite3_bind_int64(s, 1, user_id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct grant), grant_row, &arr, out_n, e,
				      "grants_get");
	*out = arr;
	return rc;
}

enum err_code sq_grants_replace(struct store *st, int64_t user_id, const struct grant *g,
				size_t n, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, SQ_GRANTS_DEL, "DELETE FROM grants WHERE user_id=?");
	if (!s)
		return sq_error(q, e, "grants_replace");
	sqlite3_bind_int64(s, 1, user_id);
	if ((rc = step_done(q, s, e, "grants_replace")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		s = sq_stmt(q, SQ_GRANTS_INS,
			    "INSERT OR IGNORE INTO grants(user_id,role,scope_type,scope_id) "
			    "VALUES(?,?,?,?)");
		if (!s)
			return sq_error(q, e, "grants_replace");
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_text(s, 2, g[i].role, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, g[i].scope_type, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, g[i].scope_id, -1, SQLITE_STATIC);
		if ((rc = step_done(q, s, e, "grants_replace")))
			return rc;
	}
	return ERR_OK;
}

enum err_code sq_session_insert(struct store *st, const struct session *ss, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_SESS_INS,
		"INSERT INTO sessions(token_hash,user_id,csrf_token,created_at_ms,last_seen_ms) "
		"VALUES(?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "session_insert");
	sqlite3_bind_text(s, 1, ss->token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ss->user_id);
	sqlite3_bind_text(s, 3, ss->csrf_token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, ss->created_at_ms);
	sqlite3_bind_int64(s, 5, ss->last_seen_ms);
	return step_done(q, s, e, "session_insert");
}

static void session_row(sqlite3_stmt *s, void *row)
{
	struct session *out = row;
	sq_text(s, 0, out->token_hash, sizeof(out->token_hash));
	out->user_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, out->csrf_token, sizeof(out->csrf_token));
	out->created_at_ms = sqlite3_column_int64(s, 3);
	out->last_seen_ms = sqlite3_column_int64(s, 4);
}

enum err_code sq_session_get(struct store *st, const char *token_hash, struct session *out,
			     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_SESS_GET,
		"SELECT token_hash,user_id,csrf_token,created_at_ms,last_seen_ms FROM sessions "
		"WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "session_get");
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_STATIC);
	return sq_one(q, s, session_row, out, "会话", e, "session_get");
}

enum err_code sq_session_touch(struct store *st, const char *token_hash, int64_t now_ms,
			       struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_SESS_TOUCH,
				  "UPDATE sessions SET last_seen_ms=? WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "session_touch");
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_text(s, 2, token_hash, -1, SQLITE_STATIC);
	return step_done(q, s, e, "session_touch");
}

enum err_code sq_session_delete(struct store *st, const char *token_hash, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_SESS_DEL, "DELETE FROM sessions WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "session_delete");
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_STATIC);
	return step_done(q, s, e, "session_delete");
}

enum err_code sq_session_delete_user(struct store *st, int64_t user_id, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_SESS_DEL_USER, "DELETE FROM sessions WHERE user_id=?");
	if (!s)
		return sq_error(q, e, "session_delete_user");
	sqlite3_bind_int64(s, 1, user_id);
	return step_done(q, s, e, "session_delete_user");
}

enum err_code sq_session_purge(struct store *st, int64_t older_than_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_SESS_PURGE,
				  "DELETE FROM sessions WHERE last_seen_ms<? OR created_at_ms<?-86400000");
	if (!s)
		return sq_error(q, e, "session_purge");
	sqlite3_bind_int64(s, 1, older_than_ms);
	sqlite3_bind_int64(s, 2, older_than_ms);
	return step_done(q, s, e, "session_purge");
}

enum err_code sq_login_failure_add(struct store *st, const char *key, int64_t at_ms,
				   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_LF_ADD, "INSERT INTO login_failures(key,at_ms) VALUES(?,?)");
	if (!s)
		return sq_error(q, e, "login_failure_add");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at_ms);
	return step_done(q, s, e, "login_failure_add");
}

enum err_code sq_login_failure_count(struct store *st, const char *key, int64_t since_ms,
				     int64_t *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_LF_COUNT,
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

enum err_code sq_login_failure_clear(struct store *st, const char *key, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, SQ_LF_CLEAR, "DELETE FROM login_failures WHERE key=?");
	if (!s)
		return sq_error(q, e, "login_failure_clear");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return step_done(q, s, e, "login_failure_clear");
}
