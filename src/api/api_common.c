/* api_common.c - paging and the JSON shapes shared by several handlers. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/reach.h"
#include "store/store_account.h"
#include "store/store_division.h"

enum err_code api_page(struct request *r, struct page *pg, char *cursor_buf, size_t size,
		       struct err *e)
{
	int64_t limit;
	const char *c;
	enum err_code rc;
	if ((rc = req_query_int(r, "limit", 1, LIST_LIMIT_MAX, LIST_LIMIT_DEFAULT, &limit, e)) ||
	    (rc = req_query_cursor(r, "cursor", size - 1 < 20 ? size - 1 : 20, &c, e)))
		return rc;
	pg->limit = (int)limit;
	pg->after = NULL;
	if (c) {
		snprintf(cursor_buf, size, "%s", c);
		pg->after = cursor_buf;
	}
	return ERR_OK;
}

enum err_code api_query_vocab(struct request *r, const char *key, const struct vocab_term *v,
			      const char **out, struct err *e)
{
	const char *text;
	enum err_code rc = req_query_text(r, key, 32, &text, e);
	*out = NULL;
	if (rc || !text)
		return rc;
	const struct vocab_term *t = vocab_find(v, text);
	if (!t) {
		char list[200] = "";
		size_t o = 0;
		for (size_t i = 0; v[i].key && o < sizeof(list); i++) {
			int w = snprintf(list + o, sizeof(list) - o, "%s%s", i ? "、" : "", v[i].key);
			if (w < 0)
				break;
			o += (size_t)w;
		}
		return err_set(e, ERR_INVALID, key, "参数 %s 应为 %s 之一", key, list);
	}
	*out = t->key;
	return ERR_OK;
}

enum err_code api_outside_reach(struct request *r, int64_t alliance_id, struct err *e)
{
	int hidden = reach_hides(r->st, &r->who, alliance_id, e);
	return hidden < 0 ? e->code : hidden ? ERR_NOT_FOUND : ERR_OK;
}

const int api_division_code_lengths[] = { 2, 4, 6, 9, 12, 0 };
const int api_county_code_lengths[] = { 6, 0 };

void api_list(struct request *r, json_t *items, const char *next_cursor)
{
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
				    next_cursor ? json_string(next_cursor) : json_null()));
}

void api_list_by_id(struct request *r, json_t *items, size_t n, struct page pg,
		    int64_t last_id)
{
	char next[32] = "";
	if (n == (size_t)pg.limit)
		snprintf(next, sizeof(next), "%lld", (long long)last_id);
	api_list(r, items, next[0] ? next : NULL);
}

json_t *api_time(int64_t ms)
{
	char s[32];
	date_format_iso_ms(ms, s);
	return json_string(s);
}

json_t *api_grant_json(const struct grant *g)
{
	json_t *id;
	if (!g->scope_id[0])
		id = json_null();
	else if (strcmp(g->scope_type, "county") == 0)
		id = json_string(g->scope_id);
	else
		id = json_integer(strtoll(g->scope_id, NULL, 10));
	return json_pack("{s:s, s:s, s:o}", "role", g->role, "scope_type", g->scope_type,
			 "scope_id", id);
}

json_t *api_user_json(struct store *st, const struct user *u)
{
	json_t *grants = json_array();
	struct grant *g = NULL;
	size_t n = 0;
	struct err e;
	if (st->account->grants(st, u->id, &g, &n, &e) == ERR_OK) {
		for (size_t i = 0; i < n; i++)
			json_array_append_new(grants, api_grant_json(&g[i]));
		free(g);
	}
	return json_pack("{s:I, s:s, s:s, s:o, s:b, s:o, s:o, s:o}", "id", (json_int_t)u->id,
			 "username", u->username, "display_name", u->display_name, "person_id",
			 u->person_id ? json_integer(u->person_id) : json_null(), "disabled",
			 u->disabled, "grants", grants, "created_at", api_time(u->created_at_ms),
			 "updated_at", api_time(u->updated_at_ms));
}

static json_t *div_short(const struct division *d)
{
	return json_pack("{s:s, s:s, s:s}", "code", d->code, "name", d->name, "level",
			 division_level_name(d->level));
}

json_t *api_division_json(const struct division_full *d)
{
	json_t *path = json_array();
	for (size_t i = 0; i < d->n_path; i++)
		json_array_append_new(path, div_short(&d->path[i]));
	json_t *o = div_short(&d->d);
	json_object_set_new(o, "parent_code",
			    d->d.parent_code[0] ? json_string(d->d.parent_code) : json_null());
	json_object_set_new(o, "path", path);
	return o;
}

json_t *api_division_ref(struct store *st, const char *code)
{
	struct division_full d;
	struct err e;
	if (division_get_full(st, code, &d, &e))
		return json_null();
	return api_division_json(&d);
}

json_t *api_division_ref_memo(struct store *st, const char *code, struct api_div_memo *memo)
{
	if (!memo)
		return api_division_ref(st, code);
	for (size_t i = 0; i < memo->n; i++)
		if (strcmp(memo->e[i].code, code) == 0)
			return json_incref(memo->e[i].ref);
	json_t *ref = api_division_ref(st, code);
	if (memo->n < sizeof(memo->e) / sizeof(memo->e[0]) && strlen(code) < sizeof(memo->e[0].code)) {
		snprintf(memo->e[memo->n].code, sizeof(memo->e[0].code), "%s", code);
		memo->e[memo->n++].ref = json_incref(ref);
	}
	return ref;
}

void api_div_memo_release(struct api_div_memo *memo)
{
	for (size_t i = 0; i < memo->n; i++)
		json_decref(memo->e[i].ref);
	memo->n = 0;
}
