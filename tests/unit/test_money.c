/* Unit tests for src/core/money.c: checked arithmetic at the int64 edges,
 * exact parsing of yuan text, and both display forms with their rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"

static void test_add_mul_overflow(void **state)
{
	int64_t r = 42;

	(void)state;
	assert_int_equal(money_add(1, 2, &r), 0);
	assert_int_equal(r, 3);
	assert_int_equal(money_add(INT64_MAX, 0, &r), 0);
	assert_true(r == INT64_MAX);
	r = 42;
	assert_int_equal(money_add(INT64_MAX, 1, &r), -1);
	assert_int_equal(r, 42); /* untouched on overflow */
	assert_int_equal(money_add(INT64_MIN, -1, &r), -1);
	assert_int_equal(money_add(INT64_MIN, INT64_MAX, &r), 0);
	assert_int_equal(r, -1);

	assert_int_equal(money_mul(300000, 200, &r), 0); /* 3000元 x 200 people */
	assert_int_equal(r, 60000000);
	assert_int_equal(money_mul(INT64_MAX / 2, 2, &r), 0);
	assert_int_equal(money_mul(INT64_MAX / 2 + 1, 2, &r), -1);
	assert_int_equal(money_mul(-1, INT64_MIN, &r), -1);
	assert_int_equal(money_mul(0, INT64_MIN, &r), 0);
	assert_int_equal(r, 0);
}

static void test_sum_national_scale(void **state)
{
	/* A million records of 10^12 fen (1亿元 each... times 100) fit: 10^18. */
	enum { N = 1000000 };
	static int64_t v[N + 10];
	int64_t r = -7;

	(void)state;
	for (size_t i = 0; i < N; i++)
		v[i] = 1000000000000LL;
	assert_int_equal(money_sum(v, N, &r), 0);
	assert_true(r == 1000000000000000000LL);
	/* Ten more of 10^18 do not: the error is reported, not wrapped. */
	for (size_t i = N; i < N + 10; i++)
		v[i] = 1000000000000000000LL;
	r = -7;
	assert_int_equal(money_sum(v, N + 10, &r), -1);
	assert_int_equal(r, -7);
	assert_int_equal(money_sum(v, 0, &r), 0);
	assert_int_equal(r, 0);
}

static int64_t parse_ok(const char *s)
{
	int64_t fen = -999;
	struct err e = { 0 };

	if (money_parse_yuan(s, &fen, "amount", &e) != ERR_OK)
		fail_msg("\"%s\" rejected: %s", s, e.msg);
	return fen;
}

static void parse_bad(const char *s, const char *want_msg_prefix)
{
	int64_t fen = -999;
	struct err e = { 0 };

	if (money_parse_yuan(s, &fen, "amount", &e) != ERR_INVALID)
		fail_msg("\"%s\" accepted as %lld", s ? s : "(null)", (long long)fen);
	assert_int_equal(fen, -999);
	assert_string_equal(e.field, "amount");
	assert_memory_equal(e.msg, want_msg_prefix, strlen(want_msg_prefix));
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1234.56"), 123456);
	assert_int_equal(parse_ok("0"), 0);
	assert_int_equal(parse_ok("0.01"), 1);
	assert_int_equal(parse_ok("0.5"), 50);
	assert_int_equal(parse_ok("0.50"), 50);
	assert_int_equal(parse_ok("1.500"), 150);
	assert_int_equal(parse_ok("3000"), 300000);
	assert_int_equal(parse_ok("9999.99"), 999999);
	assert_int_equal(parse_ok("  52000 \t"), 5200000);
	assert_int_equal(parse_ok("1,234.56"), 123456);
	assert_int_equal(parse_ok("170,000,000"), 17000000000LL);
	assert_int_equal(parse_ok("-12.3"), -1230);
	assert_int_equal(parse_ok("-0"), 0);
	assert_int_equal(parse_ok("007"), 700);
	/* The int64 edges, exactly. */
	assert_true(parse_ok("92233720368547758.07") == INT64_MAX);
	assert_true(parse_ok("-92233720368547758.08") == INT64_MIN);

	const char *bad = "金额格式不正确";
	parse_bad(NULL, bad);
	parse_bad("", bad);
	parse_bad("   ", bad);
	parse_bad("-", bad);
	parse_bad("+5", bad);
	parse_bad(".5", bad);
	parse_bad("12.", bad);
	parse_bad("1.005", bad);
	parse_bad("1.2.3", bad);
	parse_bad("1e3", bad);
	parse_bad("¥12", bad);
	parse_bad("12元", bad);
	parse_bad("1 000", bad);
	parse_bad("1,23", bad);
	parse_bad("1234,567", bad);
	parse_bad(",123", bad);
	parse_bad("1,,234", bad);
	parse_bad("1,234,5", bad);
	parse_bad("--1", bad);
	parse_bad("92233720368547758.08", "金额超出范围");
	parse_bad("-92233720368547758.09", "金额超出范围");
	parse_bad("100000000000000000000", "金额超出范围");
}

static void brief_is(int64_t fen, const char *want)
{
	char out[MONEY_FMT_SIZE];

	memset(out, 'x', sizeof(out));
	money_format_brief(fen, out);
	assert_string_equal(out, want);
}

static void test_format_brief(void **state)
{
	(void)state;
	brief_is(0, "0元");
	brief_is(1, "0.01元");
	brief_is(10, "0.10元");
	brief_is(300000, "3000元");
	brief_is(999999, "9999.99元");
	brief_is(1000000, "1万元");            /* 1万元 exact */
	brief_is(5200000, "5.2万元");          /* 52,000元: the fair's half day */
	brief_is(500000000, "500万元");
	brief_is(1234500, "1.23万元");         /* 12,345元: half-up at 100元 ... */
	brief_is(1235000, "1.24万元");         /* ... 12,350元 rounds up */
	brief_is(1234999, "1.23万元");
	brief_is(1000049, "1万元");
	brief_is(1005000, "1.01万元");
	brief_is(9999994999LL, "9999.99万元");
	brief_is(9999995000LL, "1亿元");       /* rounds into the next unit */
	brief_is(9999999999LL, "1亿元");
	brief_is(10000000000LL, "1亿元");
	brief_is(17000000000LL, "1.7亿元");    /* 19 enterprises' financing */
	brief_is(20000000000LL, "2亿元");
	brief_is(12345678901LL, "1.23亿元");
	brief_is(12350000000LL, "1.24亿元");
	brief_is(INT64_MAX, "922337203.69亿元");
	brief_is(-5200000, "-5.2万元");
	brief_is(-1, "-0.01元");
	brief_is(INT64_MIN, "-922337203.69亿元");
}

static void table_is(int64_t fen, const char *want)
{
	char out[MONEY_FMT_SIZE];

	money_format_table(fen, out);
	assert_string_equal(out, want);
}

static void test_format_table(void **state)
{
	(void)state;
	table_is(0, "0.00");
	table_is(1, "0.01");
	table_is(99999, "999.99");
	table_is(100000, "1,000.00");
	table_is(123456, "1,234.56");
	table_is(17000000000LL, "170,000,000.00");
	table_is(-100000000, "-1,000,000.00");
	table_is(INT64_MAX, "92,233,720,368,547,758.07");
	table_is(INT64_MIN, "-92,233,720,368,547,758.08");
}

/* What the table writes, the parser reads back to the same fen. */
static void test_table_round_trip(void **state)
{
	static const int64_t v[] = { 0, 1, 99, 100, 123456, 5200000, 17000000000LL,
				     -98765432, INT64_MAX, INT64_MIN };
	char out[MONEY_FMT_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		money_format_table(v[i], out);
		assert_true(parse_ok(out) == v[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_mul_overflow),
		cmocka_unit_test(test_sum_national_scale),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format_brief),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_table_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
