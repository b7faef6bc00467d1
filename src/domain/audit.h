/*
 * audit.h - the audit log: who did what to which object, before and after.
 *
 * Every write calls audit_record() inside its own transaction, so an entry
 * exists exactly when the write committed. before_json is the object's
 * snapshot taken before the change (NULL for a creation); the "after"
 * snapshot is read by audit_record() itself from the store.
 */
#ifndef LJ_AUDIT_H
#define LJ_AUDIT_H

#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"

/* Takes a snapshot of an object (malloc'd JSON, may be NULL); free() it. */
char *audit_snapshot(struct store *st, const char *object_type, int64_t id);
enum err_code audit_record(struct store *st, const struct principal *who, const char *action,
			   const char *object_type, int64_t object_id, const char *before_json,
			   struct err *e);
/* As audit_record, with an explicit "after" (used when the object is gone
 * or is not table-backed, e.g. a swap). */
enum err_code audit_record_json(struct store *st, const struct principal *who,
				const char *action, const char *object_type, int64_t object_id,
				const char *before_json, const char *after_json, struct err *e);

#endif
