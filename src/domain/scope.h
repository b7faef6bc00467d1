/*
 * scope.h - whether a grant's scope exists and lies inside a principal's.
 *
 * Scopes nest: an alliance covers its member counties and its units; a
 * county covers the organisations (and their people) of its divisions. A
 * unit spanning several counties is inside no single county admin's scope.
 */
#ifndef LJ_SCOPE_H
#define LJ_SCOPE_H

#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"

/* ERR_OK if the scope object exists (deployment: id must be empty). */
enum err_code scope_exists(struct store *st, const char *type, const char *id, struct err *e);
/* 1 if the object (type, id) lies inside one of who's alliance/county
 * admin scopes (or who is a deployment admin). */
int scope_within_principal(struct store *st, const struct principal *who, const char *type,
			   const char *id);
enum err_code scope_person_exists(struct store *st, int64_t person_id, struct err *e);

#endif
