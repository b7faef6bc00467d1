/*
 * fuzz_csv.c - the RFC 4180 reader (core/csv.h) over arbitrary bytes.
 *
 * The input buffer is libFuzzer's exact-size heap copy, so ASan catches any
 * read past its end. Each input is read twice: with room for 8 fields (what
 * the division importer uses) and for 2 (the "too many fields" path).
 *
 * Invariants: every field lies inside the input or inside the reader's
 * scratch space as filled so far; a record returns 1..max fields; each
 * record consumes input (no endless loop); line numbers never go down;
 * an unquoted field holds no comma, quote, CR or LF.
 */
#include <string.h>

#include "core/csv.h"
#include "fuzz_util.h"

static int inside(const char *s, size_t len, const char *lo, size_t n)
{
	return s >= lo && s <= lo + n && len <= (size_t)(lo + n - s);
}

static void read_all(const char *data, size_t size, int max)
{
	struct csv_reader r;
	struct csv_field f[8];
	csv_init(&r, data, size);
	size_t last_line = 0;
	for (size_t records = 0;; records++) {
		FUZZ_CHECK(records <= size + 1, "more records (%zu) than input bytes (%zu)", records,
			   size);
		const char *before = r.p;
		memset(f, 0xA5, sizeof(f));
		int n = csv_next(&r, f, max);
		FUZZ_CHECK(n >= -1 && n <= max, "csv_next returned %d (max %d)", n, max);
		if (n <= 0)
			break;
		FUZZ_CHECK(r.p > before, "record %zu consumed no input", records);
		FUZZ_CHECK(r.p >= data && r.p <= data + size, "reader left the input");
		FUZZ_CHECK(r.line >= last_line && r.line >= 1, "line %zu after %zu", r.line,
			   last_line);
		last_line = r.line;
		FUZZ_CHECK(r.scratch_len <= sizeof(r.scratch), "scratch_len %zu", r.scratch_len);
		for (int i = 0; i < n; i++) {
			int in_src = inside(f[i].s, f[i].len, data, size);
			int in_scratch = inside(f[i].s, f[i].len, r.scratch, r.scratch_len);
			FUZZ_CHECK(in_src || in_scratch,
				   "field %d of record %zu (len %zu) outside input and scratch", i,
				   records, f[i].len);
			if (in_src && !in_scratch && (f[i].s == data || f[i].s[-1] != '"'))
				for (size_t k = 0; k < f[i].len; k++)
					FUZZ_CHECK(f[i].s[k] != ',' && f[i].s[k] != '"' &&
						   f[i].s[k] != '\n' && f[i].s[k] != '\r',
						   "unquoted field %d holds byte 0x%02x", i,
						   (unsigned char)f[i].s[k]);
			/* touch every byte so ASan checks the whole range */
			volatile unsigned char sink = 0;
			for (size_t k = 0; k < f[i].len; k++)
				sink ^= (unsigned char)f[i].s[k];
			(void)sink;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all((const char *)data, size, 8);
	read_all((const char *)data, size, 2);
	return 0;
}
