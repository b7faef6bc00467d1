/* store_sqlite_economy.c - enterprises, projects (divisions, stages, funds,
 * team, links), financing, tourism referrals and fair sales in SQLite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

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
static void bind_opt_num(sqlite3_stmt *s, int i, int64_t v)
{
	if (v < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static int64_t col_opt_num(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, i);
}

/* ---- enterprises ---- */

static enum err_code sq_enterprise_insert(struct store *st, struct enterprise *x, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_ENT_INS,
		"INSERT INTO enterprises(alliance_id,line,name,uscc,division_code,county_code,"
		"industry,created_by,created_at_ms,updated_at_ms) VALUES(?,?,?,?,?,?,?,?,?,?9)");
	if (!s)
		return sq_error(q, e, "enterprise_insert");
	sqlite3_bind_int64(s, 1, x->alliance_id);
	sqlite3_bind_text(s, 2, x->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, x->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, x->uscc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, x->division_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, x->county_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, x->industry, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 8, x->created_by);
	sqlite3_bind_int64(s, 9, x->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "enterprise_insert");
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define ENT_COLS "id,alliance_id,line,name,uscc,division_code,county_code,industry," \
	"created_by,created_at_ms"

static void enterprise_row(sqlite3_stmt *s, void *row)
{
	struct enterprise *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->line, sizeof(x->line));
	sq_text(s, 3, x->name, sizeof(x->name));
	sq_text(s, 4, x->uscc, sizeof(x->uscc));
	sq_text(s, 5, x->division_code, sizeof(x->division_code));
	sq_text(s, 6, x->county_code, sizeof(x->county_code));
	sq_text(s, 7, x->industry, sizeof(x->industry));
	x->created_by = sqlite3_column_int64(s, 8);
	x->created_at_ms = sqlite3_column_int64(s, 9);
}

static enum err_code sq_enterprise_get(struct store *st, int64_t id, struct enterprise *out,
				       struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_ENT_GET, "SELECT " ENT_COLS " FROM enterprises WHERE id=?");
	if (!s)
		return sq_error(q, e, "enterprise_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, enterprise_row, out, "企业", e, "enterprise_get");
}

static void id_row(sqlite3_stmt *s, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(s, 0);
}

static enum err_code sq_enterprise_by_uscc(struct store *st, const char *uscc, int64_t *out_id,
					   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_ENT_USCC, "SELECT id FROM enterprises WHERE uscc=?");
	if (!s)
		return sq_error(q, e, "enterprise_by_uscc");
	sqlite3_bind_text(s, 1, uscc, -1, SQLITE_STATIC);
	return sq_one(q, s, id_row, out_id, "企业", e, "enterprise_by_uscc");
}

static enum err_code sq_enterprise_list(struct store *st, const struct enterprise_filter *f,
					struct page pg, struct enterprise **out, size_t *out_n,
					struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_ENT_LIST,
		"SELECT " ENT_COLS " FROM enterprises WHERE (?1=0 OR alliance_id=?1) AND "
		"(?2 IS NULL OR instr(name,?2)>0 OR instr(uscc,upper(?2))>0) AND "
		"(?3 IS NULL OR county_code=?3) AND id<?4 ORDER BY id DESC LIMIT ?5");
	if (!s)
		return sq_error(q, e, "enterprise_list");
	sqlite3_bind_int64(s, 1, f->alliance_id);
	sq_bind_opt_text(s, 2, f->q);
	sq_bind_opt_text(s, 3, f->county);
	sqlite3_bind_int64(s, 4, after_id(pg));
	sqlite3_bind_int(s, 5, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct enterprise), enterprise_row, &arr, out_n,
				      e, "enterprise_list");
	*out = arr;
	return rc;
}

/* ---- projects ---- */

static enum err_code stage_insert(struct sq *q, struct project_stage_rec *r, struct err *e)
{
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_STAGE_INS,
		"INSERT INTO project_stages(project_id,alliance_id,from_stage,to_stage,on_date,note,"
		"user_id,at_ms) VALUES(?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "project_stage_insert");
	sqlite3_bind_int64(s, 1, r->project_id);
	sqlite3_bind_int64(s, 2, r->alliance_id);
	sq_bind_opt_text(s, 3, r->from);
	sqlite3_bind_text(s, 4, r->to, -1, SQLITE_STATIC);
	sq_bind_day(s, 5, r->on);
	sqlite3_bind_text(s, 6, r->note, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 7, r->user_id);
	sqlite3_bind_int64(s, 8, r->at_ms);
	enum err_code rc = sq_done(q, s, e, "project_stage_insert");
	if (!rc)
		r->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static enum err_code link_insert(struct sq *q, int slot, const char *sql, int64_t project_id,
				 int64_t alliance_id, int64_t other, struct err *e)
{
	sqlite3_stmt *s = sq_stmt(q, slot, sql);
	if (!s)
		return sq_error(q, e, "project_link");
	sqlite3_bind_int64(s, 1, project_id);
	sqlite3_bind_int64(s, 2, other);
	sqlite3_bind_int64(s, 3, alliance_id);
	return sq_done(q, s, e, "project_link");
}

static enum err_code sq_project_insert(struct store *st, struct project *p,
				       const char (*divisions)[16], size_t n_divisions,
				       const int64_t *enterprise_ids, size_t n_enterprises,
				       const int64_t *talent_ids, size_t n_talents, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_INS,
		"INSERT INTO projects(alliance_id,unit_id,kind,line,name,stage,stage_on,"
		"investment_fen,jobs,income_per_head_fen,length_m,matter_id,created_by,"
		"created_at_ms,updated_at_ms) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?14)");
	if (!s)
		return sq_error(q, e, "project_insert");
	sqlite3_bind_int64(s, 1, p->alliance_id);
	sq_bind_opt_id(s, 2, p->unit_id);
	sqlite3_bind_text(s, 3, p->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, p->stage, -1, SQLITE_STATIC);
	sq_bind_day(s, 7, p->stage_on);
	bind_opt_num(s, 8, p->investment_fen);
	bind_opt_num(s, 9, p->jobs);
	bind_opt_num(s, 10, p->income_per_head_fen);
	bind_opt_num(s, 11, p->length_m);
	sq_bind_opt_id(s, 12, p->matter_id);
	sq_bind_opt_id(s, 13, p->created_by);
	sqlite3_bind_int64(s, 14, p->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "project_insert");
	if (rc)
		return rc;
	p->id = sqlite3_last_insert_rowid(q->db);
	for (size_t i = 0; i < n_divisions && !rc; i++) {
		sqlite3_stmt *d = sq_stmt(q, X_PRJ_DIV_INS,
			"INSERT INTO project_divisions(project_id,code,alliance_id) VALUES(?,?,?)");
		if (!d)
			return sq_error(q, e, "project_division");
		sqlite3_bind_int64(d, 1, p->id);
		sqlite3_bind_text(d, 2, divisions[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(d, 3, p->alliance_id);
		rc = sq_done(q, d, e, "project_division");
	}
	for (size_t i = 0; i < n_enterprises && !rc; i++)
		rc = link_insert(q, X_PRJ_ENT_INS, "INSERT INTO project_enterprises(project_id,"
				 "enterprise_id,alliance_id) VALUES(?,?,?)", p->id, p->alliance_id,
				 enterprise_ids[i], e);
	for (size_t i = 0; i < n_talents && !rc; i++)
		rc = link_insert(q, X_PRJ_TAL_INS, "INSERT INTO project_talents(project_id,"
				 "talent_id,alliance_id) VALUES(?,?,?)", p->id, p->alliance_id,
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
	return stage_insert(q, &r, e);
}

#define PRJ_COLS "p.id,p.alliance_id,p.unit_id,p.kind,p.line,p.name,p.stage,p.stage_on," \
	"p.investment_fen,p.jobs,p.income_per_head_fen,p.length_m,p.matter_id,p.created_by," \
	"p.created_at_ms," \
	"(SELECT coalesce(sum(amount_fen),0) FROM project_funds f WHERE f.project_id=p.id)," \
	"(SELECT count(*) FROM project_team_members m WHERE m.project_id=p.id)"

static void project_row(sqlite3_stmt *s, void *row)
{
	struct project *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	x->unit_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, x->kind, sizeof(x->kind));
	sq_text(s, 4, x->line, sizeof(x->line));
	sq_text(s, 5, x->name, sizeof(x->name));
	sq_text(s, 6, x->stage, sizeof(x->stage));
	x->stage_on = sq_col_day(s, 7);
	x->investment_fen = col_opt_num(s, 8);
	x->jobs = col_opt_num(s, 9);
	x->income_per_head_fen = col_opt_num(s, 10);
	x->length_m = col_opt_num(s, 11);
	x->matter_id = sqlite3_column_int64(s, 12);
	x->created_by = sqlite3_column_int64(s, 13);
	x->created_at_ms = sqlite3_column_int64(s, 14);
	x->funds_total_fen = sqlite3_column_int64(s, 15);
	x->team_members = sqlite3_column_int64(s, 16);
}

static enum err_code sq_project_get(struct store *st, int64_t id, struct project *out,
				    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_GET, "SELECT " PRJ_COLS " FROM projects p WHERE p.id=?");
	if (!s)
		return sq_error(q, e, "project_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, project_row, out, "项目", e, "project_get");
}

static enum err_code sq_project_list(struct store *st, const struct project_filter *f,
				     struct page pg, struct project **out, size_t *out_n,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_LIST,
		"SELECT " PRJ_COLS " FROM projects p WHERE (?1=0 OR p.alliance_id=?1) AND "
		"(?2 IS NULL OR p.kind=?2) AND (?3 IS NULL OR p.stage=?3) AND p.id<?4 "
		"ORDER BY p.id DESC LIMIT ?5");
	if (!s)
		return sq_error(q, e, "project_list");
	sqlite3_bind_int64(s, 1, f->alliance_id);
	sq_bind_opt_text(s, 2, f->kind);
	sq_bind_opt_text(s, 3, f->stage);
	sqlite3_bind_int64(s, 4, after_id(pg));
	sqlite3_bind_int(s, 5, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct project), project_row, &arr, out_n, e,
				      "project_list");
	*out = arr;
	return rc;
}

static enum err_code sq_project_divisions(struct store *st, int64_t id, char (*out)[16],
					  size_t *out_n, struct err *e)
{
	return sq_code_column(SQ(st), X_PRJ_DIVS,
			      "SELECT code FROM project_divisions WHERE project_id=? ORDER BY code",
			      id, (char *)out, 16, PROJECT_MAX_DIVISIONS, out_n, e,
			      "project_divisions");
}

static enum err_code sq_project_links(struct store *st, int64_t id, int64_t *enterprises,
				      size_t *n_enterprises, int64_t *talents, size_t *n_talents,
				      struct err *e)
{
	enum err_code rc = sq_id_column(SQ(st), X_PRJ_ENTS,
		"SELECT enterprise_id FROM project_enterprises WHERE project_id=? ORDER BY 1",
		id, enterprises, PROJECT_MAX_LINKS, n_enterprises, e, "project_links");
	return rc ? rc : sq_id_column(SQ(st), X_PRJ_TALS,
		"SELECT talent_id FROM project_talents WHERE project_id=? ORDER BY 1",
		id, talents, PROJECT_MAX_LINKS, n_talents, e, "project_links");
}

static void stage_row(sqlite3_stmt *s, void *row)
{
	struct project_stage_rec *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->project_id = sqlite3_column_int64(s, 1);
	x->alliance_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, x->from, sizeof(x->from));
	sq_text(s, 4, x->to, sizeof(x->to));
	x->on = sq_col_day(s, 5);
	sq_text(s, 6, x->note, sizeof(x->note));
	x->user_id = sqlite3_column_int64(s, 7);
	x->at_ms = sqlite3_column_int64(s, 8);
	sq_text(s, 9, x->user_name, sizeof(x->user_name));
}

static enum err_code sq_project_stages(struct store *st, int64_t id,
				       struct project_stage_rec **out, size_t *out_n,
				       struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_STAGES,
		"SELECT g.id,g.project_id,g.alliance_id,g.from_stage,g.to_stage,g.on_date,g.note,"
		"g.user_id,g.at_ms,coalesce(u.display_name,'') FROM project_stages g "
		"LEFT JOIN users u ON u.id=g.user_id WHERE g.project_id=? ORDER BY g.id");
	if (!s)
		return sq_error(q, e, "project_stages");
	sqlite3_bind_int64(s, 1, id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct project_stage_rec), stage_row, &arr,
				      out_n, e, "project_stages");
	*out = arr;
	return rc;
}

static enum err_code sq_project_stage_add(struct store *st, struct project_stage_rec *r,
					  struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc = stage_insert(q, r, e);
	if (rc)
		return rc;
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_SET_STAGE,
		"UPDATE projects SET stage=?2, stage_on=?3, updated_at_ms=?4 WHERE id=?1");
	if (!s)
		return sq_error(q, e, "project_stage_add");
	sqlite3_bind_int64(s, 1, r->project_id);
	sqlite3_bind_text(s, 2, r->to, -1, SQLITE_STATIC);
	sq_bind_day(s, 3, r->on);
	sqlite3_bind_int64(s, 4, r->at_ms);
	return sq_done(q, s, e, "project_stage_add");
}

static void fund_row(sqlite3_stmt *s, void *row)
{
	struct project_fund *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->project_id = sqlite3_column_int64(s, 1);
	x->alliance_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, x->source, sizeof(x->source));
	sq_text(s, 4, x->county_code, sizeof(x->county_code));
	x->amount_fen = sqlite3_column_int64(s, 5);
	x->on = sq_col_day(s, 6);
	sq_text(s, 7, x->note, sizeof(x->note));
	x->created_by = sqlite3_column_int64(s, 8);
	x->created_at_ms = sqlite3_column_int64(s, 9);
}

static enum err_code sq_project_funds(struct store *st, int64_t id, struct project_fund **out,
				      size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_FUNDS,
		"SELECT id,project_id,alliance_id,source,county_code,amount_fen,on_date,note,"
		"created_by,created_at_ms FROM project_funds WHERE project_id=? "
		"ORDER BY on_date, id");
	if (!s)
		return sq_error(q, e, "project_funds");
	sqlite3_bind_int64(s, 1, id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct project_fund), fund_row, &arr, out_n, e,
				      "project_funds");
	*out = arr;
	return rc;
}

static enum err_code sq_project_fund_add(struct store *st, struct project_fund *f, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_PRJ_FUND_INS,
		"INSERT INTO project_funds(project_id,alliance_id,source,county_code,amount_fen,"
		"on_date,note,created_by,created_at_ms) VALUES(?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "project_fund_add");
	sqlite3_bind_int64(s, 1, f->project_id);
	sqlite3_bind_int64(s, 2, f->alliance_id);
	sqlite3_bind_text(s, 3, f->source, -1, SQLITE_STATIC);
	sq_bind_opt_text(s, 4, f->county_code);
	sqlite3_bind_int64(s, 5, f->amount_fen);
	sq_bind_day(s, 6, f->on);
	sqlite3_bind_text(s, 7, f->note, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 8, f->created_by);
	sqlite3_bind_int64(s, 9, f->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "project_fund_add");
	if (!rc)
		f->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static void team_row(sqlite3_stmt *s, void *row)
{
	struct project_team *x = row;
	memset(x, 0, sizeof(*x));
	x->project_id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->name, sizeof(x->name));
	x->formed_on = sq_col_day(s, 3);
	x->updated_by = sqlite3_column_int64(s, 4);
	x->updated_at_ms = sqlite3_column_int64(s, 5);
}

static enum err_code sq_project_team_get(struct store *st, int64_t id, struct project_team *out,
					 struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_TEAM_GET,
		"SELECT project_id,alliance_id,name,formed_on,updated_by,updated_at_ms "
		"FROM project_teams WHERE project_id=?");
	if (!s)
		return sq_error(q, e, "project_team_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, team_row, out, "先锋队", e, "project_team_get");
	return rc ? rc : sq_id_column(q, X_TEAM_MEMBERS,
		"SELECT person_id FROM project_team_members WHERE project_id=? ORDER BY person_id",
		id, out->members, TEAM_MAX_MEMBERS, &out->n_members, e, "project_team_get");
}

static enum err_code sq_project_team_set(struct store *st, const struct project_team *t,
					 struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_TEAM_CLEAR,
		"DELETE FROM project_team_members WHERE project_id=?");
	if (!s)
		return sq_error(q, e, "project_team_set");
	sqlite3_bind_int64(s, 1, t->project_id);
	enum err_code rc = sq_run(q, s, e, "project_team_set");
	if (rc)
		return rc;
	s = sq_stmt(q, X_TEAM_PUT,
		"INSERT INTO project_teams(project_id,alliance_id,name,formed_on,updated_by,"
		"updated_at_ms) VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(project_id) DO UPDATE SET "
		"name=excluded.name, updated_by=excluded.updated_by, "
		"updated_at_ms=excluded.updated_at_ms");
	if (!s)
		return sq_error(q, e, "project_team_set");
	sqlite3_bind_int64(s, 1, t->project_id);
	sqlite3_bind_int64(s, 2, t->alliance_id);
	sqlite3_bind_text(s, 3, t->name, -1, SQLITE_STATIC);
	sq_bind_day(s, 4, t->formed_on);
	sq_bind_opt_id(s, 5, t->updated_by);
	sqlite3_bind_int64(s, 6, t->updated_at_ms);
	if ((rc = sq_done(q, s, e, "project_team_set")))
		return rc;
	for (size_t i = 0; i < t->n_members && !rc; i++) {
		s = sq_stmt(q, X_TEAM_MEMBER_INS,
			"INSERT INTO project_team_members(project_id,person_id,alliance_id) "
			"VALUES(?,?,?)");
		if (!s)
			return sq_error(q, e, "project_team_set");
		sqlite3_bind_int64(s, 1, t->project_id);
		sqlite3_bind_int64(s, 2, t->members[i]);
		sqlite3_bind_int64(s, 3, t->alliance_id);
		rc = sq_done(q, s, e, "project_team_set");
	}
	return rc;
}

/* ---- financing ---- */

static enum err_code sq_financing_insert(struct store *st, struct financing *x, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_FIN_INS,
		"INSERT INTO financing(alliance_id,line,enterprise_id,lender,amount_fen,on_date,"
		"status,created_by,created_at_ms,updated_at_ms) VALUES(?,?,?,?,?,?,?,?,?,?9)");
	if (!s)
		return sq_error(q, e, "financing_insert");
	sqlite3_bind_int64(s, 1, x->alliance_id);
	sqlite3_bind_text(s, 2, x->line, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, x->enterprise_id);
	sqlite3_bind_text(s, 4, x->lender, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, x->amount_fen);
	sq_bind_day(s, 6, x->on);
	sqlite3_bind_text(s, 7, x->status, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 8, x->created_by);
	sqlite3_bind_int64(s, 9, x->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "financing_insert");
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define FIN_COLS "f.id,f.alliance_id,f.line,f.enterprise_id,f.lender,f.amount_fen,f.on_date," \
	"f.status,f.created_by,f.created_at_ms,n.name,n.county_code"
#define FIN_FROM "FROM financing f JOIN enterprises n ON n.id=f.enterprise_id "

static void financing_row(sqlite3_stmt *s, void *row)
{
	struct financing *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->line, sizeof(x->line));
	x->enterprise_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, x->lender, sizeof(x->lender));
	x->amount_fen = sqlite3_column_int64(s, 5);
	x->on = sq_col_day(s, 6);
	sq_text(s, 7, x->status, sizeof(x->status));
	x->created_by = sqlite3_column_int64(s, 8);
	x->created_at_ms = sqlite3_column_int64(s, 9);
	sq_text(s, 10, x->enterprise_name, sizeof(x->enterprise_name));
	sq_text(s, 11, x->county_code, sizeof(x->county_code));
}

static enum err_code sq_financing_get(struct store *st, int64_t id, struct financing *out,
				      struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_FIN_GET, "SELECT " FIN_COLS " " FIN_FROM "WHERE f.id=?");
	if (!s)
		return sq_error(q, e, "financing_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, financing_row, out, "融资记录", e, "financing_get");
}

static enum err_code sq_financing_list(struct store *st, const struct financing_filter *f,
				       struct page pg, struct financing **out, size_t *out_n,
				       struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_FIN_LIST,
		"SELECT " FIN_COLS " " FIN_FROM "WHERE (?1=0 OR f.alliance_id=?1) AND "
		"(?2 IS NULL OR f.status=?2) AND (?3=0 OR f.enterprise_id=?3) AND "
		"(?4 IS NULL OR f.lender=?4) AND (?5 IS NULL OR f.on_date>=?5) AND "
		"(?6 IS NULL OR f.on_date<=?6) AND f.id<?7 ORDER BY f.id DESC LIMIT ?8");
	if (!s)
		return sq_error(q, e, "financing_list");
	sqlite3_bind_int64(s, 1, f->alliance_id);
	sq_bind_opt_text(s, 2, f->status);
	sqlite3_bind_int64(s, 3, f->enterprise_id);
	sq_bind_opt_text(s, 4, f->lender);
	sq_bind_opt_day(s, 5, f->from);
	sq_bind_opt_day(s, 6, f->to);
	sqlite3_bind_int64(s, 7, after_id(pg));
	sqlite3_bind_int(s, 8, pg.limit > 0 ? pg.limit : -1);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct financing), financing_row, &arr, out_n,
				      e, "financing_list");
	*out = arr;
	return rc;
}

static enum err_code sq_financing_set_status(struct store *st, int64_t id, const char *status,
					     int32_t on, int64_t now_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_FIN_STATUS,
		"UPDATE financing SET status=?2, on_date=coalesce(?3,on_date), updated_at_ms=?4 "
		"WHERE id=?1");
	if (!s)
		return sq_error(q, e, "financing_set_status");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	sq_bind_opt_day(s, 3, on);
	sqlite3_bind_int64(s, 4, now_ms);
	return sq_done(q, s, e, "financing_set_status");
}

/* ---- tourism referrals ---- */

static enum err_code sq_referral_put(struct store *st, const struct referral *r, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_REF_PUT,
		"INSERT INTO tourism_referrals(alliance_id,route_id,month,from_county,to_county,"
		"visitors,created_by,created_at_ms,updated_at_ms) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8) "
		"ON CONFLICT(route_id,month,from_county,to_county) DO UPDATE SET "
		"visitors=excluded.visitors, updated_at_ms=excluded.updated_at_ms");
	if (!s)
		return sq_error(q, e, "referral_put");
	sqlite3_bind_int64(s, 1, r->alliance_id);
	sqlite3_bind_int64(s, 2, r->route_id);
	sqlite3_bind_text(s, 3, r->month, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->from_county, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->to_county, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, r->visitors);
	sq_bind_opt_id(s, 7, r->created_by);
	sqlite3_bind_int64(s, 8, r->at_ms);
	return sq_done(q, s, e, "referral_put");
}

static void referral_row(sqlite3_stmt *s, void *row)
{
	struct referral *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	x->route_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, x->month, sizeof(x->month));
	sq_text(s, 4, x->from_county, sizeof(x->from_county));
	sq_text(s, 5, x->to_county, sizeof(x->to_county));
	x->visitors = sqlite3_column_int64(s, 6);
	x->created_by = sqlite3_column_int64(s, 7);
	x->at_ms = sqlite3_column_int64(s, 8);
}

static enum err_code sq_referrals(struct store *st, int64_t route_id, struct referral **out,
				  size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_REF_LIST,
		"SELECT id,alliance_id,route_id,month,from_county,to_county,visitors,created_by,"
		"updated_at_ms FROM tourism_referrals WHERE route_id=? "
		"ORDER BY month, from_county, to_county");
	if (!s)
		return sq_error(q, e, "referrals");
	sqlite3_bind_int64(s, 1, route_id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct referral), referral_row, &arr, out_n, e,
				      "referrals");
	*out = arr;
	return rc;
}

/* ---- fair sales ---- */

static void minutes_row(sqlite3_stmt *s, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(s, 0);
}

static void sale_row(sqlite3_stmt *s, void *row)
{
	struct fair_sale_item *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->org_id = sqlite3_column_int64(s, 1);
	x->enterprise_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, x->label, sizeof(x->label));
	x->amount_fen = sqlite3_column_int64(s, 4);
	sq_text(s, 5, x->org_name, sizeof(x->org_name));
	sq_text(s, 6, x->enterprise_name, sizeof(x->enterprise_name));
}

static enum err_code sq_fair_sales_get(struct store *st, int64_t activity_id,
				       int64_t *out_minutes, struct fair_sale_item **out,
				       size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	*out = NULL;
	*out_n = 0;
	sqlite3_stmt *s = sq_stmt(q, X_FAIR_GET,
		"SELECT minutes FROM fair_sales WHERE activity_id=?");
	if (!s)
		return sq_error(q, e, "fair_sales_get");
	sqlite3_bind_int64(s, 1, activity_id);
	enum err_code rc = sq_one(q, s, minutes_row, out_minutes, "销售记录", e, "fair_sales_get");
	if (rc)
		return rc;
	s = sq_stmt(q, X_FAIR_ITEMS,
		"SELECT i.id,i.org_id,i.enterprise_id,i.label,i.amount_fen,o.name,n.name "
		"FROM fair_sale_items i LEFT JOIN orgs o ON o.id=i.org_id "
		"LEFT JOIN enterprises n ON n.id=i.enterprise_id WHERE i.activity_id=? ORDER BY i.id");
	if (!s)
		return sq_error(q, e, "fair_sales_get");
	sqlite3_bind_int64(s, 1, activity_id);
	void *arr = NULL;
	rc = sq_collect(q, s, sizeof(struct fair_sale_item), sale_row, &arr, out_n, e,
			"fair_sales_get");
	*out = arr;
	return rc;
}

static enum err_code sq_fair_sales_set(struct store *st, int64_t activity_id,
				       int64_t alliance_id, int64_t minutes,
				       const struct fair_sale_item *items, size_t n, int64_t by,
				       int64_t now_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, X_FAIR_CLEAR, "DELETE FROM fair_sale_items WHERE activity_id=?");
	if (!s)
		return sq_error(q, e, "fair_sales_set");
	sqlite3_bind_int64(s, 1, activity_id);
	enum err_code rc = sq_run(q, s, e, "fair_sales_set");
	if (rc)
		return rc;
	s = sq_stmt(q, X_FAIR_PUT,
		"INSERT INTO fair_sales(activity_id,alliance_id,minutes,updated_by,updated_at_ms) "
		"VALUES(?1,?2,?3,?4,?5) ON CONFLICT(activity_id) DO UPDATE SET "
		"minutes=excluded.minutes, updated_by=excluded.updated_by, "
		"updated_at_ms=excluded.updated_at_ms");
	if (!s)
		return sq_error(q, e, "fair_sales_set");
	sqlite3_bind_int64(s, 1, activity_id);
	sqlite3_bind_int64(s, 2, alliance_id);
	sqlite3_bind_int64(s, 3, minutes);
	sq_bind_opt_id(s, 4, by);
	sqlite3_bind_int64(s, 5, now_ms);
	if ((rc = sq_done(q, s, e, "fair_sales_set")))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		s = sq_stmt(q, X_FAIR_ITEM_INS,
			"INSERT INTO fair_sale_items(activity_id,alliance_id,org_id,enterprise_id,"
			"label,amount_fen) VALUES(?,?,?,?,?,?)");
		if (!s)
			return sq_error(q, e, "fair_sales_set");
		sqlite3_bind_int64(s, 1, activity_id);
		sqlite3_bind_int64(s, 2, alliance_id);
		sq_bind_opt_id(s, 3, items[i].org_id);
		sq_bind_opt_id(s, 4, items[i].enterprise_id);
		sq_bind_opt_text(s, 5, items[i].label);
		sqlite3_bind_int64(s, 6, items[i].amount_fen);
		rc = sq_done(q, s, e, "fair_sales_set");
	}
	return rc;
}

const struct store_economy_ops sq_economy_ops = {
	.enterprise_insert = sq_enterprise_insert,
	.enterprise_get = sq_enterprise_get,
	.enterprise_by_uscc = sq_enterprise_by_uscc,
	.enterprise_list = sq_enterprise_list,
	.project_insert = sq_project_insert,
	.project_get = sq_project_get,
	.project_list = sq_project_list,
	.project_divisions = sq_project_divisions,
	.project_links = sq_project_links,
	.project_stages = sq_project_stages,
	.project_stage_add = sq_project_stage_add,
	.project_funds = sq_project_funds,
	.project_fund_add = sq_project_fund_add,
	.project_team_get = sq_project_team_get,
	.project_team_set = sq_project_team_set,
	.financing_insert = sq_financing_insert,
	.financing_get = sq_financing_get,
	.financing_list = sq_financing_list,
	.financing_set_status = sq_financing_set_status,
	.referral_put = sq_referral_put,
	.referrals = sq_referrals,
	.fair_sales_get = sq_fair_sales_get,
	.fair_sales_set = sq_fair_sales_set,
};
