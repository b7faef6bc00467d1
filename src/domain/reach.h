/*
 * reach.h - reading one object by id within what the account may read
 * (policy_reach_load): an alliance, a unit of it, an organisation or a
 * person of one of its member counties. An object outside answers exactly
 * as a missing id does (ERR_NOT_FOUND with the store's "<noun>不存在"), so
 * its existence is not confirmed.
 *
 * Each call fills *out (owned by the caller, no heap) on ERR_OK.
 */
#ifndef LJ_REACH_H
#define LJ_REACH_H

#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_org.h"

enum err_code reach_alliance_get(struct store *st, const struct principal *who, int64_t id,
				 struct alliance *out, struct err *e);
enum err_code reach_unit_get(struct store *st, const struct principal *who, int64_t id,
			     struct unit *out, struct err *e);
enum err_code reach_org_get(struct store *st, const struct principal *who, int64_t id,
			    struct org *out, struct err *e);
enum err_code reach_person_get(struct store *st, const struct principal *who, int64_t id,
			       struct person *out, struct err *e);
/* ERR_OK if who reads alliance_id, else the store's answer for a missing
 * alliance. */
enum err_code reach_check_alliance(struct store *st, const struct principal *who,
				   int64_t alliance_id, struct err *e);

/* 1 when who may not read alliance_id (the caller then answers exactly as
 * for a missing id), 0 when it may; -1 on a store error (e filled). */
int reach_hides(struct store *st, const struct principal *who, int64_t alliance_id,
		struct err *e);
/* The alliance filter of a list of alliance records: unchanged for an
 * account that reads everything; an alliance outside the reach becomes -1
 * (lists nothing); no filter becomes the one alliance the account reads
 * (-1 when none), and ERR_INVALID when it reads several. */
enum err_code reach_list_filter(struct store *st, const struct principal *who,
				int64_t *alliance_id, struct err *e);

/* Writes. A write that names an object outside who's reach answers as one
 * naming a missing id, before any permission check, so a refused write does
 * not confirm that the object exists (403 only for what who reads).
 * reach_guard: ERR_OK when who reads alliance_id, else ERR_NOT_FOUND with
 * the store's message for a missing <noun> ("联建单位" gives
 * "联建单位不存在"). reach_guard_county: the same for an object placed in
 * the county of division (organisations, people). Either returns the store's
 * code with e filled on a store error. */
enum err_code reach_guard(struct store *st, const struct principal *who, int64_t alliance_id,
			  const char *noun, struct err *e);
enum err_code reach_guard_county(struct store *st, const struct principal *who,
				 const char *division, const char *noun, struct err *e);
#endif
