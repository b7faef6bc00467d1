/*
 * store_sql_talent.c - secondments and talents, written once over the thin
 * SQL driver (db.h) for SQLite and PostgreSQL. New ids come back with
 * RETURNING; lists are db_page's newest-first pages.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_sql.h"
#include "store/store_talent.h"

enum {
	T_INS = SQ_FIRST(SQ_AREA_TALENT), T_GET, T_LIST, T_TAL_INS, T_TAL_GET, T_TAL_LIST, T_ENT,
	T_LAST
};
SQ_FITS(SQ_AREA_TALENT, T_LAST);

static enum err_code secondment_insert(struct store *st, struct secondment *x, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, T_INS,
		"INSERT INTO secondments(alliance_id,line,person_id,kind,from_org_id,to_org_id,"
		"county_code,starts_on,ends_on,created_by,created_at_ms,updated_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11) RETURNING id");
	if (!s)
		return db_error(st->db, e, "secondment_insert");
	db_bind_i64(s, 1, x->alliance_id);
	db_bind_text(s, 2, x->line);
	db_bind_i64(s, 3, x->person_id);
	db_bind_text(s, 4, x->kind);
	db_bind_i64(s, 5, x->from_org_id);
	db_bind_i64(s, 6, x->to_org_id);
	db_bind_text(s, 7, x->county_code);
	db_bind_day(s, 8, x->starts_on);
	db_bind_opt_day(s, 9, x->ends_on);
	db_bind_opt_id(s, 10, x->created_by);
	db_bind_i64(s, 11, x->created_at_ms);
	return db_insert_id(st->db, s, &x->id, e, "secondment_insert");
}

#define SEC_COLS "s.id,s.alliance_id,s.line,s.person_id,s.kind,s.from_org_id,s.to_org_id," \
	"s.county_code,s.starts_on,s.ends_on,s.created_by,s.created_at_ms,p.name,f.name,t.name"
#define SEC_FROM "FROM secondments s JOIN people p ON p.id=s.person_id " \
	"JOIN orgs f ON f.id=s.from_org_id JOIN orgs t ON t.id=s.to_org_id "

static void secondment_row(struct db_stmt *s, void *row)
{
	struct secondment *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, x->line, sizeof(x->line));
	x->person_id = db_col_i64(s, 3);
	db_text(s, 4, x->kind, sizeof(x->kind));
	x->from_org_id = db_col_i64(s, 5);
	x->to_org_id = db_col_i64(s, 6);
	db_text(s, 7, x->county_code, sizeof(x->county_code));
	x->starts_on = db_col_day(s, 8);
	x->ends_on = db_col_day(s, 9);
	x->created_by = db_col_i64(s, 10);
	x->created_at_ms = db_col_i64(s, 11);
	db_text(s, 12, x->person_name, sizeof(x->person_name));
	db_text(s, 13, x->from_org_name, sizeof(x->from_org_name));
	db_text(s, 14, x->to_org_name, sizeof(x->to_org_name));
}

static enum err_code secondment_get(struct store *st, int64_t id, struct secondment *out,
				    struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, T_GET, "SELECT " SEC_COLS " " SEC_FROM "WHERE s.id=$1");
	if (!s)
		return db_error(st->db, e, "secondment_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, secondment_row, out, "下挂/蹲点记录", e, "secondment_get");
}

static enum err_code secondment_list(struct store *st, int64_t alliance_id, struct page pg,
				     struct secondment **out, size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = db_page(st->db, T_LIST,
		"SELECT " SEC_COLS " " SEC_FROM
		"WHERE (CAST($1 AS BIGINT)=0 OR s.alliance_id=$1) AND s.id<$2 "
		"ORDER BY s.id DESC LIMIT $3",
		alliance_id, NULL, pg, sizeof(struct secondment), secondment_row, NULL, NULL, &arr,
		out_n, e, "secondment_list");
	*out = arr;
	return rc;
}

static enum err_code talent_insert(struct store *st, struct talent *x, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, T_TAL_INS,
		"INSERT INTO talents(alliance_id,line,name,kind,from_county,division_code,"
		"enterprise_id,introduced_on,note,created_by,created_at_ms,updated_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11) RETURNING id");
	if (!s)
		return db_error(st->db, e, "talent_insert");
	db_bind_i64(s, 1, x->alliance_id);
	db_bind_text(s, 2, x->line);
	db_bind_text(s, 3, x->name);
	db_bind_text(s, 4, x->kind);
	db_bind_text(s, 5, x->from_county);
	db_bind_opt_text(s, 6, x->division_code);
	db_bind_opt_id(s, 7, x->enterprise_id);
	db_bind_opt_day(s, 8, x->introduced_on);
	db_bind_text(s, 9, x->note);
	db_bind_opt_id(s, 10, x->created_by);
	db_bind_i64(s, 11, x->created_at_ms);
	return db_insert_id(st->db, s, &x->id, e, "talent_insert");
}

#define TAL_COLS "t.id,t.alliance_id,t.line,t.name,t.kind,t.from_county,t.division_code," \
	"t.enterprise_id,t.introduced_on,t.note,t.created_by,t.created_at_ms,n.name"
#define TAL_FROM "FROM talents t LEFT JOIN enterprises n ON n.id=t.enterprise_id "

static void talent_row(struct db_stmt *s, void *row)
{
	struct talent *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, x->line, sizeof(x->line));
	db_text(s, 3, x->name, sizeof(x->name));
	db_text(s, 4, x->kind, sizeof(x->kind));
	db_text(s, 5, x->from_county, sizeof(x->from_county));
	db_text(s, 6, x->division_code, sizeof(x->division_code));
	x->enterprise_id = db_col_i64(s, 7);
	x->introduced_on = db_col_day(s, 8);
	db_text(s, 9, x->note, sizeof(x->note));
	x->created_by = db_col_i64(s, 10);
	x->created_at_ms = db_col_i64(s, 11);
	db_text(s, 12, x->enterprise_name, sizeof(x->enterprise_name));
}

static enum err_code talent_get(struct store *st, int64_t id, struct talent *out,
				struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, T_TAL_GET, "SELECT " TAL_COLS " " TAL_FROM "WHERE t.id=$1");
	if (!s)
		return db_error(st->db, e, "talent_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, talent_row, out, "人才记录", e, "talent_get");
}

static enum err_code talent_list(struct store *st, int64_t alliance_id, struct page pg,
				 struct talent **out, size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = db_page(st->db, T_TAL_LIST,
		"SELECT " TAL_COLS " " TAL_FROM
		"WHERE (CAST($1 AS BIGINT)=0 OR t.alliance_id=$1) AND t.id<$2 "
		"ORDER BY t.id DESC LIMIT $3",
		alliance_id, NULL, pg, sizeof(struct talent), talent_row, NULL, NULL, &arr, out_n,
		e, "talent_list");
	*out = arr;
	return rc;
}

static void no_row(struct db_stmt *s, void *row)
{
	(void)s;
	(void)row;
}

static enum err_code enterprise_exists(struct store *st, int64_t id, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, T_ENT, "SELECT 1 FROM enterprises WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "enterprise_exists");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, no_row, NULL, "企业", e, "enterprise_exists");
}

const struct store_talent_ops sql_talent_ops = {
	.talent_insert = talent_insert,
	.talent_get = talent_get,
	.talent_list = talent_list,
	.enterprise_exists = enterprise_exists,
	.secondment_insert = secondment_insert,
	.secondment_get = secondment_get,
	.secondment_list = secondment_list,
};
