/*
 * store_sqlite_org.c - the organisation system in SQLite: alliances, units,
 * organisations, people, post histories, rosters, duty terms, swaps and
 * handovers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	S_ALLIANCE_INS = SQ_ORG_FIRST, S_ALLIANCE_COUNTY_INS, S_ALLIANCE_GET, S_ALLIANCE_COUNTIES,
	S_ALLIANCE_LIST,
	S_UNIT_INS, S_UNIT_DIV_INS, S_UNIT_GET, S_UNIT_DIVS, S_UNIT_LIST,
	S_UNIT_MEMBERS, S_UNIT_MEMBER_ADD, S_UNIT_LEADERS, S_UNIT_LEADER_CLOSE, S_UNIT_LEADER_INS,
	S_ORG_INS, S_ORG_GET, S_ORG_LIST, S_ORG_SECS, S_ORG_SEC_CLOSE, S_ORG_SEC_INS,
	S_PERSON_INS, S_PERSON_GET, S_PERSON_LIST,
	S_ROSTER_LATEST, S_ROSTER_INS,
	S_TERMS_LIST, S_TERMS_DEL, S_TERM_PUT, S_TERM_ON,
	S_SWAP_INS, S_HANDOVER_PUT, S_HANDOVER_LIST,
	S_LAST
};
_Static_assert((int)S_LAST <= (int)SQ_MAX_STMTS, "statement table too small");

/* ---- alliances ---- */

static enum err_code sq_alliance_insert(struct store *st, struct alliance *a, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, S_ALLIANCE_INS,
		"INSERT INTO alliances(name,description,created_at_ms) VALUES(?,?,?)");
	if (!s)
		return sq_error(q, e, "alliance_insert");
	sqlite3_bind_text(s, 1, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->description, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, a->created_at_ms);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "name", "联建名称“%s”已存在", a->name);
	if (r != SQLITE_DONE)
		return sq_error(q, e, "alliance_insert");
	a->id = sqlite3_last_insert_rowid(q->db);
	for (size_t i = 0; i < a->n_counties; i++) {
		s = sq_stmt(q, S_ALLIANCE_COUNTY_INS,
			    "INSERT INTO alliance_counties(alliance_id,county_code) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "alliance_insert");
		sqlite3_bind_int64(s, 1, a->id);
		sqlite3_bind_text(s, 2, a->counties[i], -1, SQLITE_STATIC);
		if ((rc = sq_done(q, s, e, "alliance county")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code alliance_counties(struct sq *q, void *element, struct err *e)
{
	struct alliance *a = element;
	return sq_code_column(q, S_ALLIANCE_COUNTIES,
			   "SELECT county_code FROM alliance_counties WHERE alliance_id=? "
			   "ORDER BY county_code",
			   a->id, (char *)a->counties, sizeof(a->counties[0]), ALLIANCE_MAX_COUNTIES,
			   &a->n_counties, e, "alliance_counties");
}

static void alliance_row(sqlite3_stmt *s, struct alliance *a)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, a->name, sizeof(a->name));
	sq_text(s, 2, a->description, sizeof(a->description));
	a->created_at_ms = sqlite3_column_int64(s, 3);
}

static void alliance_row_any(sqlite3_stmt *s, void *row)
{
	alliance_row(s, row);
}

static enum err_code sq_alliance_get(struct store *st, int64_t id, struct alliance *out,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ALLIANCE_GET,
		"SELECT id,name,description,created_at_ms FROM alliances WHERE id=?");
	if (!s)
		return sq_error(q, e, "alliance_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, alliance_row_any, out, "联建", e, "alliance_get");
	return rc ? rc : alliance_counties(q, out, e);
}

static enum err_code sq_alliance_list(struct store *st, struct page pg, struct alliance **out,
				      size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ALLIANCE_LIST,
		"SELECT id,name,description,created_at_ms FROM alliances WHERE id>? ORDER BY id LIMIT ?");
	if (!s)
		return sq_error(q, e, "alliance_list");
	sqlite3_bind_int64(s, 1, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 2, pg.limit);
	static const struct sq_collect_hooks hooks = { .each = alliance_counties };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct alliance), alliance_row_any, &hooks,
					 &arr, out_n, e, "alliance_list");
	*out = arr;
	return rc;
}

/* ---- units ---- */

static enum err_code sq_unit_insert(struct store *st, struct unit *u, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_INS,
		"INSERT INTO units(alliance_id,tier,name,parent_id,created_at_ms) VALUES(?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "unit_insert");
	sqlite3_bind_int64(s, 1, u->alliance_id);
	sqlite3_bind_text(s, 2, u->tier, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->name, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 4, u->parent_id);
	sqlite3_bind_int64(s, 5, u->created_at_ms);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "tier", "每个联建只能有一个县级工作专班");
	if (r != SQLITE_DONE)
		return sq_error(q, e, "unit_insert");
	u->id = sqlite3_last_insert_rowid(q->db);
	for (size_t i = 0; i < u->n_divisions; i++) {
		s = sq_stmt(q, S_UNIT_DIV_INS, "INSERT INTO unit_divisions(unit_id,code) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "unit_insert");
		sqlite3_bind_int64(s, 1, u->id);
		sqlite3_bind_text(s, 2, u->divisions[i], -1, SQLITE_STATIC);
		if ((rc = sq_done(q, s, e, "unit division")))
			return rc;
	}
	return ERR_OK;
}

static void unit_row(sqlite3_stmt *s, struct unit *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	u->alliance_id = sqlite3_column_int64(s, 1);
	sq_text(s, 2, u->tier, sizeof(u->tier));
	sq_text(s, 3, u->name, sizeof(u->name));
	u->parent_id = sqlite3_column_int64(s, 4);
	u->created_at_ms = sqlite3_column_int64(s, 5);
}

static void unit_row_any(sqlite3_stmt *s, void *row)
{
	unit_row(s, row);
}

static enum err_code unit_divs(struct sq *q, void *element, struct err *e)
{
	struct unit *u = element;
	return sq_code_column(q, S_UNIT_DIVS,
			   "SELECT code FROM unit_divisions WHERE unit_id=? ORDER BY code", u->id,
			   (char *)u->divisions, sizeof(u->divisions[0]), UNIT_MAX_DIVISIONS,
			   &u->n_divisions, e, "unit_divs");
}

#define UNIT_COLS "id,alliance_id,tier,name,parent_id,created_at_ms"

static enum err_code sq_unit_get(struct store *st, int64_t id, struct unit *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_GET, "SELECT " UNIT_COLS " FROM units WHERE id=?");
	if (!s)
		return sq_error(q, e, "unit_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, unit_row_any, out, "联建单位", e, "unit_get");
	return rc ? rc : unit_divs(q, out, e);
}

static enum err_code sq_unit_list(struct store *st, int64_t alliance_id, const char *tier,
				  struct page pg, struct unit **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_LIST,
		"SELECT " UNIT_COLS " FROM units WHERE (?1=0 OR alliance_id=?1) AND "
		"(?2 IS NULL OR tier=?2) AND id>?3 ORDER BY id LIMIT ?4");
	if (!s)
		return sq_error(q, e, "unit_list");
	sqlite3_bind_int64(s, 1, alliance_id);
	if (tier)
		sqlite3_bind_text(s, 2, tier, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 4, pg.limit);
	static const struct sq_collect_hooks hooks = { .each = unit_divs };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct unit), unit_row_any, &hooks, &arr,
					 out_n, e, "unit_list");
	*out = arr;
	return rc;
}

#define ORG_COLS "o.id,o.name,o.division_code,o.kind,o.created_at_ms,s.person_id,p.name"
#define ORG_FROM "FROM orgs o LEFT JOIN org_secretaries s ON s.org_id=o.id AND s.until_ms IS NULL " \
		 "LEFT JOIN people p ON p.id=s.person_id "

static void org_row(sqlite3_stmt *s, struct org *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, o->name, sizeof(o->name));
	sq_text(s, 2, o->division_code, sizeof(o->division_code));
	sq_text(s, 3, o->kind, sizeof(o->kind));
	o->created_at_ms = sqlite3_column_int64(s, 4);
	o->secretary_id = sqlite3_column_int64(s, 5);
	sq_text(s, 6, o->secretary_name, sizeof(o->secretary_name));
}

static void org_row_any(sqlite3_stmt *s, void *row)
{
	org_row(s, row);
}

static enum err_code collect_orgs(struct sq *q, sqlite3_stmt *s, struct org **out,
				  size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct org), org_row_any, &arr, out_n, e, "org list");
	*out = arr;
	return rc;
}

static enum err_code sq_unit_members(struct store *st, int64_t unit_id, struct org **out,
				     size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_MEMBERS,
		"SELECT " ORG_COLS " " ORG_FROM
		"JOIN unit_members m ON m.org_id=o.id AND m.removed_at_ms IS NULL "
		"WHERE m.unit_id=? ORDER BY o.division_code, o.id");
	if (!s)
		return sq_error(q, e, "unit_members");
	sqlite3_bind_int64(s, 1, unit_id);
	return collect_orgs(q, s, out, out_n, e);
}

static enum err_code sq_unit_member_add(struct store *st, int64_t unit_id, int64_t org_id,
					int64_t now_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_MEMBER_ADD,
		"INSERT INTO unit_members(unit_id,org_id,added_at_ms) VALUES(?,?,?)");
	if (!s)
		return sq_error(q, e, "unit_member_add");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, org_id);
	sqlite3_bind_int64(s, 3, now_ms);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "org_id", "该党组织已是本单位成员");
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "unit_member_add");
}

static void post_row(sqlite3_stmt *s, void *row)
{
	struct post *p = row;
	p->person_id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, p->person_name, sizeof(p->person_name));
	p->since_ms = sqlite3_column_int64(s, 2);
	p->until_ms = sqlite3_column_int64(s, 3);
}

static enum err_code collect_posts(struct sq *q, sqlite3_stmt *s, struct post **out,
				   size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct post), post_row, &arr, out_n, e,
				      "post history");
	*out = arr;
	return rc;
}

static enum err_code sq_unit_leader_history(struct store *st, int64_t unit_id, struct post **out,
					    size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_LEADERS,
		"SELECT l.person_id,p.name,l.since_ms,l.until_ms FROM unit_leaders l "
		"JOIN people p ON p.id=l.person_id WHERE l.unit_id=? ORDER BY l.id DESC");
	if (!s)
		return sq_error(q, e, "unit_leader_history");
	sqlite3_bind_int64(s, 1, unit_id);
	return collect_posts(q, s, out, out_n, e);
}

static enum err_code set_post(struct sq *q, int close_id, const char *close_sql, int ins_id,
			      const char *ins_sql, int64_t owner, int64_t person, int64_t now,
			      struct err *e)
{
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, close_id, close_sql);
	if (!s)
		return sq_error(q, e, "post close");
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, owner);
	if ((rc = sq_done(q, s, e, "post close")))
		return rc;
	s = sq_stmt(q, ins_id, ins_sql);
	if (!s)
		return sq_error(q, e, "post insert");
	sqlite3_bind_int64(s, 1, owner);
	sqlite3_bind_int64(s, 2, person);
	sqlite3_bind_int64(s, 3, now);
	return sq_done(q, s, e, "post insert");
}

static enum err_code sq_unit_leader_set(struct store *st, int64_t unit_id, int64_t person_id,
					int64_t now_ms, struct err *e)
{
	return set_post(SQ(st), S_UNIT_LEADER_CLOSE,
			"UPDATE unit_leaders SET until_ms=? WHERE unit_id=? AND until_ms IS NULL",
			S_UNIT_LEADER_INS,
			"INSERT INTO unit_leaders(unit_id,person_id,since_ms) VALUES(?,?,?)",
			unit_id, person_id, now_ms, e);
}

/* ---- organisations and people ---- */

static enum err_code sq_org_insert(struct store *st, struct org *o, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_INS,
		"INSERT INTO orgs(name,division_code,kind,created_at_ms) VALUES(?,?,?,?)");
	if (!s)
		return sq_error(q, e, "org_insert");
	sqlite3_bind_text(s, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->division_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, o->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "org_insert");
	if (!rc)
		o->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static enum err_code sq_org_get(struct store *st, int64_t id, struct org *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_GET, "SELECT " ORG_COLS " " ORG_FROM "WHERE o.id=?");
	if (!s)
		return sq_error(q, e, "org_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, org_row_any, out, "党组织", e, "org_get");
}

static enum err_code sq_org_list(struct store *st, const struct org_filter *f, struct page pg,
				 struct org **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_LIST,
		"SELECT " ORG_COLS " " ORG_FROM
		"WHERE (?1 IS NULL OR substr(o.division_code,1,length(?1))=?1) "
		"AND (?2 IS NULL OR instr(o.name,?2)>0) "
		"AND (?3=0 OR EXISTS (SELECT 1 FROM unit_members m WHERE m.org_id=o.id "
		"AND m.unit_id=?3 AND m.removed_at_ms IS NULL)) "
		"AND o.id>?4 ORDER BY o.id LIMIT ?5");
	if (!s)
		return sq_error(q, e, "org_list");
	if (f->division_prefix && *f->division_prefix)
		sqlite3_bind_text(s, 1, f->division_prefix, -1, SQLITE_STATIC);
	if (f->q && *f->q)
		sqlite3_bind_text(s, 2, f->q, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, f->unit_id);
	sqlite3_bind_int64(s, 4, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 5, pg.limit);
	return collect_orgs(q, s, out, out_n, e);
}

static enum err_code sq_org_secretary_history(struct store *st, int64_t org_id,
					      struct post **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_SECS,
		"SELECT s.person_id,p.name,s.since_ms,s.until_ms FROM org_secretaries s "
		"JOIN people p ON p.id=s.person_id WHERE s.org_id=? ORDER BY s.id DESC");
	if (!s)
		return sq_error(q, e, "org_secretary_history");
	sqlite3_bind_int64(s, 1, org_id);
	return collect_posts(q, s, out, out_n, e);
}

static enum err_code sq_org_secretary_set(struct store *st, int64_t org_id, int64_t person_id,
					  int64_t now_ms, struct err *e)
{
	return set_post(SQ(st), S_ORG_SEC_CLOSE,
			"UPDATE org_secretaries SET until_ms=? WHERE org_id=? AND until_ms IS NULL",
			S_ORG_SEC_INS,
			"INSERT INTO org_secretaries(org_id,person_id,since_ms) VALUES(?,?,?)",
			org_id, person_id, now_ms, e);
}

#define PERSON_COLS "p.id,p.name,p.org_id,o.name,o.division_code,p.position,p.phone,p.is_demo,p.created_at_ms"

static void person_row(sqlite3_stmt *s, struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, p->name, sizeof(p->name));
	p->org_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, p->org_name, sizeof(p->org_name));
	sq_text(s, 4, p->division_code, sizeof(p->division_code));
	sq_text(s, 5, p->position, sizeof(p->position));
	sq_text(s, 6, p->phone, sizeof(p->phone));
	p->is_demo = sqlite3_column_int(s, 7);
	p->created_at_ms = sqlite3_column_int64(s, 8);
}

static void person_row_any(sqlite3_stmt *s, void *row)
{
	person_row(s, row);
}

static enum err_code sq_person_insert(struct store *st, struct person *p, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_PERSON_INS,
		"INSERT INTO people(name,org_id,position,phone,is_demo,created_at_ms) VALUES(?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "person_insert");
	sqlite3_bind_text(s, 1, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, p->org_id);
	sqlite3_bind_text(s, 3, p->position, -1, SQLITE_STATIC);
	sq_bind_opt_text(s, 4, p->phone);
	sqlite3_bind_int(s, 5, p->is_demo);
	sqlite3_bind_int64(s, 6, p->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "person_insert");
	if (!rc)
		p->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static enum err_code sq_person_get(struct store *st, int64_t id, struct person *out,
				   struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_PERSON_GET,
		"SELECT " PERSON_COLS " FROM people p JOIN orgs o ON o.id=p.org_id WHERE p.id=?");
	if (!s)
		return sq_error(q, e, "person_get");
	sqlite3_bind_int64(s, 1, id);
	return sq_one(q, s, person_row_any, out, "人员", e, "person_get");
}

static enum err_code sq_person_list(struct store *st, const struct person_filter *f,
				    struct page pg, struct person **out, size_t *out_n,
				    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_PERSON_LIST,
		"SELECT " PERSON_COLS " FROM people p JOIN orgs o ON o.id=p.org_id "
		"WHERE (?1=0 OR p.org_id=?1) AND (?2 IS NULL OR instr(p.name,?2)>0) "
		"AND (?3 IS NULL OR substr(o.division_code,1,6)=?3) "
		"AND p.id>?4 ORDER BY p.id LIMIT ?5");
	if (!s)
		return sq_error(q, e, "person_list");
	sqlite3_bind_int64(s, 1, f->org_id);
	if (f->q && *f->q)
		sqlite3_bind_text(s, 2, f->q, -1, SQLITE_STATIC);
	if (f->county && *f->county)
		sqlite3_bind_text(s, 3, f->county, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 5, pg.limit);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct person), person_row_any, &arr, out_n, e, "person_list");
	*out = arr;
	return rc;
}

/* ---- rosters and terms ---- */

static void roster_row(sqlite3_stmt *s, void *row)
{
	struct roster *out = row;
	memset(out, 0, sizeof(*out));
	out->version = sqlite3_column_int(s, 0);
	sq_text(s, 1, out->term, sizeof(out->term));
	out->starts_on = sq_col_day(s, 2);
	out->first_idx = sqlite3_column_int64(s, 3);
	out->created_at_ms = sqlite3_column_int64(s, 4);
	const char *ids = (const char *)sqlite3_column_text(s, 5);
	/* a JSON array of integers written by roster_insert */
	for (const char *p = ids ? ids : ""; *p && out->n < ROSTER_MAX;) {
		if (*p >= '0' && *p <= '9') {
			char *end;
			out->person_ids[out->n++] = strtoll(p, &end, 10);
			p = end;
		} else {
			p++;
		}
	}
}

static enum err_code sq_roster_latest(struct store *st, int64_t unit_id, struct roster *out,
				      struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ROSTER_LATEST,
		"SELECT version,term,starts_on,first_idx,created_at_ms,"
		"(SELECT json_group_array(value) FROM json_each(person_ids)) "
		"FROM rosters WHERE unit_id=? ORDER BY version DESC LIMIT 1");
	if (!s)
		return sq_error(q, e, "roster_latest");
	sqlite3_bind_int64(s, 1, unit_id);
	enum err_code rc = sq_one(q, s, roster_row, out, "轮值名单", e, "roster_latest");
	if (!rc)
		out->unit_id = unit_id;
	return rc;
}

static enum err_code sq_roster_insert(struct store *st, const struct roster *r, struct err *e)
{
	struct sq *q = SQ(st);
	char ids[ROSTER_MAX * 21 + 3];
	size_t len = 0;
	ids[len++] = '[';
	for (size_t i = 0; i < r->n; i++)
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%lld", i ? "," : "",
					(long long)r->person_ids[i]);
	ids[len++] = ']';
	ids[len] = '\0';
	sqlite3_stmt *s = sq_stmt(q, S_ROSTER_INS,
		"INSERT INTO rosters(unit_id,version,term,starts_on,person_ids,first_idx,created_at_ms) "
		"VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "roster_insert");
	sqlite3_bind_int64(s, 1, r->unit_id);
	sqlite3_bind_int(s, 2, r->version);
	sqlite3_bind_text(s, 3, r->term, -1, SQLITE_STATIC);
	sq_bind_day(s, 4, r->starts_on);
	sqlite3_bind_text(s, 5, ids, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, r->first_idx);
	sqlite3_bind_int64(s, 7, r->created_at_ms);
	return sq_done(q, s, e, "roster_insert");
}

#define TERM_COLS "t.unit_id,t.idx,t.person_id,t.planned_person_id,t.county_code,t.starts_on," \
		  "t.ends_on,t.swap_reason,p.name,p.org_id,o.name,d.name"
#define TERM_FROM "FROM duty_terms t JOIN people p ON p.id=t.person_id " \
		  "JOIN orgs o ON o.id=p.org_id LEFT JOIN divisions d ON d.code=t.county_code "

static void term_row(sqlite3_stmt *s, struct duty_term *t)
{
	memset(t, 0, sizeof(*t));
	t->unit_id = sqlite3_column_int64(s, 0);
	t->idx = sqlite3_column_int64(s, 1);
	t->person_id = sqlite3_column_int64(s, 2);
	t->planned_person_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, t->county_code, sizeof(t->county_code));
	t->starts_on = sq_col_day(s, 5);
	t->ends_on = sq_col_day(s, 6);
	sq_text(s, 7, t->swap_reason, sizeof(t->swap_reason));
	sq_text(s, 8, t->person_name, sizeof(t->person_name));
	t->org_id = sqlite3_column_int64(s, 9);
	sq_text(s, 10, t->org_name, sizeof(t->org_name));
	sq_text(s, 11, t->county_name, sizeof(t->county_name));
}

static void term_row_any(sqlite3_stmt *s, void *row)
{
	term_row(s, row);
}

static enum err_code sq_terms_list(struct store *st, int64_t unit_id, int64_t from_idx,
				   struct duty_term **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERMS_LIST,
		"SELECT " TERM_COLS " " TERM_FROM "WHERE t.unit_id=? AND t.idx>=? ORDER BY t.idx");
	if (!s)
		return sq_error(q, e, "terms_list");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, from_idx);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct duty_term), term_row_any, &arr, out_n, e, "terms_list");
	*out = arr;
	return rc;
}

static enum err_code sq_terms_delete_from(struct store *st, int64_t unit_id, int64_t from_idx,
					  struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERMS_DEL, "DELETE FROM duty_terms WHERE unit_id=? AND idx>=?");
	if (!s)
		return sq_error(q, e, "terms_delete_from");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, from_idx);
	return sq_done(q, s, e, "terms_delete_from");
}

static enum err_code sq_term_put(struct store *st, const struct duty_term *t, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERM_PUT,
		"INSERT INTO duty_terms(unit_id,idx,person_id,planned_person_id,county_code,starts_on,"
		"ends_on,swap_reason) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(unit_id,idx) DO UPDATE SET "
		"person_id=excluded.person_id, planned_person_id=excluded.planned_person_id, "
		"county_code=excluded.county_code, starts_on=excluded.starts_on, "
		"ends_on=excluded.ends_on, swap_reason=excluded.swap_reason");
	if (!s)
		return sq_error(q, e, "term_put");
	sqlite3_bind_int64(s, 1, t->unit_id);
	sqlite3_bind_int64(s, 2, t->idx);
	sqlite3_bind_int64(s, 3, t->person_id);
	sqlite3_bind_int64(s, 4, t->planned_person_id);
	sqlite3_bind_text(s, 5, t->county_code, -1, SQLITE_STATIC);
	sq_bind_day(s, 6, t->starts_on);
	sq_bind_day(s, 7, t->ends_on);
	sq_bind_opt_text(s, 8, t->swap_reason);
	return sq_done(q, s, e, "term_put");
}

static enum err_code sq_term_on(struct store *st, int64_t unit_id, int32_t day,
				struct duty_term *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERM_ON,
		"SELECT " TERM_COLS " " TERM_FROM
		"WHERE t.unit_id=?1 AND t.starts_on<=?2 AND t.ends_on>=?2 ORDER BY t.idx LIMIT 1");
	if (!s)
		return sq_error(q, e, "term_on");
	sqlite3_bind_int64(s, 1, unit_id);
	sq_bind_day(s, 2, day);
	return sq_one(q, s, term_row_any, out, "该日期的轮值任期", e, "term_on");
}

static enum err_code sq_swap_insert(struct store *st, const struct swap_record *w, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_SWAP_INS,
		"INSERT INTO rotation_swaps(unit_id,term_idx,on_date,original_person_id,"
		"substitute_person_id,exchanged_term_idx,reason,created_by,created_at_ms) "
		"VALUES(?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "swap_insert");
	sqlite3_bind_int64(s, 1, w->unit_id);
	sqlite3_bind_int64(s, 2, w->term_idx);
	sq_bind_day(s, 3, w->on_date);
	sqlite3_bind_int64(s, 4, w->original_person_id);
	sqlite3_bind_int64(s, 5, w->substitute_person_id);
	if (w->exchanged_term_idx >= 0)
		sqlite3_bind_int64(s, 6, w->exchanged_term_idx);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_text(s, 7, w->reason, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 8, w->created_by);
	sqlite3_bind_int64(s, 9, w->created_at_ms);
	return sq_done(q, s, e, "swap_insert");
}

static enum err_code sq_handover_put(struct store *st, const struct handover *h, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_HANDOVER_PUT,
		"INSERT INTO handovers(unit_id,term_idx,on_date,outgoing_person_id,incoming_person_id,"
		"open_matters,last_decisions,created_at_ms) VALUES(?,?,?,?,?,?,?,?) "
		"ON CONFLICT(unit_id,term_idx) DO NOTHING");
	if (!s)
		return sq_error(q, e, "handover_put");
	sqlite3_bind_int64(s, 1, h->unit_id);
	sqlite3_bind_int64(s, 2, h->term_idx);
	sq_bind_day(s, 3, h->on_date);
	sq_bind_opt_id(s, 4, h->outgoing_person_id);
	sqlite3_bind_int64(s, 5, h->incoming_person_id);
	sqlite3_bind_text(s, 6, h->open_matters ? h->open_matters : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, h->last_decisions ? h->last_decisions : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, h->created_at_ms);
	return sq_done(q, s, e, "handover_put");
}

static void handover_row(sqlite3_stmt *s, void *row)
{
	struct handover *h = row;
	memset(h, 0, sizeof(*h));
	h->id = sqlite3_column_int64(s, 0);
	h->unit_id = sqlite3_column_int64(s, 1);
	h->term_idx = sqlite3_column_int64(s, 2);
	h->on_date = sq_col_day(s, 3);
	h->outgoing_person_id = sqlite3_column_int64(s, 4);
	h->incoming_person_id = sqlite3_column_int64(s, 5);
	sq_text(s, 6, h->outgoing_name, sizeof(h->outgoing_name));
	sq_text(s, 7, h->incoming_name, sizeof(h->incoming_name));
	h->open_matters = sq_dup(s, 8);
	h->last_decisions = sq_dup(s, 9);
	h->created_at_ms = sqlite3_column_int64(s, 10);
}

static void handovers_release(void *arr, size_t n)
{
	sq_handovers_free(arr, n);
}

static enum err_code sq_handover_list(struct store *st, int64_t unit_id, struct handover **out,
				      size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_HANDOVER_LIST,
		"SELECT h.id,h.unit_id,h.term_idx,h.on_date,h.outgoing_person_id,h.incoming_person_id,"
		"po.name,pi.name,h.open_matters,h.last_decisions,h.created_at_ms FROM handovers h "
		"LEFT JOIN people po ON po.id=h.outgoing_person_id "
		"LEFT JOIN people pi ON pi.id=h.incoming_person_id "
		"WHERE h.unit_id=? ORDER BY h.term_idx DESC");
	if (!s)
		return sq_error(q, e, "handover_list");
	sqlite3_bind_int64(s, 1, unit_id);
	static const struct sq_collect_hooks hooks = { .release = handovers_release };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct handover), handover_row, &hooks, &arr,
					 out_n, e, "handover_list");
	*out = arr;
	return rc;
}

void sq_handovers_free(struct handover *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].open_matters);
		free(h[i].last_decisions);
	}
	free(h);
}

void sq_org_ops(struct store_ops *ops)
{
	ops->alliance_insert = sq_alliance_insert;
	ops->alliance_get = sq_alliance_get;
	ops->alliance_list = sq_alliance_list;
	ops->unit_insert = sq_unit_insert;
	ops->unit_get = sq_unit_get;
	ops->unit_list = sq_unit_list;
	ops->unit_members = sq_unit_members;
	ops->unit_member_add = sq_unit_member_add;
	ops->unit_leader_history = sq_unit_leader_history;
	ops->unit_leader_set = sq_unit_leader_set;
	ops->org_insert = sq_org_insert;
	ops->org_get = sq_org_get;
	ops->org_list = sq_org_list;
	ops->org_secretary_history = sq_org_secretary_history;
	ops->org_secretary_set = sq_org_secretary_set;
	ops->person_insert = sq_person_insert;
	ops->person_get = sq_person_get;
	ops->person_list = sq_person_list;
	ops->roster_latest = sq_roster_latest;
	ops->roster_insert = sq_roster_insert;
	ops->terms_list = sq_terms_list;
	ops->terms_delete_from = sq_terms_delete_from;
	ops->term_put = sq_term_put;
	ops->term_on = sq_term_on;
	ops->swap_insert = sq_swap_insert;
	ops->handover_put = sq_handover_put;
	ops->handover_list = sq_handover_list;
	ops->handovers_free = sq_handovers_free;
}
