/* request.c - request accessors and response builders (see request.h). */
#include "http/request.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key,
				 size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	query_add(cls, key, key_size, value, value_size);
	return MHD_YES;
}

enum err_code req_query_load(struct request *r, struct err *e)
{
	query_init(&r->query);
	/* the _n form gives the decoded lengths: "45%00junk" is 9 bytes, not 2 */
	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, add_query, &r->query);
	return query_check(&r->query, e);
}

enum err_code req_query_unused(struct request *r, struct err *e)
{
	return query_unused(&r->query, e);
}

enum err_code req_query_id(struct request *r, const char *key, int64_t *out, struct err *e)
{
	return query_id(&r->query, key, out, e);
}

enum err_code req_query_int(struct request *r, const char *key, int64_t min, int64_t max,
			    int64_t dflt, int64_t *out, struct err *e)
{
	return query_int(&r->query, key, min, max, dflt, out, e);
}

enum err_code req_query_enum(struct request *r, const char *key, const char *const *names,
			     const char **out, struct err *e)
{
	return query_enum(&r->query, key, names, out, e);
}

enum err_code req_query_code(struct request *r, const char *key, const int *lengths,
			     int allow_empty, const char **out, struct err *e)
{
	return query_code(&r->query, key, lengths, allow_empty, out, e);
}

enum err_code req_query_date(struct request *r, const char *key, int32_t dflt, int32_t *out,
			     struct err *e)
{
	return query_date(&r->query, key, dflt, out, e);
}

enum err_code req_query_bool(struct request *r, const char *key, int dflt, int *out,
			     struct err *e)
{
	return query_bool(&r->query, key, dflt, out, e);
}

enum err_code req_query_text(struct request *r, const char *key, size_t max_chars,
			     const char **out, struct err *e)
{
	return query_text(&r->query, key, max_chars, out, e);
}

enum err_code req_query_cursor(struct request *r, const char *key, size_t max_len,
			       const char **out, struct err *e)
{
	return query_cursor(&r->query, key, max_len, out, e);
}

const char *req_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

enum err_code req_param_id(struct request *r, int i, int64_t *out, struct err *e)
{
	const char *p = i < r->n_params ? r->params[i] : "";
	char *end;
	if (!*p || *p < '1' || *p > '9' || strlen(p) > 18)
		return err_set(e, ERR_NOT_FOUND, NULL, "对象不存在");
	long long x = strtoll(p, &end, 10);
	if (*end)
		return err_set(e, ERR_NOT_FOUND, NULL, "对象不存在");
	*out = x;
	return ERR_OK;
}

static int dump_to_buf(const char *s, size_t n, void *cls)
{
	buf_add(cls, s, n);
	return 0;
}

void resp_json(struct request *r, int status, json_t *v)
{
	buf_reset(&r->out);
	/* straight into the answer buffer: no intermediate string */
	if (json_dump_callback(v, dump_to_buf, &r->out, JSON_COMPACT | JSON_ENCODE_ANY))
		abort();
	json_decref(v);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
}

void req_cache_reads_no_alliance(struct request *r)
{
	if (!r->cache_scoped) {
		cache_deps_init(&r->cache_deps);
		r->cache_scoped = 1;
	}
}

void req_cache_reads_alliance(struct request *r, int64_t alliance_id)
{
	req_cache_reads_no_alliance(r);
	cache_deps_add(&r->cache_deps, alliance_id > 0 ? alliance_id : STORE_GEN_ANY_ALLIANCE);
}

void req_cache_reads_any_alliance(struct request *r)
{
	req_cache_reads_alliance(r, STORE_GEN_ANY_ALLIANCE);
}

void req_cache_reads_stats(struct request *r, int64_t alliance_id)
{
	req_cache_reads_no_alliance(r);
	if (alliance_id <= 0) {
		req_cache_reads_any_alliance(r);
		return;
	}
	cache_deps_add(&r->cache_deps, STORE_GEN_ALLIANCE_STATS(alliance_id));
}

void req_cache_reads_unit(struct request *r, int64_t alliance_id, int64_t unit_id)
{
	req_cache_reads_no_alliance(r);
	if (alliance_id <= 0 || unit_id <= 0) {
		req_cache_reads_any_alliance(r);
		return;
	}
	cache_deps_add(&r->cache_deps, STORE_GEN_UNIT(unit_id));
	cache_deps_add(&r->cache_deps, STORE_GEN_ALLIANCE_UNITS(alliance_id));
}

void resp_reset(struct request *r)
{
	buf_reset(&r->out);
	r->n_headers = 0;
	r->content_type = NULL;
	if (r->resp_fd >= 0) {
		close(r->resp_fd);
		r->resp_fd = -1;
	}
}

void resp_buf(struct request *r, int status, const char *content_type)
{
	r->status = status;
	r->content_type = content_type;
}

void resp_header(struct request *r, const char *name, const char *fmt, ...)
{
	if (r->n_headers >= REQ_MAX_HEADERS)
		return;
	r->headers[r->n_headers].name = name;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->headers[r->n_headers].value, sizeof(r->headers[0].value), fmt, ap);
	va_end(ap);
	r->n_headers++;
}

/* The one table from error codes to statuses and stable English codes. */
static const struct {
	enum err_code code;
	int status;
	const char *tag;
} err_table[] = {
	{ ERR_INVALID, 422, "invalid" },
	{ ERR_NOT_FOUND, 404, "not_found" },
	{ ERR_CONFLICT, 409, "conflict" },
	{ ERR_FORBIDDEN, 403, "forbidden" },
	{ ERR_UNAUTHENTICATED, 401, "unauthenticated" },
	{ ERR_TOO_LARGE, 413, "too_large" },
	{ ERR_THROTTLED, 429, "throttled" },
	{ ERR_STORE, 500, "store_error" },
	{ ERR_FULL, 507, "storage_full" },
	{ ERR_UNAVAILABLE, 503, "unavailable" },
	{ ERR_INTERNAL, 500, "internal" },
};

int resp_status_of(enum err_code code)
{
	for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].code == code)
			return err_table[i].status;
	return 500;
}

void resp_error(struct request *r, const struct err *e)
{
	const char *tag = "internal";
	int status = 500;
	for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].code == e->code) {
			status = err_table[i].status;
			tag = err_table[i].tag;
		}
	if (e->tag)
		tag = e->tag;
	/* Malformed bodies and query strings are 400; well-formed but invalid
	 * content is 422. */
	if (e->code == ERR_INVALID && e->tag &&
	    (strcmp(e->tag, "malformed_json") == 0 || strcmp(e->tag, "invalid_utf8") == 0 ||
	     strcmp(e->tag, "bad_request") == 0 || strcmp(e->tag, QUERY_TAG) == 0))
		status = 400;
	const char *msg = e->msg[0] ? e->msg : "请求失败";
	if (status >= 500 && e->code != ERR_FULL && e->code != ERR_UNAVAILABLE)
		msg = "服务器内部错误，请稍后再试";
	json_t *inner = json_pack("{s:s, s:s}", "code", tag, "message", msg);
	if (!inner) /* a message that is not valid UTF-8 must not take the server down */
		inner = json_pack("{s:s, s:s}", "code", tag, "message", "请求失败");
	json_t *field = e->field ? json_string(e->field) : NULL;
	if (field)
		json_object_set_new(inner, "field", field);
	r->log_error_code = tag;
	resp_json(r, status, json_pack("{s:o}", "error", inner));
}
