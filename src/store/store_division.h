/*
 * store_division.h - divisions (统计用区划代码) in the store.
 *
 * Records are plain structs with fixed-size strings; list ops return malloc'd
 * arrays the caller frees with free().
 */
#ifndef LJ_STORE_DIVISION_H
#define LJ_STORE_DIVISION_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum division_level {
	LEVEL_PROVINCE = 1,
	LEVEL_CITY = 2,
	LEVEL_COUNTY = 3,
	LEVEL_TOWN = 4,
	LEVEL_VILLAGE = 5
};

struct division {
	char code[16];
	char name[NAME_MAX_BYTES];
	int level;
	char parent_code[16];   /* "" for provinces */
};

struct store_division_ops {
	enum err_code (*get)(struct store *st, const char *code, struct division *out,
			     struct err *e);
	enum err_code (*children)(struct store *st, const char *parent_code, struct page pg,
				  struct division **out, size_t *out_n, struct err *e);
	enum err_code (*search)(struct store *st, const char *q, int max_level, struct page pg,
				struct division **out, size_t *out_n, struct err *e);
	/* Import: begin_write first; rows are upserted. */
	enum err_code (*put)(struct store *st, const struct division *d, struct err *e);
	/* A bulk import inside the write transaction: between bulk_begin and
	 * bulk_end the puts may be buffered (PostgreSQL loads them with COPY
	 * and upserts them all at bulk_end; SQLite upserts each at once).
	 * After a failed put, bulk_end with abort set ends the bulk without
	 * loading anything; then roll the transaction back. */
	enum err_code (*bulk_begin)(struct store *st, struct err *e);
	enum err_code (*bulk_end)(struct store *st, int abort, struct err *e);
	enum err_code (*count)(struct store *st, int64_t *out, struct err *e);
};

#endif
