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

/* When who acts: its acted_at_ms for back-dated history, else now. Every
 * timestamp a write records (audit rows, timelines) comes from here. */
int64_t audit_act_ms(const struct principal *who);

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

/*
 * An audited write in one transaction:
 *
 *	struct audit_tx tx;
 *	if ((rc = audit_tx_begin(&tx, st, "unit", unit_id, e)))
 *		return rc;
 *	rc = <the writes>;
 *	return audit_tx_end(&tx, who, "unit.member_add", unit_id, rc, e);
 *
 * audit_tx_begin() opens a write transaction and snapshots the object as it
 * is before the change (no snapshot when object_id is 0: a creation, whose
 * id audit_tx_end() then receives). audit_tx_end() takes the writes' result
 * rc: when it is ERR_OK it records the entry (audit_record) and commits,
 * otherwise, or if either of those fails, it rolls back. It returns the
 * first error, and always frees the snapshot.
 */
struct audit_tx {
	struct store *st;
	const char *object_type;
	char *before;
};
enum err_code audit_tx_begin(struct audit_tx *tx, struct store *st, const char *object_type,
			     int64_t object_id, struct err *e);
enum err_code audit_tx_end(struct audit_tx *tx, const struct principal *who, const char *action,
			   int64_t object_id, enum err_code rc, struct err *e);
/* Ends an audited write that turned out to change nothing: rolls back,
 * records no entry, frees the snapshot. */
void audit_tx_abort(struct audit_tx *tx);

#endif
