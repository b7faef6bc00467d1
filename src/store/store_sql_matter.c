/*
 * store_sql_matter.c - matters: types, matters with their divisions, the
 * timeline (events) and assignees, written once over the thin SQL driver
 * (db.h) for SQLite and PostgreSQL.
 *
 * A write tells a missing matter (or a guarded status that moved on) by
 * UPDATE … RETURNING id, and an insert learns its id the same way, instead
 * of SQLite's changes count and last rowid. Dialect differences, each
 * behind db_sql(): substring search (instr / strpos), the ids of
 * assignees_of as one JSON array (json_each / json_array_elements_text),
 * and the order types were added in (SQLite's rowid; a seq column in the
 * PostgreSQL schema).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "store/db.h"
#include "store/slots.h"
#include "store/store_matter.h"
#include "store/store_sql.h"

enum {
	M_TYPES = SQ_FIRST(SQ_AREA_MATTER), M_TYPE_INS, M_INS, M_DIV_INS, M_UPD, M_GET, M_DIVS,
	M_EV_INS, M_EVS, M_AS_INS, M_AS_LIST, M_AS_MANY, M_OPEN,
	M_SET_STATUS, M_SET_DUE, M_SET_PRIO, M_SET_FIGS, M_TOUCH, M_SET_TEXT, M_DIV_DEL,
	M_LAST
};
SQ_FITS(SQ_AREA_MATTER, M_LAST);

/* A constraint names the op, as this area always has. */
static enum err_code fail(struct store *st, struct err *e, const char *what)
{
	enum err_code rc = db_error(st->db, e, what);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", what);
	return rc;
}

/* Steps a write with RETURNING id: *id is the row's id, 0 when no row was
 * written. Resets s. */
static enum err_code returning_id(struct store *st, struct db_stmt *s, int64_t *id,
				  struct err *e, const char *what)
{
	enum db_rc r = db_step(s);
	*id = r == DB_ROW ? db_col_i64(s, 0) : 0;
	enum err_code rc = r == DB_FAIL ? fail(st, e, what) : ERR_OK;
	db_reset(s);
	return rc;
}

/* Figures: -1 (not recorded) is NULL. */
static void bind_fig(struct db_stmt *s, int n, int64_t v)
{
	if (v < 0)
		db_bind_text(s, n, NULL);
	else
		db_bind_i64(s, n, v);
}

static int64_t col_fig(struct db_stmt *s, int col)
{
	return db_col_null(s, col) ? -1 : db_col_i64(s, col);
}

/* ---- matter types ---- */

/* Row readers used by db_collect only: it hands them zeroed elements. */
static void matter_type_row(struct db_stmt *s, void *row)
{
	struct matter_type *t = row;
	db_text(s, 0, t->key, sizeof(t->key));
	db_text(s, 1, t->label, sizeof(t->label));
	t->builtin = (int)db_col_i64(s, 2);
}

static enum err_code matter_types(struct store *st, struct matter_type **out, size_t *out_n,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_TYPES, db_sql(st->db,
		"SELECT key,label,builtin FROM matter_types ORDER BY builtin DESC, rowid",
		"SELECT key,label,builtin FROM matter_types ORDER BY builtin DESC, seq"));
	if (!s)
		return db_error(st->db, e, "matter_types");
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct matter_type), matter_type_row, &arr,
				      out_n, e, "matter_types");
	*out = arr;
	return rc;
}

static enum err_code matter_type_insert(struct store *st, const struct matter_type *t,
					struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_TYPE_INS,
		"INSERT INTO matter_types(key,label,builtin,created_at_ms) VALUES($1,$2,0,$3)");
	if (!s)
		return db_error(st->db, e, "matter_type_insert");
	db_bind_text(s, 1, t->key);
	db_bind_text(s, 2, t->label);
	db_bind_i64(s, 3, date_now_ms());
	enum err_code rc = db_write(st->db, s, e, "matter_type_insert");
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

/* Fills a zeroed matter (db_collect zeroes; matter_get zeroes first). */
static void matter_row(struct db_stmt *s, void *row)
{
	struct matter *m = row;
	m->id = db_col_i64(s, 0);
	m->alliance_id = db_col_i64(s, 1);
	m->unit_id = db_col_i64(s, 2);
	m->origin_unit_id = db_col_i64(s, 3);
	db_text(s, 4, m->county_code, sizeof(m->county_code));
	db_text(s, 5, m->title, sizeof(m->title));
	db_text(s, 6, m->description, sizeof(m->description));
	db_text(s, 7, m->category, sizeof(m->category));
	db_text(s, 8, m->type, sizeof(m->type));
	db_text(s, 9, m->priority, sizeof(m->priority));
	db_text(s, 10, m->status, sizeof(m->status));
	m->due_on = db_col_day(s, 11);
	m->raised_by_org_id = db_col_i64(s, 12);
	m->raised_by_user = db_col_i64(s, 13);
	m->raised_on = db_col_day(s, 14);
	m->raised_at_ms = db_col_i64(s, 15);
	m->resolved_on = db_col_day(s, 16);
	db_text(s, 17, m->resolution, sizeof(m->resolution));
	db_text(s, 18, m->closed_reason, sizeof(m->closed_reason));
	m->funds_fen = col_fig(s, 19);
	m->people_count = col_fig(s, 20);
	m->length_m = col_fig(s, 21);
	m->jobs = col_fig(s, 22);
	m->updated_at_ms = db_col_i64(s, 23);
	db_text(s, 24, m->unit_name, sizeof(m->unit_name));
	db_text(s, 25, m->raised_by_org_name, sizeof(m->raised_by_org_name));
	db_text(s, 26, m->type_label, sizeof(m->type_label));
}

static enum err_code divisions_insert(struct store *st, const struct matter *m, const char *what,
				      struct err *e)
{
	for (size_t i = 0; i < m->n_divisions; i++) {
		struct db_stmt *s = db_stmt(st->db, M_DIV_INS,
			"INSERT INTO matter_divisions(matter_id,code) VALUES($1,$2)");
		if (!s)
			return db_error(st->db, e, what);
		db_bind_i64(s, 1, m->id);
		db_bind_text(s, 2, m->divisions[i]);
		enum err_code rc = db_write(st->db, s, e, "matter division");
		if (rc)
			return rc;
	}
	return ERR_OK;
}

static enum err_code matter_insert(struct store *st, struct matter *m, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_INS,
		"INSERT INTO matters(alliance_id,unit_id,origin_unit_id,county_code,title,description,"
		"category,type,priority,status,due_on,raised_by_org_id,raised_by_user,raised_on,"
		"raised_at_ms,funds_fen,people_count,length_m,jobs,updated_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20) "
		"RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_insert");
	db_bind_i64(s, 1, m->alliance_id);
	db_bind_i64(s, 2, m->unit_id);
	db_bind_i64(s, 3, m->origin_unit_id);
	db_bind_text(s, 4, m->county_code);
	db_bind_text(s, 5, m->title);
	db_bind_text(s, 6, m->description);
	db_bind_text(s, 7, m->category);
	db_bind_text(s, 8, m->type);
	db_bind_text(s, 9, m->priority);
	db_bind_text(s, 10, m->status);
	db_bind_opt_day(s, 11, m->due_on);
	db_bind_i64(s, 12, m->raised_by_org_id);
	db_bind_i64(s, 13, m->raised_by_user);
	db_bind_opt_day(s, 14, m->raised_on);
	db_bind_i64(s, 15, m->raised_at_ms);
	bind_fig(s, 16, m->funds_fen);
	bind_fig(s, 17, m->people_count);
	bind_fig(s, 18, m->length_m);
	bind_fig(s, 19, m->jobs);
	db_bind_i64(s, 20, m->updated_at_ms);
	int64_t id = 0;
	enum err_code rc = returning_id(st, s, &id, e, "matter_insert");
	if (rc)
		return rc;
	m->id = id;
	return divisions_insert(st, m, "matter_insert", e);
}

static enum err_code matter_update(struct store *st, const struct matter *m, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_UPD,
		"UPDATE matters SET unit_id=$1,status=$2,due_on=$3,priority=$4,resolved_on=$5,"
		"resolution=$6,closed_reason=$7,funds_fen=$8,people_count=$9,length_m=$10,jobs=$11,"
		"updated_at_ms=$12 WHERE id=$13");
	if (!s)
		return db_error(st->db, e, "matter_update");
	db_bind_i64(s, 1, m->unit_id);
	db_bind_text(s, 2, m->status);
	db_bind_opt_day(s, 3, m->due_on);
	db_bind_text(s, 4, m->priority);
	db_bind_opt_day(s, 5, m->resolved_on);
	db_bind_opt_text(s, 6, m->resolution);
	db_bind_opt_text(s, 7, m->closed_reason);
	bind_fig(s, 8, m->funds_fen);
	bind_fig(s, 9, m->people_count);
	bind_fig(s, 10, m->length_m);
	bind_fig(s, 11, m->jobs);
	db_bind_i64(s, 12, m->updated_at_ms);
	db_bind_i64(s, 13, m->id);
	return db_write(st->db, s, e, "matter_update");
}

/* ---- targeted matter writes: each changes only its own columns ---- */

/* Steps an UPDATE … RETURNING id of one matter; no row changed is
 * ERR_NOT_FOUND, or ERR_CONFLICT when the update is guarded (the row moved
 * on meanwhile). */
static enum err_code matter_write(struct store *st, struct db_stmt *s, int guarded,
				  struct err *e, const char *what)
{
	int64_t id = 0;
	enum err_code rc = returning_id(st, s, &id, e, what);
	if (rc || id)
		return rc;
	if (guarded)
		return err_tag(e, ERR_CONFLICT, "status_changed", "to",
			       "事项状态已被他人变更，请刷新后重试");
	return err_set(e, ERR_NOT_FOUND, NULL, "事项不存在");
}

static enum err_code matter_set_status(struct store *st, const struct matter *m,
				       const char *from_status, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_SET_STATUS,
		"UPDATE matters SET status=$1,unit_id=$2,resolved_on=$3,resolution=$4,"
		"closed_reason=$5,updated_at_ms=$6 WHERE id=$7 AND status=$8 RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_set_status");
	db_bind_text(s, 1, m->status);
	db_bind_i64(s, 2, m->unit_id);
	db_bind_opt_day(s, 3, m->resolved_on);
	db_bind_opt_text(s, 4, m->resolution);
	db_bind_opt_text(s, 5, m->closed_reason);
	db_bind_i64(s, 6, m->updated_at_ms);
	db_bind_i64(s, 7, m->id);
	db_bind_text(s, 8, from_status);
	return matter_write(st, s, 1, e, "matter_set_status");
}

static enum err_code matter_set_due(struct store *st, int64_t id, int32_t due_on, int64_t at_ms,
				    struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_SET_DUE,
		"UPDATE matters SET due_on=$1,updated_at_ms=$2 WHERE id=$3 RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_set_due");
	db_bind_opt_day(s, 1, due_on);
	db_bind_i64(s, 2, at_ms);
	db_bind_i64(s, 3, id);
	return matter_write(st, s, 0, e, "matter_set_due");
}

static enum err_code matter_set_priority(struct store *st, int64_t id, const char *priority,
					 int64_t at_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_SET_PRIO,
		"UPDATE matters SET priority=$1,updated_at_ms=$2 WHERE id=$3 RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_set_priority");
	db_bind_text(s, 1, priority);
	db_bind_i64(s, 2, at_ms);
	db_bind_i64(s, 3, id);
	return matter_write(st, s, 0, e, "matter_set_priority");
}

/* The figures are BIGINT: "CASE $1 WHEN -1" alone would type $1 as int4
 * on PostgreSQL. */
static enum err_code matter_set_figures(struct store *st, int64_t id, int64_t funds_fen,
					int64_t people_count, int64_t length_m, int64_t jobs,
					int64_t at_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_SET_FIGS,
		"UPDATE matters SET "
		"funds_fen=CASE CAST($1 AS BIGINT) WHEN -1 THEN funds_fen WHEN -2 THEN NULL "
		"ELSE CAST($1 AS BIGINT) END,"
		"people_count=CASE CAST($2 AS BIGINT) WHEN -1 THEN people_count WHEN -2 THEN NULL "
		"ELSE CAST($2 AS BIGINT) END,"
		"length_m=CASE CAST($3 AS BIGINT) WHEN -1 THEN length_m WHEN -2 THEN NULL "
		"ELSE CAST($3 AS BIGINT) END,"
		"jobs=CASE CAST($4 AS BIGINT) WHEN -1 THEN jobs WHEN -2 THEN NULL "
		"ELSE CAST($4 AS BIGINT) END,"
		"updated_at_ms=$5 WHERE id=$6 RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_set_figures");
	db_bind_i64(s, 1, funds_fen);
	db_bind_i64(s, 2, people_count);
	db_bind_i64(s, 3, length_m);
	db_bind_i64(s, 4, jobs);
	db_bind_i64(s, 5, at_ms);
	db_bind_i64(s, 6, id);
	return matter_write(st, s, 0, e, "matter_set_figures");
}

static enum err_code matter_set_text(struct store *st, const struct matter *m, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_SET_TEXT,
		"UPDATE matters SET title=$1,description=$2,category=$3,type=$4,updated_at_ms=$5 "
		"WHERE id=$6 RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_set_text");
	db_bind_text(s, 1, m->title);
	db_bind_text(s, 2, m->description);
	db_bind_text(s, 3, m->category);
	db_bind_text(s, 4, m->type);
	db_bind_i64(s, 5, m->updated_at_ms);
	db_bind_i64(s, 6, m->id);
	return matter_write(st, s, 0, e, "matter_set_text");
}

static enum err_code matter_set_divisions(struct store *st, const struct matter *m,
					  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_DIV_DEL,
				    "DELETE FROM matter_divisions WHERE matter_id=$1");
	if (!s)
		return db_error(st->db, e, "matter_set_divisions");
	db_bind_i64(s, 1, m->id);
	enum err_code rc = db_write(st->db, s, e, "matter_set_divisions");
	return rc ? rc : divisions_insert(st, m, "matter_set_divisions", e);
}

static enum err_code matter_touch(struct store *st, int64_t id, int64_t at_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_TOUCH,
		"UPDATE matters SET updated_at_ms=$1 WHERE id=$2 RETURNING id");
	if (!s)
		return db_error(st->db, e, "matter_touch");
	db_bind_i64(s, 1, at_ms);
	db_bind_i64(s, 2, id);
	return matter_write(st, s, 0, e, "matter_touch");
}

/* A matter's divisions (matter_get, and each item of matter_list). */
static enum err_code matter_divs(void *ctx, void *element, struct err *e)
{
	struct store *st = ctx;
	struct matter *m = element;
	return db_code_column(st->db, M_DIVS,
			      "SELECT code FROM matter_divisions WHERE matter_id=$1 ORDER BY code",
			      m->id, &m->divisions[0][0], sizeof(m->divisions[0]),
			      MATTER_MAX_DIVISIONS, &m->n_divisions, e, "matter_divisions");
}

static enum err_code matter_get(struct store *st, int64_t id, struct matter *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_GET,
				    "SELECT " MATTER_COLS " " MATTER_FROM "WHERE m.id=$1");
	if (!s)
		return db_error(st->db, e, "matter_get");
	db_bind_i64(s, 1, id);
	memset(out, 0, sizeof(*out));
	enum err_code rc = db_one(st->db, s, matter_row, out, "事项", e, "matter_get");
	return rc ? rc : matter_divs(st, out, e);
}

/* The text of a list statement and the values of its parameters, numbered
 * $1, $2, … in the order the clauses are added: the clauses present vary,
 * and PostgreSQL cannot type a parameter the text does not use. */
#define LIST_PARAMS 10
struct list_sql {
	char sql[2048];
	size_t len;
	int n;
	struct list_param {
		char kind;          /* 'i' an integer, 't' a text, 'd' a day */
		int64_t i;
		const char *t;
	} p[LIST_PARAMS];
};

/* Appends a clause whose one "$" is its parameter: it becomes "$<n>". */
static void list_add(struct list_sql *q, const char *clause, char kind, int64_t i, const char *t)
{
	const char *dollar = strchr(clause, '$');
	if (!dollar || q->n >= LIST_PARAMS)
		abort();   /* a clause of this file without its parameter */
	q->p[q->n] = (struct list_param){ kind, i, t };
	q->n++;
	int w = snprintf(q->sql + q->len, sizeof(q->sql) - q->len, "%.*s$%d%s",
			 (int)(dollar - clause), clause, q->n, dollar + 1);
	if (w < 0 || (size_t)w >= sizeof(q->sql) - q->len)
		abort();   /* the clauses of this file fit */
	q->len += (size_t)w;
}

/* The WHERE clause is built from the filters actually given, so that the
 * engine can use matters_unit / matters_alliance: optional filters written
 * as "($1 IS NULL OR col=$1)" would force a scan of every matter. */
static enum err_code matter_list(struct store *st, const struct matter_filter *f,
				 struct page pg, struct matter **out, size_t *out_n, struct err *e)
{
	struct db_conn *c = st->db;
	struct list_sql q;
	q.len = (size_t)snprintf(q.sql, sizeof(q.sql), "SELECT " MATTER_COLS " " MATTER_FROM);
	q.n = 0;
	list_add(&q, "WHERE m.id<$", 'i', pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX,
		 NULL);
	if (f->unit_id)
		list_add(&q, " AND m.unit_id=$", 'i', f->unit_id, NULL);
	if (f->alliance_id)
		list_add(&q, " AND m.alliance_id=$", 'i', f->alliance_id, NULL);
	if (f->alliance_in)
		list_add(&q, db_sql(c, " AND instr($,','||m.alliance_id||',')>0",
				    " AND strpos($,','||CAST(m.alliance_id AS TEXT)||',')>0"),
			 't', 0, f->alliance_in);
	if (f->status && *f->status)
		list_add(&q, " AND m.status=$", 't', 0, f->status);
	if (f->category && *f->category)
		list_add(&q, " AND m.category=$", 't', 0, f->category);
	if (f->overdue)
		list_add(&q, " AND m.status NOT IN ('resolved','closed') AND m.due_on<$", 'd',
			 f->today ? f->today : 1, NULL);
	if (f->q && *f->q)
		list_add(&q, db_sql(c, " AND instr(m.title,$)>0", " AND strpos(m.title,$)>0"), 't',
			 0, f->q);
	if (f->assignee_person_id)
		list_add(&q, " AND m.id IN (SELECT matter_id FROM matter_assignees WHERE person_id=$)",
			 'i', f->assignee_person_id, NULL);
	list_add(&q, " ORDER BY m.id DESC LIMIT $", 'i', pg.limit, NULL);
	struct db_stmt *s = db_stmt_text(c, q.sql);
	if (!s)
		return db_error(c, e, "matter_list");
	for (int i = 0; i < q.n; i++) {
		if (q.p[i].kind == 'i')
			db_bind_i64(s, i + 1, q.p[i].i);
		else if (q.p[i].kind == 'd')
			db_bind_day(s, i + 1, (int32_t)q.p[i].i);
		else
			db_bind_text(s, i + 1, q.p[i].t);
	}
	/* each item carries its divisions, as matter_get does */
	static const struct db_collect_hooks hooks = { .each = matter_divs };
	void *arr = NULL;
	enum err_code rc = db_collect_ex(c, s, sizeof(struct matter), matter_row, &hooks, st, &arr,
					 out_n, e, "matter_list");
	*out = arr;
	return rc;
}

/* ---- the timeline ---- */

static enum err_code matter_event_insert(struct store *st, const struct matter_event *ev,
					 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_EV_INS,
		"INSERT INTO matter_events(matter_id,at_ms,user_id,username,kind,from_status,to_status,"
		"unit_id,meeting_id,note) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)");
	if (!s)
		return db_error(st->db, e, "matter_event_insert");
	db_bind_i64(s, 1, ev->matter_id);
	db_bind_i64(s, 2, ev->at_ms);
	db_bind_opt_id(s, 3, ev->user_id);
	db_bind_text(s, 4, ev->username);
	db_bind_text(s, 5, ev->kind);
	db_bind_opt_text(s, 6, ev->from_status);
	db_bind_opt_text(s, 7, ev->to_status);
	db_bind_i64(s, 8, ev->unit_id);
	db_bind_opt_id(s, 9, ev->meeting_id);
	db_bind_text(s, 10, ev->note);
	return db_write(st->db, s, e, "matter_event_insert");
}

static void matter_event_row(struct db_stmt *s, void *row)
{
	struct matter_event *v = row;
	v->id = db_col_i64(s, 0);
	v->matter_id = db_col_i64(s, 1);
	v->at_ms = db_col_i64(s, 2);
	v->user_id = db_col_i64(s, 3);
	db_text(s, 4, v->username, sizeof(v->username));
	db_text(s, 5, v->kind, sizeof(v->kind));
	db_text(s, 6, v->from_status, sizeof(v->from_status));
	db_text(s, 7, v->to_status, sizeof(v->to_status));
	v->unit_id = db_col_i64(s, 8);
	v->meeting_id = db_col_i64(s, 9);
	db_text(s, 10, v->note, sizeof(v->note));
}

static enum err_code matter_events(struct store *st, int64_t matter_id,
				   struct matter_event **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_EVS,
		"SELECT id,matter_id,at_ms,user_id,username,kind,from_status,to_status,unit_id,"
		"meeting_id,note FROM matter_events WHERE matter_id=$1 ORDER BY id");
	if (!s)
		return db_error(st->db, e, "matter_events");
	db_bind_i64(s, 1, matter_id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct matter_event), matter_event_row,
				      &arr, out_n, e, "matter_events");
	*out = arr;
	return rc;
}

/* ---- assignees ---- */

static enum err_code matter_assignee_add(struct store *st, int64_t matter_id, int64_t org_id,
					 int64_t person_id, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_AS_INS,
		"INSERT INTO matter_assignees(matter_id,org_id,person_id) VALUES($1,$2,$3) "
		"ON CONFLICT DO NOTHING");
	if (!s)
		return db_error(st->db, e, "matter_assignee_add");
	db_bind_i64(s, 1, matter_id);
	db_bind_opt_id(s, 2, org_id);
	db_bind_opt_id(s, 3, person_id);
	return db_write(st->db, s, e, "matter_assignee_add");
}

static void matter_assignee_row(struct db_stmt *s, void *row)
{
	struct matter_assignee *a = row;
	a->matter_id = db_col_i64(s, 0);
	a->org_id = db_col_i64(s, 1);
	db_text(s, 2, a->org_name, sizeof(a->org_name));
	a->person_id = db_col_i64(s, 3);
	db_text(s, 4, a->person_name, sizeof(a->person_name));
}

static enum err_code matter_assignees(struct store *st, int64_t matter_id,
				      struct matter_assignee **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_AS_LIST,
		"SELECT a.matter_id,a.org_id,o.name,a.person_id,p.name FROM matter_assignees a "
		"LEFT JOIN orgs o ON o.id=a.org_id LEFT JOIN people p ON p.id=a.person_id "
		"WHERE a.matter_id=$1 ORDER BY a.id");
	if (!s)
		return db_error(st->db, e, "matter_assignees");
	db_bind_i64(s, 1, matter_id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct matter_assignee),
				      matter_assignee_row, &arr, out_n, e, "matter_assignees");
	*out = arr;
	return rc;
}

/* The ids travel as one JSON array text: one statement for any count. */
static enum err_code matter_assignees_of(struct store *st, const int64_t *matter_ids, size_t n,
					 struct matter_assignee **out, size_t *out_n,
					 struct err *e)
{
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
	struct db_stmt *s = db_stmt(st->db, M_AS_MANY, db_sql(st->db,
		"SELECT a.matter_id,a.org_id,o.name,a.person_id,p.name FROM matter_assignees a "
		"LEFT JOIN orgs o ON o.id=a.org_id LEFT JOIN people p ON p.id=a.person_id "
		"WHERE a.matter_id IN (SELECT value FROM json_each($1)) ORDER BY a.matter_id, a.id",
		"SELECT a.matter_id,a.org_id,o.name,a.person_id,p.name FROM matter_assignees a "
		"LEFT JOIN orgs o ON o.id=a.org_id LEFT JOIN people p ON p.id=a.person_id "
		"WHERE a.matter_id IN (SELECT CAST(value AS BIGINT) "
		"FROM json_array_elements_text(CAST($1 AS json))) ORDER BY a.matter_id, a.id"));
	if (!s || ids.overflow) {
		buf_release(&ids);
		return s ? err_set(e, ERR_INTERNAL, NULL, "内部错误")
			 : db_error(st->db, e, "matter_assignees_of");
	}
	db_bind_text(s, 1, ids.data);   /* stepped before ids goes */
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct matter_assignee),
				      matter_assignee_row, &arr, out_n, e, "matter_assignees_of");
	buf_release(&ids);
	*out = arr;
	return rc;
}

static void brief_row(struct db_stmt *s, void *row)
{
	struct matter_brief *b = row;
	b->id = db_col_i64(s, 0);
	db_text(s, 1, b->title, sizeof(b->title));
	db_text(s, 2, b->status, sizeof(b->status));
	b->due_on = db_col_day(s, 3);
}

static enum err_code matters_open_on(struct store *st, int64_t unit_id, int32_t day,
				     struct matter_brief **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_OPEN,
		"SELECT id,title,status,due_on FROM matters "
		"WHERE unit_id=$1 AND raised_on<=$2 AND status NOT IN ('resolved','closed') "
		"ORDER BY id");
	if (!s)
		return db_error(st->db, e, "matters_open_on");
	db_bind_i64(s, 1, unit_id);
	db_bind_opt_day(s, 2, day);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct matter_brief), brief_row, &arr,
				      out_n, e, "matters_open_on");
	*out = arr;
	return rc;
}

const struct store_matter_ops sql_matter_ops = {
	.types = matter_types,
	.type_insert = matter_type_insert,
	.insert = matter_insert,
	.update = matter_update,
	.get = matter_get,
	.set_status = matter_set_status,
	.set_due = matter_set_due,
	.set_priority = matter_set_priority,
	.set_figures = matter_set_figures,
	.set_text = matter_set_text,
	.set_divisions = matter_set_divisions,
	.touch = matter_touch,
	.list = matter_list,
	.event_insert = matter_event_insert,
	.events = matter_events,
	.assignee_add = matter_assignee_add,
	.assignees = matter_assignees,
	.assignees_of = matter_assignees_of,
	.open_on = matters_open_on,
};
