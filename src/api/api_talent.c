/* api_talent.c - the 人才 line: /api/v1/secondments (下挂 / 蹲点) and /api/v1/talents. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_records.h"
#include "domain/reach.h"
#include "core/date.h"
#include "domain/talent.h"
#include "domain/vocab.h"
#include "store/store_division.h"

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

static const struct jfield talent_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = TALENT_NAME_MAX_CHARS,
	  JD_PTR(struct talent_input, name) },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_talent_kinds,
	  JD_PTR(struct talent_input, kind) },
	{ .name = "from_county", .type = J_STR, .required = 1, .min = 6, .max = 6,
	  JD_PTR(struct talent_input, from_county) },
	{ .name = "division", .type = J_STR, .min = 6, .max = 12, .nullable = 1,
	  JD_PTR(struct talent_input, division) },
	{ .name = "enterprise_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct talent_input, enterprise_id) },
	{ .name = "introduced_on", .type = J_DATE, .nullable = 1,
	  JD_DATE(struct talent_input, introduced_on) },
	{ .name = "note", .type = J_STR, .min = 0, .max = TALENT_NOTE_MAX_CHARS, .nullable = 1,
	  JD_PTR(struct talent_input, note) },
	{ 0 }
};
static const struct jschema talent_schema = { talent_fields };

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

static enum err_code read_secondments(struct store *st, int64_t alliance_id, const char *kind,
				   struct page pg, void **out, size_t *n, struct err *e)
{
	struct secondment *rows = NULL;
	enum err_code rc;
	(void)kind;
	rc = st->talent->secondment_list(st, alliance_id, pg, &rows, n, e);
	*out = rows;
	return rc;
}

static enum err_code read_secondment(struct store *st, int64_t id, void *out, struct err *e)
{
	return st->talent->secondment_get(st, id, out, e);
}

static json_t *secondment_record_json(struct store *st, const void *s, struct api_div_memo *memo)
{
	(void)st;
	(void)memo;
	return secondment_json(s);
}

static const struct api_records secondments = {
	NULL, sizeof(struct secondment), offsetof(struct secondment, id),
	offsetof(struct secondment, alliance_id), read_secondments, read_secondment,
	secondment_record_json,
};

static enum err_code api_secondments_list(struct request *r, struct err *e)
{
	return api_records_list(r, &secondments, e);
}

static enum err_code api_secondments_get(struct request *r, struct err *e)
{
	return api_records_get(r, &secondments, e);
}

static json_t *talent_json(struct store *st, const struct talent *t)
{
	struct division d;
	struct err ignored;
	const char *county = st->division->get(st, t->from_county, &d, &ignored) == ERR_OK ? d.name : "";
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:s, s:o}",
		"id", (json_int_t)t->id, "alliance_id", (json_int_t)t->alliance_id, "line", t->line,
		"name", t->name, "kind", t->kind, "kind_label", vocab_label(vocab_talent_kinds, t->kind),
		"from_county", "code", t->from_county, "name", county,
		"division", t->division_code[0] ? api_division_ref(st, t->division_code) : json_null(),
		"enterprise_id", t->enterprise_id ? json_integer(t->enterprise_id) : json_null(),
		"enterprise", t->enterprise_id ? json_pack("{s:I, s:s}", "id", (json_int_t)t->enterprise_id,
			"name", t->enterprise_name) : json_null(),
		"introduced_on", day_json(t->introduced_on), "note", t->note,
		"created_at", api_time(t->created_at_ms));
}

static enum err_code api_talents_create(struct request *r, struct err *e)
{
	struct talent_input in;
	struct talent t;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &talent_schema, &in, e)) ||
	    (rc = talent_create(r->st, &r->who, &in, date_today_shanghai(), &t, e)))
		return rc;
	resp_json(r, 201, talent_json(r->st, &t));
	return ERR_OK;
}

static enum err_code read_talents(struct store *st, int64_t alliance_id, const char *kind,
				struct page pg, void **out, size_t *n, struct err *e)
{
	struct talent *rows = NULL;
	enum err_code rc;
	(void)kind;
	rc = st->talent->talent_list(st, alliance_id, pg, &rows, n, e);
	*out = rows;
	return rc;
}

static enum err_code read_talent(struct store *st, int64_t id, void *out, struct err *e)
{
	return st->talent->talent_get(st, id, out, e);
}

static json_t *talent_record_json(struct store *st, const void *t, struct api_div_memo *memo)
{
	(void)memo;
	return talent_json(st, t);
}

static const struct api_records talents = {
	NULL, sizeof(struct talent), offsetof(struct talent, id),
	offsetof(struct talent, alliance_id), read_talents, read_talent, talent_record_json,
};

static enum err_code api_talents_list(struct request *r, struct err *e)
{
	return api_records_list(r, &talents, e);
}

static enum err_code api_talents_get(struct request *r, struct err *e)
{
	return api_records_get(r, &talents, e);
}

const struct route api_talent_routes[] = {
	{ M_POST, "/api/v1/secondments", api_secondments_create, PERM_SIGNED_IN, &secondment_schema, 0, 0 },
	{ M_GET, "/api/v1/secondments", api_secondments_list, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/secondments/{id}", api_secondments_get, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE },
	{ M_POST, "/api/v1/talents", api_talents_create, PERM_SIGNED_IN, &talent_schema, 0, 0 },
	{ M_GET, "/api/v1/talents", api_talents_list, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/talents/{id}", api_talents_get, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE },
	{ 0 }
};
