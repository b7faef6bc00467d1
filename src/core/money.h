/*
 * money.h - amounts of money as integer fen (分): checked arithmetic, exact
 * parsing of yuan text, and the two display forms (briefing and table).
 *
 * Invariants
 *  - An amount is an int64_t count of fen; 1 元 = 100 fen, 1万元 = 10^6 fen,
 *    1亿元 = 10^10 fen. No floating point anywhere: parsing and formatting
 *    are exact integer operations.
 *  - Arithmetic never wraps: money_add / money_mul / money_sum report an
 *    overflow instead (the range is ±9.2e18 fen, about 9.2亿亿元, so a sum
 *    of a million amounts of up to 10^12 fen each fits, but nothing is
 *    assumed).
 *  - Nothing here allocates; output buffers belong to the caller.
 */
#ifndef LJ_CORE_MONEY_H
#define LJ_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Room for any formatted amount and its NUL, in either form
 * ("-92,233,720,368,547,758.08" is the longest). */
#define MONEY_FMT_SIZE 40

/* ---- arithmetic ---------------------------------------------------------- */

/* *out = a + b. Returns 0, or -1 on overflow (and leaves *out alone). */
int money_add(int64_t a, int64_t b, int64_t *out);

/* *out = a * b (e.g. a per-head amount times a head count). Returns 0, or
 * -1 on overflow (and leaves *out alone). */
int money_mul(int64_t a, int64_t b, int64_t *out);

/* *out = v[0] + ... + v[n-1] (0 for n = 0). Returns 0, or -1 as soon as a
 * partial sum overflows (and leaves *out alone). */
int money_sum(const int64_t *v, size_t n, int64_t *out);

/* ---- parsing -------------------------------------------------------------- */

/* Parses an amount of yuan written as text into fen, exactly:
 *   "1234.56" -> 123456, "0.5" -> 50, "3000" -> 300000, "-12.3" -> -1230,
 *   "1,234.56" (thousands grouped by three, as money_format_table writes).
 * Surrounding ASCII blanks (space, tab) are ignored. Decimals beyond the
 * second must be zeros ("1.500" is 150 fen; "1.005" is rejected, never
 * rounded). Rejected: empty text, a lone sign, "+", ".5", "12.", letters,
 * currency signs, badly grouped commas ("1,23"), and anything outside the
 * int64 range of fen.
 * On failure returns ERR_INVALID with field and a Chinese message
 * ("金额格式不正确，应为以元为单位的数字，最多两位小数" or "金额超出范围"),
 * and leaves *out_fen alone. */
enum err_code money_parse_yuan(const char *s, int64_t *out_fen, const char *field,
			       struct err *e);

/* ---- formatting ----------------------------------------------------------- */

/* The briefing (工作简报) form, by magnitude of |fen|:
 *   < 1万元   integer 元, with two decimals only when not whole:
 *             "0元", "3000元", "0.01元", "0.10元", "9999.99元" (exact);
 *   < 1亿元   万元 with at most two decimals, trailing zeros trimmed:
 *             "1万元", "5.2万元", "500万元", "1.23万元";
 *   otherwise 亿元 likewise: "1亿元", "1.7亿元", "922337203.69亿元".
 * Rounding: half-up (away from zero) on the integer fen, at the hundredth
 * of the unit shown: 12,345元 -> 1.23万元, 12,350元 -> 1.24万元. An amount
 * that rounds up to the next unit is shown in it: 99,999,999.99元 ->
 * "1亿元", never "10000万元". Negative amounts get a leading "-".
 * Writes a NUL-terminated UTF-8 string into out. */
void money_format_brief(int64_t fen, char out[MONEY_FMT_SIZE]);

/* The table (台账) form: yuan with thousands separators and always two
 * decimals: "0.00", "0.01", "1,234.56", "-1,000,000.00". Exact. */
void money_format_table(int64_t fen, char out[MONEY_FMT_SIZE]);

#endif
