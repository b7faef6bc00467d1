/* Civil-date arithmetic on day numbers (days since 1970-01-01, proleptic
 * Gregorian) and the server's two clocks. The conversions are Howard
 * Hinnant's days_from_civil / civil_from_days, done in 64 bits so that no
 * int32_t input can overflow; results saturate when they leave int32_t. */
#include "core/date.h"

#include <string.h>
#include <time.h>

#define SHANGHAI_OFFSET_S 28800 /* UTC+8, no daylight saving */
#define SECONDS_PER_DAY 86400

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int32_t saturate_day(int64_t day)
{
	if (day < INT32_MIN)
		return INT32_MIN;
	if (day > INT32_MAX)
		return INT32_MAX;
	return (int32_t)day;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_length(int64_t y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* m must be 1..12; d may be anything (it counts on linearly). Callers keep
 * |y| below about 2^50, so nothing here overflows. */
static int64_t days_from_civil(int64_t y, int m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *out_y, int *out_m, int *out_d)
{
	int64_t era, doe, yoe, doy, mp, y;
	int m;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*out_d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*out_m = m;
	*out_y = y + (m <= 2);
}

static int64_t ymd_to_day64(int64_t y, int64_t m, int64_t d)
{
	int64_t months = y * 12 + (m - 1);
	int64_t ny = floor_div(months, 12);

	return days_from_civil(ny, (int)(months - ny * 12) + 1, d);
}

int32_t date_from_ymd(int y, int m, int d)
{
	return saturate_day(ymd_to_day64(y, m, d));
}

void date_to_ymd(int32_t day, int *out_y, int *out_m, int *out_d)
{
	int64_t y;

	civil_from_days(day, &y, out_m, out_d);
	*out_y = (int)y; /* |y| < 6e6 for any int32_t day */
}

int date_days_in_month(int y, int m)
{
	return month_length(y, m);
}

int32_t date_add_months(int32_t anchor, int months)
{
	int64_t y, total, ny;
	int m, d, nm, len;

	civil_from_days(anchor, &y, &m, &d);
	total = y * 12 + (m - 1) + (int64_t)months;
	ny = floor_div(total, 12);
	nm = (int)(total - ny * 12) + 1;
	len = month_length(ny, nm);
	if (d > len)
		d = len;
	return saturate_day(days_from_civil(ny, nm, d));
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1; /* also stops at the NUL, so nothing past it is read */
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, int32_t *out_day)
{
	int y, m, d;

	if (!s || !out_day)
		return -1;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || s[10] != '\0')
		return -1;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > month_length(y, m))
		return -1;
	*out_day = (int32_t)days_from_civil(y, m, d);
	return 0;
}

static void put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Writes the ten characters "YYYY-MM-DD" (no NUL), or "0000-00-00" for a
 * year outside 0..9999; returns whether the year was inside. */
static int put_ymd(char *out, int64_t day)
{
	int64_t y;
	int m, d;
	int inside;

	civil_from_days(day, &y, &m, &d);
	inside = y >= 0 && y <= 9999;
	if (!inside) {
		y = 0;
		m = 0;
		d = 0;
	}
	put_digits(out, (int)y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	return inside;
}

void date_format(int32_t day, char out[11])
{
	put_ymd(out, day);
	out[10] = '\0';
}

int32_t date_today_shanghai(void)
{
	int64_t now = (int64_t)time(NULL);

	return saturate_day(floor_div(now + SHANGHAI_OFFSET_S, SECONDS_PER_DAY));
}

int64_t date_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (int64_t)time(NULL) * 1000;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int date_format_iso_ms(int64_t ms, char out[32])
{
	int64_t secs = floor_div(ms, 1000) + SHANGHAI_OFFSET_S;
	int64_t day = floor_div(secs, SECONDS_PER_DAY);
	int sod = (int)(secs - day * SECONDS_PER_DAY);

	if (!put_ymd(out, day))
		sod = 0;
	out[10] = 'T';
	put_digits(out + 11, sod / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, sod / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, sod % 60, 2);
	memcpy(out + 19, "+08:00", sizeof("+08:00"));
	return 0;
}
