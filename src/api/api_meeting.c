/* api_meeting.c - /api/v1/meetings: convening, attendance, minutes, decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/matter.h"
#include "domain/meeting_read.h"
#include "domain/meeting.h"
#include "domain/policy.h"
#include "domain/vocab.h"

struct attendance_body {
	int64_t ids[MEETING_MAX_ATTENDEES];
	size_t n;
};

struct minutes_body {
	const char *text;
	int clear;	/* blank text over existing minutes: confirmed clearing */
};

static const struct jfield meeting_fields[] = {
	{ .name = "unit_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct meeting_input, unit_id) },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = MEETING_TITLE_MAX_CHARS,
	  JD_PTR(struct meeting_input, title) },
	{ .name = "held_on", .type = J_DATE, .required = 1,
	  JD_DATE(struct meeting_input, held_on) },
	{ .name = "place_division", .type = J_STR, .required = 1, .min = 6, .max = 12,
	  JD_PTR(struct meeting_input, place_division) },
	{ .name = "agenda", .type = J_ARR_INT, .required = 1, .min = 0, .max = 32,
	  JD_IDS(struct meeting_input, agenda, n_agenda) },
	{ .name = "invited_org_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 64,
	  JD_IDS(struct meeting_input, invites, n_invites) },
	{ .name = "override_reason", .type = J_STR, .min = 1, .max = MEETING_REASON_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct meeting_input, override_reason) },
	{ 0 }
};
static const struct jschema meeting_schema = { meeting_fields };

static const struct jfield attendance_fields[] = {
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 256,
	  JD_IDS(struct attendance_body, ids, n) },
	{ 0 }
};
static const struct jschema attendance_schema = { attendance_fields };

static const struct jfield minutes_fields[] = {
	{ .name = "text", .type = J_STR, .required = 1, .min = 0, .max = MINUTES_MAX_CHARS,
	  JD_PTR(struct minutes_body, text) },
	{ .name = "clear", .type = J_BOOL, JD_BOOL(struct minutes_body, clear) },
	{ 0 }
};
static const struct jschema minutes_schema = { minutes_fields };

static const struct jfield decision_fields[] = {
	{ .name = "matter_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct decision_input, matter_id) },
	{ .name = "action", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_decision_actions,
	  JD_PTR(struct decision_input, action) },
	{ .name = "note", .type = J_STR, .required = 1, .min = 1, .max = DECISION_NOTE_MAX_CHARS,
	  JD_PTR(struct decision_input, note) },
	{ .name = "due_on", .type = J_DATE,
	  JD_DATE(struct decision_input, due_on) },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX,
	  JD_I64(struct decision_input, person_id) },
	{ .name = "org_id", .type = J_INT, .min = 1, .max = INT64_MAX,
	  JD_I64(struct decision_input, org_id) },
	{ .name = "resolution", .type = J_STR, .min = 1, .max = MATTER_NOTE_MAX_CHARS,
	  JD_PTR(struct decision_input, resolution) },
	{ 0 }
};
static const struct jschema decision_schema = { decision_fields };

static const struct jfield patch_fields[] = {
	{ .name = "title", .type = J_STR, .min = 1, .max = MEETING_TITLE_MAX_CHARS,
	  JD_PTR(struct meeting_patch, title) },
	{ .name = "held_on", .type = J_DATE, JD_DATE(struct meeting_patch, held_on) },
	{ .name = "place_division", .type = J_STR, .min = 6, .max = 12,
	  JD_PTR(struct meeting_patch, place_division) },
	{ .name = "agenda", .type = J_ARR_INT, .min = 0, .max = 32,
	  JD_IDS(struct meeting_patch, agenda, n_agenda) },
	{ .name = "invited_org_ids", .type = J_ARR_INT, .min = 0, .max = 64,
	  JD_IDS(struct meeting_patch, invites, n_invites) },
	{ .name = "override_reason", .type = J_STR, .min = 1, .max = MEETING_REASON_MAX_CHARS,
	  .nullable = 1, JD_PTR(struct meeting_patch, override_reason) },
	{ 0 }
};
static const struct jschema patch_schema = { patch_fields };

struct cancel_body {
	const char *reason;
};

static const struct jfield cancel_fields[] = {
	{ .name = "reason", .type = J_STR, .required = 1, .min = 1, .max = MEETING_REASON_MAX_CHARS,
	  JD_PTR(struct cancel_body, reason) },
	{ 0 }
};
static const struct jschema cancel_schema = { cancel_fields };

static json_t *meeting_summary(struct store *st, const struct meeting *m, int32_t today)
{
	char d[11];
	date_format(m->held_on, d);
	json_t *j = json_pack("{s:I, s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:o}",
		"id", (json_int_t)m->id, "alliance_id", (json_int_t)m->alliance_id,
		"unit", "id", (json_int_t)m->unit_id, "name", m->unit_name,
		"title", m->title, "held_on", d, "status", meeting_status(m, today),
		"place", api_division_ref(st, m->place_division),
		"convener", m->convener_person ? json_pack("{s:I, s:s}", "id",
			(json_int_t)m->convener_person, "name", m->convener_name) : json_null(),
		"override_reason", m->override_reason[0] ? json_string(m->override_reason) : json_null(),
		"attendance_count", (json_int_t)m->n_attendees,
		"created_at", api_time(m->created_at_ms));
	json_object_set_new(j, "cancellation", !m->cancelled_at_ms ? json_null() :
		json_pack("{s:s, s:o, s:o}", "reason", m->cancel_reason, "at",
			  api_time(m->cancelled_at_ms), "by", json_pack("{s:I, s:s}", "id",
			  (json_int_t)m->cancelled_by, "name", m->cancelled_by_name)));
	return j;
}

static enum err_code meeting_reply(struct request *r, int64_t id, int status, struct err *e)
{
	struct meeting_detail d;
	int32_t today = date_today_shanghai();
	enum err_code rc = meeting_detail(r->st, &r->who, id, today, &d, e);
	if (rc)
		return rc;
	json_t *j = meeting_summary(r->st, &d.m, today);
	json_object_set_new(j, "minutes", json_string(d.m.minutes));
	json_t *agenda = json_array();
	struct api_div_memo memo = { 0 };
	for (size_t i = 0; i < d.agenda.n; i++) {
		size_t na;
		const struct matter_assignee *a =
			matter_page_assignees(&d.agenda, d.agenda.items[i].id, &na);
		json_array_append_new(agenda, api_matter_json(r->st, &d.agenda.items[i], a, na, today,
							      &memo));
	}
	api_div_memo_release(&memo);
	json_object_set_new(j, "agenda", agenda);
	json_t *inv = json_array();
	for (size_t i = 0; i < d.n_invited; i++) {
		const struct org *o = &d.invited[i];
		char c[8];
		snprintf(c, sizeof(c), "%.6s", o->division_code);
		json_array_append_new(inv, json_pack("{s:I, s:s, s:s, s:o}", "id",
			(json_int_t)o->id, "name", o->name, "county_code", c, "secretary",
			o->secretary_id ? json_pack("{s:I, s:s}", "id", (json_int_t)o->secretary_id,
						   "name", o->secretary_name) : json_null()));
	}
	json_object_set_new(j, "invited", inv);
	json_t *att = json_array();
	for (size_t i = 0; i < d.n_attendees; i++) {
		const struct person *p = &d.attendees[i];
		char c[8];
		snprintf(c, sizeof(c), "%.6s", p->division_code);
		json_array_append_new(att, json_pack("{s:I, s:s, s:s, s:s}", "person_id",
			(json_int_t)p->id, "name", p->name, "org_name", p->org_name, "county_code", c));
	}
	json_object_set_new(j, "attendance", att);
	json_t *bylist = json_array();
	for (size_t i = 0; i < d.n_by_county; i++)
		json_array_append_new(bylist, json_pack("{s:s, s:s, s:I}", "code", d.by_county[i].code,
			"name", d.by_county[i].name, "n", (json_int_t)d.by_county[i].n));
	json_object_set_new(j, "attendance_by_county", bylist);
	json_t *dec = json_array();
	for (size_t i = 0; i < d.n_decisions; i++) {
		const struct decision *dd = &d.decisions[i];
		json_t *detail = json_loads(dd->detail, 0, NULL);
		json_array_append_new(dec, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o}",
			"id", (json_int_t)dd->id, "matter_id", (json_int_t)dd->matter_id,
			"matter_title", dd->matter_title, "action", dd->action,
			"note", dd->note, "detail", detail ? detail : json_object(),
			"created_at", api_time(dd->created_at_ms)));
	}
	json_object_set_new(j, "decisions", dec);
	json_object_set_new(j, "can_edit", json_boolean(d.can_edit));
	meeting_detail_release(&d);
	resp_json(r, status, j);
	return ERR_OK;
}

static enum err_code api_meetings_create(struct request *r, struct err *e)
{
	struct meeting_input in;
	struct meeting m;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &meeting_schema, &in, e)))
		return rc;
	rc = meeting_convene(r->st, &r->who, &in, date_today_shanghai(), &m, e);
	return rc ? rc : meeting_reply(r, m.id, 201, e);
}

static enum err_code api_meetings_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t unit_id, alliance_id;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "unit_id", &unit_id, e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)))
		return rc;
	struct meeting *m = NULL;
	size_t n = 0;
	struct policy_reach reach;
	if ((rc = policy_reach_load(r->st, &r->who, &reach, e)))
		return rc;
	rc = r->st->meeting->list(r->st, unit_id, alliance_id, reach.alliance_set, pg, &m, &n, e);
	policy_reach_release(&reach);
	if (rc)
		return rc;
	json_t *items = json_array();
	int32_t today = date_today_shanghai();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, meeting_summary(r->st, &m[i], today));
	api_list_by_id(r, items, n, pg, n ? m[n - 1].id : 0);
	free(m);
	return ERR_OK;
}

static enum err_code api_meetings_get(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : meeting_reply(r, id, 200, e);
}

static enum err_code api_meetings_attendance(struct request *r, struct err *e)
{
	int64_t id;
	struct attendance_body b;
	enum err_code rc;
	b.n = 0;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &attendance_schema, &b, e)) ||
	    (rc = meeting_attendance(r->st, &r->who, id, b.ids, b.n, date_today_shanghai(), e)))
		return rc;
	return meeting_reply(r, id, 200, e);
}

static enum err_code api_meetings_minutes(struct request *r, struct err *e)
{
	int64_t id;
	struct minutes_body b = { "", 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &minutes_schema, &b, e)) ||
	    (rc = meeting_minutes(r->st, &r->who, id, b.text, b.clear, date_today_shanghai(),
				       e)))
		return rc;
	return meeting_reply(r, id, 200, e);
}

static enum err_code api_meetings_decide(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	struct decision_input in;
	struct decision d;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &decision_schema, &in, e)) ||
	    (rc = meeting_decide(r->st, &r->who, id, &in, date_today_shanghai(), &d, e)))
		return rc;
	return meeting_reply(r, id, 201, e);
}

static enum err_code api_meetings_patch(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	struct meeting_patch *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->n_agenda = p->n_invites = (size_t)-1; /* -1: not sent */
	if (!(rc = jsonx_decode_into(r->json, &patch_schema, p, e))) {
		p->has_agenda = p->n_agenda != (size_t)-1;
		p->has_invites = p->n_invites != (size_t)-1;
		if (!p->has_agenda)
			p->n_agenda = 0;
		if (!p->has_invites)
			p->n_invites = 0;
		if (!p->title && !p->held_on && !p->place_division && !p->has_agenda &&
		    !p->has_invites)
			rc = err_set(e, ERR_INVALID, NULL, "请至少修改一项：会议名称、日期、地点、议程或受邀党组织");
	}
	if (!rc)
		rc = meeting_change(r->st, &r->who, id, p, date_today_shanghai(), e);
	free(p);
	return rc ? rc : meeting_reply(r, id, 200, e);
}

static enum err_code api_meetings_cancel(struct request *r, struct err *e)
{
	int64_t id;
	struct cancel_body b = { NULL };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &cancel_schema, &b, e)) ||
	    (rc = meeting_cancel(r->st, &r->who, id, b.reason, date_today_shanghai(), e)))
		return rc;
	return meeting_reply(r, id, 200, e);
}

const struct route api_meeting_routes[] = {
	{ M_POST, "/api/v1/meetings", api_meetings_create, PERM_SIGNED_IN, &meeting_schema, 0, 0 },
	{ M_GET, "/api/v1/meetings", api_meetings_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/meetings/{id}", api_meetings_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/meetings/{id}", api_meetings_patch, PERM_SIGNED_IN, &patch_schema, 0, 0 },
	{ M_POST, "/api/v1/meetings/{id}/cancel", api_meetings_cancel, PERM_SIGNED_IN, &cancel_schema, 0, 0 },
	{ M_PUT, "/api/v1/meetings/{id}/attendance", api_meetings_attendance, PERM_SIGNED_IN, &attendance_schema, 0, 0 },
	{ M_PUT, "/api/v1/meetings/{id}/minutes", api_meetings_minutes, PERM_SIGNED_IN, &minutes_schema, 0, 0 },
	{ M_POST, "/api/v1/meetings/{id}/decisions", api_meetings_decide, PERM_SIGNED_IN, &decision_schema, 0, 0 },
	{ 0 }
};
