/* perm.c - role × scope checks (see perm.h). */
#include "auth/perm.h"
#include "store/store_account.h"

#include <stdio.h>
#include <string.h>

static const char *const roles[] = { "admin", "alliance_admin", "county_admin",
				     "unit_leader", "member", "viewer", NULL };
static const char *const scope_types[] = { "deployment", "alliance", "county", "unit",
					   "org", NULL };

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int perm_role_valid(const char *role) { return in_list(roles, role); }
int perm_scope_type_valid(const char *t) { return in_list(scope_types, t); }

int perm_role_scope_ok(const char *role, const char *scope_type)
{
	if (strcmp(role, "admin") == 0)
		return strcmp(scope_type, "deployment") == 0;
	if (strcmp(role, "alliance_admin") == 0)
		return strcmp(scope_type, "alliance") == 0;
	if (strcmp(role, "county_admin") == 0)
		return strcmp(scope_type, "county") == 0;
	if (strcmp(role, "unit_leader") == 0)
		return strcmp(scope_type, "unit") == 0;
	if (strcmp(role, "member") == 0)
		return strcmp(scope_type, "org") == 0;
	if (strcmp(role, "viewer") == 0)
		return perm_scope_type_valid(scope_type);
	return 0;
}

int perm_has(const struct principal *p, const char *role, const char *scope_type,
	     const char *scope_id)
{
	for (size_t i = 0; i < p->n_grants; i++) {
		const struct grant *g = &p->grants[i];
		if (strcmp(g->role, role) != 0)
			continue;
		if (scope_type && strcmp(g->scope_type, scope_type) != 0)
			continue;
		if (scope_id && strcmp(g->scope_id, scope_id) != 0)
			continue;
		return 1;
	}
	return 0;
}

int perm_is_admin(const struct principal *p)
{
	return perm_has(p, "admin", "deployment", NULL);
}

int perm_is_county_admin(const struct principal *p, const char *county_code)
{
	return perm_has(p, "county_admin", "county", county_code);
}

int perm_is_alliance_admin(const struct principal *p, int64_t alliance_id)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)alliance_id);
	return perm_has(p, "alliance_admin", "alliance", id);
}

int perm_allows(const struct principal *p, enum perm perm)
{
	if (perm == PERM_PUBLIC)
		return 1;
	if (!p || !p->user_id)
		return 0;
	switch (perm) {
	case PERM_SIGNED_IN:
		return 1;
	case PERM_ADMIN:
		return perm_is_admin(p);
	case PERM_USER_ADMIN:
		return perm_is_admin(p) || perm_has(p, "alliance_admin", NULL, NULL) ||
		       perm_has(p, "county_admin", NULL, NULL);
	case PERM_AUDIT:
		return perm_is_admin(p) || perm_has(p, "alliance_admin", NULL, NULL);
	default:
		return 0;
	}
}
