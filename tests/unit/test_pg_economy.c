/* The economy store area (src/store/store_sql_economy.c) on both engines:
 * SQLite, and PostgreSQL when LIANJIAN_TEST_PG is set (make pg-test).
 *
 * Every op of store_economy_ops is called and what it wrote is read back
 * field by field, so that a PostgreSQL type, boolean or ordering difference
 * shows. The alliance's id is above 2^31 and money runs past 2^31 fen, so a
 * parameter or a sum read as a 32-bit integer would show too.
 * Enterprises: new ids, get, by USCC (and a missing one), the list by
 * alliance, by a name or (lower-case) USCC substring with no wildcard
 * meaning for '%', by county, paged newest first; a duplicate USCC refused
 * and changing nothing; a name too long for the record read as a store
 * error. Projects: every field, optional figures NULL read as -1, the
 * divisions and links ascending, the first timeline entry with its user's
 * name, a stage move, funds by date then id and their BIGINT total, the
 * team (none yet, set, replaced, members ascending and counted), the list
 * by alliance, kind and stage, paged; an unknown division rolling the whole
 * project back and an unknown member leaving the old team. Financing: get
 * with the enterprise's name and county, every list filter, "every row"
 * (limit 0), paging, status changes keeping or moving the date, the summary
 * (granted only, an enterprise counted once) computed from the list; an
 * unknown enterprise refused. Tourism referrals: upserted (the same month
 * again replaces the number), ordered by month, from, to; a referral to the
 * same county refused. Fair sales: none yet, set, replaced, items with
 * their organisation's and enterprise's names; an empty item refused and
 * leaving the old record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "engines.h"
#include "core/date.h"
#include "domain/economy.h"
#include "store/db.h"
#include "store/slots.h"
#include "store/store.h"
#include "store/store_economy.h"

/* Statement slots for the tests' own SQL: the end of the economy area's
 * range, which its statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_ECONOMY + 1) - 1 - (n))

/* An alliance id above 2^31: a parameter typed int4 would not hold it. */
#define BIG "5000000001"
static const int64_t big = 5000000001LL;

/* One integer from a query without parameters (engines.h), on this file's slots. */
#define scalar(x, n, sql) fx_scalar((x), T_SLOT(n), (sql))

static void seed(struct fx *x)
{
	raw(x, "INSERT INTO divisions(code,name,level,parent_code) VALUES"
	       "('450000000000','广西壮族自治区',1,NULL),('440000000000','广东省',1,NULL),"
	       "('450922000000','陆川县',3,'450000000000'),"
	       "('450922104000','乌石镇',4,'450922000000'),"
	       "('450922108216','坡子村委会',5,'450922104000'),"
	       "('440881000000','廉江市',3,'440000000000'),"
	       "('440881104205','新屋仔村委会',5,'440881000000')");
	raw(x, "INSERT INTO alliances(id,name,description,created_at_ms) VALUES"
	       "(" BIG ",'陆川—廉江联盟','',1),(2,'其他联盟','',1)");
	raw(x, "INSERT INTO units(id,alliance_id,tier,name,parent_id,created_at_ms) "
	       "VALUES(1," BIG ",'county','边界联合党委',NULL,1)");
	raw(x, "INSERT INTO orgs(id,name,division_code,kind,created_at_ms) "
	       "VALUES(1,'乌石镇党委','450922104000','town_committee',1)");
	raw(x, "INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) VALUES"
	       "(1,'张三',1,'书记',NULL,0,1),(2,'李四',1,'委员',NULL,0,1),"
	       "(3,'王五',1,'党员',NULL,0,1)");
	raw(x, "INSERT INTO users(id,username,password_hash,display_name,person_id,disabled,"
	       "created_at_ms,updated_at_ms) VALUES(7,'wang','x','王管理',NULL,0,1,1)");
	raw(x, "INSERT INTO routes(id,alliance_id,kind,line,name,opened_on,closed_on,created_by,"
	       "created_at_ms,updated_at_ms) VALUES(1," BIG ",'tourism','economy','红色之旅',"
	       "'2026-01-01',NULL,NULL,1,1)");
	raw(x, "INSERT INTO activities(id,alliance_id,unit_id,kind,line,title,starts_on,ends_on,"
	       "place_division,site_id,route_id,host_org_id,county_code,is_public,created_by,"
	       "created_at_ms,updated_at_ms) VALUES(1," BIG ",NULL,'fair','economy','边贸集市',"
	       "'2026-05-01',NULL,'450922104000',NULL,NULL,1,'450922',0,NULL,1,1)");
}

static void seed_talents(struct fx *x)
{
	raw(x, "INSERT INTO talents(id,alliance_id,line,name,kind,from_county,division_code,"
	       "enterprise_id,person_id,introduced_on,note,created_by,created_at_ms,updated_at_ms) "
	       "VALUES(11," BIG ",'economy','陈工','technician','440881',NULL,NULL,NULL,NULL,'',"
	       "NULL,1,1),(12," BIG ",'economy','刘博士','expert','450922',NULL,NULL,NULL,NULL,'',"
	       "NULL,1,1)");
}

static void begin(struct fx *x)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
}

static void commit(struct fx *x)
{
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

static int64_t ent(struct fx *x, int64_t alliance, const char *name, const char *uscc,
		   const char *division, const char *county)
{
	struct enterprise n = {.alliance_id = alliance, .created_by = 7, .created_at_ms = 1000};
	snprintf(n.line, sizeof(n.line), "economy");
	snprintf(n.name, sizeof(n.name), "%s", name);
	snprintf(n.uscc, sizeof(n.uscc), "%s", uscc);
	snprintf(n.division_code, sizeof(n.division_code), "%s", division);
	snprintf(n.county_code, sizeof(n.county_code), "%s", county);
	snprintf(n.industry, sizeof(n.industry), "agriculture");
	begin(x);
	assert_int_equal(x->st->economy->enterprise_insert(x->st, &n, &x->e), ERR_OK);
	commit(x);
	assert_true(n.id > 0);
	return n.id;
}

static size_t ent_list(struct fx *x, int64_t alliance, const char *q, const char *county,
		       struct page pg, int64_t *ids)
{
	struct enterprise_filter f = {.alliance_id = alliance, .q = q, .county = county};
	struct enterprise *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->economy->enterprise_list(x->st, &f, pg, &arr, &n, &x->e), ERR_OK);
	for (size_t i = 0; i < n; i++)
		ids[i] = arr[i].id;
	free(arr);
	return n;
}

static void t_enterprises(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_economy_ops *ec = x->st->economy;
	seed(x);
	int64_t a = ent(x, big, "陆川县顺达农业有限公司", "91450922MA5L000001", "450922108216",
			"450922");
	int64_t b = ent(x, big, "廉江市红橙合作社", "91440881MA4W00000X", "440881104205", "440881");
	int64_t c = ent(x, 2, "别处的公司%", "91440881MA4W00001Y", "440881104205", "440881");
	assert_true(a < b && b < c);

	struct enterprise g;
	assert_int_equal(ec->enterprise_get(x->st, b, &g, &x->e), ERR_OK);
	assert_int_equal(g.id, b);
	assert_int_equal(g.alliance_id, big);
	assert_string_equal(g.line, "economy");
	assert_string_equal(g.name, "廉江市红橙合作社");
	assert_string_equal(g.uscc, "91440881MA4W00000X");
	assert_string_equal(g.division_code, "440881104205");
	assert_string_equal(g.county_code, "440881");
	assert_string_equal(g.industry, "agriculture");
	assert_int_equal(g.created_by, 7);
	assert_int_equal(g.created_at_ms, 1000);
	assert_int_equal(ec->enterprise_get(x->st, c + 100, &g, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "企业不存在");

	int64_t id = 0;
	assert_int_equal(ec->enterprise_by_uscc(x->st, "91450922MA5L000001", &id, &x->e), ERR_OK);
	assert_int_equal(id, a);
	assert_int_equal(ec->enterprise_by_uscc(x->st, "91450922MA5L000009", &id, &x->e),
			 ERR_NOT_FOUND);

	int64_t ids[8];
	struct page all = {NULL, 50};
	assert_int_equal(ent_list(x, big, NULL, NULL, all, ids), 2);
	assert_int_equal(ids[0], b);
	assert_int_equal(ids[1], a);
	assert_int_equal(ent_list(x, 0, NULL, NULL, all, ids), 3);
	assert_int_equal(ids[0], c);
	assert_int_equal(ent_list(x, 2, NULL, NULL, all, ids), 1);
	assert_int_equal(ent_list(x, big, "顺达", NULL, all, ids), 1);
	assert_int_equal(ids[0], a);
	/* the USCC matches whatever the case of the query */
	assert_int_equal(ent_list(x, 0, "ma4w00000x", NULL, all, ids), 1);
	assert_int_equal(ids[0], b);
	assert_int_equal(ent_list(x, 0, "%", NULL, all, ids), 1);
	assert_int_equal(ids[0], c);
	assert_int_equal(ent_list(x, big, "%", NULL, all, ids), 0);
	assert_int_equal(ent_list(x, 0, NULL, "440881", all, ids), 2);
	assert_int_equal(ids[0], c);
	assert_int_equal(ids[1], b);
	assert_int_equal(ent_list(x, big, "合作社", "450922", all, ids), 0);
	assert_int_equal(ent_list(x, 0, NULL, NULL, (struct page){NULL, 1}, ids), 1);
	assert_int_equal(ids[0], c);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)c);
	assert_int_equal(ent_list(x, 0, NULL, NULL, (struct page){after, 1}, ids), 1);
	assert_int_equal(ids[0], b);
	snprintf(after, sizeof(after), "%lld", (long long)b);
	assert_int_equal(ent_list(x, 0, NULL, NULL, (struct page){after, 5}, ids), 1);
	assert_int_equal(ids[0], a);

	/* A USCC held already: refused, nothing written. */
	struct enterprise d = {.alliance_id = big, .created_at_ms = 5};
	snprintf(d.line, sizeof(d.line), "economy");
	snprintf(d.name, sizeof(d.name), "重复的公司");
	snprintf(d.uscc, sizeof(d.uscc), "91440881MA4W00000X");
	snprintf(d.division_code, sizeof(d.division_code), "440881104205");
	snprintf(d.county_code, sizeof(d.county_code), "440881");
	snprintf(d.industry, sizeof(d.industry), "other");
	begin(x);
	assert_int_equal(ec->enterprise_insert(x->st, &d, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：enterprise_insert");
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM enterprises"), 3);
	assert_int_equal(ent_list(x, big, "重复", NULL, all, ids), 0);

	/* A stored name longer than the record holds: a store error, not a
	 * cut string. */
	char sql[1024];
	snprintf(sql, sizeof(sql), "UPDATE enterprises SET name='%0*d' WHERE id=%lld",
		 (int)sizeof(g.name), 0, (long long)a);
	raw(x, sql);
	assert_int_equal(ec->enterprise_get(x->st, a, &g, &x->e), ERR_STORE);
	struct enterprise_filter f = {.alliance_id = big};
	struct enterprise *arr = NULL;
	size_t n = 9;
	assert_int_equal(ec->enterprise_list(x->st, &f, all, &arr, &n, &x->e), ERR_STORE);
	assert_null(arr);
	assert_int_equal(n, 0);
}

static int64_t project(struct fx *x, int64_t alliance, const char *kind, const char *name,
		       int32_t on)
{
	struct project p = {.alliance_id = alliance, .stage_on = on, .investment_fen = -1,
			    .jobs = -1, .income_per_head_fen = -1, .length_m = -1,
			    .created_at_ms = 2000};
	snprintf(p.kind, sizeof(p.kind), "%s", kind);
	snprintf(p.line, sizeof(p.line), "economy");
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.stage, sizeof(p.stage), "planned");
	const char divs[1][16] = {"450922108216"};
	begin(x);
	assert_int_equal(x->st->economy->project_insert(x->st, &p, divs, 1, NULL, 0, NULL, 0,
							 &x->e), ERR_OK);
	commit(x);
	return p.id;
}

static size_t prj_list(struct fx *x, int64_t alliance, const char *kind, const char *stage,
		       struct page pg, int64_t *ids)
{
	struct project_filter f = {.alliance_id = alliance, .kind = kind, .stage = stage};
	struct project *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->economy->project_list(x->st, &f, pg, &arr, &n, &x->e), ERR_OK);
	for (size_t i = 0; i < n; i++)
		ids[i] = arr[i].id;
	free(arr);
	return n;
}

static void t_projects(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_economy_ops *ec = x->st->economy;
	seed(x);
	seed_talents(x);
	int64_t e1 = ent(x, big, "甲公司", "91450922MA5L000001", "450922108216", "450922");
	int64_t e2 = ent(x, big, "乙公司", "91440881MA4W00000X", "440881104205", "440881");
	int32_t d0 = date_from_ymd(2026, 3, 1);

	struct project p = {.alliance_id = big, .unit_id = 1, .stage_on = d0,
			    .investment_fen = 3000000000000LL, .jobs = 120,
			    .income_per_head_fen = -1, .length_m = 0, .created_by = 7,
			    .created_at_ms = 3000};
	snprintf(p.kind, sizeof(p.kind), "infrastructure");
	snprintf(p.line, sizeof(p.line), "economy");
	snprintf(p.name, sizeof(p.name), "跨省连接路");
	snprintf(p.stage, sizeof(p.stage), "planned");
	const char divs[2][16] = {"450922108216", "440881104205"};
	const int64_t ents[2] = {e2, e1};
	const int64_t tals[2] = {12, 11};
	begin(x);
	assert_int_equal(ec->project_insert(x->st, &p, divs, 2, ents, 2, tals, 2, &x->e), ERR_OK);
	commit(x);
	assert_true(p.id > 0);

	struct project g;
	assert_int_equal(ec->project_get(x->st, p.id, &g, &x->e), ERR_OK);
	assert_int_equal(g.id, p.id);
	assert_int_equal(g.alliance_id, big);
	assert_int_equal(g.unit_id, 1);
	assert_string_equal(g.kind, "infrastructure");
	assert_string_equal(g.line, "economy");
	assert_string_equal(g.name, "跨省连接路");
	assert_string_equal(g.stage, "planned");
	assert_int_equal(g.stage_on, d0);
	assert_int_equal(g.investment_fen, 3000000000000LL);
	assert_int_equal(g.jobs, 120);
	assert_int_equal(g.income_per_head_fen, -1);
	assert_int_equal(g.length_m, 0);
	assert_int_equal(g.matter_id, 0);
	assert_int_equal(g.created_by, 7);
	assert_int_equal(g.created_at_ms, 3000);
	assert_int_equal(g.funds_total_fen, 0);
	assert_int_equal(g.team_members, 0);
	assert_int_equal(ec->project_get(x->st, p.id + 100, &g, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "项目不存在");

	char dv[PROJECT_MAX_DIVISIONS][16];
	size_t nd = 0;
	assert_int_equal(ec->project_divisions(x->st, p.id, dv, &nd, &x->e), ERR_OK);
	assert_int_equal(nd, 2);
	assert_string_equal(dv[0], "440881104205");
	assert_string_equal(dv[1], "450922108216");
	int64_t le[PROJECT_MAX_LINKS], lt[PROJECT_MAX_LINKS];
	size_t ne = 0, nt = 0;
	assert_int_equal(ec->project_links(x->st, p.id, le, &ne, lt, &nt, &x->e), ERR_OK);
	assert_int_equal(ne, 2);
	assert_int_equal(le[0], e1);
	assert_int_equal(le[1], e2);
	assert_int_equal(nt, 2);
	assert_int_equal(lt[0], 11);
	assert_int_equal(lt[1], 12);

	/* The timeline: the first entry, then a move with a note. */
	struct project_stage_rec r = {.project_id = p.id, .alliance_id = big, .on = d0 + 10,
				      .at_ms = 4000};
	snprintf(r.from, sizeof(r.from), "planned");
	snprintf(r.to, sizeof(r.to), "signed");
	snprintf(r.note, sizeof(r.note), "签约仪式");
	begin(x);
	assert_int_equal(ec->project_stage_add(x->st, &r, &x->e), ERR_OK);
	commit(x);
	assert_true(r.id > 0);
	struct project_stage_rec *sr = NULL;
	size_t ns = 0;
	assert_int_equal(ec->project_stages(x->st, p.id, &sr, &ns, &x->e), ERR_OK);
	assert_int_equal(ns, 2);
	assert_true(sr[0].id < sr[1].id);
	assert_int_equal(sr[1].id, r.id);
	assert_int_equal(sr[0].project_id, p.id);
	assert_int_equal(sr[0].alliance_id, big);
	assert_string_equal(sr[0].from, "");
	assert_string_equal(sr[0].to, "planned");
	assert_int_equal(sr[0].on, d0);
	assert_string_equal(sr[0].note, "");
	assert_int_equal(sr[0].user_id, 7);
	assert_string_equal(sr[0].user_name, "王管理");
	assert_int_equal(sr[0].at_ms, 3000);
	assert_string_equal(sr[1].from, "planned");
	assert_string_equal(sr[1].to, "signed");
	assert_int_equal(sr[1].on, d0 + 10);
	assert_string_equal(sr[1].note, "签约仪式");
	assert_int_equal(sr[1].user_id, 0);
	assert_string_equal(sr[1].user_name, "");
	assert_int_equal(sr[1].at_ms, 4000);
	free(sr);
	assert_int_equal(ec->project_get(x->st, p.id, &g, &x->e), ERR_OK);
	assert_string_equal(g.stage, "signed");
	assert_int_equal(g.stage_on, d0 + 10);

	/* Funds past 2^32 fen in total, read back by date then id. */
	struct project_fund fs[3] = {
		{.project_id = p.id, .alliance_id = big, .amount_fen = 2000000000, .on = d0 + 5,
		 .created_by = 7, .created_at_ms = 5000},
		{.project_id = p.id, .alliance_id = big, .amount_fen = 2100000000, .on = d0 + 1},
		{.project_id = p.id, .alliance_id = big, .amount_fen = 2200000000LL, .on = d0 + 5},
	};
	snprintf(fs[0].source, sizeof(fs[0].source), "government");
	snprintf(fs[0].county_code, sizeof(fs[0].county_code), "450922");
	snprintf(fs[0].note, sizeof(fs[0].note), "财政拨款");
	snprintf(fs[1].source, sizeof(fs[1].source), "bank");
	snprintf(fs[2].source, sizeof(fs[2].source), "social");
	snprintf(fs[2].county_code, sizeof(fs[2].county_code), "440881");
	begin(x);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ec->project_fund_add(x->st, &fs[i], &x->e), ERR_OK);
	commit(x);
	assert_true(fs[0].id > 0 && fs[0].id < fs[1].id && fs[1].id < fs[2].id);
	struct project_fund *fr = NULL;
	size_t nf = 0;
	assert_int_equal(ec->project_funds(x->st, p.id, &fr, &nf, &x->e), ERR_OK);
	assert_int_equal(nf, 3);
	assert_int_equal(fr[0].id, fs[1].id);
	assert_int_equal(fr[1].id, fs[0].id);
	assert_int_equal(fr[2].id, fs[2].id);
	assert_string_equal(fr[0].source, "bank");
	assert_string_equal(fr[0].county_code, "");
	assert_int_equal(fr[0].amount_fen, 2100000000);
	assert_int_equal(fr[0].on, d0 + 1);
	assert_int_equal(fr[0].created_by, 0);
	assert_int_equal(fr[1].project_id, p.id);
	assert_int_equal(fr[1].alliance_id, big);
	assert_string_equal(fr[1].source, "government");
	assert_string_equal(fr[1].county_code, "450922");
	assert_string_equal(fr[1].note, "财政拨款");
	assert_int_equal(fr[1].created_by, 7);
	assert_int_equal(fr[1].created_at_ms, 5000);
	assert_int_equal(fr[2].amount_fen, 2200000000LL);
	free(fr);
	assert_int_equal(ec->project_get(x->st, p.id, &g, &x->e), ERR_OK);
	assert_int_equal(g.funds_total_fen, 6300000000LL);

	/* The team: none yet, set, replaced. */
	struct project_team t;
	assert_int_equal(ec->project_team_get(x->st, p.id, &t, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "先锋队不存在");
	struct project_team ts = {.project_id = p.id, .alliance_id = big, .formed_on = d0 + 2,
				  .members = {3, 1}, .n_members = 2, .updated_by = 7,
				  .updated_at_ms = 6000};
	snprintf(ts.name, sizeof(ts.name), "党员先锋队");
	begin(x);
	assert_int_equal(ec->project_team_set(x->st, &ts, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(ec->project_team_get(x->st, p.id, &t, &x->e), ERR_OK);
	assert_int_equal(t.project_id, p.id);
	assert_int_equal(t.alliance_id, big);
	assert_string_equal(t.name, "党员先锋队");
	assert_int_equal(t.formed_on, d0 + 2);
	assert_int_equal(t.n_members, 2);
	assert_int_equal(t.members[0], 1);
	assert_int_equal(t.members[1], 3);
	assert_int_equal(t.updated_by, 7);
	assert_int_equal(t.updated_at_ms, 6000);
	assert_int_equal(ec->project_get(x->st, p.id, &g, &x->e), ERR_OK);
	assert_int_equal(g.team_members, 2);
	ts.members[0] = 2;
	ts.n_members = 1;
	ts.formed_on = d0 + 3;
	ts.updated_by = 0;
	ts.updated_at_ms = 7000;
	snprintf(ts.name, sizeof(ts.name), "突击队");
	begin(x);
	assert_int_equal(ec->project_team_set(x->st, &ts, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(ec->project_team_get(x->st, p.id, &t, &x->e), ERR_OK);
	assert_string_equal(t.name, "突击队");
	assert_int_equal(t.formed_on, d0 + 2);  /* the day it was formed stays */
	assert_int_equal(t.n_members, 1);
	assert_int_equal(t.members[0], 2);
	assert_int_equal(t.updated_by, 0);
	assert_int_equal(t.updated_at_ms, 7000);
	/* An unknown member: refused, the old team stays. */
	ts.members[0] = 1;
	ts.members[1] = 999;
	ts.n_members = 2;
	snprintf(ts.name, sizeof(ts.name), "不该写入");
	begin(x);
	assert_int_equal(ec->project_team_set(x->st, &ts, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：project_team_set");
	x->st->ops->rollback(x->st);
	assert_int_equal(ec->project_team_get(x->st, p.id, &t, &x->e), ERR_OK);
	assert_string_equal(t.name, "突击队");
	assert_int_equal(t.n_members, 1);
	assert_int_equal(t.members[0], 2);

	/* Lists by alliance, kind and stage, newest first, paged. */
	int64_t q2 = project(x, big, "industry", "产业园", d0);
	int64_t q3 = project(x, 2, "industry", "别处", d0);
	int64_t ids[8];
	struct page all = {NULL, 50};
	assert_int_equal(prj_list(x, big, NULL, NULL, all, ids), 2);
	assert_int_equal(ids[0], q2);
	assert_int_equal(ids[1], p.id);
	assert_int_equal(prj_list(x, 0, NULL, NULL, all, ids), 3);
	assert_int_equal(ids[0], q3);
	assert_int_equal(prj_list(x, 0, "industry", NULL, all, ids), 2);
	assert_int_equal(prj_list(x, big, "industry", "planned", all, ids), 1);
	assert_int_equal(ids[0], q2);
	assert_int_equal(prj_list(x, 0, NULL, "signed", all, ids), 1);
	assert_int_equal(ids[0], p.id);
	assert_int_equal(prj_list(x, big, "chain", NULL, all, ids), 0);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)q3);
	assert_int_equal(prj_list(x, 0, NULL, NULL, (struct page){after, 1}, ids), 1);
	assert_int_equal(ids[0], q2);
	struct project_filter pf = {.alliance_id = big};
	struct project *pa = NULL;
	size_t np = 0;
	assert_int_equal(ec->project_list(x->st, &pf, all, &pa, &np, &x->e), ERR_OK);
	assert_int_equal(np, 2);
	assert_int_equal(pa[1].funds_total_fen, 6300000000LL);
	assert_int_equal(pa[1].team_members, 1);
	assert_int_equal(pa[1].investment_fen, 3000000000000LL);
	assert_int_equal(pa[0].funds_total_fen, 0);
	assert_int_equal(pa[0].investment_fen, -1);
	free(pa);

	/* An unknown division: the whole project is rolled back. */
	int64_t projects = scalar(x, 0, "SELECT count(*) FROM projects");
	int64_t stages = scalar(x, 1, "SELECT count(*) FROM project_stages");
	struct project bad = p;
	bad.id = 0;
	const char badd[2][16] = {"450922108216", "999999999999"};
	begin(x);
	assert_int_equal(ec->project_insert(x->st, &bad, badd, 2, ents, 2, tals, 2, &x->e),
			 ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：project_division");
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM projects"), projects);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM project_stages"), stages);
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM project_divisions"), 4);
	assert_int_equal(scalar(x, 3, "SELECT count(*) FROM project_enterprises"), 2);
}

static int64_t fin(struct fx *x, int64_t enterprise, const char *lender, int64_t fen,
		   int32_t on, const char *status)
{
	struct financing f = {.alliance_id = big, .enterprise_id = enterprise, .amount_fen = fen,
			      .on = on, .created_by = 7, .created_at_ms = 8000};
	snprintf(f.line, sizeof(f.line), "economy");
	snprintf(f.lender, sizeof(f.lender), "%s", lender);
	snprintf(f.status, sizeof(f.status), "%s", status);
	begin(x);
	assert_int_equal(x->st->economy->financing_insert(x->st, &f, &x->e), ERR_OK);
	commit(x);
	assert_true(f.id > 0);
	return f.id;
}

static size_t fin_list(struct fx *x, const struct financing_filter *f, struct page pg,
		       int64_t *ids)
{
	struct financing *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->economy->financing_list(x->st, f, pg, &arr, &n, &x->e), ERR_OK);
	for (size_t i = 0; i < n; i++)
		ids[i] = arr[i].id;
	free(arr);
	return n;
}

static void t_financing(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_economy_ops *ec = x->st->economy;
	seed(x);
	int64_t ea = ent(x, big, "甲公司", "91450922MA5L000001", "450922108216", "450922");
	int64_t eb = ent(x, big, "乙公司", "91440881MA4W00000X", "440881104205", "440881");
	int32_t d0 = date_from_ymd(2026, 4, 1);
	int64_t f1 = fin(x, ea, "农商银行", 3000000000LL, d0, "granted");
	int64_t f2 = fin(x, ea, "农商银行", 2500000000LL, d0 + 20, "granted");
	int64_t f3 = fin(x, eb, "邮储银行", 100000, d0 + 10, "applied");
	int64_t f4 = fin(x, eb, "农商银行", 700000, d0 + 30, "declined");

	struct financing g;
	assert_int_equal(ec->financing_get(x->st, f3, &g, &x->e), ERR_OK);
	assert_int_equal(g.id, f3);
	assert_int_equal(g.alliance_id, big);
	assert_string_equal(g.line, "economy");
	assert_int_equal(g.enterprise_id, eb);
	assert_string_equal(g.lender, "邮储银行");
	assert_int_equal(g.amount_fen, 100000);
	assert_int_equal(g.on, d0 + 10);
	assert_string_equal(g.status, "applied");
	assert_int_equal(g.created_by, 7);
	assert_int_equal(g.created_at_ms, 8000);
	assert_string_equal(g.enterprise_name, "乙公司");
	assert_string_equal(g.county_code, "440881");
	assert_int_equal(ec->financing_get(x->st, f4 + 100, &g, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "融资记录不存在");

	int64_t ids[8];
	struct page all = {NULL, 50};
	struct financing_filter f = {.alliance_id = big};
	assert_int_equal(fin_list(x, &f, all, ids), 4);
	assert_int_equal(ids[0], f4);
	assert_int_equal(ids[3], f1);
	f.alliance_id = 2;
	assert_int_equal(fin_list(x, &f, all, ids), 0);
	f = (struct financing_filter){.status = "granted"};
	assert_int_equal(fin_list(x, &f, all, ids), 2);
	assert_int_equal(ids[0], f2);
	assert_int_equal(ids[1], f1);
	f = (struct financing_filter){.enterprise_id = eb};
	assert_int_equal(fin_list(x, &f, all, ids), 2);
	assert_int_equal(ids[0], f4);
	assert_int_equal(ids[1], f3);
	f = (struct financing_filter){.lender = "农商银行", .enterprise_id = eb};
	assert_int_equal(fin_list(x, &f, all, ids), 1);
	assert_int_equal(ids[0], f4);
	f = (struct financing_filter){.from = d0 + 10, .to = d0 + 20};
	assert_int_equal(fin_list(x, &f, all, ids), 2);
	assert_int_equal(ids[0], f3);
	assert_int_equal(ids[1], f2);
	f = (struct financing_filter){.from = d0 + 21};
	assert_int_equal(fin_list(x, &f, all, ids), 1);
	assert_int_equal(ids[0], f4);
	f = (struct financing_filter){.to = d0 - 1};
	assert_int_equal(fin_list(x, &f, all, ids), 0);
	f = (struct financing_filter){.alliance_id = big};
	assert_int_equal(fin_list(x, &f, (struct page){NULL, 0}, ids), 4);  /* every row */
	assert_int_equal(fin_list(x, &f, (struct page){NULL, 3}, ids), 3);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)f3);
	assert_int_equal(fin_list(x, &f, (struct page){after, 0}, ids), 2);
	assert_int_equal(ids[0], f2);
	assert_int_equal(ids[1], f1);

	/* Status: the date stays when none is given, moves when one is. */
	begin(x);
	assert_int_equal(ec->financing_set_status(x->st, f3, "granted", 0, 9000, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(ec->financing_get(x->st, f3, &g, &x->e), ERR_OK);
	assert_string_equal(g.status, "granted");
	assert_int_equal(g.on, d0 + 10);
	begin(x);
	assert_int_equal(ec->financing_set_status(x->st, f4, "granted", d0 + 40, 9000, &x->e),
			 ERR_OK);
	commit(x);
	assert_int_equal(ec->financing_get(x->st, f4, &g, &x->e), ERR_OK);
	assert_string_equal(g.status, "granted");
	assert_int_equal(g.on, d0 + 40);
	assert_int_equal(scalar(x, 0, "SELECT updated_at_ms FROM financing WHERE status='granted' "
				      "ORDER BY id DESC LIMIT 1"), 9000);
	begin(x);
	assert_int_equal(ec->financing_set_status(x->st, f2, "declined", 0, 9100, &x->e), ERR_OK);
	commit(x);

	/* The summary from every row: granted only, an enterprise once. */
	struct financing *rows = NULL;
	size_t n = 0;
	f = (struct financing_filter){.alliance_id = big};
	assert_int_equal(ec->financing_list(x->st, &f, (struct page){NULL, 0}, &rows, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 4);
	struct financing_summary sum;
	assert_int_equal(financing_summarize(rows, n, &sum, &x->e), ERR_OK);
	assert_int_equal(sum.enterprises_financed, 2);
	assert_int_equal(sum.granted_count, 3);
	assert_int_equal(sum.granted_fen, 3000000000LL + 100000 + 700000);
	assert_int_equal(sum.declined_count, 1);
	assert_int_equal(sum.applied_count, 0);
	assert_int_equal(sum.n_by_county, 2);
	assert_string_equal(sum.by_county[0].key, "450922");
	assert_int_equal(sum.by_county[0].granted_fen, 3000000000LL);
	assert_int_equal(sum.by_county[1].enterprises, 1);
	assert_int_equal(sum.n_by_lender, 2);
	assert_string_equal(sum.by_lender[0].key, "农商银行");
	assert_int_equal(sum.by_lender[0].enterprises, 2);
	assert_int_equal(sum.by_lender[0].granted_count, 2);
	financing_summary_release(&sum);
	free(rows);

	/* An unknown enterprise: refused, nothing written. */
	struct financing bad = {.alliance_id = big, .enterprise_id = eb + 100, .amount_fen = 1,
				.on = d0, .created_at_ms = 1};
	snprintf(bad.line, sizeof(bad.line), "economy");
	snprintf(bad.lender, sizeof(bad.lender), "某银行");
	snprintf(bad.status, sizeof(bad.status), "applied");
	begin(x);
	assert_int_equal(ec->financing_insert(x->st, &bad, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：financing_insert");
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM financing"), 4);
}

static void put_ref(struct fx *x, const char *month, const char *from, const char *to,
		    int64_t visitors, int64_t at, enum err_code want)
{
	struct referral r = {.alliance_id = big, .route_id = 1, .visitors = visitors,
			     .created_by = 7, .at_ms = at};
	snprintf(r.month, sizeof(r.month), "%s", month);
	snprintf(r.from_county, sizeof(r.from_county), "%s", from);
	snprintf(r.to_county, sizeof(r.to_county), "%s", to);
	begin(x);
	assert_int_equal(x->st->economy->referral_put(x->st, &r, &x->e), want);
	if (want == ERR_OK)
		commit(x);
	else
		x->st->ops->rollback(x->st);
}

static void t_referrals_fairs(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_economy_ops *ec = x->st->economy;
	seed(x);
	int64_t en = ent(x, big, "甲公司", "91450922MA5L000001", "450922108216", "450922");

	put_ref(x, "2026-04", "450922", "440881", 300, 100, ERR_OK);
	put_ref(x, "2026-03", "450922", "440881", 120, 101, ERR_OK);
	put_ref(x, "2026-04", "440881", "450922", 80, 102, ERR_OK);
	put_ref(x, "2026-04", "440881", "440982", 3000000000LL, 103, ERR_OK);
	/* the same month again replaces the number */
	put_ref(x, "2026-04", "450922", "440881", 350, 200, ERR_OK);
	/* to the county it comes from: refused, nothing changed */
	put_ref(x, "2026-05", "450922", "450922", 5, 300, ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：referral_put");
	struct referral *rr = NULL;
	size_t n = 0;
	assert_int_equal(ec->referrals(x->st, 1, &rr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 4);
	assert_string_equal(rr[0].month, "2026-03");
	assert_int_equal(rr[0].visitors, 120);
	assert_string_equal(rr[1].month, "2026-04");
	assert_string_equal(rr[1].from_county, "440881");
	assert_string_equal(rr[1].to_county, "440982");
	assert_int_equal(rr[1].visitors, 3000000000LL);
	assert_string_equal(rr[2].from_county, "440881");
	assert_string_equal(rr[2].to_county, "450922");
	assert_string_equal(rr[3].from_county, "450922");
	assert_int_equal(rr[3].visitors, 350);
	assert_int_equal(rr[3].at_ms, 200);
	assert_int_equal(rr[3].alliance_id, big);
	assert_int_equal(rr[3].route_id, 1);
	assert_int_equal(rr[3].created_by, 7);
	assert_true(rr[3].id > 0);
	free(rr);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM tourism_referrals"), 4);
	assert_int_equal(ec->referrals(x->st, 2, &rr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(rr);

	/* Fair sales: none yet, set, replaced. */
	int64_t minutes = -5;
	struct fair_sale_item *it = NULL;
	assert_int_equal(ec->fair_sales_get(x->st, 1, &minutes, &it, &n, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "销售记录不存在");
	assert_null(it);
	struct fair_sale_item items[3] = {
		{.enterprise_id = en, .amount_fen = 2500000000LL},
		{.org_id = 1, .amount_fen = 1200},
		{.amount_fen = 0},
	};
	snprintf(items[2].label, sizeof(items[2].label), "散户摊位");
	begin(x);
	assert_int_equal(ec->fair_sales_set(x->st, 1, big, 240, items, 3, 7, 9000, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(ec->fair_sales_get(x->st, 1, &minutes, &it, &n, &x->e), ERR_OK);
	assert_int_equal(minutes, 240);
	assert_int_equal(n, 3);
	assert_true(it[0].id < it[1].id && it[1].id < it[2].id);
	assert_int_equal(it[0].enterprise_id, en);
	assert_int_equal(it[0].org_id, 0);
	assert_string_equal(it[0].enterprise_name, "甲公司");
	assert_string_equal(it[0].org_name, "");
	assert_string_equal(it[0].label, "");
	assert_int_equal(it[0].amount_fen, 2500000000LL);
	assert_int_equal(it[1].org_id, 1);
	assert_int_equal(it[1].enterprise_id, 0);
	assert_string_equal(it[1].org_name, "乌石镇党委");
	assert_string_equal(it[1].enterprise_name, "");
	assert_string_equal(it[2].label, "散户摊位");
	assert_int_equal(it[2].amount_fen, 0);
	free(it);
	begin(x);
	assert_int_equal(ec->fair_sales_set(x->st, 1, big, 90, items + 1, 1, 0, 9500, &x->e),
			 ERR_OK);
	commit(x);
	assert_int_equal(ec->fair_sales_get(x->st, 1, &minutes, &it, &n, &x->e), ERR_OK);
	assert_int_equal(minutes, 90);
	assert_int_equal(n, 1);
	assert_int_equal(it[0].org_id, 1);
	assert_int_equal(it[0].amount_fen, 1200);
	free(it);
	assert_int_equal(scalar(x, 1, "SELECT updated_at_ms FROM fair_sales"), 9500);
	/* An item naming nothing: refused, the old record stays. */
	struct fair_sale_item empty[2] = {{.org_id = 1, .amount_fen = 5}, {.amount_fen = 7}};
	begin(x);
	assert_int_equal(ec->fair_sales_set(x->st, 1, big, 30, empty, 2, 7, 9900, &x->e),
			 ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：fair_sales_set");
	x->st->ops->rollback(x->st);
	assert_int_equal(ec->fair_sales_get(x->st, 1, &minutes, &it, &n, &x->e), ERR_OK);
	assert_int_equal(minutes, 90);
	assert_int_equal(n, 1);
	assert_int_equal(it[0].amount_fen, 1200);
	free(it);
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM fair_sale_items"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_enterprises),
		ENGINE_TESTS(t_projects),
		ENGINE_TESTS(t_financing),
		ENGINE_TESTS(t_referrals_fairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
