/*
 * fuzz_http.c - the pure part of what the server does with a request,
 * without libmicrohttpd and without the database: the static-file path
 * check (http/static.c path_safe), routing, the path id parameters
 * (req_param_id), the body against the route's schema (jsonx_decode) and
 * the JSON error response (resp_error).
 *
 * Not covered, and why: query strings and cookies are parsed by
 * libmicrohttpd (req_query/req_cookie need a live MHD connection, as does
 * api_page); session_resolve and the handlers need the store.
 *
 * Input: byte 0 picks the method; then the path up to the first '\n' (or
 * the end); the rest is the body. A NUL in the path ends it, as in C.
 *
 * Invariants:
 *  - path_safe() accepts no path with a "." or ".." segment, a backslash or
 *    a control byte, and only paths starting with '/';
 *  - req_param_id() accepts exactly the parameters that are 1..18 digits
 *    without a leading zero, and then gives back their value;
 *  - every error response is valid JSON {"error":{"code":..,"message":..}}
 *    with the status the error table gives (400 for malformed bodies).
 */
#include <string.h>

#include "api/api.h"
#include "core/utf8.h"
#include "fuzz_util.h"
#include "http/router.h"

/* the static function path_safe() and the rest of static.c */
#include "http/static.c"

static void check_path_safe(const char *p)
{
	if (!path_safe(p))
		return;
	FUZZ_CHECK(p[0] == '/', "path_safe accepts \"%s\"", p);
	for (const char *s = p; *s; s++) {
		FUZZ_CHECK(*s != '\\' && (unsigned char)*s >= 0x20,
			   "path_safe accepts byte 0x%02x", (unsigned char)*s);
		if (*s == '/') {
			size_t l = strcspn(s + 1, "/");
			FUZZ_CHECK(!(l == 1 && s[1] == '.') && !(l == 2 && s[1] == '.' && s[2] == '.'),
				   "path_safe accepts a dot segment: \"%s\"", p);
		}
	}
}

static int id_like(const char *p)
{
	size_t n = strlen(p);
	if (n < 1 || n > 18 || p[0] < '1' || p[0] > '9')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

static void check_response(struct request *r, const struct err *e)
{
	FUZZ_CHECK(r->out.data && r->out.len > 0, "empty error response");
	json_error_t je;
	json_t *v = json_loadb(r->out.data, r->out.len, 0, &je);
	FUZZ_CHECK(v != NULL, "error response is not JSON (%s): %s", je.text, r->out.data);
	json_t *inner = json_object_get(v, "error");
	FUZZ_CHECK(json_is_string(json_object_get(inner, "code")) &&
			   json_is_string(json_object_get(inner, "message")),
		   "error response lacks code/message: %s", r->out.data);
	int want = resp_status_of(e->code);
	if (e->tag && (strcmp(e->tag, "malformed_json") == 0 || strcmp(e->tag, "invalid_utf8") == 0))
		want = 400;
	FUZZ_CHECK(r->status == want, "status %d for code %d tag %s, expected %d", r->status,
		   (int)e->code, e->tag ? e->tag : "-", want);
	const char *msg = json_string_value(json_object_get(inner, "message"));
	/* below 500 the client sees the error's own message, so it must be
	 * valid UTF-8 or resp_error falls back to a generic one */
	FUZZ_CHECK(want >= 500 || !e->msg[0] || strcmp(msg, e->msg) == 0,
		   "message \"%s\" is not the error's \"%s\"", msg, e->msg);
	json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum http_method m = (enum http_method)(data[0] % (M_OTHER + 1));
	const uint8_t *nl = memchr(data + 1, '\n', size - 1);
	size_t path_len = nl ? (size_t)(nl - (data + 1)) : size - 1;
	char *path = fuzz_strndup(data + 1, path_len);
	const char *body = nl ? (const char *)nl + 1 : "";
	size_t body_len = nl ? size - 1 - path_len - 1 : 0;

	check_path_safe(path);

	struct request *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	r->method = m;
	r->path = path;
	r->resp_fd = -1;
	buf_init(&r->body, 0);
	buf_init(&r->out, 0);
	struct err e;
	err_clear(&e);
	int known = 0;
	const struct route *rt = router_match(api_routes(), m, path, r, &known);
	if (!rt) {
		err_tag(&e, known ? ERR_INVALID : ERR_NOT_FOUND, known ? "method_not_allowed" : "not_found",
			NULL, "%s", known ? "不支持该请求方法" : "接口不存在");
		resp_error(r, &e);
		check_response(r, &e);
		goto out;
	}
	r->route = rt;
	for (int i = 0; i < r->n_params; i++) {
		int64_t id = -1;
		struct err pe;
		err_clear(&pe);
		enum err_code rc = req_param_id(r, i, &id, &pe);
		if (id_like(r->params[i])) {
			char back[32];
			FUZZ_CHECK(rc == ERR_OK, "param \"%s\" rejected", r->params[i]);
			snprintf(back, sizeof(back), "%lld", (long long)id);
			FUZZ_CHECK(strcmp(back, r->params[i]) == 0 && id >= 1,
				   "param \"%s\" read as %lld", r->params[i], (long long)id);
		} else {
			FUZZ_CHECK(rc == ERR_NOT_FOUND && id == -1, "param \"%s\" accepted as %lld",
				   r->params[i], (long long)id);
			resp_error(r, &pe);
			check_response(r, &pe);
		}
	}
	/* A parameter past the ones the route has is "" and not an id. */
	{
		int64_t id = -1;
		FUZZ_CHECK(req_param_id(r, r->n_params, &id, NULL) == ERR_NOT_FOUND && id == -1,
			   "missing parameter accepted");
	}
	if (rt->schema && body_len > 0) {
		json_t *j = NULL;
		enum err_code rc = jsonx_decode(body, body_len, rt->schema, &j, &e);
		if (rc) {
			FUZZ_CHECK(j == NULL, "decode failed but returned a value");
			resp_error(r, &e);
			check_response(r, &e);
		} else {
			json_decref(j);
		}
	}
out:
	buf_release(&r->out);
	buf_release(&r->body);
	free(r);
	free(path);
	return 0;
}
