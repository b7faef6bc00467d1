/* policy.c - the access rules (see policy.h). */
#include "domain/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/perm.h"
#include "core/buf.h"
#include "domain/division.h"
#include "domain/org.h"
#include "domain/scope.h"
#include "domain/user.h"
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

/* ---- the economy line ---- */

int policy_can_edit_enterprise(const struct principal *who, int64_t alliance_id,
			       const char *county)
{
	return policy_can_edit_site(who, alliance_id, county);
}

int policy_can_manage_project(struct store *st, const struct principal *who,
			      int64_t alliance_id, const char (*divisions)[16], size_t n,
			      const struct unit *u)
{
	if (policy_can_admin_alliance(who, alliance_id))
		return 1;
	for (size_t i = 0; i < n; i++) {
		char county[8];
		snprintf(county, sizeof(county), "%.6s", divisions[i]);
		if (strlen(county) == 6 && policy_can_admin_county(who, county))
			return 1;
	}
	return u && u->alliance_id == alliance_id && policy_leads_unit(st, who, u);
}

void policy_rights_of(const struct principal *who, struct policy_rights *out)
{
	memset(out, 0, sizeof(*out));
	out->admin = perm_is_admin(who);
	out->manage_users = out->admin || perm_has(who, "alliance_admin", NULL, NULL) ||
			    perm_has(who, "county_admin", NULL, NULL);
	out->add_matter_types = policy_can_add_matter_type(who);
	out->create_units = out->admin || perm_has(who, "alliance_admin", NULL, NULL);
	out->edit_orgs_anywhere = out->admin;
	for (size_t i = 0; i < who->n_grants && !out->admin; i++)
		if (strcmp(who->grants[i].role, "county_admin") == 0 &&
		    policy_can_admin_county(who, who->grants[i].scope_id))
			out->org_counties[out->n_org_counties++] = who->grants[i].scope_id;
	out->edit_orgs = out->edit_orgs_anywhere || out->n_org_counties > 0;
}

/* ---- what an account reads ---- */

#define REACH_SET_CAP (1u << 20)

/* The integer a unit or organisation grant names, as policy_can_read_alliance
 * reads it (has_id); 0 if none. */
static int grant_id(const char *text, long long *out)
{
	char *end;
	*out = strtoll(text, &end, 10);
	return *text && !*end;
}

static void json_id(struct buf *b, long long v)
{
	buf_addc(b, b->len ? ',' : '[');
	buf_add_i64(b, v);
}

static const char *json_ids_end(struct buf *b)
{
	if (!b->len)
		return NULL;
	buf_addc(b, ']');
	return b->data;
}

/* The reaches this worker computed last, by account: valid for the same
 * grants at the same epoch (see principal.h: reach_epoch). Computing one is
 * a statement keyed by the grants (reach_compute), cheap but still more
 * than a memcmp. */
#define REACH_MEMO_SLOTS 16
struct reach_memo {
	int64_t user_id;
	uint64_t epoch;
	struct grant grants[PRINCIPAL_MAX_GRANTS];
	size_t n_grants;
	char *alliance_set, *county_set;
};
static _Thread_local struct reach_memo reach_memo[REACH_MEMO_SLOTS];

static struct reach_memo *reach_memo_slot(const struct principal *who)
{
	return &reach_memo[(uint64_t)who->user_id % REACH_MEMO_SLOTS];
}

static int reach_memo_matches(const struct reach_memo *m, const struct principal *who)
{
	return m->epoch && m->epoch == who->reach_epoch && m->user_id == who->user_id &&
	       m->n_grants == who->n_grants &&
	       memcmp(m->grants, who->grants, who->n_grants * sizeof(who->grants[0])) == 0;
}

static char *dup_or_abort(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

void policy_reach_memo_release(void)
{
	for (int i = 0; i < REACH_MEMO_SLOTS; i++) {
		free(reach_memo[i].alliance_set);
		free(reach_memo[i].county_set);
		memset(&reach_memo[i], 0, sizeof(reach_memo[i]));
	}
}

static enum err_code reach_compute(struct store *st, const struct principal *who,
				   struct policy_reach *out, struct err *e);

enum err_code policy_reach_load(struct store *st, const struct principal *who,
				struct policy_reach *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	/* The command line's principal is a deployment admin without an account. */
	if (who && (perm_is_admin(who) ||
		    (who->user_id && perm_has(who, "viewer", "deployment", NULL)))) {
		out->all = 1;
		return ERR_OK;
	}
	if (!who || !who->user_id || !who->reach_epoch)
		return reach_compute(st, who, out, e);
	struct reach_memo *m = reach_memo_slot(who);
	if (reach_memo_matches(m, who)) {
		out->alliance_set = dup_or_abort(m->alliance_set);
		out->county_set = dup_or_abort(m->county_set);
		return ERR_OK;
	}
	enum err_code rc = reach_compute(st, who, out, e);
	if (rc)
		return rc;
	free(m->alliance_set);
	free(m->county_set);
	m->user_id = who->user_id;
	m->epoch = who->reach_epoch;
	m->n_grants = who->n_grants;
	memcpy(m->grants, who->grants, who->n_grants * sizeof(who->grants[0]));
	m->alliance_set = dup_or_abort(out->alliance_set);
	m->county_set = dup_or_abort(out->county_set);
	return ERR_OK;
}

/* The alliances policy_can_read_alliance allows, asked of the store in one
 * statement keyed by the grants (reach_alliances) rather than of every
 * alliance in turn: each grant kind matches exactly as it does there. */
static enum err_code reach_compute(struct store *st, const struct principal *who,
				   struct policy_reach *out, struct err *e)
{
	struct buf ka, kc, ku, ko, al, co;
	buf_init(&ka, 4096);
	buf_init(&kc, 4096);
	buf_init(&ku, 4096);
	buf_init(&ko, 4096);
	buf_init(&al, REACH_SET_CAP);
	buf_init(&co, REACH_SET_CAP);
	buf_addc(&al, ',');
	buf_addc(&co, ',');
	struct reach_keys k = { 0 };
	for (size_t i = 0; who && who->user_id && i < who->n_grants; i++) {
		const struct grant *g = &who->grants[i];
		const char *t = g->scope_type;
		long long v;
		char canon[24];
		if (strcmp(t, "deployment") == 0) {
			if (strcmp(g->role, "admin") == 0 || strcmp(g->role, "viewer") == 0)
				k.every = 1;
		} else if (strcmp(t, "alliance") == 0) {
			/* matched as text against the alliance id: only its own spelling */
			if (grant_id(g->scope_id, &v)) {
				id_text(v, canon);
				if (strcmp(canon, g->scope_id) == 0)
					json_id(&ka, v);
			}
		} else if (strcmp(t, "county") == 0) {
			if (g->scope_id[0] && !strchr(g->scope_id, ',')) {
				buf_addc(&kc, ',');
				buf_adds(&kc, g->scope_id);
			}
		} else if (strcmp(t, "unit") == 0) {
			if (grant_id(g->scope_id, &v))
				json_id(&ku, v);
		} else if (strcmp(t, "org") == 0) {
			if (grant_id(g->scope_id, &v))
				json_id(&ko, v);
		}
	}
	if (kc.len)
		buf_addc(&kc, ',');
	k.alliance_ids = json_ids_end(&ka);
	k.county_in = kc.len ? kc.data : NULL;
	k.unit_ids = json_ids_end(&ku);
	k.org_ids = json_ids_end(&ko);
	enum err_code rc = ERR_OK;
	if (k.every || k.alliance_ids || k.county_in || k.unit_ids || k.org_ids) {
		struct alliance_county *rows = NULL;
		size_t n = 0;
		rc = st->org->reach_alliances(st, &k, &rows, &n, e);
		for (size_t i = 0; !rc && i < n; i++) {
			if (i == 0 || rows[i].alliance_id != rows[i - 1].alliance_id) {
				buf_add_i64(&al, rows[i].alliance_id);
				buf_addc(&al, ',');
			}
			if (rows[i].county[0]) {
				buf_adds(&co, rows[i].county);
				buf_addc(&co, ',');
			}
		}
		free(rows);
	}
	buf_release(&ka);
	buf_release(&kc);
	buf_release(&ku);
	buf_release(&ko);
	if (!rc && (al.overflow || co.overflow))
		rc = err_set(e, ERR_INTERNAL, NULL, "可读范围过大");
	if (rc) {
		buf_release(&al);
		buf_release(&co);
		return rc;
	}
	out->alliance_set = buf_detach(&al, NULL);
	out->county_set = buf_detach(&co, NULL);
	return ERR_OK;
}

void policy_reach_release(struct policy_reach *r)
{
	free(r->alliance_set);
	free(r->county_set);
	memset(r, 0, sizeof(*r));
}

/* 1 if set (",a,b,") holds item. */
static int set_has(const char *set, const char *item)
{
	size_t n = strlen(item);
	if (!n || strchr(item, ','))
		return 0;
	for (const char *p = strstr(set, item); p; p = strstr(p + 1, item))
		if (p[-1] == ',' && p[n] == ',')
			return 1;
	return 0;
}

int policy_reach_alliance(const struct policy_reach *r, int64_t alliance_id)
{
	char id[24];
	if (r->all)
		return 1;
	id_text(alliance_id, id);
	return r->alliance_set && set_has(r->alliance_set, id);
}

int policy_reach_county(const struct policy_reach *r, const char *division)
{
	char county[8];
	if (r->all)
		return 1;
	if (!division || strlen(division) < 6)
		return 0;
	snprintf(county, sizeof(county), "%.6s", division);
	return r->county_set && set_has(r->county_set, county);
}

/* ---- sign-ins and sessions ---- */

int policy_can_oversee_sessions(const struct principal *who)
{
	return perm_allows(who, PERM_USER_ADMIN);
}

int policy_can_oversee_account(struct store *st, const struct principal *who,
			       int64_t user_id, const struct grant *g, size_t n)
{
	return policy_can_oversee_sessions(who) && user_manageable(st, who, user_id, g, n);
}

int policy_can_see_unknown_signins(const struct principal *who)
{
	return perm_is_admin(who);
}
