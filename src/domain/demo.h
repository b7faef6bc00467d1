/*
 * demo.h - the reference demo alliance 陆廉化党建联建 (DESIGN.md §1) built on
 * the real division data: units at three tiers, party organisations,
 * invented demo people (names end in （演示） and carry is_demo), a year of
 * monthly/quarterly rotation with one recorded swap, and one account per role.
 */
#ifndef LJ_DEMO_H
#define LJ_DEMO_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

#define DEMO_ALLIANCE_NAME "陆廉化党建联建"

/* Builds everything unless the alliance exists already (*out_created = 0).
 * today anchors the rotation: it starts on the first of the month eleven
 * months back. password is the demo accounts' password. */
enum err_code demo_build(struct store *st, int32_t today, const char *password,
			 int *out_created, struct err *e);

/* The demo accounts: username, role, scope label, for the README and CLI. */
struct demo_account {
	const char *username;
	const char *role;
	const char *what;
};
extern const struct demo_account demo_accounts[];

/* Hook for later modules (matters, meetings) to add their demo data once the
 * organisation system is built; called with the alliance id. */
typedef enum err_code (*demo_extension_fn)(struct store *st, int64_t alliance_id, int32_t today,
					   struct err *e);
void demo_set_extension(demo_extension_fn fn);

#endif
