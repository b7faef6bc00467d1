/* api_matter.c - /api/v1/matters and /api/v1/matter-types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/matter.h"
#include "domain/matter_read.h"
#include "domain/policy.h"
#include "domain/vocab.h"

/* Decoding targets of the bodies: the domain's inputs plus what the API
 * reads differently (figures: -1 not given, -2 null). */
struct figures {
	int64_t funds_fen, people_count, length_m, jobs;
};

struct matter_create_body {
	struct matter_input in;
	struct figures fig;
};

struct matter_patch_body {
	struct matter_patch p;
	struct figures fig;
};

struct transition_body {
	const char *to, *note, *resolution;
};

struct note_body {
	const char *note;
};

struct matter_type_body {
	const char *key, *label;
};

#define FIGURES_NOT_GIVEN { -1, -1, -1, -1 }

static const struct jfield figure_fields[] = {
	{ .name = "funds_fen", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1,
	  .if_null = -2, JD_I64(struct figures, funds_fen) },
	{ .name = "people_count", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1,
	  .if_null = -2, JD_I64(struct figures, people_count) },
	{ .name = "length_m", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1,
	  .if_null = -2, JD_I64(struct figures, length_m) },
	{ .name = "jobs", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1,
	  .if_null = -2, JD_I64(struct figures, jobs) },
	{ 0 }
};
static const struct jschema figure_schema = { figure_fields };

static const struct jfield matter_fields[] = {
	{ .name = "unit_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct matter_create_body, in.unit_id) },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = MATTER_TITLE_MAX_CHARS,
	  JD_PTR(struct matter_create_body, in.title) },
	{ .name = "description", .type = J_STR, .required = 1, .min = 1, .max = MATTER_DESC_MAX_CHARS,
	  JD_PTR(struct matter_create_body, in.description) },
	{ .name = "category", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_categories,
	  JD_PTR(struct matter_create_body, in.category) },
	{ .name = "type", .type = J_STR, .required = 1, .min = 1, .max = MATTER_TYPE_KEY_MAX_CHARS,
	  JD_PTR(struct matter_create_body, in.type) },
	{ .name = "divisions", .type = J_ARR_STR, .required = 1, .min = 1, .max = 16,
	  JD_PTRS(struct matter_create_body, in.divisions, in.n_divisions) },
	{ .name = "priority", .type = J_STR, .required = 1, .min = 1, .max = 8, .one_of = vocab_priorities,
	  JD_PTR(struct matter_create_body, in.priority) },
	{ .name = "due_on", .type = J_DATE, .nullable = 1,
	  JD_DATE(struct matter_create_body, in.due_on) },
	{ .name = "raised_by_org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct matter_create_body, in.raised_by_org_id) },
	{ .name = "assignee_org_ids", .type = J_ARR_INT, .min = 0, .max = 16,
	  JD_IDS(struct matter_create_body, in.assignee_orgs, in.n_assignee_orgs) },
	{ .name = "assignee_person_ids", .type = J_ARR_INT, .min = 0, .max = 16,
	  JD_IDS(struct matter_create_body, in.assignee_people, in.n_assignee_people) },
	{ .name = "figures", .type = J_OBJ, .sub = &figure_schema,
	  JD_SUB(struct matter_create_body, fig) },
	{ 0 }
};
static const struct jschema matter_schema = { matter_fields };

static const struct jfield transition_fields[] = {
	{ .name = "to", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_statuses,
	  JD_PTR(struct transition_body, to) },
	{ .name = "note", .type = J_STR, .required = 1, .min = 0, .max = MATTER_NOTE_MAX_CHARS,
	  JD_PTR(struct transition_body, note) },
	{ .name = "resolution", .type = J_STR, .min = 1, .max = MATTER_NOTE_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct transition_body, resolution) },
	{ 0 }
};
static const struct jschema transition_schema = { transition_fields };

static const struct jfield note_fields[] = {
	{ .name = "note", .type = J_STR, .required = 1, .min = 1, .max = MATTER_NOTE_MAX_CHARS,
	  JD_PTR(struct note_body, note) },
	{ 0 }
};
static const struct jschema note_schema = { note_fields };

static const struct jfield matter_patch_fields[] = {
	{ .name = "title", .type = J_STR, .min = 1, .max = MATTER_TITLE_MAX_CHARS,
	  JD_PTR(struct matter_patch_body, p.title) },
	{ .name = "description", .type = J_STR, .min = 1, .max = MATTER_DESC_MAX_CHARS,
	  JD_PTR(struct matter_patch_body, p.description) },
	{ .name = "category", .type = J_STR, .min = 1, .max = 16, .one_of = vocab_categories,
	  JD_PTR(struct matter_patch_body, p.category) },
	{ .name = "type", .type = J_STR, .min = 1, .max = MATTER_TYPE_KEY_MAX_CHARS,
	  JD_PTR(struct matter_patch_body, p.type) },
	{ .name = "divisions", .type = J_ARR_STR, .min = 1, .max = 16,
	  JD_PTRS(struct matter_patch_body, p.divisions, p.n_divisions),
	  JD_PRESENT(struct matter_patch_body, p.has_divisions) },
	{ .name = "due_on", .type = J_DATE, .nullable = 1,
	  JD_DATE(struct matter_patch_body, p.due_on), JD_PRESENT(struct matter_patch_body, p.has_due) },
	{ .name = "priority", .type = J_STR, .min = 1, .max = 8, .one_of = vocab_priorities,
	  JD_PTR(struct matter_patch_body, p.priority) },
	{ .name = "figures", .type = J_OBJ, .sub = &figure_schema,
	  JD_SUB(struct matter_patch_body, fig), JD_PRESENT(struct matter_patch_body, p.has_figures) },
	{ .name = "assignee_person_id", .type = J_INT, .min = 1, .max = INT64_MAX,
	  JD_I64(struct matter_patch_body, p.add_assignee_person) },
	{ .name = "assignee_org_id", .type = J_INT, .min = 1, .max = INT64_MAX,
	  JD_I64(struct matter_patch_body, p.add_assignee_org) },
	{ .name = "note", .type = J_STR, .min = 0, .max = MATTER_NOTE_MAX_CHARS,
	  JD_PTR(struct matter_patch_body, p.note) },
	{ 0 }
};
static const struct jschema matter_patch_schema = { matter_patch_fields };

static const struct jfield matter_type_fields[] = {
	{ .name = "key", .type = J_STR, .required = 1, .min = 2, .max = MATTER_TYPE_KEY_MAX_CHARS,
	  JD_PTR(struct matter_type_body, key) },
	{ .name = "label", .type = J_STR, .required = 1, .min = 1, .max = MATTER_TYPE_LABEL_MAX_CHARS,
	  JD_PTR(struct matter_type_body, label) },
	{ 0 }
};
static const struct jschema matter_type_schema = { matter_type_fields };

static json_t *date_or_null(int32_t d)
{
	if (!d)
		return json_null();
	char s[11];
	date_format(d, s);
	return json_string(s);
}

static json_t *fig(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

json_t *api_matter_json(struct store *st, const struct matter *m,
			const struct matter_assignee *a, size_t n_assignees, int32_t today,
			struct api_div_memo *memo)
{
	json_t *divs = json_array();
	for (size_t i = 0; i < m->n_divisions; i++)
		json_array_append_new(divs, api_division_ref_memo(st, m->divisions[i], memo));
	json_t *as = json_array();
	for (size_t i = 0; i < n_assignees; i++)
		json_array_append_new(as, json_pack("{s:o, s:s, s:o, s:s}",
			"org_id", a[i].org_id ? json_integer(a[i].org_id) : json_null(),
			"org_name", a[i].org_name,
			"person_id", a[i].person_id ? json_integer(a[i].person_id) : json_null(),
			"person_name", a[i].person_name));
	int overdue = matter_status_open(m->status) && m->due_on && m->due_on < today;
	json_t *j = json_pack("{s:I, s:I, s:{s:I, s:s}, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"id", (json_int_t)m->id, "alliance_id", (json_int_t)m->alliance_id,
		"unit", "id", (json_int_t)m->unit_id, "name", m->unit_name,
		"origin_unit_id", (json_int_t)m->origin_unit_id,
		"title", m->title, "description", m->description,
		"category", m->category, "category_label", matter_category_label(m->category),
		"type", m->type, "type_label", m->type_label, "priority", m->priority,
		"status", m->status, "status_label", matter_status_label(m->status));
	json_object_set_new(j, "due_on", date_or_null(m->due_on));
	json_object_set_new(j, "overdue", json_boolean(overdue));
	json_object_set_new(j, "raised_by_org", json_pack("{s:I, s:s}", "id",
			    (json_int_t)m->raised_by_org_id, "name", m->raised_by_org_name));
	json_object_set_new(j, "county_code", json_string(m->county_code));
	json_object_set_new(j, "raised_on", date_or_null(m->raised_on));
	json_object_set_new(j, "resolved_on", date_or_null(m->resolved_on));
	json_object_set_new(j, "resolution", m->resolution[0] ? json_string(m->resolution) : json_null());
	json_object_set_new(j, "closed_reason",
			    m->closed_reason[0] ? json_string(m->closed_reason) : json_null());
	json_object_set_new(j, "figures", json_pack("{s:o, s:o, s:o, s:o}", "funds_fen",
			    fig(m->funds_fen), "people_count", fig(m->people_count), "length_m",
			    fig(m->length_m), "jobs", fig(m->jobs)));
	json_object_set_new(j, "divisions", divs);
	json_object_set_new(j, "assignees", as);
	json_object_set_new(j, "created_at", api_time(m->raised_at_ms));
	json_object_set_new(j, "updated_at", api_time(m->updated_at_ms));
	return j;
}

static enum err_code matter_reply(struct request *r, int64_t id, int status, struct err *e)
{
	struct matter_detail d;
	int32_t today = date_today_shanghai();
	enum err_code rc = matter_detail(r->st, &r->who, id, today, &d, e);
	if (rc)
		return rc;
	json_t *j = api_matter_json(r->st, &d.m, d.assignees, d.n_assignees, today, NULL);
	json_t *tl = json_array();
	for (size_t i = 0; i < d.n_events; i++) {
		const struct matter_event *ev = &d.events[i];
		json_array_append_new(tl, json_pack("{s:I, s:o, s:{s:o, s:s}, s:s, s:o, s:o, s:I, s:o, s:s}",
			"id", (json_int_t)ev->id, "at", api_time(ev->at_ms),
			"user", "id", ev->user_id ? json_integer(ev->user_id) : json_null(),
			"name", ev->username, "kind", ev->kind,
			"from", ev->from_status[0] ? json_string(ev->from_status) : json_null(),
			"to", ev->to_status[0] ? json_string(ev->to_status) : json_null(),
			"unit_id", (json_int_t)ev->unit_id,
			"meeting_id", ev->meeting_id ? json_integer(ev->meeting_id) : json_null(),
			"note", ev->note));
	}
	json_object_set_new(j, "timeline", tl);
	json_t *allowed = json_array();
	for (size_t i = 0; i < d.n_allowed; i++)
		json_array_append_new(allowed, json_string(d.allowed[i]));
	json_object_set_new(j, "allowed_transitions", allowed);
	json_object_set_new(j, "can_manage", json_boolean(d.can_manage));
	matter_detail_release(&d);
	resp_json(r, status, j);
	return ERR_OK;
}

/* A new matter has no figure to clear: null is "not given". */
static int64_t not_cleared(int64_t v)
{
	return v == -2 ? -1 : v;
}

static enum err_code api_matters_create(struct request *r, struct err *e)
{
	struct matter_create_body b = { .fig = FIGURES_NOT_GIVEN };
	struct matter m;
	enum err_code rc;
	b.in.priority = "normal";
	if ((rc = jsonx_decode_into(r->json, &matter_schema, &b, e)))
		return rc;
	b.in.funds_fen = not_cleared(b.fig.funds_fen);
	b.in.people_count = not_cleared(b.fig.people_count);
	b.in.length_m = not_cleared(b.fig.length_m);
	b.in.jobs = not_cleared(b.fig.jobs);
	if ((rc = matter_raise(r->st, &r->who, &b.in, date_today_shanghai(), &m, e)))
		return rc;
	return matter_reply(r, m.id, 201, e);
}

/* Whose matters the list can show: one unit's (filtered on a unit), else
 * the alliance filtered on, else those the reader reaches (a
 * deployment-wide reader: any). Other data in the answer (names of units,
 * organisations, people, divisions, type labels) changes only by global
 * writes. */
static void matters_cache_scope(struct request *r, const struct matter_filter *f,
				const struct policy_reach *reach)
{
	req_cache_reads_no_alliance(r); /* none reached: only global writes */
	struct unit u;
	struct err ue;
	if (f->unit_id) {
		if (r->st->org->unit_get(r->st, f->unit_id, &u, &ue) == ERR_OK)
			req_cache_reads_unit(r, u.alliance_id, f->unit_id);
		else
			req_cache_reads_any_alliance(r);
	} else if (f->alliance_id) {
		req_cache_reads_alliance(r, f->alliance_id);
	} else if (reach->all || !reach->alliance_set) {
		req_cache_reads_any_alliance(r);
	} else {
		/* ",1,4,": too many to list become "any alliance" (cache.h) */
		for (const char *p = reach->alliance_set; *p;) {
			char *end;
			long long id = strtoll(p, &end, 10);
			if (end == p) {
				p++;
				continue;
			}
			req_cache_reads_alliance(r, id);
			p = end;
		}
	}
}

static enum err_code api_matters_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct matter_filter f = { .today = date_today_shanghai() };
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "unit_id", &f.unit_id, e)) ||
	    (rc = req_query_id(r, "alliance_id", &f.alliance_id, e)) ||
	    (rc = req_query_id(r, "assignee_person_id", &f.assignee_person_id, e)) ||
	    (rc = api_query_vocab(r, "status", vocab_statuses, &f.status, e)) ||
	    (rc = api_query_vocab(r, "category", vocab_categories, &f.category, e)) ||
	    (rc = req_query_text(r, "q", 32, &f.q, e)) ||
	    (rc = req_query_bool(r, "overdue", 0, &f.overdue, e)))
		return rc;
	struct matter_page p;
	struct policy_reach reach;
	if ((rc = policy_reach_load(r->st, &r->who, &reach, e)))
		return rc;
	f.alliance_in = reach.alliance_set;
	matters_cache_scope(r, &f, &reach);
	rc = matter_list_page(r->st, &f, pg, &p, e);
	policy_reach_release(&reach);
	if (rc)
		return rc;
	/* written straight into the answer: the same bytes as api_matter_json
	 * items in api_list_by_id's object, without the tree (api_matter_json.c) */
	char next[32] = "";
	if (p.n && p.n == (size_t)pg.limit)
		snprintf(next, sizeof(next), "%lld", (long long)p.items[p.n - 1].id);
	buf_reset(&r->out);
	api_matter_page_write(&r->out, r->st, &p, f.today, next[0] ? next : NULL);
	resp_buf(r, 200, "application/json; charset=utf-8");
	matter_page_release(&p);
	return ERR_OK;
}

static enum err_code api_matters_get(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : matter_reply(r, id, 200, e);
}

static enum err_code api_matters_transition(struct request *r, struct err *e)
{
	int64_t id;
	struct transition_body b = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &transition_schema, &b, e)) ||
	    (rc = matter_transition(r->st, &r->who, id, b.to, b.note, b.resolution,
				    date_today_shanghai(), e)))
		return rc;
	return matter_reply(r, id, 200, e);
}

static enum err_code api_matters_progress(struct request *r, struct err *e)
{
	int64_t id;
	struct note_body b = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &note_schema, &b, e)) ||
	    (rc = matter_progress(r->st, &r->who, id, b.note, date_today_shanghai(), e)))
		return rc;
	return matter_reply(r, id, 201, e);
}

static enum err_code api_matters_patch(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	struct matter_patch_body b = { .fig = FIGURES_NOT_GIVEN };
	if ((rc = jsonx_decode_into(r->json, &matter_patch_schema, &b, e)))
		return rc;
	b.p.funds_fen = b.fig.funds_fen;
	b.p.people_count = b.fig.people_count;
	b.p.length_m = b.fig.length_m;
	b.p.jobs = b.fig.jobs;
	if ((rc = matter_patch(r->st, &r->who, id, &b.p, date_today_shanghai(), e)))
		return rc;
	return matter_reply(r, id, 200, e);
}

static enum err_code api_matter_types_list(struct request *r, struct err *e)
{
	struct matter_type *t = NULL;
	size_t n = 0;
	struct page pg;
	char cur[32];
	/* one short list: limit and cursor are accepted (and checked) like any list's */
	enum err_code rc = api_page(r, &pg, cur, sizeof(cur), e);
	if (rc || (rc = r->st->matter->types(r->st, &t, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "key", t[i].key, "label",
						       t[i].label, "builtin", t[i].builtin));
	free(t);
	api_list(r, items, NULL);
	return ERR_OK;
}

static enum err_code api_matter_types_create(struct request *r, struct err *e)
{
	struct matter_type_body b = { 0 };
	enum err_code rc;
	if ((rc = jsonx_decode_into(r->json, &matter_type_schema, &b, e)) ||
	    (rc = matter_add_type(r->st, &r->who, b.key, b.label, e)))
		return rc;
	resp_json(r, 201, json_pack("{s:s, s:s, s:b}", "key", b.key, "label", b.label, "builtin", 0));
	return ERR_OK;
}

const struct route api_matter_routes[] = {
	{ M_POST, "/api/v1/matters", api_matters_create, PERM_SIGNED_IN, &matter_schema, 0, 0 },
	{ M_GET, "/api/v1/matters", api_matters_list, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE | ROUTE_SHARED },
	{ M_GET, "/api/v1/matters/{id}", api_matters_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/matters/{id}", api_matters_patch, PERM_SIGNED_IN, &matter_patch_schema, 0, 0 },
	{ M_POST, "/api/v1/matters/{id}/transitions", api_matters_transition, PERM_SIGNED_IN, &transition_schema, 0, 0 },
	{ M_POST, "/api/v1/matters/{id}/progress", api_matters_progress, PERM_SIGNED_IN, &note_schema, 0, 0 },
	{ M_GET, "/api/v1/matter-types", api_matter_types_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/matter-types", api_matter_types_create, PERM_SIGNED_IN, &matter_type_schema, 0, 0 },
	{ 0 }
};
