/*
 * division.h - administrative divisions (统计用区划代码): levels, paths,
 * and the import of the china-division CSV set.
 *
 * Codes have 2 (province), 4 (city), 6 (county), 9 (town) or 12 (village)
 * digits; a division's county is the first 6 digits of its code.
 */
#ifndef LJ_DIVISION_H
#define LJ_DIVISION_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_division.h"

#define DIVISION_PATH_MAX 5

/* Level from the code's length and digits; 0 when not a division code. */
int division_level_of(const char *code);
const char *division_level_name(int level);   /* "province" … "village" */
const char *division_level_label(int level);  /* 省 … 村 */
/* The county code (6 digits) of a county-or-lower code; 0 on success. */
int division_county_of(const char *code, char out[7]);

/* A division with its path from the province down to its parent. */
struct division_full {
	struct division d;
	struct division path[DIVISION_PATH_MAX];
	size_t n_path;
};
enum err_code division_get_full(struct store *st, const char *code, struct division_full *out,
				struct err *e);

struct division_import_stats {
	int64_t rows[6];        /* by level */
	int64_t total;
	int64_t skipped;        /* outside the province filter */
};

/* Called about every 10,000 rows: file name, rows done so far. */
typedef void (*division_progress_fn)(void *ctx, const char *file, int64_t done, int64_t size_hint);

/* Imports provinces.csv, cities.csv, areas.csv, streets.csv and villages.csv
 * from dir (a missing file is an error). provinces: NULL for all, else 2-digit codes. One
 * transaction: either everything is in, or nothing changed. Idempotent. */
enum err_code division_import(struct store *st, const char *dir, const char *const *provinces,
			      size_t n_provinces, division_progress_fn progress, void *ctx,
			      struct division_import_stats *out, struct err *e);

#endif
