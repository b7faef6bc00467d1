/* Unit tests for src/auth/perm.c: perm_allows for every enum perm against
 * hand-built principals (admin, county_admin of 440982, alliance_admin of 1,
 * unit_leader, member, viewer, a signed-in account without grants, the
 * anonymous user_id 0 and a NULL principal); the role × scope table of
 * perm_role_scope_ok; role and scope name validation; perm_has with and
 * without scope filters; and the object-level predicates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/perm.h"
#include "store/store_account.h"

static void add_grant(struct principal *p, const char *role, const char *type, const char *id)
{
	struct grant *g;

	assert_true(p->n_grants < PRINCIPAL_MAX_GRANTS);
	g = &p->grants[p->n_grants++];
	snprintf(g->role, sizeof(g->role), "%s", role);
	snprintf(g->scope_type, sizeof(g->scope_type), "%s", type);
	snprintf(g->scope_id, sizeof(g->scope_id), "%s", id);
}

static struct principal who(int64_t user_id, const char *role, const char *type, const char *id)
{
	struct principal p;

	memset(&p, 0, sizeof(p));
	p.user_id = user_id;
	snprintf(p.username, sizeof(p.username), "u%lld", (long long)user_id);
	if (role)
		add_grant(&p, role, type, id);
	return p;
}

enum { P_PUBLIC, P_SIGNED_IN, P_ADMIN, P_USER_ADMIN, P_AUDIT, P_N };

struct allow_row {
	const char *label;
	struct principal p;
	int want[P_N];
};

static void test_perm_allows_table(void **state)
{
	struct allow_row rows[] = {
		{ "admin", who(1, "admin", "deployment", ""), { 1, 1, 1, 1, 1 } },
		{ "county_admin", who(2, "county_admin", "county", "440982"), { 1, 1, 0, 1, 0 } },
		{ "alliance_admin", who(3, "alliance_admin", "alliance", "1"), { 1, 1, 0, 1, 1 } },
		{ "unit_leader", who(4, "unit_leader", "unit", "9"), { 1, 1, 0, 0, 0 } },
		{ "member", who(5, "member", "org", "12"), { 1, 1, 0, 0, 0 } },
		{ "viewer", who(6, "viewer", "county", "440982"), { 1, 1, 0, 0, 0 } },
		{ "no grants", who(7, NULL, NULL, NULL), { 1, 1, 0, 0, 0 } },
		{ "anonymous", who(0, NULL, NULL, NULL), { 1, 0, 0, 0, 0 } },
		/* grants without a signed-in user count for nothing */
		{ "anonymous+admin grant", who(0, "admin", "deployment", ""), { 1, 0, 0, 0, 0 } },
		/* admin is a deployment role: the same name on another scope is not admin */
		{ "admin on a county", who(8, "admin", "county", "440982"), { 1, 1, 0, 0, 0 } },
	};
	static const enum perm perms[P_N] = { PERM_PUBLIC, PERM_SIGNED_IN, PERM_ADMIN,
					      PERM_USER_ADMIN, PERM_AUDIT };

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (int k = 0; k < P_N; k++) {
			int got = perm_allows(&rows[i].p, perms[k]);
			if (got != rows[i].want[k])
				fail_msg("%s, perm %d: got %d, want %d", rows[i].label, k, got,
					 rows[i].want[k]);
		}
}

static void test_perm_allows_null_and_combined(void **state)
{
	struct principal p;

	(void)state;
	assert_int_equal(perm_allows(NULL, PERM_PUBLIC), 1);
	assert_int_equal(perm_allows(NULL, PERM_SIGNED_IN), 0);
	assert_int_equal(perm_allows(NULL, PERM_ADMIN), 0);
	assert_int_equal(perm_allows(NULL, PERM_USER_ADMIN), 0);
	assert_int_equal(perm_allows(NULL, PERM_AUDIT), 0);

	/* a viewer who is also county_admin: the second grant counts */
	p = who(9, "viewer", "deployment", "");
	assert_int_equal(perm_allows(&p, PERM_USER_ADMIN), 0);
	add_grant(&p, "county_admin", "county", "440982");
	assert_int_equal(perm_allows(&p, PERM_USER_ADMIN), 1);
	assert_int_equal(perm_allows(&p, PERM_AUDIT), 0);
	add_grant(&p, "alliance_admin", "alliance", "3");
	assert_int_equal(perm_allows(&p, PERM_AUDIT), 1);
	assert_int_equal(perm_allows(&p, PERM_ADMIN), 0);

	/* an unknown perm value is denied even to an admin */
	p = who(1, "admin", "deployment", "");
	assert_int_equal(perm_allows(&p, (enum perm)(PERM_AUDIT + 1)), 0);
}

static void test_role_scope_table(void **state)
{
	static const char *const roles[] = { "admin", "alliance_admin", "county_admin",
					     "unit_leader", "member", "viewer", "root", "" };
	static const char *const scopes[] = { "deployment", "alliance", "county", "unit", "org",
					      "planet", "" };
	/* rows: roles; columns: scopes */
	static const int want[8][7] = {
		{ 1, 0, 0, 0, 0, 0, 0 },
		{ 0, 1, 0, 0, 0, 0, 0 },
		{ 0, 0, 1, 0, 0, 0, 0 },
		{ 0, 0, 0, 1, 0, 0, 0 },
		{ 0, 0, 0, 0, 1, 0, 0 },
		{ 1, 1, 1, 1, 1, 0, 0 },
		{ 0, 0, 0, 0, 0, 0, 0 },
		{ 0, 0, 0, 0, 0, 0, 0 },
	};

	(void)state;
	for (int i = 0; i < 8; i++)
		for (int k = 0; k < 7; k++) {
			int got = perm_role_scope_ok(roles[i], scopes[k]);
			if (got != want[i][k])
				fail_msg("role %s on %s: got %d, want %d", roles[i], scopes[k], got,
					 want[i][k]);
		}
}

static void test_names_valid(void **state)
{
	(void)state;
	assert_int_equal(perm_role_valid("admin"), 1);
	assert_int_equal(perm_role_valid("alliance_admin"), 1);
	assert_int_equal(perm_role_valid("county_admin"), 1);
	assert_int_equal(perm_role_valid("unit_leader"), 1);
	assert_int_equal(perm_role_valid("member"), 1);
	assert_int_equal(perm_role_valid("viewer"), 1);
	assert_int_equal(perm_role_valid("Admin"), 0);
	assert_int_equal(perm_role_valid("admin "), 0);
	assert_int_equal(perm_role_valid("adm"), 0);
	assert_int_equal(perm_role_valid(""), 0);
	assert_int_equal(perm_scope_type_valid("deployment"), 1);
	assert_int_equal(perm_scope_type_valid("alliance"), 1);
	assert_int_equal(perm_scope_type_valid("county"), 1);
	assert_int_equal(perm_scope_type_valid("unit"), 1);
	assert_int_equal(perm_scope_type_valid("org"), 1);
	assert_int_equal(perm_scope_type_valid("town"), 0);
	assert_int_equal(perm_scope_type_valid("County"), 0);
	assert_int_equal(perm_scope_type_valid(""), 0);
}

static void test_perm_has(void **state)
{
	struct principal p = who(2, "viewer", "alliance", "1");

	(void)state;
	add_grant(&p, "county_admin", "county", "440982");
	add_grant(&p, "county_admin", "county", "440981");

	assert_int_equal(perm_has(&p, "county_admin", "county", "440982"), 1);
	assert_int_equal(perm_has(&p, "county_admin", "county", "440981"), 1);
	assert_int_equal(perm_has(&p, "county_admin", "county", "440983"), 0);
	/* scope_id NULL: on any scope of that type */
	assert_int_equal(perm_has(&p, "county_admin", "county", NULL), 1);
	assert_int_equal(perm_has(&p, "county_admin", NULL, NULL), 1);
	assert_int_equal(perm_has(&p, "county_admin", "alliance", NULL), 0);
	assert_int_equal(perm_has(&p, "viewer", "alliance", NULL), 1);
	assert_int_equal(perm_has(&p, "viewer", "county", NULL), 0);
	assert_int_equal(perm_has(&p, "viewer", NULL, "1"), 1);
	assert_int_equal(perm_has(&p, "viewer", NULL, "2"), 0);
	/* whole-string comparisons, no prefixes */
	assert_int_equal(perm_has(&p, "admin", NULL, NULL), 0);
	assert_int_equal(perm_has(&p, "county", NULL, NULL), 0);
	assert_int_equal(perm_has(&p, "county_admin", "county", "44098"), 0);
	assert_int_equal(perm_has(&p, "county_admin", "county", "4409820"), 0);
	assert_int_equal(perm_has(&p, "alliance_admin", NULL, NULL), 0);

	p.n_grants = 0;
	assert_int_equal(perm_has(&p, "county_admin", NULL, NULL), 0);
}

static void test_object_predicates(void **state)
{
	struct principal admin = who(1, "admin", "deployment", "");
	struct principal county = who(2, "county_admin", "county", "440982");
	struct principal alliance = who(3, "alliance_admin", "alliance", "1");

	(void)state;
	assert_int_equal(perm_is_admin(&admin), 1);
	assert_int_equal(perm_is_admin(&county), 0);
	assert_int_equal(perm_is_admin(&alliance), 0);

	assert_int_equal(perm_is_county_admin(&county, "440982"), 1);
	assert_int_equal(perm_is_county_admin(&county, "440981"), 0);
	assert_int_equal(perm_is_county_admin(&county, "44098"), 0);
	/* county_admin is a grant, not implied by admin */
	assert_int_equal(perm_is_county_admin(&admin, "440982"), 0);
	assert_int_equal(perm_is_county_admin(&alliance, "440982"), 0);

	assert_int_equal(perm_is_alliance_admin(&alliance, 1), 1);
	assert_int_equal(perm_is_alliance_admin(&alliance, 11), 0);
	assert_int_equal(perm_is_alliance_admin(&alliance, 0), 0);
	assert_int_equal(perm_is_alliance_admin(&alliance, -1), 0);
	assert_int_equal(perm_is_alliance_admin(&county, 1), 0);
	assert_int_equal(perm_is_alliance_admin(&admin, 1), 0);

	/* a large alliance id is formatted in full */
	struct principal big = who(4, "alliance_admin", "alliance", "9007199254740993");
	assert_int_equal(perm_is_alliance_admin(&big, 9007199254740993LL), 1);
	assert_int_equal(perm_is_alliance_admin(&big, 9007199254740992LL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perm_allows_table),
		cmocka_unit_test(test_perm_allows_null_and_combined),
		cmocka_unit_test(test_role_scope_table),
		cmocka_unit_test(test_names_valid),
		cmocka_unit_test(test_perm_has),
		cmocka_unit_test(test_object_predicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
