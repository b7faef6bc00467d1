/* The education store area (src/store/store_sql_edu.c) on both engines:
 * SQLite, and PostgreSQL when LIANJIAN_TEST_PG is set (make pg-test).
 *
 * Every op of store_edu_ops is called and what it wrote is read back field
 * by field, so that a PostgreSQL type, boolean or ordering difference shows:
 * sites (new ids, get, lists by alliance and kind, paged newest first, a
 * missing id, a refused kind and an unknown division changing nothing, a
 * name too long for the record as a store error); routes (stops kept in the
 * given order on get and on every listed route, a stop naming a missing
 * site rolling the whole route back); activities (all fields and the host
 * organisation's name, NULL optional ids and end day read as 0, every list
 * filter including the county reached by place, by host, by a counted
 * headcount but not a zero one, and by a named participant's organisation,
 * paging); participants and headcount (replaced, read back ascending, one
 * added twice, an unknown person refusing the whole replacement and leaving
 * the old lists); sittings (by date then id, attendance replaced by list,
 * check-ins telling a new attendee from one already there, an unknown
 * attendee leaving the old list); check-in codes (round trip of a large
 * millisecond expiry, a missing hash, a duplicate refused). */
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
#include "store/store_edu.h"

/* Statement slots for the tests' own SQL: the end of the education area's
 * range, which its statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_EDU + 1) - 1 - (n))

/* One integer from a query without parameters (engines.h), on this file's slots. */
#define scalar(x, n, sql) fx_scalar((x), T_SLOT(n), (sql))

static int32_t day(const char *ymd)
{
	int32_t d = 0;
	assert_int_equal(date_parse(ymd, &d), 0);
	return d;
}

static void begin(struct fx *x)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
}

static void commit(struct fx *x)
{
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

static void rollback(struct fx *x)
{
	x->st->ops->rollback(x->st);
}

/* Two alliances, a county unit, two towns' committees (陆川 and 廉江) and
 * three people: 1 and 2 in 乌石镇, 3 in 河唇镇. */
static void seed(struct fx *x)
{
	raw(x, "INSERT INTO divisions(code,name,level,parent_code) VALUES"
	       "('450000000000','广西壮族自治区',1,NULL),('440000000000','广东省',1,NULL),"
	       "('450922000000','陆川县',3,'450000000000'),"
	       "('450922104000','乌石镇',4,'450922000000'),"
	       "('440881000000','廉江市',3,'440000000000'),"
	       "('440881104000','河唇镇',4,'440881000000'),"
	       "('440881104205','新屋仔村委会',5,'440881104000')");
	raw(x, "INSERT INTO alliances(id,name,description,created_at_ms) VALUES"
	       "(1,'陆川—廉江联盟','',1),(2,'陆川—化州联盟','',1)");
	raw(x, "INSERT INTO units(id,alliance_id,tier,name,parent_id,created_at_ms) "
	       "VALUES(1,1,'county','边界联合党委',NULL,1)");
	raw(x, "INSERT INTO orgs(id,name,division_code,kind,created_at_ms) VALUES"
	       "(1,'乌石镇党委','450922104000','town_committee',1),"
	       "(2,'河唇镇党委','440881104000','town_committee',1)");
	raw(x, "INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) VALUES"
	       "(1,'张三',1,'书记',NULL,0,1),(2,'李四',1,'委员',NULL,0,1),"
	       "(3,'王五',2,'书记',NULL,0,1)");
}

static int64_t add_site(struct fx *x, int64_t alliance, const char *kind, const char *name,
			const char *division)
{
	struct site s = {.alliance_id = alliance, .created_by = 7, .created_at_ms = 1700000000123};
	snprintf(s.kind, sizeof(s.kind), "%s", kind);
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.division_code, sizeof(s.division_code), "%s", division);
	snprintf(s.county_code, sizeof(s.county_code), "%.6s", division);
	snprintf(s.description, sizeof(s.description), "%s的介绍", name);
	begin(x);
	assert_int_equal(x->st->edu->site_insert(x->st, &s, &x->e), ERR_OK);
	commit(x);
	assert_true(s.id > 0);
	return s.id;
}

static void t_sites(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_edu_ops *ed = x->st->edu;
	int64_t a = add_site(x, 1, "red_site", "谢鲁山庄", "450922104000");
	int64_t b = add_site(x, 1, "scenic", "龙珠湖", "440881104205");
	int64_t c = add_site(x, 2, "red_site", "化州红色阵地", "440881104000");
	assert_true(a < b && b < c);

	struct site s;
	assert_int_equal(ed->site_get(x->st, b, &s, &x->e), ERR_OK);
	assert_int_equal(s.id, b);
	assert_int_equal(s.alliance_id, 1);
	assert_string_equal(s.kind, "scenic");
	assert_string_equal(s.name, "龙珠湖");
	assert_string_equal(s.division_code, "440881104205");
	assert_string_equal(s.county_code, "440881");
	assert_string_equal(s.description, "龙珠湖的介绍");
	assert_int_equal(s.created_by, 7);
	assert_int_equal(s.created_at_ms, 1700000000123);
	assert_int_equal(ed->site_get(x->st, c + 10, &s, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "阵地不存在");

	struct site *arr = NULL;
	size_t n = 0;
	/* alliance 1, any kind: newest first */
	assert_int_equal(ed->site_list(x->st, 1, NULL, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, b);
	assert_int_equal(arr[1].id, a);
	assert_string_equal(arr[1].name, "谢鲁山庄");
	free(arr);
	/* an empty kind is no filter */
	assert_int_equal(ed->site_list(x->st, 1, "", (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	free(arr);
	/* every alliance, one kind */
	assert_int_equal(ed->site_list(x->st, 0, "red_site", (struct page){NULL, 10}, &arr, &n,
				       &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, c);
	assert_int_equal(arr[1].id, a);
	free(arr);
	assert_int_equal(ed->site_list(x->st, 2, "scenic", (struct page){NULL, 10}, &arr, &n,
				       &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(arr);
	/* pages of one, below a cursor */
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)c);
	assert_int_equal(ed->site_list(x->st, 0, NULL, (struct page){after, 1}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, b);
	free(arr);

	/* A kind outside the vocabulary and an unknown division: refused,
	 * nothing written. */
	struct site bad = {.alliance_id = 1, .created_at_ms = 5};
	snprintf(bad.kind, sizeof(bad.kind), "castle");
	snprintf(bad.name, sizeof(bad.name), "坏");
	snprintf(bad.division_code, sizeof(bad.division_code), "450922104000");
	snprintf(bad.county_code, sizeof(bad.county_code), "450922");
	begin(x);
	assert_int_equal(ed->site_insert(x->st, &bad, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：site_insert");
	rollback(x);
	snprintf(bad.kind, sizeof(bad.kind), "other");
	snprintf(bad.division_code, sizeof(bad.division_code), "999999999999");
	begin(x);
	assert_int_equal(ed->site_insert(x->st, &bad, &x->e), ERR_CONFLICT);
	rollback(x);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM sites"), 3);
	assert_int_equal(ed->site_list(x->st, 0, NULL, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 3);
	free(arr);

	/* A name longer than the record holds: a store error, never cut. */
	char sql[2048] = "UPDATE sites SET name='";
	for (int i = 0; i < (int)sizeof(((struct site *)0)->name) / 3 + 1; i++)
		strcat(sql, "长");
	snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), "' WHERE id=%lld", (long long)a);
	raw(x, sql);
	assert_int_equal(ed->site_get(x->st, a, &s, &x->e), ERR_STORE);
	arr = NULL;
	n = 9;
	assert_int_equal(ed->site_list(x->st, 1, NULL, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_STORE);
	assert_null(arr);
	assert_int_equal(n, 0);
}

static int64_t add_route(struct fx *x, int64_t alliance, const char *kind, const char *name,
			 const int64_t *stops, size_t n, enum err_code want)
{
	struct route_rec r = {.alliance_id = alliance, .opened_on = day("2026-03-01"),
			      .created_by = 0, .created_at_ms = 42, .n_stops = n};
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	snprintf(r.line, sizeof(r.line), "education");
	snprintf(r.name, sizeof(r.name), "%s", name);
	if (n)
		memcpy(r.stops, stops, n * sizeof(*stops));
	begin(x);
	enum err_code rc = x->st->edu->route_insert(x->st, &r, &x->e);
	assert_int_equal(rc, want);
	if (rc == ERR_OK)
		commit(x);
	else
		rollback(x);
	return r.id;
}

static void t_routes(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_edu_ops *ed = x->st->edu;
	int64_t s1 = add_site(x, 1, "red_site", "一", "450922104000");
	int64_t s2 = add_site(x, 1, "red_site", "二", "440881104000");
	int64_t s3 = add_site(x, 1, "scenic", "三", "440881104205");
	const int64_t order[] = {s3, s1, s2};
	int64_t r1 = add_route(x, 1, "red_education", "红色线路", order, 3, ERR_OK);
	const int64_t one[] = {s2};
	int64_t r2 = add_route(x, 1, "tourism", "旅游线路", one, 1, ERR_OK);
	int64_t r3 = add_route(x, 2, "tourism", "空线路", NULL, 0, ERR_OK);

	struct route_rec r;
	assert_int_equal(ed->route_get(x->st, r1, &r, &x->e), ERR_OK);
	assert_int_equal(r.id, r1);
	assert_int_equal(r.alliance_id, 1);
	assert_string_equal(r.kind, "red_education");
	assert_string_equal(r.line, "education");
	assert_string_equal(r.name, "红色线路");
	assert_int_equal(r.opened_on, day("2026-03-01"));
	assert_int_equal(r.created_by, 0);
	assert_int_equal(r.created_at_ms, 42);
	assert_int_equal(r.n_stops, 3);
	assert_int_equal(r.stops[0], s3);
	assert_int_equal(r.stops[1], s1);
	assert_int_equal(r.stops[2], s2);
	assert_int_equal(ed->route_get(x->st, r3 + 5, &r, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "线路不存在");

	struct route_rec *arr = NULL;
	size_t n = 0;
	assert_int_equal(ed->route_list(x->st, 1, NULL, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, r2);
	assert_int_equal(arr[0].n_stops, 1);
	assert_int_equal(arr[0].stops[0], s2);
	assert_int_equal(arr[1].id, r1);
	assert_int_equal(arr[1].n_stops, 3);
	assert_int_equal(arr[1].stops[0], s3);
	assert_int_equal(arr[1].stops[2], s2);
	free(arr);
	assert_int_equal(ed->route_list(x->st, 0, "tourism", (struct page){NULL, 10}, &arr, &n,
					&x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, r3);
	assert_int_equal(arr[0].n_stops, 0);
	assert_int_equal(arr[1].id, r2);
	free(arr);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)r2);
	assert_int_equal(ed->route_list(x->st, 0, NULL, (struct page){after, 5}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, r1);
	free(arr);

	/* A stop naming a missing site: the route and its stops roll back. */
	const int64_t bad[] = {s1, s3 + 100};
	add_route(x, 1, "tourism", "坏线路", bad, 2, ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：route stop");
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM routes"), 3);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM route_stops"), 4);
	assert_int_equal(ed->route_list(x->st, 1, NULL, (struct page){NULL, 10}, &arr, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	free(arr);
}

struct act_seed {
	int64_t a1, a2, a3, site, route;
};

static int64_t add_activity(struct fx *x, struct activity *a)
{
	begin(x);
	assert_int_equal(x->st->edu->activity_insert(x->st, a, &x->e), ERR_OK);
	commit(x);
	assert_true(a->id > 0);
	return a->id;
}

/* a1: 陆川's party lesson at a site, one day; a2: a training class in
 * 廉江, hosted from there, over three days on a route; a3: alliance 2. */
static struct act_seed activities(struct fx *x)
{
	struct act_seed k;
	k.site = add_site(x, 1, "red_site", "谢鲁山庄", "450922104000");
	const int64_t stops[] = {k.site};
	k.route = add_route(x, 1, "red_education", "红色线路", stops, 1, ERR_OK);
	struct activity a = {.alliance_id = 1, .unit_id = 1, .starts_on = day("2026-03-01"),
			     .site_id = k.site, .host_org_id = 1, .created_by = 9,
			     .created_at_ms = 1700000000999};
	snprintf(a.kind, sizeof(a.kind), "party_lesson");
	snprintf(a.line, sizeof(a.line), "education");
	snprintf(a.title, sizeof(a.title), "边界党课");
	snprintf(a.place_division, sizeof(a.place_division), "450922104000");
	snprintf(a.county_code, sizeof(a.county_code), "450922");
	k.a1 = add_activity(x, &a);
	struct activity b = {.alliance_id = 1, .starts_on = day("2026-04-01"),
			     .ends_on = day("2026-04-03"), .route_id = k.route, .host_org_id = 2,
			     .created_at_ms = 2};
	snprintf(b.kind, sizeof(b.kind), "training_class");
	snprintf(b.line, sizeof(b.line), "talent");
	snprintf(b.title, sizeof(b.title), "人才培训班");
	snprintf(b.place_division, sizeof(b.place_division), "440881104205");
	snprintf(b.county_code, sizeof(b.county_code), "440881");
	k.a2 = add_activity(x, &b);
	struct activity c = b;
	c.alliance_id = 2;
	c.route_id = 0;
	c.starts_on = day("2026-05-01");
	c.ends_on = 0;
	snprintf(c.kind, sizeof(c.kind), "other");
	snprintf(c.line, sizeof(c.line), "economy");
	snprintf(c.title, sizeof(c.title), "化州活动");
	snprintf(c.place_division, sizeof(c.place_division), "440881104000");
	k.a3 = add_activity(x, &c);
	return k;
}

static size_t list(struct fx *x, const struct activity_filter *f, const char *after, int limit,
		   int64_t *ids)
{
	struct activity *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->edu->activity_list(x->st, f, (struct page){after, limit}, &arr, &n,
						   &x->e), ERR_OK);
	for (size_t i = 0; i < n; i++)
		ids[i] = arr[i].id;
	free(arr);
	return n;
}

static void t_activities(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_edu_ops *ed = x->st->edu;
	struct act_seed k = activities(x);

	struct activity a;
	assert_int_equal(ed->activity_get(x->st, k.a1, &a, &x->e), ERR_OK);
	assert_int_equal(a.id, k.a1);
	assert_int_equal(a.alliance_id, 1);
	assert_int_equal(a.unit_id, 1);
	assert_string_equal(a.kind, "party_lesson");
	assert_string_equal(a.line, "education");
	assert_string_equal(a.title, "边界党课");
	assert_int_equal(a.starts_on, day("2026-03-01"));
	assert_int_equal(a.ends_on, 0);
	assert_string_equal(a.place_division, "450922104000");
	assert_int_equal(a.site_id, k.site);
	assert_int_equal(a.route_id, 0);
	assert_int_equal(a.host_org_id, 1);
	assert_string_equal(a.county_code, "450922");
	assert_int_equal(a.created_by, 9);
	assert_int_equal(a.created_at_ms, 1700000000999);
	assert_string_equal(a.host_org_name, "乌石镇党委");
	assert_int_equal(ed->activity_get(x->st, k.a2, &a, &x->e), ERR_OK);
	assert_int_equal(a.unit_id, 0);
	assert_int_equal(a.site_id, 0);
	assert_int_equal(a.route_id, k.route);
	assert_int_equal(a.ends_on, day("2026-04-03"));
	assert_int_equal(a.created_by, 0);
	assert_string_equal(a.host_org_name, "河唇镇党委");
	assert_int_equal(ed->activity_get(x->st, 0, &a, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "活动不存在");

	int64_t ids[8];
	struct activity_filter f = {0};
	assert_int_equal(list(x, &f, NULL, 10, ids), 3);
	assert_int_equal(ids[0], k.a3);
	assert_int_equal(ids[2], k.a1);
	f.alliance_id = 1;
	assert_int_equal(list(x, &f, NULL, 10, ids), 2);
	assert_int_equal(ids[0], k.a2);
	assert_int_equal(ids[1], k.a1);
	/* paging */
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)k.a2);
	assert_int_equal(list(x, &f, after, 10, ids), 1);
	assert_int_equal(ids[0], k.a1);
	assert_int_equal(list(x, &f, NULL, 1, ids), 1);
	assert_int_equal(ids[0], k.a2);
	/* kind, line */
	f.kind = "party_lesson";
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a1);
	f.kind = NULL;
	f.line = "talent";
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a2);
	f.line = NULL;
	/* dates: a2 runs 04-01 … 04-03, so from 04-03 still finds it */
	f.from = day("2026-04-03");
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a2);
	f.from = day("2026-04-04");
	assert_int_equal(list(x, &f, NULL, 10, ids), 0);
	f.from = 0;
	f.to = day("2026-03-31");
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a1);
	f.to = day("2026-04-01");
	assert_int_equal(list(x, &f, NULL, 10, ids), 2);
	f.to = 0;
	/* county: 440881 by host/place is a2 only */
	f.county = "440881";
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a2);
	f.county = "450922";
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a1);

	/* participants and headcount */
	const int64_t people[] = {2, 1};
	struct activity_headcount hc[2] = {{"450922", 0}, {"440881", 5}};
	struct activity a1;
	assert_int_equal(ed->activity_get(x->st, k.a1, &a1, &x->e), ERR_OK);
	begin(x);
	assert_int_equal(ed->set_participants(x->st, &a1, people, 2, hc, 2, &x->e), ERR_OK);
	commit(x);
	int64_t got[ACTIVITY_MAX_PEOPLE];
	size_t n = 0;
	assert_int_equal(ed->participants(x->st, k.a1, got, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 2);
	struct activity_headcount h[ACTIVITY_MAX_HEADCOUNT];
	assert_int_equal(ed->headcount(x->st, k.a1, h, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].county_code, "440881");
	assert_int_equal(h[0].persons, 5);
	assert_string_equal(h[1].county_code, "450922");
	assert_int_equal(h[1].persons, 0);
	/* now a1 counts people from 廉江 */
	f.county = "440881";
	assert_int_equal(list(x, &f, NULL, 10, ids), 2);
	/* a zero headcount reaches no county: a2 has none from 陆川 yet */
	struct activity a2;
	assert_int_equal(ed->activity_get(x->st, k.a2, &a2, &x->e), ERR_OK);
	struct activity_headcount zero = {"450922", 0};
	begin(x);
	assert_int_equal(ed->set_participants(x->st, &a2, NULL, 0, &zero, 1, &x->e), ERR_OK);
	commit(x);
	f.county = "450922";
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a1);
	/* a named participant from 陆川 (张三, 乌石镇) brings a2 in */
	begin(x);
	assert_int_equal(ed->participant_add(x->st, &a2, 1, &x->e), ERR_OK);
	assert_int_equal(ed->participant_add(x->st, &a2, 1, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(list(x, &f, NULL, 10, ids), 2);
	assert_int_equal(ids[0], k.a2);
	assert_int_equal(ed->participants(x->st, k.a2, got, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 1);
	assert_int_equal(ed->headcount(x->st, k.a2, h, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	/* everything together */
	f = (struct activity_filter){.alliance_id = 1, .kind = "training_class",
				     .from = day("2026-04-02"), .to = day("2026-04-02"),
				     .county = "450922", .line = "talent"};
	assert_int_equal(list(x, &f, NULL, 10, ids), 1);
	assert_int_equal(ids[0], k.a2);

	/* An unknown person refuses the whole replacement: the old lists stay. */
	const int64_t bad[] = {3, 999};
	struct activity_headcount hc2 = {"440881", 1};
	begin(x);
	enum err_code rc = ed->set_participants(x->st, &a1, bad, 2, &hc2, 1, &x->e);
	assert_int_equal(rc, ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：participants");
	rollback(x);
	assert_int_equal(ed->participants(x->st, k.a1, got, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 2);
	assert_int_equal(ed->headcount(x->st, k.a1, h, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].persons, 5);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM activity_participants"), 3);
}

static int64_t add_sitting(struct fx *x, int64_t activity, const char *held, const char *title,
			   int64_t minutes)
{
	struct sitting *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	s->activity_id = activity;
	s->alliance_id = 1;
	s->held_on = day(held);
	s->minutes = minutes;
	s->created_by = 4;
	s->created_at_ms = 77;
	snprintf(s->title, sizeof(s->title), "%s", title);
	begin(x);
	assert_int_equal(x->st->edu->sitting_insert(x->st, s, &x->e), ERR_OK);
	commit(x);
	int64_t id = s->id;
	free(s);
	assert_true(id > 0);
	return id;
}

static void t_sittings_checkins(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_edu_ops *ed = x->st->edu;
	struct act_seed k = activities(x);
	int64_t late = add_sitting(x, k.a2, "2026-04-03", "第二课", 90);
	int64_t early = add_sitting(x, k.a2, "2026-04-01", "第一课", 45);
	int64_t same = add_sitting(x, k.a2, "2026-04-03", "第三课", 30);

	struct sitting *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	assert_int_equal(ed->sitting_get(x->st, early, s, &x->e), ERR_OK);
	assert_int_equal(s->id, early);
	assert_int_equal(s->activity_id, k.a2);
	assert_int_equal(s->alliance_id, 1);
	assert_int_equal(s->held_on, day("2026-04-01"));
	assert_string_equal(s->title, "第一课");
	assert_int_equal(s->minutes, 45);
	assert_int_equal(s->created_by, 4);
	assert_int_equal(s->created_at_ms, 77);
	assert_int_equal(s->n_attendees, 0);
	assert_int_equal(ed->sitting_get(x->st, same + 9, s, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "课次不存在");

	/* attendance by list, then check-ins */
	assert_int_equal(ed->sitting_get(x->st, early, s, &x->e), ERR_OK);
	const int64_t listed[] = {3, 1};
	begin(x);
	assert_int_equal(ed->set_attendance(x->st, s, listed, 2, 1000, &x->e), ERR_OK);
	commit(x);
	int is_new = -1;
	begin(x);
	assert_int_equal(ed->attend(x->st, s, 2, 2000, &is_new, &x->e), ERR_OK);
	assert_int_equal(is_new, 1);
	assert_int_equal(ed->attend(x->st, s, 2, 3000, &is_new, &x->e), ERR_OK);
	assert_int_equal(is_new, 0);
	assert_int_equal(ed->attend(x->st, s, 1, 3000, &is_new, &x->e), ERR_OK);
	assert_int_equal(is_new, 0);
	commit(x);
	assert_int_equal(scalar(x, 0, "SELECT at_ms FROM sitting_attendance WHERE person_id=2 AND "
				      "via='checkin'"), 2000);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM sitting_attendance WHERE via='list'"),
			 2);
	assert_int_equal(ed->sitting_get(x->st, early, s, &x->e), ERR_OK);
	assert_int_equal(s->n_attendees, 3);
	assert_int_equal(s->attendees[0], 1);
	assert_int_equal(s->attendees[1], 2);
	assert_int_equal(s->attendees[2], 3);

	/* by date then id, each with its attendees */
	struct sitting *arr = NULL;
	size_t n = 0;
	assert_int_equal(ed->sittings(x->st, k.a2, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(arr[0].id, early);
	assert_int_equal(arr[0].n_attendees, 3);
	assert_int_equal(arr[0].attendees[2], 3);
	assert_int_equal(arr[1].id, late);
	assert_int_equal(arr[1].minutes, 90);
	assert_int_equal(arr[1].n_attendees, 0);
	assert_int_equal(arr[2].id, same);
	assert_string_equal(arr[2].title, "第三课");
	free(arr);
	assert_int_equal(ed->sittings(x->st, k.a1, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(arr);

	/* An unknown attendee: the old list stays. */
	const int64_t bad[] = {2, 999};
	begin(x);
	assert_int_equal(ed->set_attendance(x->st, s, bad, 2, 5000, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：attendance");
	rollback(x);
	assert_int_equal(ed->sitting_get(x->st, early, s, &x->e), ERR_OK);
	assert_int_equal(s->n_attendees, 3);
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM sitting_attendance"), 3);

	/* check-in codes */
	struct checkin_row c = {.sitting_id = late, .alliance_id = 1,
				.expires_at_ms = 4102444800123};
	memset(c.token_hash, 'a', 64);
	begin(x);
	assert_int_equal(ed->checkin_insert(x->st, &c, 0, 1700000000000, &x->e), ERR_OK);
	commit(x);
	struct checkin_row got;
	assert_int_equal(ed->checkin_get(x->st, c.token_hash, &got, &x->e), ERR_OK);
	assert_string_equal(got.token_hash, c.token_hash);
	assert_int_equal(got.sitting_id, late);
	assert_int_equal(got.alliance_id, 1);
	assert_int_equal(got.expires_at_ms, 4102444800123);
	char other[65];
	memset(other, 'b', 64);
	other[64] = '\0';
	assert_int_equal(ed->checkin_get(x->st, other, &got, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "签到码不存在");
	/* the same hash again: refused, the first one kept */
	struct checkin_row dup = c;
	dup.sitting_id = early;
	begin(x);
	assert_int_equal(ed->checkin_insert(x->st, &dup, 5, 1, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：checkin_insert");
	rollback(x);
	assert_int_equal(ed->checkin_get(x->st, c.token_hash, &got, &x->e), ERR_OK);
	assert_int_equal(got.sitting_id, late);
	assert_int_equal(scalar(x, 3, "SELECT count(*) FROM checkin_tokens"), 1);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_sites),
		ENGINE_TESTS(t_routes),
		ENGINE_TESTS(t_activities),
		ENGINE_TESTS(t_sittings_checkins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
