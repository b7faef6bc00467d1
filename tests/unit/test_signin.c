/* Unit tests for signin_clean_agent (src/domain/signin.c): what the sign-in
 * log and the session list keep of a browser's User-Agent header, which may
 * hold any bytes: at most 200 characters, valid UTF-8 only, no control
 * characters, never past the output buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "domain/signin.h"
#include "store/store_session.h"

static char out[TEXT_BYTES(SESSION_USER_AGENT_MAX_CHARS)];

static void test_plain_text_is_kept(void **state)
{
	(void)state;
	signin_clean_agent("Mozilla/5.0 (Linux; Android 14) 微信/8.0", out, sizeof(out));
	assert_string_equal(out, "Mozilla/5.0 (Linux; Android 14) 微信/8.0");
	signin_clean_agent(NULL, out, sizeof(out));
	assert_string_equal(out, "");
}

static void test_control_and_invalid_bytes_become_question_marks(void **state)
{
	(void)state;
	signin_clean_agent("a\tb\x01" "c\x7f" "d", out, sizeof(out));
	assert_string_equal(out, "a?b?c?d");
	/* a lone continuation byte, an overlong '/', a surrogate, a cut sequence */
	signin_clean_agent("x\x80y\xc0\xafz\xed\xa0\x80w\xe6\xb5", out, sizeof(out));
	assert_string_equal(out, "x?y??z???w??");
	assert_true(utf8_valid(out, strlen(out)));
}

static void test_cut_at_200_characters(void **state)
{
	(void)state;
	char in[1200];
	size_t o = 0;
	for (int i = 0; i < 300; i++) {
		memcpy(in + o, "汉", 3);   /* 3 bytes, one character */
		o += 3;
	}
	in[o] = '\0';
	signin_clean_agent(in, out, sizeof(out));
	assert_int_equal(utf8_chars(out), SESSION_USER_AGENT_MAX_CHARS);
	assert_int_equal(strlen(out), 3 * SESSION_USER_AGENT_MAX_CHARS);
}

static void test_small_buffer_never_splits_a_character(void **state)
{
	(void)state;
	char small[5];
	signin_clean_agent("汉字汉字", small, sizeof(small));
	assert_string_equal(small, "汉");
	char one[1];
	signin_clean_agent("abc", one, sizeof(one));
	assert_string_equal(one, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_is_kept),
		cmocka_unit_test(test_control_and_invalid_bytes_become_question_marks),
		cmocka_unit_test(test_cut_at_200_characters),
		cmocka_unit_test(test_small_buffer_never_splits_a_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
