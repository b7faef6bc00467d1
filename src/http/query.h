/*
 * query.h - the query string of one request, read strictly.
 *
 * The transport (request.c) hands every decoded name=value pair over with
 * its length, so a NUL byte cannot cut a value short. query_check() then
 * rejects the whole query when any name or value holds a NUL or invalid
 * UTF-8, when a name is given twice, or when there are too many
 * parameters. The typed getters read one parameter over its whole length
 * and mark it used; query_unused() names the first parameter no getter
 * asked for (an unknown parameter). Pure code: no libmicrohttpd, no
 * allocation; the fuzz target and the unit tests drive it directly.
 *
 * Errors: a query that cannot be read unambiguously is ERR_INVALID with an
 * HTTP 400 tag: "invalid_utf8" for a NUL or invalid UTF-8 in a name or
 * value (as for bodies), "invalid_query" for a repeated, unknown or over-long
 * (> QUERY_MAX_NAME bytes) name or too many parameters; a known parameter whose value is out of type,
 * range or list is ERR_INVALID without a tag (HTTP 422 "invalid"). e->field
 * is the parameter's name, valid UTF-8, pointing into the query or at the
 * caller's key; it lives as long as both.
 *
 * Memory: names and values are borrowed from the caller (for a request,
 * libmicrohttpd's connection) and must outlive the struct query; each must
 * have a NUL right after its length (inner NULs are what query_check finds).
 */
#ifndef LJ_QUERY_H
#define LJ_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define QUERY_MAX_PARAMS 16
#define QUERY_MAX_NAME 64 /* bytes; no parameter is named longer, and errors echo names */
#define QUERY_TAG "invalid_query"
#define QUERY_TAG_UTF8 "invalid_utf8" /* the tag bodies use for the same fault */

struct query_param {
	const char *name;   /* name_len bytes (NUL-terminated by the transport) */
	size_t name_len;
	const char *value;  /* value_len bytes, then a NUL; "" for "?name" without '=' */
	size_t value_len;
	int used;           /* a getter asked for it */
};

struct query {
	struct query_param p[QUERY_MAX_PARAMS];
	size_t n;
	int too_many;       /* more than QUERY_MAX_PARAMS were offered */
	char bad_name[64];  /* a printable form of a name that is not valid UTF-8 */
};

/* Life cycle: zero-initialise (or query_init), query_add each pair in
 * order, then query_check once before any getter. */
void query_init(struct query *q);
void query_add(struct query *q, const char *name, size_t name_len, const char *value,
	       size_t value_len);
enum err_code query_check(struct query *q, struct err *e);
/* The first parameter no getter has read: 400 invalid_query naming it. */
enum err_code query_unused(const struct query *q, struct err *e);

/* The parameter named key (marked used), or NULL when absent. */
const struct query_param *query_find(struct query *q, const char *key);

/*
 * Typed getters. Each leaves *out at its default and returns ERR_OK when
 * the parameter is absent; a present parameter is checked over its whole
 * length, and an empty value is an error unless said otherwise.
 */
/* An id: 1..INT64_MAX in plain decimal (no sign, space or leading zero); 0 when absent. */
enum err_code query_id(struct query *q, const char *key, int64_t *out, struct err *e);
/* A decimal integer in [min,max] (min >= 0; no sign or leading zero); dflt when absent. */
enum err_code query_int(struct query *q, const char *key, int64_t min, int64_t max,
			int64_t dflt, int64_t *out, struct err *e);
/* One of names (NULL-terminated list); *out points into names, NULL when absent. */
enum err_code query_enum(struct query *q, const char *key, const char *const *names,
			 const char **out, struct err *e);
/* A division code: ASCII digits whose length is one of lengths (a 0-terminated list,
 * e.g. {2, 4, 6, 9, 12, 0}); allow_empty lets "" through. NULL when absent. */
enum err_code query_code(struct query *q, const char *key, const int *lengths, int allow_empty,
			 const char **out, struct err *e);
/* A real date "YYYY-MM-DD" (see date_parse); dflt when absent. */
enum err_code query_date(struct query *q, const char *key, int32_t dflt, int32_t *out,
			 struct err *e);
/* "true" or "false"; dflt when absent. */
enum err_code query_bool(struct query *q, const char *key, int dflt, int *out, struct err *e);
/* Free text of at most max_chars characters, possibly empty; NULL when absent. */
enum err_code query_text(struct query *q, const char *key, size_t max_chars, const char **out,
			 struct err *e);
/* An opaque paging cursor: 1..max_len ASCII digits; NULL when absent. */
enum err_code query_cursor(struct query *q, const char *key, size_t max_len, const char **out,
			   struct err *e);

#endif
