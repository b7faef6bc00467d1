/* store_sqlite_talent.c - secondments and talents in SQLite. */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	T_INS = SQ_FIRST(SQ_AREA_TALENT), T_GET, T_LIST, T_TAL_INS, T_TAL_GET, T_TAL_LIST, T_ENT,
	T_LAST
};
SQ_FITS(SQ_AREA_TALENT, T_LAST);

static enum err_code sq_secondment_insert(struct store *st, struct secondment *x, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, T_INS,
		"INSERT INTO secondments(alliance_id,line,person_id,kind,from_org_id,to_org_id,"
		"county_code,starts_on,ends_on,created_by,created_at_ms,updated_at_ms) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?11)");
	if (!s)
		return sq_error(q, e, "secondment_insert");
	sqlite3_bind_int64(s, 1, x->alliance_id);
	sqlite3_bind_text(s, 2, x->line, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, x->person_id);
	sqlite3_bind_text(s, 4, x->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, x->from_org_id);
	sqlite3_bind_int64(s, 6, x->to_org_id);
	sqlite3_bind_text(s, 7, x->county_code, -1, SQLITE_STATIC);
	sq_bind_day(s, 8, x->starts_on);
	sq_bind_opt_day(s, 9, x->ends_on);
	sq_bind_opt_id(s, 10, x->created_by);
	sqlite3_bind_int64(s, 11, x->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "secondment_insert");
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define SEC_COLS "s.id,s.alliance_id,s.line,s.person_id,s.kind,s.from_org_id,s.to_org_id," \
	"s.county_code,s.starts_on,s.ends_on,s.created_by,s.created_at_ms,p.name,f.name,t.name"
#define SEC_FROM "FROM secondments s JOIN people p ON p.id=s.person_id " \
	"JOIN orgs f ON f.id=s.from_org_id JOIN orgs t ON t.id=s.to_org_id "

static void secondment_row(sqlite3_stmt *s, void *row)
{
	struct secondment *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->line, sizeof(x->line));
	x->person_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, x->kind, sizeof(x->kind));
	x->from_org_id = sqlite3_column_int64(s, 5);
	x->to_org_id = sqlite3_column_int64(s, 6);
	sq_text(s, 7, x->county_code, sizeof(x->county_code));
	x->starts_on = sq_col_day(s, 8);
	x->ends_on = sq_col_day(s, 9);
	x->created_by = sqlite3_column_int64(s, 10);
	x->created_at_ms = sqlite3_column_int64(s, 11);
	sq_text(s, 12, x->person_name, sizeof(x->person_name));
	sq_text(s, 13, x->from_org_name, sizeof(x->from_org_name));
	sq_text(s, 14, x->to_org_name, sizeof(x->to_org_name));
}

static enum err_code sq_secondment_get(struct store *st, int64_t id, struct secondment *out,
				       struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, T_GET, "SELECT " SEC_COLS " " SEC_FROM "WHERE s.id=?");
	if (!s)
		return sq_error(q, e, "secondment_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, secondment_row, out, "下挂/蹲点记录", e, "secondment_get");
}

static enum err_code sq_secondment_list(struct store *st, int64_t alliance_id, struct page pg,
					struct secondment **out, size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = sq_alliance_page(SQ(st), T_LIST,
		"SELECT " SEC_COLS " " SEC_FROM "WHERE (?1=0 OR s.alliance_id=?1) AND s.id<?3 "
		"ORDER BY s.id DESC LIMIT ?4",
		alliance_id, NULL, pg, sizeof(struct secondment), secondment_row, NULL, &arr,
		out_n, e, "secondment_list");
	*out = arr;
	return rc;
}

static enum err_code sq_talent_insert(struct store *st, struct talent *x, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, T_TAL_INS,
		"INSERT INTO talents(alliance_id,line,name,kind,from_county,division_code,"
		"enterprise_id,introduced_on,note,created_by,created_at_ms,updated_at_ms) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?11)");
	if (!s)
		return sq_error(q, e, "talent_insert");
	sqlite3_bind_int64(s, 1, x->alliance_id);
	sqlite3_bind_text(s, 2, x->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, x->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, x->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, x->from_county, -1, SQLITE_STATIC);
	sq_bind_opt_text(s, 6, x->division_code);
	sq_bind_opt_id(s, 7, x->enterprise_id);
	sq_bind_opt_day(s, 8, x->introduced_on);
	sqlite3_bind_text(s, 9, x->note, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 10, x->created_by);
	sqlite3_bind_int64(s, 11, x->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "talent_insert");
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define TAL_COLS "t.id,t.alliance_id,t.line,t.name,t.kind,t.from_county,t.division_code," \
	"t.enterprise_id,t.introduced_on,t.note,t.created_by,t.created_at_ms,n.name"
#define TAL_FROM "FROM talents t LEFT JOIN enterprises n ON n.id=t.enterprise_id "

static void talent_row(sqlite3_stmt *s, void *row)
{
	struct talent *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->line, sizeof(x->line));
	sq_text(s, 3, x->name, sizeof(x->name));
	sq_text(s, 4, x->kind, sizeof(x->kind));
	sq_text(s, 5, x->from_county, sizeof(x->from_county));
	sq_text(s, 6, x->division_code, sizeof(x->division_code));
	x->enterprise_id = sqlite3_column_int64(s, 7);
	x->introduced_on = sq_col_day(s, 8);
	sq_text(s, 9, x->note, sizeof(x->note));
	x->created_by = sqlite3_column_int64(s, 10);
	x->created_at_ms = sqlite3_column_int64(s, 11);
	sq_text(s, 12, x->enterprise_name, sizeof(x->enterprise_name));
}

static enum err_code sq_talent_get(struct store *st, int64_t id, struct talent *out,
				   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, T_TAL_GET, "SELECT " TAL_COLS " " TAL_FROM "WHERE t.id=?");
	if (!s)
		return sq_error(q, e, "talent_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, talent_row, out, "人才记录", e, "talent_get");
}

static enum err_code sq_talent_list(struct store *st, int64_t alliance_id, struct page pg,
				    struct talent **out, size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = sq_alliance_page(SQ(st), T_TAL_LIST,
		"SELECT " TAL_COLS " " TAL_FROM "WHERE (?1=0 OR t.alliance_id=?1) AND t.id<?3 "
		"ORDER BY t.id DESC LIMIT ?4",
		alliance_id, NULL, pg, sizeof(struct talent), talent_row, NULL, &arr, out_n,
		e, "talent_list");
	*out = arr;
	return rc;
}

static void no_row(sqlite3_stmt *s, void *row)
{
	(void)s;
	(void)row;
}

static enum err_code sq_enterprise_exists(struct store *st, int64_t id, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, T_ENT, "SELECT 1 FROM enterprises WHERE id=?");
	if (!s)
		return sq_error(q, e, "enterprise_exists");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, no_row, NULL, "企业", e, "enterprise_exists");
}

const struct store_talent_ops sq_talent_ops = {
	.talent_insert = sq_talent_insert,
	.talent_get = sq_talent_get,
	.talent_list = sq_talent_list,
	.enterprise_exists = sq_enterprise_exists,
	.secondment_insert = sq_secondment_insert,
	.secondment_get = sq_secondment_get,
	.secondment_list = sq_secondment_list,
};
