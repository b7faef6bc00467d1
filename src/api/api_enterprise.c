/*
 * api_enterprise.c - the 共兴实体经济 line's enterprises (两新组织,
 * /api/v1/enterprises) and 政金企 financing (/api/v1/financing with its
 * status changes and summary). Projects, referrals, fair sales:
 * api_economy.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/economy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_division.h"

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

/* ---- shapes ---- */

static json_t *day_json(int32_t day)
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

const struct route api_enterprise_routes[] = {
	{ M_POST, "/api/v1/enterprises", api_enterprises_create, PERM_SIGNED_IN, &enterprise_schema, 0, 0 },
	{ M_GET, "/api/v1/enterprises", api_enterprises_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/enterprises/{id}", api_enterprises_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/financing", api_financing_create, PERM_SIGNED_IN, &financing_schema, 0, 0 },
	{ M_GET, "/api/v1/financing", api_financing_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/financing/summary", api_financing_summary, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/financing/{id}", api_financing_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/financing/{id}/status", api_financing_status, PERM_SIGNED_IN, &financing_status_schema, 0, 0 },
	{ 0 }
};
