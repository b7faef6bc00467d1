/*
 * api_records.h - the read handlers every kind of five-lines record shares
 * (sites, routes, secondments, talents): a list of an alliance's records
 * (?alliance_id narrowed to what the account reads, an optional ?kind from
 * a vocabulary, paging by id, newest first) and one record by id (outside
 * the account's reach: the same 404 as a missing id).
 *
 * A kind of record describes itself once (struct api_records) with small
 * typed adapters; its handlers are then one call each.
 */
#ifndef LJ_API_RECORDS_H
#define LJ_API_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "api/api.h"

struct api_records {
	const struct vocab_term *kinds;   /* the ?kind filter; NULL: none */
	size_t elem;                      /* bytes of one record */
	size_t id_offset;                 /* offsetof(record, id) */
	size_t alliance_offset;           /* offsetof(record, alliance_id) */
	/* A page of records (malloc'd array in *out); kind NULL: any. */
	enum err_code (*list)(struct store *st, int64_t alliance_id, const char *kind,
			      struct page pg, void **out, size_t *out_n, struct err *e);
	/* One record into out (elem bytes); id 0 gives the missing answer. */
	enum err_code (*get)(struct store *st, int64_t id, void *out, struct err *e);
	json_t *(*to_json)(struct store *st, const void *record, struct api_div_memo *memo);
};

enum err_code api_records_list(struct request *r, const struct api_records *k, struct err *e);
enum err_code api_records_get(struct request *r, const struct api_records *k, struct err *e);

#endif
