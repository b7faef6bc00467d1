/* policy.c - the access rules (see policy.h). */
#include "domain/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/perm.h"
#include "domain/division.h"
#include "domain/org.h"
#include "domain/scope.h"
#include "store/store_rotation.h"

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%lld", (long long)id);
}

int policy_is_admin(const struct principal *who)
{
	return perm_is_admin(who);
}

int policy_can_admin_alliance(const struct principal *who, int64_t alliance_id)
{
	return perm_is_admin(who) || perm_is_alliance_admin(who, alliance_id);
}

int policy_can_admin_county(const struct principal *who, const char *county)
{
	return perm_is_admin(who) || perm_is_county_admin(who, county);
}

int policy_can_edit_org(const struct principal *who, const struct org *o)
{
	char county[7];
	division_county_of(o->division_code, county);
	return policy_can_admin_county(who, county);
}

int policy_can_admin_unit(const struct principal *who, const struct unit *u)
{
	return policy_can_admin_alliance(who, u->alliance_id);
}

int policy_can_add_matter_type(const struct principal *who)
{
	return perm_is_admin(who) || perm_has(who, "alliance_admin", NULL, NULL);
}

int policy_leads_unit(struct store *st, const struct principal *who, const struct unit *u)
{
	char id[24];
	id_text(u->id, id);
	if (perm_has(who, "unit_leader", "unit", id))
		return 1;
	return who->person_id && unit_leader_id(st, u->id) == who->person_id;
}

int policy_is_on_duty(struct store *st, const struct principal *who, int64_t unit_id,
		      int32_t day)
{
	struct duty_term t;
	struct err e;
	if (!who->person_id)
		return 0;
	return st->rotation->term_on(st, unit_id, day, &t, &e) == ERR_OK && t.person_id == who->person_id;
}

int policy_member_of_org(struct store *st, const struct principal *who, int64_t org_id)
{
	char id[24];
	struct person p;
	struct err e;
	id_text(org_id, id);
	if (perm_has(who, "member", "org", id))
		return 1;
	return who->person_id && st->org->person_get(st, who->person_id, &p, &e) == ERR_OK &&
	       p.org_id == org_id;
}

int policy_can_manage_unit(struct store *st, const struct principal *who, const struct unit *u,
			   int32_t day)
{
	return policy_can_admin_unit(who, u) || policy_leads_unit(st, who, u) ||
	       policy_is_on_duty(st, who, u->id, day);
}

int policy_can_manage_rotation(struct store *st, const struct principal *who,
			       const struct unit *u)
{
	return policy_can_admin_unit(who, u) || policy_leads_unit(st, who, u);
}

int policy_can_raise_matter(struct store *st, const struct principal *who, const struct unit *u,
			    int64_t org_id, int32_t day)
{
	return policy_can_manage_unit(st, who, u, day) || policy_member_of_org(st, who, org_id);
}

int policy_can_note_matter(struct store *st, const struct principal *who, const struct matter *m,
			   const struct unit *u, int32_t day)
{
	if (policy_can_manage_unit(st, who, u, day) ||
	    policy_member_of_org(st, who, m->raised_by_org_id))
		return 1;
	if (!who->person_id)
		return 0;
	struct matter_assignee *as = NULL;
	size_t n = 0;
	struct err e;
	int found = 0;
	if (st->matter->assignees(st, m->id, &as, &n, &e) == ERR_OK) {
		for (size_t i = 0; i < n; i++)
			if (as[i].person_id == who->person_id)
				found = 1;
		free(as);
	}
	return found;
}

enum policy_convene policy_convene_right(struct store *st, const struct principal *who,
					 const struct unit *u, int32_t day)
{
	if (policy_is_on_duty(st, who, u->id, day))
		return POLICY_CONVENE_DUTY;
	if (policy_can_admin_alliance(who, u->alliance_id))
		return POLICY_CONVENE_OVERRIDE;
	return POLICY_CONVENE_NONE;
}

int policy_can_edit_meeting(struct store *st, const struct principal *who,
			    const struct meeting *m, const struct unit *u, int32_t today)
{
	return (who->person_id && who->person_id == m->convener_person) ||
	       policy_can_manage_unit(st, who, u, m->held_on) ||
	       policy_can_manage_unit(st, who, u, today);
}

int policy_can_view_phone(struct store *st, const struct principal *who, const char *county)
{
	return policy_can_admin_county(who, county) ||
	       scope_within_principal(st, who, "county", county);
}

static int has_id(const int64_t *ids, size_t n, const char *text)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ids[i] == v)
			return 1;
	return 0;
}

int policy_can_read_alliance(const struct principal *who, const struct policy_alliance_facts *f)
{
	if (!who || !who->user_id)
		return 0;
	char aid[24];
	id_text(f->alliance_id, aid);
	for (size_t i = 0; i < who->n_grants; i++) {
		const struct grant *g = &who->grants[i];
		const char *t = g->scope_type;
		if (strcmp(t, "deployment") == 0) {
			if (strcmp(g->role, "admin") == 0 || strcmp(g->role, "viewer") == 0)
				return 1;
		} else if (strcmp(t, "alliance") == 0) {
			if (strcmp(g->scope_id, aid) == 0)
				return 1;
		} else if (strcmp(t, "county") == 0) {
			for (size_t k = 0; k < f->n_counties; k++)
				if (strcmp(f->counties[k], g->scope_id) == 0)
					return 1;
		} else if (strcmp(t, "unit") == 0) {
			if (has_id(f->unit_ids, f->n_units, g->scope_id))
				return 1;
		} else if (strcmp(t, "org") == 0) {
			if (has_id(f->org_ids, f->n_orgs, g->scope_id))
				return 1;
		}
	}
	return 0;
}

int policy_can_edit_site(const struct principal *who, int64_t alliance_id, const char *county)
{
	return policy_can_admin_alliance(who, alliance_id) ||
	       (county && policy_can_admin_county(who, county));
}

int policy_can_manage_activity(struct store *st, const struct principal *who,
			       int64_t alliance_id, const char *county, const struct unit *u)
{
	if (policy_can_edit_site(who, alliance_id, county))
		return 1;
	return u && u->alliance_id == alliance_id && policy_leads_unit(st, who, u);
}

int policy_can_record_activity(struct store *st, const struct principal *who,
			       int64_t alliance_id, const char *county, const struct unit *u,
			       const struct org *host)
{
	if (policy_can_manage_activity(st, who, alliance_id, county, u))
		return 1;
	return host && who->person_id && host->secretary_id == who->person_id;
}
