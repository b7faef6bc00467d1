/*
 * store_sql_economy.c - enterprises, projects (divisions, stages, funds,
 * team, links), financing, tourism referrals and fair sales, written once
 * over the thin SQL driver (db.h) for SQLite and PostgreSQL.
 *
 * New ids come back with RETURNING (both engines). The optional filters of
 * the lists keep their one-statement shape ($n unset: any); where a
 * parameter's type would be unclear to PostgreSQL ($n=0, $n IS NULL) its
 * first use casts it. One dialect difference: the enterprise search finds
 * a substring with SQLite's instr and PostgreSQL's strpos (no LIKE, whose
 * case rules and wildcards differ). A project's funds total is a sum of
 * BIGINT, numeric in PostgreSQL: cast back to BIGINT. "Every row" of the
 * financing list (page limit 0) is LIMIT INT64_MAX: SQLite's LIMIT -1 is an
 * error in PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_economy.h"
#include "store/store_sql.h"

enum {
	X_ENT_INS = SQ_FIRST(SQ_AREA_ECONOMY), X_ENT_GET, X_ENT_USCC, X_ENT_LIST,
	X_PRJ_INS, X_PRJ_DIV_INS, X_PRJ_ENT_INS, X_PRJ_TAL_INS, X_PRJ_STAGE_INS, X_PRJ_GET,
	X_PRJ_LIST, X_PRJ_DIVS, X_PRJ_ENTS, X_PRJ_TALS, X_PRJ_STAGES, X_PRJ_SET_STAGE,
	X_PRJ_FUNDS, X_PRJ_FUND_INS, X_TEAM_GET, X_TEAM_MEMBERS, X_TEAM_PUT, X_TEAM_CLEAR,
	X_TEAM_MEMBER_INS, X_FIN_INS, X_FIN_GET, X_FIN_LIST, X_FIN_STATUS, X_REF_PUT, X_REF_LIST,
	X_FAIR_GET, X_FAIR_ITEMS, X_FAIR_PUT, X_FAIR_CLEAR, X_FAIR_ITEM_INS,
	X_LAST
};
SQ_FITS(SQ_AREA_ECONOMY, X_LAST);

static int64_t after_id(struct page pg)
{
	return pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX;
}

/* An optional figure: -1 is NULL. */
static void bind_opt_num(struct db_stmt *s, int n, int64_t v)
{
	if (v < 0)
		db_bind_text(s, n, NULL);
	else
		db_bind_i64(s, n, v);
}

static int64_t col_opt_num(struct db_stmt *s, int col)
{
	return db_col_null(s, col) ? -1 : db_col_i64(s, col);
}

/* ---- enterprises ---- */

static enum err_code enterprise_insert(struct store *st, struct enterprise *x, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_ENT_INS,
		"INSERT INTO enterprises(alliance_id,line,name,uscc,division_code,county_code,"
		"industry,created_by,created_at_ms,updated_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id");
	if (!s)
		return db_error(st->db, e, "enterprise_insert");
	db_bind_i64(s, 1, x->alliance_id);
	db_bind_text(s, 2, x->line);
	db_bind_text(s, 3, x->name);
	db_bind_text(s, 4, x->uscc);
	db_bind_text(s, 5, x->division_code);
	db_bind_text(s, 6, x->county_code);
	db_bind_text(s, 7, x->industry);
	db_bind_opt_id(s, 8, x->created_by);
	db_bind_i64(s, 9, x->created_at_ms);
	return db_insert_id(st->db, s, &x->id, e, "enterprise_insert");
}

#define ENT_COLS "id,alliance_id,line,name,uscc,division_code,county_code,industry," \
	"created_by,created_at_ms"

static void enterprise_row(struct db_stmt *s, void *row)
{
	struct enterprise *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, x->line, sizeof(x->line));
	db_text(s, 3, x->name, sizeof(x->name));
	db_text(s, 4, x->uscc, sizeof(x->uscc));
	db_text(s, 5, x->division_code, sizeof(x->division_code));
	db_text(s, 6, x->county_code, sizeof(x->county_code));
	db_text(s, 7, x->industry, sizeof(x->industry));
	x->created_by = db_col_i64(s, 8);
	x->created_at_ms = db_col_i64(s, 9);
}

static enum err_code enterprise_get(struct store *st, int64_t id, struct enterprise *out,
				    struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_ENT_GET,
				    "SELECT " ENT_COLS " FROM enterprises WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "enterprise_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, enterprise_row, out, "企业", e, "enterprise_get");
}

static void id_row(struct db_stmt *s, void *row)
{
	*(int64_t *)row = db_col_i64(s, 0);
}

static enum err_code enterprise_by_uscc(struct store *st, const char *uscc, int64_t *out_id,
					struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_ENT_USCC, "SELECT id FROM enterprises WHERE uscc=$1");
	if (!s)
		return db_error(st->db, e, "enterprise_by_uscc");
	db_bind_text(s, 1, uscc);
	return db_one(st->db, s, id_row, out_id, "企业", e, "enterprise_by_uscc");
}

#define ENT_LIST(find_name, find_uscc) \
	"SELECT " ENT_COLS " FROM enterprises WHERE " \
	"(CAST($1 AS BIGINT)=0 OR alliance_id=$1) AND " \
	"(CAST($2 AS TEXT) IS NULL OR " find_name ">0 OR " find_uscc ">0) AND " \
	"(CAST($3 AS TEXT) IS NULL OR county_code=$3) AND id<$4 ORDER BY id DESC LIMIT $5"

static enum err_code enterprise_list(struct store *st, const struct enterprise_filter *f,
				     struct page pg, struct enterprise **out, size_t *out_n,
				     struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_ENT_LIST, db_sql(st->db,
		ENT_LIST("instr(name,$2)", "instr(uscc,upper($2))"),
		ENT_LIST("strpos(name,$2)", "strpos(uscc,upper($2))")));
	if (!s)
		return db_error(st->db, e, "enterprise_list");
	db_bind_i64(s, 1, f->alliance_id);
	db_bind_opt_text(s, 2, f->q);
	db_bind_opt_text(s, 3, f->county);
	db_bind_i64(s, 4, after_id(pg));
	db_bind_i64(s, 5, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct enterprise), enterprise_row, &arr,
				      out_n, e, "enterprise_list");
	*out = arr;
	return rc;
}

/* ---- projects ---- */

static enum err_code stage_insert(struct store *st, struct project_stage_rec *r, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_STAGE_INS,
		"INSERT INTO project_stages(project_id,alliance_id,from_stage,to_stage,on_date,note,"
		"user_id,at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id");
	if (!s)
		return db_error(st->db, e, "project_stage_insert");
	db_bind_i64(s, 1, r->project_id);
	db_bind_i64(s, 2, r->alliance_id);
	db_bind_opt_text(s, 3, r->from);
	db_bind_text(s, 4, r->to);
	db_bind_day(s, 5, r->on);
	db_bind_text(s, 6, r->note);
	db_bind_opt_id(s, 7, r->user_id);
	db_bind_i64(s, 8, r->at_ms);
	return db_insert_id(st->db, s, &r->id, e, "project_stage_insert");
}

static enum err_code link_insert(struct store *st, int slot, const char *sql, int64_t project_id,
				 int64_t alliance_id, int64_t other, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, slot, sql);
	if (!s)
		return db_error(st->db, e, "project_link");
	db_bind_i64(s, 1, project_id);
	db_bind_i64(s, 2, other);
	db_bind_i64(s, 3, alliance_id);
	return db_write(st->db, s, e, "project_link");
}

static enum err_code project_insert(struct store *st, struct project *p,
				    const char (*divisions)[16], size_t n_divisions,
				    const int64_t *enterprise_ids, size_t n_enterprises,
				    const int64_t *talent_ids, size_t n_talents, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_INS,
		"INSERT INTO projects(alliance_id,unit_id,kind,line,name,stage,stage_on,"
		"investment_fen,jobs,income_per_head_fen,length_m,matter_id,created_by,"
		"created_at_ms,updated_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
		"$14,$14) RETURNING id");
	if (!s)
		return db_error(st->db, e, "project_insert");
	db_bind_i64(s, 1, p->alliance_id);
	db_bind_opt_id(s, 2, p->unit_id);
	db_bind_text(s, 3, p->kind);
	db_bind_text(s, 4, p->line);
	db_bind_text(s, 5, p->name);
	db_bind_text(s, 6, p->stage);
	db_bind_day(s, 7, p->stage_on);
	bind_opt_num(s, 8, p->investment_fen);
	bind_opt_num(s, 9, p->jobs);
	bind_opt_num(s, 10, p->income_per_head_fen);
	bind_opt_num(s, 11, p->length_m);
	db_bind_opt_id(s, 12, p->matter_id);
	db_bind_opt_id(s, 13, p->created_by);
	db_bind_i64(s, 14, p->created_at_ms);
	enum err_code rc = db_insert_id(st->db, s, &p->id, e, "project_insert");
	if (rc)
		return rc;
	for (size_t i = 0; i < n_divisions && !rc; i++) {
		struct db_stmt *d = db_stmt(st->db, X_PRJ_DIV_INS,
			"INSERT INTO project_divisions(project_id,code,alliance_id) VALUES($1,$2,$3)");
		if (!d)
			return db_error(st->db, e, "project_division");
		db_bind_i64(d, 1, p->id);
		db_bind_text(d, 2, divisions[i]);
		db_bind_i64(d, 3, p->alliance_id);
		rc = db_write(st->db, d, e, "project_division");
	}
	for (size_t i = 0; i < n_enterprises && !rc; i++)
		rc = link_insert(st, X_PRJ_ENT_INS, "INSERT INTO project_enterprises(project_id,"
				 "enterprise_id,alliance_id) VALUES($1,$2,$3)", p->id, p->alliance_id,
				 enterprise_ids[i], e);
	for (size_t i = 0; i < n_talents && !rc; i++)
		rc = link_insert(st, X_PRJ_TAL_INS, "INSERT INTO project_talents(project_id,"
				 "talent_id,alliance_id) VALUES($1,$2,$3)", p->id, p->alliance_id,
				 talent_ids[i], e);
	if (rc)
		return rc;
	struct project_stage_rec r;
	memset(&r, 0, sizeof(r));
	r.project_id = p->id;
	r.alliance_id = p->alliance_id;
	snprintf(r.to, sizeof(r.to), "%s", p->stage);
	r.on = p->stage_on;
	r.user_id = p->created_by;
	r.at_ms = p->created_at_ms;
	return stage_insert(st, &r, e);
}

#define PRJ_COLS "p.id,p.alliance_id,p.unit_id,p.kind,p.line,p.name,p.stage,p.stage_on," \
	"p.investment_fen,p.jobs,p.income_per_head_fen,p.length_m,p.matter_id,p.created_by," \
	"p.created_at_ms," \
	"(SELECT CAST(coalesce(sum(amount_fen),0) AS BIGINT) FROM project_funds f " \
	"WHERE f.project_id=p.id)," \
	"(SELECT count(*) FROM project_team_members m WHERE m.project_id=p.id)"

static void project_row(struct db_stmt *s, void *row)
{
	struct project *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	x->unit_id = db_col_i64(s, 2);
	db_text(s, 3, x->kind, sizeof(x->kind));
	db_text(s, 4, x->line, sizeof(x->line));
	db_text(s, 5, x->name, sizeof(x->name));
	db_text(s, 6, x->stage, sizeof(x->stage));
	x->stage_on = db_col_day(s, 7);
	x->investment_fen = col_opt_num(s, 8);
	x->jobs = col_opt_num(s, 9);
	x->income_per_head_fen = col_opt_num(s, 10);
	x->length_m = col_opt_num(s, 11);
	x->matter_id = db_col_i64(s, 12);
	x->created_by = db_col_i64(s, 13);
	x->created_at_ms = db_col_i64(s, 14);
	x->funds_total_fen = db_col_i64(s, 15);
	x->team_members = db_col_i64(s, 16);
}

static enum err_code project_get(struct store *st, int64_t id, struct project *out,
				 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_GET,
				    "SELECT " PRJ_COLS " FROM projects p WHERE p.id=$1");
	if (!s)
		return db_error(st->db, e, "project_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, project_row, out, "项目", e, "project_get");
}

static enum err_code project_list(struct store *st, const struct project_filter *f,
				  struct page pg, struct project **out, size_t *out_n,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_LIST,
		"SELECT " PRJ_COLS " FROM projects p WHERE (CAST($1 AS BIGINT)=0 OR p.alliance_id=$1) "
		"AND (CAST($2 AS TEXT) IS NULL OR p.kind=$2) AND "
		"(CAST($3 AS TEXT) IS NULL OR p.stage=$3) AND p.id<$4 ORDER BY p.id DESC LIMIT $5");
	if (!s)
		return db_error(st->db, e, "project_list");
	db_bind_i64(s, 1, f->alliance_id);
	db_bind_opt_text(s, 2, f->kind);
	db_bind_opt_text(s, 3, f->stage);
	db_bind_i64(s, 4, after_id(pg));
	db_bind_i64(s, 5, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct project), project_row, &arr, out_n,
				      e, "project_list");
	*out = arr;
	return rc;
}

static enum err_code project_divisions(struct store *st, int64_t id, char (*out)[16],
				       size_t *out_n, struct err *e)
{
	return db_code_column(st->db, X_PRJ_DIVS,
			      "SELECT code FROM project_divisions WHERE project_id=$1 ORDER BY code",
			      id, (char *)out, 16, PROJECT_MAX_DIVISIONS, out_n, e,
			      "project_divisions");
}

static enum err_code project_links(struct store *st, int64_t id, int64_t *enterprises,
				   size_t *n_enterprises, int64_t *talents, size_t *n_talents,
				   struct err *e)
{
	enum err_code rc = db_id_column(st->db, X_PRJ_ENTS,
		"SELECT enterprise_id FROM project_enterprises WHERE project_id=$1 ORDER BY 1",
		id, enterprises, PROJECT_MAX_LINKS, n_enterprises, e, "project_links");
	return rc ? rc : db_id_column(st->db, X_PRJ_TALS,
		"SELECT talent_id FROM project_talents WHERE project_id=$1 ORDER BY 1",
		id, talents, PROJECT_MAX_LINKS, n_talents, e, "project_links");
}

static void stage_row(struct db_stmt *s, void *row)
{
	struct project_stage_rec *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->project_id = db_col_i64(s, 1);
	x->alliance_id = db_col_i64(s, 2);
	db_text(s, 3, x->from, sizeof(x->from));
	db_text(s, 4, x->to, sizeof(x->to));
	x->on = db_col_day(s, 5);
	db_text(s, 6, x->note, sizeof(x->note));
	x->user_id = db_col_i64(s, 7);
	x->at_ms = db_col_i64(s, 8);
	db_text(s, 9, x->user_name, sizeof(x->user_name));
}

static enum err_code project_stages(struct store *st, int64_t id,
				    struct project_stage_rec **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_STAGES,
		"SELECT g.id,g.project_id,g.alliance_id,g.from_stage,g.to_stage,g.on_date,g.note,"
		"g.user_id,g.at_ms,coalesce(u.display_name,'') FROM project_stages g "
		"LEFT JOIN users u ON u.id=g.user_id WHERE g.project_id=$1 ORDER BY g.id");
	if (!s)
		return db_error(st->db, e, "project_stages");
	db_bind_i64(s, 1, id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct project_stage_rec), stage_row, &arr,
				      out_n, e, "project_stages");
	*out = arr;
	return rc;
}

static enum err_code project_stage_add(struct store *st, struct project_stage_rec *r,
				       struct err *e)
{
	enum err_code rc = stage_insert(st, r, e);
	if (rc)
		return rc;
	struct db_stmt *s = db_stmt(st->db, X_PRJ_SET_STAGE,
		"UPDATE projects SET stage=$2, stage_on=$3, updated_at_ms=$4 WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "project_stage_add");
	db_bind_i64(s, 1, r->project_id);
	db_bind_text(s, 2, r->to);
	db_bind_day(s, 3, r->on);
	db_bind_i64(s, 4, r->at_ms);
	return db_write(st->db, s, e, "project_stage_add");
}

static void fund_row(struct db_stmt *s, void *row)
{
	struct project_fund *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->project_id = db_col_i64(s, 1);
	x->alliance_id = db_col_i64(s, 2);
	db_text(s, 3, x->source, sizeof(x->source));
	db_text(s, 4, x->county_code, sizeof(x->county_code));
	x->amount_fen = db_col_i64(s, 5);
	x->on = db_col_day(s, 6);
	db_text(s, 7, x->note, sizeof(x->note));
	x->created_by = db_col_i64(s, 8);
	x->created_at_ms = db_col_i64(s, 9);
}

static enum err_code project_funds(struct store *st, int64_t id, struct project_fund **out,
				   size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_FUNDS,
		"SELECT id,project_id,alliance_id,source,county_code,amount_fen,on_date,note,"
		"created_by,created_at_ms FROM project_funds WHERE project_id=$1 "
		"ORDER BY on_date, id");
	if (!s)
		return db_error(st->db, e, "project_funds");
	db_bind_i64(s, 1, id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct project_fund), fund_row, &arr,
				      out_n, e, "project_funds");
	*out = arr;
	return rc;
}

static enum err_code project_fund_add(struct store *st, struct project_fund *f, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_PRJ_FUND_INS,
		"INSERT INTO project_funds(project_id,alliance_id,source,county_code,amount_fen,"
		"on_date,note,created_by,created_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) "
		"RETURNING id");
	if (!s)
		return db_error(st->db, e, "project_fund_add");
	db_bind_i64(s, 1, f->project_id);
	db_bind_i64(s, 2, f->alliance_id);
	db_bind_text(s, 3, f->source);
	db_bind_opt_text(s, 4, f->county_code);
	db_bind_i64(s, 5, f->amount_fen);
	db_bind_day(s, 6, f->on);
	db_bind_text(s, 7, f->note);
	db_bind_opt_id(s, 8, f->created_by);
	db_bind_i64(s, 9, f->created_at_ms);
	return db_insert_id(st->db, s, &f->id, e, "project_fund_add");
}

static void team_row(struct db_stmt *s, void *row)
{
	struct project_team *x = row;
	memset(x, 0, sizeof(*x));
	x->project_id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, x->name, sizeof(x->name));
	x->formed_on = db_col_day(s, 3);
	x->updated_by = db_col_i64(s, 4);
	x->updated_at_ms = db_col_i64(s, 5);
}

static enum err_code project_team_get(struct store *st, int64_t id, struct project_team *out,
				      struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_TEAM_GET,
		"SELECT project_id,alliance_id,name,formed_on,updated_by,updated_at_ms "
		"FROM project_teams WHERE project_id=$1");
	if (!s)
		return db_error(st->db, e, "project_team_get");
	db_bind_i64(s, 1, id);
	enum err_code rc = db_one(st->db, s, team_row, out, "先锋队", e, "project_team_get");
	return rc ? rc : db_id_column(st->db, X_TEAM_MEMBERS,
		"SELECT person_id FROM project_team_members WHERE project_id=$1 ORDER BY person_id",
		id, out->members, TEAM_MAX_MEMBERS, &out->n_members, e, "project_team_get");
}

static enum err_code project_team_set(struct store *st, const struct project_team *t,
				      struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_TEAM_CLEAR,
				    "DELETE FROM project_team_members WHERE project_id=$1");
	if (!s)
		return db_error(st->db, e, "project_team_set");
	db_bind_i64(s, 1, t->project_id);
	enum err_code rc = db_run(st->db, s, e, "project_team_set");
	if (rc)
		return rc;
	s = db_stmt(st->db, X_TEAM_PUT,
		"INSERT INTO project_teams(project_id,alliance_id,name,formed_on,updated_by,"
		"updated_at_ms) VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(project_id) DO UPDATE SET "
		"name=excluded.name, updated_by=excluded.updated_by, "
		"updated_at_ms=excluded.updated_at_ms");
	if (!s)
		return db_error(st->db, e, "project_team_set");
	db_bind_i64(s, 1, t->project_id);
	db_bind_i64(s, 2, t->alliance_id);
	db_bind_text(s, 3, t->name);
	db_bind_day(s, 4, t->formed_on);
	db_bind_opt_id(s, 5, t->updated_by);
	db_bind_i64(s, 6, t->updated_at_ms);
	if ((rc = db_write(st->db, s, e, "project_team_set")))
		return rc;
	for (size_t i = 0; i < t->n_members && !rc; i++) {
		s = db_stmt(st->db, X_TEAM_MEMBER_INS,
			"INSERT INTO project_team_members(project_id,person_id,alliance_id) "
			"VALUES($1,$2,$3)");
		if (!s)
			return db_error(st->db, e, "project_team_set");
		db_bind_i64(s, 1, t->project_id);
		db_bind_i64(s, 2, t->members[i]);
		db_bind_i64(s, 3, t->alliance_id);
		rc = db_write(st->db, s, e, "project_team_set");
	}
	return rc;
}

/* ---- financing ---- */

static enum err_code financing_insert(struct store *st, struct financing *x, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_FIN_INS,
		"INSERT INTO financing(alliance_id,line,enterprise_id,lender,amount_fen,on_date,"
		"status,created_by,created_at_ms,updated_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id");
	if (!s)
		return db_error(st->db, e, "financing_insert");
	db_bind_i64(s, 1, x->alliance_id);
	db_bind_text(s, 2, x->line);
	db_bind_i64(s, 3, x->enterprise_id);
	db_bind_text(s, 4, x->lender);
	db_bind_i64(s, 5, x->amount_fen);
	db_bind_day(s, 6, x->on);
	db_bind_text(s, 7, x->status);
	db_bind_opt_id(s, 8, x->created_by);
	db_bind_i64(s, 9, x->created_at_ms);
	return db_insert_id(st->db, s, &x->id, e, "financing_insert");
}

#define FIN_COLS "f.id,f.alliance_id,f.line,f.enterprise_id,f.lender,f.amount_fen,f.on_date," \
	"f.status,f.created_by,f.created_at_ms,n.name,n.county_code"
#define FIN_FROM "FROM financing f JOIN enterprises n ON n.id=f.enterprise_id "

static void financing_row(struct db_stmt *s, void *row)
{
	struct financing *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, x->line, sizeof(x->line));
	x->enterprise_id = db_col_i64(s, 3);
	db_text(s, 4, x->lender, sizeof(x->lender));
	x->amount_fen = db_col_i64(s, 5);
	x->on = db_col_day(s, 6);
	db_text(s, 7, x->status, sizeof(x->status));
	x->created_by = db_col_i64(s, 8);
	x->created_at_ms = db_col_i64(s, 9);
	db_text(s, 10, x->enterprise_name, sizeof(x->enterprise_name));
	db_text(s, 11, x->county_code, sizeof(x->county_code));
}

static enum err_code financing_get(struct store *st, int64_t id, struct financing *out,
				   struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_FIN_GET,
				    "SELECT " FIN_COLS " " FIN_FROM "WHERE f.id=$1");
	if (!s)
		return db_error(st->db, e, "financing_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, financing_row, out, "融资记录", e, "financing_get");
}

static enum err_code financing_list(struct store *st, const struct financing_filter *f,
				    struct page pg, struct financing **out, size_t *out_n,
				    struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_FIN_LIST,
		"SELECT " FIN_COLS " " FIN_FROM "WHERE (CAST($1 AS BIGINT)=0 OR f.alliance_id=$1) "
		"AND (CAST($2 AS TEXT) IS NULL OR f.status=$2) AND "
		"(CAST($3 AS BIGINT)=0 OR f.enterprise_id=$3) AND "
		"(CAST($4 AS TEXT) IS NULL OR f.lender=$4) AND "
		"(CAST($5 AS TEXT) IS NULL OR f.on_date>=$5) AND "
		"(CAST($6 AS TEXT) IS NULL OR f.on_date<=$6) AND f.id<$7 ORDER BY f.id DESC LIMIT $8");
	if (!s)
		return db_error(st->db, e, "financing_list");
	db_bind_i64(s, 1, f->alliance_id);
	db_bind_opt_text(s, 2, f->status);
	db_bind_i64(s, 3, f->enterprise_id);
	db_bind_opt_text(s, 4, f->lender);
	db_bind_opt_day(s, 5, f->from);
	db_bind_opt_day(s, 6, f->to);
	db_bind_i64(s, 7, after_id(pg));
	db_bind_i64(s, 8, pg.limit > 0 ? pg.limit : INT64_MAX);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct financing), financing_row, &arr,
				      out_n, e, "financing_list");
	*out = arr;
	return rc;
}

static enum err_code financing_set_status(struct store *st, int64_t id, const char *status,
					  int32_t on, int64_t now_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_FIN_STATUS,
		"UPDATE financing SET status=$2, on_date=coalesce(CAST($3 AS TEXT),on_date), "
		"updated_at_ms=$4 WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "financing_set_status");
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, status);
	db_bind_opt_day(s, 3, on);
	db_bind_i64(s, 4, now_ms);
	return db_write(st->db, s, e, "financing_set_status");
}

/* ---- tourism referrals ---- */

static enum err_code referral_put(struct store *st, const struct referral *r, struct err *e)
{
	/* Recording the same month again replaces the number. */
	struct db_stmt *s = db_stmt(st->db, X_REF_PUT,
		"INSERT INTO tourism_referrals(alliance_id,route_id,month,from_county,to_county,"
		"visitors,created_by,created_at_ms,updated_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$8) "
		"ON CONFLICT(route_id,month,from_county,to_county) DO UPDATE SET "
		"visitors=excluded.visitors, updated_at_ms=excluded.updated_at_ms");
	if (!s)
		return db_error(st->db, e, "referral_put");
	db_bind_i64(s, 1, r->alliance_id);
	db_bind_i64(s, 2, r->route_id);
	db_bind_text(s, 3, r->month);
	db_bind_text(s, 4, r->from_county);
	db_bind_text(s, 5, r->to_county);
	db_bind_i64(s, 6, r->visitors);
	db_bind_opt_id(s, 7, r->created_by);
	db_bind_i64(s, 8, r->at_ms);
	return db_write(st->db, s, e, "referral_put");
}

static void referral_row(struct db_stmt *s, void *row)
{
	struct referral *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	x->route_id = db_col_i64(s, 2);
	db_text(s, 3, x->month, sizeof(x->month));
	db_text(s, 4, x->from_county, sizeof(x->from_county));
	db_text(s, 5, x->to_county, sizeof(x->to_county));
	x->visitors = db_col_i64(s, 6);
	x->created_by = db_col_i64(s, 7);
	x->at_ms = db_col_i64(s, 8);
}

static enum err_code referrals(struct store *st, int64_t route_id, struct referral **out,
			       size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_REF_LIST,
		"SELECT id,alliance_id,route_id,month,from_county,to_county,visitors,created_by,"
		"updated_at_ms FROM tourism_referrals WHERE route_id=$1 "
		"ORDER BY month, from_county, to_county");
	if (!s)
		return db_error(st->db, e, "referrals");
	db_bind_i64(s, 1, route_id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct referral), referral_row, &arr,
				      out_n, e, "referrals");
	*out = arr;
	return rc;
}

/* ---- fair sales ---- */

static void sale_row(struct db_stmt *s, void *row)
{
	struct fair_sale_item *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->org_id = db_col_i64(s, 1);
	x->enterprise_id = db_col_i64(s, 2);
	db_text(s, 3, x->label, sizeof(x->label));
	x->amount_fen = db_col_i64(s, 4);
	db_text(s, 5, x->org_name, sizeof(x->org_name));
	db_text(s, 6, x->enterprise_name, sizeof(x->enterprise_name));
}

static enum err_code fair_sales_get(struct store *st, int64_t activity_id, int64_t *out_minutes,
				    struct fair_sale_item **out, size_t *out_n, struct err *e)
{
	*out = NULL;
	*out_n = 0;
	struct db_stmt *s = db_stmt(st->db, X_FAIR_GET,
				    "SELECT minutes FROM fair_sales WHERE activity_id=$1");
	if (!s)
		return db_error(st->db, e, "fair_sales_get");
	db_bind_i64(s, 1, activity_id);
	enum err_code rc = db_one(st->db, s, id_row, out_minutes, "销售记录", e, "fair_sales_get");
	if (rc)
		return rc;
	s = db_stmt(st->db, X_FAIR_ITEMS,
		"SELECT i.id,i.org_id,i.enterprise_id,i.label,i.amount_fen,o.name,n.name "
		"FROM fair_sale_items i LEFT JOIN orgs o ON o.id=i.org_id "
		"LEFT JOIN enterprises n ON n.id=i.enterprise_id WHERE i.activity_id=$1 "
		"ORDER BY i.id");
	if (!s)
		return db_error(st->db, e, "fair_sales_get");
	db_bind_i64(s, 1, activity_id);
	void *arr = NULL;
	rc = db_collect(st->db, s, sizeof(struct fair_sale_item), sale_row, &arr, out_n, e,
			"fair_sales_get");
	*out = arr;
	return rc;
}

static enum err_code fair_sales_set(struct store *st, int64_t activity_id, int64_t alliance_id,
				    int64_t minutes, const struct fair_sale_item *items, size_t n,
				    int64_t by, int64_t now_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, X_FAIR_CLEAR,
				    "DELETE FROM fair_sale_items WHERE activity_id=$1");
	if (!s)
		return db_error(st->db, e, "fair_sales_set");
	db_bind_i64(s, 1, activity_id);
	enum err_code rc = db_run(st->db, s, e, "fair_sales_set");
	if (rc)
		return rc;
	s = db_stmt(st->db, X_FAIR_PUT,
		"INSERT INTO fair_sales(activity_id,alliance_id,minutes,updated_by,updated_at_ms) "
		"VALUES($1,$2,$3,$4,$5) ON CONFLICT(activity_id) DO UPDATE SET "
		"minutes=excluded.minutes, updated_by=excluded.updated_by, "
		"updated_at_ms=excluded.updated_at_ms");
	if (!s)
		return db_error(st->db, e, "fair_sales_set");
	db_bind_i64(s, 1, activity_id);
	db_bind_i64(s, 2, alliance_id);
	db_bind_i64(s, 3, minutes);
	db_bind_opt_id(s, 4, by);
	db_bind_i64(s, 5, now_ms);
	if ((rc = db_write(st->db, s, e, "fair_sales_set")))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		s = db_stmt(st->db, X_FAIR_ITEM_INS,
			"INSERT INTO fair_sale_items(activity_id,alliance_id,org_id,enterprise_id,"
			"label,amount_fen) VALUES($1,$2,$3,$4,$5,$6)");
		if (!s)
			return db_error(st->db, e, "fair_sales_set");
		db_bind_i64(s, 1, activity_id);
		db_bind_i64(s, 2, alliance_id);
		db_bind_opt_id(s, 3, items[i].org_id);
		db_bind_opt_id(s, 4, items[i].enterprise_id);
		db_bind_opt_text(s, 5, items[i].label);
		db_bind_i64(s, 6, items[i].amount_fen);
		rc = db_write(st->db, s, e, "fair_sales_set");
	}
	return rc;
}

const struct store_economy_ops sql_economy_ops = {
	.enterprise_insert = enterprise_insert,
	.enterprise_get = enterprise_get,
	.enterprise_by_uscc = enterprise_by_uscc,
	.enterprise_list = enterprise_list,
	.project_insert = project_insert,
	.project_get = project_get,
	.project_list = project_list,
	.project_divisions = project_divisions,
	.project_links = project_links,
	.project_stages = project_stages,
	.project_stage_add = project_stage_add,
	.project_funds = project_funds,
	.project_fund_add = project_fund_add,
	.project_team_get = project_team_get,
	.project_team_set = project_team_set,
	.financing_insert = financing_insert,
	.financing_get = financing_get,
	.financing_list = financing_list,
	.financing_set_status = financing_set_status,
	.referral_put = referral_put,
	.referrals = referrals,
	.fair_sales_get = fair_sales_get,
	.fair_sales_set = fair_sales_set,
};
