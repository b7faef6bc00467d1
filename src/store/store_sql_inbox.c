/*
 * store_sql_inbox.c - notifications (the inbox), written once over the thin
 * SQL driver (db.h) for SQLite and PostgreSQL. Marking read tells a
 * missing message by UPDATE … RETURNING (both engines) instead of SQLite's
 * changes count.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_inbox.h"
#include "store/store_sql.h"

enum { N_INS = SQ_FIRST(SQ_AREA_INBOX), N_LIST, N_READ, N_UNREAD, N_LAST };
SQ_FITS(SQ_AREA_INBOX, N_LAST);

static enum err_code notification_insert(struct store *st, const struct notification *n,
					 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, N_INS,
		"INSERT INTO notifications(person_id,kind,title,body,object_type,object_id,dedup_key,"
		"created_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT(dedup_key) DO NOTHING");
	if (!s)
		return db_error(st->db, e, "notification_insert");
	db_bind_i64(s, 1, n->person_id);
	db_bind_text(s, 2, n->kind);
	db_bind_text(s, 3, n->title);
	db_bind_text(s, 4, n->body);
	db_bind_opt_text(s, 5, n->object_type);
	db_bind_opt_id(s, 6, n->object_id);
	db_bind_opt_text(s, 7, n->dedup_key);
	db_bind_i64(s, 8, n->created_at_ms);
	enum err_code rc = db_run(st->db, s, e, "notification_insert");
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", "notification_insert");
	return rc;
}

static void notification_row(struct db_stmt *s, void *row)
{
	struct notification *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->person_id = db_col_i64(s, 1);
	db_text(s, 2, x->kind, sizeof(x->kind));
	db_text(s, 3, x->title, sizeof(x->title));
	db_text(s, 4, x->body, sizeof(x->body));
	db_text(s, 5, x->object_type, sizeof(x->object_type));
	x->object_id = db_col_i64(s, 6);
	x->created_at_ms = db_col_i64(s, 7);
	x->read_at_ms = db_col_i64(s, 8);
}

static enum err_code notification_list(struct store *st, int64_t person_id, struct page pg,
				       struct notification **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, N_LIST,
		"SELECT id,person_id,kind,title,body,object_type,object_id,created_at_ms,read_at_ms "
		"FROM notifications WHERE person_id=$1 AND id<$2 ORDER BY id DESC LIMIT $3");
	if (!s)
		return db_error(st->db, e, "notification_list");
	db_bind_i64(s, 1, person_id);
	db_bind_i64(s, 2, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	db_bind_i64(s, 3, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct notification), notification_row,
				      &arr, out_n, e, "notification_list");
	*out = arr;
	return rc;
}

static enum err_code notification_read(struct store *st, int64_t id, int64_t person_id,
				       int64_t now_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, N_READ,
		"UPDATE notifications SET read_at_ms=coalesce(read_at_ms,$1) "
		"WHERE id=$2 AND person_id=$3 RETURNING id");
	if (!s)
		return db_error(st->db, e, "notification_read");
	db_bind_i64(s, 1, now_ms);
	db_bind_i64(s, 2, id);
	db_bind_i64(s, 3, person_id);
	enum db_rc r = db_step(s);
	enum err_code rc = r == DB_FAIL ? db_error(st->db, e, "notification_read") : ERR_OK;
	db_reset(s);
	if (!rc && r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "消息不存在");
	return rc;
}

static enum err_code notification_unread(struct store *st, int64_t person_id, int64_t *out,
					 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, N_UNREAD,
		"SELECT count(*) FROM notifications WHERE person_id=$1 AND read_at_ms IS NULL");
	if (!s)
		return db_error(st->db, e, "notification_unread");
	db_bind_i64(s, 1, person_id);
	enum db_rc r = db_step(s);
	*out = r == DB_ROW ? db_col_i64(s, 0) : 0;
	enum err_code rc = r == DB_ROW ? ERR_OK : db_error(st->db, e, "notification_unread");
	db_reset(s);
	return rc;
}

const struct store_inbox_ops sql_inbox_ops = {
	.insert = notification_insert,
	.list = notification_list,
	.read = notification_read,
	.unread = notification_unread,
};
