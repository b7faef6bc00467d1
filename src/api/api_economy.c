/*
 * api_economy.c - the 共兴实体经济 line: /api/v1/enterprises,
 * /api/v1/projects (stage, funds, team), /api/v1/financing (status,
 * summary), /api/v1/routes/{id}/referrals and /api/v1/activities/{id}/sales
 * (a fair's sales, shown in the activity's detail via api_fair_sales_json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/economy.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_division.h"
#include "store/store_matter.h"
#include "store/store_org.h"
#include "store/store_talent.h"

/* ---- schemas ---- */

static const struct jfield enterprise_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct enterprise_input, alliance_id) },
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = ENTERPRISE_NAME_MAX_CHARS,
	  JD_PTR(struct enterprise_input, name) },
	{ .name = "uscc", .type = J_STR, .required = 1, .min = 1, .max = 40,
	  JD_PTR(struct enterprise_input, uscc) },
	{ .name = "division", .type = J_STR, .required = 1, .min = 6, .max = 12,
	  JD_PTR(struct enterprise_input, division) },
	{ .name = "industry", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_industries,
	  JD_PTR(struct enterprise_input, industry) },
	{ 0 }
};
static const struct jschema enterprise_schema = { enterprise_fields };

static const struct jfield project_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct project_input, alliance_id) },
	{ .name = "unit_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct project_input, unit_id) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_project_kinds,
	  JD_PTR(struct project_input, kind) },
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = PROJECT_NAME_MAX_CHARS,
	  JD_PTR(struct project_input, name) },
	{ .name = "line", .type = J_STR, .min = 1, .max = 16, .one_of = vocab_categories, .nullable = 1,
	  JD_PTR(struct project_input, line) },
	{ .name = "divisions", .type = J_ARR_STR, .required = 1, .min = 1, .max = 16,
	  JD_PTRS(struct project_input, divisions, n_divisions) },
	{ .name = "stage", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_project_stages,
	  JD_PTR(struct project_input, stage) },
	{ .name = "stage_on", .type = J_DATE, .nullable = 1,
	  JD_DATE(struct project_input, stage_on) },
	{ .name = "investment_fen", .type = J_INT, .min = 0, .max = 100000000000000, .nullable = 1,
	  .if_null = -1, JD_I64(struct project_input, investment_fen) },
	{ .name = "jobs", .type = J_INT, .min = 0, .max = 10000000, .nullable = 1,
	  .if_null = -1, JD_I64(struct project_input, jobs) },
	{ .name = "income_per_head_fen", .type = J_INT, .min = 0, .max = 10000000000, .nullable = 1,
	  .if_null = -1, JD_I64(struct project_input, income_per_head_fen) },
	{ .name = "length_m", .type = J_INT, .min = 0, .max = 10000000, .nullable = 1,
	  .if_null = -1, JD_I64(struct project_input, length_m) },
	{ .name = "enterprise_ids", .type = J_ARR_INT, .min = 0, .max = 64,
	  JD_IDS(struct project_input, enterprise_ids, n_enterprise_ids) },
	{ .name = "talent_ids", .type = J_ARR_INT, .min = 0, .max = 64,
	  JD_IDS(struct project_input, talent_ids, n_talent_ids) },
	{ .name = "matter_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct project_input, matter_id) },
	{ 0 }
};
static const struct jschema project_schema = { project_fields };

static const struct jfield stage_fields[] = {
	{ .name = "to", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_project_stages,
	  JD_PTR(struct stage_input, to) },
	{ .name = "on", .type = J_DATE, .required = 1, JD_DATE(struct stage_input, on) },
	{ .name = "note", .type = J_STR, .min = 0, .max = PROJECT_NOTE_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct stage_input, note) },
	{ 0 }
};
static const struct jschema stage_schema = { stage_fields };

static const struct jfield fund_fields[] = {
	{ .name = "source", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_fund_sources,
	  JD_PTR(struct fund_input, source) },
	{ .name = "county_code", .type = J_STR, .min = 6, .max = 6, .nullable = 1,
	  JD_PTR(struct fund_input, county_code) },
	{ .name = "amount_fen", .type = J_INT, .required = 1, .min = 1, .max = 10000000000000,
	  JD_I64(struct fund_input, amount_fen) },
	{ .name = "on", .type = J_DATE, .required = 1, JD_DATE(struct fund_input, on) },
	{ .name = "note", .type = J_STR, .min = 0, .max = PROJECT_NOTE_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct fund_input, note) },
	{ 0 }
};
static const struct jschema fund_schema = { fund_fields };

static const struct jfield team_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = TEAM_NAME_MAX_CHARS,
	  JD_PTR(struct team_input, name) },
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 200,
	  JD_IDS(struct team_input, person_ids, n_person_ids) },
	{ 0 }
};
static const struct jschema team_schema = { team_fields };

static const struct jfield financing_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct financing_input, alliance_id) },
	{ .name = "enterprise_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct financing_input, enterprise_id) },
	{ .name = "lender", .type = J_STR, .required = 1, .min = 1, .max = LENDER_MAX_CHARS,
	  JD_PTR(struct financing_input, lender) },
	{ .name = "amount_fen", .type = J_INT, .required = 1, .min = 1, .max = 10000000000000,
	  JD_I64(struct financing_input, amount_fen) },
	{ .name = "on", .type = J_DATE, .required = 1, JD_DATE(struct financing_input, on) },
	{ .name = "status", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_financing_statuses,
	  JD_PTR(struct financing_input, status) },
	{ 0 }
};
static const struct jschema financing_schema = { financing_fields };

struct status_body {
	const char *status;
	int32_t on;
};

static const struct jfield financing_status_fields[] = {
	{ .name = "status", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_financing_statuses,
	  JD_PTR(struct status_body, status) },
	{ .name = "on", .type = J_DATE, .nullable = 1, JD_DATE(struct status_body, on) },
	{ 0 }
};
static const struct jschema financing_status_schema = { financing_status_fields };

static const struct jfield referral_fields[] = {
	{ .name = "month", .type = J_STR, .required = 1, .min = 7, .max = 7,
	  JD_PTR(struct referral_input, month) },
	{ .name = "from_county", .type = J_STR, .required = 1, .min = 6, .max = 6,
	  JD_PTR(struct referral_input, from_county) },
	{ .name = "to_county", .type = J_STR, .required = 1, .min = 6, .max = 6,
	  JD_PTR(struct referral_input, to_county) },
	{ .name = "visitors", .type = J_INT, .required = 1, .min = 1, .max = 100000000,
	  JD_I64(struct referral_input, visitors) },
	{ 0 }
};
static const struct jschema referral_schema = { referral_fields };

static const struct jfield sale_item_fields[] = {
	{ .name = "org_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct sale_input, org_id) },
	{ .name = "enterprise_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct sale_input, enterprise_id) },
	{ .name = "label", .type = J_STR, .min = 1, .max = SALE_LABEL_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct sale_input, label) },
	{ .name = "amount_fen", .type = J_INT, .required = 1, .min = 0, .max = 10000000000000,
	  JD_I64(struct sale_input, amount_fen) },
	{ 0 }
};
static const struct jschema sale_item_schema = { sale_item_fields };

static const struct jfield sales_fields[] = {
	{ .name = "hours", .type = J_NUM, .required = 1, .min = 0, .max = 720,
	  JD_DBL(struct sales_input, hours) },
	{ .name = "items", .type = J_ARR_OBJ, .required = 1, .min = 0, .max = 200,
	  .sub = &sale_item_schema, JD_OBJS(struct sales_input, items, n_items) },
	{ 0 }
};
static const struct jschema sales_schema = { sales_fields };

/* ---- shapes ---- */

static json_t *day_json(int32_t day)
{
	char d[11];
	if (!day)
		return json_null();
	date_format(day, d);
	return json_string(d);
}

static json_t *opt_num(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *county_ref(struct store *st, const char *code)
{
	struct division d;
	struct err ignored;
	const char *name = code[0] && st->division->get(st, code, &d, &ignored) == ERR_OK ? d.name : "";
	return json_pack("{s:s, s:s}", "code", code, "name", name);
}

static json_t *enterprise_json(struct store *st, const struct enterprise *x,
			       struct api_div_memo *memo)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:o}",
		"id", (json_int_t)x->id, "alliance_id", (json_int_t)x->alliance_id, "line", x->line,
		"name", x->name, "uscc", x->uscc,
		"division", api_division_ref_memo(st, x->division_code, memo),
		"county_code", x->county_code, "county", county_ref(st, x->county_code),
		"industry", x->industry, "industry_label", vocab_label(vocab_industries, x->industry),
		"created_at", api_time(x->created_at_ms));
}

static json_t *project_json(struct store *st, const struct project *p, const char (*divs)[16],
			    size_t n_divs, struct api_div_memo *memo)
{
	json_t *d = json_array();
	for (size_t i = 0; i < n_divs; i++)
		json_array_append_new(d, api_division_ref_memo(st, divs[i], memo));
	return json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o,"
			 " s:o, s:o, s:o, s:I, s:I, s:o}",
		"id", (json_int_t)p->id, "alliance_id", (json_int_t)p->alliance_id,
		"unit_id", p->unit_id ? json_integer(p->unit_id) : json_null(),
		"kind", p->kind, "kind_label", vocab_label(vocab_project_kinds, p->kind),
		"line", p->line, "line_label", vocab_label(vocab_categories, p->line),
		"name", p->name, "stage", p->stage,
		"stage_label", vocab_label(vocab_project_stages, p->stage),
		"stage_on", day_json(p->stage_on), "investment_fen", opt_num(p->investment_fen),
		"jobs", opt_num(p->jobs), "income_per_head_fen", opt_num(p->income_per_head_fen),
		"length_m", opt_num(p->length_m), "divisions", d,
		"matter_id", p->matter_id ? json_integer(p->matter_id) : json_null(),
		"funds_total_fen", (json_int_t)p->funds_total_fen,
		"team_members", (json_int_t)p->team_members, "created_at", api_time(p->created_at_ms));
}

static json_t *project_detail_json(struct request *r, const struct project_view *v)
{
	struct store *st = r->st;
	struct err ignored;
	json_t *j = project_json(st, &v->p, (const char (*)[16])v->divisions, v->n_divisions, NULL);
	struct matter *m = malloc(sizeof(*m));
	if (!m)
		abort();
	if (v->p.matter_id && st->matter->get(st, v->p.matter_id, m, &ignored) == ERR_OK)
		json_object_set_new(j, "matter", json_pack("{s:I, s:s, s:s, s:s}",
			"id", (json_int_t)m->id, "title", m->title, "status", m->status,
			"status_label", vocab_label(vocab_statuses, m->status)));
	else
		json_object_set_new(j, "matter", json_null());
	free(m);
	json_t *by = json_array();
	for (int i = 0; i < ECONOMY_N_SOURCES; i++)
		json_array_append_new(by, json_pack("{s:s, s:s, s:I}",
			"source", vocab_fund_sources[i].key, "label", vocab_fund_sources[i].label,
			"amount_fen", (json_int_t)v->by_source[i]));
	json_object_set_new(j, "funds_by_source", by);
	json_t *funds = json_array();
	for (size_t i = 0; i < v->n_funds; i++) {
		const struct project_fund *f = &v->funds[i];
		json_array_append_new(funds, json_pack("{s:I, s:s, s:s, s:o, s:I, s:o, s:s}",
			"id", (json_int_t)f->id, "source", f->source,
			"source_label", vocab_label(vocab_fund_sources, f->source),
			"county_code", f->county_code[0] ? json_string(f->county_code) : json_null(),
			"amount_fen", (json_int_t)f->amount_fen, "on", day_json(f->on),
			"note", f->note));
	}
	json_object_set_new(j, "funds", funds);
	json_t *stages = json_array();
	for (size_t i = 0; i < v->n_stages; i++) {
		const struct project_stage_rec *s = &v->stages[i];
		json_array_append_new(stages, json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:s, s:o, s:o}",
			"id", (json_int_t)s->id,
			"from", s->from[0] ? json_string(s->from) : json_null(),
			"from_label", s->from[0] ? json_string(vocab_label(vocab_project_stages, s->from))
						 : json_null(),
			"to", s->to, "to_label", vocab_label(vocab_project_stages, s->to),
			"on", day_json(s->on), "note", s->note,
			"user", s->user_id ? json_pack("{s:I, s:s}", "id", (json_int_t)s->user_id,
						       "name", s->user_name) : json_null(),
			"at", api_time(s->at_ms)));
	}
	json_object_set_new(j, "stages", stages);
	if (v->has_team) {
		json_t *members = json_array();
		for (size_t i = 0; i < v->team.n_members; i++) {
			struct person p;
			if (st->org->person_get(st, v->team.members[i], &p, &ignored) != ERR_OK)
				continue;
			char c[8];
			snprintf(c, sizeof(c), "%.6s", p.division_code);
			int visible = policy_can_view_phone(st, &r->who, c);
			json_array_append_new(members, json_pack("{s:I, s:s, s:s, s:s, s:o, s:b}",
				"id", (json_int_t)p.id, "name", p.name, "org_name", p.org_name,
				"county_code", c,
				"phone", visible && p.phone[0] ? json_string(p.phone) : json_null(),
				"phone_hidden", !visible && p.phone[0]));
		}
		json_object_set_new(j, "team", json_pack("{s:s, s:o, s:o}", "name", v->team.name,
			"formed_on", day_json(v->team.formed_on), "members", members));
	} else {
		json_object_set_new(j, "team", json_null());
	}
	json_t *ents = json_array();
	for (size_t i = 0; i < v->n_enterprise_ids; i++) {
		struct enterprise n;
		if (st->economy->enterprise_get(st, v->enterprise_ids[i], &n, &ignored) == ERR_OK)
			json_array_append_new(ents, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)n.id,
				"name", n.name, "uscc", n.uscc));
	}
	json_object_set_new(j, "enterprises", ents);
	json_t *tals = json_array();
	struct talent *t = malloc(sizeof(*t));
	if (!t)
		abort();
	for (size_t i = 0; i < v->n_talent_ids; i++)
		if (st->talent->talent_get(st, v->talent_ids[i], t, &ignored) == ERR_OK)
			json_array_append_new(tals, json_pack("{s:I, s:s, s:s, s:s}",
				"id", (json_int_t)t->id, "name", t->name, "kind", t->kind,
				"kind_label", vocab_label(vocab_talent_kinds, t->kind)));
	free(t);
	json_object_set_new(j, "talents", tals);
	json_object_set_new(j, "can_manage", json_boolean(v->can_manage));
	return j;
}

static json_t *financing_json(const struct financing *f)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:{s:I, s:s, s:s}, s:s, s:I, s:o, s:s, s:s, s:o}",
		"id", (json_int_t)f->id, "alliance_id", (json_int_t)f->alliance_id, "line", f->line,
		"enterprise_id", (json_int_t)f->enterprise_id,
		"enterprise", "id", (json_int_t)f->enterprise_id, "name", f->enterprise_name,
		"county_code", f->county_code,
		"lender", f->lender, "amount_fen", (json_int_t)f->amount_fen, "on", day_json(f->on),
		"status", f->status, "status_label", vocab_label(vocab_financing_statuses, f->status),
		"created_at", api_time(f->created_at_ms));
}

/* ---- enterprises ---- */

static enum err_code api_enterprises_create(struct request *r, struct err *e)
{
	struct enterprise_input in;
	struct enterprise x;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &enterprise_schema, &in, e)) ||
	    (rc = enterprise_create(r->st, &r->who, &in, &x, e)))
		return rc;
	resp_json(r, 201, enterprise_json(r->st, &x, NULL));
	return ERR_OK;
}

static enum err_code api_enterprises_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct enterprise_filter f;
	enum err_code rc;
	memset(&f, 0, sizeof(f));
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &f.alliance_id, e)) ||
	    (rc = req_query_text(r, "q", 64, &f.q, e)) ||
	    (rc = req_query_code(r, "county", api_county_code_lengths, 0, &f.county, e)))
		return rc;
	if (f.q && !f.q[0])
		f.q = NULL;
	struct enterprise *x = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &f.alliance_id, e)) ||
	    (rc = r->st->economy->enterprise_list(r->st, &f, pg, &x, &n, e)))
		return rc;
	struct api_div_memo memo = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, enterprise_json(r->st, &x[i], &memo));
	api_div_memo_release(&memo);
	api_list_by_id(r, items, n, pg, n ? x[n - 1].id : 0);
	free(x);
	return ERR_OK;
}

static enum err_code api_enterprises_get(struct request *r, struct err *e)
{
	int64_t id;
	struct enterprise x;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = enterprise_read(r->st, &r->who, id, &x, e)))
		return rc;
	struct financing_filter f = { .alliance_id = x.alliance_id, .enterprise_id = x.id };
	struct page all = { NULL, 0 };
	struct financing *rows = NULL;
	size_t n = 0;
	struct financing_summary s;
	if ((rc = r->st->economy->financing_list(r->st, &f, all, &rows, &n, e)) ||
	    (rc = financing_summarize(rows, n, &s, e))) {
		free(rows);
		return rc;
	}
	free(rows);
	json_t *j = enterprise_json(r->st, &x, NULL);
	json_object_set_new(j, "financing", json_pack("{s:I, s:I, s:I, s:I}",
		"granted_fen", (json_int_t)s.granted_fen, "granted_count", (json_int_t)s.granted_count,
		"applied_count", (json_int_t)s.applied_count,
		"declined_count", (json_int_t)s.declined_count));
	financing_summary_release(&s);
	resp_json(r, 200, j);
	return ERR_OK;
}

/* ---- projects ---- */

static enum err_code project_reply(struct request *r, int64_t id, int status, struct err *e)
{
	struct project_view *v = malloc(sizeof(*v));
	if (!v)
		abort();
	enum err_code rc = project_view_get(r->st, &r->who, id, v, e);
	if (!rc) {
		resp_json(r, status, project_detail_json(r, v));
		project_view_release(v);
	}
	free(v);
	return rc;
}

static enum err_code api_projects_create(struct request *r, struct err *e)
{
	struct project_input *in = malloc(sizeof(*in));
	int64_t id = 0;
	if (!in)
		abort();
	project_input_init(in);
	enum err_code rc = jsonx_decode_into(r->json, &project_schema, in, e);
	if (!rc)
		rc = project_create(r->st, &r->who, in, date_today_shanghai(), &id, e);
	free(in);
	return rc ? rc : project_reply(r, id, 201, e);
}

static enum err_code api_projects_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct project_filter f;
	enum err_code rc;
	memset(&f, 0, sizeof(f));
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &f.alliance_id, e)) ||
	    (rc = api_query_vocab(r, "kind", vocab_project_kinds, &f.kind, e)) ||
	    (rc = api_query_vocab(r, "stage", vocab_project_stages, &f.stage, e)))
		return rc;
	struct project *p = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &f.alliance_id, e)) ||
	    (rc = r->st->economy->project_list(r->st, &f, pg, &p, &n, e)))
		return rc;
	struct api_div_memo memo = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		char divs[PROJECT_MAX_DIVISIONS][16];
		size_t nd = 0;
		if ((rc = r->st->economy->project_divisions(r->st, p[i].id, divs, &nd, e)))
			break;
		json_array_append_new(items, project_json(r->st, &p[i], (const char (*)[16])divs, nd,
							  &memo));
	}
	api_div_memo_release(&memo);
	if (rc) {
		json_decref(items);
		free(p);
		return rc;
	}
	api_list_by_id(r, items, n, pg, n ? p[n - 1].id : 0);
	free(p);
	return ERR_OK;
}

static enum err_code api_projects_get(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : project_reply(r, id, 200, e);
}

static enum err_code api_projects_stage(struct request *r, struct err *e)
{
	int64_t id;
	struct stage_input in;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &stage_schema, &in, e)) ||
	    (rc = project_change_stage(r->st, &r->who, id, &in, date_today_shanghai(), e)))
		return rc;
	return project_reply(r, id, 200, e);
}

static enum err_code api_projects_funds(struct request *r, struct err *e)
{
	int64_t id;
	struct fund_input in;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &fund_schema, &in, e)) ||
	    (rc = project_add_fund(r->st, &r->who, id, &in, date_today_shanghai(), e)))
		return rc;
	return project_reply(r, id, 201, e);
}

static enum err_code api_projects_team(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	struct team_input *in = calloc(1, sizeof(*in));
	if (!in)
		abort();
	if (!(rc = req_param_id(r, 0, &id, e)) &&
	    !(rc = jsonx_decode_into(r->json, &team_schema, in, e)))
		rc = project_set_team(r->st, &r->who, id, in, date_today_shanghai(), e);
	free(in);
	return rc ? rc : project_reply(r, id, 200, e);
}

/* ---- financing ---- */

static enum err_code api_financing_create(struct request *r, struct err *e)
{
	struct financing_input in;
	struct financing f;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &financing_schema, &in, e)) ||
	    (rc = financing_create(r->st, &r->who, &in, date_today_shanghai(), &f, e)))
		return rc;
	resp_json(r, 201, financing_json(&f));
	return ERR_OK;
}

static enum err_code api_financing_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct financing_filter f;
	enum err_code rc;
	memset(&f, 0, sizeof(f));
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &f.alliance_id, e)) ||
	    (rc = api_query_vocab(r, "status", vocab_financing_statuses, &f.status, e)) ||
	    (rc = req_query_id(r, "enterprise_id", &f.enterprise_id, e)) ||
	    (rc = req_query_text(r, "lender", LENDER_MAX_CHARS, &f.lender, e)))
		return rc;
	if (f.lender && !f.lender[0])
		f.lender = NULL;
	struct financing *x = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &f.alliance_id, e)) ||
	    (rc = r->st->economy->financing_list(r->st, &f, pg, &x, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, financing_json(&x[i]));
	api_list_by_id(r, items, n, pg, n ? x[n - 1].id : 0);
	free(x);
	return ERR_OK;
}

static json_t *groups_json(struct store *st, const struct financing_group *g, size_t n,
			   int county)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = county ? county_ref(st, g[i].key) : json_pack("{s:s}", "lender", g[i].key);
		json_object_set_new(o, "enterprises", json_integer(g[i].enterprises));
		json_object_set_new(o, "granted_fen", json_integer(g[i].granted_fen));
		json_object_set_new(o, "granted_count", json_integer(g[i].granted_count));
		json_array_append_new(a, o);
	}
	return a;
}

static enum err_code api_financing_summary(struct request *r, struct err *e)
{
	struct financing_filter f;
	enum err_code rc;
	memset(&f, 0, sizeof(f));
	if ((rc = req_query_id(r, "alliance_id", &f.alliance_id, e)) ||
	    (rc = req_query_date(r, "from", 0, &f.from, e)) ||
	    (rc = req_query_date(r, "to", 0, &f.to, e)) ||
	    (rc = reach_list_filter(r->st, &r->who, &f.alliance_id, e)))
		return rc;
	if (f.from && f.to && f.to < f.from)
		return err_set(e, ERR_INVALID, "to", "结束日期不能早于开始日期");
	struct page all = { NULL, 0 };
	struct financing *rows = NULL;
	size_t n = 0;
	struct financing_summary s;
	if ((rc = r->st->economy->financing_list(r->st, &f, all, &rows, &n, e)) ||
	    (rc = financing_summarize(rows, n, &s, e))) {
		free(rows);
		return rc;
	}
	free(rows);
	resp_json(r, 200, json_pack("{s:I, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
		"alliance_id", (json_int_t)(f.alliance_id > 0 ? f.alliance_id : 0),
		"from", day_json(f.from), "to", day_json(f.to),
		"enterprises_financed", (json_int_t)s.enterprises_financed,
		"granted_fen", (json_int_t)s.granted_fen, "granted_count", (json_int_t)s.granted_count,
		"applied_count", (json_int_t)s.applied_count, "applied_fen", (json_int_t)s.applied_fen,
		"declined_count", (json_int_t)s.declined_count,
		"by_county", groups_json(r->st, s.by_county, s.n_by_county, 1),
		"by_lender", groups_json(r->st, s.by_lender, s.n_by_lender, 0)));
	financing_summary_release(&s);
	return ERR_OK;
}

static enum err_code api_financing_get(struct request *r, struct err *e)
{
	int64_t id;
	struct financing f;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = financing_read(r->st, &r->who, id, &f, e)))
		return rc;
	resp_json(r, 200, financing_json(&f));
	return ERR_OK;
}

static enum err_code api_financing_status(struct request *r, struct err *e)
{
	int64_t id;
	struct status_body in;
	struct financing f;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &financing_status_schema, &in, e)) ||
	    (rc = financing_change_status(r->st, &r->who, id, in.status, in.on,
					  date_today_shanghai(), &f, e)))
		return rc;
	resp_json(r, 200, financing_json(&f));
	return ERR_OK;
}

/* ---- referrals ---- */

static enum err_code referrals_reply(struct request *r, int64_t route_id, int status,
				     struct err *e)
{
	struct referral *x = NULL;
	size_t n = 0;
	enum err_code rc = referrals_read(r->st, &r->who, route_id, &x, &n, e);
	if (rc)
		return rc;
	json_t *items = json_array(), *months = json_array();
	int64_t total = 0, month_sum = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(items, json_pack("{s:s, s:o, s:o, s:I}", "month", x[i].month,
			"from_county", county_ref(r->st, x[i].from_county),
			"to_county", county_ref(r->st, x[i].to_county),
			"visitors", (json_int_t)x[i].visitors));
		total += x[i].visitors;
		month_sum += x[i].visitors;
		if (i + 1 == n || strcmp(x[i + 1].month, x[i].month) != 0) {
			json_array_append_new(months, json_pack("{s:s, s:I}", "month", x[i].month,
				"visitors", (json_int_t)month_sum));
			month_sum = 0;
		}
	}
	free(x);
	resp_json(r, status, json_pack("{s:I, s:I, s:o, s:o}", "route_id", (json_int_t)route_id,
		"total_visitors", (json_int_t)total, "items", items, "months", months));
	return ERR_OK;
}

static enum err_code api_referrals_create(struct request *r, struct err *e)
{
	int64_t id;
	struct referral_input in;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &referral_schema, &in, e)) ||
	    (rc = referral_record(r->st, &r->who, id, &in, date_today_shanghai(), e)))
		return rc;
	return referrals_reply(r, id, 201, e);
}

static enum err_code api_referrals_list(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc = req_param_id(r, 0, &id, e);
	return rc ? rc : referrals_reply(r, id, 200, e);
}

/* ---- fair sales ---- */

json_t *api_fair_sales_json(struct store *st, int64_t activity_id)
{
	struct fair_sales_view v;
	struct err e;
	if (fair_sales_view_get(st, activity_id, &v, &e) != ERR_OK || !v.recorded)
		return json_null();
	json_t *items = json_array();
	for (size_t i = 0; i < v.n_items; i++) {
		const struct fair_sale_item *s = &v.items[i];
		json_array_append_new(items, json_pack("{s:I, s:o, s:o, s:o, s:I}",
			"id", (json_int_t)s->id,
			"org", s->org_id ? json_pack("{s:I, s:s}", "id", (json_int_t)s->org_id,
						     "name", s->org_name) : json_null(),
			"enterprise", s->enterprise_id ? json_pack("{s:I, s:s}", "id",
				(json_int_t)s->enterprise_id, "name", s->enterprise_name) : json_null(),
			"label", s->label[0] ? json_string(s->label) : json_null(),
			"amount_fen", (json_int_t)s->amount_fen));
	}
	json_t *j = json_pack("{s:I, s:f, s:I, s:o}", "activity_id", (json_int_t)activity_id,
		"hours", (double)v.minutes / 60.0, "total_fen", (json_int_t)v.total_fen,
		"items", items);
	fair_sales_view_release(&v);
	return j;
}

static enum err_code api_sales_put(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	struct sales_input *in = calloc(1, sizeof(*in));
	if (!in)
		abort();
	if (!(rc = req_param_id(r, 0, &id, e)) &&
	    !(rc = jsonx_decode_into(r->json, &sales_schema, in, e)))
		rc = fair_sales_record(r->st, &r->who, id, in, e);
	free(in);
	if (rc)
		return rc;
	resp_json(r, 200, api_fair_sales_json(r->st, id));
	return ERR_OK;
}

const struct route api_economy_routes[] = {
	{ M_POST, "/api/v1/enterprises", api_enterprises_create, PERM_SIGNED_IN, &enterprise_schema, 0, 0 },
	{ M_GET, "/api/v1/enterprises", api_enterprises_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/enterprises/{id}", api_enterprises_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/projects", api_projects_create, PERM_SIGNED_IN, &project_schema, 0, 0 },
	{ M_GET, "/api/v1/projects", api_projects_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/projects/{id}", api_projects_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/projects/{id}/stage", api_projects_stage, PERM_SIGNED_IN, &stage_schema, 0, 0 },
	{ M_POST, "/api/v1/projects/{id}/funds", api_projects_funds, PERM_SIGNED_IN, &fund_schema, 0, 0 },
	{ M_PUT, "/api/v1/projects/{id}/team", api_projects_team, PERM_SIGNED_IN, &team_schema, 0, 0 },
	{ M_POST, "/api/v1/financing", api_financing_create, PERM_SIGNED_IN, &financing_schema, 0, 0 },
	{ M_GET, "/api/v1/financing", api_financing_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/financing/summary", api_financing_summary, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/financing/{id}", api_financing_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/financing/{id}/status", api_financing_status, PERM_SIGNED_IN, &financing_status_schema, 0, 0 },
	{ M_POST, "/api/v1/routes/{id}/referrals", api_referrals_create, PERM_SIGNED_IN, &referral_schema, 0, 0 },
	{ M_GET, "/api/v1/routes/{id}/referrals", api_referrals_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PUT, "/api/v1/activities/{id}/sales", api_sales_put, PERM_SIGNED_IN, &sales_schema, 0, 0 },
	{ 0 }
};
