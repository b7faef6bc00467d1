/*
 * principal.h - who is making a request: the signed-in account, its grants
 * and its session. Filled by auth/session.c, read by permission checks.
 */
#ifndef LJ_PRINCIPAL_H
#define LJ_PRINCIPAL_H

#include <stddef.h>
#include <stdint.h>

#include "store/store_account.h"

#define PRINCIPAL_MAX_GRANTS 32

struct principal {
	int64_t user_id;          /* 0: anonymous */
	char username[NAME_MAX_BYTES];
	char display_name[NAME_MAX_BYTES];
	int64_t person_id;
	struct grant grants[PRINCIPAL_MAX_GRANTS];
	size_t n_grants;
	char session_hash[65];
	char session_id[32];      /* the session's public id (store_session.h) */
	char csrf_token[48];
	/* When the acts happened, for history entered after the fact (the
	 * demo's back-dated record); 0: now. */
	int64_t acted_at_ms;
	/* Set by the server for the request: 1 + the global answer-cache
	 * generation (store.h) it read before the request's reads; 0 when
	 * unknown. What an account reaches (domain/policy.h) changes only with
	 * a global write, so a reach computed at the same epoch and grants is
	 * still the reach (policy_reach_load remembers one per worker). */
	uint64_t reach_epoch;
};

#endif
