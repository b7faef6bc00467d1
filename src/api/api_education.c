/*
 * api_education.c - the 联育平台 line: /api/v1/sites, /api/v1/routes,
 * /api/v1/activities (participants, sessions = sittings, attendance,
 * check-in codes) and /api/v1/checkin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/reach.h"
#include "core/date.h"
#include "core/qr_svg.h"
#include "domain/education.h"
#include "domain/vocab.h"
#include "store/store_division.h"

struct ids_body {
	int64_t ids[ACTIVITY_MAX_PEOPLE];
	size_t n;
};

struct token_body {
	const char *token;
};

static const struct jfield site_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct site_input, alliance_id) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 24, .one_of = vocab_site_kinds,
	  JD_PTR(struct site_input, kind) },
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = SITE_NAME_MAX_CHARS,
	  JD_PTR(struct site_input, name) },
	{ .name = "division", .type = J_STR, .required = 1, .min = 6, .max = 12,
	  JD_PTR(struct site_input, division) },
	{ .name = "description", .type = J_STR, .min = 0, .max = SITE_DESC_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct site_input, description) },
	{ 0 }
};
static const struct jschema site_schema = { site_fields };

static const struct jfield route_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct route_input, alliance_id) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_route_kinds,
	  JD_PTR(struct route_input, kind) },
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = ROUTE_NAME_MAX_CHARS,
	  JD_PTR(struct route_input, name) },
	{ .name = "stops", .type = J_ARR_INT, .required = 1, .min = 0, .max = 32,
	  JD_IDS(struct route_input, stops, n_stops) },
	{ 0 }
};
static const struct jschema route_schema = { route_fields };

static const struct jfield activity_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct activity_input, alliance_id) },
	{ .name = "unit_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct activity_input, unit_id) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 24, .one_of = vocab_activity_kinds,
	  JD_PTR(struct activity_input, kind) },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = ACTIVITY_TITLE_MAX_CHARS,
	  JD_PTR(struct activity_input, title) },
	{ .name = "starts_on", .type = J_DATE, .required = 1,
	  JD_DATE(struct activity_input, starts_on) },
	{ .name = "ends_on", .type = J_DATE, .nullable = 1,
	  JD_DATE(struct activity_input, ends_on) },
	{ .name = "place_division", .type = J_STR, .required = 1, .min = 6, .max = 12,
	  JD_PTR(struct activity_input, place_division) },
	{ .name = "site_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct activity_input, site_id) },
	{ .name = "route_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct activity_input, route_id) },
	{ .name = "host_org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct activity_input, host_org_id) },
	{ .name = "line", .type = J_STR, .min = 1, .max = 16, .one_of = vocab_categories, .nullable = 1,
	  JD_PTR(struct activity_input, line) },
	{ 0 }
};
static const struct jschema activity_schema = { activity_fields };

static const struct jfield headcount_fields[] = {
	{ .name = "county_code", .type = J_STR, .required = 1, .min = 6, .max = 6,
	  JD_PTR(struct headcount_input, county_code) },
	{ .name = "persons", .type = J_INT, .required = 1, .min = 0, .max = 1000000,
	  JD_I64(struct headcount_input, persons) },
	{ 0 }
};
static const struct jschema headcount_schema = { headcount_fields };

static const struct jfield participants_fields[] = {
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 500,
	  JD_IDS(struct participants_input, person_ids, n_person_ids) },
	{ .name = "headcount", .type = J_ARR_OBJ, .required = 1, .min = 0, .max = 16,
	  .sub = &headcount_schema, JD_OBJS(struct participants_input, headcount, n_headcount) },
	{ 0 }
};
static const struct jschema participants_schema = { participants_fields };

static const struct jfield sitting_fields[] = {
	{ .name = "on", .type = J_DATE, .required = 1, JD_DATE(struct sitting_input, on) },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = SITTING_TITLE_MAX_CHARS,
	  JD_PTR(struct sitting_input, title) },
	{ .name = "hours", .type = J_NUM, .required = 1, .min = 0, .max = 24,
	  JD_DBL(struct sitting_input, hours) },
	{ 0 }
};
static const struct jschema sitting_schema = { sitting_fields };

static const struct jfield session_attendance_fields[] = {
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 500,
	  JD_IDS(struct ids_body, ids, n) },
	{ 0 }
};
static const struct jschema session_attendance_schema = { session_attendance_fields };

/* A check-in code takes no input: the page posts {} (or nothing). */
static const struct jfield checkin_code_fields[] = {
	{ 0 }
};
static const struct jschema checkin_code_schema = { checkin_code_fields };

static const struct jfield checkin_fields[] = {
	{ .name = "token", .type = J_STR, .required = 1, .min = 1, .max = 64,
	  JD_PTR(struct token_body, token) },
	{ 0 }
};
static const struct jschema checkin_schema = { checkin_fields };

static json_t *date_or_null(int32_t day)
{
	char d[11];
	if (!day)
		return json_null();
	date_format(day, d);
	return json_string(d);
}

static json_t *county_ref(struct store *st, const char *code)
{
	struct division d;
	struct err ignored;
	const char *name = st->division->get(st, code, &d, &ignored) == ERR_OK ? d.name : "";
	return json_pack("{s:s, s:s}", "code", code, "name", name);
}

/* ---- sites ---- */

static json_t *site_json(struct store *st, const struct site *s, struct api_div_memo *memo)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o}",
		"id", (json_int_t)s->id, "alliance_id", (json_int_t)s->alliance_id,
		"kind", s->kind, "kind_label", vocab_label(vocab_site_kinds, s->kind),
		"name", s->name, "division", api_division_ref_memo(st, s->division_code, memo),
		"county_code", s->county_code, "description", s->description,
		"created_at", api_time(s->created_at_ms));
}

static enum err_code api_sites_create(struct request *r, struct err *e)
{
	struct site_input in;
	struct site s;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &site_schema, &in, e)) ||
	    (rc = site_create(r->st, &r->who, &in, &s, e)))
		return rc;
	resp_json(r, 201, site_json(r->st, &s, NULL));
	return ERR_OK;
}

static enum err_code api_sites_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t alliance_id;
	const char *kind;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)) ||
	    (rc = api_query_vocab(r, "kind", vocab_site_kinds, &kind, e)))
		return rc;
	struct site *s = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &alliance_id, e)) ||
	    (rc = r->st->edu->site_list(r->st, alliance_id, kind, pg, &s, &n, e)))
		return rc;
	struct api_div_memo memo = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, site_json(r->st, &s[i], &memo));
	api_div_memo_release(&memo);
	api_list_by_id(r, items, n, pg, n ? s[n - 1].id : 0);
	free(s);
	return ERR_OK;
}

static enum err_code api_sites_get(struct request *r, struct err *e)
{
	int64_t id;
	struct site s;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = r->st->edu->site_get(r->st, id, &s, e)))
		return rc;
	if ((rc = api_outside_reach(r, s.alliance_id, e)))
		return rc == ERR_NOT_FOUND ? r->st->edu->site_get(r->st, 0, &s, e) : rc;
	resp_json(r, 200, site_json(r->st, &s, NULL));
	return ERR_OK;
}

/* ---- routes ---- */

static json_t *route_json(struct store *st, const struct route_rec *rt, struct api_div_memo *memo)
{
	json_t *stops = json_array(), *counties = json_array();
	char seen[ROUTE_MAX_STOPS][8];
	size_t n_seen = 0;
	for (size_t i = 0; i < rt->n_stops; i++) {
		struct site s;
		struct err ignored;
		if (st->edu->site_get(st, rt->stops[i], &s, &ignored) != ERR_OK)
			continue;
		json_array_append_new(stops, json_pack("{s:I, s:s, s:s, s:o, s:s}",
			"site_id", (json_int_t)s.id, "name", s.name, "kind", s.kind,
			"division", api_division_ref_memo(st, s.division_code, memo),
			"county_code", s.county_code));
		int known = 0;
		for (size_t k = 0; k < n_seen; k++)
			known |= strcmp(seen[k], s.county_code) == 0;
		if (!known) {
			snprintf(seen[n_seen++], 8, "%s", s.county_code);
			json_array_append_new(counties, county_ref(st, s.county_code));
		}
	}
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)rt->id, "alliance_id", (json_int_t)rt->alliance_id,
		"kind", rt->kind, "kind_label", vocab_label(vocab_route_kinds, rt->kind),
		"line", rt->line, "name", rt->name, "opened_on", date_or_null(rt->opened_on),
		"stops", stops, "counties", counties, "created_at", api_time(rt->created_at_ms));
}

static enum err_code api_routes_create(struct request *r, struct err *e)
{
	struct route_input in;
	struct route_rec rt;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &route_schema, &in, e)) ||
	    (rc = route_create(r->st, &r->who, &in, date_today_shanghai(), &rt, e)))
		return rc;
	resp_json(r, 201, route_json(r->st, &rt, NULL));
	return ERR_OK;
}

static enum err_code api_routes_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t alliance_id;
	const char *kind;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)) ||
	    (rc = api_query_vocab(r, "kind", vocab_route_kinds, &kind, e)))
		return rc;
	struct route_rec *rt = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &alliance_id, e)) ||
	    (rc = r->st->edu->route_list(r->st, alliance_id, kind, pg, &rt, &n, e)))
		return rc;
	struct api_div_memo memo = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, route_json(r->st, &rt[i], &memo));
	api_div_memo_release(&memo);
	api_list_by_id(r, items, n, pg, n ? rt[n - 1].id : 0);
	free(rt);
	return ERR_OK;
}

static enum err_code api_routes_get(struct request *r, struct err *e)
{
	int64_t id;
	struct route_rec rt;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = r->st->edu->route_get(r->st, id, &rt, e)))
		return rc;
	if ((rc = api_outside_reach(r, rt.alliance_id, e)))
		return rc == ERR_NOT_FOUND ? r->st->edu->route_get(r->st, 0, &rt, e) : rc;
	resp_json(r, 200, route_json(r->st, &rt, NULL));
	return ERR_OK;
}

/* ---- activities ---- */

static json_t *activity_json(struct store *st, const struct activity_view *v, int full,
			     struct api_div_memo *memo)
{
	const struct activity *a = &v->a;
	json_t *by = json_array();
	for (size_t i = 0; i < v->count.n_by_county; i++) {
		const struct headcount_county *c = &v->count.by_county[i];
		json_t *ref = county_ref(st, c->code);
		json_object_set_new(ref, "persons", json_integer(c->persons));
		json_object_set_new(ref, "person_times", json_integer(c->person_times));
		json_array_append_new(by, ref);
	}
	json_t *j = json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o,"
			      " s:{s:I, s:s}, s:s, s:I, s:I, s:o, s:b}",
		"id", (json_int_t)a->id, "alliance_id", (json_int_t)a->alliance_id,
		"unit_id", a->unit_id ? json_integer(a->unit_id) : json_null(),
		"kind", a->kind, "kind_label", vocab_label(vocab_activity_kinds, a->kind),
		"line", a->line, "line_label", vocab_label(vocab_categories, a->line),
		"title", a->title, "starts_on", date_or_null(a->starts_on),
		"ends_on", date_or_null(a->ends_on),
		"place_division", api_division_ref_memo(st, a->place_division, memo),
		"site_id", a->site_id ? json_integer(a->site_id) : json_null(),
		"route_id", a->route_id ? json_integer(a->route_id) : json_null(),
		"host_org", "id", (json_int_t)a->host_org_id, "name", a->host_org_name,
		"county_code", a->county_code,
		"persons", (json_int_t)v->count.persons, "person_times", (json_int_t)v->count.person_times,
		"by_county", by, "can_manage", v->can_manage);
	if (!full)
		return j;
	if (strcmp(a->kind, "fair") == 0)
		json_object_set_new(j, "sales", api_fair_sales_json(st, a->id));
	json_t *people = json_array();
	for (size_t i = 0; i < v->n_people; i++) {
		const struct person *p = &v->people[i];
		char c[8];
		snprintf(c, sizeof(c), "%.6s", p->division_code);
		json_array_append_new(people, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p->id,
			"name", p->name, "org_name", p->org_name, "county_code", c));
	}
	json_object_set_new(j, "participants", people);
	json_t *hc = json_array();
	for (size_t i = 0; i < v->n_headcount; i++)
		json_array_append_new(hc, json_pack("{s:s, s:I}", "county_code",
			v->headcount[i].county_code, "persons", (json_int_t)v->headcount[i].persons));
	json_object_set_new(j, "headcount", hc);
	json_t *ss = json_array();
	for (size_t i = 0; i < v->n_sittings; i++) {
		const struct sitting *s = &v->sittings[i];
		json_t *att = json_array();
		for (size_t k = 0; k < s->n_attendees; k++)
			json_array_append_new(att, json_integer(s->attendees[k]));
		json_array_append_new(ss, json_pack("{s:I, s:o, s:s, s:f, s:o, s:I}",
			"id", (json_int_t)s->id, "on", date_or_null(s->held_on), "title", s->title,
			"hours", (double)s->minutes / 60.0, "attendance", att,
			"present", (json_int_t)s->n_attendees));
	}
	json_object_set_new(j, "sessions", ss);
	return j;
}

static enum err_code activity_reply(struct request *r, int64_t id, int status, struct err *e)
{
	struct activity_view *v = malloc(sizeof(*v));
	if (!v)
		abort();
	enum err_code rc = activity_view_get(r->st, &r->who, id, v, e);
	if (!rc) {
		resp_json(r, status, activity_json(r->st, v, 1, NULL));
		activity_view_release(v);
	}
	free(v);
	return rc;
}

static enum err_code api_activities_create(struct request *r, struct err *e)
{
	struct activity_input in;
	struct activity a;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &activity_schema, &in, e)) ||
	    (rc = activity_create(r->st, &r->who, &in, date_today_shanghai(), &a, e)))
		return rc;
	return activity_reply(r, a.id, 201, e);
}

static enum err_code api_activities_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct activity_filter f;
	enum err_code rc;
	memset(&f, 0, sizeof(f));
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &f.alliance_id, e)) ||
	    (rc = api_query_vocab(r, "kind", vocab_activity_kinds, &f.kind, e)) ||
	    (rc = req_query_date(r, "from", 0, &f.from, e)) ||
	    (rc = req_query_date(r, "to", 0, &f.to, e)))
		return rc;
	struct activity *a = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &f.alliance_id, e)) ||
	    (rc = r->st->edu->activity_list(r->st, &f, pg, &a, &n, e)))
		return rc;
	struct activity_view *v = malloc(sizeof(*v));
	if (!v)
		abort();
	struct api_div_memo memo = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = activity_view_get(r->st, &r->who, a[i].id, v, e)))
			break;
		json_array_append_new(items, activity_json(r->st, v, 0, &memo));
		activity_view_release(v);
	}
	api_div_memo_release(&memo);
	free(v);
	if (rc) {
		json_decref(items);
		free(a);
		return rc;
	}
	api_list_by_id(r, items, n, pg, n ? a[n - 1].id : 0);
	free(a);
	return ERR_OK;
}

static enum err_code api_activities_get(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : activity_reply(r, id, 200, e);
}

static enum err_code api_activities_participants(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	struct participants_input *in = calloc(1, sizeof(*in));
	if (!in)
		abort();
	if (!(rc = req_param_id(r, 0, &id, e)) &&
	    !(rc = jsonx_decode_into(r->json, &participants_schema, in, e)) &&
	    !(rc = activity_set_participants(r->st, &r->who, id, in, e)))
		rc = activity_reply(r, id, 200, e);
	free(in);
	return rc;
}

static enum err_code api_activities_session_add(struct request *r, struct err *e)
{
	int64_t id;
	struct sitting_input in;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	struct sitting *s = malloc(sizeof(*s));
	if (!s)
		abort();
	if (!(rc = req_param_id(r, 0, &id, e)) &&
	    !(rc = jsonx_decode_into(r->json, &sitting_schema, &in, e)) &&
	    !(rc = activity_add_sitting(r->st, &r->who, id, &in, s, e)))
		rc = activity_reply(r, id, 201, e);
	free(s);
	return rc;
}

static enum err_code api_activities_session_attendance(struct request *r, struct err *e)
{
	int64_t id, sid;
	enum err_code rc;
	struct ids_body *b = calloc(1, sizeof(*b));
	if (!b)
		abort();
	if (!(rc = req_param_id(r, 0, &id, e)) && !(rc = req_param_id(r, 1, &sid, e)) &&
	    !(rc = jsonx_decode_into(r->json, &session_attendance_schema, b, e)) &&
	    !(rc = activity_set_attendance(r->st, &r->who, id, sid, b->ids, b->n, e)))
		rc = activity_reply(r, id, 200, e);
	free(b);
	return rc;
}

/* The phone page's URL: the request's origin (Origin, else Host). */
static void checkin_url(struct request *r, const char *token, char *out, size_t size)
{
	const char *origin = req_header(r, "Origin");
	const char *host = req_header(r, "Host");
	if (origin && *origin && strcmp(origin, "null") != 0)
		snprintf(out, size, "%.200s/#/checkin?token=%s", origin, token);
	else if (host && *host)
		snprintf(out, size, "%s://%.200s/#/checkin?token=%s",
			 r->secure_cookies ? "https" : "http", host, token);
	else
		snprintf(out, size, "/#/checkin?token=%s", token);
}

static enum err_code api_activities_checkin_code(struct request *r, struct err *e)
{
	int64_t id, sid;
	struct checkin_code c;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = req_param_id(r, 1, &sid, e)) ||
	    (rc = activity_checkin_code(r->st, &r->who, id, sid, &c, e)))
		return rc;
	char url[320];
	char *svg = NULL;
	checkin_url(r, c.token, url, sizeof(url));
	if ((rc = qr_svg_render(url, &svg, NULL, e)))
		return rc;
	resp_json(r, 201, json_pack("{s:s, s:o, s:s, s:s, s:I}", "token", c.token,
		"expires_at", api_time(c.expires_at_ms), "url", url, "svg", svg,
		"session_id", (json_int_t)sid));
	free(svg);
	return ERR_OK;
}

static enum err_code api_checkin(struct request *r, struct err *e)
{
	struct token_body b = { NULL };
	struct checkin_result res;
	struct person p;
	struct err ignored;
	enum err_code rc;
	if ((rc = jsonx_decode_into(r->json, &checkin_schema, &b, e)) ||
	    (rc = checkin_scan(r->st, &r->who, b.token, &res, e)))
		return rc;
	const char *name = r->st->org->person_get(r->st, res.person_id, &p, &ignored) == ERR_OK
		? p.name : "";
	resp_json(r, 200, json_pack("{s:I, s:I, s:{s:I, s:s}, s:b, s:s, s:s, s:o}",
		"activity_id", (json_int_t)res.activity_id, "session_id", (json_int_t)res.sitting_id,
		"person", "id", (json_int_t)res.person_id, "name", name, "already", res.already,
		"activity_title", res.activity_title, "session_title", res.sitting_title,
		"session_on", date_or_null(res.sitting_on)));
	return ERR_OK;
}

const struct route api_education_routes[] = {
	{ M_POST, "/api/v1/sites", api_sites_create, PERM_SIGNED_IN, &site_schema, 0, 0 },
	{ M_GET, "/api/v1/sites", api_sites_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/sites/{id}", api_sites_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/routes", api_routes_create, PERM_SIGNED_IN, &route_schema, 0, 0 },
	{ M_GET, "/api/v1/routes", api_routes_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/routes/{id}", api_routes_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/activities", api_activities_create, PERM_SIGNED_IN, &activity_schema, 0, 0 },
	{ M_GET, "/api/v1/activities", api_activities_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/activities/{id}", api_activities_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PUT, "/api/v1/activities/{id}/participants", api_activities_participants, PERM_SIGNED_IN, &participants_schema, 0, 0 },
	{ M_POST, "/api/v1/activities/{id}/sessions", api_activities_session_add, PERM_SIGNED_IN, &sitting_schema, 0, 0 },
	{ M_PUT, "/api/v1/activities/{id}/sessions/{sid}/attendance", api_activities_session_attendance, PERM_SIGNED_IN, &session_attendance_schema, 0, 0 },
	{ M_POST, "/api/v1/activities/{id}/sessions/{sid}/checkin-codes", api_activities_checkin_code, PERM_SIGNED_IN, &checkin_code_schema, 0, ROUTE_OPTIONAL_BODY },
	{ M_POST, "/api/v1/checkin", api_checkin, PERM_SIGNED_IN, &checkin_schema, 0, 0 },
	{ 0 }
};
