/*
 * store_sql_briefing.c - the briefing's figures as SQL, frozen issues and
 * the public flags of routes and fairs, written once over the thin SQL
 * driver (db.h) for SQLite and PostgreSQL.
 *
 * Each figure key has one query listing the records behind it (columns:
 * type, id, title, on, value, grp); the domain counts or sums them. The
 * parameters are $1 alliance id, $2 the period's first day, $3 its last
 * day as reported: min(to, today), since a record dated after today (a
 * meeting convened for next week, a loan planned for next month) has not
 * happened yet. Every query filters on alliance_id of the table it counts
 * (and of the rows it joins), so another alliance's records never enter.
 *
 * Both engines: dates are 'YYYY-MM-DD' text compared as text, a month
 * window by its 'YYYY-MM' prefix; grouped queries group by a primary key
 * (PostgreSQL then accepts the key's other columns) or name every
 * selected column; a sum of fen is numeric in PostgreSQL, read as its
 * integer text. "No row changed" (a published issue, a missing route) is
 * told by UPDATE … RETURNING, not by a changes count.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_briefing.h"
#include "store/store_sql.h"

enum {
	B_ISSUE_INS = SQ_FIRST(SQ_AREA_BRIEFING), B_ISSUE_GET, B_ISSUE_LIST, B_ISSUE_LIST_PUB,
	B_ISSUE_CONTENT, B_ISSUE_PUBLISH, B_ROUTE_PUB, B_ACT_PUB, B_ROUTE_IS, B_ACT_IS,
	B_ROUTE_IDS, B_FAIR_IDS, B_FIGURE,
	B_LAST = B_FIGURE + 32
};
SQ_FITS(SQ_AREA_BRIEFING, B_LAST);

/* Activities of one kind that took place in the period (by their first day). */
#define ACTS(kind) \
	"SELECT 'activity', a.id, substr(a.title,1,100), a.starts_on, 1, a.county_code " \
	"FROM activities a WHERE a.alliance_id=$1 AND a.kind='" kind "' " \
	"AND a.starts_on BETWEEN $2 AND $3 ORDER BY a.starts_on, a.id"
/* Routes of one kind open at the period's end. The first day is not
 * needed, but PostgreSQL must see every $n up to the last to type them: $2
 * appears in a condition that always holds (it is always bound). */
#define ROUTES(kind) \
	"SELECT 'route', r.id, substr(r.name,1,100), r.opened_on, 1, '' FROM routes r " \
	"WHERE r.alliance_id=$1 AND r.kind='" kind "' AND r.opened_on<=$3 " \
	"AND (r.closed_on IS NULL OR r.closed_on>$3) AND CAST($2 AS TEXT) IS NOT NULL " \
	"ORDER BY r.opened_on, r.id"
/* Projects with a stage change (their entry included) in the period. */
#define PROJECTS_CHANGED(value, cond) \
	"SELECT 'project', p.id, substr(p.name,1,100), max(ps.on_date), " value ", p.kind " \
	"FROM projects p JOIN project_stages ps ON ps.project_id=p.id AND ps.alliance_id=$1 " \
	"WHERE p.alliance_id=$1 AND ps.on_date BETWEEN $2 AND $3 " cond \
	"GROUP BY p.id ORDER BY 4, p.id"

static const struct {
	const char *key;
	const char *sql;
} figures[] = {
	{ "matters_resolved",
	  "SELECT 'matter', m.id, substr(m.title,1,100), m.resolved_on, 1, m.county_code "
	  "FROM matters m WHERE m.alliance_id=$1 AND m.status IN ('resolved','closed') "
	  "AND m.resolved_on BETWEEN $2 AND $3 ORDER BY m.resolved_on, m.id" },
	{ "meetings",
	  "SELECT 'meeting', g.id, substr(g.title,1,100), g.held_on, 1, '' FROM meetings g "
	  "WHERE g.alliance_id=$1 AND g.held_on BETWEEN $2 AND $3 AND g.cancelled_at_ms IS NULL "
	  "ORDER BY g.held_on, g.id" },
	{ "party_lessons", ACTS("party_lesson") },
	{ "training_classes", ACTS("training_class") },
	{ "trainees", ACTS("training_class") },
	{ "study_tours", ACTS("study_tour") },
	{ "study_tour_person_times", ACTS("study_tour") },
	{ "border_classrooms", ACTS("border_classroom") },
	{ "border_classroom_sites",
	  "SELECT 'site', s.id, substr(s.name,1,100), min(a.starts_on), 1, s.county_code "
	  "FROM activities a JOIN sites s ON s.id=a.site_id AND s.alliance_id=$1 "
	  "WHERE a.alliance_id=$1 AND a.kind='border_classroom' "
	  "AND a.starts_on BETWEEN $2 AND $3 GROUP BY s.id ORDER BY 4, s.id" },
	{ "red_routes", ROUTES("red_education") },
	{ "tourism_routes", ROUTES("tourism") },
	{ "visitors_referred",
	  "SELECT 'referral', t.id, substr(r.name || ' ' || t.month,1,100), t.month || '-01', "
	  "t.visitors, t.to_county FROM tourism_referrals t JOIN routes r ON r.id=t.route_id "
	  "AND r.alliance_id=$1 WHERE t.alliance_id=$1 "
	  "AND t.month BETWEEN substr(CAST($2 AS TEXT),1,7) AND substr(CAST($3 AS TEXT),1,7) AND t.visitors>0 "
	  "ORDER BY t.month, t.id" },
	{ "secondments",
	  "SELECT 'secondment', x.id, substr(p.name,1,100), x.starts_on, 1, x.county_code "
	  "FROM secondments x JOIN people p ON p.id=x.person_id WHERE x.alliance_id=$1 "
	  "AND x.starts_on BETWEEN $2 AND $3 ORDER BY x.starts_on, x.id" },
	{ "talents_introduced",
	  "SELECT 'talent', t.id, substr(t.name,1,100), t.introduced_on, 1, t.from_county "
	  "FROM talents t WHERE t.alliance_id=$1 AND t.introduced_on BETWEEN $2 AND $3 "
	  "ORDER BY t.introduced_on, t.id" },
	/* 联建项目 of the lines other than the economy (roads, water, village
	 * works: money is raised for them); the economy line's own projects
	 * (industry, chains: money is invested) count under industry_*. */
	{ "projects", PROJECTS_CHANGED("1", "AND p.line<>'economy' ") },
	{ "project_investment_fen",
	  PROJECTS_CHANGED("p.investment_fen", "AND p.line<>'economy' AND p.investment_fen>0 ") },
	{ "project_jobs", PROJECTS_CHANGED("p.jobs", "AND p.line<>'economy' AND p.jobs>0 ") },
	{ "funds_raised_fen",
	  "SELECT 'fund', f.id, substr(p.name,1,100), f.on_date, f.amount_fen, f.source "
	  "FROM project_funds f JOIN projects p ON p.id=f.project_id AND p.alliance_id=$1 "
	  "WHERE f.alliance_id=$1 AND p.line<>'economy' AND f.on_date BETWEEN $2 AND $3 "
	  "AND f.amount_fen>0 ORDER BY f.on_date, f.id" },
	{ "industry_projects", PROJECTS_CHANGED("1", "AND p.line='economy' ") },
	{ "industry_investment_fen",
	  PROJECTS_CHANGED("p.investment_fen", "AND p.line='economy' AND p.investment_fen>0 ") },
	{ "industry_jobs", PROJECTS_CHANGED("p.jobs", "AND p.line='economy' AND p.jobs>0 ") },
	{ "vanguard_members",
	  "SELECT 'person', m.person_id, substr(pe.name,1,100), min(t.formed_on), 1, "
	  "substr(o.division_code,1,6) FROM project_team_members m "
	  "JOIN project_teams t ON t.project_id=m.project_id AND t.alliance_id=$1 "
	  "JOIN people pe ON pe.id=m.person_id JOIN orgs o ON o.id=pe.org_id WHERE m.alliance_id=$1 "
	  "AND t.formed_on BETWEEN $2 AND $3 GROUP BY m.person_id, pe.name, o.division_code "
	  "ORDER BY 4, m.person_id" },
	{ "road_built_m",
	  "SELECT 'project', p.id, substr(p.name,1,100), max(ps.on_date), p.length_m, p.kind "
	  "FROM projects p JOIN project_stages ps ON ps.project_id=p.id AND ps.alliance_id=$1 "
	  "WHERE p.alliance_id=$1 AND p.kind='infrastructure' AND p.length_m>0 "
	  "AND ps.to_stage IN ('operating','completed') AND ps.on_date BETWEEN $2 AND $3 "
	  "GROUP BY p.id ORDER BY 4, p.id" },
	{ "financing_enterprises",
	  "SELECT 'enterprise', n.id, substr(n.name,1,100), min(f.on_date), 1, n.county_code "
	  "FROM financing f JOIN enterprises n ON n.id=f.enterprise_id WHERE f.alliance_id=$1 "
	  "AND f.status='granted' AND f.on_date BETWEEN $2 AND $3 GROUP BY n.id ORDER BY 4, n.id" },
	{ "financing_granted_fen",
	  "SELECT 'financing', f.id, substr(n.name || ' · ' || f.lender,1,100), f.on_date, "
	  "f.amount_fen, n.county_code FROM financing f JOIN enterprises n ON n.id=f.enterprise_id "
	  "WHERE f.alliance_id=$1 AND f.status='granted' AND f.on_date BETWEEN $2 AND $3 "
	  "AND f.amount_fen>0 ORDER BY f.on_date, f.id" },
	{ "fairs", ACTS("fair") },
	{ "fair_sales_fen",
	  "SELECT 'activity', a.id, substr(a.title,1,100), a.starts_on, sum(i.amount_fen), "
	  "a.county_code FROM activities a JOIN fair_sale_items i ON i.activity_id=a.id "
	  "AND i.alliance_id=$1 WHERE a.alliance_id=$1 AND a.kind='fair' "
	  "AND a.starts_on BETWEEN $2 AND $3 GROUP BY a.id HAVING sum(i.amount_fen)>0 "
	  "ORDER BY a.starts_on, a.id" },
};
_Static_assert(sizeof(figures) / sizeof(figures[0]) <= 32, "figure slots");


/* A constraint names the op ("数据冲突：<op>"), as this area always has. */
static enum err_code conflict(enum err_code rc, struct err *e, const char *what)
{
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", what);
	return rc;
}

/* Steps an UPDATE … RETURNING id of at most one row: *changed says whether
 * it changed one. */
static enum err_code update_one(struct store *st, struct db_stmt *s, int *changed,
				struct err *e, const char *what)
{
	enum db_rc r = db_step(s);
	enum err_code rc = r == DB_FAIL ? conflict(db_error(st->db, e, what), e, what) : ERR_OK;
	db_reset(s);
	*changed = r == DB_ROW;
	return rc;
}

static void record_row(struct db_stmt *s, void *row)
{
	struct briefing_record *r = row;
	memset(r, 0, sizeof(*r));
	db_text(s, 0, r->type, sizeof(r->type));
	r->id = db_col_i64(s, 1);
	db_text(s, 2, r->title, sizeof(r->title));
	r->on = db_col_day(s, 3);
	r->value = db_col_i64(s, 4);
	db_text(s, 5, r->grp, sizeof(r->grp));
}

static enum err_code records(struct store *st, const char *key, const struct briefing_period *p,
			     struct briefing_record **out, size_t *out_n, struct err *e)
{
	size_t i = 0, n = sizeof(figures) / sizeof(figures[0]);
	while (i < n && strcmp(figures[i].key, key) != 0)
		i++;
	*out = NULL;
	*out_n = 0;
	if (i == n)
		return err_set(e, ERR_INVALID, "key", "未知的简报指标");
	struct db_stmt *s = db_stmt(st->db, B_FIGURE + (int)i, figures[i].sql);
	if (!s)
		return db_error(st->db, e, "briefing_records");
	int32_t last = p->to < p->today ? p->to : p->today;
	db_bind_i64(s, 1, p->alliance_id);
	db_bind_day(s, 2, p->from);
	db_bind_day(s, 3, last);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct briefing_record), record_row, &arr,
				      out_n, e, "briefing_records");
	*out = arr;
	if (!rc && *out_n > BRIEFING_RECORDS_MAX)
		*out_n = BRIEFING_RECORDS_MAX;
	return rc;
}

static enum err_code issue_insert(struct store *st, struct briefing_issue *b, struct err *e)
{
	/* The select list's parameters have no column to type them in
	 * PostgreSQL: each is cast. */
	struct db_stmt *s = db_stmt(st->db, B_ISSUE_INS,
		"INSERT INTO briefings(alliance_id,year,issue_no,title,from_on,to_on,content,status,"
		"created_by,created_at_ms) SELECT CAST($1 AS BIGINT),CAST($2 AS BIGINT),"
		"coalesce(max(issue_no),0)+1,CAST($3 AS TEXT),CAST($4 AS TEXT),CAST($5 AS TEXT),"
		"CAST($6 AS TEXT),'draft',CAST($7 AS BIGINT),CAST($8 AS BIGINT) "
		"FROM briefings WHERE alliance_id=$1 AND year=$2 RETURNING id,issue_no");
	if (!s)
		return db_error(st->db, e, "briefing_insert");
	db_bind_i64(s, 1, b->alliance_id);
	db_bind_i64(s, 2, b->year);
	db_bind_text(s, 3, b->title);
	db_bind_day(s, 4, b->from_on);
	db_bind_day(s, 5, b->to_on);
	db_bind_text(s, 6, b->content);
	db_bind_opt_id(s, 7, b->created_by);
	db_bind_i64(s, 8, b->created_at_ms);
	enum db_rc r = db_step(s);
	enum err_code rc = ERR_OK;
	if (r == DB_ROW) {
		b->id = db_col_i64(s, 0);
		b->issue_no = (int)db_col_i64(s, 1);
	} else {
		rc = db_error(st->db, e, "briefing_insert");
	}
	db_reset(s);
	return rc;
}

#define ISSUE_COLS "id,alliance_id,year,issue_no,title,from_on,to_on,status,created_by," \
	"created_at_ms,edited_by,edited_at_ms,published_at_ms"

static void issue_row(struct db_stmt *s, void *row)
{
	struct briefing_issue *b = row;
	memset(b, 0, sizeof(*b));
	b->id = db_col_i64(s, 0);
	b->alliance_id = db_col_i64(s, 1);
	b->year = (int)db_col_i64(s, 2);
	b->issue_no = (int)db_col_i64(s, 3);
	db_text(s, 4, b->title, sizeof(b->title));
	b->from_on = db_col_day(s, 5);
	b->to_on = db_col_day(s, 6);
	db_text(s, 7, b->status, sizeof(b->status));
	b->created_by = db_col_i64(s, 8);
	b->created_at_ms = db_col_i64(s, 9);
	b->edited_by = db_col_i64(s, 10);
	b->edited_at_ms = db_col_i64(s, 11);
	b->published_at_ms = db_col_i64(s, 12);
}

static void issue_row_content(struct db_stmt *s, void *row)
{
	struct briefing_issue *b = row;
	issue_row(s, row);
	b->content = db_dup(s, 13);
}

static enum err_code issue_get(struct store *st, int64_t id, struct briefing_issue *out,
			       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, B_ISSUE_GET,
				    "SELECT " ISSUE_COLS ",content FROM briefings WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "briefing_get");
	db_bind_i64(s, 1, id);
	memset(out, 0, sizeof(*out));
	enum err_code rc = db_one(st->db, s, issue_row_content, out, "简报", e, "briefing_get");
	if (rc)
		briefing_issue_release(out);   /* a row whose title did not fit */
	else if (!out->content)
		abort();
	return rc;
}

static enum err_code issue_list(struct store *st, int64_t alliance_id, int published_only,
				struct page pg, struct briefing_issue **out, size_t *out_n,
				struct err *e)
{
	struct db_stmt *s = published_only
		? db_stmt(st->db, B_ISSUE_LIST_PUB, "SELECT " ISSUE_COLS " FROM briefings "
			  "WHERE alliance_id=$1 AND status='published' AND id<$2 "
			  "ORDER BY id DESC LIMIT $3")
		: db_stmt(st->db, B_ISSUE_LIST, "SELECT " ISSUE_COLS " FROM briefings "
			  "WHERE alliance_id=$1 AND id<$2 ORDER BY id DESC LIMIT $3");
	if (!s)
		return db_error(st->db, e, "briefing_list");
	db_bind_i64(s, 1, alliance_id);
	db_bind_i64(s, 2, pg.after && *pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	db_bind_i64(s, 3, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct briefing_issue), issue_row, &arr,
				      out_n, e, "briefing_list");
	*out = arr;
	return rc;
}

static enum err_code issue_set_content(struct store *st, int64_t id, const char *title,
				       const char *content, int64_t edited_by, int64_t at_ms,
				       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, B_ISSUE_CONTENT,
		"UPDATE briefings SET content=$2, edited_by=$3, edited_at_ms=$4, "
		"title=coalesce(CAST($5 AS TEXT),title) WHERE id=$1 AND status='draft' RETURNING id");
	if (!s)
		return db_error(st->db, e, "briefing_content");
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, content);
	db_bind_opt_id(s, 3, edited_by);
	db_bind_i64(s, 4, at_ms);
	db_bind_opt_text(s, 5, title);
	int changed = 0;
	enum err_code rc = update_one(st, s, &changed, e, "briefing_content");
	if (!rc && !changed)
		return err_set(e, ERR_CONFLICT, NULL, "简报已发布，不能再修改");
	return rc;
}

static enum err_code issue_publish(struct store *st, int64_t id, int64_t at_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, B_ISSUE_PUBLISH,
		"UPDATE briefings SET status='published', published_at_ms=$2 "
		"WHERE id=$1 AND status='draft' RETURNING id");
	if (!s)
		return db_error(st->db, e, "briefing_publish");
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, at_ms);
	int changed = 0;
	enum err_code rc = update_one(st, s, &changed, e, "briefing_publish");
	if (!rc && !changed)
		return err_set(e, ERR_CONFLICT, NULL, "简报已发布");
	return rc;
}

static enum err_code set_flag(struct store *st, int slot, const char *sql, int64_t id, int on,
			      const char *noun, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, slot, sql);
	if (!s)
		return db_error(st->db, e, "set_public");
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, on ? 1 : 0);
	int changed = 0;
	enum err_code rc = update_one(st, s, &changed, e, "set_public");
	if (!rc && !changed)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s不存在", noun);
	return rc;
}

static enum err_code route_set_public(struct store *st, int64_t id, int on, struct err *e)
{
	return set_flag(st, B_ROUTE_PUB, "UPDATE routes SET is_public=$2 WHERE id=$1 RETURNING id",
			id, on, "线路", e);
}

static enum err_code activity_set_public(struct store *st, int64_t id, int on, struct err *e)
{
	return set_flag(st, B_ACT_PUB,
			"UPDATE activities SET is_public=$2 WHERE id=$1 RETURNING id", id, on,
			"活动", e);
}

static enum err_code get_flag(struct store *st, int slot, const char *sql, int64_t id, int *out,
			      struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, slot, sql);
	if (!s)
		return db_error(st->db, e, "is_public");
	db_bind_i64(s, 1, id);
	enum db_rc r = db_step(s);
	*out = r == DB_ROW && db_col_i64(s, 0) == 1;
	enum err_code rc = r == DB_FAIL ? db_error(st->db, e, "is_public") : ERR_OK;
	db_reset(s);
	return rc;
}

static enum err_code route_is_public(struct store *st, int64_t id, int *out, struct err *e)
{
	return get_flag(st, B_ROUTE_IS, "SELECT is_public FROM routes WHERE id=$1", id, out, e);
}

static enum err_code activity_is_public(struct store *st, int64_t id, int *out, struct err *e)
{
	return get_flag(st, B_ACT_IS, "SELECT is_public FROM activities WHERE id=$1", id, out, e);
}

static enum err_code ids(struct store *st, int slot, const char *sql, int64_t alliance_id,
			 int64_t *out, size_t max, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, slot, sql);
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "public_ids");
	db_bind_i64(s, 1, alliance_id);
	db_bind_i64(s, 2, (int64_t)max);
	enum db_rc r;
	while ((r = db_step(s)) == DB_ROW && *out_n < max)
		out[(*out_n)++] = db_col_i64(s, 0);
	enum err_code rc = r == DB_FAIL ? db_error(st->db, e, "public_ids") : ERR_OK;
	db_reset(s);
	return rc;
}

static enum err_code public_route_ids(struct store *st, int64_t alliance_id, int64_t *out,
				      size_t max, size_t *out_n, struct err *e)
{
	return ids(st, B_ROUTE_IDS, "SELECT id FROM routes WHERE alliance_id=$1 "
		   "AND is_public=1 AND closed_on IS NULL ORDER BY id LIMIT $2",
		   alliance_id, out, max, out_n, e);
}

static enum err_code public_fair_ids(struct store *st, int64_t alliance_id, int64_t *out,
				     size_t max, size_t *out_n, struct err *e)
{
	return ids(st, B_FAIR_IDS, "SELECT id FROM activities WHERE alliance_id=$1 "
		   "AND is_public=1 AND kind='fair' ORDER BY starts_on DESC, id DESC LIMIT $2",
		   alliance_id, out, max, out_n, e);
}

const struct store_briefing_ops sql_briefing_ops = {
	.records = records,
	.issue_insert = issue_insert,
	.issue_get = issue_get,
	.issue_list = issue_list,
	.issue_set_content = issue_set_content,
	.issue_publish = issue_publish,
	.route_set_public = route_set_public,
	.activity_set_public = activity_set_public,
	.route_is_public = route_is_public,
	.activity_is_public = activity_is_public,
	.public_route_ids = public_route_ids,
	.public_fair_ids = public_fair_ids,
};
