/*
 * store_sql_account.c - users and their grants, written once over the thin
 * SQL driver (db.h) for SQLite and PostgreSQL. New ids come back with
 * RETURNING (both engines); a duplicate grant is skipped with ON CONFLICT
 * DO NOTHING (SQLite's INSERT OR IGNORE has no PostgreSQL spelling).
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_account.h"

enum {
	A_USER_INSERT = SQ_FIRST(SQ_AREA_ACCOUNT), A_USER_UPDATE, A_USER_GET, A_USER_BY_NAME,
	A_USER_LIST, A_GRANTS_GET, A_GRANTS_DEL, A_GRANTS_INS,
	A_LAST
};
SQ_FITS(SQ_AREA_ACCOUNT, A_LAST);

#define USER_COLS                                                                    \
	"id,username,password_hash,display_name,coalesce(person_id,0),disabled,"    \
	"created_at_ms,updated_at_ms"

static void user_row(struct db_stmt *s, void *row)
{
	struct user *u = row;
	u->id = db_col_i64(s, 0);
	db_text(s, 1, u->username, sizeof(u->username));
	db_text(s, 2, u->password_hash, sizeof(u->password_hash));
	db_text(s, 3, u->display_name, sizeof(u->display_name));
	u->person_id = db_col_i64(s, 4);
	u->disabled = (int)db_col_i64(s, 5);
	u->created_at_ms = db_col_i64(s, 6);
	u->updated_at_ms = db_col_i64(s, 7);
}

static enum err_code user_insert(struct store *st, struct user *u, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, A_USER_INSERT,
		"INSERT INTO users(username,password_hash,display_name,person_id,disabled,"
		"created_at_ms,updated_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id");
	if (!s)
		return db_error(st->db, e, "user_insert");
	db_bind_text(s, 1, u->username);
	db_bind_text(s, 2, u->password_hash);
	db_bind_text(s, 3, u->display_name);
	db_bind_opt_id(s, 4, u->person_id);
	db_bind_i64(s, 5, u->disabled);
	db_bind_i64(s, 6, u->created_at_ms);
	db_bind_i64(s, 7, u->updated_at_ms);
	enum db_rc r = db_step(s);
	if (r == DB_ROW)
		u->id = db_col_i64(s, 0);
	enum err_code rc = r == DB_ROW ? ERR_OK : db_error(st->db, e, "user_insert");
	db_reset(s);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "username", "用户名“%s”已存在", u->username);
	return rc;
}

static enum err_code user_update(struct store *st, const struct user *u, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, A_USER_UPDATE,
		"UPDATE users SET password_hash=$1,display_name=$2,person_id=$3,disabled=$4,"
		"updated_at_ms=$5 WHERE id=$6");
	if (!s)
		return db_error(st->db, e, "user_update");
	db_bind_text(s, 1, u->password_hash);
	db_bind_text(s, 2, u->display_name);
	db_bind_opt_id(s, 3, u->person_id);
	db_bind_i64(s, 4, u->disabled);
	db_bind_i64(s, 5, u->updated_at_ms);
	db_bind_i64(s, 6, u->id);
	return db_run(st->db, s, e, "user_update");
}

static enum err_code user_get(struct store *st, int64_t id, struct user *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, A_USER_GET, "SELECT " USER_COLS " FROM users WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "user_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, user_row, out, "账号", e, "user_get");
}

static enum err_code user_get_by_name(struct store *st, const char *name, struct user *out,
				      struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, A_USER_BY_NAME,
				    "SELECT " USER_COLS " FROM users WHERE username=$1");
	if (!s)
		return db_error(st->db, e, "user_get_by_name");
	db_bind_text(s, 1, name);
	return db_one(st->db, s, user_row, out, "账号", e, "user_get");
}

static enum err_code user_list(struct store *st, struct page pg, struct user **out, size_t *out_n,
			       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, A_USER_LIST,
				    "SELECT " USER_COLS " FROM users WHERE id>$1 ORDER BY id LIMIT $2");
	if (!s)
		return db_error(st->db, e, "user_list");
	db_bind_i64(s, 1, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	db_bind_i64(s, 2, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct user), user_row, &arr, out_n, e,
				      "user_list");
	*out = arr;
	return rc;
}

static void grant_row(struct db_stmt *s, void *row)
{
	struct grant *g = row;
	db_text(s, 0, g->role, sizeof(g->role));
	db_text(s, 1, g->scope_type, sizeof(g->scope_type));
	db_text(s, 2, g->scope_id, sizeof(g->scope_id));
}

static enum err_code grants_get(struct store *st, int64_t user_id, struct grant **out,
				size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, A_GRANTS_GET,
				    "SELECT role,scope_type,scope_id FROM grants WHERE user_id=$1 "
				    "ORDER BY role,scope_type,scope_id");
	if (!s)
		return db_error(st->db, e, "grants_get");
	db_bind_i64(s, 1, user_id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct grant), grant_row, &arr, out_n, e,
				      "grants_get");
	*out = arr;
	return rc;
}

static enum err_code grants_replace(struct store *st, int64_t user_id, const struct grant *g,
				    size_t n, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, A_GRANTS_DEL, "DELETE FROM grants WHERE user_id=$1");
	if (!s)
		return db_error(st->db, e, "grants_replace");
	db_bind_i64(s, 1, user_id);
	if ((rc = db_run(st->db, s, e, "grants_replace")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		s = db_stmt(st->db, A_GRANTS_INS,
			    "INSERT INTO grants(user_id,role,scope_type,scope_id) "
			    "VALUES($1,$2,$3,$4) ON CONFLICT DO NOTHING");
		if (!s)
			return db_error(st->db, e, "grants_replace");
		db_bind_i64(s, 1, user_id);
		db_bind_text(s, 2, g[i].role);
		db_bind_text(s, 3, g[i].scope_type);
		db_bind_text(s, 4, g[i].scope_id);
		if ((rc = db_run(st->db, s, e, "grants_replace")))
			return rc;
	}
	return ERR_OK;
}

const struct store_account_ops sql_account_ops = {
	.insert = user_insert,
	.update = user_update,
	.get = user_get,
	.get_by_name = user_get_by_name,
	.list = user_list,
	.grants = grants_get,
	.grants_replace = grants_replace,
};
