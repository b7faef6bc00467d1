/* scope.c - scope containment for grants and administration (see scope.h). */
#include "domain/scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/perm.h"
#include "store/store_account.h"
#include "store/store_scope.h"

static const char *label(const char *type)
{
	if (strcmp(type, "county") == 0) return "县级区划";
	if (strcmp(type, "alliance") == 0) return "联建";
	if (strcmp(type, "unit") == 0) return "联建单位";
	if (strcmp(type, "org") == 0) return "党组织";
	return "对象";
}

enum err_code scope_exists(struct store *st, const char *type, const char *id, struct err *e)
{
	if (strcmp(type, "deployment") == 0) {
		if (id && *id)
			return err_set(e, ERR_INVALID, "grants", "deployment 范围不需要 scope_id");
		return ERR_OK;
	}
	if (!id || !*id)
		return err_set(e, ERR_INVALID, "grants", "缺少授权范围编号 scope_id");
	struct scope_facts f;
	enum err_code rc = st->scope->facts(st, type, id, &f, e);
	if (rc)
		return rc;
	if (!f.exists)
		return err_set(e, ERR_INVALID, "grants", "授权范围不存在：%s %s", label(type), id);
	return ERR_OK;
}

static int counties_subset(const struct scope_facts *inner, const struct scope_facts *outer)
{
	if (inner->n_counties == 0)
		return 0;
	for (size_t i = 0; i < inner->n_counties; i++) {
		int found = 0;
		for (size_t j = 0; j < outer->n_counties; j++)
			if (strcmp(inner->counties[i], outer->counties[j]) == 0)
				found = 1;
		if (!found)
			return 0;
	}
	return 1;
}

int scope_within_principal(struct store *st, const struct principal *who, const char *type,
			   const char *id)
{
	if (perm_is_admin(who))
		return 1;
	if (strcmp(type, "deployment") == 0)
		return 0;
	struct scope_facts f;
	struct err e;
	if (st->scope->facts(st, type, id, &f, &e) || !f.exists)
		return 0;
	for (size_t i = 0; i < who->n_grants; i++) {
		const struct grant *g = &who->grants[i];
		if (strcmp(g->role, "county_admin") == 0) {
			if (f.n_counties == 0)
				continue;
			int all = 1;
			for (size_t k = 0; k < f.n_counties; k++)
				if (strcmp(f.counties[k], g->scope_id) != 0)
					all = 0;
			if (all && strcmp(type, "alliance") != 0)
				return 1;
		} else if (strcmp(g->role, "alliance_admin") == 0) {
			int64_t a = strtoll(g->scope_id, NULL, 10);
			if ((strcmp(type, "alliance") == 0 || strcmp(type, "unit") == 0) &&
			    f.alliance_id == a)
				return 1;
			if (strcmp(type, "county") == 0 || strcmp(type, "org") == 0 ||
			    strcmp(type, "person") == 0) {
				struct scope_facts af;
				if (!st->scope->facts(st, "alliance", g->scope_id, &af, &e) &&
				    counties_subset(&f, &af))
					return 1;
			}
		}
	}
	return 0;
}

enum err_code scope_person_exists(struct store *st, int64_t person_id, struct err *e)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)person_id);
	struct scope_facts f;
	enum err_code rc = st->scope->facts(st, "person", id, &f, e);
	if (rc)
		return rc;
	if (!f.exists)
		return err_set(e, ERR_INVALID, "person_id", "人员 %lld 不存在", (long long)person_id);
	return ERR_OK;
}
