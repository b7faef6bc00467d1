/* Unit tests for src/core/date.c: strict parsing, formatting round trips,
 * month arithmetic at month ends and leap years, and the clocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/date.h"

/* Parses from a heap copy of exactly strlen + 1 bytes, so that ASan flags
 * any read past the NUL. */
static int parse_exact(const char *s, int32_t *out_day)
{
	size_t len = strlen(s) + 1;
	char *copy = malloc(len);
	int rc;

	assert_non_null(copy);
	memcpy(copy, s, len);
	rc = date_parse(copy, out_day);
	free(copy);
	return rc;
}

static void assert_ymd(int32_t day, int y, int m, int d)
{
	int gy, gm, gd;

	date_to_ymd(day, &gy, &gm, &gd);
	assert_int_equal(gy, y);
	assert_int_equal(gm, m);
	assert_int_equal(gd, d);
}

static void test_parse_valid(void **state)
{
	int32_t day = 0;

	(void)state;
	assert_int_equal(parse_exact("2024-02-29", &day), 0);
	assert_int_equal(day, 19782);
	assert_ymd(day, 2024, 2, 29);
	assert_int_equal(parse_exact("1970-01-01", &day), 0);
	assert_int_equal(day, 0);
	assert_int_equal(parse_exact("2000-03-01", &day), 0);
	assert_int_equal(day, 11017);
	assert_int_equal(parse_exact("1900-01-01", &day), 0);
	assert_int_equal(day, -25567);
	assert_int_equal(parse_exact("2999-12-31", &day), 0);
	assert_int_equal(day, 376199);
	assert_int_equal(parse_exact("2000-02-29", &day), 0);
	assert_int_equal(parse_exact("2024-04-30", &day), 0);
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2024-1-01", "2024-01-1", "24-01-01",
		"2024-01-01x", "2024-01-01 ", " 2024-01-01", "", "2024", "2024-", "2024-01",
		"2024-01-", "2024/01/01", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00",
		"2024-01-32", "1899-12-31", "3000-01-01", "+024-01-01", "2024-0a-01", "２０２４-01-01",
		"2024--1-01", "20240101xx",
	};
	int32_t day = 12345;

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		if (parse_exact(bad[k], &day) != -1)
			fail_msg("accepted \"%s\"", bad[k]);
		assert_int_equal(day, 12345);
	}
	assert_int_equal(date_parse(NULL, &day), -1);
	assert_int_equal(date_parse("2024-01-01", NULL), -1);
}

static void test_format_round_trip(void **state)
{
	char buf[11];
	int32_t back;
	int py, pm, pd;

	(void)state;
	date_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	date_format(19782, buf);
	assert_string_equal(buf, "2024-02-29");
	date_format(-25567, buf);
	assert_string_equal(buf, "1900-01-01");

	/* 100k consecutive days from 1900: format/parse and ymd round trips,
	 * and each day is the calendar successor of the one before. */
	date_to_ymd(-25568, &py, &pm, &pd);
	assert_int_equal(py, 1899);
	for (int32_t day = -25567; day < -25567 + 100000; day++) {
		int y, m, d;

		date_format(day, buf);
		assert_int_equal(strlen(buf), 10);
		assert_int_equal(parse_exact(buf, &back), 0);
		assert_int_equal(back, day);
		date_to_ymd(day, &y, &m, &d);
		assert_int_equal(date_from_ymd(y, m, d), day);
		if (d == 1) {
			assert_int_equal(pd, date_days_in_month(py, pm));
			assert_true((m == pm + 1 && y == py) || (m == 1 && pm == 12 && y == py + 1));
		} else {
			assert_int_equal(d, pd + 1);
			assert_int_equal(m, pm);
			assert_int_equal(y, py);
		}
		py = y;
		pm = m;
		pd = d;
	}
	assert_int_equal(py, 2173);
}

static void test_format_out_of_range(void **state)
{
	char buf[11];
	int32_t day;

	(void)state;
	date_format(INT32_MAX, buf);
	assert_string_equal(buf, "0000-00-00");
	date_format(INT32_MIN, buf);
	assert_string_equal(buf, "0000-00-00");
	assert_int_equal(date_parse(buf, &day), -1);
	date_format(date_from_ymd(9999, 12, 31), buf);
	assert_string_equal(buf, "9999-12-31");
	date_format(date_from_ymd(0, 1, 1), buf);
	assert_string_equal(buf, "0000-01-01");
}

static void test_from_ymd_rolls_over(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(2024, 13, 1), date_from_ymd(2025, 1, 1));
	assert_int_equal(date_from_ymd(2024, 0, 1), date_from_ymd(2023, 12, 1));
	assert_int_equal(date_from_ymd(2024, 3, 0), date_from_ymd(2024, 2, 29));
	assert_int_equal(date_from_ymd(2024, -11, 1), date_from_ymd(2023, 1, 1));
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_ymd(-1, 1969, 12, 31);
	assert_ymd(-719468, 0, 3, 1);
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 1), 31);
	assert_int_equal(date_days_in_month(2024, 4), 30);
	assert_int_equal(date_days_in_month(2024, 12), 31);
	assert_int_equal(date_days_in_month(2024, 0), 0);
	assert_int_equal(date_days_in_month(2024, 13), 0);
}

static void test_add_months(void **state)
{
	int32_t jan31 = date_from_ymd(2024, 1, 31);
	int32_t feb29 = date_from_ymd(2024, 2, 29);

	(void)state;
	assert_int_equal(date_add_months(jan31, 0), jan31);
	assert_int_equal(date_add_months(jan31, 1), feb29);
	assert_int_equal(date_add_months(jan31, 2), date_from_ymd(2024, 3, 31));
	assert_int_equal(date_add_months(jan31, 3), date_from_ymd(2024, 4, 30));
	assert_int_equal(date_add_months(jan31, 11), date_from_ymd(2024, 12, 31));
	assert_int_equal(date_add_months(jan31, 13), date_from_ymd(2025, 2, 28));
	assert_int_equal(date_add_months(jan31, -1), date_from_ymd(2023, 12, 31));
	assert_int_equal(date_add_months(jan31, -11), date_from_ymd(2023, 2, 28));
	assert_int_equal(date_add_months(date_from_ymd(2023, 1, 31), 1), date_from_ymd(2023, 2, 28));
	assert_int_equal(date_add_months(feb29, 12), date_from_ymd(2025, 2, 28));
	assert_int_equal(date_add_months(feb29, 48), date_from_ymd(2028, 2, 29));
	assert_int_equal(date_add_months(feb29, -12), date_from_ymd(2023, 2, 28));
	assert_int_equal(date_add_months(date_from_ymd(2024, 3, 31), -1), feb29);
	assert_int_equal(date_add_months(date_from_ymd(2024, 1, 15), -13), date_from_ymd(2022, 12, 15));
	assert_int_equal(date_add_months(date_from_ymd(2024, 12, 30), 2), date_from_ymd(2025, 2, 28));
	assert_int_equal(date_add_months(date_from_ymd(1999, 11, 30), 3), date_from_ymd(2000, 2, 29));
	/* Computed from the anchor, a series comes back to the 31st. */
	for (int k = 0; k < 120; k++) {
		int y, m, d;

		date_to_ymd(date_add_months(jan31, k), &y, &m, &d);
		assert_int_equal(m, (k % 12) + 1);
		assert_int_equal(y, 2024 + k / 12);
		assert_int_equal(d, date_days_in_month(y, m));
	}
	/* Far outside the calendar it saturates instead of overflowing. */
	assert_int_equal(date_add_months(0, 2147483647), INT32_MAX);
	assert_int_equal(date_add_months(0, -2147483647 - 1), INT32_MIN);
	assert_int_equal(date_add_months(INT32_MAX, 1), INT32_MAX);
}

static void test_clocks(void **state)
{
	time_t before = time(NULL);
	int32_t today = date_today_shanghai();
	int64_t now_ms = date_now_ms();
	time_t after = time(NULL);
	int32_t lo = (int32_t)((before + 28800) / 86400);
	int32_t hi = (int32_t)((after + 28800) / 86400);

	(void)state;
	assert_in_range(today, lo, hi);
	assert_in_range(now_ms, (int64_t)before * 1000, (int64_t)after * 1000 + 999);
}

static void test_format_iso_ms(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(date_format_iso_ms(0, buf), 0);
	assert_string_equal(buf, "1970-01-01T08:00:00+08:00");
	date_format_iso_ms(1795910679000, buf);
	assert_string_equal(buf, "2026-11-29T08:04:39+08:00");
	date_format_iso_ms(1795910679999, buf);
	assert_string_equal(buf, "2026-11-29T08:04:39+08:00");
	/* 16:00 UTC is midnight in Shanghai: the date moves on. */
	date_format_iso_ms((int64_t)(19782 + 1) * 86400000 - 8 * 3600000, buf);
	assert_string_equal(buf, "2024-03-01T00:00:00+08:00");
	date_format_iso_ms(-1, buf);
	assert_string_equal(buf, "1970-01-01T07:59:59+08:00");
	date_format_iso_ms(-28800001, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59+08:00");
	date_format_iso_ms((int64_t)date_from_ymd(9999, 12, 31) * 86400000 + 57599999, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59+08:00");
	assert_int_equal(date_format_iso_ms(INT64_MAX, buf), 0);
	assert_string_equal(buf, "0000-00-00T00:00:00+08:00");
	assert_int_equal(date_format_iso_ms(INT64_MIN, buf), 0);
	assert_string_equal(buf, "0000-00-00T00:00:00+08:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_format_out_of_range),
		cmocka_unit_test(test_from_ymd_rolls_over),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_clocks),
		cmocka_unit_test(test_format_iso_ms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
