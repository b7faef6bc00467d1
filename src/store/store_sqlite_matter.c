/*
 * store_sqlite_matter.c - matters in SQLite: types, matters with their
 * divisions, the timeline (events) and assignees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "store/sq_int.h"

enum {
	M_TYPES = SQ_FIRST(SQ_AREA_MATTER), M_TYPE_INS, M_INS, M_DIV_INS, M_UPD, M_GET, M_DIVS,
	M_EV_INS, M_EVS, M_AS_INS, M_AS_LIST, M_AS_MANY, M_OPEN,
	M_SET_STATUS, M_SET_DUE, M_SET_PRIO, M_SET_FIGS, M_TOUCH, M_SET_TEXT, M_DIV_DEL,
	M_LAST
};
SQ_FITS(SQ_AREA_MATTER, M_LAST);

static void bind_fig(sqlite3_stmt *s, int i, int64_t v)
{
	if (v < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static int64_t col_fig(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, i);
}

/* ---- matter types ---- */

static void matter_type_row(sqlite3_stmt *s, void *row)
{
	struct matter_type *t = row;
	sq_text(s, 0, t->key, sizeof(t->key));
	sq_text(s, 1, t->label, sizeof(t->label));
	t->builtin = sqlite3_column_int(s, 2);
}

static enum err_code sq_matter_types(struct store *st, struct matter_type **out, size_t *out_n,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_TYPES,
		"SELECT key,label,builtin FROM matter_types ORDER BY builtin DESC, rowid");
	if (!s)
		return sq_error(q, e, "matter_types");
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct matter_type), matter_type_row, &arr, out_n,
				      e, "matter_types");
	*out = arr;
	return rc;
}

static enum err_code sq_matter_type_insert(struct store *st, const struct matter_type *t,
					   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_TYPE_INS,
		"INSERT INTO matter_types(key,label,builtin,created_at_ms) VALUES(?,?,0,?)");
	if (!s)
		return sq_error(q, e, "matter_type_insert");
	sqlite3_bind_text(s, 1, t->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, t->label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, date_now_ms());
	enum err_code rc = sq_done(q, s, e, "matter_type_insert");
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "key", "事项类型“%s”已存在", t->label);
	return rc;
}

/* ---- matters ---- */

#define MATTER_COLS "m.id,m.alliance_id,m.unit_id,m.origin_unit_id,m.county_code,m.title," \
	"m.description,m.category,m.type,m.priority,m.status,m.due_on,m.raised_by_org_id," \
	"m.raised_by_user,m.raised_on,m.raised_at_ms,m.resolved_on,m.resolution,m.closed_reason," \
	"m.funds_fen,m.people_count,m.length_m,m.jobs,m.updated_at_ms,u.name,o.name,t.label"
#define MATTER_FROM "FROM matters m JOIN units u ON u.id=m.unit_id " \
	"JOIN orgs o ON o.id=m.raised_by_org_id JOIN matter_types t ON t.key=m.type "

static void matter_row(sqlite3_stmt *s, struct matter *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(s, 0);
	m->alliance_id = sqlite3_column_int64(s, 1);
	m->unit_id = sqlite3_column_int64(s, 2);
	m->origin_unit_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, m->county_code, sizeof(m->county_code));
	sq_text(s, 5, m->title, sizeof(m->title));
	sq_text(s, 6, m->description, sizeof(m->description));
	sq_text(s, 7, m->category, sizeof(m->category));
	sq_text(s, 8, m->type, sizeof(m->type));
	sq_text(s, 9, m->priority, sizeof(m->priority));
	sq_text(s, 10, m->status, sizeof(m->status));
	m->due_on = sq_col_day(s, 11);
	m->raised_by_org_id = sqlite3_column_int64(s, 12);
	m->raised_by_user = sqlite3_column_int64(s, 13);
	m->raised_on = sq_col_day(s, 14);
	m->raised_at_ms = sqlite3_column_int64(s, 15);
	m->resolved_on = sq_col_day(s, 16);
	sq_text(s, 17, m->resolution, sizeof(m->resolution));
	sq_text(s, 18, m->closed_reason, sizeof(m->closed_reason));
	m->funds_fen = col_fig(s, 19);
	m->people_count = col_fig(s, 20);
	m->length_m = col_fig(s, 21);
	m->jobs = col_fig(s, 22);
	m->updated_at_ms = sqlite3_column_int64(s, 23);
	sq_text(s, 24, m->unit_name, sizeof(m->unit_name));
	sq_text(s, 25, m->raised_by_org_name, sizeof(m->raised_by_org_name));
	sq_text(s, 26, m->type_label, sizeof(m->type_label));
}

static void matter_row_any(sqlite3_stmt *s, void *row)
{
	matter_row(s, row);
}

static enum err_code sq_matter_insert(struct store *st, struct matter *m, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, M_INS,
		"INSERT INTO matters(alliance_id,unit_id,origin_unit_id,county_code,title,description,"
		"category,type,priority,status,due_on,raised_by_org_id,raised_by_user,raised_on,"
		"raised_at_ms,funds_fen,people_count,length_m,jobs,updated_at_ms) "
		"VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "matter_insert");
	sqlite3_bind_int64(s, 1, m->alliance_id);
	sqlite3_bind_int64(s, 2, m->unit_id);
	sqlite3_bind_int64(s, 3, m->origin_unit_id);
	sqlite3_bind_text(s, 4, m->county_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, m->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, m->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, m->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, m->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, m->priority, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, m->status, -1, SQLITE_STATIC);
	sq_bind_opt_day(s, 11, m->due_on);
	sqlite3_bind_int64(s, 12, m->raised_by_org_id);
	sqlite3_bind_int64(s, 13, m->raised_by_user);
	sq_bind_opt_day(s, 14, m->raised_on);
	sqlite3_bind_int64(s, 15, m->raised_at_ms);
	bind_fig(s, 16, m->funds_fen);
	bind_fig(s, 17, m->people_count);
	bind_fig(s, 18, m->length_m);
	bind_fig(s, 19, m->jobs);
	sqlite3_bind_int64(s, 20, m->updated_at_ms);
	if ((rc = sq_done(q, s, e, "matter_insert")))
		return rc;
	m->id = sqlite3_last_insert_rowid(q->db);
	for (size_t i = 0; i < m->n_divisions; i++) {
		s = sq_stmt(q, M_DIV_INS, "INSERT INTO matter_divisions(matter_id,code) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "matter_insert");
		sqlite3_bind_int64(s, 1, m->id);
		sqlite3_bind_text(s, 2, m->divisions[i], -1, SQLITE_STATIC);
		if ((rc = sq_done(q, s, e, "matter division")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_matter_update(struct store *st, const struct matter *m, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_UPD,
		"UPDATE matters SET unit_id=?,status=?,due_on=?,priority=?,resolved_on=?,resolution=?,"
		"closed_reason=?,funds_fen=?,people_count=?,length_m=?,jobs=?,updated_at_ms=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "matter_update");
	sqlite3_bind_int64(s, 1, m->unit_id);
	sqlite3_bind_text(s, 2, m->status, -1, SQLITE_STATIC);
	sq_bind_opt_day(s, 3, m->due_on);
	sqlite3_bind_text(s, 4, m->priority, -1, SQLITE_STATIC);
	sq_bind_opt_day(s, 5, m->resolved_on);
	sq_bind_opt_text(s, 6, m->resolution);
	sq_bind_opt_text(s, 7, m->closed_reason);
	bind_fig(s, 8, m->funds_fen);
	bind_fig(s, 9, m->people_count);
	bind_fig(s, 10, m->length_m);
	bind_fig(s, 11, m->jobs);
	sqlite3_bind_int64(s, 12, m->updated_at_ms);
	sqlite3_bind_int64(s, 13, m->id);
	return sq_done(q, s, e, "matter_update");
}

/* ---- targeted matter writes: each changes only its own columns ---- */

/* Steps an UPDATE of one matter; no row changed is ERR_NOT_FOUND, or
 * ERR_CONFLICT when the update is guarded (the row moved on meanwhile). */
static enum err_code matter_write(struct sq *q, sqlite3_stmt *s, int guarded, struct err *e,
				  const char *what)
{
	enum err_code rc = sq_done(q, s, e, what);
	if (rc || sqlite3_changes(q->db) > 0)
		return rc;
	if (guarded)
		return err_tag(e, ERR_CONFLICT, "status_changed", "to",
			       "事项状态已被他人变更，请刷新后重试");
	return err_set(e, ERR_NOT_FOUND, NULL, "事项不存在");
}

static enum err_code sq_matter_set_status(struct store *st, const struct matter *m,
					  const char *from_status, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_SET_STATUS,
		"UPDATE matters SET status=?,unit_id=?,resolved_on=?,resolution=?,closed_reason=?,"
		"updated_at_ms=? WHERE id=? AND status=?");
	if (!s)
		return sq_error(q, e, "matter_set_status");
	sqlite3_bind_text(s, 1, m->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, m->unit_id);
	sq_bind_opt_day(s, 3, m->resolved_on);
	sq_bind_opt_text(s, 4, m->resolution);
	sq_bind_opt_text(s, 5, m->closed_reason);
	sqlite3_bind_int64(s, 6, m->updated_at_ms);
	sqlite3_bind_int64(s, 7, m->id);
	sqlite3_bind_text(s, 8, from_status, -1, SQLITE_STATIC);
	return matter_write(q, s, 1, e, "matter_set_status");
}

static enum err_code sq_matter_set_due(struct store *st, int64_t id, int32_t due_on,
				       int64_t at_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_SET_DUE,
		"UPDATE matters SET due_on=?,updated_at_ms=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "matter_set_due");
	sq_bind_opt_day(s, 1, due_on);
	sqlite3_bind_int64(s, 2, at_ms);
	sqlite3_bind_int64(s, 3, id);
	return matter_write(q, s, 0, e, "matter_set_due");
}

static enum err_code sq_matter_set_priority(struct store *st, int64_t id, const char *priority,
					    int64_t at_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_SET_PRIO,
		"UPDATE matters SET priority=?,updated_at_ms=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "matter_set_priority");
	sqlite3_bind_text(s, 1, priority, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at_ms);
	sqlite3_bind_int64(s, 3, id);
	return matter_write(q, s, 0, e, "matter_set_priority");
}

static enum err_code sq_matter_set_figures(struct store *st, int64_t id, int64_t funds_fen,
					   int64_t people_count, int64_t length_m, int64_t jobs,
					   int64_t at_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_SET_FIGS,
		"UPDATE matters SET "
		"funds_fen=CASE ?1 WHEN -1 THEN funds_fen WHEN -2 THEN NULL ELSE ?1 END,"
		"people_count=CASE ?2 WHEN -1 THEN people_count WHEN -2 THEN NULL ELSE ?2 END,"
		"length_m=CASE ?3 WHEN -1 THEN length_m WHEN -2 THEN NULL ELSE ?3 END,"
		"jobs=CASE ?4 WHEN -1 THEN jobs WHEN -2 THEN NULL ELSE ?4 END,"
		"updated_at_ms=?5 WHERE id=?6");
	if (!s)
		return sq_error(q, e, "matter_set_figures");
	sqlite3_bind_int64(s, 1, funds_fen);
	sqlite3_bind_int64(s, 2, people_count);
	sqlite3_bind_int64(s, 3, length_m);
	sqlite3_bind_int64(s, 4, jobs);
	sqlite3_bind_int64(s, 5, at_ms);
	sqlite3_bind_int64(s, 6, id);
	return matter_write(q, s, 0, e, "matter_set_figures");
}

static enum err_code sq_matter_set_text(struct store *st, const struct matter *m, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_SET_TEXT,
		"UPDATE matters SET title=?,description=?,category=?,type=?,updated_at_ms=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "matter_set_text");
	sqlite3_bind_text(s, 1, m->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, m->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, m->type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, m->updated_at_ms);
	sqlite3_bind_int64(s, 6, m->id);
	return matter_write(q, s, 0, e, "matter_set_text");
}

static enum err_code sq_matter_set_divisions(struct store *st, const struct matter *m,
					     struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, M_DIV_DEL, "DELETE FROM matter_divisions WHERE matter_id=?");
	if (!s)
		return sq_error(q, e, "matter_set_divisions");
	sqlite3_bind_int64(s, 1, m->id);
	if ((rc = sq_done(q, s, e, "matter_set_divisions")))
		return rc;
	for (size_t i = 0; i < m->n_divisions; i++) {
		s = sq_stmt(q, M_DIV_INS, "INSERT INTO matter_divisions(matter_id,code) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "matter_set_divisions");
		sqlite3_bind_int64(s, 1, m->id);
		sqlite3_bind_text(s, 2, m->divisions[i], -1, SQLITE_STATIC);
		if ((rc = sq_done(q, s, e, "matter division")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_matter_touch(struct store *st, int64_t id, int64_t at_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_TOUCH, "UPDATE matters SET updated_at_ms=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "matter_touch");
	sqlite3_bind_int64(s, 1, at_ms);
	sqlite3_bind_int64(s, 2, id);
	return matter_write(q, s, 0, e, "matter_touch");
}

/* A matter's divisions (matter_get, and each item of matter_list). */
static enum err_code matter_divs(struct sq *q, void *element, struct err *e)
{
	struct matter *m = element;
	return sq_code_column(q, M_DIVS,
			      "SELECT code FROM matter_divisions WHERE matter_id=? ORDER BY code",
			      m->id, &m->divisions[0][0], sizeof(m->divisions[0]),
			      MATTER_MAX_DIVISIONS, &m->n_divisions, e, "matter_divisions");
}

static enum err_code sq_matter_get(struct store *st, int64_t id, struct matter *out,
				   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_GET, "SELECT " MATTER_COLS " " MATTER_FROM "WHERE m.id=?");
	if (!s)
		return sq_error(q, e, "matter_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, matter_row_any, out, "事项", e, "matter_get");
	return rc ? rc : matter_divs(q, out, e);
}

/* The WHERE clause is built from the filters actually given, so that SQLite
 * can use matters_unit / matters_alliance: optional filters written as
 * "(?=0 OR col=?)" would force a scan of every matter. */
static enum err_code sq_matter_list(struct store *st, const struct matter_filter *f,
				    struct page pg, struct matter **out, size_t *out_n,
				    struct err *e)
{
	struct sq *q = SQ(st);
	char sql[2048];
	int n = snprintf(sql, sizeof(sql), "SELECT " MATTER_COLS " " MATTER_FROM "WHERE m.id<?9");
	if (f->unit_id)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND m.unit_id=?1");
	if (f->alliance_id)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND m.alliance_id=?2");
	if (f->alliance_in)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n,
			      " AND instr(?5,','||m.alliance_id||',')>0");
	if (f->status && *f->status)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND m.status=?3");
	if (f->category && *f->category)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND m.category=?4");
	if (f->overdue)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n,
			      " AND m.status NOT IN ('resolved','closed') AND m.due_on<?6");
	if (f->q && *f->q)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND instr(m.title,?7)>0");
	if (f->assignee_person_id)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n,
			      " AND m.id IN (SELECT matter_id FROM matter_assignees WHERE person_id=?8)");
	snprintf(sql + n, sizeof(sql) - (size_t)n, " ORDER BY m.id DESC LIMIT ?10");
	sqlite3_stmt *s = sq_stmt_text(q, sql);
	if (!s)
		return sq_error(q, e, "matter_list");
	if (f->unit_id)
		sqlite3_bind_int64(s, 1, f->unit_id);
	if (f->alliance_id)
		sqlite3_bind_int64(s, 2, f->alliance_id);
	if (f->alliance_in)
		sqlite3_bind_text(s, 5, f->alliance_in, -1, SQLITE_STATIC);
	if (f->status && *f->status)
		sqlite3_bind_text(s, 3, f->status, -1, SQLITE_STATIC);
	if (f->category && *f->category)
		sqlite3_bind_text(s, 4, f->category, -1, SQLITE_STATIC);
	if (f->overdue)
		sq_bind_opt_day(s, 6, f->today ? f->today : 1);
	if (f->q && *f->q)
		sqlite3_bind_text(s, 7, f->q, -1, SQLITE_STATIC);
	if (f->assignee_person_id)
		sqlite3_bind_int64(s, 8, f->assignee_person_id);
	sqlite3_bind_int64(s, 9, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	sqlite3_bind_int(s, 10, pg.limit);
	/* each item carries its divisions, as matter_get does */
	static const struct sq_collect_hooks hooks = { .each = matter_divs };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct matter), matter_row_any, &hooks, &arr,
					 out_n, e, "matter_list");
	*out = arr;
	return rc;
}

static enum err_code sq_matter_event_insert(struct store *st, const struct matter_event *ev,
					    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_EV_INS,
		"INSERT INTO matter_events(matter_id,at_ms,user_id,username,kind,from_status,to_status,"
		"unit_id,meeting_id,note) VALUES(?,?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "matter_event_insert");
	sqlite3_bind_int64(s, 1, ev->matter_id);
	sqlite3_bind_int64(s, 2, ev->at_ms);
	sq_bind_opt_id(s, 3, ev->user_id);
	sqlite3_bind_text(s, 4, ev->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, ev->kind, -1, SQLITE_STATIC);
	sq_bind_opt_text(s, 6, ev->from_status);
	sq_bind_opt_text(s, 7, ev->to_status);
	sqlite3_bind_int64(s, 8, ev->unit_id);
	sq_bind_opt_id(s, 9, ev->meeting_id);
	sqlite3_bind_text(s, 10, ev->note, -1, SQLITE_STATIC);
	return sq_done(q, s, e, "matter_event_insert");
}

static void matter_event_row(sqlite3_stmt *s, void *row)
{
	struct matter_event *v = row;
	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(s, 0);
	v->matter_id = sqlite3_column_int64(s, 1);
	v->at_ms = sqlite3_column_int64(s, 2);
	v->user_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, v->username, sizeof(v->username));
	sq_text(s, 5, v->kind, sizeof(v->kind));
	sq_text(s, 6, v->from_status, sizeof(v->from_status));
	sq_text(s, 7, v->to_status, sizeof(v->to_status));
	v->unit_id = sqlite3_column_int64(s, 8);
	v->meeting_id = sqlite3_column_int64(s, 9);
	sq_text(s, 10, v->note, sizeof(v->note));
}

static enum err_code sq_matter_events(struct store *st, int64_t matter_id,
				      struct matter_event **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_EVS,
		"SELECT id,matter_id,at_ms,user_id,username,kind,from_status,to_status,unit_id,"
		"meeting_id,note FROM matter_events WHERE matter_id=? ORDER BY id");
	if (!s)
		return sq_error(q, e, "matter_events");
	sqlite3_bind_int64(s, 1, matter_id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct matter_event), matter_event_row, &arr,
				      out_n, e, "matter_events");
	*out = arr;
	return rc;
}

static enum err_code sq_matter_assignee_add(struct store *st, int64_t matter_id, int64_t org_id,
					    int64_t person_id, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_AS_INS,
		"INSERT OR IGNORE INTO matter_assignees(matter_id,org_id,person_id) VALUES(?,?,?)");
	if (!s)
		return sq_error(q, e, "matter_assignee_add");
	sqlite3_bind_int64(s, 1, matter_id);
	sq_bind_opt_id(s, 2, org_id);
	sq_bind_opt_id(s, 3, person_id);
	return sq_done(q, s, e, "matter_assignee_add");
}

static void matter_assignee_row(sqlite3_stmt *s, void *row)
{
	struct matter_assignee *a = row;
	memset(a, 0, sizeof(*a));
	a->matter_id = sqlite3_column_int64(s, 0);
	a->org_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, a->org_name, sizeof(a->org_name));
	a->person_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, a->person_name, sizeof(a->person_name));
}

static enum err_code sq_matter_assignees(struct store *st, int64_t matter_id,
					 struct matter_assignee **out, size_t *out_n,
					 struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_AS_LIST,
		"SELECT a.matter_id,a.org_id,o.name,a.person_id,p.name FROM matter_assignees a "
		"LEFT JOIN orgs o ON o.id=a.org_id LEFT JOIN people p ON p.id=a.person_id "
		"WHERE a.matter_id=? ORDER BY a.id");
	if (!s)
		return sq_error(q, e, "matter_assignees");
	sqlite3_bind_int64(s, 1, matter_id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct matter_assignee), matter_assignee_row,
				      &arr, out_n, e, "matter_assignees");
	*out = arr;
	return rc;
}

/* The ids travel as one JSON array text: one statement for any count. */
static enum err_code sq_matter_assignees_of(struct store *st, const int64_t *matter_ids, size_t n,
					    struct matter_assignee **out, size_t *out_n,
					    struct err *e)
{
	struct sq *q = SQ(st);
	*out = NULL;
	*out_n = 0;
	if (!n)
		return ERR_OK;
	struct buf ids;
	buf_init(&ids, n * 21 + 3);
	buf_addc(&ids, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "", (long long)matter_ids[i]);
	buf_addc(&ids, ']');
	sqlite3_stmt *s = sq_stmt(q, M_AS_MANY,
		"SELECT a.matter_id,a.org_id,o.name,a.person_id,p.name FROM matter_assignees a "
		"LEFT JOIN orgs o ON o.id=a.org_id LEFT JOIN people p ON p.id=a.person_id "
		"WHERE a.matter_id IN (SELECT value FROM json_each(?)) ORDER BY a.matter_id, a.id");
	if (!s || ids.overflow) {
		buf_release(&ids);
		return s ? err_set(e, ERR_INTERNAL, NULL, "内部错误") : sq_error(q, e, "matter_assignees_of");
	}
	sqlite3_bind_text(s, 1, ids.data, (int)ids.len, SQLITE_TRANSIENT);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct matter_assignee), matter_assignee_row,
				      &arr, out_n, e, "matter_assignees_of");
	buf_release(&ids);
	*out = arr;
	return rc;
}

static void brief_row(sqlite3_stmt *s, void *row)
{
	struct matter_brief *b = row;
	memset(b, 0, sizeof(*b));
	b->id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, b->title, sizeof(b->title));
	sq_text(s, 2, b->status, sizeof(b->status));
	b->due_on = sq_col_day(s, 3);
}

static enum err_code sq_matters_open_on(struct store *st, int64_t unit_id, int32_t day,
					struct matter_brief **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_OPEN,
		"SELECT id,title,status,due_on FROM matters "
		"WHERE unit_id=?1 AND raised_on<=?2 AND status NOT IN ('resolved','closed') "
		"ORDER BY id");
	if (!s)
		return sq_error(q, e, "matters_open_on");
	sqlite3_bind_int64(s, 1, unit_id);
	sq_bind_opt_day(s, 2, day);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct matter_brief), brief_row, &arr, out_n, e,
				      "matters_open_on");
	*out = arr;
	return rc;
}

const struct store_matter_ops sq_matter_ops = {
	.types = sq_matter_types,
	.type_insert = sq_matter_type_insert,
	.insert = sq_matter_insert,
	.update = sq_matter_update,
	.get = sq_matter_get,
	.set_status = sq_matter_set_status,
	.set_due = sq_matter_set_due,
	.set_priority = sq_matter_set_priority,
	.set_figures = sq_matter_set_figures,
	.set_text = sq_matter_set_text,
	.set_divisions = sq_matter_set_divisions,
	.touch = sq_matter_touch,
	.list = sq_matter_list,
	.event_insert = sq_matter_event_insert,
	.events = sq_matter_events,
	.assignee_add = sq_matter_assignee_add,
	.assignees = sq_matter_assignees,
	.assignees_of = sq_matter_assignees_of,
	.open_on = sq_matters_open_on,
};
