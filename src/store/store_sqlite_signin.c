/* store_sqlite_signin.c - the sign-in log in SQLite (see store_signin.h). */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum { G_INS = SQ_FIRST(SQ_AREA_SIGNIN), G_LIST, G_PURGE, G_LAST };
SQ_FITS(SQ_AREA_SIGNIN, G_LAST);

static enum err_code sq_signin_insert(struct store *st, struct signin_rec *r, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_INS,
		"INSERT INTO signins(at_ms,user_id,username,client_ip,user_agent,result,reason) "
		"VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "signin_insert");
	sqlite3_bind_int64(s, 1, r->at_ms);
	sq_bind_opt_id(s, 2, r->user_id);
	sqlite3_bind_text(s, 3, r->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->client_ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->user_agent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->result, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, r->reason, -1, SQLITE_STATIC);
	enum err_code rc = sq_run(q, s, e, "signin_insert");
	if (!rc)
		r->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static void signin_row(sqlite3_stmt *s, void *row)
{
	struct signin_rec *r = row;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->at_ms = sqlite3_column_int64(s, 1);
	r->user_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, r->username, sizeof(r->username));
	sq_text(s, 4, r->client_ip, sizeof(r->client_ip));
	sq_text(s, 5, r->user_agent, sizeof(r->user_agent));
	sq_text(s, 6, r->result, sizeof(r->result));
	sq_text(s, 7, r->reason, sizeof(r->reason));
}

static enum err_code sq_signin_list(struct store *st, const struct signin_filter *f,
				    struct page pg, struct signin_rec **out, size_t *out_n,
				    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_LIST,
		"SELECT id,at_ms,coalesce(user_id,0),username,client_ip,user_agent,result,reason "
		"FROM signins WHERE id<?1 AND (?2=0 OR user_id=?2) "
		"AND (?3 IS NULL OR instr(?3,','||user_id||',')>0) "
		"AND (?4 IS NULL OR result=?4) AND at_ms>=?5 AND (?6=0 OR at_ms<?6) "
		"ORDER BY id DESC LIMIT ?7");
	if (!s)
		return sq_error(q, e, "signin_list");
	sqlite3_bind_int64(s, 1, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	sqlite3_bind_int64(s, 2, f->user_id);
	sq_bind_opt_text(s, 3, f->user_in);
	sq_bind_opt_text(s, 4, f->result);
	sqlite3_bind_int64(s, 5, f->from_ms);
	sqlite3_bind_int64(s, 6, f->to_ms);
	sqlite3_bind_int(s, 7, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct signin_rec), signin_row, &arr, out_n, e,
				      "signin_list");
	*out = arr;
	return rc;
}

static enum err_code sq_signin_purge(struct store *st, int64_t before_ms, int64_t keep,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_PURGE,
		"DELETE FROM signins WHERE at_ms<?1 OR id<=(SELECT max(id) FROM signins)-?2");
	if (!s)
		return sq_error(q, e, "signin_purge");
	sqlite3_bind_int64(s, 1, before_ms);
	sqlite3_bind_int64(s, 2, keep);
	return sq_run(q, s, e, "signin_purge");
}

const struct store_signin_ops sq_signin_ops = {
	.insert = sq_signin_insert,
	.list = sq_signin_list,
	.purge = sq_signin_purge,
};
