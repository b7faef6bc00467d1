/*
 * store_sql_signin.c - the sign-in log (see store_signin.h), written once
 * over the thin SQL driver (db.h) for SQLite and PostgreSQL. A new row's id
 * comes back by RETURNING; the one dialect difference is the list filter
 * "is user_id in ',3,7,'" (SQLite's instr, PostgreSQL's strpos).
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_signin.h"
#include "store/store_sql.h"

enum { G_INS = SQ_FIRST(SQ_AREA_SIGNIN), G_LIST, G_PURGE, G_LAST };
SQ_FITS(SQ_AREA_SIGNIN, G_LAST);

static enum err_code signin_insert(struct store *st, struct signin_rec *r, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_INS,
		"INSERT INTO signins(at_ms,user_id,username,client_ip,user_agent,result,reason) "
		"VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id");
	if (!s)
		return db_error(st->db, e, "signin_insert");
	db_bind_i64(s, 1, r->at_ms);
	db_bind_opt_id(s, 2, r->user_id);
	db_bind_text(s, 3, r->username);
	db_bind_text(s, 4, r->client_ip);
	db_bind_text(s, 5, r->user_agent);
	db_bind_text(s, 6, r->result);
	db_bind_text(s, 7, r->reason);
	enum err_code rc = ERR_OK;
	if (db_step(s) == DB_ROW)
		r->id = db_col_i64(s, 0);
	else
		rc = db_error(st->db, e, "signin_insert");
	db_reset(s);
	return rc;
}

static void signin_row(struct db_stmt *s, void *row)
{
	struct signin_rec *r = row;
	memset(r, 0, sizeof(*r));
	r->id = db_col_i64(s, 0);
	r->at_ms = db_col_i64(s, 1);
	r->user_id = db_col_i64(s, 2);
	db_text(s, 3, r->username, sizeof(r->username));
	db_text(s, 4, r->client_ip, sizeof(r->client_ip));
	db_text(s, 5, r->user_agent, sizeof(r->user_agent));
	db_text(s, 6, r->result, sizeof(r->result));
	db_text(s, 7, r->reason, sizeof(r->reason));
}

#define SIGNIN_LIST_SQL(in_list) \
	"SELECT id,at_ms,coalesce(user_id,0),username,client_ip,user_agent,result,reason " \
	"FROM signins WHERE id<$1 AND (CAST($2 AS BIGINT)=0 OR user_id=$2) " \
	"AND (CAST($3 AS TEXT) IS NULL OR " in_list ">0) " \
	"AND (CAST($4 AS TEXT) IS NULL OR result=$4) AND at_ms>=$5 " \
	"AND (CAST($6 AS BIGINT)=0 OR at_ms<$6) ORDER BY id DESC LIMIT $7"

static enum err_code signin_list(struct store *st, const struct signin_filter *f,
				 struct page pg, struct signin_rec **out, size_t *out_n,
				 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_LIST, db_sql(st->db,
		SIGNIN_LIST_SQL("instr($3,','||user_id||',')"),
		SIGNIN_LIST_SQL("strpos($3,','||CAST(user_id AS TEXT)||',')")));
	if (!s)
		return db_error(st->db, e, "signin_list");
	db_bind_i64(s, 1, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	db_bind_i64(s, 2, f->user_id);
	db_bind_opt_text(s, 3, f->user_in);
	db_bind_opt_text(s, 4, f->result);
	db_bind_i64(s, 5, f->from_ms);
	db_bind_i64(s, 6, f->to_ms);
	db_bind_i64(s, 7, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct signin_rec), signin_row, &arr,
				      out_n, e, "signin_list");
	*out = arr;
	return rc;
}

static enum err_code signin_purge(struct store *st, int64_t before_ms, int64_t keep,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_PURGE,
		"DELETE FROM signins WHERE at_ms<$1 OR id<=(SELECT max(id) FROM signins)-$2");
	if (!s)
		return db_error(st->db, e, "signin_purge");
	db_bind_i64(s, 1, before_ms);
	db_bind_i64(s, 2, keep);
	return db_run(st->db, s, e, "signin_purge");
}

const struct store_signin_ops sql_signin_ops = {
	.insert = signin_insert,
	.list = signin_list,
	.purge = signin_purge,
};
