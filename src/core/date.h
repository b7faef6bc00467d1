/* Civil-date arithmetic for the whole tree: parsing, formatting and month
 * arithmetic on plain day numbers, plus the two clocks the server reads.
 * No project knowledge lives here.
 *
 * Invariants
 *  - A civil date is an int32_t count of days since 1970-01-01 in the
 *    proleptic Gregorian calendar (day 0 = 1970-01-01, day -1 = 1969-12-31).
 *    Two dates compare and subtract as integers.
 *  - Arithmetic is done in 64 bits internally; a result that would not fit
 *    an int32_t saturates to INT32_MIN / INT32_MAX instead of overflowing.
 *  - The project's own time zone is Asia/Shanghai, UTC+8 with no daylight
 *    saving, so "today" and displayed timestamps use a fixed +08:00 offset.
 *  - Nothing here allocates; output buffers belong to the caller.
 */
#ifndef LIANJIAN_CORE_DATE_H
#define LIANJIAN_CORE_DATE_H

#include <stdint.h>

/* Parses a strict "YYYY-MM-DD": exactly ten characters then the NUL, years
 * 1900..2999, and a real calendar day (2024-02-29 is valid, 2025-02-29 not).
 * Never reads past the terminating NUL. Returns 0 and sets *out_day, or -1
 * (and leaves *out_day alone) if s is NULL or not such a date. */
int date_parse(const char *s, int32_t *out_day);

/* Writes "YYYY-MM-DD" and a NUL into out. For a day whose year is outside
 * 0..9999 it writes "0000-00-00", which date_parse rejects. */
void date_format(int32_t day, char out[11]);

/* The day number of y-m-d. m outside 1..12 rolls over into neighbouring
 * years (m = 13 is January of y + 1); d counts on from the first of the
 * month, so d = 0 is the last day of the month before. */
int32_t date_from_ymd(int y, int m, int d);

/* Splits a day number into year, month 1..12 and day 1..31. */
void date_to_ymd(int32_t day, int *out_y, int *out_m, int *out_d);

/* 28..31, or 0 when m is outside 1..12. */
int date_days_in_month(int y, int m);

/* The same day-of-month `months` months after (or before, if negative)
 * anchor, clamped to the end of the target month:
 * 2024-01-31 +1 -> 2024-02-29, +2 -> 2024-03-31. Always compute a series
 * from its anchor; chaining +1 steps would drift (03-31 -> 02-29 -> 03-29). */
int32_t date_add_months(int32_t anchor, int months);

/* Today's date in Asia/Shanghai from time(NULL). */
int32_t date_today_shanghai(void);

/* Wall clock, milliseconds since 1970-01-01T00:00:00Z. */
int64_t date_now_ms(void);

/* Writes ms as ISO 8601 local time in Asia/Shanghai with seconds precision
 * (milliseconds are truncated towards the past) and the offset, e.g.
 * "2026-11-29T08:04:39+08:00" (25 characters and a NUL; out has room for
 * 32). Outside the years 0..9999 it writes "0000-00-00T00:00:00+08:00".
 * Returns 0. */
int date_format_iso_ms(int64_t ms, char out[32]);

#endif
