/* The matter and stats areas written once over the thin SQL driver
 * (store_sql_matter.c, store_sql_stats.c), run on both engines with the
 * same cases (tests/unit/engines.h: PostgreSQL when LIANJIAN_TEST_PG is
 * set, `make pg-test`).
 *
 * Cases: matter types in the order they were added, builtin first, a new
 * one last, a duplicate refused naming the key and changing nothing;
 * matters inserted with their divisions and a figure beyond 32 bits, read
 * back field by field (NULL figures as -1, names joined in); every
 * targeted write, a guarded status that moved on (ERR_CONFLICT
 * status_changed) and a missing matter (not found) changing nothing; an
 * insert naming an unknown type refused and leaving no row; the list under
 * every combination of seven filters, twice over (more texts than the
 * statement cache holds, so entries are dropped and prepared again),
 * checked against the same filters applied in C (on PostgreSQL the
 * dropped ones deallocated), with paging, a search for
 * '%' that is no wildcard and the alliance list; the timeline, assignees
 * (a duplicate skipped), assignees of several matters, and the open
 * matters of a unit on a day; the statistics roll-ups written over two
 * years and read with every grouping over ranges of days, whole months and
 * more than a year, each answer equal to the brute-force sum of what was
 * written (meetings after today never counted, overdue as of today), and a
 * counter without its category refused and changing nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "assert_ext.h"
#include "engines.h"
#include "core/date.h"
#include "store/db.h"
#include "store/slots.h"
#include "store/store.h"
#include "store/store_matter.h"
#include "store/store_stats.h"

/* Statement slots for the tests' own SQL: the end of the matter area's
 * range, which its statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_MATTER + 1) - 1 - (n))

#define scalar(x, n, sql) fx_scalar((x), T_SLOT(n), (sql))

static void begin(struct fx *x)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
}

static void commit(struct fx *x)
{
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

/* Two alliances, a unit in each (and a town unit in the first), two
 * organisations and two people; the divisions they name. */
static void seed(struct fx *x)
{
	raw(x, "INSERT INTO divisions(code,name,level,parent_code) VALUES"
	       "('450922000000','陆川县',3,NULL),('450922104000','乌石镇',4,'450922000000'),"
	       "('440881000000','廉江市',3,NULL),('440881110000','石角镇',4,'440881000000')");
	raw(x, "INSERT INTO alliances(id,name,description,created_at_ms) VALUES"
	       "(1,'陆川—廉江联盟','',1),(2,'陆川—化州联盟','',1)");
	raw(x, "INSERT INTO units(id,alliance_id,tier,name,parent_id,created_at_ms) VALUES"
	       "(1,1,'county','边界联合党委',NULL,1),(2,2,'county','化陆联合党委',NULL,1),"
	       "(3,1,'town','乌石—石角联合支部',1,1)");
	raw(x, "INSERT INTO orgs(id,name,division_code,kind,created_at_ms) VALUES"
	       "(1,'乌石镇党委','450922104000','town_committee',1),"
	       "(2,'石角镇党委','440881110000','town_committee',1)");
	raw(x, "INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) VALUES"
	       "(1,'张三',1,'书记',NULL,0,1),(2,'李四',2,'委员',NULL,0,1)");
}

static void t_types(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_matter_ops *mo = x->st->matter;
	static const char *const builtin[] = { "traffic", "water", "border_dispute", "industry",
					       "security", "livelihood", "other" };
	struct matter_type *t = NULL;
	size_t n = 0;
	/* a new type: after every builtin one whatever its key */
	struct matter_type nt = { .builtin = 0 };
	snprintf(nt.key, sizeof(nt.key), "aaa_first_key");
	snprintf(nt.label, sizeof(nt.label), "林地");
	begin(x);
	assert_int_equal(mo->type_insert(x->st, &nt, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(mo->types(x->st, &t, &n, &x->e), ERR_OK);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(t[i].key, builtin[i]);
		assert_int_equal(t[i].builtin, 1);
	}
	assert_string_equal(t[0].label, "交通");
	assert_string_equal(t[7].key, "aaa_first_key");
	assert_string_equal(t[7].label, "林地");
	assert_int_equal(t[7].builtin, 0);
	free(t);
	/* the same key again: refused naming the key, nothing added */
	snprintf(nt.label, sizeof(nt.label), "林地二");
	begin(x);
	assert_int_equal(mo->type_insert(x->st, &nt, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.field, "key");
	assert_string_equal(x->e.msg, "事项类型“林地二”已存在");
	x->st->ops->rollback(x->st);
	assert_int_equal(mo->types(x->st, &t, &n, &x->e), ERR_OK);
	assert_int_equal(n, 8);
	assert_string_equal(t[7].label, "林地");
	free(t);
}

static struct matter make(int64_t alliance, int64_t unit, const char *title, const char *category,
			  const char *status, int32_t raised_on, int32_t due_on)
{
	struct matter m = { 0 };
	m.alliance_id = alliance;
	m.unit_id = unit;
	m.origin_unit_id = unit;
	snprintf(m.county_code, sizeof(m.county_code), "%s", alliance == 1 ? "450922" : "440881");
	snprintf(m.title, sizeof(m.title), "%s", title);
	snprintf(m.description, sizeof(m.description), "说明：%s", title);
	snprintf(m.category, sizeof(m.category), "%s", category);
	snprintf(m.type, sizeof(m.type), "traffic");
	snprintf(m.priority, sizeof(m.priority), "normal");
	snprintf(m.status, sizeof(m.status), "%s", status);
	m.due_on = due_on;
	m.raised_by_org_id = alliance;
	m.raised_by_user = 9;
	m.raised_on = raised_on;
	m.raised_at_ms = 1000 + raised_on;
	m.funds_fen = -1;
	m.people_count = -1;
	m.length_m = -1;
	m.jobs = -1;
	m.updated_at_ms = 2000;
	return m;
}

static int64_t insert(struct fx *x, struct matter *m)
{
	begin(x);
	assert_int_equal(x->st->matter->insert(x->st, m, &x->e), ERR_OK);
	commit(x);
	assert_true(m->id > 0);
	return m->id;
}

static void t_matter_writes(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_matter_ops *mo = x->st->matter;
	int32_t d0 = date_from_ymd(2026, 3, 5);
	struct matter m = make(1, 1, "乌石至石角道路修缮", "economy", "proposed", d0, d0 + 30);
	m.funds_fen = 5000000000LL;   /* beyond 32 bits */
	m.jobs = 0;
	snprintf(m.divisions[0], sizeof(m.divisions[0]), "450922104000");
	snprintf(m.divisions[1], sizeof(m.divisions[1]), "440881110000");
	m.n_divisions = 2;
	int64_t id = insert(x, &m);
	struct matter g;
	assert_int_equal(mo->get(x->st, id, &g, &x->e), ERR_OK);
	assert_int_equal(g.id, id);
	assert_int_equal(g.alliance_id, 1);
	assert_int_equal(g.unit_id, 1);
	assert_int_equal(g.origin_unit_id, 1);
	assert_string_equal(g.county_code, "450922");
	assert_string_equal(g.title, "乌石至石角道路修缮");
	assert_string_equal(g.description, "说明：乌石至石角道路修缮");
	assert_string_equal(g.category, "economy");
	assert_string_equal(g.type, "traffic");
	assert_string_equal(g.priority, "normal");
	assert_string_equal(g.status, "proposed");
	assert_int_equal(g.due_on, d0 + 30);
	assert_int_equal(g.raised_by_org_id, 1);
	assert_int_equal(g.raised_by_user, 9);
	assert_int_equal(g.raised_on, d0);
	assert_int_equal(g.raised_at_ms, 1000 + d0);
	assert_int_equal(g.resolved_on, 0);
	assert_string_equal(g.resolution, "");
	assert_int_equal(g.funds_fen, 5000000000LL);
	assert_int_equal(g.people_count, -1);
	assert_int_equal(g.length_m, -1);
	assert_int_equal(g.jobs, 0);
	assert_int_equal(g.updated_at_ms, 2000);
	assert_string_equal(g.unit_name, "边界联合党委");
	assert_string_equal(g.raised_by_org_name, "乌石镇党委");
	assert_string_equal(g.type_label, "交通");
	assert_int_equal(g.n_divisions, 2);
	assert_string_equal(g.divisions[0], "440881110000");   /* by code */
	assert_string_equal(g.divisions[1], "450922104000");
	assert_int_equal(mo->get(x->st, id + 100, &g, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "事项不存在");

	/* update: the whole row's mutable columns */
	m.id = id;
	snprintf(m.status, sizeof(m.status), "studying");
	m.unit_id = 3;
	snprintf(m.priority, sizeof(m.priority), "high");
	m.due_on = 0;
	m.people_count = 12;
	m.updated_at_ms = 3000;
	begin(x);
	assert_int_equal(mo->update(x->st, &m, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(mo->get(x->st, id, &g, &x->e), ERR_OK);
	assert_string_equal(g.status, "studying");
	assert_int_equal(g.unit_id, 3);
	assert_string_equal(g.unit_name, "乌石—石角联合支部");
	assert_string_equal(g.priority, "high");
	assert_int_equal(g.due_on, 0);
	assert_int_equal(g.people_count, 12);
	assert_int_equal(g.updated_at_ms, 3000);

	/* set_status: guarded by the status read before */
	struct matter sm = m;
	snprintf(sm.status, sizeof(sm.status), "resolved");
	sm.unit_id = 1;
	sm.resolved_on = d0 + 10;
	snprintf(sm.resolution, sizeof(sm.resolution), "已修缮完毕");
	sm.updated_at_ms = 4000;
	begin(x);
	assert_int_equal(mo->set_status(x->st, &sm, "proposed", &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.tag, "status_changed");
	assert_string_equal(x->e.msg, "事项状态已被他人变更，请刷新后重试");
	x->st->ops->rollback(x->st);
	assert_int_equal(mo->get(x->st, id, &g, &x->e), ERR_OK);
	assert_string_equal(g.status, "studying");
	assert_int_equal(g.unit_id, 3);
	assert_int_equal(g.resolved_on, 0);
	assert_int_equal(g.updated_at_ms, 3000);
	begin(x);
	assert_int_equal(mo->set_status(x->st, &sm, "studying", &x->e), ERR_OK);
	commit(x);
	assert_int_equal(mo->get(x->st, id, &g, &x->e), ERR_OK);
	assert_string_equal(g.status, "resolved");
	assert_int_equal(g.unit_id, 1);
	assert_int_equal(g.resolved_on, d0 + 10);
	assert_string_equal(g.resolution, "已修缮完毕");
	assert_string_equal(g.closed_reason, "");
	assert_int_equal(g.updated_at_ms, 4000);

	/* the targeted writes, each on its own columns */
	begin(x);
	assert_int_equal(mo->set_due(x->st, id, d0 + 60, 5000, &x->e), ERR_OK);
	assert_int_equal(mo->set_priority(x->st, id, "low", 5001, &x->e), ERR_OK);
	/* -1 leaves, -2 clears, else sets (beyond 32 bits too) */
	assert_int_equal(mo->set_figures(x->st, id, -1, -2, 7000000000LL, 3, 5002, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(mo->get(x->st, id, &g, &x->e), ERR_OK);
	assert_int_equal(g.due_on, d0 + 60);
	assert_string_equal(g.priority, "low");
	assert_int_equal(g.funds_fen, 5000000000LL);
	assert_int_equal(g.people_count, -1);
	assert_int_equal(g.length_m, 7000000000LL);
	assert_int_equal(g.jobs, 3);
	assert_int_equal(g.updated_at_ms, 5002);
	struct matter tm = g;
	snprintf(tm.title, sizeof(tm.title), "新标题");
	snprintf(tm.description, sizeof(tm.description), "新说明");
	snprintf(tm.category, sizeof(tm.category), "org");
	snprintf(tm.type, sizeof(tm.type), "water");
	tm.updated_at_ms = 6000;
	tm.n_divisions = 1;
	snprintf(tm.divisions[0], sizeof(tm.divisions[0]), "450922000000");
	begin(x);
	assert_int_equal(mo->set_text(x->st, &tm, &x->e), ERR_OK);
	assert_int_equal(mo->set_divisions(x->st, &tm, &x->e), ERR_OK);
	assert_int_equal(mo->touch(x->st, id, 6500, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(mo->get(x->st, id, &g, &x->e), ERR_OK);
	assert_string_equal(g.title, "新标题");
	assert_string_equal(g.description, "新说明");
	assert_string_equal(g.category, "org");
	assert_string_equal(g.type, "water");
	assert_string_equal(g.type_label, "水利");
	assert_int_equal(g.n_divisions, 1);
	assert_string_equal(g.divisions[0], "450922000000");
	assert_int_equal(g.updated_at_ms, 6500);
	assert_string_equal(g.status, "resolved");   /* untouched by the others */

	/* a missing matter: every targeted write says so and writes nothing */
	int64_t gone = id + 100;
	struct matter missing = tm;
	missing.id = gone;
	begin(x);
	assert_int_equal(mo->set_status(x->st, &missing, "resolved", &x->e), ERR_CONFLICT);
	assert_int_equal(mo->set_due(x->st, gone, d0, 1, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "事项不存在");
	assert_int_equal(mo->set_priority(x->st, gone, "low", 1, &x->e), ERR_NOT_FOUND);
	assert_int_equal(mo->set_figures(x->st, gone, 1, 1, 1, 1, 1, &x->e), ERR_NOT_FOUND);
	assert_int_equal(mo->set_text(x->st, &missing, &x->e), ERR_NOT_FOUND);
	assert_int_equal(mo->touch(x->st, gone, 1, &x->e), ERR_NOT_FOUND);
	commit(x);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM matters"), 1);
	assert_int_equal(scalar(x, 1, "SELECT max(updated_at_ms) FROM matters"), 6500);

	/* an unknown type: refused by its foreign key, no row left */
	struct matter bad = make(1, 1, "未知类型", "org", "proposed", d0, 0);
	snprintf(bad.type, sizeof(bad.type), "no_such_type");
	begin(x);
	assert_int_equal(mo->insert(x->st, &bad, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：matter_insert");
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM matters"), 1);
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM matter_divisions"), 1);
}

/* ---- the list ---- */

#define N_LIST 14
struct lm {
	int64_t id, alliance, unit, assignee;
	const char *status, *category, *title;
	int32_t due_on;
};

static const char *const statuses[] = { "proposed", "in_progress", "resolved", "closed" };
static const char *const list_categories[] = { "org", "economy", "talent" };

static int wanted(const struct lm *m, const struct matter_filter *f)
{
	if (f->unit_id && m->unit != f->unit_id)
		return 0;
	if (f->alliance_id && m->alliance != f->alliance_id)
		return 0;
	if (f->alliance_in) {
		char key[24];
		snprintf(key, sizeof(key), ",%lld,", (long long)m->alliance);
		if (!strstr(f->alliance_in, key))
			return 0;
	}
	if (f->status && strcmp(m->status, f->status) != 0)
		return 0;
	if (f->category && strcmp(m->category, f->category) != 0)
		return 0;
	if (f->overdue && (!strcmp(m->status, "resolved") || !strcmp(m->status, "closed") ||
			   !m->due_on || m->due_on >= f->today))
		return 0;
	if (f->q && !strstr(m->title, f->q))
		return 0;
	if (f->assignee_person_id && m->assignee != f->assignee_person_id)
		return 0;
	return 1;
}

static void t_matter_list(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_matter_ops *mo = x->st->matter;
	int32_t d0 = date_from_ymd(2026, 1, 10);
	int32_t today = d0 + 20;
	struct lm lm[N_LIST];
	for (int i = 0; i < N_LIST; i++) {
		struct lm *l = &lm[i];
		l->alliance = i % 3 == 2 ? 2 : 1;
		l->unit = l->alliance == 2 ? 2 : (i % 2 ? 3 : 1);
		l->status = statuses[i % 4];
		l->category = list_categories[i % 3];
		l->title = i % 5 == 0 ? "道路100%完工" : i % 5 == 1 ? "水渠修缮" : "产业合作";
		l->due_on = i % 4 == 3 ? 0 : d0 + i * 3;
		struct matter m = make(l->alliance, l->unit, l->title, l->category, l->status, d0,
				       l->due_on);
		l->id = insert(x, &m);
		l->assignee = i % 4 == 1 ? 1 : i % 4 == 2 ? 2 : 0;
		if (l->assignee) {
			begin(x);
			assert_int_equal(mo->assignee_add(x->st, l->id, 0, l->assignee, &x->e),
					 ERR_OK);
			commit(x);
		}
	}
	/* every combination of seven filters, twice over: 128 texts, more
	 * than the statement cache holds */
	for (int round = 0; round < 2; round++) {
		for (int bits = 0; bits < 128; bits++) {
			struct matter_filter f = { .today = today };
			int variant = (bits + round) % 2;
			if (bits & 1)
				f.unit_id = variant ? 3 : 1;
			if (bits & 2)
				f.alliance_id = variant ? 2 : 1;
			if (bits & 4)
				f.alliance_in = variant ? ",2," : ",1,2,";
			if (bits & 8)
				f.status = variant ? "in_progress" : "proposed";
			if (bits & 16)
				f.category = variant ? "economy" : "org";
			if (bits & 32)
				f.overdue = 1;
			if (bits & 64)
				f.q = variant ? "%" : "水渠";
			struct matter *arr = NULL;
			size_t n = 0;
			assert_int_equal(mo->list(x->st, &f, (struct page){ NULL, 50 }, &arr, &n,
						  &x->e), ERR_OK);
			size_t k = 0;
			for (int i = N_LIST - 1; i >= 0; i--) {
				if (!wanted(&lm[i], &f))
					continue;
				assert_true(k < n);
				assert_int_equal(arr[k].id, lm[i].id);
				assert_string_equal(arr[k].status, lm[i].status);
				k++;
			}
			assert_int_equal(n, k);
			free(arr);
		}
	}
	/* PostgreSQL: the dropped entries were DEALLOCATEd, the cache kept
	 * to its size */
	if (x->engine == DB_PG)
		assert_true(scalar(x, 3, "SELECT count(*) FROM pg_prepared_statements "
					 "WHERE name LIKE 'd%'") == 16);
	/* the assignee filter, paging newest first, and the divisions read
	 * with each item */
	struct matter_filter f = { .assignee_person_id = 1 };
	struct matter *arr = NULL;
	size_t n = 0;
	char after[24];
	assert_int_equal(mo->list(x->st, &f, (struct page){ NULL, 2 }, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, lm[13].id);
	assert_int_equal(arr[1].id, lm[9].id);
	assert_string_equal(arr[0].unit_name, "乌石—石角联合支部");
	assert_int_equal(arr[0].n_divisions, 0);
	snprintf(after, sizeof(after), "%lld", (long long)arr[1].id);
	free(arr);
	assert_int_equal(mo->list(x->st, &f, (struct page){ after, 2 }, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, lm[5].id);
	assert_int_equal(arr[1].id, lm[1].id);
	free(arr);
	f = (struct matter_filter){ .assignee_person_id = 2, .alliance_id = 2 };
	assert_int_equal(mo->list(x->st, &f, (struct page){ NULL, 50 }, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);   /* i = 2 (alliance 2, person 2) */
	assert_int_equal(arr[0].id, lm[2].id);
	free(arr);
	/* a matter with divisions, as the list carries them */
	struct matter m = make(1, 1, "带区划的事项", "org", "proposed", d0, 0);
	snprintf(m.divisions[0], sizeof(m.divisions[0]), "450922104000");
	m.n_divisions = 1;
	int64_t with_divs = insert(x, &m);
	f = (struct matter_filter){ .unit_id = 1 };
	assert_int_equal(mo->list(x->st, &f, (struct page){ NULL, 1 }, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, with_divs);
	assert_int_equal(arr[0].n_divisions, 1);
	assert_string_equal(arr[0].divisions[0], "450922104000");
	free(arr);
}

static void t_timeline_assignees(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	const struct store_matter_ops *mo = x->st->matter;
	int32_t d0 = date_from_ymd(2026, 2, 1);
	struct matter a = make(1, 1, "甲", "org", "proposed", d0, d0 + 5);
	struct matter b = make(1, 1, "乙", "org", "resolved", d0, 0);
	struct matter c = make(1, 1, "丙", "org", "in_progress", d0 + 3, 0);
	struct matter other = make(2, 2, "丁", "org", "proposed", d0, 0);
	insert(x, &a);
	insert(x, &b);
	insert(x, &c);
	insert(x, &other);

	struct matter_event ev = { .matter_id = a.id, .at_ms = 100, .user_id = 7,
				   .unit_id = 1 };
	snprintf(ev.username, sizeof(ev.username), "wang");
	snprintf(ev.kind, sizeof(ev.kind), "raised");
	snprintf(ev.note, sizeof(ev.note), "提出");
	begin(x);
	assert_int_equal(mo->event_insert(x->st, &ev, &x->e), ERR_OK);
	ev = (struct matter_event){ .matter_id = a.id, .at_ms = 200, .unit_id = 3,
				    .meeting_id = 0 };
	snprintf(ev.kind, sizeof(ev.kind), "transition");
	snprintf(ev.from_status, sizeof(ev.from_status), "proposed");
	snprintf(ev.to_status, sizeof(ev.to_status), "studying");
	snprintf(ev.note, sizeof(ev.note), "转研究");
	assert_int_equal(mo->event_insert(x->st, &ev, &x->e), ERR_OK);
	commit(x);
	struct matter_event *evs = NULL;
	size_t n = 0;
	assert_int_equal(mo->events(x->st, a.id, &evs, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(evs[0].matter_id, a.id);
	assert_int_equal(evs[0].at_ms, 100);
	assert_int_equal(evs[0].user_id, 7);
	assert_string_equal(evs[0].username, "wang");
	assert_string_equal(evs[0].kind, "raised");
	assert_string_equal(evs[0].from_status, "");
	assert_string_equal(evs[0].note, "提出");
	assert_int_equal(evs[1].user_id, 0);   /* none: NULL */
	assert_string_equal(evs[1].username, "");
	assert_string_equal(evs[1].from_status, "proposed");
	assert_string_equal(evs[1].to_status, "studying");
	assert_int_equal(evs[1].unit_id, 3);
	assert_int_equal(evs[1].meeting_id, 0);
	assert_true(evs[0].id < evs[1].id);
	free(evs);
	assert_int_equal(mo->events(x->st, b.id, &evs, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(evs);

	begin(x);
	assert_int_equal(mo->assignee_add(x->st, a.id, 1, 0, &x->e), ERR_OK);
	assert_int_equal(mo->assignee_add(x->st, a.id, 0, 2, &x->e), ERR_OK);
	assert_int_equal(mo->assignee_add(x->st, a.id, 1, 1, &x->e), ERR_OK);
	assert_int_equal(mo->assignee_add(x->st, a.id, 1, 1, &x->e), ERR_OK);   /* skipped */
	assert_int_equal(mo->assignee_add(x->st, c.id, 2, 2, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM matter_assignees"), 4);
	struct matter_assignee *as = NULL;
	assert_int_equal(mo->assignees(x->st, a.id, &as, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(as[0].org_id, 1);
	assert_string_equal(as[0].org_name, "乌石镇党委");
	assert_int_equal(as[0].person_id, 0);
	assert_string_equal(as[0].person_name, "");
	assert_int_equal(as[1].org_id, 0);
	assert_int_equal(as[1].person_id, 2);
	assert_string_equal(as[1].person_name, "李四");
	assert_int_equal(as[2].person_id, 1);
	assert_string_equal(as[2].person_name, "张三");
	free(as);
	/* several matters in one statement: by matter, then assignment */
	int64_t ids[] = { c.id, b.id, a.id };
	assert_int_equal(mo->assignees_of(x->st, ids, 3, &as, &n, &x->e), ERR_OK);
	assert_int_equal(n, 4);
	assert_int_equal(as[0].matter_id, a.id);
	assert_int_equal(as[2].matter_id, a.id);
	assert_int_equal(as[3].matter_id, c.id);
	assert_string_equal(as[3].org_name, "石角镇党委");
	free(as);
	assert_int_equal(mo->assignees_of(x->st, ids, 0, &as, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_null(as);

	/* open matters of unit 1 raised on or before the day, by id */
	struct matter_brief *br = NULL;
	assert_int_equal(mo->open_on(x->st, 1, d0 + 2, &br, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(br[0].id, a.id);
	assert_string_equal(br[0].title, "甲");
	assert_string_equal(br[0].status, "proposed");
	assert_int_equal(br[0].due_on, d0 + 5);
	free(br);
	assert_int_equal(mo->open_on(x->st, 1, d0 + 3, &br, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(br[1].id, c.id);
	assert_int_equal(br[1].due_on, 0);
	free(br);
}

/* ---- statistics ---- */

#define N_STAT 240
static const char *const st_counties[] = { "450922", "440881" };
static const char *const st_categories[] = { "org", "economy", "talent" };

struct sev {
	int kind;   /* 0 matter, 1 open-due, 2 meeting */
	int64_t unit;
	int county, category;
	int32_t day;
	int64_t v[4];
};

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void key_of(const struct sev *v, enum stat_by by, char *key, size_t size)
{
	char d[11];
	switch (by) {
	case STAT_BY_UNIT: snprintf(key, size, "%lld", (long long)v->unit); break;
	case STAT_BY_COUNTY: snprintf(key, size, "%s", st_counties[v->county]); break;
	case STAT_BY_CATEGORY:
		snprintf(key, size, "%s", v->kind == 2 ? "none" : st_categories[v->category]);
		break;
	case STAT_BY_MONTH:
		date_format(v->day, d);
		snprintf(key, size, "%.7s", d);
		break;
	}
}

static struct stat_row *find(struct stat_row *rows, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].key, key) == 0)
			return &rows[i];
	return NULL;
}

/* What rows() must answer, summed from the writes. */
static void expect(const struct sev *ev, int n_ev, enum stat_by by, int32_t from, int32_t to,
		   int32_t today, struct stat_row *rows, size_t *n, struct stat_row *counties,
		   size_t *n_counties)
{
	*n = 0;
	*n_counties = 0;
	for (int i = 0; i < n_ev; i++) {
		const struct sev *v = &ev[i];
		int in = v->kind == 0   ? v->day >= from && v->day <= to
			 : v->kind == 1 ? v->day < today
					: v->day >= from && v->day <= to && v->day <= today;
		if (!in)
			continue;
		char key[32];
		key_of(v, by, key, sizeof(key));
		struct stat_row *r = find(rows, *n, key);
		if (!r) {
			r = &rows[(*n)++];
			memset(r, 0, sizeof(*r));
			snprintf(r->key, sizeof(r->key), "%s", key);
		}
		if (v->kind == 0) {
			r->raised += v->v[0];
			r->resolved += v->v[1];
			r->resolve_days += v->v[2];
			r->escalated += v->v[3];
		} else if (v->kind == 1) {
			r->overdue += v->v[0];
		} else {
			r->meetings += v->v[0];
			r->attendance += v->v[1];
			struct stat_row *c = find(counties, *n_counties, st_counties[v->county]);
			if (!c) {
				c = &counties[(*n_counties)++];
				memset(c, 0, sizeof(*c));
				snprintf(c->key, sizeof(c->key), "%s", st_counties[v->county]);
			}
			c->meetings += v->v[0];
			c->attendance += v->v[1];
		}
	}
}

static int zero(const struct stat_row *r)
{
	return !r->raised && !r->resolved && !r->resolve_days && !r->escalated && !r->overdue &&
	       !r->meetings && !r->attendance;
}

static void same_rows(const struct stat_row *want, size_t n_want, const struct stat_row *got,
		      size_t n_got)
{
	size_t nonzero = 0;
	for (size_t i = 0; i < n_want; i++) {
		if (zero(&want[i]))
			continue;
		nonzero++;
		const struct stat_row *g = NULL;
		for (size_t k = 0; k < n_got; k++)
			if (strcmp(got[k].key, want[i].key) == 0)
				g = &got[k];
		if (!g)
			fail_msg("row %s missing", want[i].key);
		assert_int_equal(g->raised, want[i].raised);
		assert_int_equal(g->resolved, want[i].resolved);
		assert_int_equal(g->resolve_days, want[i].resolve_days);
		assert_int_equal(g->escalated, want[i].escalated);
		assert_int_equal(g->overdue, want[i].overdue);
		assert_int_equal(g->meetings, want[i].meetings);
		assert_int_equal(g->attendance, want[i].attendance);
	}
	assert_int_equal(n_got, nonzero);
}

static void t_stats(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_stats_ops *so = x->st->stats;
	static struct sev ev[N_STAT];
	int32_t first = date_from_ymd(2025, 1, 1), last = date_from_ymd(2026, 12, 31);
	begin(x);
	for (int i = 0; i < N_STAT; i++) {
		struct sev *v = &ev[i];
		v->kind = (int)rnd(3);
		v->unit = 11 + (int64_t)rnd(3);
		v->county = (int)rnd(2);
		v->category = (int)rnd(3);
		v->day = first + (int32_t)rnd((uint32_t)(last - first + 1));
		for (int k = 0; k < 4; k++)
			v->v[k] = (int64_t)rnd(6);
		v->v[2] *= 1000000000LL;   /* sums beyond 32 bits */
		if (v->kind == 1 && rnd(4) == 0)
			v->v[0] = -1;
		enum err_code rc;
		if (v->kind == 0)
			rc = so->matter_add(x->st, 7, v->unit, st_counties[v->county],
					    st_categories[v->category], v->day, v->v[0], v->v[1],
					    v->v[2], v->v[3], &x->e);
		else if (v->kind == 1)
			rc = so->open_due_add(x->st, 7, v->unit, st_counties[v->county],
					      st_categories[v->category], v->day, v->v[0], &x->e);
		else
			rc = so->meeting_add(x->st, 7, v->unit, st_counties[v->county], v->day,
					     v->v[0], v->v[1], &x->e);
		assert_int_equal(rc, ERR_OK);
	}
	/* another alliance's counters stay out of alliance 7's answers */
	assert_int_equal(so->matter_add(x->st, 8, 11, "450922", "org", first + 40, 100, 0, 0, 0,
					&x->e), ERR_OK);
	commit(x);

	static struct stat_row want[64], want_c[8];
	size_t n_want, n_want_c;
	const struct {
		int32_t from, to, today;
	} ranges[] = {
		{ date_from_ymd(2025, 3, 10), date_from_ymd(2025, 3, 20), date_from_ymd(2025, 3, 15) },
		{ date_from_ymd(2025, 2, 1), date_from_ymd(2025, 5, 31), date_from_ymd(2026, 1, 1) },
		{ date_from_ymd(2025, 2, 14), date_from_ymd(2025, 9, 3), date_from_ymd(2025, 6, 30) },
		{ date_from_ymd(1900, 1, 1), date_from_ymd(2999, 12, 31), date_from_ymd(2026, 7, 9) },
		{ date_from_ymd(2025, 1, 20), date_from_ymd(2026, 11, 5), date_from_ymd(2026, 12, 31) },
	};
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		for (int by = STAT_BY_UNIT; by <= STAT_BY_MONTH; by++) {
			struct stat_rows got = { 0 };
			assert_int_equal(so->rows(x->st, 7, (enum stat_by)by, ranges[r].from,
						  ranges[r].to, ranges[r].today, &got, &x->e),
					 ERR_OK);
			expect(ev, N_STAT, (enum stat_by)by, ranges[r].from, ranges[r].to,
			       ranges[r].today, want, &n_want, want_c, &n_want_c);
			same_rows(want, n_want, got.rows, got.n);
			same_rows(want_c, n_want_c, got.county_attendance, got.n_county);
			free(got.rows);
			free(got.county_attendance);
		}
	}

	/* a counter without its category: refused, nothing counted */
	int64_t before = scalar(x, 0, "SELECT sum(raised) FROM stat_matter_monthly");
	begin(x);
	assert_int_equal(so->matter_add(x->st, 7, 11, "450922", NULL, first, 5, 0, 0, 0, &x->e),
			 ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：stat_matter_add");
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 0, "SELECT sum(raised) FROM stat_matter_monthly"), before);
	struct stat_rows got = { 0 };
	assert_int_equal(so->rows(x->st, 7, STAT_BY_UNIT, ranges[3].from, ranges[3].to,
				  ranges[3].today, &got, &x->e), ERR_OK);
	expect(ev, N_STAT, STAT_BY_UNIT, ranges[3].from, ranges[3].to, ranges[3].today, want,
	       &n_want, want_c, &n_want_c);
	same_rows(want, n_want, got.rows, got.n);
	free(got.rows);
	free(got.county_attendance);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_types),
		ENGINE_TESTS(t_matter_writes),
		ENGINE_TESTS(t_matter_list),
		ENGINE_TESTS(t_timeline_assignees),
		ENGINE_TESTS(t_stats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
