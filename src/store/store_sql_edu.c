/*
 * store_sql_edu.c - the education line: sites, routes and their stops,
 * activities with participants and headcount, sittings with their
 * attendance, and check-in codes (stored by hash only), written once over
 * the thin SQL driver (db.h) for SQLite and PostgreSQL.
 *
 * New ids come from INSERT … RETURNING and a first check-in is told by
 * ON CONFLICT DO NOTHING RETURNING (both engines) instead of SQLite's
 * last_insert_rowid/changes. Optional filters are written
 * CAST($n AS <type>) IS NULL so that PostgreSQL can type a parameter that
 * may be NULL; a list with a kind filter is its own statement, so that the
 * one without needs no such test.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_edu.h"
#include "store/store_sql.h"

enum {
	E_SITE_INS = SQ_FIRST(SQ_AREA_EDU), E_SITE_GET, E_SITE_LIST, E_SITE_LIST_K, E_ROUTE_INS,
	E_STOP_INS, E_ROUTE_GET, E_STOPS, E_ROUTE_LIST, E_ROUTE_LIST_K, E_ACT_INS, E_ACT_GET,
	E_ACT_LIST, E_PART, E_HC, E_PART_DEL, E_PART_INS, E_HC_DEL, E_HC_INS, E_PART_ADD,
	E_SIT_INS, E_SIT_GET, E_SITS, E_SIT_ATT, E_ATT_DEL, E_ATT_INS, E_ATTEND, E_TOK_INS,
	E_TOK_GET,
	E_LAST
};
SQ_FITS(SQ_AREA_EDU, E_LAST);

/* A list's kind filter: absent or empty is none. */
static const char *opt_kind(const char *kind)
{
	return kind && *kind ? kind : NULL;
}

/* ---- sites ---- */

static enum err_code site_insert(struct store *st, struct site *x, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_SITE_INS,
		"INSERT INTO sites(alliance_id,kind,name,division_code,county_code,description,"
		"created_by,created_at_ms,updated_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$8) "
		"RETURNING id");
	if (!s)
		return db_error(st->db, e, "site_insert");
	db_bind_i64(s, 1, x->alliance_id);
	db_bind_text(s, 2, x->kind);
	db_bind_text(s, 3, x->name);
	db_bind_text(s, 4, x->division_code);
	db_bind_text(s, 5, x->county_code);
	db_bind_text(s, 6, x->description);
	db_bind_opt_id(s, 7, x->created_by);
	db_bind_i64(s, 8, x->created_at_ms);
	return db_insert_id(st->db, s, &x->id, e, "site_insert");
}

#define SITE_COLS "id,alliance_id,kind,name,division_code,county_code,description,created_by," \
	"created_at_ms"

static void site_row(struct db_stmt *s, void *row)
{
	struct site *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, x->kind, sizeof(x->kind));
	db_text(s, 3, x->name, sizeof(x->name));
	db_text(s, 4, x->division_code, sizeof(x->division_code));
	db_text(s, 5, x->county_code, sizeof(x->county_code));
	db_text(s, 6, x->description, sizeof(x->description));
	x->created_by = db_col_i64(s, 7);
	x->created_at_ms = db_col_i64(s, 8);
}

static enum err_code site_get(struct store *st, int64_t id, struct site *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_SITE_GET,
				    "SELECT " SITE_COLS " FROM sites WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "site_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, site_row, out, "阵地", e, "site_get");
}

#define SITE_PAGE "SELECT " SITE_COLS " FROM sites WHERE (CAST($1 AS BIGINT)=0 OR alliance_id=$1) "
#define PAGE_END "AND id<$2 ORDER BY id DESC LIMIT $3"

static enum err_code site_list(struct store *st, int64_t alliance_id, const char *kind,
			       struct page pg, struct site **out, size_t *out_n, struct err *e)
{
	kind = opt_kind(kind);
	void *arr = NULL;
	enum err_code rc = db_page(st->db, kind ? E_SITE_LIST_K : E_SITE_LIST,
		kind ? SITE_PAGE "AND kind=$4 " PAGE_END : SITE_PAGE PAGE_END,
		alliance_id, kind, pg, sizeof(struct site), site_row, NULL, st, &arr, out_n, e,
		"site_list");
	*out = arr;
	return rc;
}

/* ---- routes ---- */

static enum err_code route_insert(struct store *st, struct route_rec *r, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, E_ROUTE_INS,
		"INSERT INTO routes(alliance_id,kind,line,name,opened_on,created_by,created_at_ms,"
		"updated_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$7) RETURNING id");
	if (!s)
		return db_error(st->db, e, "route_insert");
	db_bind_i64(s, 1, r->alliance_id);
	db_bind_text(s, 2, r->kind);
	db_bind_text(s, 3, r->line);
	db_bind_text(s, 4, r->name);
	db_bind_day(s, 5, r->opened_on);
	db_bind_opt_id(s, 6, r->created_by);
	db_bind_i64(s, 7, r->created_at_ms);
	if ((rc = db_insert_id(st->db, s, &r->id, e, "route_insert")))
		return rc;
	for (size_t i = 0; i < r->n_stops; i++) {
		s = db_stmt(st->db, E_STOP_INS,
			    "INSERT INTO route_stops(route_id,pos,alliance_id,site_id) "
			    "VALUES($1,$2,$3,$4)");
		if (!s)
			return db_error(st->db, e, "route_insert");
		db_bind_i64(s, 1, r->id);
		db_bind_i64(s, 2, (int64_t)i);
		db_bind_i64(s, 3, r->alliance_id);
		db_bind_i64(s, 4, r->stops[i]);
		if ((rc = db_write(st->db, s, e, "route stop")))
			return rc;
	}
	return ERR_OK;
}

#define ROUTE_COLS "id,alliance_id,kind,line,name,opened_on,created_by,created_at_ms"

static void route_row(struct db_stmt *s, void *row)
{
	struct route_rec *r = row;
	memset(r, 0, sizeof(*r));
	r->id = db_col_i64(s, 0);
	r->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, r->kind, sizeof(r->kind));
	db_text(s, 3, r->line, sizeof(r->line));
	db_text(s, 4, r->name, sizeof(r->name));
	r->opened_on = db_col_day(s, 5);
	r->created_by = db_col_i64(s, 6);
	r->created_at_ms = db_col_i64(s, 7);
}

/* A route's stops in order; ctx is the store (db_collect_hooks). */
static enum err_code route_stops(void *ctx, void *element, struct err *e)
{
	struct store *st = ctx;
	struct route_rec *r = element;
	return db_id_column(st->db, E_STOPS,
			    "SELECT site_id FROM route_stops WHERE route_id=$1 ORDER BY pos",
			    r->id, r->stops, ROUTE_MAX_STOPS, &r->n_stops, e, "route_stops");
}

static enum err_code route_get(struct store *st, int64_t id, struct route_rec *out,
			       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_ROUTE_GET,
				    "SELECT " ROUTE_COLS " FROM routes WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "route_get");
	db_bind_i64(s, 1, id);
	enum err_code rc = db_one(st->db, s, route_row, out, "线路", e, "route_get");
	return rc ? rc : route_stops(st, out, e);
}

#define ROUTE_PAGE "SELECT " ROUTE_COLS " FROM routes WHERE (CAST($1 AS BIGINT)=0 OR alliance_id=$1) "

static enum err_code route_list(struct store *st, int64_t alliance_id, const char *kind,
				struct page pg, struct route_rec **out, size_t *out_n,
				struct err *e)
{
	static const struct db_collect_hooks hooks = { .each = route_stops };
	kind = opt_kind(kind);
	void *arr = NULL;
	enum err_code rc = db_page(st->db, kind ? E_ROUTE_LIST_K : E_ROUTE_LIST,
		kind ? ROUTE_PAGE "AND kind=$4 " PAGE_END : ROUTE_PAGE PAGE_END,
		alliance_id, kind, pg, sizeof(struct route_rec), route_row, &hooks, st, &arr,
		out_n, e, "route_list");
	*out = arr;
	return rc;
}

/* ---- activities ---- */

static enum err_code activity_insert(struct store *st, struct activity *a, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_ACT_INS,
		"INSERT INTO activities(alliance_id,unit_id,kind,line,title,starts_on,ends_on,"
		"place_division,site_id,route_id,host_org_id,county_code,created_by,created_at_ms,"
		"updated_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14) "
		"RETURNING id");
	if (!s)
		return db_error(st->db, e, "activity_insert");
	db_bind_i64(s, 1, a->alliance_id);
	db_bind_opt_id(s, 2, a->unit_id);
	db_bind_text(s, 3, a->kind);
	db_bind_text(s, 4, a->line);
	db_bind_text(s, 5, a->title);
	db_bind_day(s, 6, a->starts_on);
	db_bind_opt_day(s, 7, a->ends_on);
	db_bind_text(s, 8, a->place_division);
	db_bind_opt_id(s, 9, a->site_id);
	db_bind_opt_id(s, 10, a->route_id);
	db_bind_i64(s, 11, a->host_org_id);
	db_bind_text(s, 12, a->county_code);
	db_bind_opt_id(s, 13, a->created_by);
	db_bind_i64(s, 14, a->created_at_ms);
	return db_insert_id(st->db, s, &a->id, e, "activity_insert");
}

#define ACT_COLS "a.id,a.alliance_id,a.unit_id,a.kind,a.line,a.title,a.starts_on,a.ends_on," \
	"a.place_division,a.site_id,a.route_id,a.host_org_id,a.county_code,a.created_by," \
	"a.created_at_ms,o.name"
#define ACT_FROM "FROM activities a JOIN orgs o ON o.id=a.host_org_id "

static void activity_row(struct db_stmt *s, void *row)
{
	struct activity *a = row;
	memset(a, 0, sizeof(*a));
	a->id = db_col_i64(s, 0);
	a->alliance_id = db_col_i64(s, 1);
	a->unit_id = db_col_i64(s, 2);
	db_text(s, 3, a->kind, sizeof(a->kind));
	db_text(s, 4, a->line, sizeof(a->line));
	db_text(s, 5, a->title, sizeof(a->title));
	a->starts_on = db_col_day(s, 6);
	a->ends_on = db_col_day(s, 7);
	db_text(s, 8, a->place_division, sizeof(a->place_division));
	a->site_id = db_col_i64(s, 9);
	a->route_id = db_col_i64(s, 10);
	a->host_org_id = db_col_i64(s, 11);
	db_text(s, 12, a->county_code, sizeof(a->county_code));
	a->created_by = db_col_i64(s, 13);
	a->created_at_ms = db_col_i64(s, 14);
	db_text(s, 15, a->host_org_name, sizeof(a->host_org_name));
}

static enum err_code activity_get(struct store *st, int64_t id, struct activity *out,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_ACT_GET,
				    "SELECT " ACT_COLS " " ACT_FROM "WHERE a.id=$1");
	if (!s)
		return db_error(st->db, e, "activity_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, activity_row, out, "活动", e, "activity_get");
}

static enum err_code activity_list(struct store *st, const struct activity_filter *f,
				   struct page pg, struct activity **out, size_t *out_n,
				   struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_ACT_LIST,
		"SELECT " ACT_COLS " " ACT_FROM "WHERE (CAST($1 AS BIGINT)=0 OR a.alliance_id=$1) AND "
		"(CAST($2 AS TEXT) IS NULL OR a.kind=$2) AND "
		"(CAST($3 AS TEXT) IS NULL OR coalesce(a.ends_on,a.starts_on)>=$3) AND "
		"(CAST($4 AS TEXT) IS NULL OR a.starts_on<=$4) AND "
		"(CAST($5 AS TEXT) IS NULL OR a.line=$5) AND "
		"(CAST($6 AS TEXT) IS NULL OR a.county_code=$6 OR substr(a.place_division,1,6)=$6 OR "
		"EXISTS(SELECT 1 FROM activity_headcount h WHERE h.activity_id=a.id AND "
		"h.county_code=$6 AND h.persons>0) OR "
		"EXISTS(SELECT 1 FROM activity_participants p JOIN people pe ON pe.id=p.person_id "
		"JOIN orgs po ON po.id=pe.org_id WHERE p.activity_id=a.id AND "
		"substr(po.division_code,1,6)=$6)) AND a.id<$7 ORDER BY a.id DESC LIMIT $8");
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "activity_list");
	db_bind_i64(s, 1, f->alliance_id);
	db_bind_opt_text(s, 2, f->kind);
	db_bind_opt_day(s, 3, f->from);
	db_bind_opt_day(s, 4, f->to);
	db_bind_opt_text(s, 5, f->line);
	db_bind_opt_text(s, 6, f->county);
	db_bind_i64(s, 7, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	db_bind_i64(s, 8, pg.limit);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct activity), activity_row, &arr,
				      out_n, e, "activity_list");
	*out = arr;
	return rc;
}

static enum err_code participants(struct store *st, int64_t activity_id, int64_t *out,
				  size_t *out_n, struct err *e)
{
	return db_id_column(st->db, E_PART,
			    "SELECT person_id FROM activity_participants WHERE activity_id=$1 "
			    "ORDER BY person_id",
			    activity_id, out, ACTIVITY_MAX_PEOPLE, out_n, e, "participants");
}

static void headcount_row(struct db_stmt *s, void *row)
{
	struct activity_headcount *h = row;
	memset(h, 0, sizeof(*h));
	db_text(s, 0, h->county_code, sizeof(h->county_code));
	h->persons = db_col_i64(s, 1);
}

static enum err_code headcount(struct store *st, int64_t activity_id,
			       struct activity_headcount *out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_HC,
		"SELECT county_code,persons FROM activity_headcount WHERE activity_id=$1 "
		"ORDER BY county_code");
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "headcount");
	db_bind_i64(s, 1, activity_id);
	void *arr = NULL;
	size_t n = 0;
	enum err_code rc = db_collect(st->db, s, sizeof(struct activity_headcount), headcount_row,
				      &arr, &n, e, "headcount");
	for (size_t i = 0; !rc && i < n && i < ACTIVITY_MAX_HEADCOUNT; i++)
		out[(*out_n)++] = ((struct activity_headcount *)arr)[i];
	free(arr);
	return rc;
}

/* Runs a write of slot whose parameters are the n ids given. */
static enum err_code run_ids(struct store *st, int slot, const char *sql, int n, int64_t a,
			     int64_t b, int64_t c, struct err *e, const char *what)
{
	struct db_stmt *s = db_stmt(st->db, slot, sql);
	if (!s)
		return db_error(st->db, e, what);
	db_bind_i64(s, 1, a);
	if (n >= 2)
		db_bind_i64(s, 2, b);
	if (n >= 3)
		db_bind_i64(s, 3, c);
	return db_write(st->db, s, e, what);
}

static enum err_code set_participants(struct store *st, const struct activity *a,
				      const int64_t *ids, size_t n,
				      const struct activity_headcount *hc, size_t n_hc,
				      struct err *e)
{
	enum err_code rc;
	if ((rc = run_ids(st, E_PART_DEL,
			  "DELETE FROM activity_participants WHERE activity_id=$1", 1, a->id, 0, 0,
			  e, "participants")) ||
	    (rc = run_ids(st, E_HC_DEL, "DELETE FROM activity_headcount WHERE activity_id=$1", 1,
			  a->id, 0, 0, e, "headcount")))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = run_ids(st, E_PART_INS,
				  "INSERT INTO activity_participants(activity_id,person_id,alliance_id) "
				  "VALUES($1,$2,$3)",
				  3, a->id, ids[i], a->alliance_id, e, "participants")))
			return rc;
	for (size_t i = 0; i < n_hc; i++) {
		struct db_stmt *s = db_stmt(st->db, E_HC_INS,
			"INSERT INTO activity_headcount(activity_id,county_code,alliance_id,persons) "
			"VALUES($1,$2,$3,$4)");
		if (!s)
			return db_error(st->db, e, "headcount");
		db_bind_i64(s, 1, a->id);
		db_bind_text(s, 2, hc[i].county_code);
		db_bind_i64(s, 3, a->alliance_id);
		db_bind_i64(s, 4, hc[i].persons);
		if ((rc = db_write(st->db, s, e, "headcount")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code participant_add(struct store *st, const struct activity *a,
				     int64_t person_id, struct err *e)
{
	return run_ids(st, E_PART_ADD,
		       "INSERT INTO activity_participants(activity_id,person_id,alliance_id) "
		       "VALUES($1,$2,$3) ON CONFLICT DO NOTHING",
		       3, a->id, person_id, a->alliance_id, e, "participant_add");
}

/* ---- sittings ---- */

static enum err_code sitting_insert(struct store *st, struct sitting *x, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_SIT_INS,
		"INSERT INTO sittings(activity_id,alliance_id,held_on,title,minutes,created_by,"
		"created_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id");
	if (!s)
		return db_error(st->db, e, "sitting_insert");
	db_bind_i64(s, 1, x->activity_id);
	db_bind_i64(s, 2, x->alliance_id);
	db_bind_day(s, 3, x->held_on);
	db_bind_text(s, 4, x->title);
	db_bind_i64(s, 5, x->minutes);
	db_bind_opt_id(s, 6, x->created_by);
	db_bind_i64(s, 7, x->created_at_ms);
	return db_insert_id(st->db, s, &x->id, e, "sitting_insert");
}

#define SIT_COLS "id,activity_id,alliance_id,held_on,title,minutes,created_by,created_at_ms"

static void sitting_row(struct db_stmt *s, void *row)
{
	struct sitting *x = row;
	memset(x, 0, sizeof(*x));
	x->id = db_col_i64(s, 0);
	x->activity_id = db_col_i64(s, 1);
	x->alliance_id = db_col_i64(s, 2);
	x->held_on = db_col_day(s, 3);
	db_text(s, 4, x->title, sizeof(x->title));
	x->minutes = db_col_i64(s, 5);
	x->created_by = db_col_i64(s, 6);
	x->created_at_ms = db_col_i64(s, 7);
}

/* A sitting's attendees, ascending; ctx is the store (db_collect_hooks). */
static enum err_code sitting_attendees(void *ctx, void *element, struct err *e)
{
	struct store *st = ctx;
	struct sitting *x = element;
	return db_id_column(st->db, E_SIT_ATT,
			    "SELECT person_id FROM sitting_attendance WHERE sitting_id=$1 "
			    "ORDER BY person_id",
			    x->id, x->attendees, ACTIVITY_MAX_PEOPLE, &x->n_attendees, e,
			    "sitting_attendance");
}

static enum err_code sitting_get(struct store *st, int64_t id, struct sitting *out,
				 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_SIT_GET,
				    "SELECT " SIT_COLS " FROM sittings WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "sitting_get");
	db_bind_i64(s, 1, id);
	enum err_code rc = db_one(st->db, s, sitting_row, out, "课次", e, "sitting_get");
	return rc ? rc : sitting_attendees(st, out, e);
}

static enum err_code sittings(struct store *st, int64_t activity_id, struct sitting **out,
			      size_t *out_n, struct err *e)
{
	static const struct db_collect_hooks hooks = { .each = sitting_attendees };
	struct db_stmt *s = db_stmt(st->db, E_SITS,
		"SELECT " SIT_COLS " FROM sittings WHERE activity_id=$1 ORDER BY held_on, id");
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "sittings");
	db_bind_i64(s, 1, activity_id);
	void *arr = NULL;
	enum err_code rc = db_collect_ex(st->db, s, sizeof(struct sitting), sitting_row, &hooks,
					 st, &arr, out_n, e, "sittings");
	*out = arr;
	return rc;
}

/* Binds one attendance row's parameters ($1 … $5) to s. */
static void bind_attendance(struct db_stmt *s, const struct sitting *x, int64_t person_id,
			    const char *via, int64_t now_ms)
{
	db_bind_i64(s, 1, x->id);
	db_bind_i64(s, 2, person_id);
	db_bind_i64(s, 3, x->alliance_id);
	db_bind_text(s, 4, via);
	db_bind_i64(s, 5, now_ms);
}

static enum err_code set_attendance(struct store *st, const struct sitting *x,
				    const int64_t *ids, size_t n, int64_t now_ms, struct err *e)
{
	enum err_code rc = run_ids(st, E_ATT_DEL,
				   "DELETE FROM sitting_attendance WHERE sitting_id=$1", 1, x->id, 0,
				   0, e, "attendance");
	for (size_t i = 0; !rc && i < n; i++) {
		struct db_stmt *s = db_stmt(st->db, E_ATT_INS,
			"INSERT INTO sitting_attendance(sitting_id,person_id,alliance_id,via,at_ms) "
			"VALUES($1,$2,$3,$4,$5)");
		if (!s)
			return db_error(st->db, e, "attendance");
		bind_attendance(s, x, ids[i], "list", now_ms);
		rc = db_write(st->db, s, e, "attendance");
	}
	return rc;
}

static enum err_code attend(struct store *st, const struct sitting *x, int64_t person_id,
			    int64_t now_ms, int *out_new, struct err *e)
{
	*out_new = 0;
	struct db_stmt *s = db_stmt(st->db, E_ATTEND,
		"INSERT INTO sitting_attendance(sitting_id,person_id,alliance_id,via,at_ms) "
		"VALUES($1,$2,$3,$4,$5) ON CONFLICT (sitting_id,person_id) DO NOTHING "
		"RETURNING sitting_id");
	if (!s)
		return db_error(st->db, e, "attendance");
	bind_attendance(s, x, person_id, "checkin", now_ms);
	/* A row back is a new attendance; none is one already there. */
	enum db_rc r = db_step(s);
	enum err_code rc = r == DB_FAIL ? db_error(st->db, e, "attendance") : ERR_OK;
	db_reset(s);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", "attendance");
	*out_new = r == DB_ROW;
	return rc;
}

/* ---- check-in codes ---- */

static enum err_code checkin_insert(struct store *st, const struct checkin_row *c,
				    int64_t created_by, int64_t now_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_TOK_INS,
		"INSERT INTO checkin_tokens(token_hash,sitting_id,alliance_id,expires_at_ms,"
		"created_by,created_at_ms) VALUES($1,$2,$3,$4,$5,$6)");
	if (!s)
		return db_error(st->db, e, "checkin_insert");
	db_bind_text(s, 1, c->token_hash);
	db_bind_i64(s, 2, c->sitting_id);
	db_bind_i64(s, 3, c->alliance_id);
	db_bind_i64(s, 4, c->expires_at_ms);
	db_bind_opt_id(s, 5, created_by);
	db_bind_i64(s, 6, now_ms);
	return db_write(st->db, s, e, "checkin_insert");
}

static void checkin_row_read(struct db_stmt *s, void *row)
{
	struct checkin_row *c = row;
	memset(c, 0, sizeof(*c));
	db_text(s, 0, c->token_hash, sizeof(c->token_hash));
	c->sitting_id = db_col_i64(s, 1);
	c->alliance_id = db_col_i64(s, 2);
	c->expires_at_ms = db_col_i64(s, 3);
}

static enum err_code checkin_get(struct store *st, const char *token_hash,
				 struct checkin_row *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, E_TOK_GET,
		"SELECT token_hash,sitting_id,alliance_id,expires_at_ms FROM checkin_tokens "
		"WHERE token_hash=$1");
	if (!s)
		return db_error(st->db, e, "checkin_get");
	db_bind_text(s, 1, token_hash);
	return db_one(st->db, s, checkin_row_read, out, "签到码", e, "checkin_get");
}

const struct store_edu_ops sql_edu_ops = {
	.site_insert = site_insert,
	.site_get = site_get,
	.site_list = site_list,
	.route_insert = route_insert,
	.route_get = route_get,
	.route_list = route_list,
	.activity_insert = activity_insert,
	.activity_get = activity_get,
	.activity_list = activity_list,
	.participants = participants,
	.headcount = headcount,
	.set_participants = set_participants,
	.participant_add = participant_add,
	.sitting_insert = sitting_insert,
	.sitting_get = sitting_get,
	.sittings = sittings,
	.set_attendance = set_attendance,
	.attend = attend,
	.checkin_insert = checkin_insert,
	.checkin_get = checkin_get,
};
