/*
 * perm.h - roles granted on scopes, checked in one place.
 *
 * A grant is (role, scope_type, scope_id). Roles: admin (deployment),
 * alliance_admin (alliance:ID), county_admin (county:CODE), unit_leader
 * (unit:ID), member (org:ID), viewer (any scope). Route-level permissions
 * (enum perm) are checked by the router before any handler runs; object-level
 * questions ("may this principal edit organisations of county C?") are asked
 * by domain code through the perm_* predicates below, with the facts about
 * the object (its county, its alliance) supplied by the caller.
 */
#ifndef LJ_PERM_H
#define LJ_PERM_H

#include <stdint.h>

#include "auth/principal.h"
#include "core/vocab.h"

enum perm {
	PERM_PUBLIC,       /* no session needed */
	PERM_SIGNED_IN,    /* any signed-in account */
	PERM_ADMIN,        /* deployment admin */
	PERM_USER_ADMIN,   /* admin, alliance_admin or county_admin */
	PERM_AUDIT         /* admin or alliance_admin */
};

int perm_allows(const struct principal *p, enum perm perm);

/* 1 if p holds role on exactly this scope (scope_id NULL: on any scope). */
int perm_has(const struct principal *p, const char *role, const char *scope_type,
	     const char *scope_id);
int perm_is_admin(const struct principal *p);
/* The roles (each with the scope types it may be granted on) and the scope
 * types, defined once here for the schemas, the checks and the web. */
extern const struct vocab_term perm_roles[];
extern const struct vocab_term perm_scope_types[];
/* Valid role and scope names, and whether the role may sit on the scope. */
int perm_role_valid(const char *role);
int perm_scope_type_valid(const char *scope_type);
int perm_role_scope_ok(const char *role, const char *scope_type);
/* Object-level predicates. */
int perm_is_county_admin(const struct principal *p, const char *county_code);
int perm_is_alliance_admin(const struct principal *p, int64_t alliance_id);

#endif
