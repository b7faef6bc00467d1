/*
 * password.h - argon2id password hashing (libsodium, INTERACTIVE limits).
 *
 * Each hash costs ~64 MiB and ~170 ms, so at most PASSWORD_MAX_CONCURRENT run
 * at once; a caller that cannot get a slot within the wait gets ERR_THROTTLED
 * (the server answers 503/429) instead of queueing without bound.
 */
#ifndef LJ_PASSWORD_H
#define LJ_PASSWORD_H

#include <stddef.h>

#include "core/err.h"

#define PASSWORD_MAX_CONCURRENT 2
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 256

int password_init(void); /* sodium_init; 0 ok */
enum err_code password_hash(const char *pw, char *out, size_t out_size, struct err *e);
/* ERR_OK when pw matches, ERR_UNAUTHENTICATED when not. */
enum err_code password_verify(const char *hash, const char *pw, struct err *e);
/* Checks a new password's length rules; ERR_INVALID with a Chinese message. */
enum err_code password_check_policy(const char *pw, struct err *e);
/* Random printable password (for the first admin): out_size >= 21. */
void password_generate(char *out, size_t out_size);
/* A hash of a fixed password, to spend the same time on unknown users. */
const char *password_dummy_hash(void);

#endif
