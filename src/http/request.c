/* request.c - request accessors and response builders (see request.h). */
#include "http/request.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

const char *req_query(struct request *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

enum err_code req_query_text(struct request *r, const char *key, size_t max_chars,
			     const char **out, struct err *e)
{
	const char *v = req_query(r, key);
	*out = NULL;
	if (!v)
		return ERR_OK;
	size_t n = strlen(v);
	if (!utf8_valid(v, n))
		return err_tag(e, ERR_INVALID, "invalid_utf8", key, "参数 %s 不是有效的 UTF-8 编码",
			       key);
	if (utf8_chars(v) > max_chars)
		return err_set(e, ERR_INVALID, key, "参数 %s 过长（最多 %zu 个字符）", key, max_chars);
	*out = v;
	return ERR_OK;
}

enum err_code req_query_int(struct request *r, const char *key, int64_t min, int64_t max,
			    int64_t dflt, int64_t *out, struct err *e)
{
	const char *v = req_query(r, key);
	*out = dflt;
	if (!v || !*v)
		return ERR_OK;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*end || (v[0] < '0' || v[0] > '9') || x < min || x > max)
		return err_set(e, ERR_INVALID, key, "参数 %s 应为 %lld 到 %lld 之间的整数", key,
			       (long long)min, (long long)max);
	*out = x;
	return ERR_OK;
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
	/* Malformed bodies are 400; well-formed but invalid content is 422. */
	if (e->code == ERR_INVALID && e->tag &&
	    (strcmp(e->tag, "malformed_json") == 0 || strcmp(e->tag, "invalid_utf8") == 0 ||
	     strcmp(e->tag, "bad_request") == 0))
		status = 400;
	const char *msg = e->msg[0] ? e->msg : "请求失败";
	if (status >= 500 && e->code != ERR_FULL)
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
