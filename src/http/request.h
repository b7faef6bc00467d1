/*
 * request.h - one HTTP request as the API handlers see it.
 *
 * The server (server.c) fills the request part, the router the route and
 * path parameters, the dispatcher the principal and the decoded body; the
 * handler fills the response with resp_json()/resp_buf(). Everything a
 * request owns is released by the server when the response has been sent.
 * Handlers never see libmicrohttpd.
 */
#ifndef LJ_REQUEST_H
#define LJ_REQUEST_H

#include <jansson.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

enum http_method { M_GET, M_POST, M_PUT, M_PATCH, M_DELETE, M_HEAD, M_OPTIONS, M_OTHER };

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 6

struct route;

struct request {
	/* from the connection */
	enum http_method method;
	const char *method_name;
	const char *path;
	void *conn;                 /* the transport's connection, opaque here */
	char client_ip[64];
	int64_t started_us;
	struct buf body;
	int body_too_large;

	/* from the router and dispatcher */
	const struct route *route;
	char params[REQ_MAX_PARAMS][64];
	int n_params;
	struct store *st;
	struct principal who;       /* who.user_id == 0: anonymous */
	uint64_t data_version;      /* the store's, when have_version */
	int have_version;
	json_t *json;               /* the checked body, or NULL */

	/* the response */
	int status;
	struct buf out;
	const char *content_type;
	struct {
		const char *name;
		char value[256];
	} headers[REQ_MAX_HEADERS];
	int n_headers;
	void *shared_resp;          /* a prepared response owned by the answer cache */
	int resp_fd;                /* static file, -1 if none */
	uint64_t resp_fd_size;
	const char *log_error_code; /* for the access log */
};

/* Query parameter (decoded), NULL when absent. */
const char *req_query(struct request *r, const char *key);
/* Checked text query parameter: valid UTF-8, at most max_chars. *out NULL when absent. */
enum err_code req_query_text(struct request *r, const char *key, size_t max_chars,
			     const char **out, struct err *e);
/* Checked integer query parameter in [min,max]; *out = dflt when absent. */
enum err_code req_query_int(struct request *r, const char *key, int64_t min, int64_t max,
			    int64_t dflt, int64_t *out, struct err *e);
/* A request header or cookie value, NULL when absent. */
const char *req_header(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
/* Path parameter i as an id >= 1; ERR_NOT_FOUND when not a positive integer. */
enum err_code req_param_id(struct request *r, int i, int64_t *out, struct err *e);

/* Responses. resp_json takes a reference to v (steals it). */
void resp_json(struct request *r, int status, json_t *v);
void resp_buf(struct request *r, int status, const char *content_type);  /* body in r->out */
void resp_header(struct request *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void resp_error(struct request *r, const struct err *e);
int resp_status_of(enum err_code code);

#endif
