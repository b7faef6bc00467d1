/* The org and talent areas (store_sql_org.c, store_sql_talent.c) on both
 * engines with the same cases (engines.h: SQLite always, PostgreSQL under
 * `make pg-test`). Every op is called and what it returns is read back, so
 * that PostgreSQL's traps (booleans, parameter types, NULL order) show.
 *
 * Cases: alliances with their counties (sorted), a duplicate name and an
 * unknown county refused without a trace, lists by id set and page; units
 * with their divisions, a second county tier refused, lists by alliance,
 * alliance set, tier and page; organisations inserted, updated, dissolved
 * (and a missing one not found), listed by prefix, name, unit, county set
 * and dissolved or not; people by organisation, name, county and county
 * set; secretaries and leaders as post histories; members added once;
 * what refers to an organisation (grants first, then tables by name) and
 * a delete refused while anything does; the columns that refer to orgs as
 * the schema lists them (org_in_use's list); reach by every key kind;
 * secondments and talents with their names, pages newest first, an
 * enterprise that exists or not, and a refused secondment changing
 * nothing. */
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
#include "store/db.h"
#include "store/slots.h"
#include "store/store.h"
#include "store/store_division.h"
#include "store/store_org.h"
#include "store/store_talent.h"

/* Statement slots for the tests' own SQL: the end of the talent area's
 * range, which its statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_TALENT + 1) - 1 - (n))

#define scalar(x, n, sql) fx_scalar((x), T_SLOT(n), (sql))

static void begin(struct fx *x)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
}

/* Commits after a success, rolls back after a failure; returns rc. */
static enum err_code end(struct fx *x, enum err_code rc)
{
	if (rc == ERR_OK)
		assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	else
		x->st->ops->rollback(x->st);
	return rc;
}

static void put(struct fx *x, const char *code, const char *name, int level, const char *parent)
{
	struct division d = {.level = level};
	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "%s", name);
	snprintf(d.parent_code, sizeof(d.parent_code), "%s", parent ? parent : "");
	begin(x);
	assert_int_equal(end(x, x->st->division->put(x->st, &d, &x->e)), ERR_OK);
}

static void region(struct fx *x)
{
	put(x, "450000", "广西壮族自治区", 1, NULL);
	put(x, "440000", "广东省", 1, NULL);
	put(x, "450900", "玉林市", 2, "450000");
	put(x, "440800", "湛江市", 2, "440000");
	put(x, "440900", "茂名市", 2, "440000");
	put(x, "450922", "陆川县", 3, "450900");
	put(x, "440881", "廉江市", 3, "440800");
	put(x, "440982", "化州市", 3, "440900");
	put(x, "450922104", "乌石镇", 4, "450922");
	put(x, "450922104201", "坡子村委会", 5, "450922104");
	put(x, "440881120", "石角镇", 4, "440881");
	put(x, "440982110", "平定镇", 4, "440982");
}

static int64_t w_alliance(struct fx *x, const char *name, const char *c1, const char *c2)
{
	struct alliance a = {.created_at_ms = 7};
	snprintf(a.name, sizeof(a.name), "%s", name);
	snprintf(a.description, sizeof(a.description), "说明%s", name);
	if (c1)
		snprintf(a.counties[a.n_counties++], sizeof(a.counties[0]), "%s", c1);
	if (c2)
		snprintf(a.counties[a.n_counties++], sizeof(a.counties[0]), "%s", c2);
	begin(x);
	enum err_code rc = end(x, x->st->org->alliance_insert(x->st, &a, &x->e));
	return rc ? -(int64_t)rc : a.id;
}

static int64_t w_unit(struct fx *x, int64_t alliance, const char *tier, const char *name,
		      int64_t parent, const char *d1, const char *d2)
{
	struct unit u = {.alliance_id = alliance, .parent_id = parent, .created_at_ms = 8};
	snprintf(u.tier, sizeof(u.tier), "%s", tier);
	snprintf(u.name, sizeof(u.name), "%s", name);
	if (d1)
		snprintf(u.divisions[u.n_divisions++], sizeof(u.divisions[0]), "%s", d1);
	if (d2)
		snprintf(u.divisions[u.n_divisions++], sizeof(u.divisions[0]), "%s", d2);
	begin(x);
	enum err_code rc = end(x, x->st->org->unit_insert(x->st, &u, &x->e));
	return rc ? -(int64_t)rc : u.id;
}

static int64_t w_org(struct fx *x, const char *name, const char *code, const char *kind)
{
	struct org o = {.created_at_ms = 9};
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.division_code, sizeof(o.division_code), "%s", code);
	snprintf(o.kind, sizeof(o.kind), "%s", kind);
	begin(x);
	enum err_code rc = end(x, x->st->org->org_insert(x->st, &o, &x->e));
	return rc ? -(int64_t)rc : o.id;
}

static int64_t w_person(struct fx *x, const char *name, int64_t org, const char *phone, int demo)
{
	struct person p = {.org_id = org, .is_demo = demo, .created_at_ms = 10};
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.position, sizeof(p.position), "委员");
	snprintf(p.phone, sizeof(p.phone), "%s", phone ? phone : "");
	begin(x);
	enum err_code rc = end(x, x->st->org->person_insert(x->st, &p, &x->e));
	return rc ? -(int64_t)rc : p.id;
}

static void t_alliances(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	const struct store_org_ops *o = x->st->org;
	int64_t a1 = w_alliance(x, "陆川—廉江", "450922", "440881");
	int64_t a2 = w_alliance(x, "陆川—化州", "440982", "450922");
	int64_t a3 = w_alliance(x, "空联建", NULL, NULL);
	assert_true(a1 > 0 && a2 > a1 && a3 > a2);
	/* A duplicate name: refused, naming the field; nothing written. */
	assert_int_equal(w_alliance(x, "陆川—廉江", "440982", NULL), -ERR_CONFLICT);
	assert_string_equal(x->e.msg, "联建名称“陆川—廉江”已存在");
	assert_string_equal(x->e.field, "name");
	/* An unknown county: the foreign key refuses, the whole insert goes. */
	assert_int_equal(w_alliance(x, "新联建", "450922", "999999"), -ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：alliance county");
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM alliances"), 3);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM alliance_counties"), 4);

	struct alliance a;
	assert_int_equal(o->alliance_get(x->st, a2, &a, &x->e), ERR_OK);
	assert_int_equal(a.id, a2);
	assert_string_equal(a.name, "陆川—化州");
	assert_string_equal(a.description, "说明陆川—化州");
	assert_int_equal(a.created_at_ms, 7);
	assert_int_equal(a.n_counties, 2);
	assert_string_equal(a.counties[0], "440982");
	assert_string_equal(a.counties[1], "450922");
	assert_int_equal(o->alliance_get(x->st, a3 + 100, &a, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "联建不存在");

	struct alliance *arr = NULL;
	size_t n = 0;
	assert_int_equal(o->alliance_list(x->st, NULL, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(arr[0].id, a1);
	assert_int_equal(arr[0].n_counties, 2);
	assert_string_equal(arr[0].counties[0], "440881");
	assert_string_equal(arr[0].counties[1], "450922");
	assert_int_equal(arr[2].n_counties, 0);
	free(arr);
	char set[64], after[24];
	snprintf(set, sizeof(set), ",%lld,%lld,", (long long)a1, (long long)a3);
	assert_int_equal(o->alliance_list(x->st, set, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, a1);
	assert_int_equal(arr[1].id, a3);
	free(arr);
	snprintf(after, sizeof(after), "%lld", (long long)a1);
	assert_int_equal(o->alliance_list(x->st, NULL, (struct page){after, 1}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, a2);
	assert_string_equal(arr[0].counties[0], "440982");
	free(arr);
}

static void t_units(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	const struct store_org_ops *o = x->st->org;
	int64_t a1 = w_alliance(x, "陆川—廉江", "450922", "440881");
	int64_t a2 = w_alliance(x, "陆川—化州", "440982", "450922");
	int64_t c1 = w_unit(x, a1, "county", "边界联合党委", 0, "450922", "440881");
	int64_t t1 = w_unit(x, a1, "town", "乌石—石角", c1, "450922104", "440881120");
	int64_t c2 = w_unit(x, a2, "county", "化州联合党委", 0, NULL, NULL);
	assert_true(c1 > 0 && t1 > c1 && c2 > t1);
	/* A second county tier in one alliance: refused, nothing written. */
	assert_int_equal(w_unit(x, a1, "county", "第二个", 0, "450922", NULL), -ERR_CONFLICT);
	assert_string_equal(x->e.msg, "每个联建只能有一个县级工作专班");
	assert_string_equal(x->e.field, "tier");
	/* An unknown division: the whole unit goes. */
	assert_int_equal(w_unit(x, a2, "town", "无此镇", c2, "440982110", "999999999"),
			 -ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：unit division");
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM units"), 3);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM unit_divisions"), 4);

	struct unit u;
	assert_int_equal(o->unit_get(x->st, t1, &u, &x->e), ERR_OK);
	assert_int_equal(u.id, t1);
	assert_int_equal(u.alliance_id, a1);
	assert_string_equal(u.tier, "town");
	assert_string_equal(u.name, "乌石—石角");
	assert_int_equal(u.parent_id, c1);
	assert_int_equal(u.created_at_ms, 8);
	assert_int_equal(u.n_divisions, 2);
	assert_string_equal(u.divisions[0], "440881120");
	assert_string_equal(u.divisions[1], "450922104");
	assert_int_equal(o->unit_get(x->st, c1, &u, &x->e), ERR_OK);
	assert_int_equal(u.parent_id, 0);
	assert_int_equal(o->unit_get(x->st, c2 + 50, &u, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "联建单位不存在");

	struct unit *arr = NULL;
	size_t n = 0;
	struct page all = {NULL, 50};
	assert_int_equal(o->unit_list(x->st, 0, NULL, NULL, all, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(arr[0].id, c1);
	assert_int_equal(arr[0].n_divisions, 2);
	assert_string_equal(arr[0].divisions[0], "440881");
	assert_int_equal(arr[2].n_divisions, 0);
	free(arr);
	assert_int_equal(o->unit_list(x->st, a1, NULL, NULL, all, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(arr);
	assert_int_equal(o->unit_list(x->st, a1, NULL, "town", all, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, t1);
	free(arr);
	char set[32], after[24];
	snprintf(set, sizeof(set), ",%lld,", (long long)a2);
	assert_int_equal(o->unit_list(x->st, 0, set, NULL, all, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, c2);
	free(arr);
	assert_int_equal(o->unit_list(x->st, a1, set, NULL, all, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(arr);
	assert_int_equal(o->unit_list(x->st, 0, NULL, "county", all, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(arr);
	snprintf(after, sizeof(after), "%lld", (long long)c1);
	assert_int_equal(o->unit_list(x->st, 0, NULL, NULL, (struct page){after, 1}, &arr, &n,
				      &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, t1);
	free(arr);
}

static void t_orgs_people_posts(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	const struct store_org_ops *o = x->st->org;
	int64_t a1 = w_alliance(x, "陆川—廉江", "450922", "440881");
	int64_t u1 = w_unit(x, a1, "county", "边界联合党委", 0, NULL, NULL);
	int64_t wushi = w_org(x, "乌石镇党委", "450922104", "town_committee");
	int64_t pozi = w_org(x, "坡子村党支部", "450922104201", "village_branch");
	int64_t shijiao = w_org(x, "石角镇党委", "440881120", "town_committee");
	assert_true(wushi > 0 && pozi > wushi && shijiao > pozi);
	/* A kind the schema refuses. */
	assert_int_equal(w_org(x, "坏的", "450922104", "club"), -ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：org_insert");
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM orgs"), 3);

	struct org g;
	assert_int_equal(o->org_get(x->st, wushi, &g, &x->e), ERR_OK);
	assert_int_equal(g.id, wushi);
	assert_string_equal(g.name, "乌石镇党委");
	assert_string_equal(g.division_code, "450922104");
	assert_string_equal(g.kind, "town_committee");
	assert_int_equal(g.created_at_ms, 9);
	assert_int_equal(g.secretary_id, 0);
	assert_string_equal(g.secretary_name, "");
	assert_int_equal(g.dissolved_on, 0);
	assert_int_equal(o->org_get(x->st, shijiao + 9, &g, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "党组织不存在");

	/* update, and a missing one not found */
	snprintf(g.name, sizeof(g.name), "乌石镇委员会");
	snprintf(g.kind, sizeof(g.kind), "other");
	begin(x);
	assert_int_equal(end(x, o->org_update(x->st, &g, &x->e)), ERR_OK);
	g.id = shijiao + 9;
	begin(x);
	assert_int_equal(end(x, o->org_update(x->st, &g, &x->e)), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "党组织不存在");
	assert_int_equal(o->org_get(x->st, wushi, &g, &x->e), ERR_OK);
	assert_string_equal(g.name, "乌石镇委员会");
	assert_string_equal(g.kind, "other");

	/* people and secretaries */
	int64_t zhang = w_person(x, "张三", wushi, "13800000000", 1);
	int64_t li = w_person(x, "李四", wushi, NULL, 0);
	int64_t wang = w_person(x, "王五", shijiao, NULL, 0);
	assert_true(zhang > 0 && li > zhang && wang > li);
	assert_int_equal(w_person(x, "无主", shijiao + 9, NULL, 0), -ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：person_insert");
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM people"), 3);
	struct person p;
	assert_int_equal(o->person_get(x->st, zhang, &p, &x->e), ERR_OK);
	assert_int_equal(p.id, zhang);
	assert_string_equal(p.name, "张三");
	assert_int_equal(p.org_id, wushi);
	assert_string_equal(p.org_name, "乌石镇委员会");
	assert_string_equal(p.division_code, "450922104");
	assert_string_equal(p.position, "委员");
	assert_string_equal(p.phone, "13800000000");
	assert_int_equal(p.is_demo, 1);
	assert_int_equal(p.created_at_ms, 10);
	assert_int_equal(o->person_get(x->st, li, &p, &x->e), ERR_OK);
	assert_string_equal(p.phone, "");
	assert_int_equal(p.is_demo, 0);
	assert_int_equal(o->person_get(x->st, wang + 9, &p, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "人员不存在");

	struct person *pa = NULL;
	size_t n = 0;
	struct page all = {NULL, 50};
	struct person_filter pf = {.org_id = wushi};
	assert_int_equal(o->person_list(x->st, &pf, all, &pa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pa[0].id, zhang);
	assert_int_equal(pa[1].id, li);
	free(pa);
	pf = (struct person_filter){.q = "四"};
	assert_int_equal(o->person_list(x->st, &pf, all, &pa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pa[0].id, li);
	free(pa);
	pf = (struct person_filter){.county = "440881"};
	assert_int_equal(o->person_list(x->st, &pf, all, &pa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pa[0].id, wang);
	free(pa);
	pf = (struct person_filter){.county_in = ",440982,450922,", .q = ""};
	assert_int_equal(o->person_list(x->st, &pf, all, &pa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(pa);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)zhang);
	pf = (struct person_filter){0};
	assert_int_equal(o->person_list(x->st, &pf, (struct page){after, 1}, &pa, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pa[0].id, li);
	free(pa);

	begin(x);
	assert_int_equal(end(x, o->org_secretary_set(x->st, wushi, zhang, 100, &x->e)), ERR_OK);
	begin(x);
	assert_int_equal(end(x, o->org_secretary_set(x->st, wushi, li, 200, &x->e)), ERR_OK);
	/* An unknown person: refused, the open post stays open. */
	begin(x);
	assert_int_equal(end(x, o->org_secretary_set(x->st, wushi, wang + 9, 300, &x->e)),
			 ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：post insert");
	struct post *posts = NULL;
	assert_int_equal(o->org_secretary_history(x->st, wushi, &posts, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(posts[0].person_id, li);
	assert_string_equal(posts[0].person_name, "李四");
	assert_int_equal(posts[0].since_ms, 200);
	assert_int_equal(posts[0].until_ms, 0);
	assert_int_equal(posts[1].person_id, zhang);
	assert_int_equal(posts[1].since_ms, 100);
	assert_int_equal(posts[1].until_ms, 200);
	free(posts);
	assert_int_equal(o->org_get(x->st, wushi, &g, &x->e), ERR_OK);
	assert_int_equal(g.secretary_id, li);
	assert_string_equal(g.secretary_name, "李四");

	begin(x);
	assert_int_equal(end(x, o->unit_leader_set(x->st, u1, wang, 400, &x->e)), ERR_OK);
	begin(x);
	assert_int_equal(end(x, o->unit_leader_set(x->st, u1, zhang, 500, &x->e)), ERR_OK);
	assert_int_equal(o->unit_leader_history(x->st, u1, &posts, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(posts[0].person_id, zhang);
	assert_string_equal(posts[0].person_name, "张三");
	assert_int_equal(posts[0].until_ms, 0);
	assert_int_equal(posts[1].person_id, wang);
	assert_int_equal(posts[1].until_ms, 500);
	free(posts);

	/* members: once each; listed by division code */
	begin(x);
	assert_int_equal(end(x, o->unit_member_add(x->st, u1, shijiao, 600, &x->e)), ERR_OK);
	begin(x);
	assert_int_equal(end(x, o->unit_member_add(x->st, u1, pozi, 600, &x->e)), ERR_OK);
	begin(x);
	assert_int_equal(end(x, o->unit_member_add(x->st, u1, pozi, 700, &x->e)), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "该党组织已是本单位成员");
	assert_string_equal(x->e.field, "org_id");
	assert_int_equal(scalar(x, 3, "SELECT count(*) FROM unit_members"), 2);
	struct org *oa = NULL;
	assert_int_equal(o->unit_members(x->st, u1, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(oa[0].id, shijiao);   /* 440881… before 450922… */
	assert_int_equal(oa[1].id, pozi);
	assert_string_equal(oa[1].name, "坡子村党支部");
	free(oa);

	/* org lists */
	struct org_filter of = {0};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(oa[0].id, wushi);
	assert_int_equal(oa[0].secretary_id, li);
	assert_string_equal(oa[0].secretary_name, "李四");
	assert_int_equal(oa[1].secretary_id, 0);
	free(oa);
	of = (struct org_filter){.division_prefix = "450922104"};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(oa);
	of = (struct org_filter){.division_prefix = "450922104201", .q = "坡子"};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(oa[0].id, pozi);
	free(oa);
	of = (struct org_filter){.q = "镇"};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(oa);
	of = (struct org_filter){.unit_id = u1};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(oa[0].id, pozi);
	assert_int_equal(oa[1].id, shijiao);
	free(oa);
	of = (struct org_filter){.county_in = ",440881,"};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(oa[0].id, shijiao);
	free(oa);

	/* dissolve: out of the default list, kept with include_dissolved */
	int32_t day = date_from_ymd(2026, 3, 1);
	g = (struct org){.id = pozi, .dissolved_on = day};
	snprintf(g.dissolved_reason, sizeof(g.dissolved_reason), "合并");
	begin(x);
	assert_int_equal(end(x, o->org_dissolve(x->st, &g, &x->e)), ERR_OK);
	g.id = shijiao + 9;
	begin(x);
	assert_int_equal(end(x, o->org_dissolve(x->st, &g, &x->e)), ERR_NOT_FOUND);
	assert_int_equal(o->org_get(x->st, pozi, &g, &x->e), ERR_OK);
	assert_int_equal(g.dissolved_on, day);
	assert_string_equal(g.dissolved_reason, "合并");
	of = (struct org_filter){0};
	assert_int_equal(o->org_list(x->st, &of, all, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(oa);
	of.include_dissolved = 1;
	snprintf(after, sizeof(after), "%lld", (long long)wushi);
	assert_int_equal(o->org_list(x->st, &of, (struct page){after, 1}, &oa, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(oa[0].id, pozi);
	assert_int_equal(oa[0].dissolved_on, day);
	free(oa);
	/* undone: both columns back to NULL */
	g = (struct org){.id = pozi};
	begin(x);
	assert_int_equal(end(x, o->org_dissolve(x->st, &g, &x->e)), ERR_OK);
	assert_int_equal(o->org_get(x->st, pozi, &g, &x->e), ERR_OK);
	assert_int_equal(g.dissolved_on, 0);
	assert_string_equal(g.dissolved_reason, "");
}

static void t_org_in_use_delete(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	const struct store_org_ops *o = x->st->org;
	int64_t a1 = w_alliance(x, "陆川—廉江", "450922", "440881");
	int64_t u1 = w_unit(x, a1, "county", "边界联合党委", 0, NULL, NULL);
	int64_t free_org = w_org(x, "空党委", "450922104", "town_committee");
	int64_t granted = w_org(x, "授权党委", "450922104", "town_committee");
	int64_t staffed = w_org(x, "有人党委", "450922104", "town_committee");
	int64_t member = w_org(x, "成员党委", "450922104", "town_committee");
	int used = -1;
	char what[64] = "x";
	assert_int_equal(o->org_in_use(x->st, free_org, &used, what, sizeof(what), &x->e), ERR_OK);
	assert_int_equal(used, 0);

	char sql[160];
	raw(x, "INSERT INTO users(id,username,password_hash,display_name,person_id,disabled,"
	       "created_at_ms,updated_at_ms) VALUES(1,'u','h','U',NULL,0,1,1)");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO grants(user_id,role,scope_type,scope_id) VALUES(1,'editor','org','%lld')",
		 (long long)granted);
	raw(x, sql);
	assert_int_equal(o->org_in_use(x->st, granted, &used, what, sizeof(what), &x->e), ERR_OK);
	assert_int_equal(used, 1);
	assert_string_equal(what, "grants");

	/* people and a secretary: the table first by name answers */
	int64_t p = w_person(x, "张三", staffed, NULL, 0);
	assert_int_equal(o->org_in_use(x->st, staffed, &used, what, sizeof(what), &x->e), ERR_OK);
	assert_string_equal(what, "people");
	begin(x);
	assert_int_equal(end(x, o->org_secretary_set(x->st, staffed, p, 1, &x->e)), ERR_OK);
	assert_int_equal(o->org_in_use(x->st, staffed, &used, what, sizeof(what), &x->e), ERR_OK);
	assert_int_equal(used, 1);
	assert_string_equal(what, "org_secretaries");

	begin(x);
	assert_int_equal(end(x, o->unit_member_add(x->st, u1, member, 1, &x->e)), ERR_OK);
	assert_int_equal(o->org_in_use(x->st, member, &used, what, sizeof(what), &x->e), ERR_OK);
	assert_string_equal(what, "unit_members");

	/* secondments, from either side */
	struct secondment s = {.alliance_id = a1, .person_id = p, .from_org_id = staffed,
			       .to_org_id = free_org, .starts_on = date_from_ymd(2026, 1, 1),
			       .created_at_ms = 1};
	snprintf(s.line, sizeof(s.line), "talent");
	snprintf(s.kind, sizeof(s.kind), "xiagua");
	snprintf(s.county_code, sizeof(s.county_code), "450922");
	begin(x);
	assert_int_equal(end(x, x->st->talent->secondment_insert(x->st, &s, &x->e)), ERR_OK);
	assert_int_equal(o->org_in_use(x->st, free_org, &used, what, sizeof(what), &x->e), ERR_OK);
	assert_int_equal(used, 1);
	assert_string_equal(what, "secondments");

	/* A delete while people refer to it: refused, the organisation stays. */
	begin(x);
	assert_int_equal(end(x, o->org_delete(x->st, staffed, &x->e)), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：org_delete");
	struct org g;
	assert_int_equal(o->org_get(x->st, staffed, &g, &x->e), ERR_OK);
	assert_string_equal(g.name, "有人党委");
	/* nothing refers to it: deleted, and then missing */
	int64_t lone = w_org(x, "孤立党委", "450922104", "other");
	begin(x);
	assert_int_equal(end(x, o->org_delete(x->st, lone, &x->e)), ERR_OK);
	assert_int_equal(o->org_get(x->st, lone, &g, &x->e), ERR_NOT_FOUND);
	begin(x);
	assert_int_equal(end(x, o->org_delete(x->st, lone, &x->e)), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "党组织不存在");
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM orgs"), 4);
}

/* org_in_use asks these columns (store_sql_org.c); the schema must have no
 * other reference to orgs, on either engine. */
static const char *const org_refs =
	"activities.host_org_id,fair_sale_items.org_id,matter_assignees.org_id,"
	"matters.raised_by_org_id,meeting_invites.org_id,org_secretaries.org_id,people.org_id,"
	"secondments.from_org_id,secondments.to_org_id,unit_members.org_id,";

static void t_org_refs_schema(void **state)
{
	struct fx *x = *state;
	NEED(x);
	struct db_stmt *s = db_stmt(x->st->db, T_SLOT(0), db_sql(x->st->db,
		"SELECT m.name||'.'||f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
		"WHERE m.type='table' AND f.\"table\"='orgs' ORDER BY 1",
		"SELECT r FROM (SELECT CAST(c.conrelid::regclass AS TEXT)||'.'||a.attname AS r "
		"FROM pg_constraint c "
		"JOIN pg_attribute a ON a.attrelid=c.conrelid AND a.attnum=ANY(c.conkey) "
		"WHERE c.contype='f' AND c.confrelid='orgs'::regclass) q ORDER BY r COLLATE \"C\""));
	assert_non_null(s);
	char got[1024] = "";
	size_t len = 0;
	while (db_step(s) == DB_ROW) {
		char col[64];
		db_text(s, 0, col, sizeof(col));
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s,", col);
		assert_true(len < sizeof(got));
	}
	db_reset(s);
	assert_string_equal(got, org_refs);
}

static void t_reach(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	const struct store_org_ops *o = x->st->org;
	int64_t a1 = w_alliance(x, "陆川—廉江", "450922", "440881");
	int64_t a2 = w_alliance(x, "化州", "440982", NULL);
	int64_t a3 = w_alliance(x, "空联建", NULL, NULL);
	int64_t u2 = w_unit(x, a2, "county", "化州专班", 0, NULL, NULL);
	int64_t u3 = w_unit(x, a3, "county", "空专班", 0, NULL, NULL);
	int64_t org = w_org(x, "平定镇党委", "440982110", "town_committee");
	begin(x);
	assert_int_equal(end(x, o->unit_member_add(x->st, u3, org, 1, &x->e)), ERR_OK);
	struct alliance_county *r = NULL;
	size_t n = 0;

	struct reach_keys k = {.every = 1};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].alliance_id, a1);
	assert_string_equal(r[0].county, "440881");
	assert_int_equal(r[1].alliance_id, a1);
	assert_string_equal(r[1].county, "450922");
	assert_int_equal(r[2].alliance_id, a2);
	assert_string_equal(r[2].county, "440982");
	assert_int_equal(r[3].alliance_id, a3);
	assert_string_equal(r[3].county, "");
	free(r);

	char ids[64];
	snprintf(ids, sizeof(ids), "[%lld]", (long long)a2);
	k = (struct reach_keys){.alliance_ids = ids};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].alliance_id, a2);
	free(r);

	k = (struct reach_keys){.county_in = ",450922,"};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].alliance_id, a1);
	assert_int_equal(r[1].alliance_id, a1);
	free(r);

	snprintf(ids, sizeof(ids), "[%lld,999]", (long long)u2);
	k = (struct reach_keys){.unit_ids = ids};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].alliance_id, a2);
	free(r);

	char orgs[32];
	snprintf(orgs, sizeof(orgs), "[%lld]", (long long)org);
	snprintf(ids, sizeof(ids), "[%lld]", (long long)a2);
	k = (struct reach_keys){.org_ids = orgs, .alliance_ids = ids};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].alliance_id, a2);
	assert_int_equal(r[1].alliance_id, a3);
	assert_string_equal(r[1].county, "");
	free(r);

	/* a removed member no longer reaches */
	raw(x, "UPDATE unit_members SET removed_at_ms=5");
	k = (struct reach_keys){.org_ids = orgs};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(r);
	k = (struct reach_keys){.county_in = ",999999,"};
	assert_int_equal(o->reach_alliances(x->st, &k, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(r);
}

static void t_talent(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	const struct store_talent_ops *t = x->st->talent;
	int64_t a1 = w_alliance(x, "陆川—廉江", "450922", "440881");
	int64_t a2 = w_alliance(x, "化州", "440982", NULL);
	int64_t from = w_org(x, "县委党校", "450922", "county_committee");
	int64_t to = w_org(x, "石角镇党委", "440881120", "town_committee");
	int64_t p = w_person(x, "刘老师", from, NULL, 0);
	int32_t d1 = date_from_ymd(2026, 2, 1);

	struct secondment s = {.alliance_id = a1, .person_id = p, .from_org_id = from,
			       .to_org_id = to, .starts_on = d1, .ends_on = d1 + 30,
			       .created_by = 0, .created_at_ms = 5};
	snprintf(s.line, sizeof(s.line), "talent");
	snprintf(s.kind, sizeof(s.kind), "xiagua");
	snprintf(s.county_code, sizeof(s.county_code), "440881");
	begin(x);
	assert_int_equal(end(x, t->secondment_insert(x->st, &s, &x->e)), ERR_OK);
	int64_t s1 = s.id;
	s.alliance_id = a2;
	s.ends_on = 0;
	snprintf(s.kind, sizeof(s.kind), "dundian");
	begin(x);
	assert_int_equal(end(x, t->secondment_insert(x->st, &s, &x->e)), ERR_OK);
	int64_t s2 = s.id;
	assert_true(s2 > s1);
	/* to itself: the schema refuses, nothing written */
	s.to_org_id = from;
	begin(x);
	assert_int_equal(end(x, t->secondment_insert(x->st, &s, &x->e)), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：secondment_insert");
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM secondments"), 2);

	struct secondment g;
	assert_int_equal(t->secondment_get(x->st, s1, &g, &x->e), ERR_OK);
	assert_int_equal(g.id, s1);
	assert_int_equal(g.alliance_id, a1);
	assert_string_equal(g.line, "talent");
	assert_int_equal(g.person_id, p);
	assert_string_equal(g.kind, "xiagua");
	assert_int_equal(g.from_org_id, from);
	assert_int_equal(g.to_org_id, to);
	assert_string_equal(g.county_code, "440881");
	assert_int_equal(g.starts_on, d1);
	assert_int_equal(g.ends_on, d1 + 30);
	assert_int_equal(g.created_by, 0);
	assert_int_equal(g.created_at_ms, 5);
	assert_string_equal(g.person_name, "刘老师");
	assert_string_equal(g.from_org_name, "县委党校");
	assert_string_equal(g.to_org_name, "石角镇党委");
	assert_int_equal(t->secondment_get(x->st, s2 + 9, &g, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "下挂/蹲点记录不存在");

	struct secondment *sa = NULL;
	size_t n = 0;
	assert_int_equal(t->secondment_list(x->st, 0, (struct page){NULL, 10}, &sa, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sa[0].id, s2);
	assert_int_equal(sa[0].ends_on, 0);
	assert_int_equal(sa[1].id, s1);
	free(sa);
	assert_int_equal(t->secondment_list(x->st, a1, (struct page){NULL, 10}, &sa, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sa[0].id, s1);
	free(sa);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)s2);
	assert_int_equal(t->secondment_list(x->st, 0, (struct page){after, 10}, &sa, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sa[0].id, s1);
	free(sa);

	/* talents, with and without an enterprise */
	raw(x, "INSERT INTO enterprises(id,alliance_id,line,name,uscc,division_code,county_code,"
	       "industry,created_by,created_at_ms,updated_at_ms) VALUES(70,1,'economy','橘红公司',"
	       "'91440982MA00000001','440982110','440982','agri',NULL,1,1)");
	assert_int_equal(t->enterprise_exists(x->st, 70, &x->e), ERR_OK);
	assert_int_equal(t->enterprise_exists(x->st, 71, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "企业不存在");
	struct talent tl = {.alliance_id = a1, .enterprise_id = 70,
			    .introduced_on = d1, .created_by = 0, .created_at_ms = 6};
	snprintf(tl.line, sizeof(tl.line), "talent");
	snprintf(tl.name, sizeof(tl.name), "陈工");
	snprintf(tl.kind, sizeof(tl.kind), "technician");
	snprintf(tl.from_county, sizeof(tl.from_county), "440982");
	snprintf(tl.division_code, sizeof(tl.division_code), "450922104");
	snprintf(tl.note, sizeof(tl.note), "种植技术");
	begin(x);
	assert_int_equal(end(x, t->talent_insert(x->st, &tl, &x->e)), ERR_OK);
	int64_t t1 = tl.id;
	tl.enterprise_id = 0;
	tl.introduced_on = 0;
	tl.division_code[0] = '\0';
	tl.alliance_id = a2;
	begin(x);
	assert_int_equal(end(x, t->talent_insert(x->st, &tl, &x->e)), ERR_OK);
	int64_t t2 = tl.id;
	/* an unknown enterprise: refused, nothing written */
	tl.enterprise_id = 71;
	begin(x);
	assert_int_equal(end(x, t->talent_insert(x->st, &tl, &x->e)), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：talent_insert");
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM talents"), 2);

	struct talent tg;
	assert_int_equal(t->talent_get(x->st, t1, &tg, &x->e), ERR_OK);
	assert_int_equal(tg.id, t1);
	assert_int_equal(tg.alliance_id, a1);
	assert_string_equal(tg.line, "talent");
	assert_string_equal(tg.name, "陈工");
	assert_string_equal(tg.kind, "technician");
	assert_string_equal(tg.from_county, "440982");
	assert_string_equal(tg.division_code, "450922104");
	assert_int_equal(tg.enterprise_id, 70);
	assert_string_equal(tg.enterprise_name, "橘红公司");
	assert_int_equal(tg.introduced_on, d1);
	assert_string_equal(tg.note, "种植技术");
	assert_int_equal(tg.created_at_ms, 6);
	assert_int_equal(t->talent_get(x->st, t2, &tg, &x->e), ERR_OK);
	assert_int_equal(tg.enterprise_id, 0);
	assert_string_equal(tg.enterprise_name, "");
	assert_string_equal(tg.division_code, "");
	assert_int_equal(tg.introduced_on, 0);
	assert_int_equal(t->talent_get(x->st, t2 + 9, &tg, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "人才记录不存在");

	struct talent *ta = NULL;
	assert_int_equal(t->talent_list(x->st, 0, (struct page){NULL, 1}, &ta, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ta[0].id, t2);
	free(ta);
	assert_int_equal(t->talent_list(x->st, a1, (struct page){NULL, 10}, &ta, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ta[0].id, t1);
	assert_string_equal(ta[0].enterprise_name, "橘红公司");
	free(ta);
	snprintf(after, sizeof(after), "%lld", (long long)t1);
	assert_int_equal(t->talent_list(x->st, 0, (struct page){after, 10}, &ta, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 0);
	free(ta);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_alliances),
		ENGINE_TESTS(t_units),
		ENGINE_TESTS(t_orgs_people_posts),
		ENGINE_TESTS(t_org_in_use_delete),
		ENGINE_TESTS(t_org_refs_schema),
		ENGINE_TESTS(t_reach),
		ENGINE_TESTS(t_talent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
