/* api_inbox.c - the signed-in person's /api/v1/inbox: notifications and their read marks. */
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/inbox.h"

static enum err_code api_inbox_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	enum err_code rc = api_page(r, &pg, cur, sizeof(cur), e);
	if (rc)
		return rc;
	int64_t person = r->who.person_id;
	json_t *items = json_array();
	int64_t unread = 0;
	char next[32] = "";
	if (person) {
		struct notification *n = NULL;
		size_t cnt = 0;
		if ((rc = inbox_list(r->st, person, date_today_shanghai(), pg, &n, &cnt, &unread, e))) {
			json_decref(items);
			return rc;
		}
		for (size_t i = 0; i < cnt; i++)
			json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b}",
				"id", (json_int_t)n[i].id, "kind", n[i].kind, "title", n[i].title,
				"body", n[i].body,
				"object_type", n[i].object_type[0] ? json_string(n[i].object_type) : json_null(),
				"object_id", n[i].object_id ? json_integer(n[i].object_id) : json_null(),
				"created_at", api_time(n[i].created_at_ms), "read", n[i].read_at_ms != 0));
		if (cnt == (size_t)pg.limit)
			snprintf(next, sizeof(next), "%lld", (long long)n[cnt - 1].id);
		free(n);
	}
	resp_json(r, 200, json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor",
				    next[0] ? json_string(next) : json_null(), "unread",
				    (json_int_t)unread));
	return ERR_OK;
}

static enum err_code api_inbox_read(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	if (!r->who.person_id)
		return err_set(e, ERR_NOT_FOUND, NULL, "消息不存在");
	int64_t unread = 0;
	if ((rc = inbox_mark_read(r->st, r->who.person_id, id, &unread, e)))
		return rc;
	resp_json(r, 200, json_pack("{s:I, s:b, s:I}", "id", (json_int_t)id, "read", 1, "unread",
				    (json_int_t)unread));
	return ERR_OK;
}

const struct route api_inbox_routes[] = {
	{ M_GET, "/api/v1/inbox", api_inbox_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/inbox/{id}/read", api_inbox_read, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
