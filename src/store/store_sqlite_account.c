/* store_sqlite_account.c - users and their grants in SQLite. */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	A_USER_INSERT = SQ_FIRST(SQ_AREA_ACCOUNT), A_USER_UPDATE, A_USER_GET, A_USER_BY_NAME,
	A_USER_LIST, A_GRANTS_GET, A_GRANTS_DEL, A_GRANTS_INS,
	A_LAST
};
SQ_FITS(SQ_AREA_ACCOUNT, A_LAST);

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

static enum err_code sq_user_insert(struct store *st, struct user *u, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, A_USER_INSERT,
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

static enum err_code sq_user_update(struct store *st, const struct user *u, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, A_USER_UPDATE,
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
	return sq_run(q, s, e, "user_update");
}

static enum err_code sq_user_get(struct store *st, int64_t id, struct user *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, A_USER_GET, "SELECT " USER_COLS " FROM users WHERE id=?");
	if (!s)
		return sq_error(q, e, "user_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, user_row_any, out, "账号", e, "user_get");
}

static enum err_code sq_user_get_by_name(struct store *st, const char *name, struct user *out,
				  struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, A_USER_BY_NAME,
				  "SELECT " USER_COLS " FROM users WHERE username=?");
	if (!s)
		return sq_error(q, e, "user_get_by_name");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return sq_one(q, s, user_row_any, out, "账号", e, "user_get");
}

static enum err_code sq_user_list(struct store *st, struct page pg, struct user **out, size_t *out_n,
			   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, A_USER_LIST,
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

static enum err_code sq_grants_get(struct store *st, int64_t user_id, struct grant **out,
			    size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, A_GRANTS_GET,
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

static enum err_code sq_grants_replace(struct store *st, int64_t user_id, const struct grant *g,
				size_t n, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, A_GRANTS_DEL, "DELETE FROM grants WHERE user_id=?");
	if (!s)
		return sq_error(q, e, "grants_replace");
	sqlite3_bind_int64(s, 1, user_id);
	if ((rc = sq_run(q, s, e, "grants_replace")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		s = sq_stmt(q, A_GRANTS_INS,
			    "INSERT OR IGNORE INTO grants(user_id,role,scope_type,scope_id) "
			    "VALUES(?,?,?,?)");
		if (!s)
			return sq_error(q, e, "grants_replace");
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_text(s, 2, g[i].role, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, g[i].scope_type, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, g[i].scope_id, -1, SQLITE_STATIC);
		if ((rc = sq_run(q, s, e, "grants_replace")))
			return rc;
	}
	return ERR_OK;
}

const struct store_account_ops sq_account_ops = {
	.insert = sq_user_insert,
	.update = sq_user_update,
	.get = sq_user_get,
	.get_by_name = sq_user_get_by_name,
	.list = sq_user_list,
	.grants = sq_grants_get,
	.grants_replace = sq_grants_replace,
};
