/*
 * fuzz_date.c - date_parse()/date_format() and the rotation term calendar.
 *
 * Input: up to the first NUL byte, the text handed to date_parse() (as a
 * C string: the parser must not read past the NUL, and ASan checks that the
 * heap copy is not overrun); after that NUL, an optional second date used
 * as "a day" for rotation_term_index().
 *
 * Invariants, for every text date_parse() accepts:
 *  - date_format() gives back exactly the same ten characters, and
 *    date_to_ymd()/date_from_ymd() round-trip the day number;
 *  - for each term kind (week, month, quarter) with the date as anchor:
 *    term i starts on term i-1's end + 1, is non-empty, and
 *    rotation_term_index() maps its first and last day back to i;
 *  - with a second date: rotation_term_index() is -1 before the anchor and
 *    otherwise names the term that contains the day.
 * Anything date_parse() rejects must leave *out_day untouched.
 */
#include <string.h>

#include "core/date.h"
#include "domain/rotation.h"
#include "fuzz_util.h"

static const enum rotation_term kinds[] = { ROTATION_WEEK, ROTATION_MONTH, ROTATION_QUARTER };

static int parse_checked(const char *s, int32_t *out)
{
	int32_t d = INT32_MIN + 12345;
	if (date_parse(s, &d)) {
		FUZZ_CHECK(d == INT32_MIN + 12345, "rejected \"%s\" but wrote %d", s, (int)d);
		return -1;
	}
	char back[11];
	date_format(d, back);
	FUZZ_CHECK(strcmp(back, s) == 0, "\"%s\" -> day %d -> \"%s\"", s, (int)d, back);
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	FUZZ_CHECK(date_from_ymd(y, m, dd) == d, "%s: ymd %d-%d-%d does not map back", s, y, m, dd);
	FUZZ_CHECK(dd >= 1 && dd <= date_days_in_month(y, m), "%s: day %d of %d-%d", s, dd, y, m);
	*out = d;
	return 0;
}

static void check_terms(const char *s, int32_t anchor)
{
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		enum rotation_term t = kinds[k];
		const char *tn = rotation_term_name(t);
		int32_t prev_end = rotation_term_end(t, anchor, -1);
		FUZZ_CHECK(rotation_term_start(t, anchor, 0) == anchor, "%s %s: term 0 starts %d",
			   s, tn, (int)rotation_term_start(t, anchor, 0));
		for (int64_t i = 0; i < 60; i++) {
			int32_t st = rotation_term_start(t, anchor, i);
			int32_t en = rotation_term_end(t, anchor, i);
			FUZZ_CHECK(st == prev_end + 1, "%s %s: term %lld starts %d, previous ends %d",
				   s, tn, (long long)i, (int)st, (int)prev_end);
			FUZZ_CHECK(st <= en, "%s %s: term %lld is empty (%d..%d)", s, tn,
				   (long long)i, (int)st, (int)en);
			FUZZ_CHECK(rotation_term_index(t, anchor, st) == i,
				   "%s %s: index(start of %lld) = %lld", s, tn, (long long)i,
				   (long long)rotation_term_index(t, anchor, st));
			FUZZ_CHECK(rotation_term_index(t, anchor, en) == i,
				   "%s %s: index(end of %lld) = %lld", s, tn, (long long)i,
				   (long long)rotation_term_index(t, anchor, en));
			prev_end = en;
		}
		FUZZ_CHECK(rotation_term_index(t, anchor, anchor - 1) == -1,
			   "%s %s: the day before the anchor has an index", s, tn);
	}
}

static void check_day(const char *s, int32_t anchor, const char *s2, int32_t day)
{
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		enum rotation_term t = kinds[k];
		int64_t i = rotation_term_index(t, anchor, day);
		if (day < anchor) {
			FUZZ_CHECK(i == -1, "%s %s: %s is before the anchor, index %lld", s,
				   rotation_term_name(t), s2, (long long)i);
			continue;
		}
		FUZZ_CHECK(i >= 0, "%s %s: %s has index %lld", s, rotation_term_name(t), s2,
			   (long long)i);
		int32_t st = rotation_term_start(t, anchor, i);
		int32_t en = rotation_term_end(t, anchor, i);
		FUZZ_CHECK(st <= day && day <= en, "%s %s: %s in term %lld = %d..%d", s,
			   rotation_term_name(t), s2, (long long)i, (int)st, (int)en);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	size_t n1 = strlen(s);
	int32_t anchor, day;
	if (parse_checked(s, &anchor) == 0) {
		check_terms(s, anchor);
		if (n1 < size) {
			const char *s2 = s + n1 + 1;
			if (parse_checked(s2, &day) == 0)
				check_day(s, anchor, s2, day);
		}
	} else if (n1 < size) {
		(void)parse_checked(s + n1 + 1, &day);
	}
	free(s);
	return 0;
}
