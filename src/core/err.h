/*
 * err.h - the one error convention of the tree.
 *
 * Functions that can fail return enum err_code and, on failure, fill the
 * caller's struct err: a code, the offending field (if any, a static string
 * or one that outlives the error) and a message in Simplified Chinese for the
 * user. The API layer maps codes to HTTP statuses in one table.
 */
#ifndef LJ_ERR_H
#define LJ_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_INVALID,         /* bad input: 400/422 */
	ERR_NOT_FOUND,       /* 404 */
	ERR_CONFLICT,        /* 409 */
	ERR_FORBIDDEN,       /* 403 */
	ERR_UNAUTHENTICATED, /* 401 */
	ERR_TOO_LARGE,       /* 413 */
	ERR_THROTTLED,       /* 429 */
	ERR_STORE,           /* 500, detail logged */
	ERR_FULL,            /* 507: storage full */
	ERR_UNAVAILABLE,     /* 503: the database cannot be reached (for now) */
	ERR_INTERNAL         /* 500 */
};

struct err {
	enum err_code code;
	const char *field;
	const char *tag;   /* optional stable English code overriding the default, e.g. "invalid_utf8" */
	char msg[240];
};

/* Fills e (if not NULL) and returns code. fmt is printf-style. */
enum err_code err_set(struct err *e, enum err_code code, const char *field,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
enum err_code err_tag(struct err *e, enum err_code code, const char *tag,
		      const char *field, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void err_clear(struct err *e);

#endif
