/* audit.c - writing audit entries inside the caller's transaction, and the
 * audited write (audit_tx) that opens and ends that transaction. */
#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "store/store_audit.h"

/* Snapshots are small (no long texts but names and reasons); the cap only
 * guards against a runaway list. */
#define SNAPSHOT_JSON_MAX (1u << 20)

/* One row of a SNAP_ROWS list: {"key":"value",...}, keys from sub. */
static void encode_row(struct buf *b, const char *sub, const char *row, size_t len)
{
	char *r = strndup(row, len), *keys = strdup(sub);
	if (!r || !keys)
		abort();
	char *v = r, *k = keys;
	buf_addc(b, '{');
	for (int first = 1; k; first = 0) {
		char *knext = strchr(k, ',');
		if (knext)
			*knext++ = '\0';
		char *vnext = v ? strchr(v, SNAP_SEP_COL) : NULL;
		if (vnext)
			*vnext++ = '\0';
		if (!first)
			buf_addc(b, ',');
		buf_json_str(b, k);
		buf_addc(b, ':');
		buf_json_str(b, v ? v : "");
		k = knext;
		v = vnext;
	}
	buf_addc(b, '}');
	free(r);
	free(keys);
}

/* The items of a list text: ints as numbers, texts as strings, rows as
 * objects keyed by sub. */
static void encode_list(struct buf *b, const struct snapshot_field *f)
{
	buf_addc(b, '[');
	const char *p = f->text;
	char row_sep = f->kind == SNAP_ROWS ? SNAP_SEP_ROW : f->kind == SNAP_INTS ? ',' : SNAP_SEP_COL;
	for (int first = 1; p && *p; first = 0) {
		const char *end = strchr(p, row_sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!first)
			buf_addc(b, ',');
		if (f->kind == SNAP_INTS) {
			buf_add(b, p, len);
		} else if (f->kind == SNAP_TEXTS) {
			char *item = strndup(p, len);
			if (!item)
				abort();
			buf_json_str(b, item);
			free(item);
		} else {
			encode_row(b, f->sub ? f->sub : "", p, len);
		}
		p = end ? end + 1 : NULL;
	}
	buf_addc(b, ']');
}

/* The snapshot as one JSON object, keys in the store's order. */
static char *encode_snapshot(const struct snapshot *sn)
{
	struct buf b;
	buf_init(&b, SNAPSHOT_JSON_MAX);
	buf_addc(&b, '{');
	for (size_t i = 0; i < sn->n; i++) {
		const struct snapshot_field *f = &sn->f[i];
		if (i)
			buf_addc(&b, ',');
		buf_json_str(&b, f->key);
		buf_addc(&b, ':');
		switch (f->kind) {
		case SNAP_NULL: buf_adds(&b, "null"); break;
		case SNAP_INT: buf_add_i64(&b, f->i); break;
		case SNAP_BOOL: buf_adds(&b, f->i ? "true" : "false"); break;
		case SNAP_TEXT: buf_json_str(&b, f->text ? f->text : ""); break;
		default: encode_list(&b, f); break;
		}
	}
	buf_addc(&b, '}');
	if (b.overflow) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

int64_t audit_act_ms(const struct principal *who)
{
	return who && who->acted_at_ms ? who->acted_at_ms : date_now_ms();
}

char *audit_snapshot(struct store *st, const char *object_type, int64_t id)
{
	struct snapshot sn;
	struct err e;
	if (st->audit->snapshot(st, object_type, id, &sn, &e))
		return NULL;
	char *json = sn.exists ? encode_snapshot(&sn) : NULL;
	st->audit->snapshot_clear(&sn);
	return json;
}

enum err_code audit_record_json(struct store *st, const struct principal *who,
				const char *action, const char *object_type, int64_t object_id,
				const char *before_json, const char *after_json, struct err *e)
{
	struct audit_entry a = { .at_ms = audit_act_ms(who) };
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
