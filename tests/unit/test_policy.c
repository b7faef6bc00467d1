/* Unit tests for src/domain/policy.c: every predicate for every role, as a
 * table of role × question, over a fake store that knows one unit (7, of
 * alliance 1, town 440982117 + 450922108), its leader by post (person 70),
 * its duty secretary on day D (person 80), an organisation 9 of 440982 with
 * person 90, an assignee (person 95) of matter 5 raised by organisation 9,
 * and the counties of alliances 1 and 2. Then policy_can_read_alliance for
 * every kind of grant, inside and outside the alliance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/policy.h"
#include "store/store_matter.h"
#include "store/store_org.h"
#include "store/store_rotation.h"
#include "store/store_scope.h"

#define D 20000

/* ---- the fake store ---- */

static enum err_code f_term_on(struct store *st, int64_t unit_id, int32_t day,
			       struct duty_term *out, struct err *e)
{
	(void)st;
	memset(out, 0, sizeof(*out));
	if (unit_id != 7 || day != D)
		return err_set(e, ERR_NOT_FOUND, NULL, "none");
	out->unit_id = 7;
	out->person_id = 80;
	return ERR_OK;
}

static enum err_code f_leaders(struct store *st, int64_t unit_id, struct post **out,
			       size_t *out_n, struct err *e)
{
	(void)st;
	(void)e;
	*out = calloc(2, sizeof(**out));
	assert_non_null(*out);
	*out_n = 0;
	if (unit_id == 7) {
		(*out)[0].person_id = 60;   /* the former leader */
		(*out)[0].until_ms = 5;
		(*out)[1].person_id = 70;
		*out_n = 2;
	}
	return ERR_OK;
}

static enum err_code f_person_get(struct store *st, int64_t id, struct person *out,
				  struct err *e)
{
	(void)st;
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->org_id = id == 90 ? 9 : 8;
	snprintf(out->division_code, sizeof(out->division_code), "440982117001");
	return id ? ERR_OK : err_set(e, ERR_NOT_FOUND, NULL, "none");
}

static enum err_code f_assignees(struct store *st, int64_t matter_id,
				 struct matter_assignee **out, size_t *out_n, struct err *e)
{
	(void)st;
	(void)e;
	*out = calloc(1, sizeof(**out));
	assert_non_null(*out);
	*out_n = matter_id == 5;
	(*out)[0].person_id = 95;
	return ERR_OK;
}

static enum err_code f_scope_facts(struct store *st, const char *type, const char *id,
				   struct scope_facts *out, struct err *e)
{
	(void)st;
	(void)e;
	memset(out, 0, sizeof(*out));
	if (strcmp(type, "county") == 0) {
		out->exists = 1;
		snprintf(out->counties[0], sizeof(out->counties[0]), "%s", id);
		out->n_counties = 1;
	} else if (strcmp(type, "alliance") == 0 && (strcmp(id, "1") == 0 || strcmp(id, "2") == 0)) {
		out->exists = 1;
		out->alliance_id = strtoll(id, NULL, 10);
		snprintf(out->counties[0], sizeof(out->counties[0]), "%s",
			 out->alliance_id == 1 ? "440982" : "440881");
		snprintf(out->counties[1], sizeof(out->counties[1]), "%s",
			 out->alliance_id == 1 ? "450922" : "440882");
		out->n_counties = 2;
	}
	return ERR_OK;
}

static struct store_ops fake_ops;
static struct store_rotation_ops fake_rotation;
static struct store_org_ops fake_org;
static struct store_matter_ops fake_matter;
static struct store_scope_ops fake_scope;
static struct store fake = { .ops = &fake_ops, .rotation = &fake_rotation, .org = &fake_org,
			     .matter = &fake_matter, .scope = &fake_scope };

static int setup(void **state)
{
	(void)state;
	fake_ops.name = "fake";
	fake_rotation.term_on = f_term_on;
	fake_org.unit_leader_history = f_leaders;
	fake_org.person_get = f_person_get;
	fake_matter.assignees = f_assignees;
	fake_scope.facts = f_scope_facts;
	return 0;
}

/* ---- principals ---- */

struct role {
	const char *name;
	const char *role, *type, *id;   /* one grant, or none */
	int64_t person_id;
	int64_t user_id;
};

static const struct role roles[] = {
	{ "admin", "admin", "deployment", "", 0, 1 },
	{ "alliance_admin 1", "alliance_admin", "alliance", "1", 0, 2 },
	{ "alliance_admin 2", "alliance_admin", "alliance", "2", 0, 3 },
	{ "county_admin 440982", "county_admin", "county", "440982", 0, 4 },
	{ "county_admin 440881", "county_admin", "county", "440881", 0, 5 },
	{ "unit_leader grant", "unit_leader", "unit", "7", 0, 6 },
	{ "leader by post", "member", "org", "8", 70, 7 },
	{ "duty secretary", "member", "org", "8", 80, 8 },
	{ "member of org 9", "member", "org", "9", 0, 9 },
	{ "person of org 9", NULL, NULL, NULL, 90, 10 },
	{ "assignee", "member", "org", "8", 95, 11 },
	{ "convener", "member", "org", "8", 85, 12 },
	{ "viewer alliance 1", "viewer", "alliance", "1", 0, 13 },
	{ "no grants", NULL, NULL, NULL, 0, 14 },
	{ "anonymous", NULL, NULL, NULL, 0, 0 },
};
#define N_ROLES (sizeof(roles) / sizeof(roles[0]))

static struct principal principal_of(const struct role *r)
{
	struct principal p;
	memset(&p, 0, sizeof(p));
	p.user_id = r->user_id;
	p.person_id = r->person_id;
	snprintf(p.username, sizeof(p.username), "%s", r->name);
	if (r->role) {
		snprintf(p.grants[0].role, sizeof(p.grants[0].role), "%s", r->role);
		snprintf(p.grants[0].scope_type, sizeof(p.grants[0].scope_type), "%s", r->type);
		snprintf(p.grants[0].scope_id, sizeof(p.grants[0].scope_id), "%s", r->id);
		p.n_grants = 1;
	}
	return p;
}

/* ---- the questions ---- */

static struct unit unit7(void)
{
	struct unit u;
	memset(&u, 0, sizeof(u));
	u.id = 7;
	u.alliance_id = 1;
	snprintf(u.tier, sizeof(u.tier), "town");
	return u;
}

enum q {
	Q_ADMIN, Q_ADMIN_ALLIANCE, Q_ADMIN_COUNTY, Q_EDIT_ORG, Q_ADMIN_UNIT, Q_LEADS, Q_ON_DUTY,
	Q_MANAGE_D, Q_MANAGE_D1, Q_ROTATION, Q_RAISE_9, Q_NOTE, Q_CONVENE_D, Q_CONVENE_D1,
	Q_EDIT_MEETING, Q_VIEW_PHONE, Q_ADD_TYPE, N_Q
};
static const char *const q_names[N_Q] = {
	"is_admin", "admin_alliance(1)", "admin_county(440982)", "edit_org(440982…)",
	"admin_unit(7)", "leads_unit(7)", "on_duty(7,D)", "manage_unit(7,D)", "manage_unit(7,D+1)",
	"manage_rotation(7)", "raise_matter(7,org 9,D+1)", "note_matter(5,D+1)", "convene(7,D)",
	"convene(7,D+1)", "edit_meeting(held D, today D+1)", "view_phone(440982)", "add_matter_type",
};

static int ask(const struct principal *p, enum q q)
{
	struct store *st = &fake;
	struct unit u = unit7();
	struct org o;
	struct matter m;
	struct meeting mt;
	memset(&o, 0, sizeof(o));
	snprintf(o.division_code, sizeof(o.division_code), "440982117001");
	memset(&m, 0, sizeof(m));
	m.id = 5;
	m.unit_id = 7;
	m.raised_by_org_id = 9;
	memset(&mt, 0, sizeof(mt));
	mt.unit_id = 7;
	mt.held_on = D;
	mt.convener_person = 85;
	switch (q) {
	case Q_ADMIN: return policy_is_admin(p);
	case Q_ADMIN_ALLIANCE: return policy_can_admin_alliance(p, 1);
	case Q_ADMIN_COUNTY: return policy_can_admin_county(p, "440982");
	case Q_EDIT_ORG: return policy_can_edit_org(p, &o);
	case Q_ADMIN_UNIT: return policy_can_admin_unit(p, &u);
	case Q_LEADS: return policy_leads_unit(st, p, &u);
	case Q_ON_DUTY: return policy_is_on_duty(st, p, 7, D);
	case Q_MANAGE_D: return policy_can_manage_unit(st, p, &u, D);
	case Q_MANAGE_D1: return policy_can_manage_unit(st, p, &u, D + 1);
	case Q_ROTATION: return policy_can_manage_rotation(st, p, &u);
	case Q_RAISE_9: return policy_can_raise_matter(st, p, &u, 9, D + 1);
	case Q_NOTE: return policy_can_note_matter(st, p, &m, &u, D + 1);
	case Q_CONVENE_D: return (int)policy_convene_right(st, p, &u, D);
	case Q_CONVENE_D1: return (int)policy_convene_right(st, p, &u, D + 1);
	case Q_EDIT_MEETING: return policy_can_edit_meeting(st, p, &mt, &u, D + 1);
	case Q_VIEW_PHONE: return policy_can_view_phone(st, p, "440982");
	case Q_ADD_TYPE: return policy_can_add_matter_type(p);
	default: return -1;
	}
}

#define N POLICY_CONVENE_NONE
#define Y POLICY_CONVENE_DUTY
#define O POLICY_CONVENE_OVERRIDE

/* want[role][question]; convene columns hold enum policy_convene. */
static const int want[N_ROLES][N_Q] = {
	/*                     adm al co org un ld dt mD mD1 rot rs nt cD cD1 em ph ty */
	/* admin          */ { 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, O, O, 1, 1, 1 },
	/* alliance 1     */ { 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, O, O, 1, 1, 1 },
	/* alliance 2     */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 0, 0, 1 },
	/* county 440982  */ { 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 0, 1, 0 },
	/* county 440881  */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 0, 0, 0 },
	/* leader grant   */ { 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, N, N, 1, 0, 0 },
	/* leader by post */ { 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, N, N, 1, 0, 0 },
	/* duty secretary */ { 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, Y, N, 1, 0, 0 },
	/* member org 9   */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, N, N, 0, 0, 0 },
	/* person org 9   */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, N, N, 0, 0, 0 },
	/* assignee       */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, N, N, 0, 0, 0 },
	/* convener       */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 1, 0, 0 },
	/* viewer 1       */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 0, 0, 0 },
	/* no grants      */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 0, 0, 0 },
	/* anonymous      */ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, N, N, 0, 0, 0 },
};

static void test_role_by_question(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < N_ROLES; r++) {
		struct principal p = principal_of(&roles[r]);
		for (int q = 0; q < N_Q; q++) {
			int got = ask(&p, (enum q)q);
			if (got != want[r][q]) {
				print_error("%s / %s: got %d, want %d\n", roles[r].name, q_names[q], got,
					    want[r][q]);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* ---- reading an alliance ---- */

static void test_read_alliance(void **state)
{
	(void)state;
	static const char counties[2][8] = { "440982", "450922" };
	static const int64_t units[] = { 7, 12 };
	static const int64_t orgs[] = { 9, 31 };
	const struct policy_alliance_facts f = { .alliance_id = 1, .counties = counties,
						 .n_counties = 2, .unit_ids = units, .n_units = 2,
						 .org_ids = orgs, .n_orgs = 2 };
	static const struct {
		const char *role, *type, *id;
		int64_t user_id;
		int want;
	} cases[] = {
		{ "admin", "deployment", "", 1, 1 },
		{ "viewer", "deployment", "", 1, 1 },
		{ "alliance_admin", "alliance", "1", 1, 1 },
		{ "alliance_admin", "alliance", "2", 1, 0 },
		{ "alliance_admin", "alliance", "10", 1, 0 },
		{ "county_admin", "county", "450922", 1, 1 },
		{ "county_admin", "county", "440881", 1, 0 },
		{ "county_admin", "county", "4509", 1, 0 },
		{ "unit_leader", "unit", "12", 1, 1 },
		{ "unit_leader", "unit", "13", 1, 0 },
		{ "unit_leader", "unit", "12x", 1, 0 },
		{ "member", "org", "31", 1, 1 },
		{ "member", "org", "32", 1, 0 },
		{ "member", "org", "", 1, 0 },
		{ "viewer", "alliance", "1", 1, 1 },
		{ "viewer", "alliance", "2", 1, 0 },
		{ "viewer", "county", "440982", 1, 1 },
		{ "viewer", "unit", "7", 1, 1 },
		{ "viewer", "org", "9", 1, 1 },
		{ "viewer", "org", "10", 1, 0 },
		{ "admin", "deployment", "", 0, 0 },   /* anonymous never reads */
		{ NULL, NULL, NULL, 1, 0 },           /* signed in, no grants */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct role r = { "case", cases[i].role, cases[i].type, cases[i].id, 0,
				  cases[i].user_id };
		struct principal p = principal_of(&r);
		int got = policy_can_read_alliance(&p, &f);
		if (got != cases[i].want)
			fail_msg("case %zu (%s %s:%s): got %d, want %d", i,
				 cases[i].role ? cases[i].role : "-", cases[i].type ? cases[i].type : "-",
				 cases[i].id ? cases[i].id : "-", got, cases[i].want);
	}
	/* one matching grant among others is enough */
	struct role r = { "two", "member", "org", "77", 0, 1 };
	struct principal p = principal_of(&r);
	snprintf(p.grants[1].role, sizeof(p.grants[1].role), "unit_leader");
	snprintf(p.grants[1].scope_type, sizeof(p.grants[1].scope_type), "unit");
	snprintf(p.grants[1].scope_id, sizeof(p.grants[1].scope_id), "7");
	p.n_grants = 2;
	assert_int_equal(policy_can_read_alliance(&p, &f), 1);
	assert_int_equal(policy_can_read_alliance(NULL, &f), 0);
}

/* Membership in the sets of a loaded reach: whole items only, and a
 * division is judged by its county. */
static void test_reach_sets(void **state)
{
	(void)state;
	char al[] = ",1,14,", co[] = ",450922,440982,", none[] = ",";
	struct policy_reach r = { .alliance_set = al, .county_set = co };
	assert_int_equal(policy_reach_alliance(&r, 1), 1);
	assert_int_equal(policy_reach_alliance(&r, 14), 1);
	assert_int_equal(policy_reach_alliance(&r, 4), 0);
	assert_int_equal(policy_reach_alliance(&r, 11), 0);
	assert_int_equal(policy_reach_county(&r, "450922108216"), 1);
	assert_int_equal(policy_reach_county(&r, "440982"), 1);
	assert_int_equal(policy_reach_county(&r, "450921100003"), 0);
	assert_int_equal(policy_reach_county(&r, "4509"), 0);
	assert_int_equal(policy_reach_county(&r, NULL), 0);
	struct policy_reach empty = { .alliance_set = none, .county_set = none };
	assert_int_equal(policy_reach_alliance(&empty, 1), 0);
	assert_int_equal(policy_reach_county(&empty, "450922"), 0);
	struct policy_reach all = { .all = 1 };
	assert_int_equal(policy_reach_alliance(&all, 99), 1);
	assert_int_equal(policy_reach_county(&all, "999999"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_by_question),
		cmocka_unit_test(test_read_alliance),
		cmocka_unit_test(test_reach_sets),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
