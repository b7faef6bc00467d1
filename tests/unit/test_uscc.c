/* Unit tests for src/domain/uscc.c: real published codes validate; each
 * kind of wrong code gets its own error; the generator makes codes that
 * validate, and every single-character change of a valid code is caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/uscc.h"

/* Published codes of well-known companies and the standard's own example. */
static const char *const real_codes[] = {
	"91350100M000100Y43", /* GB 32100-2015 example */
	"91110000710925462X", /* 中国石油天然气股份有限公司 */
	"91330100716105852F", /* 阿里巴巴（中国）有限公司 */
	"91440300708461136T", /* 深圳市腾讯计算机系统有限公司 */
	"914403001922038216", /* 华为技术有限公司 */
	"9144030071526726XG", /* 腾讯科技（深圳）有限公司: organisation check X */
};

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void expect(const char *code, enum err_code want, const char *tag)
{
	struct err e = { 0 };
	enum err_code rc = uscc_validate(code, &e);

	if (rc != want)
		fail_msg("%s: got %d (%s), want %d", code ? code : "(null)", rc, e.msg, want);
	if (tag) {
		assert_non_null(e.tag);
		assert_string_equal(e.tag, tag);
		assert_string_equal(e.field, "uscc");
		assert_true(strlen(e.msg) > 0);
	}
}

static void test_real_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real_codes) / sizeof(real_codes[0]); i++)
		expect(real_codes[i], ERR_OK, NULL);
	assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
	assert_int_equal(uscc_org_check_char("M000100Y"), '4');
	assert_int_equal(uscc_org_check_char("71526726"), 'X');
}

static void test_length(void **state)
{
	(void)state;
	expect(NULL, ERR_INVALID, "uscc_length");
	expect("", ERR_INVALID, "uscc_length");
	expect("91350100M000100Y4", ERR_INVALID, "uscc_length");
	expect("91350100M000100Y433", ERR_INVALID, "uscc_length");
	struct err e = { 0 };
	uscc_validate("1", &e);
	assert_string_equal(e.msg, "统一社会信用代码应为18位");
}

static void test_illegal_chars(void **state)
{
	static const char bad[] = "IOZSVa-* ";
	char code[USCC_SIZE];

	(void)state;
	/* One banned letter anywhere, even where the checks would not see it. */
	for (size_t b = 0; b < sizeof(bad) - 1; b++) {
		memcpy(code, "91350100M000100Y43", USCC_SIZE);
		code[9] = bad[b];
		expect(code, ERR_INVALID, "uscc_char");
	}
	expect("9135010OM000100Y43", ERR_INVALID, "uscc_char");
	/* A letter of the alphabet in the division part. */
	struct err e = { 0 };
	assert_int_equal(uscc_validate("9135A100M000100Y43", &e), ERR_INVALID);
	assert_string_equal(e.tag, "uscc_char");
	assert_non_null(strstr(e.msg, "行政区划"));
	/* Lower case is illegal until normalised. */
	expect("9144030071526726xg", ERR_INVALID, "uscc_char");
}

static void test_org_check(void **state)
{
	(void)state;
	/* The 17th character is the organisation code's own check. */
	expect("91350100M000100Y53", ERR_INVALID, "uscc_org_check");
	expect("9144030071526726 G", ERR_INVALID, "uscc_char");
	expect("914403007152672600", ERR_INVALID, "uscc_org_check");
	struct err e = { 0 };
	uscc_validate("91350100M000100Y53", &e);
	assert_string_equal(e.msg, "统一社会信用代码中的组织机构代码校验位错误");
}

static void test_check_char(void **state)
{
	(void)state;
	expect("91350100M000100Y44", ERR_INVALID, "uscc_check");
	expect("91110000710925462Y", ERR_INVALID, "uscc_check");
	struct err e = { 0 };
	uscc_validate("91350100M000100Y44", &e);
	assert_string_equal(e.msg, "统一社会信用代码校验位错误");
}

/* Any single substitution inside the alphabet is detected: in the
 * organisation code by its own check or the final one, elsewhere by the
 * final check (mod 31 with weights coprime to 31). */
static void test_every_single_error_caught(void **state)
{
	char code[USCC_SIZE];

	(void)state;
	for (size_t r = 0; r < sizeof(real_codes) / sizeof(real_codes[0]); r++)
		for (int pos = 0; pos < USCC_LEN; pos++)
			for (int k = 0; k < 31; k++) {
				memcpy(code, real_codes[r], USCC_SIZE);
				if (code[pos] == alphabet[k])
					continue;
				code[pos] = alphabet[k];
				if (uscc_validate(code, NULL) == ERR_OK)
					fail_msg("%s (from %s) accepted", code, real_codes[r]);
			}
}

/* Two adjacent characters swapped are caught too (common typing error). */
static void test_transpositions_caught(void **state)
{
	char code[USCC_SIZE];

	(void)state;
	for (size_t r = 0; r < sizeof(real_codes) / sizeof(real_codes[0]); r++)
		for (int pos = 0; pos + 1 < USCC_LEN; pos++) {
			memcpy(code, real_codes[r], USCC_SIZE);
			if (code[pos] == code[pos + 1])
				continue;
			char t = code[pos];
			code[pos] = code[pos + 1];
			code[pos + 1] = t;
			assert_int_not_equal(uscc_validate(code, NULL), ERR_OK);
		}
}

static void test_make(void **state)
{
	char out[USCC_SIZE];
	struct err e = { 0 };

	(void)state;
	/* 16 characters: both checks computed, giving back the real codes. */
	for (size_t r = 0; r < sizeof(real_codes) / sizeof(real_codes[0]); r++) {
		char prefix[17];
		memcpy(prefix, real_codes[r], 16);
		prefix[16] = '\0';
		assert_int_equal(uscc_make(prefix, out, &e), ERR_OK);
		assert_string_equal(out, real_codes[r]);
		/* 17 characters with the right organisation check. */
		char prefix17[18];
		memcpy(prefix17, real_codes[r], 17);
		prefix17[17] = '\0';
		assert_int_equal(uscc_make(prefix17, out, &e), ERR_OK);
		assert_string_equal(out, real_codes[r]);
	}
	/* A demo enterprise at 陆川县 (450922): made, then valid. */
	assert_int_equal(uscc_make("92450922MA5N0001", out, &e), ERR_OK);
	assert_int_equal(strlen(out), USCC_LEN);
	assert_int_equal(uscc_validate(out, &e), ERR_OK);

	memset(out, 'z', sizeof(out));
	assert_int_equal(uscc_make("91350100M000100Y5", out, &e), ERR_INVALID);
	assert_string_equal(e.tag, "uscc_org_check");
	assert_int_equal(out[0], 'z'); /* untouched on failure */
	assert_int_equal(uscc_make("91350100M000100", out, &e), ERR_INVALID);
	assert_string_equal(e.tag, "uscc_length");
	assert_int_equal(uscc_make(NULL, out, &e), ERR_INVALID);
	assert_int_equal(uscc_make("91350100M0001I0Y", out, &e), ERR_INVALID);
	assert_string_equal(e.tag, "uscc_char");
	assert_int_equal(uscc_make("9135X100M000100Y", out, &e), ERR_INVALID);
	assert_string_equal(e.tag, "uscc_char");
}

static void test_normalize(void **state)
{
	char out[USCC_SIZE];
	char tiny[4];

	(void)state;
	assert_int_equal(uscc_normalize(" \t9144030071526726xg ", out, sizeof(out)), 0);
	assert_string_equal(out, "9144030071526726XG");
	assert_int_equal(uscc_validate(out, NULL), ERR_OK);
	assert_int_equal(uscc_normalize("91 35", out, sizeof(out)), 0);
	assert_string_equal(out, "91 35"); /* inner blanks stay: still invalid */
	assert_int_equal(uscc_normalize("9144030071526726XGX", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(uscc_normalize("abc", tiny, sizeof(tiny)), 0);
	assert_string_equal(tiny, "ABC");
	assert_int_equal(uscc_normalize("abcd", tiny, sizeof(tiny)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_codes),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_illegal_chars),
		cmocka_unit_test(test_org_check),
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_every_single_error_caught),
		cmocka_unit_test(test_transpositions_caught),
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
