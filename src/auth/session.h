/*
 * session.h - sign-in, sessions and login throttling.
 *
 * A session token is 32 random bytes (base64url) given to the client once in
 * the lj_session cookie; the database keeps only its BLAKE2b hash, so a copy
 * of the database does not let anyone sign in. A session dies after
 * SESSION_IDLE_MS without use or SESSION_MAX_MS after sign-in, whichever
 * comes first. Failed sign-ins are counted per account and per client
 * address over LOGIN_WINDOW_MS; past the limits the answer is ERR_THROTTLED.
 */
#ifndef LJ_SESSION_H
#define LJ_SESSION_H

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"

#define SESSION_IDLE_MS (2LL * 3600 * 1000)
#define SESSION_MAX_MS (12LL * 3600 * 1000)
/* How stale the stored idle clock may get: a session ends between
 * SESSION_IDLE_MS and SESSION_IDLE_MS + SESSION_TOUCH_MS after its last use. */
#define SESSION_TOUCH_MS (5LL * 60 * 1000)
#define LOGIN_WINDOW_MS (15LL * 60 * 1000)
#define LOGIN_MAX_PER_ACCOUNT 5
#define LOGIN_MAX_PER_ADDRESS 30
#define SESSION_TOKEN_CHARS 44

/* Checks the credentials and on success opens a session: fills out_token
 * (NUL-terminated, >= 64 bytes) and *out. Writes the audit entry. */
enum err_code session_login(struct store *st, const char *username, const char *password,
			    const char *client_ip, char *out_token, size_t token_size,
			    struct principal *out, struct err *e);
/* Resolves a cookie token to its principal; ERR_UNAUTHENTICATED when the
 * token is unknown, expired or its account disabled. */
enum err_code session_resolve(struct store *st, const char *token, struct principal *out,
			      struct err *e);
/* Ends the principal's session at once. */
enum err_code session_logout(struct store *st, const struct principal *p, struct err *e);
/* Loads an account's grants into p. */
enum err_code session_load_grants(struct store *st, struct principal *p, struct err *e);

#endif
