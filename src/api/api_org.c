/* api_org.c - alliances, units, organisations and people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/policy.h"
#include "auth/perm.h"
#include "core/date.h"
#include "domain/duty.h"
#include "domain/org.h"
#include "domain/org_read.h"
#include "domain/reach.h"
#include "domain/vocab.h"

/* The body of the routes that name one person or organisation. */
struct id_body {
	int64_t id;
};

static const struct jfield alliance_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = ALLIANCE_NAME_MAX_CHARS,
	  JD_PTR(struct alliance_input, name) },
	{ .name = "counties", .type = J_ARR_STR, .required = 1, .min = 2, .max = 8,
	  JD_PTRS(struct alliance_input, counties, n_counties) },
	{ .name = "description", .type = J_STR, .min = 0, .max = ALLIANCE_DESC_MAX_CHARS,
	  JD_PTR(struct alliance_input, description) },
	{ 0 }
};
static const struct jschema alliance_schema = { alliance_fields };

static const struct jfield unit_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct unit_input, alliance_id) },
	{ .name = "tier", .type = J_STR, .required = 1, .min = 1, .max = 8, .one_of = vocab_tiers,
	  JD_PTR(struct unit_input, tier) },
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = UNIT_NAME_MAX_CHARS,
	  JD_PTR(struct unit_input, name) },
	{ .name = "parent_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct unit_input, parent_id) },
	{ .name = "divisions", .type = J_ARR_STR, .min = 0, .max = 32,
	  JD_PTRS(struct unit_input, divisions, n_divisions) },
	{ 0 }
};
static const struct jschema unit_schema = { unit_fields };

static const struct jfield org_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = ORG_NAME_MAX_CHARS,
	  JD_PTR(struct org_input, name) },
	{ .name = "division", .type = J_STR, .required = 1, .min = 6, .max = 12,
	  JD_PTR(struct org_input, division) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 24,
	  .one_of = vocab_org_kinds, JD_PTR(struct org_input, kind) },
	{ 0 }
};
static const struct jschema org_schema = { org_fields };

static const struct jfield org_patch_fields[] = {
	{ .name = "name", .type = J_STR, .min = 1, .max = ORG_NAME_MAX_CHARS,
	  JD_PTR(struct org_patch, name) },
	{ .name = "division", .type = J_STR, .min = 6, .max = 12,
	  JD_PTR(struct org_patch, division) },
	{ .name = "kind", .type = J_STR, .min = 1, .max = 24,
	  .one_of = vocab_org_kinds, JD_PTR(struct org_patch, kind) },
	{ 0 }
};
static const struct jschema org_patch_schema = { org_patch_fields };

struct dissolve_body {
	int32_t on;
	const char *reason;
};

static const struct jfield dissolve_fields[] = {
	{ .name = "on", .type = J_DATE, .required = 1, JD_DATE(struct dissolve_body, on) },
	{ .name = "reason", .type = J_STR, .required = 1, .min = 1,
	  .max = ORG_DISSOLVE_REASON_MAX_CHARS, JD_PTR(struct dissolve_body, reason) },
	{ 0 }
};
static const struct jschema dissolve_schema = { dissolve_fields };

static const struct jfield person_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = PERSON_NAME_MAX_CHARS,
	  JD_PTR(struct person_input, name) },
	{ .name = "org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct person_input, org_id) },
	{ .name = "position", .type = J_STR, .required = 1, .min = 1, .max = PERSON_POSITION_MAX_CHARS,
	  JD_PTR(struct person_input, position) },
	{ .name = "phone", .type = J_STR, .min = 0, .max = PERSON_PHONE_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct person_input, phone) },
	{ 0 }
};
static const struct jschema person_schema = { person_fields };

static const struct jfield person_id_fields[] = {
	{ .name = "person_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct id_body, id) },
	{ 0 }
};
static const struct jschema person_id_schema = { person_id_fields };

static const struct jfield org_id_fields[] = {
	{ .name = "org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct id_body, id) },
	{ 0 }
};
static const struct jschema org_id_schema = { org_id_fields };

/* ---- shapes ---- */

static json_t *person_ref(int64_t id, const char *name)
{
	if (!id)
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name);
}

static json_t *county_json(struct store *st, const char *code)
{
	struct division_full d;
	struct err e;
	if (division_get_full(st, code, &d, &e))
		return json_pack("{s:s}", "code", code);
	return json_pack("{s:s, s:s, s:s}", "code", code, "name", d.d.name, "province",
			 d.n_path ? d.path[0].name : "");
}

static json_t *alliance_json(struct store *st, const struct alliance *a)
{
	json_t *counties = json_array();
	for (size_t i = 0; i < a->n_counties; i++)
		json_array_append_new(counties, county_json(st, a->counties[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)a->id, "name", a->name,
			 "description", a->description, "counties", counties, "created_at",
			 api_time(a->created_at_ms));
}

static json_t *posts_json(const struct post *p, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:o, s:o}", "person_id",
			(json_int_t)p[i].person_id, "person_name", p[i].person_name, "since",
			api_time(p[i].since_ms), "until",
			p[i].until_ms ? api_time(p[i].until_ms) : json_null()));
	return arr;
}

static json_t *org_json(struct store *st, const struct org *o)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)o->id,
			      "name", o->name, "kind", o->kind, "kind_label",
			      vocab_label(vocab_org_kinds, o->kind), "division",
			      api_division_ref(st, o->division_code), "secretary",
			      person_ref(o->secretary_id, o->secretary_name), "created_at",
			      api_time(o->created_at_ms));
	char c[8];
	snprintf(c, sizeof(c), "%.6s", o->division_code);
	json_object_set_new(j, "county_code", json_string(c));
	char d[11];
	if (o->dissolved_on)
		date_format(o->dissolved_on, d);
	json_object_set_new(j, "dissolved", json_boolean(o->dissolved_on != 0));
	json_object_set_new(j, "dissolved_on", o->dissolved_on ? json_string(d) : json_null());
	json_object_set_new(j, "dissolved_reason",
			    o->dissolved_on ? json_string(o->dissolved_reason) : json_null());
	return j;
}

static enum err_code org_reply(struct request *r, int64_t id, int status, struct err *e)
{
	struct org_detail d;
	enum err_code rc = org_detail(r->st, &r->who, id, &d, e);
	if (rc)
		return rc;
	json_t *j = org_json(r->st, &d.o);
	json_object_set_new(j, "secretary_history", posts_json(d.secretaries, d.n_secretaries));
	json_object_set_new(j, "can_edit", json_boolean(d.can_edit));
	json_object_set_new(j, "can_set_secretary", json_boolean(d.can_edit));
	json_object_set_new(j, "can_delete", json_boolean(d.can_edit && !d.has_history));
	json_object_set_new(j, "has_history", json_boolean(d.has_history));
	org_detail_release(&d);
	resp_json(r, status, j);
	return ERR_OK;
}

static json_t *person_json(struct request *r, const struct person *p)
{
	char c[8];
	snprintf(c, sizeof(c), "%.6s", p->division_code);
	int visible = policy_can_view_phone(r->st, &r->who, c);
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:b, s:b, s:s, s:o}", "id",
			 (json_int_t)p->id, "name", p->name, "org_id", (json_int_t)p->org_id,
			 "org_name", p->org_name, "position", p->position, "phone",
			 visible && p->phone[0] ? json_string(p->phone) : json_null(), "phone_hidden",
			 !visible && p->phone[0], "is_demo", p->is_demo, "county_code", c,
			 "created_at", api_time(p->created_at_ms));
}

json_t *api_term_json(const struct duty_term *t)
{
	char s[11], en[11];
	date_format(t->starts_on, s);
	date_format(t->ends_on, en);
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:I}",
			 "idx", (json_int_t)t->idx, "person_id", (json_int_t)t->person_id,
			 "person_name", t->person_name, "org_id", (json_int_t)t->org_id, "org_name",
			 t->org_name, "county_code", t->county_code, "county_name", t->county_name,
			 "starts_on", s, "ends_on", en, "swapped", t->swap_reason[0] != 0,
			 "swap_reason", t->swap_reason[0] ? json_string(t->swap_reason) : json_null(),
			 "planned_person_id", (json_int_t)t->planned_person_id);
}

static json_t *unit_summary(struct request *r, const struct unit *u)
{
	struct store *st = r->st;
	json_t *divs = json_array();
	for (size_t i = 0; i < u->n_divisions; i++) {
		struct division d;
		struct err e;
		if (st->division->get(st, u->divisions[i], &d, &e) == ERR_OK)
			json_array_append_new(divs, json_pack("{s:s, s:s, s:s}", "code", d.code, "name",
							      d.name, "level",
							      division_level_name(d.level)));
	}
	struct org *m = NULL;
	size_t nm = 0;
	struct err e;
	int32_t today = date_today_shanghai();
	int manage = policy_can_manage_unit(st, &r->who, u, today);
	int can_raise = manage;
	if (st->org->unit_members(st, u->id, &m, &nm, &e) == ERR_OK) {
		for (size_t i = 0; i < nm && !can_raise; i++)
			can_raise = policy_member_of_org(st, &r->who, m[i].id);
		free(m);
	}
	int64_t leader = unit_leader_id(st, u->id);
	struct person lp;
	json_t *lj = json_null();
	if (leader && st->org->person_get(st, leader, &lp, &e) == ERR_OK)
		lj = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)lp.id, "name", lp.name,
			       "position", lp.position, "org_id", (json_int_t)lp.org_id, "org_name",
			       lp.org_name);
	struct duty_term t;
	json_t *duty = duty_on(st, u->id, date_today_shanghai(), &t, &e) == ERR_OK ?
		       api_term_json(&t) : json_null();
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:I, s:o, s:o, s:o, s:b, s:b}", "id",
			 (json_int_t)u->id, "alliance_id", (json_int_t)u->alliance_id, "tier", u->tier,
			 "name", u->name,
			 "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null(),
			 "divisions", divs, "member_count", (json_int_t)nm, "leader", lj,
			 "duty_today", duty, "created_at", api_time(u->created_at_ms),
			 "can_manage_matters", manage, "can_raise", can_raise);
	json_object_set_new(j, "can_manage", json_boolean(policy_can_admin_unit(&r->who, u)));
	return j;
}

static json_t *roster_json(const struct unit_detail *d)
{
	if (!d->has_roster)
		return json_null();
	const struct roster *ro = &d->roster;
	json_t *people = json_array();
	json_t *ids = json_array();
	for (size_t i = 0; i < ro->n; i++)
		json_array_append_new(ids, json_integer(ro->person_ids[i]));
	for (size_t i = 0; i < d->n_roster_people; i++) {
		const struct roster_person *rp = &d->roster_people[i];
		json_array_append_new(people, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "id",
			(json_int_t)rp->p.id, "name", rp->p.name, "org_id", (json_int_t)rp->p.org_id,
			"org_name", rp->p.org_name, "county_code", rp->county_code, "county_name",
			rp->county_name));
	}
	char s[11];
	date_format(ro->starts_on, s);
	return json_pack("{s:i, s:s, s:s, s:o, s:o, s:o}", "version", ro->version, "term", ro->term,
			 "starts_on", s, "person_ids", ids, "people", people, "updated_at",
			 api_time(ro->created_at_ms));
}

static enum err_code unit_reply(struct request *r, int64_t id, int status, struct err *e)
{
	struct unit_detail d;
	struct store *st = r->st;
	enum err_code rc = unit_detail(st, &r->who, id, date_today_shanghai(), &d, e);
	if (rc)
		return rc;
	const struct unit *u = &d.u;
	json_t *divs = json_array();
	for (size_t i = 0; i < u->n_divisions; i++)
		json_array_append_new(divs, api_division_ref(st, u->divisions[i]));
	json_t *members = json_array();
	for (size_t i = 0; i < d.n_members; i++)
		json_array_append_new(members, org_json(st, &d.members[i]));
	json_t *leader = d.has_leader ?
		json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)d.leader.id, "name",
			  d.leader.name, "position", d.leader.position, "org_id",
			  (json_int_t)d.leader.org_id, "org_name", d.leader.org_name) : json_null();
	json_t *children = json_array();
	for (size_t i = 0; i < d.n_children; i++)
		json_array_append_new(children, json_pack("{s:I, s:s, s:s}", "id",
			(json_int_t)d.children[i].id, "name", d.children[i].name, "tier",
			d.children[i].tier));
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:I, s:o, s:o, s:o}",
		"id", (json_int_t)u->id, "alliance_id", (json_int_t)u->alliance_id, "tier", u->tier,
		"name", u->name, "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null(),
		"divisions", divs, "member_count", (json_int_t)d.n_members, "leader", leader,
		"duty_today", d.has_duty ? api_term_json(&d.duty) : json_null(),
		"created_at", api_time(u->created_at_ms));
	json_object_set_new(j, "members", members);
	json_object_set_new(j, "leader_history", posts_json(d.leaders, d.n_leaders));
	json_object_set_new(j, "roster", roster_json(&d));
	json_object_set_new(j, "can_manage", json_boolean(d.can_manage));
	json_object_set_new(j, "can_swap", json_boolean(d.can_swap));
	json_object_set_new(j, "can_manage_matters", json_boolean(d.can_manage_matters));
	json_t *raise = json_array();
	for (size_t i = 0; i < d.n_raise_orgs; i++)
		json_array_append_new(raise, json_integer(d.raise_org_ids[i]));
	json_object_set_new(j, "raise_org_ids", raise);
	json_object_set_new(j, "can_raise", json_boolean(d.n_raise_orgs > 0));
	json_object_set_new(j, "can_convene", json_boolean(d.convene != POLICY_CONVENE_NONE));
	json_object_set_new(j, "children", children);
	unit_detail_release(&d);
	resp_json(r, status, j);
	return ERR_OK;
}

/* ---- alliances ---- */

static enum err_code api_alliances_create(struct request *r, struct err *e)
{
	struct alliance_input in = { .description = "" };
	struct alliance a;
	enum err_code rc;
	if ((rc = jsonx_decode_into(r->json, &alliance_schema, &in, e)) ||
	    (rc = alliance_create(r->st, &r->who, &in, &a, e)))
		return rc;
	resp_json(r, 201, alliance_json(r->st, &a));
	return ERR_OK;
}

static enum err_code api_alliances_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	enum err_code rc = api_page(r, &pg, cur, sizeof(cur), e);
	if (rc)
		return rc;
	struct alliance *a = NULL;
	size_t n = 0;
	struct policy_reach reach;
	if ((rc = policy_reach_load(r->st, &r->who, &reach, e)))
		return rc;
	rc = r->st->org->alliance_list(r->st, reach.alliance_set, pg, &a, &n, e);
	policy_reach_release(&reach);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(items, alliance_json(r->st, &a[k]));
	api_list_by_id(r, items, n, pg, n ? a[n - 1].id : 0);
	free(a);
	return ERR_OK;
}

static enum err_code api_alliances_get(struct request *r, struct err *e)
{
	int64_t id;
	struct alliance a;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = reach_alliance_get(r->st, &r->who, id, &a, e)))
		return rc;
	json_t *j = alliance_json(r->st, &a);
	json_object_set_new(j, "can_manage", json_boolean(policy_can_admin_alliance(&r->who, a.id)));
	resp_json(r, 200, j);
	return ERR_OK;
}

/* ---- units ---- */

static enum err_code api_units_create(struct request *r, struct err *e)
{
	struct unit_input in = { 0 };
	struct unit u;
	enum err_code rc;
	if ((rc = jsonx_decode_into(r->json, &unit_schema, &in, e)) ||
	    (rc = unit_create(r->st, &r->who, &in, &u, e)))
		return rc;
	return unit_reply(r, u.id, 201, e);
}

static enum err_code api_units_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t alliance_id;
	const char *tier;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)) ||
	    (rc = api_query_vocab(r, "tier", vocab_tiers, &tier, e)))
		return rc;
	struct unit *u = NULL;
	size_t n = 0;
	struct policy_reach reach;
	if ((rc = policy_reach_load(r->st, &r->who, &reach, e)))
		return rc;
	rc = r->st->org->unit_list(r->st, alliance_id, reach.alliance_set, tier, pg, &u, &n, e);
	policy_reach_release(&reach);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(items, unit_summary(r, &u[k]));
	api_list_by_id(r, items, n, pg, n ? u[n - 1].id : 0);
	free(u);
	return ERR_OK;
}

static enum err_code api_units_get(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : unit_reply(r, id, 200, e);
}

static enum err_code api_units_add_member(struct request *r, struct err *e)
{
	int64_t id;
	struct id_body org = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &org_id_schema, &org, e)) ||
	    (rc = unit_add_member(r->st, &r->who, id, org.id, e)))
		return rc;
	return unit_reply(r, id, 201, e);
}

static enum err_code api_units_set_leader(struct request *r, struct err *e)
{
	int64_t id;
	struct id_body person = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &person_id_schema, &person, e)) ||
	    (rc = unit_set_leader(r->st, &r->who, id, person.id, e)))
		return rc;
	return unit_reply(r, id, 200, e);
}

/* ---- organisations ---- */

static enum err_code api_orgs_create(struct request *r, struct err *e)
{
	struct org_input in = { 0 };
	struct org o;
	enum err_code rc;
	if ((rc = jsonx_decode_into(r->json, &org_schema, &in, e)) ||
	    (rc = org_create(r->st, &r->who, &in, &o, e)))
		return rc;
	return org_reply(r, o.id, 201, e);
}

static enum err_code api_orgs_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct org_filter f = { 0 };
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_code(r, "division", api_division_code_lengths, 1, &f.division_prefix,
				 e)) ||
	    (rc = req_query_text(r, "q", 32, &f.q, e)) ||
	    (rc = req_query_id(r, "unit_id", &f.unit_id, e)) ||
	    (rc = req_query_bool(r, "include_dissolved", 0, &f.include_dissolved, e)))
		return rc;
	if (f.division_prefix && *f.division_prefix && !division_level_of(f.division_prefix))
		return err_set(e, ERR_INVALID, "division", "区划代码格式错误");
	struct org *o = NULL;
	size_t n = 0;
	struct policy_reach reach;
	if ((rc = policy_reach_load(r->st, &r->who, &reach, e)))
		return rc;
	f.county_in = reach.county_set;
	rc = r->st->org->org_list(r->st, &f, pg, &o, &n, e);
	policy_reach_release(&reach);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t k = 0; k < n; k++) {
		json_t *j = org_json(r->st, &o[k]);
		int can = policy_can_edit_org(&r->who, &o[k]) && !o[k].dissolved_on;
		json_object_set_new(j, "can_edit", json_boolean(can));
		json_object_set_new(j, "can_set_secretary", json_boolean(can));
		json_array_append_new(items, j);
	}
	api_list_by_id(r, items, n, pg, n ? o[n - 1].id : 0);
	free(o);
	return ERR_OK;
}

static enum err_code api_orgs_get(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : org_reply(r, id, 200, e);
}

static enum err_code api_orgs_set_secretary(struct request *r, struct err *e)
{
	int64_t id;
	struct id_body person = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &person_id_schema, &person, e)) ||
	    (rc = org_set_secretary(r->st, &r->who, id, person.id, e)))
		return rc;
	return org_reply(r, id, 200, e);
}

static enum err_code api_orgs_patch(struct request *r, struct err *e)
{
	int64_t id;
	struct org_patch p = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &org_patch_schema, &p, e)) ||
	    (rc = org_edit(r->st, &r->who, id, &p, e)))
		return rc;
	return org_reply(r, id, 200, e);
}

static enum err_code api_orgs_delete(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = org_delete(r->st, &r->who, id, e)))
		return rc;
	resp_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
	return ERR_OK;
}

static enum err_code api_orgs_dissolve(struct request *r, struct err *e)
{
	int64_t id;
	struct dissolve_body b = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &dissolve_schema, &b, e)) ||
	    (rc = org_dissolve(r->st, &r->who, id, b.on, b.reason, date_today_shanghai(), e)))
		return rc;
	return org_reply(r, id, 200, e);
}

/* ---- people ---- */

static enum err_code api_people_create(struct request *r, struct err *e)
{
	struct person_input in = { 0 };
	struct person p;
	enum err_code rc;
	if ((rc = jsonx_decode_into(r->json, &person_schema, &in, e)) ||
	    (rc = person_create(r->st, &r->who, &in, &p, e)))
		return rc;
	resp_json(r, 201, person_json(r, &p));
	return ERR_OK;
}

static enum err_code api_people_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct person_filter f = { 0 };
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "org_id", &f.org_id, e)) ||
	    (rc = req_query_text(r, "q", 32, &f.q, e)) ||
	    (rc = req_query_code(r, "county", api_county_code_lengths, 0, &f.county, e)))
		return rc;
	struct person *p = NULL;
	size_t n = 0;
	struct policy_reach reach;
	if ((rc = policy_reach_load(r->st, &r->who, &reach, e)))
		return rc;
	f.county_in = reach.county_set;
	rc = r->st->org->person_list(r->st, &f, pg, &p, &n, e);
	policy_reach_release(&reach);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(items, person_json(r, &p[k]));
	api_list_by_id(r, items, n, pg, n ? p[n - 1].id : 0);
	free(p);
	return ERR_OK;
}

static enum err_code api_people_get(struct request *r, struct err *e)
{
	int64_t id;
	struct person p;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = reach_person_get(r->st, &r->who, id, &p, e)))
		return rc;
	resp_json(r, 200, person_json(r, &p));
	return ERR_OK;
}

const struct route api_org_routes[] = {
	{ M_POST, "/api/v1/alliances", api_alliances_create, PERM_SIGNED_IN, &alliance_schema, 0, 0 },
	{ M_GET, "/api/v1/alliances", api_alliances_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/alliances/{id}", api_alliances_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/units", api_units_create, PERM_SIGNED_IN, &unit_schema, 0, 0 },
	{ M_GET, "/api/v1/units", api_units_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/units/{id}", api_units_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/units/{id}/members", api_units_add_member, PERM_SIGNED_IN, &org_id_schema, 0, 0 },
	{ M_PUT, "/api/v1/units/{id}/leader", api_units_set_leader, PERM_SIGNED_IN, &person_id_schema, 0, 0 },
	{ M_POST, "/api/v1/orgs", api_orgs_create, PERM_SIGNED_IN, &org_schema, 0, 0 },
	{ M_GET, "/api/v1/orgs", api_orgs_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/orgs/{id}", api_orgs_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/orgs/{id}", api_orgs_patch, PERM_SIGNED_IN, &org_patch_schema, 0, 0 },
	{ M_DELETE, "/api/v1/orgs/{id}", api_orgs_delete, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/orgs/{id}/dissolve", api_orgs_dissolve, PERM_SIGNED_IN, &dissolve_schema, 0, 0 },
	{ M_PUT, "/api/v1/orgs/{id}/secretary", api_orgs_set_secretary, PERM_SIGNED_IN, &person_id_schema, 0, 0 },
	{ M_POST, "/api/v1/people", api_people_create, PERM_SIGNED_IN, &person_schema, 0, 0 },
	{ M_GET, "/api/v1/people", api_people_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/people/{id}", api_people_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
