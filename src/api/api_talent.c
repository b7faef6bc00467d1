/* api_talent.c - the 人才 line: /api/v1/secondments (下挂 / 蹲点). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/talent.h"
#include "domain/vocab.h"

static const struct jfield secondment_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct secondment_input, alliance_id) },
	{ .name = "person_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct secondment_input, person_id) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_secondment_kinds,
	  JD_PTR(struct secondment_input, kind) },
	{ .name = "from_org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct secondment_input, from_org_id) },
	{ .name = "to_org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct secondment_input, to_org_id) },
	{ .name = "starts_on", .type = J_DATE, .required = 1,
	  JD_DATE(struct secondment_input, starts_on) },
	{ .name = "ends_on", .type = J_DATE, .nullable = 1,
	  JD_DATE(struct secondment_input, ends_on) },
	{ 0 }
};
static const struct jschema secondment_schema = { secondment_fields };

static json_t *day_json(int32_t day)
{
	char d[11];
	if (!day)
		return json_null();
	date_format(day, d);
	return json_string(d);
}

static json_t *secondment_json(const struct secondment *s)
{
	return json_pack("{s:I, s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:{s:I, s:s}, s:{s:I, s:s},"
			 " s:s, s:o, s:o, s:o}",
		"id", (json_int_t)s->id, "alliance_id", (json_int_t)s->alliance_id, "line", s->line,
		"person", "id", (json_int_t)s->person_id, "name", s->person_name,
		"kind", s->kind, "kind_label", vocab_label(vocab_secondment_kinds, s->kind),
		"from_org", "id", (json_int_t)s->from_org_id, "name", s->from_org_name,
		"to_org", "id", (json_int_t)s->to_org_id, "name", s->to_org_name,
		"county_code", s->county_code, "starts_on", day_json(s->starts_on),
		"ends_on", day_json(s->ends_on), "created_at", api_time(s->created_at_ms));
}

static enum err_code api_secondments_create(struct request *r, struct err *e)
{
	struct secondment_input in;
	struct secondment s;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &secondment_schema, &in, e)) ||
	    (rc = secondment_create(r->st, &r->who, &in, date_today_shanghai(), &s, e)))
		return rc;
	resp_json(r, 201, secondment_json(&s));
	return ERR_OK;
}

static enum err_code api_secondments_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t alliance_id;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)))
		return rc;
	struct secondment *s = NULL;
	size_t n = 0;
	if ((rc = r->st->talent->secondment_list(r->st, alliance_id, pg, &s, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, secondment_json(&s[i]));
	api_list_by_id(r, items, n, pg, n ? s[n - 1].id : 0);
	free(s);
	return ERR_OK;
}

static enum err_code api_secondments_get(struct request *r, struct err *e)
{
	int64_t id;
	struct secondment s;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = r->st->talent->secondment_get(r->st, id, &s, e)))
		return rc;
	resp_json(r, 200, secondment_json(&s));
	return ERR_OK;
}

const struct route api_talent_routes[] = {
	{ M_POST, "/api/v1/secondments", api_secondments_create, PERM_SIGNED_IN, &secondment_schema, 0, 0 },
	{ M_GET, "/api/v1/secondments", api_secondments_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/secondments/{id}", api_secondments_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
