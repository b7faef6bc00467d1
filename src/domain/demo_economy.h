/* demo_economy.h - the reference demo's economic record (enterprises,
 * financing, projects with funds and team, tourism routes with referrals,
 * a fair with its sales), added by demo.c once the alliance, its
 * organisations and (when registered) its matters exist. */
#ifndef LJ_DEMO_ECONOMY_H
#define LJ_DEMO_ECONOMY_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

enum err_code demo_economy_build(struct store *st, int64_t alliance_id, int32_t today,
				 struct err *e);

#endif
