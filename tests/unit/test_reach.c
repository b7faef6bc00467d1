/* Unit test of what an account reads (policy_reach_load, src/domain/policy.c)
 * on a real SQLite store: over generated alliances, member counties, units,
 * organisations, unit memberships (some ended) and random grants (odd
 * spellings of ids included), the sets computed by the store's keyed
 * statement (reach_alliances) are byte for byte those of the former
 * computation, kept here as the reference: policy_can_read_alliance asked of
 * every alliance with all its units and their current member organisations. */
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
#include "auth/perm.h"
#include "auth/principal.h"
#include "core/buf.h"
#include "core/log.h"
#include "domain/policy.h"
#include "store/store.h"
#include "store/store_division.h"
#include "store/store_org.h"

#define N_ALLIANCES 12
#define N_UNITS 40
#define N_ORGS 30
#define N_MEMBERS 70
#define N_PRINCIPALS 400

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const counties[] = { "450922", "450921", "450923", "440982", "440981",
					"440983" };
#define N_COUNTIES (sizeof(counties) / sizeof(counties[0]))

static void put_div(struct store *st, const char *code, int level, const char *parent)
{
	struct division d = { .level = level };
	struct err e;
	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "区划%s", code);
	snprintf(d.parent_code, sizeof(d.parent_code), "%s", parent);
	assert_int_equal(st->division->put(st, &d, &e), ERR_OK);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	log_set_quiet(1);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, NULL, &x->e), ERR_OK);
	struct store *st = x->st;
	struct err *e = &x->e;
	assert_int_equal(st->ops->begin_write(st, e), ERR_OK);
	put_div(st, "45", 1, "");
	put_div(st, "44", 1, "");
	put_div(st, "4509", 2, "45");
	put_div(st, "4409", 2, "44");
	for (size_t i = 0; i < N_COUNTIES; i++)
		put_div(st, counties[i], 3, counties[i][1] == '5' ? "4509" : "4409");
	for (int i = 0; i < N_ALLIANCES; i++) {
		struct alliance a = { .created_at_ms = 1 };
		snprintf(a.name, sizeof(a.name), "联建%d", i);
		/* 0 to 3 member counties; alliances share counties */
		unsigned nc = rnd(4);
		for (unsigned c = 0; c < nc; c++) {
			const char *code = counties[rnd(N_COUNTIES)];
			int dup = 0;
			for (size_t k = 0; k < a.n_counties; k++)
				dup |= strcmp(a.counties[k], code) == 0;
			if (!dup)
				snprintf(a.counties[a.n_counties++], sizeof(a.counties[0]), "%s", code);
		}
		assert_int_equal(st->org->alliance_insert(st, &a, e), ERR_OK);
	}
	for (int i = 0; i < N_UNITS; i++) {
		struct unit u = { .alliance_id = 1 + rnd(N_ALLIANCES), .created_at_ms = 1 };
		snprintf(u.tier, sizeof(u.tier), "%s", i % 2 ? "town" : "village");
		snprintf(u.name, sizeof(u.name), "单位%d", i);
		assert_int_equal(st->org->unit_insert(st, &u, e), ERR_OK);
	}
	for (int i = 0; i < N_ORGS; i++) {
		struct org o = { .created_at_ms = 1 };
		snprintf(o.name, sizeof(o.name), "党组织%d", i);
		snprintf(o.division_code, sizeof(o.division_code), "%s", counties[rnd(N_COUNTIES)]);
		snprintf(o.kind, sizeof(o.kind), "other");
		assert_int_equal(st->org->org_insert(st, &o, e), ERR_OK);
	}
	for (int i = 0; i < N_MEMBERS; i++) {
		enum err_code rc = st->org->unit_member_add(st, 1 + rnd(N_UNITS), 1 + rnd(N_ORGS),
							    1, e);
		assert_true(rc == ERR_OK || rc == ERR_CONFLICT);
	}
	assert_int_equal(st->ops->commit(st, e), ERR_OK);
	/* a memberships ended (no store operation ends one yet) */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(x->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE unit_members SET removed_at_ms=2 WHERE id%4=0",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;
	store_close(x->st);
	tmpdir_remove(x->dir);
	free(x);
	policy_reach_memo_release();
	return 0;
}

/* ---- the reference: the computation policy_reach_load made before ---- */

static void push_id(int64_t **arr, size_t *n, size_t *alloc, int64_t v)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 32;
		*arr = realloc(*arr, *alloc * sizeof(**arr));
		assert_non_null(*arr);
	}
	(*arr)[(*n)++] = v;
}

static void alliance_units(struct store *st, int64_t alliance_id, int64_t **units, size_t *nu,
			   int64_t **orgs, size_t *no)
{
	size_t au = 0, ao = 0;
	char after[24] = "";
	struct err e;
	for (;;) {
		struct page pg = { .after = *after ? after : NULL, .limit = 7 };
		struct unit *u = NULL;
		size_t n = 0;
		assert_int_equal(st->org->unit_list(st, alliance_id, NULL, NULL, pg, &u, &n, &e),
				 ERR_OK);
		for (size_t k = 0; k < n; k++) {
			push_id(units, nu, &au, u[k].id);
			struct org *m = NULL;
			size_t nm = 0;
			assert_int_equal(st->org->unit_members(st, u[k].id, &m, &nm, &e), ERR_OK);
			for (size_t j = 0; j < nm; j++)
				push_id(orgs, no, &ao, m[j].id);
			free(m);
		}
		if (n)
			snprintf(after, sizeof(after), "%lld", (long long)u[n - 1].id);
		free(u);
		if (n < 7)
			return;
	}
}

static int grants_reach_units(const struct principal *who)
{
	for (size_t i = 0; i < who->n_grants; i++)
		if (strcmp(who->grants[i].scope_type, "unit") == 0 ||
		    strcmp(who->grants[i].scope_type, "org") == 0)
			return 1;
	return 0;
}

static void reference(struct store *st, const struct principal *who, struct policy_reach *out)
{
	memset(out, 0, sizeof(*out));
	if (perm_is_admin(who) || (who->user_id && perm_has(who, "viewer", "deployment", NULL))) {
		out->all = 1;
		return;
	}
	struct buf al, co;
	buf_init(&al, 1 << 20);
	buf_init(&co, 1 << 20);
	buf_addc(&al, ',');
	buf_addc(&co, ',');
	int units = who->user_id && grants_reach_units(who);
	char after[24] = "";
	struct err e;
	while (who->user_id) {
		struct page pg = { .after = *after ? after : NULL, .limit = 5 };
		struct alliance *a = NULL;
		size_t n = 0;
		assert_int_equal(st->org->alliance_list(st, NULL, pg, &a, &n, &e), ERR_OK);
		for (size_t k = 0; k < n; k++) {
			int64_t *uids = NULL, *oids = NULL;
			size_t nu = 0, no = 0;
			if (units)
				alliance_units(st, a[k].id, &uids, &nu, &oids, &no);
			struct policy_alliance_facts f = {
				.alliance_id = a[k].id, .counties = a[k].counties,
				.n_counties = a[k].n_counties, .unit_ids = uids, .n_units = nu,
				.org_ids = oids, .n_orgs = no,
			};
			if (policy_can_read_alliance(who, &f)) {
				buf_add_i64(&al, a[k].id);
				buf_addc(&al, ',');
				for (size_t c = 0; c < a[k].n_counties; c++) {
					buf_adds(&co, a[k].counties[c]);
					buf_addc(&co, ',');
				}
			}
			free(uids);
			free(oids);
		}
		if (n)
			snprintf(after, sizeof(after), "%lld", (long long)a[n - 1].id);
		free(a);
		if (n < 5)
			break;
	}
	out->alliance_set = buf_detach(&al, NULL);
	out->county_set = buf_detach(&co, NULL);
}

/* ---- generated principals ---- */

static const char *const roles[] = { "alliance_admin", "county_admin", "unit_leader", "member",
				     "viewer", "duty_secretary", "admin" };
static const char *const odd_ids[] = { "", "x", "07", " 3", "+2", "-1", "3x", "0",
				       "99999999999999999999", "4 " };
static const char *const odd_counties[] = { "", "45092", "4509221", "450922,440982",
					    "440982 ", "45" };

static void random_grant(struct grant *g)
{
	memset(g, 0, sizeof(*g));
	static const char *const types[] = { "alliance", "county", "unit", "org", "deployment",
					     "town" };
	const char *type = types[rnd(6)];
	snprintf(g->scope_type, sizeof(g->scope_type), "%s", type);
	snprintf(g->role, sizeof(g->role), "%s", roles[rnd(6)]); /* admin: rarely, below */
	int odd = rnd(8) == 0;
	if (strcmp(type, "deployment") == 0) {
		if (rnd(10) == 0)
			snprintf(g->role, sizeof(g->role), "%s", rnd(2) ? "viewer" : "admin");
	} else if (strcmp(type, "county") == 0) {
		snprintf(g->scope_id, sizeof(g->scope_id), "%s",
			 odd ? odd_counties[rnd(6)] : counties[rnd(N_COUNTIES)]);
	} else if (odd) {
		snprintf(g->scope_id, sizeof(g->scope_id), "%s", odd_ids[rnd(10)]);
	} else {
		unsigned top = strcmp(type, "unit") == 0 ? N_UNITS : strcmp(type, "org") == 0
			       ? N_ORGS : N_ALLIANCES;
		snprintf(g->scope_id, sizeof(g->scope_id), "%u", 1 + rnd(top + 3));
	}
}

static void assert_same(const struct policy_reach *a, const struct policy_reach *b)
{
	assert_int_equal(a->all, b->all);
	if (a->all)
		return;
	assert_string_equal(a->alliance_set, b->alliance_set);
	assert_string_equal(a->county_set, b->county_set);
}

static void test_reach_matches_reference(void **state)
{
	struct fx *x = *state;
	int nonempty = 0, all = 0;
	for (int i = 0; i < N_PRINCIPALS; i++) {
		struct principal p = { .user_id = 1 + rnd(20) };
		p.n_grants = 1 + rnd(5);
		for (size_t g = 0; g < p.n_grants; g++)
			random_grant(&p.grants[g]);
		struct policy_reach want, got;
		reference(x->st, &p, &want);
		assert_int_equal(policy_reach_load(x->st, &p, &got, &x->e), ERR_OK);
		assert_same(&want, &got);
		nonempty += !want.all && strcmp(want.alliance_set, ",") != 0;
		all += want.all;
		policy_reach_release(&got);
		/* remembered by the worker at an epoch: the same sets again */
		p.reach_epoch = 1 + (uint64_t)rnd(2);
		assert_int_equal(policy_reach_load(x->st, &p, &got, &x->e), ERR_OK);
		assert_same(&want, &got);
		policy_reach_release(&got);
		assert_int_equal(policy_reach_load(x->st, &p, &got, &x->e), ERR_OK);
		assert_same(&want, &got);
		policy_reach_release(&got);
		policy_reach_release(&want);
	}
	/* the generated grants cover the cases: some read a few alliances */
	assert_true(nonempty > N_PRINCIPALS / 4);
	assert_true(all > 0);
}

/* One grant of each kind, by hand: what each reaches. */
static void test_reach_each_kind(void **state)
{
	struct fx *x = *state;
	struct principal anon = { 0 };
	struct policy_reach r;
	assert_int_equal(policy_reach_load(x->st, &anon, &r, &x->e), ERR_OK);
	assert_string_equal(r.alliance_set, ",");
	assert_string_equal(r.county_set, ",");
	policy_reach_release(&r);
	for (int kind = 0; kind < 4; kind++) {
		static const char *const types[] = { "alliance", "county", "unit", "org" };
		struct principal p = { .user_id = 5, .n_grants = 1 };
		snprintf(p.grants[0].role, sizeof(p.grants[0].role), "viewer");
		snprintf(p.grants[0].scope_type, sizeof(p.grants[0].scope_type), "%s", types[kind]);
		snprintf(p.grants[0].scope_id, sizeof(p.grants[0].scope_id), "%s",
			 kind == 1 ? "450922" : "3");
		struct policy_reach want;
		reference(x->st, &p, &want);
		assert_int_equal(policy_reach_load(x->st, &p, &r, &x->e), ERR_OK);
		assert_same(&want, &r);
		if (kind == 0)
			assert_string_equal(r.alliance_set, ",3,");
		policy_reach_release(&r);
		policy_reach_release(&want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reach_matches_reference),
		cmocka_unit_test(test_reach_each_kind),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
