/*
 * signin.h - signing in and out.
 *
 * Failed sign-ins are counted per account and per client address over
 * LOGIN_WINDOW_MS; past the limits the answer is ERR_THROTTLED, before any
 * password is hashed. An unknown account costs the same time as a wrong
 * password. Each sign-in, failed sign-in and sign-out is in the audit log.
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

/* Checks the credentials and on success opens a session: fills out_token
 * (NUL-terminated, >= 64 bytes) and *out with its grants. */
enum err_code signin_login(struct store *st, const char *username, const char *password,
			   const char *client_ip, char *out_token, size_t token_size,
			   struct principal *out, struct err *e);
/* Ends the principal's session at once. */
enum err_code signin_logout(struct store *st, const struct principal *p, struct err *e);

#endif
