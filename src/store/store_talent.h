/*
 * store_talent.h - the 人才 line's records: secondments (党校教师下挂 /
 * 蹲点) of a person from one organisation to another. Each carries its
 * alliance_id; dates are day numbers (core/date.h). Lists come back
 * malloc'd (caller frees).
 */
#ifndef LJ_STORE_TALENT_H
#define LJ_STORE_TALENT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct secondment {
	int64_t id;
	int64_t alliance_id;
	char line[16];
	int64_t person_id;
	char kind[16];               /* xiagua | dundian */
	int64_t from_org_id;
	int64_t to_org_id;
	char county_code[8];         /* the receiving organisation's */
	int32_t starts_on;
	int32_t ends_on;             /* 0: open */
	int64_t created_by;
	int64_t created_at_ms;
	/* filled on reads */
	char person_name[NAME_MAX_BYTES];
	char from_org_name[NAME_MAX_BYTES];
	char to_org_name[NAME_MAX_BYTES];
};

#define TALENT_NAME_MAX_CHARS 64
#define TALENT_NOTE_MAX_CHARS 500

struct talent {
	int64_t id;
	int64_t alliance_id;
	char line[16];
	char name[NAME_MAX_BYTES];
	char kind[16];
	char from_county[8];
	char division_code[16];      /* "": none */
	int64_t enterprise_id;       /* 0: none */
	int32_t introduced_on;       /* 0: unknown */
	char note[TEXT_BYTES(TALENT_NOTE_MAX_CHARS)];
	int64_t created_by;
	int64_t created_at_ms;
	/* filled on reads */
	char enterprise_name[NAME_MAX_BYTES];
};

struct store_talent_ops {
	enum err_code (*secondment_insert)(struct store *st, struct secondment *s, struct err *e);
	enum err_code (*secondment_get)(struct store *st, int64_t id, struct secondment *out,
					struct err *e);
	/* Newest first; alliance_id 0: any. */
	enum err_code (*secondment_list)(struct store *st, int64_t alliance_id, struct page pg,
					 struct secondment **out, size_t *out_n, struct err *e);
	enum err_code (*talent_insert)(struct store *st, struct talent *t, struct err *e);
	enum err_code (*talent_get)(struct store *st, int64_t id, struct talent *out,
				    struct err *e);
	/* Newest first; alliance_id 0: any. */
	enum err_code (*talent_list)(struct store *st, int64_t alliance_id, struct page pg,
				     struct talent **out, size_t *out_n, struct err *e);
	/* ERR_OK when the enterprise exists, ERR_NOT_FOUND otherwise. */
	enum err_code (*enterprise_exists)(struct store *st, int64_t id, struct err *e);
};

#endif
