/*
 * store_sqlite_org.c - the organisation system in SQLite: alliances, units,
 * organisations, people and post histories (rotation: store_sql_rotation.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	S_ALLIANCE_INS = SQ_FIRST(SQ_AREA_ORG), S_ALLIANCE_COUNTY_INS, S_ALLIANCE_GET,
	S_ALLIANCE_COUNTIES, S_ALLIANCE_LIST,
	S_UNIT_INS, S_UNIT_DIV_INS, S_UNIT_GET, S_UNIT_DIVS, S_UNIT_LIST,
	S_UNIT_MEMBERS, S_UNIT_MEMBER_ADD, S_UNIT_LEADERS, S_UNIT_LEADER_CLOSE, S_UNIT_LEADER_INS,
	S_ORG_INS, S_ORG_GET, S_ORG_LIST, S_ORG_SECS, S_ORG_SEC_CLOSE, S_ORG_SEC_INS,
	S_ORG_UPD, S_ORG_DISSOLVE, S_ORG_DEL, S_ORG_REFS, S_ORG_GRANTS,
	S_PERSON_INS, S_PERSON_GET, S_PERSON_LIST, S_REACH,
	S_LAST
};
SQ_FITS(SQ_AREA_ORG, S_LAST);

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

static enum err_code sq_alliance_list(struct store *st, const char *id_in, struct page pg,
				      struct alliance **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ALLIANCE_LIST,
		"SELECT id,name,description,created_at_ms FROM alliances WHERE id>?1 "
		"AND (?3 IS NULL OR instr(?3,','||id||',')>0) ORDER BY id LIMIT ?2");
	if (!s)
		return sq_error(q, e, "alliance_list");
	sqlite3_bind_int64(s, 1, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 2, pg.limit);
	if (id_in)
		sqlite3_bind_text(s, 3, id_in, -1, SQLITE_STATIC);
	static const struct sq_collect_hooks hooks = { .each = alliance_counties };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct alliance), alliance_row_any, &hooks,
					 &arr, out_n, e, "alliance_list");
	*out = arr;
	return rc;
}

static void alliance_county_row(sqlite3_stmt *s, void *row)
{
	struct alliance_county *r = row;
	memset(r, 0, sizeof(*r));
	r->alliance_id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, r->county, sizeof(r->county));
}

/* One statement, each key looked up by index (json_each feeds IN), so the
 * cost follows the grants, not the number of alliances or units. */
static enum err_code sq_reach_alliances(struct store *st, const struct reach_keys *k,
					struct alliance_county **out, size_t *out_n,
					struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_REACH,
		"WITH r(id) AS ("
		"SELECT id FROM alliances WHERE ?5 OR id IN (SELECT value FROM json_each(?1)) "
		"UNION SELECT alliance_id FROM alliance_counties "
		"WHERE ?2 IS NOT NULL AND instr(?2,','||county_code||',')>0 "
		"UNION SELECT alliance_id FROM units WHERE id IN (SELECT value FROM json_each(?3)) "
		"UNION SELECT u.alliance_id FROM unit_members m JOIN units u ON u.id=m.unit_id "
		"WHERE m.removed_at_ms IS NULL AND m.org_id IN (SELECT value FROM json_each(?4))) "
		"SELECT a.id, coalesce(c.county_code,'') FROM alliances a JOIN r ON r.id=a.id "
		"LEFT JOIN alliance_counties c ON c.alliance_id=a.id ORDER BY a.id, c.county_code");
	if (!s)
		return sq_error(q, e, "reach_alliances");
	const char *v[4] = { k->alliance_ids, k->county_in, k->unit_ids, k->org_ids };
	for (int i = 0; i < 4; i++)
		if (v[i])
			sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, k->every != 0);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct alliance_county), alliance_county_row,
				      &arr, out_n, e, "reach_alliances");
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

static enum err_code sq_unit_list(struct store *st, int64_t alliance_id, const char *alliance_in,
				  const char *tier, struct page pg, struct unit **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_UNIT_LIST,
		"SELECT " UNIT_COLS " FROM units WHERE (?1=0 OR alliance_id=?1) AND "
		"(?2 IS NULL OR tier=?2) AND (?5 IS NULL OR instr(?5,','||alliance_id||',')>0) "
		"AND id>?3 ORDER BY id LIMIT ?4");
	if (!s)
		return sq_error(q, e, "unit_list");
	sqlite3_bind_int64(s, 1, alliance_id);
	if (tier)
		sqlite3_bind_text(s, 2, tier, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, pg.after ? strtoll(pg.after, NULL, 10) : 0);
	sqlite3_bind_int(s, 4, pg.limit);
	if (alliance_in)
		sqlite3_bind_text(s, 5, alliance_in, -1, SQLITE_STATIC);
	static const struct sq_collect_hooks hooks = { .each = unit_divs };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct unit), unit_row_any, &hooks, &arr,
					 out_n, e, "unit_list");
	*out = arr;
	return rc;
}

#define ORG_COLS "o.id,o.name,o.division_code,o.kind,o.created_at_ms,s.person_id,p.name," \
		 "o.dissolved_on,o.dissolved_reason"
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
	o->dissolved_on = sq_col_day(s, 7);
	sq_text(s, 8, o->dissolved_reason, sizeof(o->dissolved_reason));
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
		"AND (?6 IS NULL OR instr(?6,','||substr(o.division_code,1,6)||',')>0) "
		"AND (?7 OR o.dissolved_on IS NULL) "
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
	if (f->county_in)
		sqlite3_bind_text(s, 6, f->county_in, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, f->include_dissolved);
	return collect_orgs(q, s, out, out_n, e);
}

static enum err_code org_write(struct sq *q, sqlite3_stmt *s, struct err *e, const char *what)
{
	enum err_code rc = sq_done(q, s, e, what);
	if (!rc && sqlite3_changes(q->db) == 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "党组织不存在");
	return rc;
}

static enum err_code sq_org_update(struct store *st, const struct org *o, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_UPD,
		"UPDATE orgs SET name=?,division_code=?,kind=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "org_update");
	sqlite3_bind_text(s, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->division_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, o->id);
	return org_write(q, s, e, "org_update");
}

static enum err_code sq_org_dissolve(struct store *st, const struct org *o, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_DISSOLVE,
		"UPDATE orgs SET dissolved_on=?,dissolved_reason=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "org_dissolve");
	sq_bind_opt_day(s, 1, o->dissolved_on);
	sq_bind_opt_text(s, 2, o->dissolved_on ? o->dissolved_reason : "");
	sqlite3_bind_int64(s, 3, o->id);
	return org_write(q, s, e, "org_dissolve");
}

/* Every table with a foreign key to orgs is asked (the schema says which,
 * so a table added later is covered), and the grants scoped to it. */
static enum err_code sq_org_in_use(struct store *st, int64_t id, int *out_used, char *what,
				   size_t what_size, struct err *e)
{
	struct sq *q = SQ(st);
	*out_used = 0;
	sqlite3_stmt *g = sq_stmt(q, S_ORG_GRANTS,
		"SELECT 1 FROM grants WHERE scope_type='org' AND scope_id=CAST(? AS TEXT) LIMIT 1");
	if (!g)
		return sq_error(q, e, "org_in_use");
	sqlite3_bind_int64(g, 1, id);
	int r = sqlite3_step(g);
	sqlite3_reset(g);
	if (r == SQLITE_ROW) {
		*out_used = 1;
		snprintf(what, what_size, "grants");
		return ERR_OK;
	}
	if (r != SQLITE_DONE)
		return sq_error(q, e, "org_in_use");
	sqlite3_stmt *s = sq_stmt(q, S_ORG_REFS,
		"SELECT m.name,f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
		"WHERE m.type='table' AND f.\"table\"='orgs' ORDER BY m.name");
	if (!s)
		return sq_error(q, e, "org_in_use");
	enum err_code rc = ERR_OK;
	while (!rc && !*out_used && (r = sqlite3_step(s)) == SQLITE_ROW) {
		char sql[256];
		const char *table = (const char *)sqlite3_column_text(s, 0);
		const char *col = (const char *)sqlite3_column_text(s, 1);
		/* identifiers from the schema itself, quoted: no user text */
		snprintf(sql, sizeof(sql), "SELECT 1 FROM \"%s\" WHERE \"%s\"=? LIMIT 1", table, col);
		sqlite3_stmt *c;
		if (sqlite3_prepare_v2(q->db, sql, -1, &c, NULL) != SQLITE_OK) {
			rc = sq_error(q, e, "org_in_use");
			break;
		}
		sqlite3_bind_int64(c, 1, id);
		int cr = sqlite3_step(c);
		if (cr == SQLITE_ROW) {
			*out_used = 1;
			snprintf(what, what_size, "%s", table);
		} else if (cr != SQLITE_DONE) {
			rc = sq_error(q, e, "org_in_use");
		}
		sqlite3_finalize(c);
	}
	if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
		rc = sq_error(q, e, "org_in_use");
	sqlite3_reset(s);
	return rc;
}

static enum err_code sq_org_delete(struct store *st, int64_t id, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ORG_DEL, "DELETE FROM orgs WHERE id=?");
	if (!s)
		return sq_error(q, e, "org_delete");
	sqlite3_bind_int64(s, 1, id);
	return org_write(q, s, e, "org_delete");
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
		"AND (?6 IS NULL OR instr(?6,','||substr(o.division_code,1,6)||',')>0) "
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
	if (f->county_in)
		sqlite3_bind_text(s, 6, f->county_in, -1, SQLITE_STATIC);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct person), person_row_any, &arr, out_n, e, "person_list");
	*out = arr;
	return rc;
}

const struct store_org_ops sq_org_ops = {
	.alliance_insert = sq_alliance_insert,
	.alliance_get = sq_alliance_get,
	.alliance_list = sq_alliance_list,
	.unit_insert = sq_unit_insert,
	.unit_get = sq_unit_get,
	.unit_list = sq_unit_list,
	.unit_members = sq_unit_members,
	.unit_member_add = sq_unit_member_add,
	.unit_leader_history = sq_unit_leader_history,
	.unit_leader_set = sq_unit_leader_set,
	.org_insert = sq_org_insert,
	.org_get = sq_org_get,
	.org_list = sq_org_list,
	.org_update = sq_org_update,
	.org_dissolve = sq_org_dissolve,
	.org_in_use = sq_org_in_use,
	.org_delete = sq_org_delete,
	.org_secretary_history = sq_org_secretary_history,
	.org_secretary_set = sq_org_secretary_set,
	.person_insert = sq_person_insert,
	.person_get = sq_person_get,
	.person_list = sq_person_list,
	.reach_alliances = sq_reach_alliances,
};
