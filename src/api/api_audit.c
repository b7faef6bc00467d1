/* api_audit.c - GET /api/v1/audit: the audit log, newest first. */
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "store/store_audit.h"

static json_t *parse_or_null(const char *s)
{
	if (!s)
		return json_null();
	json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
	return v ? v : json_string(s);
}

static enum err_code api_audit_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	enum err_code rc = api_page(r, &pg, cur, sizeof(cur), e);
	if (rc)
		return rc;
	struct audit_entry *a = NULL;
	size_t n = 0;
	if ((rc = r->st->audit->list(r->st, pg, &a, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(items, json_pack(
			"{s:I, s:o, s:o, s:s, s:s, s:s, s:o, s:o}",
			"id", (json_int_t)a[i].id, "at", api_time(a[i].at_ms),
			"user", json_pack("{s:o, s:s}", "id",
					  a[i].user_id ? json_integer(a[i].user_id) : json_null(),
					  "username", a[i].username),
			"action", a[i].action, "object_type", a[i].object_type,
			"object_id", a[i].object_id,
			"before", parse_or_null(a[i].before), "after", parse_or_null(a[i].after)));
	}
	api_list_by_id(r, items, n, pg, n ? a[n - 1].id : 0);
	r->st->audit->entries_free(a, n);
	return ERR_OK;
}

const struct route api_audit_routes[] = {
	{ M_GET, "/api/v1/audit", api_audit_list, PERM_ADMIN, NULL, 0, 0 },
	{ 0 }
};
