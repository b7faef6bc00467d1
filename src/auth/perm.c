/* perm.c - role × scope checks (see perm.h). */
#include "auth/perm.h"
#include "store/store_account.h"

#include <stdio.h>
#include <string.h>

const struct vocab_term perm_roles[] = {
	{ .key = "admin", .label = "系统管理员", .scopes = "deployment" },
	{ .key = "alliance_admin", .label = "联建管理员", .scopes = "alliance" },
	{ .key = "county_admin", .label = "县级管理员", .scopes = "county" },
	{ .key = "unit_leader", .label = "单位负责人", .scopes = "unit" },
	{ .key = "member", .label = "成员", .scopes = "org" },
	{ .key = "viewer", .label = "只读查看", .scopes = "deployment alliance county unit org" },
	{ 0 }
};

const struct vocab_term perm_scope_types[] = {
	{ .key = "deployment", .label = "全平台" },
	{ .key = "alliance", .label = "联建" },
	{ .key = "county", .label = "县" },
	{ .key = "unit", .label = "单位" },
	{ .key = "org", .label = "党组织" },
	{ 0 }
};

int perm_role_valid(const char *role) { return vocab_valid(perm_roles, role); }
int perm_scope_type_valid(const char *t) { return vocab_valid(perm_scope_types, t); }

int perm_role_scope_ok(const char *role, const char *scope_type)
{
	const struct vocab_term *t = vocab_find(perm_roles, role);
	return t && perm_scope_type_valid(scope_type) && vocab_word_in(t->scopes, scope_type);
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
