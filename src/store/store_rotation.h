/*
 * store_rotation.h - the rotating secretary in the store: rosters, duty terms, swaps
 * and handovers.
 *
 * List ops return malloc'd arrays the caller frees with free(), except
 * handover_list (handovers_free).
 */
#ifndef LJ_STORE_ROTATION_H
#define LJ_STORE_ROTATION_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define ROSTER_MAX 64
#define SWAP_REASON_MAX_CHARS 200

struct roster {
	int64_t unit_id;
	int version;
	char term[8];
	int32_t starts_on;
	int64_t person_ids[ROSTER_MAX];
	size_t n;
	int64_t first_idx;
	int64_t created_at_ms;
};

struct duty_term {
	int64_t unit_id;
	int64_t idx;
	int64_t person_id;
	int64_t planned_person_id;
	char county_code[8];
	int32_t starts_on;
	int32_t ends_on;
	/* "" when served as planned; the exchanged term of a swap reads
	 * "与<name>调换：<reason>", so it holds a name and four characters more */
	char swap_reason[TEXT_BYTES(SWAP_REASON_MAX_CHARS + NAME_MAX_CHARS + 4)];
	/* filled on reads */
	char person_name[NAME_MAX_BYTES];
	int64_t org_id;
	char org_name[NAME_MAX_BYTES];
	char county_name[NAME_MAX_BYTES];
};

struct swap_record {
	int64_t unit_id;
	int64_t term_idx;
	int32_t on_date;
	int64_t original_person_id;
	int64_t substitute_person_id;
	int64_t exchanged_term_idx;  /* -1: none */
	char reason[TEXT_BYTES(SWAP_REASON_MAX_CHARS)];
	int64_t created_by;
	int64_t created_at_ms;
};

struct handover {
	int64_t id;
	int64_t unit_id;
	int64_t term_idx;
	int32_t on_date;
	int64_t outgoing_person_id;
	int64_t incoming_person_id;
	char outgoing_name[NAME_MAX_BYTES];
	char incoming_name[NAME_MAX_BYTES];
	char *open_matters;          /* JSON text, malloc'd on reads */
	char *last_decisions;        /* JSON text, malloc'd on reads */
	int64_t created_at_ms;
};

struct store_rotation_ops {
	enum err_code (*roster_latest)(struct store *st, int64_t unit_id, struct roster *out,
				       struct err *e);
	enum err_code (*roster_insert)(struct store *st, const struct roster *r, struct err *e);
	/* all terms of a unit with idx >= from_idx, in order */
	enum err_code (*terms_list)(struct store *st, int64_t unit_id, int64_t from_idx,
				    struct duty_term **out, size_t *out_n, struct err *e);
	enum err_code (*terms_delete_from)(struct store *st, int64_t unit_id, int64_t from_idx,
					   struct err *e);
	enum err_code (*term_put)(struct store *st, const struct duty_term *t, struct err *e);
	enum err_code (*term_on)(struct store *st, int64_t unit_id, int32_t day,
				 struct duty_term *out, struct err *e);
	enum err_code (*swap_insert)(struct store *st, const struct swap_record *s, struct err *e);
	enum err_code (*handover_put)(struct store *st, const struct handover *h, struct err *e);
	enum err_code (*handover_list)(struct store *st, int64_t unit_id, struct handover **out,
				       size_t *out_n, struct err *e);
	void (*handovers_free)(struct handover *h, size_t n);
	/* A person's duty terms starting within [from, to] (org_name holds the
	 * unit's name). */
	enum err_code (*terms_of_person)(struct store *st, int64_t person_id, int32_t from,
					 int32_t to, struct duty_term **out, size_t *out_n,
					 struct err *e);
};

#endif
