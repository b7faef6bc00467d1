/*
 * store_scope.h - facts about scope objects for permission checks.
 *
 * A scope object is a county, alliance, unit, organisation or person.
 */
#ifndef LJ_STORE_SCOPE_H
#define LJ_STORE_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* What permission checks need to know about a scope object. */
#define SCOPE_MAX_COUNTIES 16
struct scope_facts {
	int exists;
	int64_t alliance_id;     /* alliance, unit: the alliance; else 0 */
	char counties[SCOPE_MAX_COUNTIES][8]; /* the county codes the object covers */
	size_t n_counties;
};

struct store_scope_ops {
	/* Facts about a scope object (county, alliance, unit, org, person). */
	enum err_code (*facts)(struct store *st, const char *type, const char *id,
			       struct scope_facts *out, struct err *e);
};

#endif
