/* checkin.c - QR check-in tokens: make, hash, check (see checkin.h). */
#include "domain/checkin.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

static int is_token_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static int token_well_formed(const char *token)
{
	size_t i;

	if (!token)
		return 0;
	for (i = 0; i < CHECKIN_TOKEN_LEN; i++)
		if (!is_token_char(token[i]))
			return 0; /* also stops at an early NUL */
	return token[i] == '\0';
}

static void hash_hex(const char *token, char out[CHECKIN_HASH_SIZE])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, CHECKIN_TOKEN_LEN, NULL, 0);
	sodium_bin2hex(out, CHECKIN_HASH_SIZE, h, sizeof(h));
}

void checkin_code_new(int64_t sitting_id, int64_t now_ms, int64_t ttl_ms,
		      struct checkin_code *out)
{
	unsigned char raw[CHECKIN_TOKEN_BYTES];

	if (sodium_init() < 0)
		abort();
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out->token, sizeof(out->token), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	hash_hex(out->token, out->token_hash);
	out->sitting_id = sitting_id;
	if (__builtin_add_overflow(now_ms, ttl_ms > 0 ? ttl_ms : CHECKIN_DEFAULT_TTL_MS,
				   &out->expires_at_ms))
		out->expires_at_ms = INT64_MAX;
}

int checkin_token_hash(const char *token, char out[CHECKIN_HASH_SIZE])
{
	if (!token_well_formed(token)) {
		out[0] = '\0';
		return -1;
	}
	hash_hex(token, out);
	return 0;
}

enum checkin_status checkin_check(const char *token, const char *stored_hash,
				  int64_t expires_at_ms, int64_t now_ms)
{
	char h[CHECKIN_HASH_SIZE];

	if (!stored_hash || strlen(stored_hash) != CHECKIN_HASH_SIZE - 1)
		return CHECKIN_INVALID;
	if (checkin_token_hash(token, h))
		return CHECKIN_INVALID;
	if (sodium_memcmp(h, stored_hash, CHECKIN_HASH_SIZE - 1) != 0)
		return CHECKIN_INVALID;
	if (now_ms >= expires_at_ms)
		return CHECKIN_EXPIRED;
	return CHECKIN_OK;
}

enum err_code checkin_verify(const char *token, const char *stored_hash,
			     int64_t expires_at_ms, int64_t now_ms, struct err *e)
{
	switch (checkin_check(token, stored_hash, expires_at_ms, now_ms)) {
	case CHECKIN_OK:
		return ERR_OK;
	case CHECKIN_EXPIRED:
		return err_tag(e, ERR_INVALID, "checkin_expired", "token",
			       "签到码已过期，请让组织者刷新");
	case CHECKIN_INVALID:
	default:
		return err_tag(e, ERR_INVALID, "checkin_invalid", "token", "签到码无效");
	}
}
