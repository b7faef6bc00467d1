/*
 * store_signin.h - the sign-in log (登录日志) in the store: one row per
 * sign-in or failed attempt, written by domain/signin.c and read by the
 * administrators' log (domain/online.c).
 *
 * Like sessions, nothing here joins other tables.
 */
#ifndef LJ_STORE_SIGNIN_H
#define LJ_STORE_SIGNIN_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_account.h"
#include "store/store_session.h"

struct signin_rec {
	int64_t id;
	int64_t at_ms;
	int64_t user_id;             /* 0: the name matched no account */
	char username[NAME_MAX_BYTES];
	char client_ip[SESSION_CLIENT_IP_BYTES];
	char user_agent[TEXT_BYTES(SESSION_USER_AGENT_MAX_CHARS)];
	char result[16];             /* "success" or "failure" */
	char reason[32];             /* see domain/signin.h */
};

/* A list's filters; zero / NULL members do not filter. */
struct signin_filter {
	int64_t user_id;
	const char *user_in;         /* ",3,7,": only these accounts (never unknown names) */
	const char *result;
	int64_t from_ms, to_ms;      /* at_ms in [from_ms, to_ms); to_ms 0: no end */
};

struct store_signin_ops {
	/* Fills r->id. */
	enum err_code (*insert)(struct store *st, struct signin_rec *r, struct err *e);
	/* Newest first, ids below pg.after. */
	enum err_code (*list)(struct store *st, const struct signin_filter *f, struct page pg,
			      struct signin_rec **out, size_t *out_n, struct err *e);
	/* Deletes rows older than before_ms and all but the newest keep rows. */
	enum err_code (*purge)(struct store *st, int64_t before_ms, int64_t keep, struct err *e);
};

#endif
