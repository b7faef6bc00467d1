/*
 * checkin.h - short-lived QR check-in codes for one sitting (课次) of an
 * activity: making a code, and deciding whether a scanned code is good.
 * Pure logic (libsodium for randomness and hashing); no storage.
 *
 * Invariants
 *  - A token is 24 random bytes (libsodium randombytes, 192 bits) written
 *    as URL-safe base64 without padding: exactly CHECKIN_TOKEN_LEN (32)
 *    characters of A-Z a-z 0-9 - _. It goes into the QR code and the API
 *    answer, and is never stored.
 *  - What is stored is the token's hash: BLAKE2b-256 (crypto_generichash,
 *    unkeyed, as for session tokens) as 64 lower-case hex characters, with
 *    the sitting it belongs to and expires_at_ms. A database leak gives no
 *    usable token.
 *  - A code is good while now_ms < expires_at_ms; at expires_at_ms exactly
 *    it has expired.
 *  - One code is shown to the whole room: it is not consumed by use; every
 *    participant scans the same one until it expires.
 *
 * What the storage / API wiring must do with a scanned token:
 *  1. checkin_token_hash(); on -1 (wrong length or characters) answer the
 *     "签到码无效" error at once (checkin_verify gives it), without a lookup;
 *  2. look the hash up (checkin_tokens.token_hash); none → "签到码无效";
 *  3. checkin_verify(token, row.token_hash, row.expires_at_ms, now) in the
 *     write transaction, then check the signed-in account has a person and
 *     may see the sitting's alliance (else the same 404 as for anything
 *     outside it);
 *  4. record attendance idempotently: INSERT ... ON CONFLICT (sitting_id,
 *     person_id) DO NOTHING, and answer success whether the row was new or
 *     already there (a second scan, a retried request, a double tap), so a
 *     replay inside the validity window changes nothing.
 *  Issuing a new code for a sitting may delete its older rows or keep them
 *  until they expire (both are correct: each row carries its expiry);
 *  expired rows can be purged at any time.
 */
#ifndef LJ_DOMAIN_CHECKIN_H
#define LJ_DOMAIN_CHECKIN_H

#include <stdint.h>

#include "core/err.h"

#define CHECKIN_TOKEN_BYTES 24
#define CHECKIN_TOKEN_LEN 32                  /* base64url of 24 bytes */
#define CHECKIN_TOKEN_SIZE (CHECKIN_TOKEN_LEN + 1)
#define CHECKIN_HASH_SIZE 65                  /* 64 hex characters + NUL */
#define CHECKIN_DEFAULT_TTL_MS ((int64_t)10 * 60 * 1000)

/* A freshly made code. Give token to the user; store the rest. */
struct checkin_code {
	char token[CHECKIN_TOKEN_SIZE];
	char token_hash[CHECKIN_HASH_SIZE];
	int64_t sitting_id;
	int64_t expires_at_ms;
};

enum checkin_status {
	CHECKIN_OK = 0,
	CHECKIN_INVALID,   /* malformed, unknown or forged */
	CHECKIN_EXPIRED
};

/* Fills out with a new random token, its hash, sitting_id and
 * expires_at_ms = now_ms + ttl_ms (ttl_ms <= 0 means
 * CHECKIN_DEFAULT_TTL_MS). Initialises libsodium if nobody has; aborts if
 * it cannot (no randomness, nothing safe to do). */
void checkin_code_new(int64_t sitting_id, int64_t now_ms, int64_t ttl_ms,
		      struct checkin_code *out);

/* The stored form of token. Returns 0, or -1 (out = "") when token is NULL
 * or not CHECKIN_TOKEN_LEN URL-safe base64 characters: such a string
 * cannot be one of ours, and is never hashed or looked up. */
int checkin_token_hash(const char *token, char out[CHECKIN_HASH_SIZE]);

/* Decides on a scanned token against the stored row: CHECKIN_INVALID when
 * it is malformed or its hash differs from stored_hash (compared in
 * constant time), else CHECKIN_EXPIRED when now_ms >= expires_at_ms, else
 * CHECKIN_OK. A NULL stored_hash (no row) is CHECKIN_INVALID. */
enum checkin_status checkin_check(const char *token, const char *stored_hash,
				  int64_t expires_at_ms, int64_t now_ms);

/* checkin_check as the tree's error: ERR_OK, or ERR_INVALID with field
 * "token" and
 *   tag "checkin_invalid": "签到码无效"
 *   tag "checkin_expired": "签到码已过期，请让组织者刷新" */
enum err_code checkin_verify(const char *token, const char *stored_hash,
			     int64_t expires_at_ms, int64_t now_ms, struct err *e);

#endif
