/*
 * signin.h - signing in and out.
 *
 * Failed sign-ins are counted per account and per client address over
 * LOGIN_WINDOW_MS; past the limits the answer is ERR_THROTTLED, before any
 * password is hashed. An unknown account costs the same time as a wrong
 * password. Each sign-in, failed sign-in and sign-out is in the audit log.
 *
 * Every sign-in and failed attempt (throttled ones included) is also kept
 * in the sign-in log (登录日志, store_signin.h) with the client address and
 * browser, the result and a reason: ok, bad_password, unknown_user,
 * disabled or throttled. Retention: SIGNIN_KEEP_DAYS days and at most
 * SIGNIN_KEEP_ROWS rows, enforced as rows are written.
 */
#ifndef LJ_SIGNIN_H
#define LJ_SIGNIN_H

#include <stddef.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"

#define LOGIN_WINDOW_MS (15LL * 60 * 1000)
#define LOGIN_MAX_PER_ACCOUNT 5
#define LOGIN_MAX_PER_ADDRESS 30
#define SIGNIN_KEEP_DAYS 180
#define SIGNIN_KEEP_ROWS 1000000LL

/* Copies a browser's User-Agent header (any bytes, NULL: none) into out:
 * at most SESSION_USER_AGENT_MAX_CHARS characters; control characters and
 * bytes that are not valid UTF-8 become '?'. out has size bytes (>= 1). */
void signin_clean_agent(const char *raw, char *out, size_t size);

/* Checks the credentials and on success opens a session: fills out_token
 * (NUL-terminated, >= 64 bytes) and *out with its grants. user_agent is
 * the browser's header as received (NULL: none). */
enum err_code signin_login(struct store *st, const char *username, const char *password,
			   const char *client_ip, const char *user_agent, char *out_token,
			   size_t token_size, struct principal *out, struct err *e);
/* Ends the principal's session at once. */
enum err_code signin_logout(struct store *st, const struct principal *p, struct err *e);

#endif
