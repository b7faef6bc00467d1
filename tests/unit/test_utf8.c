/* Unit tests for src/core/utf8.c: strict validation of ASCII, CJK and
 * 4-byte sequences at every boundary of RFC 3629's table; rejection of
 * overlongs, surrogates, code points above U+10FFFF, truncated sequences,
 * lone continuation bytes and NUL; and utf8_chars. Inputs are heap copies of
 * exactly n bytes so that AddressSanitizer catches any read past n. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "core/utf8.h"

static int valid_n(const char *s, size_t n)
{
	char *c = dup_exact(s, n);
	int r = utf8_valid(c, n);

	free(c);
	return r;
}

static int valid(const char *s)
{
	return valid_n(s, strlen(s));
}

static void test_valid(void **state)
{
	(void)state;
	assert_int_equal(valid_n("", 0), 1);
	assert_int_equal(valid("hello, world ~\x7f"), 1);
	assert_int_equal(valid("坡子村"), 1);
	assert_int_equal(valid("联建 ok 党支部"), 1);
	assert_int_equal(valid("\xF0\x9F\x98\x80"), 1);     /* U+1F600 */
	assert_int_equal(valid("a\xF0\xA0\x80\x80z"), 1);   /* U+20000, CJK ext. B */
}

static void test_valid_boundaries(void **state)
{
	(void)state;
	assert_int_equal(valid("\xC2\x80"), 1);             /* U+0080 */
	assert_int_equal(valid("\xDF\xBF"), 1);             /* U+07FF */
	assert_int_equal(valid("\xE0\xA0\x80"), 1);         /* U+0800 */
	assert_int_equal(valid("\xED\x9F\xBF"), 1);         /* U+D7FF */
	assert_int_equal(valid("\xEE\x80\x80"), 1);         /* U+E000 */
	assert_int_equal(valid("\xEF\xBF\xBF"), 1);         /* U+FFFF */
	assert_int_equal(valid("\xF0\x90\x80\x80"), 1);     /* U+10000 */
	assert_int_equal(valid("\xF4\x8F\xBF\xBF"), 1);     /* U+10FFFF */
	assert_int_equal(valid("\xEF\xBB\xBF"), 1);         /* BOM is a valid char */
}

static void test_overlongs(void **state)
{
	(void)state;
	assert_int_equal(valid_n("\xC0\x80", 2), 0);
	assert_int_equal(valid("\xC0\xAF"), 0);
	assert_int_equal(valid("\xC1\xBF"), 0);
	assert_int_equal(valid("\xE0\x80\x80"), 0);
	assert_int_equal(valid("\xE0\x9F\xBF"), 0);
	assert_int_equal(valid("\xF0\x80\x80\x80"), 0);
	assert_int_equal(valid("\xF0\x8F\xBF\xBF"), 0);
}

static void test_surrogates_and_range(void **state)
{
	(void)state;
	assert_int_equal(valid("\xED\xA0\x80"), 0);         /* U+D800 */
	assert_int_equal(valid("\xED\xBF\xBF"), 0);         /* U+DFFF */
	assert_int_equal(valid("\xED\xA0\xBD\xED\xB8\x80"), 0); /* CESU-8 pair */
	assert_int_equal(valid("\xF4\x90\x80\x80"), 0);     /* U+110000 */
	assert_int_equal(valid("\xF5\x80\x80\x80"), 0);
	assert_int_equal(valid("\xF7\xBF\xBF\xBF"), 0);
	assert_int_equal(valid("\xF8\x88\x80\x80\x80"), 0); /* 5-byte form */
	assert_int_equal(valid("\xFE"), 0);
	assert_int_equal(valid("\xFF"), 0);
}

static void test_truncated(void **state)
{
	(void)state;
	assert_int_equal(valid("\xC2"), 0);
	assert_int_equal(valid("\xE5\x9D"), 0);              /* 坡 minus a byte */
	assert_int_equal(valid("\xF0\x9F\x98"), 0);
	assert_int_equal(valid("ab\xE5"), 0);
	/* a truncated sequence followed by ASCII */
	assert_int_equal(valid("\xE5\x9D" "A"), 0);
	assert_int_equal(valid("\xF0\x9F\x98" "A"), 0);
	assert_int_equal(valid("\xC2 "), 0);
	/* n cuts a valid string in the middle of a character */
	assert_int_equal(valid_n("坡子村", 8), 0);
	assert_int_equal(valid_n("坡子村", 6), 1);
	assert_int_equal(valid_n("\xF0\x9F\x98\x80", 1), 0);
}

static void test_lone_continuation(void **state)
{
	(void)state;
	assert_int_equal(valid("\x80"), 0);
	assert_int_equal(valid("\xBF"), 0);
	assert_int_equal(valid("a\x80z"), 0);
	/* one continuation byte too many */
	assert_int_equal(valid("\xC2\x80\x80"), 0);
	assert_int_equal(valid("\xE5\x9D\xA1\xA1"), 0);
	/* a lead byte followed by a non-continuation */
	assert_int_equal(valid("\xE5\x41\xA1"), 0);
	assert_int_equal(valid("\xE5\x9D\x41"), 0);
	assert_int_equal(valid("\xF0\x9F\xC0\x80"), 0);
}

static void test_nul(void **state)
{
	(void)state;
	assert_int_equal(valid_n("a\0b", 3), 0);
	assert_int_equal(valid_n("\0", 1), 0);
	assert_int_equal(valid_n("坡\0", 4), 0);
	/* a NUL just past n is not looked at */
	assert_int_equal(valid_n("ab\0", 2), 1);
}

static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("坡子村"), 3);
	assert_int_equal(strlen("坡子村"), 9);
	assert_int_equal(utf8_chars("a坡\xF0\x9F\x98\x80z"), 4);
	assert_int_equal(utf8_chars("\xC2\x80\xDF\xBF"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_valid_boundaries),
		cmocka_unit_test(test_overlongs),
		cmocka_unit_test(test_surrogates_and_range),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_lone_continuation),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
