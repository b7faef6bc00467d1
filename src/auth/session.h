/*
 * session.h - sessions: tokens, their lifetime, and who they belong to.
 *
 * A session token is 32 random bytes (base64url) given to the client once in
 * the lj_session cookie; the database keeps only its BLAKE2b hash, so a copy
 * of the database does not let anyone sign in. A session dies after
 * SESSION_IDLE_MS without use or SESSION_MAX_MS after sign-in, whichever
 * comes first. Checking credentials, throttling and auditing sign-ins is
 * domain work (domain/signin.h), which calls session_open / session_close
 * inside its transaction.
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
#define SESSION_TOKEN_CHARS 44

/* Opens a session for account u (inside the caller's write transaction)
 * from client_ip with browser user_agent (kept as given: the caller cuts
 * and cleans it): fills out_token (NUL-terminated, >= 64 bytes) and *out
 * (without grants), whose session_id is the session's new public id. */
enum err_code session_open(struct store *st, const struct user *u, const char *client_ip,
			   const char *user_agent, char *out_token, size_t token_size,
			   struct principal *out, struct err *e);
/* Resolves a cookie token to its principal; ERR_UNAUTHENTICATED when the
 * token is unknown, expired or its account disabled. */
enum err_code session_resolve(struct store *st, const char *token, struct principal *out,
			      struct err *e);
/* Deletes the principal's session (inside the caller's write transaction). */
enum err_code session_close(struct store *st, const struct principal *p, struct err *e);
/* Loads an account's grants into p. */
enum err_code session_load_grants(struct store *st, struct principal *p, struct err *e);

#endif
