/*
 * csv.h - a small RFC 4180 record reader over an in-memory buffer.
 *
 * Why our own: the importer needs a zero-copy reader over a mapped file with
 * per-field limits, and Debian 12's libcsv does not give us field pointers
 * into the source nor bounded allocation; this is ~100 lines and fuzzed.
 *
 * Fields point into the source buffer when unquoted or quoted without
 * doubled quotes, otherwise into the reader's scratch space; either way they
 * are valid until the next csv_next() call. Fields are not NUL-terminated.
 */
#ifndef LJ_CSV_H
#define LJ_CSV_H
#include <stddef.h>

struct csv_field {
	const char *s;
	size_t len;
};

struct csv_reader {
	const char *p;
	const char *end;
	size_t line;          /* 1-based line of the record last returned */
	char scratch[4096];
	size_t scratch_len;
};

void csv_init(struct csv_reader *r, const char *data, size_t len);
/* Returns the number of fields of the next record (<= max), 0 at the end of
 * input, -1 on a malformed record or one with more than max fields or a
 * field too long for the scratch space. Skips empty lines. */
int csv_next(struct csv_reader *r, struct csv_field *fields, int max);

#endif
