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
#include "http/cache.h"
#include "http/query.h"
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
	int secure_cookies;         /* the deployment is reached over TLS only */
	int64_t started_us;
	struct buf body;
	int body_too_large;
	struct query query;         /* filled and checked by req_query_load */

	/* from the router and dispatcher */
	const struct route *route;
	char params[REQ_MAX_PARAMS][64];
	int n_params;
	struct store *st;
	struct principal who;       /* who.user_id == 0: anonymous */
	uint64_t data_version;      /* the store's, when have_version */
	int have_version;
	json_t *json;               /* the checked body, or NULL */
	/* what a cacheable answer was computed from (req_cache_reads_*) */
	int cache_scoped;           /* 0: nothing said, i.e. any alliance */
	int gen_failed;             /* a generation could not be read: cache nothing */
	struct cache_deps cache_deps;

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

/*
 * Query parameters. req_query_load reads every decoded name=value pair
 * with its length (a NUL cannot cut a value short) and applies
 * query_check: NUL, invalid UTF-8, a repeated name or too many parameters
 * is 400 invalid_query. The dispatcher calls it once before the handler;
 * handlers then read each parameter with one typed getter (query.h has the
 * rules of each), and after the handler the dispatcher answers 400
 * invalid_query for any parameter no getter read (req_query_unused).
 */
enum err_code req_query_load(struct request *r, struct err *e);
enum err_code req_query_unused(struct request *r, struct err *e);
enum err_code req_query_id(struct request *r, const char *key, int64_t *out, struct err *e);
enum err_code req_query_int(struct request *r, const char *key, int64_t min, int64_t max,
			    int64_t dflt, int64_t *out, struct err *e);
enum err_code req_query_enum(struct request *r, const char *key, const char *const *names,
			     const char **out, struct err *e);
enum err_code req_query_code(struct request *r, const char *key, const int *lengths,
			     int allow_empty, const char **out, struct err *e);
enum err_code req_query_date(struct request *r, const char *key, int32_t dflt, int32_t *out,
			     struct err *e);
enum err_code req_query_bool(struct request *r, const char *key, int dflt, int *out,
			     struct err *e);
/* Free text: valid UTF-8 (checked by req_query_load), at most max_chars. */
enum err_code req_query_text(struct request *r, const char *key, size_t max_chars,
			     const char **out, struct err *e);
enum err_code req_query_cursor(struct request *r, const char *key, size_t max_len,
			       const char **out, struct err *e);
/* Drops whatever response a handler built (before answering an error instead). */
void resp_reset(struct request *r);
/* A request header or cookie value, NULL when absent. */
const char *req_header(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
/* Path parameter i as an id >= 1; ERR_NOT_FOUND when not a positive integer. */
enum err_code req_param_id(struct request *r, int i, int64_t *out, struct err *e);

/*
 * What a cacheable answer (a ROUTE_CACHE route) reads, for the answer cache
 * (cache.h): a handler that says nothing depends on every alliance's data
 * (any write anywhere moves it). req_cache_reads_no_alliance: it reads no
 * alliance's rows (divisions, dictionaries: only global writes move it);
 * req_cache_reads_alliance: it reads the rows of this alliance (call once
 * per alliance; other data it reads, such as names of units, people and
 * divisions, is only changed by global writes). Say it where the answer's
 * filter is decided, before the store is read.
 */
void req_cache_reads_no_alliance(struct request *r);
void req_cache_reads_alliance(struct request *r, int64_t alliance_id);
void req_cache_reads_any_alliance(struct request *r);
/* Reads the matters of one unit only (of alliance_id): a write elsewhere in
 * the alliance leaves it (store.h: STORE_GEN_UNIT). */
void req_cache_reads_unit(struct request *r, int64_t alliance_id, int64_t unit_id);
/* Reads an alliance's statistics roll-ups only (and global data): a write
 * in the alliance that changes no roll-up (a progress note) leaves it. */
void req_cache_reads_stats(struct request *r, int64_t alliance_id);

/* Responses. resp_json takes a reference to v (steals it). */
void resp_json(struct request *r, int status, json_t *v);
void resp_buf(struct request *r, int status, const char *content_type);  /* body in r->out */
void resp_header(struct request *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void resp_error(struct request *r, const struct err *e);
int resp_status_of(enum err_code code);

#endif
