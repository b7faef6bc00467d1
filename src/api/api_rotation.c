/* api_rotation.c - rosters, the duty schedule, swaps and handovers of a unit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/duty.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

struct swap_body {
	int32_t on;
	int64_t person_id;
	const char *reason;
};

static const struct jfield roster_fields[] = {
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 1, .max = 64,
	  JD_IDS(struct roster_input, person_ids, n) },
	{ .name = "term", .type = J_STR, .required = 1, .min = 1, .max = 8, .one_of = vocab_terms,
	  JD_PTR(struct roster_input, term) },
	{ .name = "starts_on", .type = J_DATE, .required = 1,
	  JD_DATE(struct roster_input, starts_on) },
	{ 0 }
};
static const struct jschema roster_schema = { roster_fields };

static const struct jfield swap_fields[] = {
	{ .name = "on", .type = J_DATE, .required = 1,
	  JD_DATE(struct swap_body, on) },
	{ .name = "person_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct swap_body, person_id) },
	{ .name = "reason", .type = J_STR, .required = 1, .min = 1, .max = SWAP_REASON_MAX_CHARS,
	  JD_PTR(struct swap_body, reason) },
	{ 0 }
};
static const struct jschema swap_schema = { swap_fields };

static enum err_code unit_id(struct request *r, int64_t *id, struct err *e)
{
	struct unit u;
	enum err_code rc = req_param_id(r, 0, id, e);
	if (rc)
		return rc;
	return reach_unit_get(r->st, &r->who, *id, &u, e);
}

static enum err_code api_roster_put(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	struct roster_input in = { .term = "" };
	int32_t first_new = 0;
	if ((rc = jsonx_decode_into(r->json, &roster_schema, &in, e)) ||
	    (rc = duty_set_roster(r->st, &r->who, id, &in, date_today_shanghai(), &first_new, e)))
		return rc;
	struct duty_term *t = NULL;
	size_t n = 0;
	if ((rc = duty_terms(r->st, id, first_new, first_new + 400, &t, &n, e)))
		return rc;
	json_t *terms = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(terms, api_term_json(&t[k]));
	free(t);
	char d[11];
	date_format(first_new, d);
	resp_json(r, 200, json_pack("{s:I, s:s, s:o}", "unit_id", (json_int_t)id, "effective_from",
				    d, "terms", terms));
	return ERR_OK;
}

static enum err_code api_rotation_get(struct request *r, struct err *e)
{
	int64_t id;
	int32_t from, to;
	enum err_code rc;
	if ((rc = unit_id(r, &id, e)) || (rc = req_query_date(r, "from", INT32_MIN / 2, &from, e)) ||
	    (rc = req_query_date(r, "to", INT32_MAX / 2, &to, e)))
		return rc;
	if (to < from)
		return err_set(e, ERR_INVALID, "to", "结束日期早于开始日期");
	struct duty_term *t = NULL;
	size_t n = 0;
	if ((rc = duty_terms(r->st, id, from, to, &t, &n, e)))
		return rc;
	json_t *terms = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(terms, api_term_json(&t[k]));
	free(t);
	resp_json(r, 200, json_pack("{s:I, s:o}", "unit_id", (json_int_t)id, "terms", terms));
	return ERR_OK;
}

static enum err_code api_duty_get(struct request *r, struct err *e)
{
	int64_t id;
	int32_t on;
	enum err_code rc;
	struct unit u;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = reach_unit_get(r->st, &r->who, id, &u, e)) ||
	    (rc = req_query_date(r, "on", date_today_shanghai(), &on, e)))
		return rc;
	struct duty_term t;
	if ((rc = duty_on(r->st, id, on, &t, e)))
		return rc;
	/* whether the reader may convene on that day: as the duty secretary,
	 * or (an alliance admin) only with a recorded reason */
	static const char *const convene[] = { "none", "duty", "override" };
	json_t *j = api_term_json(&t);
	json_object_set_new(j, "convene",
			    json_string(convene[policy_convene_right(r->st, &r->who, &u, on)]));
	resp_json(r, 200, j);
	return ERR_OK;
}

static enum err_code api_swaps_create(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	struct swap_body b = { .reason = "" };
	struct duty_term t;
	if ((rc = jsonx_decode_into(r->json, &swap_schema, &b, e)) ||
	    (rc = duty_swap(r->st, &r->who, id, b.on, b.person_id, b.reason,
			    date_today_shanghai(), &t, e)))
		return rc;
	resp_json(r, 201, api_term_json(&t));
	return ERR_OK;
}

static json_t *parsed(const char *s)
{
	json_t *v = s ? json_loads(s, 0, NULL) : NULL;
	return v ? v : json_array();
}

static enum err_code api_handovers_list(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = unit_id(r, &id, e)))
		return rc;
	struct handover *h = NULL;
	size_t n = 0;
	if ((rc = duty_handovers(r->st, id, date_today_shanghai(), &h, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t k = 0; k < n; k++) {
		char d[11];
		date_format(h[k].on_date, d);
		json_array_append_new(items, json_pack(
			"{s:I, s:I, s:s, s:{s:I, s:s}, s:{s:I, s:s}, s:o, s:o, s:o}",
			"id", (json_int_t)h[k].id, "term_idx", (json_int_t)h[k].term_idx, "on", d,
			"outgoing", "id", (json_int_t)h[k].outgoing_person_id, "name", h[k].outgoing_name,
			"incoming", "id", (json_int_t)h[k].incoming_person_id, "name", h[k].incoming_name,
			"open_matters", parsed(h[k].open_matters),
			"last_decisions", parsed(h[k].last_decisions),
			"created_at", api_time(h[k].created_at_ms)));
	}
	r->st->rotation->handovers_free(h, n);
	api_list(r, items, NULL);
	return ERR_OK;
}

const struct route api_rotation_routes[] = {
	{ M_PUT, "/api/v1/units/{id}/roster", api_roster_put, PERM_SIGNED_IN, &roster_schema, 0, 0 },
	{ M_GET, "/api/v1/units/{id}/rotation", api_rotation_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/units/{id}/duty", api_duty_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/units/{id}/rotation/swaps", api_swaps_create, PERM_SIGNED_IN, &swap_schema, 0, 0 },
	{ M_GET, "/api/v1/units/{id}/handovers", api_handovers_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
