/*
 * store_sqlite_matter.c - matters, their timeline and assignees, meetings,
 * decisions and the inbox in SQLite (statistics: store_sqlite_stats.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "store/sq_int.h"

enum {
	M_TYPES = SQ_MATTER_FIRST, M_TYPE_INS, M_INS, M_DIV_INS, M_UPD, M_GET, M_DIVS, M_LIST,
	M_EV_INS, M_EVS, M_AS_INS, M_AS_LIST, M_AS_MANY, M_OPEN_JSON,
	G_INS, G_AGENDA_INS, G_INVITE_INS, G_GET, G_AGENDA, G_INVITES, G_ATTEND, G_LIST,
	G_ATT_DEL, G_ATT_INS, G_MINUTES, D_INS, D_LIST, D_LAST_JSON,
	N_INS, N_LIST, N_READ, N_UNREAD,
	T_PERSON,
	M_LAST
};
_Static_assert((int)M_LAST <= (int)SQ_MAX_STMTS, "statement table too small");

/* A date that is NULL when absent (day 0). */
static void bind_date(sqlite3_stmt *s, int i, int32_t day)
{
	if (day)
		sq_bind_day(s, i, day);
	else
		sqlite3_bind_null(s, i);
}

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
	bind_date(s, 11, m->due_on);
	sqlite3_bind_int64(s, 12, m->raised_by_org_id);
	sqlite3_bind_int64(s, 13, m->raised_by_user);
	bind_date(s, 14, m->raised_on);
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
	bind_date(s, 3, m->due_on);
	sqlite3_bind_text(s, 4, m->priority, -1, SQLITE_STATIC);
	bind_date(s, 5, m->resolved_on);
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
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(q->db, sql, -1, &s, NULL) != SQLITE_OK)
		return sq_error(q, e, "matter_list");
	if (f->unit_id)
		sqlite3_bind_int64(s, 1, f->unit_id);
	if (f->alliance_id)
		sqlite3_bind_int64(s, 2, f->alliance_id);
	if (f->status && *f->status)
		sqlite3_bind_text(s, 3, f->status, -1, SQLITE_STATIC);
	if (f->category && *f->category)
		sqlite3_bind_text(s, 4, f->category, -1, SQLITE_STATIC);
	if (f->overdue)
		bind_date(s, 6, f->today ? f->today : 1);
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
	sqlite3_finalize(s);
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

static enum err_code json_one(struct sq *q, sqlite3_stmt *s, char **out, struct err *e,
			      const char *what)
{
	int r = sqlite3_step(s);
	*out = NULL;
	if (r == SQLITE_ROW)
		*out = sq_dup(s, 0);
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sq_error(q, e, what);
	if (!*out) {
		*out = strdup("[]");
		if (!*out)
			abort();
	}
	return ERR_OK;
}

static enum err_code sq_matters_open_json(struct store *st, int64_t unit_id, int32_t day,
					  char **out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, M_OPEN_JSON,
		"SELECT json_group_array(json_object('id',id,'title',title,'status',status,"
		"'due_on',due_on)) FROM (SELECT id,title,status,due_on FROM matters "
		"WHERE unit_id=?1 AND raised_on<=?2 AND status NOT IN ('resolved','closed') "
		"ORDER BY id)");
	if (!s)
		return sq_error(q, e, "matters_open_json");
	sqlite3_bind_int64(s, 1, unit_id);
	bind_date(s, 2, day);
	return json_one(q, s, out, e, "matters_open_json");
}

/* ---- meetings ---- */

static enum err_code sq_meeting_insert(struct store *st, struct meeting *m, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, G_INS,
		"INSERT INTO meetings(alliance_id,unit_id,title,held_on,place_division,convener_person,"
		"convener_user,override_reason,created_at_ms) VALUES(?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "meeting_insert");
	sqlite3_bind_int64(s, 1, m->alliance_id);
	sqlite3_bind_int64(s, 2, m->unit_id);
	sqlite3_bind_text(s, 3, m->title, -1, SQLITE_STATIC);
	bind_date(s, 4, m->held_on);
	sqlite3_bind_text(s, 5, m->place_division, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 6, m->convener_person);
	sqlite3_bind_int64(s, 7, m->convener_user);
	sq_bind_opt_text(s, 8, m->override_reason);
	sqlite3_bind_int64(s, 9, m->created_at_ms);
	if ((rc = sq_done(q, s, e, "meeting_insert")))
		return rc;
	m->id = sqlite3_last_insert_rowid(q->db);
	for (size_t i = 0; i < m->n_agenda; i++) {
		s = sq_stmt(q, G_AGENDA_INS,
			    "INSERT INTO meeting_agenda(meeting_id,matter_id,pos) VALUES(?,?,?)");
		if (!s)
			return sq_error(q, e, "meeting_insert");
		sqlite3_bind_int64(s, 1, m->id);
		sqlite3_bind_int64(s, 2, m->agenda[i]);
		sqlite3_bind_int(s, 3, (int)i);
		if ((rc = sq_done(q, s, e, "meeting agenda")))
			return rc;
	}
	for (size_t i = 0; i < m->n_invites; i++) {
		s = sq_stmt(q, G_INVITE_INS, "INSERT INTO meeting_invites(meeting_id,org_id) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "meeting_insert");
		sqlite3_bind_int64(s, 1, m->id);
		sqlite3_bind_int64(s, 2, m->invites[i]);
		if ((rc = sq_done(q, s, e, "meeting invite")))
			return rc;
	}
	return ERR_OK;
}

#define MEETING_COLS "g.id,g.alliance_id,g.unit_id,g.title,g.held_on,g.place_division," \
	"g.convener_person,g.convener_user,g.override_reason,g.minutes,g.created_at_ms,u.name,p.name"
#define MEETING_FROM "FROM meetings g JOIN units u ON u.id=g.unit_id " \
	"LEFT JOIN people p ON p.id=g.convener_person "

static void meeting_row(sqlite3_stmt *s, struct meeting *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(s, 0);
	m->alliance_id = sqlite3_column_int64(s, 1);
	m->unit_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, m->title, sizeof(m->title));
	m->held_on = sq_col_day(s, 4);
	sq_text(s, 5, m->place_division, sizeof(m->place_division));
	m->convener_person = sqlite3_column_int64(s, 6);
	m->convener_user = sqlite3_column_int64(s, 7);
	sq_text(s, 8, m->override_reason, sizeof(m->override_reason));
	sq_text(s, 9, m->minutes, sizeof(m->minutes));
	m->created_at_ms = sqlite3_column_int64(s, 10);
	sq_text(s, 11, m->unit_name, sizeof(m->unit_name));
	sq_text(s, 12, m->convener_name, sizeof(m->convener_name));
}

static void meeting_row_any(sqlite3_stmt *s, void *row)
{
	meeting_row(s, row);
}

static enum err_code meeting_attendees(struct sq *q, void *element, struct err *e)
{
	struct meeting *m = element;
	return sq_id_column(q, G_ATTEND,
			    "SELECT person_id FROM meeting_attendance WHERE meeting_id=? "
			    "ORDER BY person_id",
			    m->id, m->attendees, MEETING_MAX_ATTENDEES, &m->n_attendees, e,
			    "meeting_attendance");
}

static enum err_code sq_meeting_get(struct store *st, int64_t id, struct meeting *out,
				    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_GET, "SELECT " MEETING_COLS " " MEETING_FROM "WHERE g.id=?");
	if (!s)
		return sq_error(q, e, "meeting_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, meeting_row_any, out, "会议", e, "meeting_get");
	if (!rc)
		rc = sq_id_column(q, G_AGENDA,
				  "SELECT matter_id FROM meeting_agenda WHERE meeting_id=? ORDER BY pos",
				  id, out->agenda, MEETING_MAX_AGENDA, &out->n_agenda, e,
				  "meeting_agenda");
	if (!rc)
		rc = sq_id_column(q, G_INVITES,
				  "SELECT org_id FROM meeting_invites WHERE meeting_id=? "
				  "ORDER BY org_id",
				  id, out->invites, MEETING_MAX_INVITES, &out->n_invites, e,
				  "meeting_invites");
	return rc ? rc : meeting_attendees(q, out, e);
}

static enum err_code sq_meeting_list(struct store *st, int64_t unit_id, int64_t alliance_id,
				     struct page pg, struct meeting **out, size_t *out_n,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_LIST,
		"SELECT " MEETING_COLS " " MEETING_FROM
		"WHERE (?1=0 OR g.unit_id=?1) AND (?2=0 OR g.alliance_id=?2) AND g.id<?3 "
		"ORDER BY g.id DESC LIMIT ?4");
	if (!s)
		return sq_error(q, e, "meeting_list");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, alliance_id);
	sqlite3_bind_int64(s, 3, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	sqlite3_bind_int(s, 4, pg.limit);
	static const struct sq_collect_hooks hooks = { .each = meeting_attendees };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct meeting), meeting_row_any, &hooks, &arr,
					 out_n, e, "meeting_list");
	*out = arr;
	return rc;
}

static enum err_code sq_meeting_set_attendance(struct store *st, int64_t meeting_id,
					       const int64_t *ids, size_t n, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, G_ATT_DEL, "DELETE FROM meeting_attendance WHERE meeting_id=?");
	if (!s)
		return sq_error(q, e, "meeting_set_attendance");
	sqlite3_bind_int64(s, 1, meeting_id);
	if ((rc = sq_done(q, s, e, "attendance")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		s = sq_stmt(q, G_ATT_INS,
			    "INSERT INTO meeting_attendance(meeting_id,person_id) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "meeting_set_attendance");
		sqlite3_bind_int64(s, 1, meeting_id);
		sqlite3_bind_int64(s, 2, ids[i]);
		if ((rc = sq_done(q, s, e, "attendance")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_meeting_set_minutes(struct store *st, int64_t meeting_id,
					    const char *text, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_MINUTES, "UPDATE meetings SET minutes=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "meeting_set_minutes");
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, meeting_id);
	return sq_done(q, s, e, "meeting_set_minutes");
}

static enum err_code sq_decision_insert(struct store *st, struct decision *d, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, D_INS,
		"INSERT INTO meeting_decisions(meeting_id,matter_id,action,note,detail,user_id,"
		"created_at_ms) VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "decision_insert");
	sqlite3_bind_int64(s, 1, d->meeting_id);
	sqlite3_bind_int64(s, 2, d->matter_id);
	sqlite3_bind_text(s, 3, d->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, d->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->detail[0] ? d->detail : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, d->user_id);
	sqlite3_bind_int64(s, 7, d->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "decision_insert");
	if (!rc)
		d->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static void decision_row(sqlite3_stmt *s, void *row)
{
	struct decision *d = row;
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(s, 0);
	d->meeting_id = sqlite3_column_int64(s, 1);
	d->matter_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, d->action, sizeof(d->action));
	sq_text(s, 4, d->note, sizeof(d->note));
	sq_text(s, 5, d->detail, sizeof(d->detail));
	d->user_id = sqlite3_column_int64(s, 6);
	d->created_at_ms = sqlite3_column_int64(s, 7);
	sq_text(s, 8, d->matter_title, sizeof(d->matter_title));
}

static enum err_code sq_decisions(struct store *st, int64_t meeting_id, struct decision **out,
				  size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, D_LIST,
		"SELECT d.id,d.meeting_id,d.matter_id,d.action,d.note,d.detail,d.user_id,"
		"d.created_at_ms,m.title FROM meeting_decisions d JOIN matters m ON m.id=d.matter_id "
		"WHERE d.meeting_id=? ORDER BY d.id");
	if (!s)
		return sq_error(q, e, "decisions");
	sqlite3_bind_int64(s, 1, meeting_id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct decision), decision_row, &arr, out_n, e,
				      "decisions");
	*out = arr;
	return rc;
}

static enum err_code sq_last_decisions_json(struct store *st, int64_t unit_id, int32_t day,
					    char **out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, D_LAST_JSON,
		"SELECT json_group_array(json_object('meeting_id',d.meeting_id,'matter_id',d.matter_id,"
		"'matter_title',m.title,'action',d.action,'note',d.note)) FROM meeting_decisions d "
		"JOIN matters m ON m.id=d.matter_id WHERE d.meeting_id=(SELECT id FROM meetings "
		"WHERE unit_id=?1 AND held_on<=?2 ORDER BY held_on DESC, id DESC LIMIT 1)");
	if (!s)
		return sq_error(q, e, "last_decisions_json");
	sqlite3_bind_int64(s, 1, unit_id);
	bind_date(s, 2, day);
	return json_one(q, s, out, e, "last_decisions_json");
}

/* ---- inbox ---- */

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

static void person_term_row(sqlite3_stmt *s, void *row)
{
	struct duty_term *t = row;
	memset(t, 0, sizeof(*t));
	t->unit_id = sqlite3_column_int64(s, 0);
	t->idx = sqlite3_column_int64(s, 1);
	t->starts_on = sq_col_day(s, 2);
	t->ends_on = sq_col_day(s, 3);
	/* the unit's name travels in org_name for this query */
	sq_text(s, 4, t->org_name, sizeof(t->org_name));
}

static enum err_code sq_terms_of_person(struct store *st, int64_t person_id, int32_t from,
					int32_t to, struct duty_term **out, size_t *out_n,
					struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, T_PERSON,
		"SELECT t.unit_id,t.idx,t.starts_on,t.ends_on,u.name FROM duty_terms t "
		"JOIN units u ON u.id=t.unit_id WHERE t.person_id=?1 AND t.starts_on>=?2 "
		"AND t.starts_on<=?3 ORDER BY t.starts_on");
	if (!s)
		return sq_error(q, e, "terms_of_person");
	sqlite3_bind_int64(s, 1, person_id);
	bind_date(s, 2, from);
	bind_date(s, 3, to);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct duty_term), person_term_row, &arr, out_n,
				      e, "terms_of_person");
	struct duty_term *t = arr;
	for (size_t i = 0; !rc && i < *out_n; i++)
		t[i].person_id = person_id;
	*out = t;
	return rc;
}

void sq_matter_ops(struct store_ops *ops)
{
	ops->terms_of_person = sq_terms_of_person;
	ops->matter_types = sq_matter_types;
	ops->matter_type_insert = sq_matter_type_insert;
	ops->matter_insert = sq_matter_insert;
	ops->matter_update = sq_matter_update;
	ops->matter_get = sq_matter_get;
	ops->matter_list = sq_matter_list;
	ops->matter_event_insert = sq_matter_event_insert;
	ops->matter_events = sq_matter_events;
	ops->matter_assignee_add = sq_matter_assignee_add;
	ops->matter_assignees = sq_matter_assignees;
	ops->matter_assignees_of = sq_matter_assignees_of;
	ops->matters_open_json = sq_matters_open_json;
	ops->meeting_insert = sq_meeting_insert;
	ops->meeting_get = sq_meeting_get;
	ops->meeting_list = sq_meeting_list;
	ops->meeting_set_attendance = sq_meeting_set_attendance;
	ops->meeting_set_minutes = sq_meeting_set_minutes;
	ops->decision_insert = sq_decision_insert;
	ops->decisions = sq_decisions;
	ops->last_decisions_json = sq_last_decisions_json;
	ops->notification_insert = sq_notification_insert;
	ops->notification_list = sq_notification_list;
	ops->notification_read = sq_notification_read;
	ops->notification_unread = sq_notification_unread;
}
