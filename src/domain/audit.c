/* audit.c - writing audit entries inside the caller's transaction, and the
 * audited write (audit_tx) that opens and ends that transaction. */
#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/date.h"

char *audit_snapshot(struct store *st, const char *object_type, int64_t id)
{
	char *json = NULL;
	struct err e;
	if (st->audit->snapshot(st, object_type, id, &json, &e))
		return NULL;
	return json;
}

enum err_code audit_record_json(struct store *st, const struct principal *who,
				const char *action, const char *object_type, int64_t object_id,
				const char *before_json, const char *after_json, struct err *e)
{
	struct audit_entry a = { .at_ms = date_now_ms() };
	if (who) {
		a.user_id = who->user_id;
		snprintf(a.username, sizeof(a.username), "%s", who->username);
	}
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.object_type, sizeof(a.object_type), "%s", object_type);
	if (object_id)
		snprintf(a.object_id, sizeof(a.object_id), "%lld", (long long)object_id);
	a.before = (char *)before_json;
	a.after = (char *)after_json;
	return st->audit->insert(st, &a, e);
}

enum err_code audit_record(struct store *st, const struct principal *who, const char *action,
			   const char *object_type, int64_t object_id, const char *before_json,
			   struct err *e)
{
	char *after = object_id ? audit_snapshot(st, object_type, object_id) : NULL;
	enum err_code rc = audit_record_json(st, who, action, object_type, object_id,
					     before_json, after, e);
	free(after);
	return rc;
}

enum err_code audit_tx_begin(struct audit_tx *tx, struct store *st, const char *object_type,
			     int64_t object_id, struct err *e)
{
	tx->st = st;
	tx->object_type = object_type;
	tx->before = NULL;
	enum err_code rc = st->ops->begin_write(st, e);
	if (!rc && object_id)
		tx->before = audit_snapshot(st, object_type, object_id);
	return rc;
}

enum err_code audit_tx_end(struct audit_tx *tx, const struct principal *who, const char *action,
			   int64_t object_id, enum err_code rc, struct err *e)
{
	struct store *st = tx->st;
	if (rc || (rc = audit_record(st, who, action, tx->object_type, object_id, tx->before, e)) ||
	    (rc = st->ops->commit(st, e)))
		st->ops->rollback(st);
	free(tx->before);
	tx->before = NULL;
	return rc;
}

void audit_tx_abort(struct audit_tx *tx)
{
	tx->st->ops->rollback(tx->st);
	free(tx->before);
	tx->before = NULL;
}
