/* store_sqlite_inbox.c - notifications (the inbox) in SQLite. */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum { N_INS = SQ_FIRST(SQ_AREA_INBOX), N_LIST, N_READ, N_UNREAD, N_LAST };
SQ_FITS(SQ_AREA_INBOX, N_LAST);

static enum err_code sq_notification_insert(struct store *st, const struct notification *n,
					    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, N_INS,
		"INSERT INTO notifications(person_id,kind,title,body,object_type,object_id,dedup_key,"
		"created_at_ms) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(dedup_key) DO NOTHING");
	if (!s)
		return sq_error(q, e, "notification_insert");
	sqlite3_bind_int64(s, 1, n->person_id);
	sqlite3_bind_text(s, 2, n->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, n->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, n->body, -1, SQLITE_STATIC);
	sq_bind_opt_text(s, 5, n->object_type);
	sq_bind_opt_id(s, 6, n->object_id);
	sq_bind_opt_text(s, 7, n->dedup_key);
	sqlite3_bind_int64(s, 8, n->created_at_ms);
	return sq_done(q, s, e, "notification_insert");
}

static void notification_row(sqlite3_stmt *s, void *row)
{
	struct notification *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->person_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->kind, sizeof(x->kind));
	sq_text(s, 3, x->title, sizeof(x->title));
	sq_text(s, 4, x->body, sizeof(x->body));
	sq_text(s, 5, x->object_type, sizeof(x->object_type));
	x->object_id = sqlite3_column_int64(s, 6);
	x->created_at_ms = sqlite3_column_int64(s, 7);
	x->read_at_ms = sqlite3_column_int64(s, 8);
}

static enum err_code sq_notification_list(struct store *st, int64_t person_id, struct page pg,
					  struct notification **out, size_t *out_n,
					  struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, N_LIST,
		"SELECT id,person_id,kind,title,body,object_type,object_id,created_at_ms,read_at_ms "
		"FROM notifications WHERE person_id=? AND id<? ORDER BY id DESC LIMIT ?");
	if (!s)
		return sq_error(q, e, "notification_list");
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int64(s, 2, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	sqlite3_bind_int(s, 3, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct notification), notification_row, &arr,
				      out_n, e, "notification_list");
	*out = arr;
	return rc;
}

static enum err_code sq_notification_read(struct store *st, int64_t id, int64_t person_id,
					  int64_t now_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, N_READ,
		"UPDATE notifications SET read_at_ms=coalesce(read_at_ms,?) WHERE id=? AND person_id=?");
	if (!s)
		return sq_error(q, e, "notification_read");
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, person_id);
	enum err_code rc = sq_done(q, s, e, "notification_read");
	if (!rc && sqlite3_changes(q->db) == 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "消息不存在");
	return rc;
}

static enum err_code sq_notification_unread(struct store *st, int64_t person_id, int64_t *out,
					    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, N_UNREAD,
		"SELECT count(*) FROM notifications WHERE person_id=? AND read_at_ms IS NULL");
	if (!s)
		return sq_error(q, e, "notification_unread");
	sqlite3_bind_int64(s, 1, person_id);
	int r = sqlite3_step(s);
	*out = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return r == SQLITE_ROW ? ERR_OK : sq_error(q, e, "notification_unread");
}

const struct store_inbox_ops sq_inbox_ops = {
	.insert = sq_notification_insert,
	.list = sq_notification_list,
	.read = sq_notification_read,
	.unread = sq_notification_unread,
};
