/* api_division.c - /api/v1/divisions: read-only lookups over the imported set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "store/store_division.h"

static enum err_code api_divisions_get(struct request *r, struct err *e)
{
	req_cache_reads_no_alliance(r); /* the division tree: only global writes change it */
	struct division_full d;
	enum err_code rc = division_get_full(r->st, r->params[0], &d, e);
	if (rc)
		return rc;
	resp_json(r, 200, api_division_json(&d));
	return ERR_OK;
}

/* Children lists are the hot path of the cascader: encoded straight into
 * the response buffer, no JSON tree. */
static void encode_children(struct request *r, const struct division *d, size_t n,
			    const char *next)
{
	struct buf *b = &r->out;
	buf_reset(b);
	buf_adds(b, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_adds(b, "{\"code\":");
		buf_json_str(b, d[i].code);
		buf_adds(b, ",\"name\":");
		buf_json_str(b, d[i].name);
		buf_adds(b, ",\"level\":");
		buf_json_str(b, division_level_name(d[i].level));
		buf_adds(b, ",\"parent_code\":");
		buf_json_str(b, d[i].parent_code[0] ? d[i].parent_code : NULL);
		buf_adds(b, d[i].level == LEVEL_VILLAGE ? ",\"leaf\":true}" : ",\"leaf\":false}");
	}
	buf_adds(b, "],\"next_cursor\":");
	buf_json_str(b, next);
	buf_addc(b, '}');
	resp_buf(r, 200, "application/json; charset=utf-8");
}

static enum err_code api_divisions_list(struct request *r, struct err *e)
{
	req_cache_reads_no_alliance(r); /* the division tree: only global writes change it */
	struct page pg;
	char cur[32];
	const char *parent, *q;
	int64_t max_level;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_code(r, "parent", api_division_code_lengths, 1, &parent, e)) ||
	    (rc = req_query_text(r, "q", 32, &q, e)) ||
	    (rc = req_query_int(r, "max_level", 1, 5, 5, &max_level, e)))
		return rc;
	if (q && parent)
		return err_set(e, ERR_INVALID, "q", "parent 与 q 不能同时使用");
	if (!q && !parent)
		parent = "";
	struct division *d = NULL;
	size_t n = 0;
	if (parent) {
		if (*parent && !division_level_of(parent))
			return err_set(e, ERR_INVALID, "parent", "区划代码格式错误");
		if (*parent && division_level_of(parent) == LEVEL_VILLAGE)
			return err_set(e, ERR_INVALID, "parent", "村级区划没有下级");
		if ((rc = r->st->division->children(r->st, parent, pg, &d, &n, e)))
			return rc;
		char next[16] = "";
		if (n == (size_t)pg.limit)
			snprintf(next, sizeof(next), "%s", d[n - 1].code);
		encode_children(r, d, n, next[0] ? next : NULL);
		free(d);
		return ERR_OK;
	}
	if (!*q)
		return err_set(e, ERR_INVALID, "q", "请输入要搜索的名称");
	if ((rc = r->st->division->search(r->st, q, (int)max_level, pg, &d, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct division_full f;
		if (division_get_full(r->st, d[i].code, &f, e) == ERR_OK)
			json_array_append_new(items, api_division_json(&f));
	}
	char next[16] = "";
	if (n == (size_t)pg.limit)
		snprintf(next, sizeof(next), "%s", d[n - 1].code);
	free(d);
	api_list(r, items, next[0] ? next : NULL);
	return ERR_OK;
}

const struct route api_division_routes[] = {
	{ M_GET, "/api/v1/divisions", api_divisions_list, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/divisions/{code}", api_divisions_get, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ 0 }
};
