/* Unit tests for src/core/buf.c: the append family, buf_printf growing past
 * its 256-byte stack buffer, the sticky overflow at cap_limit (dropped
 * appends, cleared only by reset/release), buf_json_str escaping (checked
 * both byte for byte and by decoding the result with jansson), and the
 * detach/reset/release life cycle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/buf.h"

static void test_init_is_empty(void **state)
{
	struct buf b;

	(void)state;
	memset(&b, 0x5a, sizeof(b));
	buf_init(&b, 0);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.overflow, 0);
	assert_int_equal(b.cap_limit, (size_t)64 << 20);
	buf_init(&b, 100);
	assert_int_equal(b.cap_limit, 100);
	buf_release(&b);
}

static void test_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	/* even an empty append leaves a terminated string */
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_add(&b, "abcdef", 3);
	buf_adds(&b, "-xy-");
	buf_addc(&b, 'Z');
	buf_add_i64(&b, 0);
	buf_addc(&b, ',');
	buf_add_i64(&b, -1);
	buf_addc(&b, ',');
	buf_add_i64(&b, INT64_MAX);
	buf_addc(&b, ',');
	buf_add_i64(&b, INT64_MIN);
	assert_string_equal(b.data, "abc-xy-Z0,-1,9223372036854775807,-9223372036854775808");
	assert_int_equal(b.len, strlen(b.data));
	assert_int_equal(b.overflow, 0);

	/* bytes after a NUL are kept: len counts them */
	buf_reset(&b);
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_release(&b);
}

static void test_grows_many_small_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.alloc > b.len);
	assert_int_equal(b.data[10000], '\0');
	for (int i = 0; i < 10000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			fail_msg("byte %d is %c", i, b.data[i]);
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_printf_small_and_large(void **state)
{
	struct buf b;
	char big[1001];

	(void)state;
	memset(big, 'x', 1000);
	big[1000] = '\0';
	buf_init(&b, 0);
	buf_printf(&b, "%d-%s|", 42, "坡子村");
	assert_string_equal(b.data, "42-坡子村|");

	/* 255 characters fit the stack buffer; 256 do not */
	buf_reset(&b);
	buf_printf(&b, "%.255s", big);
	assert_int_equal(b.len, 255);
	buf_printf(&b, "%.256s", big);
	assert_int_equal(b.len, 511);
	assert_int_equal(strspn(b.data, "x"), 511);
	assert_int_equal(b.data[511], '\0');

	/* a long result appended after existing content */
	buf_reset(&b);
	buf_adds(&b, "head:");
	buf_printf(&b, "<%s>%d", big, 7);
	assert_int_equal(b.len, 5 + 1 + 1000 + 1 + 1);
	assert_memory_equal(b.data, "head:<x", 7);
	assert_string_equal(b.data + 5 + 1 + 1000, ">7");
	assert_true(b.alloc >= b.len + 1);

	/* then more appends still land at the end */
	buf_adds(&b, "!");
	assert_int_equal(b.len, 1009);
	assert_string_equal(b.data + 1006, ">7!");
	buf_release(&b);
}

static void test_cap_limit_overflow_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	buf_adds(&b, "12345");
	assert_int_equal(b.overflow, 0);
	buf_adds(&b, "678901"); /* 11 > 10: dropped whole */
	assert_int_equal(b.overflow, 1);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "12345");
	/* later appends that would fit are dropped too */
	buf_addc(&b, 'a');
	buf_adds(&b, "b");
	buf_printf(&b, "%d", 9);
	buf_add_i64(&b, 1);
	buf_json_str(&b, "q");
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "12345");
	assert_int_equal(b.overflow, 1);

	/* reset clears the error */
	buf_reset(&b);
	assert_int_equal(b.overflow, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_adds(&b, "0123456789"); /* exactly the limit is allowed */
	assert_int_equal(b.overflow, 0);
	assert_int_equal(b.len, 10);
	buf_addc(&b, 'x');
	assert_int_equal(b.overflow, 1);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");

	/* release clears it as well */
	buf_release(&b);
	assert_int_equal(b.overflow, 0);
	buf_adds(&b, "ok");
	assert_string_equal(b.data, "ok");
	buf_release(&b);
}

static void test_printf_over_cap(void **state)
{
	struct buf b;
	char big[401];

	(void)state;
	memset(big, 'y', 400);
	big[400] = '\0';
	buf_init(&b, 300);
	buf_adds(&b, "ab");
	buf_printf(&b, "%s", big); /* the long path of buf_printf */
	assert_int_equal(b.overflow, 1);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.data, "ab");
	buf_release(&b);

	buf_init(&b, 300);
	buf_printf(&b, "%.298s", big); /* 298 fits, via the long path */
	assert_int_equal(b.overflow, 0);
	assert_int_equal(b.len, 298);
	buf_printf(&b, "%s", "zzz"); /* short path, 301 > 300 */
	assert_int_equal(b.overflow, 1);
	assert_int_equal(b.len, 298);
	assert_int_equal(b.data[298], '\0');
	buf_release(&b);
}

/* buf_json_str(s) into a fresh buffer, returned as a malloc'd string. */
static char *json_of(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	buf_json_str(&b, s);
	assert_int_equal(b.overflow, 0);
	return buf_detach(&b, NULL);
}

static void check_json(const char *in, const char *want)
{
	char *got = json_of(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_json_str_escapes(void **state)
{
	(void)state;
	check_json(NULL, "null");
	check_json("", "\"\"");
	check_json("plain", "\"plain\"");
	check_json("a\"b", "\"a\\\"b\"");
	check_json("back\\slash", "\"back\\\\slash\"");
	check_json("\"\\\"", "\"\\\"\\\\\\\"\"");
	check_json("l1\nl2\r\tx", "\"l1\\nl2\\r\\tx\"");
	check_json("\x01", "\"\\u0001\"");
	check_json("a\x1f" "b", "\"a\\u001fb\"");
	check_json("\b\f", "\"\\u0008\\u000c\"");
	check_json("\x10", "\"\\u0010\"");
	/* DEL and '/' need no escape */
	check_json("\x7f/", "\"\x7f/\"");
	/* UTF-8 passes through unchanged */
	check_json("坡子村", "\"坡子村\"");
	check_json("\xF0\x9F\x98\x80 ok", "\"\xF0\x9F\x98\x80 ok\"");
	check_json("党建\n联盟", "\"党建\\n联盟\"");
}

/* Every byte 0x01..0x7f plus some UTF-8 round-trips through jansson. */
static void test_json_str_round_trip(void **state)
{
	char in[160];
	size_t n = 0;
	json_error_t je;

	(void)state;
	for (int c = 1; c < 0x80; c++)
		in[n++] = (char)c;
	memcpy(in + n, "坡子村\xF0\x9F\x98\x80", 13);
	n += 13;
	in[n] = '\0';

	char *out = json_of(in);
	json_t *v = json_loads(out, JSON_DECODE_ANY, &je);
	if (!v)
		fail_msg("jansson rejected %s: %s", out, je.text);
	assert_true(json_is_string(v));
	assert_int_equal(json_string_length(v), n);
	assert_string_equal(json_string_value(v), in);
	json_decref(v);
	free(out);
}

static void test_detach_reset_release(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	/* detach on an untouched buffer gives an empty, freeable string */
	buf_init(&b, 0);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);

	buf_adds(&b, "hello");
	buf_adds(&b, " world");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "hello world");
	assert_int_equal(len, 11);
	/* the buffer is empty and independent afterwards */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	buf_adds(&b, "again");
	assert_string_equal(b.data, "again");
	assert_string_equal(p, "hello world");
	free(p);

	/* out_len may be NULL */
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "again");
	free(p);

	/* reset keeps the allocation and empties the string */
	buf_adds(&b, "0123456789");
	size_t alloc = b.alloc;
	char *data = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.alloc, alloc);
	assert_string_equal(b.data, "");
	buf_adds(&b, "xy");
	assert_string_equal(b.data, "xy");

	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	/* release twice is harmless */
	buf_release(&b);
	/* reset of an unallocated buffer is harmless */
	buf_reset(&b);
	assert_null(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_grows_many_small_appends),
		cmocka_unit_test(test_printf_small_and_large),
		cmocka_unit_test(test_cap_limit_overflow_is_sticky),
		cmocka_unit_test(test_printf_over_cap),
		cmocka_unit_test(test_json_str_escapes),
		cmocka_unit_test(test_json_str_round_trip),
		cmocka_unit_test(test_detach_reset_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
