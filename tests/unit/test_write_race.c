/* Unit tests for check-then-write races in the domain: two store
 * connections (A and B) on one SQLite file, and a hook on A's begin_write
 * that lets B finish a competing write just before A's transaction opens.
 * That is the moment two worker threads can interleave: a domain function
 * that decides on rows read before its transaction acts on a stale copy.
 * Each case checks that the rules hold on what B left behind: one resolve
 * per matter (events and statistics), no status written back by a progress
 * note or a field change, attendance counters that match the attendance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/matter.h"
#include "store/store_division.h"
#include "store/store_matter.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_stats.h"
#include "domain/meeting.h"
#include "store/store.h"

struct fx {
	char dir[32];
	char path[64];
	struct store *a, *b;
	struct store_ops a_ops;
	struct principal admin;
	int64_t alliance_id, unit_id, org_id, person1, person2;
	int32_t today;
	struct err e;
};

/* The hook: armed with a competing action, A's next begin_write first runs
 * it on B (to its commit) and then opens A's transaction. */
static struct fx *hook_fx;
static void (*hook_action)(struct fx *x);
static enum err_code (*real_begin_write)(struct store *st, struct err *e);

static enum err_code hooked_begin_write(struct store *st, struct err *e)
{
	void (*action)(struct fx *) = hook_action;
	hook_action = NULL;
	if (action)
		action(hook_fx);
	return real_begin_write(st, e);
}

static void arm(struct fx *x, void (*action)(struct fx *x))
{
	hook_fx = x;
	hook_action = action;
}

static struct division div_of(const char *code, const char *name, int level, const char *parent)
{
	struct division d;

	memset(&d, 0, sizeof(d));
	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "%s", name);
	d.level = level;
	snprintf(d.parent_code, sizeof(d.parent_code), "%s", parent);
	return d;
}

static int64_t add_person(struct fx *x, const char *name)
{
	struct person p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.org_id = x->org_id;
	snprintf(p.position, sizeof(p.position), "书记");
	assert_int_equal(x->a->org->person_insert(x->a, &p, &x->e), ERR_OK);
	return p.id;
}

static void put_world(struct fx *x)
{
	static const struct {
		const char *code, *name;
		int level;
		const char *parent;
	} rows[] = {
		{ "45", "广西壮族自治区", 1, "" },     { "4509", "玉林市", 2, "45" },
		{ "450922", "陆川县", 3, "4509" },     { "450922108", "乌石镇", 4, "450922" },
		{ "44", "广东省", 1, "" },             { "4409", "茂名市", 2, "44" },
		{ "440982", "化州市", 3, "4409" },     { "440982117", "文楼镇", 4, "440982" },
	};
	struct store *st = x->a;
	struct alliance al;
	struct unit u;
	struct org o;

	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct division d = div_of(rows[i].code, rows[i].name, rows[i].level, rows[i].parent);
		assert_int_equal(st->division->put(st, &d, &x->e), ERR_OK);
	}
	memset(&al, 0, sizeof(al));
	snprintf(al.name, sizeof(al.name), "玉湛茂");
	snprintf(al.counties[0], sizeof(al.counties[0]), "450922");
	snprintf(al.counties[1], sizeof(al.counties[1]), "440982");
	al.n_counties = 2;
	assert_int_equal(st->org->alliance_insert(st, &al, &x->e), ERR_OK);
	memset(&u, 0, sizeof(u));
	u.alliance_id = al.id;
	snprintf(u.tier, sizeof(u.tier), "town");
	snprintf(u.name, sizeof(u.name), "乌石—文楼工作站");
	snprintf(u.divisions[0], sizeof(u.divisions[0]), "450922108");
	snprintf(u.divisions[1], sizeof(u.divisions[1]), "440982117");
	u.n_divisions = 2;
	assert_int_equal(st->org->unit_insert(st, &u, &x->e), ERR_OK);
	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "乌石镇党委");
	snprintf(o.division_code, sizeof(o.division_code), "450922108");
	snprintf(o.kind, sizeof(o.kind), "town_committee");
	assert_int_equal(st->org->org_insert(st, &o, &x->e), ERR_OK);
	assert_int_equal(st->org->unit_member_add(st, u.id, o.id, 1, &x->e), ERR_OK);
	x->alliance_id = al.id;
	x->unit_id = u.id;
	x->org_id = o.id;
	x->person1 = add_person(x, "甲");
	x->person2 = add_person(x, "乙");
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	int applied = -1;

	log_set_quiet(1);
	assert_non_null(x);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/race.db", x->dir);
	assert_int_equal(store_open(x->path, &x->a, &x->e), ERR_OK);
	assert_int_equal(x->a->ops->migrate(x->a, &applied, &x->e), ERR_OK);
	assert_int_equal(store_open(x->path, &x->b, &x->e), ERR_OK);
	x->a_ops = *x->a->ops;
	real_begin_write = x->a_ops.begin_write;
	x->a_ops.begin_write = hooked_begin_write;
	x->a->ops = &x->a_ops;
	x->admin.user_id = 1;
	snprintf(x->admin.username, sizeof(x->admin.username), "admin");
	snprintf(x->admin.grants[0].role, sizeof(x->admin.grants[0].role), "admin");
	snprintf(x->admin.grants[0].scope_type, sizeof(x->admin.grants[0].scope_type), "deployment");
	x->admin.n_grants = 1;
	assert_int_equal(date_parse("2025-03-03", &x->today), 0);
	put_world(x);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	hook_action = NULL;
	store_close(x->a);
	store_close(x->b);
	tmpdir_remove(x->dir);
	free(x);
	return 0;
}

/* A matter walked to in_progress (the hook is not armed). */
static int64_t matter_in_progress(struct fx *x)
{
	struct matter_input in;
	struct matter m;

	memset(&in, 0, sizeof(in));
	in.unit_id = x->unit_id;
	in.title = "乌石—坡子公路";
	in.description = "打通断头路";
	in.category = "revival";
	in.type = "traffic";
	in.raised_by_org_id = x->org_id;
	in.funds_fen = in.people_count = in.length_m = in.jobs = -1;
	assert_int_equal(matter_raise(x->a, &x->admin, &in, x->today, &m, &x->e), ERR_OK);
	assert_int_equal(matter_transition(x->a, &x->admin, m.id, "studying", "", NULL, x->today,
					   &x->e), ERR_OK);
	assert_int_equal(matter_transition(x->a, &x->admin, m.id, "in_progress", "", NULL,
					   x->today, &x->e), ERR_OK);
	return m.id;
}

static int64_t race_matter;

static void resolve_on_b(struct fx *x)
{
	struct err e;

	assert_int_equal(matter_transition(x->b, &x->admin, race_matter, "resolved", "", "道路已通",
					   x->today, &e), ERR_OK);
}

static size_t resolve_events(struct fx *x, int64_t id)
{
	struct matter_event *ev = NULL;
	size_t n = 0, k = 0;

	assert_int_equal(x->b->matter->events(x->b, id, &ev, &n, &x->e), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(ev[i].to_status, "resolved") == 0)
			k++;
	free(ev);
	return k;
}

static int64_t stat_total(struct fx *x, int resolved)
{
	struct stat_rows sr;
	int64_t sum = 0;

	memset(&sr, 0, sizeof(sr));
	assert_int_equal(x->b->stats->rows(x->b, x->alliance_id, STAT_BY_UNIT, x->today - 30,
					      x->today + 30, x->today, &sr, &x->e), ERR_OK);
	for (size_t i = 0; i < sr.n; i++)
		sum += resolved ? sr.rows[i].resolved : sr.rows[i].attendance;
	free(sr.rows);
	free(sr.county_attendance);
	return sum;
}

static void assert_status(struct fx *x, int64_t id, const char *want)
{
	struct matter m;

	assert_int_equal(x->b->matter->get(x->b, id, &m, &x->e), ERR_OK);
	assert_string_equal(m.status, want);
}

static void test_double_resolve(void **state)
{
	struct fx *x = *state;

	race_matter = matter_in_progress(x);
	arm(x, resolve_on_b);
	enum err_code rc = matter_transition(x->a, &x->admin, race_matter, "resolved", "",
					     "第二次办结", x->today, &x->e);
	assert_int_equal(rc, ERR_INVALID);
	assert_status(x, race_matter, "resolved");
	assert_int_equal(resolve_events(x, race_matter), 1);
	assert_int_equal(stat_total(x, 1), 1);
}

static void test_progress_keeps_status(void **state)
{
	struct fx *x = *state;
	struct matter m;

	race_matter = matter_in_progress(x);
	arm(x, resolve_on_b);
	enum err_code rc = matter_progress(x->a, &x->admin, race_matter, "施工过半", x->today,
					   &x->e);
	assert_int_equal(rc, ERR_INVALID);
	assert_status(x, race_matter, "resolved");
	assert_int_equal(x->b->matter->get(x->b, race_matter, &m, &x->e), ERR_OK);
	assert_string_equal(m.resolution, "道路已通");
	assert_int_equal(m.resolved_on, x->today);
}

static void test_patch_no_stale_overwrite(void **state)
{
	struct fx *x = *state;
	struct matter_patch p;
	struct matter m;

	race_matter = matter_in_progress(x);
	memset(&p, 0, sizeof(p));
	p.priority = "high";
	p.funds_fen = p.people_count = p.length_m = p.jobs = -1;
	arm(x, resolve_on_b);
	assert_int_equal(matter_patch(x->a, &x->admin, race_matter, &p, x->today, &x->e), ERR_OK);
	assert_int_equal(x->b->matter->get(x->b, race_matter, &m, &x->e), ERR_OK);
	assert_string_equal(m.status, "resolved");
	assert_string_equal(m.priority, "high");
	assert_string_equal(m.resolution, "道路已通");
	/* a due date on a matter that has just been resolved is refused */
	race_matter = matter_in_progress(x);
	memset(&p, 0, sizeof(p));
	p.has_due = 1;
	p.due_on = x->today + 10;
	arm(x, resolve_on_b);
	assert_int_equal(matter_patch(x->a, &x->admin, race_matter, &p, x->today, &x->e),
			 ERR_INVALID);
	assert_status(x, race_matter, "resolved");
}

static int64_t race_meeting;

static int64_t convene(struct fx *x, int64_t agenda)
{
	struct meeting_input in;
	struct meeting m;

	memset(&in, 0, sizeof(in));
	in.unit_id = x->unit_id;
	in.title = "联席会议";
	in.held_on = x->today;
	in.place_division = "450922108";
	in.override_reason = "轮值书记外出";
	if (agenda) {
		in.agenda[0] = agenda;
		in.n_agenda = 1;
	}
	assert_int_equal(meeting_convene(x->a, &x->admin, &in, x->today, &m, &x->e), ERR_OK);
	return m.id;
}

static void attend_both_on_b(struct fx *x)
{
	struct err e;
	int64_t ids[2] = { x->person1, x->person2 };

	assert_int_equal(meeting_attendance(x->b, &x->admin, race_meeting, ids, 2, x->today, &e),
			 ERR_OK);
}

static void test_attendance_counters(void **state)
{
	struct fx *x = *state;
	struct meeting m;
	int64_t one = x->person1;

	race_meeting = convene(x, 0);
	arm(x, attend_both_on_b);
	assert_int_equal(meeting_attendance(x->a, &x->admin, race_meeting, &one, 1, x->today,
					    &x->e), ERR_OK);
	assert_int_equal(x->b->meeting->get(x->b, race_meeting, &m, &x->e), ERR_OK);
	assert_int_equal(m.n_attendees, 1);
	assert_int_equal(stat_total(x, 0), 1);
}

static void test_decision_after_resolve(void **state)
{
	struct fx *x = *state;
	struct decision_input in;
	struct decision d;

	race_matter = matter_in_progress(x);
	race_meeting = convene(x, race_matter);
	memset(&in, 0, sizeof(in));
	in.matter_id = race_matter;
	in.action = "resolve";
	in.note = "会议决定办结";
	in.resolution = "会上确认";
	arm(x, resolve_on_b);
	assert_int_equal(meeting_decide(x->a, &x->admin, race_meeting, &in, x->today, &d, &x->e),
			 ERR_INVALID);
	assert_status(x, race_matter, "resolved");
	assert_int_equal(resolve_events(x, race_matter), 1);
	assert_int_equal(stat_total(x, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_double_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_keeps_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_no_stale_overwrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendance_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision_after_resolve, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
