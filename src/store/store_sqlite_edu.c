/*
 * store_sqlite_edu.c - the education line in SQLite: sites, routes and their
 * stops, activities with participants and headcount, sittings with their
 * attendance, and check-in codes (stored by hash only).
 */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	E_SITE_INS = SQ_FIRST(SQ_AREA_EDU), E_SITE_GET, E_SITE_LIST, E_ROUTE_INS, E_STOP_INS,
	E_ROUTE_GET, E_STOPS, E_ROUTE_LIST, E_ACT_INS, E_ACT_GET, E_ACT_LIST, E_PART, E_HC,
	E_PART_DEL, E_PART_INS, E_HC_DEL, E_HC_INS, E_PART_ADD, E_SIT_INS, E_SIT_GET, E_SITS,
	E_SIT_ATT, E_ATT_DEL, E_ATT_INS, E_ATTEND, E_TOK_INS, E_TOK_GET,
	E_LAST
};
SQ_FITS(SQ_AREA_EDU, E_LAST);

static int64_t page_after(struct page pg)
{
	return pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX;
}

/* ---- sites ---- */

static enum err_code sq_site_insert(struct store *st, struct site *x, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_SITE_INS,
		"INSERT INTO sites(alliance_id,kind,name,division_code,county_code,description,"
		"created_by,created_at_ms,updated_at_ms) VALUES(?,?,?,?,?,?,?,?,?8)");
	if (!s)
		return sq_error(q, e, "site_insert");
	sqlite3_bind_int64(s, 1, x->alliance_id);
	sqlite3_bind_text(s, 2, x->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, x->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, x->division_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, x->county_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, x->description, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 7, x->created_by);
	sqlite3_bind_int64(s, 8, x->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "site_insert");
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define SITE_COLS "id,alliance_id,kind,name,division_code,county_code,description,created_by," \
	"created_at_ms"

static void site_row(sqlite3_stmt *s, void *row)
{
	struct site *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, x->kind, sizeof(x->kind));
	sq_text(s, 3, x->name, sizeof(x->name));
	sq_text(s, 4, x->division_code, sizeof(x->division_code));
	sq_text(s, 5, x->county_code, sizeof(x->county_code));
	sq_text(s, 6, x->description, sizeof(x->description));
	x->created_by = sqlite3_column_int64(s, 7);
	x->created_at_ms = sqlite3_column_int64(s, 8);
}

static enum err_code sq_site_get(struct store *st, int64_t id, struct site *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_SITE_GET, "SELECT " SITE_COLS " FROM sites WHERE id=?");
	if (!s)
		return sq_error(q, e, "site_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, site_row, out, "阵地", e, "site_get");
}

static enum err_code sq_site_list(struct store *st, int64_t alliance_id, const char *kind,
				  struct page pg, struct site **out, size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = sq_alliance_page(SQ(st), E_SITE_LIST,
		"SELECT " SITE_COLS " FROM sites WHERE (?1=0 OR alliance_id=?1) AND "
		"(?2 IS NULL OR kind=?2) AND id<?3 ORDER BY id DESC LIMIT ?4",
		alliance_id, kind, pg, sizeof(struct site), site_row, NULL, &arr, out_n, e,
		"site_list");
	*out = arr;
	return rc;
}

/* ---- routes ---- */

static enum err_code sq_route_insert(struct store *st, struct route_rec *r, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, E_ROUTE_INS,
		"INSERT INTO routes(alliance_id,kind,line,name,opened_on,created_by,created_at_ms,"
		"updated_at_ms) VALUES(?,?,?,?,?,?,?,?7)");
	if (!s)
		return sq_error(q, e, "route_insert");
	sqlite3_bind_int64(s, 1, r->alliance_id);
	sqlite3_bind_text(s, 2, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->name, -1, SQLITE_STATIC);
	sq_bind_day(s, 5, r->opened_on);
	sq_bind_opt_id(s, 6, r->created_by);
	sqlite3_bind_int64(s, 7, r->created_at_ms);
	if ((rc = sq_done(q, s, e, "route_insert")))
		return rc;
	r->id = sqlite3_last_insert_rowid(q->db);
	for (size_t i = 0; i < r->n_stops; i++) {
		s = sq_stmt(q, E_STOP_INS,
			    "INSERT INTO route_stops(route_id,pos,alliance_id,site_id) VALUES(?,?,?,?)");
		if (!s)
			return sq_error(q, e, "route_insert");
		sqlite3_bind_int64(s, 1, r->id);
		sqlite3_bind_int(s, 2, (int)i);
		sqlite3_bind_int64(s, 3, r->alliance_id);
		sqlite3_bind_int64(s, 4, r->stops[i]);
		if ((rc = sq_done(q, s, e, "route stop")))
			return rc;
	}
	return ERR_OK;
}

#define ROUTE_COLS "id,alliance_id,kind,line,name,opened_on,created_by,created_at_ms"

static void route_row(sqlite3_stmt *s, void *row)
{
	struct route_rec *r = row;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, r->kind, sizeof(r->kind));
	sq_text(s, 3, r->line, sizeof(r->line));
	sq_text(s, 4, r->name, sizeof(r->name));
	r->opened_on = sq_col_day(s, 5);
	r->created_by = sqlite3_column_int64(s, 6);
	r->created_at_ms = sqlite3_column_int64(s, 7);
}

static enum err_code route_stops(struct sq *q, void *element, struct err *e)
{
	struct route_rec *r = element;
	return sq_id_column(q, E_STOPS, "SELECT site_id FROM route_stops WHERE route_id=? ORDER BY pos",
			    r->id, r->stops, ROUTE_MAX_STOPS, &r->n_stops, e, "route_stops");
}

static enum err_code sq_route_get(struct store *st, int64_t id, struct route_rec *out,
				  struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_ROUTE_GET, "SELECT " ROUTE_COLS " FROM routes WHERE id=?");
	if (!s)
		return sq_error(q, e, "route_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, route_row, out, "线路", e, "route_get");
	return rc ? rc : route_stops(q, out, e);
}

static enum err_code sq_route_list(struct store *st, int64_t alliance_id, const char *kind,
				   struct page pg, struct route_rec **out, size_t *out_n,
				   struct err *e)
{
	static const struct sq_collect_hooks hooks = { .each = route_stops };
	void *arr = NULL;
	enum err_code rc = sq_alliance_page(SQ(st), E_ROUTE_LIST,
		"SELECT " ROUTE_COLS " FROM routes WHERE (?1=0 OR alliance_id=?1) AND "
		"(?2 IS NULL OR kind=?2) AND id<?3 ORDER BY id DESC LIMIT ?4",
		alliance_id, kind, pg, sizeof(struct route_rec), route_row, &hooks, &arr,
		out_n, e, "route_list");
	*out = arr;
	return rc;
}

/* ---- activities ---- */

static enum err_code sq_activity_insert(struct store *st, struct activity *a, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_ACT_INS,
		"INSERT INTO activities(alliance_id,unit_id,kind,line,title,starts_on,ends_on,"
		"place_division,site_id,route_id,host_org_id,county_code,created_by,created_at_ms,"
		"updated_at_ms) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?14)");
	if (!s)
		return sq_error(q, e, "activity_insert");
	sqlite3_bind_int64(s, 1, a->alliance_id);
	sq_bind_opt_id(s, 2, a->unit_id);
	sqlite3_bind_text(s, 3, a->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, a->title, -1, SQLITE_STATIC);
	sq_bind_day(s, 6, a->starts_on);
	sq_bind_opt_day(s, 7, a->ends_on);
	sqlite3_bind_text(s, 8, a->place_division, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 9, a->site_id);
	sq_bind_opt_id(s, 10, a->route_id);
	sqlite3_bind_int64(s, 11, a->host_org_id);
	sqlite3_bind_text(s, 12, a->county_code, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 13, a->created_by);
	sqlite3_bind_int64(s, 14, a->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "activity_insert");
	if (!rc)
		a->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define ACT_COLS "a.id,a.alliance_id,a.unit_id,a.kind,a.line,a.title,a.starts_on,a.ends_on," \
	"a.place_division,a.site_id,a.route_id,a.host_org_id,a.county_code,a.created_by," \
	"a.created_at_ms,o.name"
#define ACT_FROM "FROM activities a JOIN orgs o ON o.id=a.host_org_id "

static void activity_row(sqlite3_stmt *s, void *row)
{
	struct activity *a = row;
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	a->alliance_id = sqlite3_column_int64(s, 1);
	a->unit_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, a->kind, sizeof(a->kind));
	sq_text(s, 4, a->line, sizeof(a->line));
	sq_text(s, 5, a->title, sizeof(a->title));
	a->starts_on = sq_col_day(s, 6);
	a->ends_on = sq_col_day(s, 7);
	sq_text(s, 8, a->place_division, sizeof(a->place_division));
	a->site_id = sqlite3_column_int64(s, 9);
	a->route_id = sqlite3_column_int64(s, 10);
	a->host_org_id = sqlite3_column_int64(s, 11);
	sq_text(s, 12, a->county_code, sizeof(a->county_code));
	a->created_by = sqlite3_column_int64(s, 13);
	a->created_at_ms = sqlite3_column_int64(s, 14);
	sq_text(s, 15, a->host_org_name, sizeof(a->host_org_name));
}

static enum err_code sq_activity_get(struct store *st, int64_t id, struct activity *out,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_ACT_GET, "SELECT " ACT_COLS " " ACT_FROM "WHERE a.id=?");
	if (!s)
		return sq_error(q, e, "activity_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, activity_row, out, "活动", e, "activity_get");
}

static enum err_code sq_activity_list(struct store *st, const struct activity_filter *f,
				      struct page pg, struct activity **out, size_t *out_n,
				      struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_ACT_LIST,
		"SELECT " ACT_COLS " " ACT_FROM "WHERE (?1=0 OR a.alliance_id=?1) AND "
		"(?2 IS NULL OR a.kind=?2) AND (?3 IS NULL OR coalesce(a.ends_on,a.starts_on)>=?3) AND "
		"(?4 IS NULL OR a.starts_on<=?4) AND (?7 IS NULL OR a.line=?7) AND "
		"(?8 IS NULL OR a.county_code=?8 OR substr(a.place_division,1,6)=?8 OR "
		"EXISTS(SELECT 1 FROM activity_headcount h WHERE h.activity_id=a.id AND "
		"h.county_code=?8 AND h.persons>0) OR "
		"EXISTS(SELECT 1 FROM activity_participants p JOIN people pe ON pe.id=p.person_id "
		"JOIN orgs po ON po.id=pe.org_id WHERE p.activity_id=a.id AND "
		"substr(po.division_code,1,6)=?8)) AND a.id<?5 ORDER BY a.id DESC LIMIT ?6");
	if (!s)
		return sq_error(q, e, "activity_list");
	sqlite3_bind_int64(s, 1, f->alliance_id);
	sq_bind_opt_text(s, 2, f->kind);
	sq_bind_opt_day(s, 3, f->from);
	sq_bind_opt_day(s, 4, f->to);
	sqlite3_bind_int64(s, 5, page_after(pg));
	sqlite3_bind_int(s, 6, pg.limit);
	sq_bind_opt_text(s, 7, f->line);
	sq_bind_opt_text(s, 8, f->county);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct activity), activity_row, &arr, out_n, e,
				      "activity_list");
	*out = arr;
	return rc;
}

static enum err_code sq_participants(struct store *st, int64_t activity_id, int64_t *out,
				     size_t *out_n, struct err *e)
{
	return sq_id_column(SQ(st), E_PART,
			    "SELECT person_id FROM activity_participants WHERE activity_id=? "
			    "ORDER BY person_id",
			    activity_id, out, ACTIVITY_MAX_PEOPLE, out_n, e, "participants");
}

static void headcount_row(sqlite3_stmt *s, void *row)
{
	struct activity_headcount *h = row;
	memset(h, 0, sizeof(*h));
	sq_text(s, 0, h->county_code, sizeof(h->county_code));
	h->persons = sqlite3_column_int64(s, 1);
}

static enum err_code sq_headcount(struct store *st, int64_t activity_id,
				  struct activity_headcount *out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_HC,
		"SELECT county_code,persons FROM activity_headcount WHERE activity_id=? "
		"ORDER BY county_code");
	if (!s)
		return sq_error(q, e, "headcount");
	sqlite3_bind_int64(s, 1, activity_id);
	void *arr = NULL;
	size_t n = 0;
	enum err_code rc = sq_collect(q, s, sizeof(struct activity_headcount), headcount_row, &arr,
				      &n, e, "headcount");
	*out_n = 0;
	for (size_t i = 0; !rc && i < n && i < ACTIVITY_MAX_HEADCOUNT; i++)
		out[(*out_n)++] = ((struct activity_headcount *)arr)[i];
	free(arr);
	return rc;
}

static enum err_code run_id2(struct sq *q, int id, const char *sql, int64_t a, int64_t b,
			     int64_t c, struct err *e, const char *what)
{
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s)
		return sq_error(q, e, what);
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, b);
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_int64(s, 3, c);
	return sq_done(q, s, e, what);
}

static enum err_code sq_set_participants(struct store *st, const struct activity *a,
					 const int64_t *ids, size_t n,
					 const struct activity_headcount *hc, size_t n_hc,
					 struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	if ((rc = run_id2(q, E_PART_DEL, "DELETE FROM activity_participants WHERE activity_id=?",
			  a->id, 0, 0, e, "participants")) ||
	    (rc = run_id2(q, E_HC_DEL, "DELETE FROM activity_headcount WHERE activity_id=?", a->id,
			  0, 0, e, "headcount")))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = run_id2(q, E_PART_INS,
				  "INSERT INTO activity_participants(activity_id,person_id,alliance_id) "
				  "VALUES(?,?,?)",
				  a->id, ids[i], a->alliance_id, e, "participants")))
			return rc;
	for (size_t i = 0; i < n_hc; i++) {
		sqlite3_stmt *s = sq_stmt(q, E_HC_INS,
			"INSERT INTO activity_headcount(activity_id,county_code,alliance_id,persons) "
			"VALUES(?,?,?,?)");
		if (!s)
			return sq_error(q, e, "headcount");
		sqlite3_bind_int64(s, 1, a->id);
		sqlite3_bind_text(s, 2, hc[i].county_code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, a->alliance_id);
		sqlite3_bind_int64(s, 4, hc[i].persons);
		if ((rc = sq_done(q, s, e, "headcount")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_participant_add(struct store *st, const struct activity *a,
					int64_t person_id, struct err *e)
{
	return run_id2(SQ(st), E_PART_ADD,
		       "INSERT INTO activity_participants(activity_id,person_id,alliance_id) "
		       "VALUES(?,?,?) ON CONFLICT DO NOTHING",
		       a->id, person_id, a->alliance_id, e, "participant_add");
}

/* ---- sittings ---- */

static enum err_code sq_sitting_insert(struct store *st, struct sitting *x, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_SIT_INS,
		"INSERT INTO sittings(activity_id,alliance_id,held_on,title,minutes,created_by,"
		"created_at_ms) VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "sitting_insert");
	sqlite3_bind_int64(s, 1, x->activity_id);
	sqlite3_bind_int64(s, 2, x->alliance_id);
	sq_bind_day(s, 3, x->held_on);
	sqlite3_bind_text(s, 4, x->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, x->minutes);
	sq_bind_opt_id(s, 6, x->created_by);
	sqlite3_bind_int64(s, 7, x->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "sitting_insert");
	if (!rc)
		x->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

#define SIT_COLS "id,activity_id,alliance_id,held_on,title,minutes,created_by,created_at_ms"

static void sitting_row(sqlite3_stmt *s, void *row)
{
	struct sitting *x = row;
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->activity_id = sqlite3_column_int64(s, 1);
	x->alliance_id = sqlite3_column_int64(s, 2);
	x->held_on = sq_col_day(s, 3);
	sq_text(s, 4, x->title, sizeof(x->title));
	x->minutes = sqlite3_column_int64(s, 5);
	x->created_by = sqlite3_column_int64(s, 6);
	x->created_at_ms = sqlite3_column_int64(s, 7);
}

static enum err_code sitting_attendees(struct sq *q, void *element, struct err *e)
{
	struct sitting *x = element;
	return sq_id_column(q, E_SIT_ATT,
			    "SELECT person_id FROM sitting_attendance WHERE sitting_id=? "
			    "ORDER BY person_id",
			    x->id, x->attendees, ACTIVITY_MAX_PEOPLE, &x->n_attendees, e,
			    "sitting_attendance");
}

static enum err_code sq_sitting_get(struct store *st, int64_t id, struct sitting *out,
				    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_SIT_GET, "SELECT " SIT_COLS " FROM sittings WHERE id=?");
	if (!s)
		return sq_error(q, e, "sitting_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, sitting_row, out, "课次", e, "sitting_get");
	return rc ? rc : sitting_attendees(q, out, e);
}

static enum err_code sq_sittings(struct store *st, int64_t activity_id, struct sitting **out,
				 size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_SITS,
		"SELECT " SIT_COLS " FROM sittings WHERE activity_id=? ORDER BY held_on, id");
	if (!s)
		return sq_error(q, e, "sittings");
	sqlite3_bind_int64(s, 1, activity_id);
	static const struct sq_collect_hooks hooks = { .each = sitting_attendees };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct sitting), sitting_row, &hooks, &arr,
					 out_n, e, "sittings");
	*out = arr;
	return rc;
}

static enum err_code attendance_insert(struct sq *q, int id, const char *sql,
				       const struct sitting *x, int64_t person_id, const char *via,
				       int64_t now_ms, struct err *e)
{
	sqlite3_stmt *s = sq_stmt(q, id, sql);
	if (!s)
		return sq_error(q, e, "attendance");
	sqlite3_bind_int64(s, 1, x->id);
	sqlite3_bind_int64(s, 2, person_id);
	sqlite3_bind_int64(s, 3, x->alliance_id);
	sqlite3_bind_text(s, 4, via, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now_ms);
	return sq_done(q, s, e, "attendance");
}

static enum err_code sq_set_attendance(struct store *st, const struct sitting *x,
				       const int64_t *ids, size_t n, int64_t now_ms, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc = run_id2(q, E_ATT_DEL, "DELETE FROM sitting_attendance WHERE sitting_id=?",
				   x->id, 0, 0, e, "attendance");
	for (size_t i = 0; !rc && i < n; i++)
		rc = attendance_insert(q, E_ATT_INS,
				       "INSERT INTO sitting_attendance(sitting_id,person_id,alliance_id,"
				       "via,at_ms) VALUES(?,?,?,?,?)",
				       x, ids[i], "list", now_ms, e);
	return rc;
}

static enum err_code sq_attend(struct store *st, const struct sitting *x, int64_t person_id,
			       int64_t now_ms, int *out_new, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc = attendance_insert(q, E_ATTEND,
		"INSERT INTO sitting_attendance(sitting_id,person_id,alliance_id,via,at_ms) "
		"VALUES(?,?,?,?,?) ON CONFLICT (sitting_id,person_id) DO NOTHING",
		x, person_id, "checkin", now_ms, e);
	*out_new = !rc && sqlite3_changes(q->db) > 0;
	return rc;
}

/* ---- check-in codes ---- */

static enum err_code sq_checkin_insert(struct store *st, const struct checkin_row *c,
				       int64_t created_by, int64_t now_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_TOK_INS,
		"INSERT INTO checkin_tokens(token_hash,sitting_id,alliance_id,expires_at_ms,"
		"created_by,created_at_ms) VALUES(?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "checkin_insert");
	sqlite3_bind_text(s, 1, c->token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, c->sitting_id);
	sqlite3_bind_int64(s, 3, c->alliance_id);
	sqlite3_bind_int64(s, 4, c->expires_at_ms);
	sq_bind_opt_id(s, 5, created_by);
	sqlite3_bind_int64(s, 6, now_ms);
	return sq_done(q, s, e, "checkin_insert");
}

static void checkin_row_read(sqlite3_stmt *s, void *row)
{
	struct checkin_row *c = row;
	memset(c, 0, sizeof(*c));
	sq_text(s, 0, c->token_hash, sizeof(c->token_hash));
	c->sitting_id = sqlite3_column_int64(s, 1);
	c->alliance_id = sqlite3_column_int64(s, 2);
	c->expires_at_ms = sqlite3_column_int64(s, 3);
}

static enum err_code sq_checkin_get(struct store *st, const char *token_hash,
				    struct checkin_row *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, E_TOK_GET,
		"SELECT token_hash,sitting_id,alliance_id,expires_at_ms FROM checkin_tokens "
		"WHERE token_hash=?");
	if (!s)
		return sq_error(q, e, "checkin_get");
	sqlite3_bind_text(s, 1, token_hash, -1, SQLITE_STATIC);
	return sq_one(q, s, checkin_row_read, out, "签到码", e, "checkin_get");
}

const struct store_edu_ops sq_edu_ops = {
	.site_insert = sq_site_insert,
	.site_get = sq_site_get,
	.site_list = sq_site_list,
	.route_insert = sq_route_insert,
	.route_get = sq_route_get,
	.route_list = sq_route_list,
	.activity_insert = sq_activity_insert,
	.activity_get = sq_activity_get,
	.activity_list = sq_activity_list,
	.participants = sq_participants,
	.headcount = sq_headcount,
	.set_participants = sq_set_participants,
	.participant_add = sq_participant_add,
	.sitting_insert = sq_sitting_insert,
	.sitting_get = sq_sitting_get,
	.sittings = sq_sittings,
	.set_attendance = sq_set_attendance,
	.attend = sq_attend,
	.checkin_insert = sq_checkin_insert,
	.checkin_get = sq_checkin_get,
};
