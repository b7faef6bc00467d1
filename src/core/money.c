/* money.c - integer-fen arithmetic, parsing and formatting (see money.h).
 * Magnitudes are handled as uint64_t so that INT64_MIN has a magnitude too. */
#include "core/money.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/banned.h"

#define FEN_PER_YUAN 100u
#define FEN_PER_WAN 1000000u          /* 1万元 */
#define WAN_HUNDREDTHS_PER_YI 1000000u /* 10000.00万 = 1亿 */
#define FEN_PER_YI 10000000000ull      /* 1亿元 */

int money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int money_mul(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int money_sum(const int64_t *v, size_t n, int64_t *out)
{
	int64_t acc = 0;

	for (size_t i = 0; i < n; i++)
		if (__builtin_add_overflow(acc, v[i], &acc))
			return -1;
	*out = acc;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends digit d to *acc unless that would pass limit. 0, or -1. */
static int acc_digit(uint64_t *acc, unsigned d, uint64_t limit)
{
	if (*acc > (limit - d) / 10)
		return -1;
	*acc = *acc * 10 + d;
	return 0;
}

enum err_code money_parse_yuan(const char *s, int64_t *out_fen, const char *field,
			       struct err *e)
{
	static const char bad[] = "金额格式不正确，应为以元为单位的数字，最多两位小数";
	const char *p, *end;
	int neg = 0;
	uint64_t limit = (uint64_t)INT64_MAX, acc = 0;

	if (!s)
		return err_set(e, ERR_INVALID, field, "%s", bad);
	p = s;
	end = s + strlen(s);
	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	if (p < end && *p == '-') {
		neg = 1;
		limit = (uint64_t)INT64_MAX + 1u;
		p++;
	}

	/* Integer part: plain digits, or digits grouped by three with commas. */
	const char *int_start = p;
	int n_digits = 0, group = 0, grouped = 0;
	for (; p < end && *p != '.'; p++) {
		if (*p == ',') {
			/* The first group holds 1..3 digits, every later one exactly 3. */
			if (group == 0 || (grouped && group != 3) || group > 3)
				return err_set(e, ERR_INVALID, field, "%s", bad);
			grouped = 1;
			group = 0;
			continue;
		}
		if (!is_digit(*p))
			return err_set(e, ERR_INVALID, field, "%s", bad);
		group++;
		n_digits++;
		/* The limit is checked on the fen value below; first on yuan. */
		if (acc_digit(&acc, (unsigned)(*p - '0'), limit / FEN_PER_YUAN + 1))
			return err_set(e, ERR_INVALID, field, "金额超出范围");
	}
	if (n_digits == 0 || (grouped && group != 3) || p == int_start)
		return err_set(e, ERR_INVALID, field, "%s", bad);

	/* Fraction: at least one digit after a '.', digits past the second zero. */
	unsigned frac = 0;
	if (p < end) {
		p++; /* the '.' */
		if (p == end)
			return err_set(e, ERR_INVALID, field, "%s", bad);
		for (int i = 0; p < end; p++, i++) {
			if (!is_digit(*p))
				return err_set(e, ERR_INVALID, field, "%s", bad);
			if (i < 2)
				frac = frac * 10 + (unsigned)(*p - '0');
			else if (*p != '0')
				return err_set(e, ERR_INVALID, field, "%s", bad);
			if (i == 0 && p + 1 == end)
				frac *= 10; /* "0.5" is 50 fen */
		}
	}

	if (acc > (limit - frac) / FEN_PER_YUAN)
		return err_set(e, ERR_INVALID, field, "金额超出范围");
	acc = acc * FEN_PER_YUAN + frac;
	if (neg)
		*out_fen = acc == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)acc;
	else
		*out_fen = (int64_t)acc;
	return ERR_OK;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* "N" or "N.d" or "N.dd" from hundredths, trailing zeros trimmed, then unit. */
static void format_hundredths(const char *sign, uint64_t h, const char *unit,
			      char out[MONEY_FMT_SIZE])
{
	uint64_t whole = h / 100;
	unsigned frac = (unsigned)(h % 100);

	if (frac == 0)
		snprintf(out, MONEY_FMT_SIZE, "%s%" PRIu64 "%s", sign, whole, unit);
	else if (frac % 10 == 0)
		snprintf(out, MONEY_FMT_SIZE, "%s%" PRIu64 ".%u%s", sign, whole, frac / 10, unit);
	else
		snprintf(out, MONEY_FMT_SIZE, "%s%" PRIu64 ".%02u%s", sign, whole, frac, unit);
}

/* Hundredths of a unit of `per` fen, rounded half-up; never overflows. */
static uint64_t round_hundredths(uint64_t u, uint64_t per)
{
	uint64_t step = per / 100;

	return u / step + (u % step >= step / 2 ? 1 : 0);
}

void money_format_brief(int64_t fen, char out[MONEY_FMT_SIZE])
{
	uint64_t u = magnitude(fen);
	const char *sign = fen < 0 ? "-" : "";

	if (u < FEN_PER_WAN) {
		/* Exact: whole yuan, or both decimals ("0.10元", not "0.1元"). */
		if (u % FEN_PER_YUAN == 0)
			snprintf(out, MONEY_FMT_SIZE, "%s%" PRIu64 "元", sign, u / FEN_PER_YUAN);
		else
			snprintf(out, MONEY_FMT_SIZE, "%s%" PRIu64 ".%02u元", sign,
				 u / FEN_PER_YUAN, (unsigned)(u % FEN_PER_YUAN));
		return;
	}
	uint64_t wan = round_hundredths(u, FEN_PER_WAN);
	if (wan < WAN_HUNDREDTHS_PER_YI) {
		format_hundredths(sign, wan, "万元", out);
		return;
	}
	format_hundredths(sign, round_hundredths(u, FEN_PER_YI), "亿元", out);
}

void money_format_table(int64_t fen, char out[MONEY_FMT_SIZE])
{
	uint64_t u = magnitude(fen);
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, u / FEN_PER_YUAN);
	size_t o = 0;

	if (fen < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, MONEY_FMT_SIZE - o, ".%02u", (unsigned)(u % FEN_PER_YUAN));
}
