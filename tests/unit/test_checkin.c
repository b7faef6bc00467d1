/* Unit tests for src/domain/checkin.c: tokens are well-formed, distinct
 * and stored only as their hash; expiry is exclusive at expires_at_ms;
 * forged, malformed and unknown tokens are "invalid", never "expired". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "domain/checkin.h"

#define NOW 1719532800000LL /* 2024-06-28T00:00:00Z */

static void test_new_code(void **state)
{
	struct checkin_code c;
	char h[CHECKIN_HASH_SIZE];

	(void)state;
	checkin_code_new(77, NOW, 0, &c);
	assert_int_equal(c.sitting_id, 77);
	assert_int_equal(c.expires_at_ms, NOW + 10 * 60 * 1000); /* default TTL */
	assert_int_equal(strlen(c.token), CHECKIN_TOKEN_LEN);
	for (size_t i = 0; i < CHECKIN_TOKEN_LEN; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
				       c.token[i]));
	assert_int_equal(strlen(c.token_hash), 64);
	/* The stored hash is BLAKE2b-256 of the token, as hex, and not the token. */
	unsigned char raw[32];
	char hex[65];
	crypto_generichash(raw, sizeof(raw), (const unsigned char *)c.token, strlen(c.token),
			   NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	assert_string_equal(c.token_hash, hex);
	assert_null(strstr(c.token_hash, c.token));
	assert_int_equal(checkin_token_hash(c.token, h), 0);
	assert_string_equal(h, c.token_hash);

	checkin_code_new(77, NOW, 30000, &c);
	assert_int_equal(c.expires_at_ms, NOW + 30000);
	checkin_code_new(77, INT64_MAX - 5, 30000, &c);
	assert_true(c.expires_at_ms == INT64_MAX); /* saturates, never wraps */
}

static void test_tokens_distinct(void **state)
{
	enum { N = 200 };
	static struct checkin_code c[N];

	(void)state;
	for (int i = 0; i < N; i++)
		checkin_code_new(1, NOW, 0, &c[i]);
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++) {
			assert_string_not_equal(c[i].token, c[j].token);
			assert_string_not_equal(c[i].token_hash, c[j].token_hash);
		}
}

static void test_expiry_edges(void **state)
{
	struct checkin_code c;
	struct err e = { 0 };

	(void)state;
	checkin_code_new(5, NOW, 600000, &c);
	int64_t x = c.expires_at_ms;
	assert_int_equal(checkin_check(c.token, c.token_hash, x, NOW), CHECKIN_OK);
	assert_int_equal(checkin_check(c.token, c.token_hash, x, x - 1), CHECKIN_OK);
	assert_int_equal(checkin_check(c.token, c.token_hash, x, x), CHECKIN_EXPIRED);
	assert_int_equal(checkin_check(c.token, c.token_hash, x, x + 1), CHECKIN_EXPIRED);
	assert_int_equal(checkin_verify(c.token, c.token_hash, x, x - 1, &e), ERR_OK);

	assert_int_equal(checkin_verify(c.token, c.token_hash, x, x, &e), ERR_INVALID);
	assert_string_equal(e.tag, "checkin_expired");
	assert_string_equal(e.field, "token");
	assert_string_equal(e.msg, "签到码已过期，请让组织者刷新");
}

static void expect_invalid(const char *token, const char *stored_hash)
{
	struct err e = { 0 };

	/* Invalid wins over expired: a forged token learns nothing of expiry. */
	assert_int_equal(checkin_check(token, stored_hash, NOW + 1, NOW), CHECKIN_INVALID);
	assert_int_equal(checkin_check(token, stored_hash, NOW - 1, NOW), CHECKIN_INVALID);
	assert_int_equal(checkin_verify(token, stored_hash, NOW + 1, NOW, &e), ERR_INVALID);
	assert_string_equal(e.tag, "checkin_invalid");
	assert_string_equal(e.msg, "签到码无效");
}

static void test_forged_and_malformed(void **state)
{
	struct checkin_code a, b;
	char forged[CHECKIN_TOKEN_SIZE], h[CHECKIN_HASH_SIZE];

	(void)state;
	checkin_code_new(9, NOW, 0, &a);
	checkin_code_new(9, NOW, 0, &b);
	/* Another code's token against this row. */
	expect_invalid(b.token, a.token_hash);
	/* One character changed (well-formed, right length). */
	memcpy(forged, a.token, sizeof(forged));
	forged[0] = forged[0] == 'A' ? 'B' : 'A';
	expect_invalid(forged, a.token_hash);
	/* The stored hash itself presented as the token. */
	expect_invalid(a.token_hash, a.token_hash);
	/* Wrong length: one short, one long, empty, NULL. */
	memcpy(forged, a.token, sizeof(forged));
	forged[CHECKIN_TOKEN_LEN - 1] = '\0';
	expect_invalid(forged, a.token_hash);
	assert_int_equal(checkin_token_hash(forged, h), -1);
	assert_string_equal(h, "");
	char longer[CHECKIN_TOKEN_SIZE + 1];
	memcpy(longer, a.token, CHECKIN_TOKEN_LEN);
	longer[CHECKIN_TOKEN_LEN] = 'A';
	longer[CHECKIN_TOKEN_LEN + 1] = '\0';
	expect_invalid(longer, a.token_hash);
	assert_int_equal(checkin_token_hash(longer, h), -1);
	expect_invalid("", a.token_hash);
	expect_invalid(NULL, a.token_hash);
	assert_int_equal(checkin_token_hash(NULL, h), -1);
	/* Right length, characters outside URL-safe base64. */
	memcpy(forged, a.token, sizeof(forged));
	forged[3] = '+';
	expect_invalid(forged, a.token_hash);
	forged[3] = '=';
	expect_invalid(forged, a.token_hash);
	/* No row, or a damaged row. */
	expect_invalid(a.token, NULL);
	expect_invalid(a.token, "");
	char short_hash[CHECKIN_HASH_SIZE];
	memcpy(short_hash, a.token_hash, sizeof(short_hash));
	short_hash[40] = '\0';
	expect_invalid(a.token, short_hash);
	/* The genuine one still passes. */
	assert_int_equal(checkin_check(a.token, a.token_hash, a.expires_at_ms, NOW), CHECKIN_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_code),
		cmocka_unit_test(test_tokens_distinct),
		cmocka_unit_test(test_expiry_edges),
		cmocka_unit_test(test_forged_and_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
