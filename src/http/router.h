/*
 * router.h - the route table's row and the matcher.
 *
 * A row says everything the dispatcher checks before the handler runs: the
 * method and path pattern ("/api/v1/users/{id}"), the permission, the body
 * schema (NULL: no body allowed) and the body limit (0: the default 1 MiB).
 * Each API module owns a table (api/api_<area>.c); api/routes.c lists them
 * and router_join makes the one flat table the dispatcher matches against.
 */
#ifndef LJ_ROUTER_H
#define LJ_ROUTER_H

#include <stddef.h>

#include "auth/perm.h"
#include "http/request.h"
#include "json/jsonx.h"

typedef enum err_code (*route_handler)(struct request *r, struct err *e);

enum route_flags {
	ROUTE_NO_CSRF = 1,      /* the login itself */
	ROUTE_OPTIONAL_BODY = 2, /* a write whose body may be empty */
	ROUTE_CACHE = 4,         /* a GET whose answer depends only on the URL, the
				  * date, the data and who asks: served from the
				  * worker's cache, per account, while the data it read
				  * is unchanged (http/cache.c) */
	ROUTE_RAW_BODY = 8,      /* a write whose body is a file (an upload), left
				  * in r->body undecoded; it may take query
				  * parameters, which its handler reads (and checks
				  * with req_query_unused) before it writes */
	ROUTE_SHARED = 16        /* with ROUTE_CACHE: the answer depends on who asks
				  * only through what the reader reaches (the
				  * alliances of domain/policy.h): no per-account
				  * field (rights, a phone shown or masked), so
				  * accounts reaching the same alliances share it */
};

struct route {
	enum http_method method;
	const char *pattern;
	route_handler handler;
	enum perm perm;
	const struct jschema *schema;
	size_t body_limit;
	int flags;
};

#define BODY_LIMIT_DEFAULT ((size_t)1 << 20)

/* The routes the http layer answers itself (GET /metrics, http/metrics.c);
 * api/routes.c lists them with the API modules' tables. */
extern const struct route http_metrics_routes[];

/* Joins tables (each terminated by a row with pattern NULL; the list ends
 * with NULL) into one new terminated table, rows in order. The caller owns
 * the result (free()); out of memory aborts. */
struct route *router_join(const struct route *const *tables);

/* Finds the row for method and path, filling r->params. Returns NULL and
 * sets *out_path_known when only the method did not match (405). */
const struct route *router_match(const struct route *table, enum http_method m,
				 const char *path, struct request *r, int *out_path_known);

#endif
