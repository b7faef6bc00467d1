/* api_records.c - list and by-id reads of five-lines records (see api_records.h). */
#include "api/api_records.h"

#include <stdlib.h>
#include <string.h>

#include "domain/reach.h"

static int64_t field_i64(const void *record, size_t offset)
{
	int64_t v;
	memcpy(&v, (const char *)record + offset, sizeof(v));
	return v;
}

enum err_code api_records_list(struct request *r, const struct api_records *k, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t alliance_id;
	const char *kind = NULL;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)) ||
	    (k->kinds && (rc = api_query_vocab(r, "kind", k->kinds, &kind, e))))
		return rc;
	void *rows = NULL;
	size_t n = 0;
	if ((rc = reach_list_filter(r->st, &r->who, &alliance_id, e)) ||
	    (rc = k->list(r->st, alliance_id, kind, pg, &rows, &n, e)))
		return rc;
	struct api_div_memo memo = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, k->to_json(r->st, (const char *)rows + i * k->elem, &memo));
	api_div_memo_release(&memo);
	api_list_by_id(r, items, n, pg,
		       n ? field_i64((const char *)rows + (n - 1) * k->elem, k->id_offset) : 0);
	free(rows);
	return ERR_OK;
}

enum err_code api_records_get(struct request *r, const struct api_records *k, struct err *e)
{
	int64_t id;
	enum err_code rc;
	void *rec = calloc(1, k->elem);
	if (!rec)
		abort();
	if (!(rc = req_param_id(r, 0, &id, e)) && !(rc = k->get(r->st, id, rec, e))) {
		rc = api_outside_reach(r, field_i64(rec, k->alliance_offset), e);
		if (rc == ERR_NOT_FOUND)
			rc = k->get(r->st, 0, rec, e);   /* the answer for a missing id */
		if (!rc)
			resp_json(r, 200, k->to_json(r->st, rec, NULL));
	}
	free(rec);
	return rc;
}
