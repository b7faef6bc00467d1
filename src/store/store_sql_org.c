/*
 * store_sql_org.c - the organisation system: alliances (and their member
 * counties), units (and their divisions), organisations, people and post
 * histories (rotation: store_sql_rotation.c), written once over the thin
 * SQL driver (db.h) for SQLite and PostgreSQL.
 *
 * New ids and "was a row there" come back with RETURNING (both engines).
 * The child rows of alliances and units are read by a second statement per
 * parent (db_collect_ex's each hook). Dialect differences, behind db_sql:
 * substring tests (instr in SQLite, strpos in PostgreSQL), the grant keys
 * of reach_alliances (JSON arrays read with json_each in SQLite and
 * json_array_elements_text in PostgreSQL), and the parameters PostgreSQL
 * cannot type from their context (written CAST(… AS BIGINT/TEXT) there,
 * left as they were in SQLite's text so that its plans stay the same).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_org.h"
#include "store/store_sql.h"

enum {
	S_ALLIANCE_INS = SQ_FIRST(SQ_AREA_ORG), S_ALLIANCE_COUNTY_INS, S_ALLIANCE_GET,
	S_ALLIANCE_COUNTIES, S_ALLIANCE_LIST,
	S_UNIT_INS, S_UNIT_DIV_INS, S_UNIT_GET, S_UNIT_DIVS, S_UNIT_LIST,
	S_UNIT_MEMBERS, S_UNIT_MEMBER_ADD, S_UNIT_LEADERS, S_UNIT_LEADER_CLOSE, S_UNIT_LEADER_INS,
	S_ORG_INS, S_ORG_GET, S_ORG_LIST, S_ORG_SECS, S_ORG_SEC_CLOSE, S_ORG_SEC_INS,
	S_ORG_UPD, S_ORG_DISSOLVE, S_ORG_DEL, S_ORG_REFS,
	S_PERSON_INS, S_PERSON_GET, S_PERSON_LIST, S_REACH,
	S_LAST
};
SQ_FITS(SQ_AREA_ORG, S_LAST);

static int64_t after_id(struct page pg)
{
	return pg.after ? strtoll(pg.after, NULL, 10) : 0;
}

/* ---- alliances ---- */

static enum err_code alliance_insert(struct store *st, struct alliance *a, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, S_ALLIANCE_INS,
		"INSERT INTO alliances(name,description,created_at_ms) VALUES($1,$2,$3) RETURNING id");
	if (!s)
		return db_error(st->db, e, "alliance_insert");
	db_bind_text(s, 1, a->name);
	db_bind_text(s, 2, a->description);
	db_bind_i64(s, 3, a->created_at_ms);
	rc = db_insert_id(st->db, s, &a->id, e, "alliance_insert");
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "name", "联建名称“%s”已存在", a->name);
	if (rc)
		return rc;
	for (size_t i = 0; i < a->n_counties; i++) {
		s = db_stmt(st->db, S_ALLIANCE_COUNTY_INS,
			    "INSERT INTO alliance_counties(alliance_id,county_code) VALUES($1,$2)");
		if (!s)
			return db_error(st->db, e, "alliance_insert");
		db_bind_i64(s, 1, a->id);
		db_bind_text(s, 2, a->counties[i]);
		if ((rc = db_write(st->db, s, e, "alliance county")))
			return rc;
	}
	return ERR_OK;
}

/* The each hook of alliance lists (ctx: the store). */
static enum err_code alliance_counties(void *ctx, void *element, struct err *e)
{
	struct store *st = ctx;
	struct alliance *a = element;
	return db_code_column(st->db, S_ALLIANCE_COUNTIES,
			      "SELECT county_code FROM alliance_counties WHERE alliance_id=$1 "
			      "ORDER BY county_code",
			      a->id, (char *)a->counties, sizeof(a->counties[0]),
			      ALLIANCE_MAX_COUNTIES, &a->n_counties, e, "alliance_counties");
}

static void alliance_row(struct db_stmt *s, void *row)
{
	struct alliance *a = row;
	memset(a, 0, sizeof(*a));
	a->id = db_col_i64(s, 0);
	db_text(s, 1, a->name, sizeof(a->name));
	db_text(s, 2, a->description, sizeof(a->description));
	a->created_at_ms = db_col_i64(s, 3);
}

static enum err_code alliance_get(struct store *st, int64_t id, struct alliance *out,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ALLIANCE_GET,
		"SELECT id,name,description,created_at_ms FROM alliances WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "alliance_get");
	db_bind_i64(s, 1, id);
	enum err_code rc = db_one(st->db, s, alliance_row, out, "联建", e, "alliance_get");
	return rc ? rc : alliance_counties(st, out, e);
}

static enum err_code alliance_list(struct store *st, const char *id_in, struct page pg,
				   struct alliance **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ALLIANCE_LIST, db_sql(st->db,
		"SELECT id,name,description,created_at_ms FROM alliances WHERE id>$1 "
		"AND ($3 IS NULL OR instr($3,','||id||',')>0) ORDER BY id LIMIT $2",
		"SELECT id,name,description,created_at_ms FROM alliances WHERE id>$1 "
		"AND (CAST($3 AS TEXT) IS NULL "
		"OR strpos(CAST($3 AS TEXT),','||CAST(id AS TEXT)||',')>0) ORDER BY id LIMIT $2"));
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "alliance_list");
	db_bind_i64(s, 1, after_id(pg));
	db_bind_i64(s, 2, pg.limit);
	db_bind_text(s, 3, id_in);
	static const struct db_collect_hooks hooks = { .each = alliance_counties };
	void *arr = NULL;
	enum err_code rc = db_collect_ex(st->db, s, sizeof(struct alliance), alliance_row, &hooks,
					 st, &arr, out_n, e, "alliance_list");
	*out = arr;
	return rc;
}

static void alliance_county_row(struct db_stmt *s, void *row)
{
	struct alliance_county *r = row;
	memset(r, 0, sizeof(*r));
	r->alliance_id = db_col_i64(s, 0);
	db_text(s, 1, r->county, sizeof(r->county));
}

/* One statement (it runs for every request of a signed-in account), each
 * key looked up by index (the JSON arrays feed IN), so the cost follows the
 * grants, not the number of alliances or units. */
static enum err_code reach_alliances(struct store *st, const struct reach_keys *k,
				     struct alliance_county **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_REACH, db_sql(st->db,
		"WITH r(id) AS ("
		"SELECT id FROM alliances WHERE $5 OR id IN (SELECT value FROM json_each($1)) "
		"UNION SELECT alliance_id FROM alliance_counties "
		"WHERE $2 IS NOT NULL AND instr($2,','||county_code||',')>0 "
		"UNION SELECT alliance_id FROM units WHERE id IN (SELECT value FROM json_each($3)) "
		"UNION SELECT u.alliance_id FROM unit_members m JOIN units u ON u.id=m.unit_id "
		"WHERE m.removed_at_ms IS NULL AND m.org_id IN (SELECT value FROM json_each($4))) "
		"SELECT a.id, coalesce(c.county_code,'') FROM alliances a JOIN r ON r.id=a.id "
		"LEFT JOIN alliance_counties c ON c.alliance_id=a.id ORDER BY a.id, c.county_code",
		"WITH r(id) AS ("
		"SELECT id FROM alliances WHERE CAST($5 AS BIGINT)<>0 OR id IN "
		"(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS json))) "
		"UNION SELECT alliance_id FROM alliance_counties "
		"WHERE strpos(CAST($2 AS TEXT),','||county_code||',')>0 "
		"UNION SELECT alliance_id FROM units WHERE id IN "
		"(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($3 AS json))) "
		"UNION SELECT u.alliance_id FROM unit_members m JOIN units u ON u.id=m.unit_id "
		"WHERE m.removed_at_ms IS NULL AND m.org_id IN "
		"(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($4 AS json)))) "
		"SELECT a.id, coalesce(c.county_code,'') FROM alliances a JOIN r ON r.id=a.id "
		"LEFT JOIN alliance_counties c ON c.alliance_id=a.id "
		"ORDER BY a.id, c.county_code NULLS FIRST"));
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "reach_alliances");
	db_bind_text(s, 1, k->alliance_ids);
	db_bind_text(s, 2, k->county_in);
	db_bind_text(s, 3, k->unit_ids);
	db_bind_text(s, 4, k->org_ids);
	db_bind_i64(s, 5, k->every != 0);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct alliance_county),
				      alliance_county_row, &arr, out_n, e, "reach_alliances");
	*out = arr;
	return rc;
}

/* ---- units ---- */

static enum err_code unit_insert(struct store *st, struct unit *u, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, S_UNIT_INS,
		"INSERT INTO units(alliance_id,tier,name,parent_id,created_at_ms) "
		"VALUES($1,$2,$3,$4,$5) RETURNING id");
	if (!s)
		return db_error(st->db, e, "unit_insert");
	db_bind_i64(s, 1, u->alliance_id);
	db_bind_text(s, 2, u->tier);
	db_bind_text(s, 3, u->name);
	db_bind_opt_id(s, 4, u->parent_id);
	db_bind_i64(s, 5, u->created_at_ms);
	rc = db_insert_id(st->db, s, &u->id, e, "unit_insert");
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "tier", "每个联建只能有一个县级工作专班");
	if (rc)
		return rc;
	for (size_t i = 0; i < u->n_divisions; i++) {
		s = db_stmt(st->db, S_UNIT_DIV_INS,
			    "INSERT INTO unit_divisions(unit_id,code) VALUES($1,$2)");
		if (!s)
			return db_error(st->db, e, "unit_insert");
		db_bind_i64(s, 1, u->id);
		db_bind_text(s, 2, u->divisions[i]);
		if ((rc = db_write(st->db, s, e, "unit division")))
			return rc;
	}
	return ERR_OK;
}

static void unit_row(struct db_stmt *s, void *row)
{
	struct unit *u = row;
	memset(u, 0, sizeof(*u));
	u->id = db_col_i64(s, 0);
	u->alliance_id = db_col_i64(s, 1);
	db_text(s, 2, u->tier, sizeof(u->tier));
	db_text(s, 3, u->name, sizeof(u->name));
	u->parent_id = db_col_i64(s, 4);
	u->created_at_ms = db_col_i64(s, 5);
}

/* The each hook of unit lists (ctx: the store). */
static enum err_code unit_divs(void *ctx, void *element, struct err *e)
{
	struct store *st = ctx;
	struct unit *u = element;
	return db_code_column(st->db, S_UNIT_DIVS,
			      "SELECT code FROM unit_divisions WHERE unit_id=$1 ORDER BY code", u->id,
			      (char *)u->divisions, sizeof(u->divisions[0]), UNIT_MAX_DIVISIONS,
			      &u->n_divisions, e, "unit_divs");
}

#define UNIT_COLS "id,alliance_id,tier,name,parent_id,created_at_ms"

static enum err_code unit_get(struct store *st, int64_t id, struct unit *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_UNIT_GET, "SELECT " UNIT_COLS " FROM units WHERE id=$1");
	if (!s)
		return db_error(st->db, e, "unit_get");
	db_bind_i64(s, 1, id);
	enum err_code rc = db_one(st->db, s, unit_row, out, "联建单位", e, "unit_get");
	return rc ? rc : unit_divs(st, out, e);
}

static enum err_code unit_list(struct store *st, int64_t alliance_id, const char *alliance_in,
			       const char *tier, struct page pg, struct unit **out, size_t *out_n,
			       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_UNIT_LIST, db_sql(st->db,
		"SELECT " UNIT_COLS " FROM units WHERE ($1=0 OR alliance_id=$1) AND "
		"($2 IS NULL OR tier=$2) AND ($5 IS NULL OR instr($5,','||alliance_id||',')>0) "
		"AND id>$3 ORDER BY id LIMIT $4",
		"SELECT " UNIT_COLS " FROM units WHERE (CAST($1 AS BIGINT)=0 OR alliance_id=$1) AND "
		"(CAST($2 AS TEXT) IS NULL OR tier=$2) AND (CAST($5 AS TEXT) IS NULL OR "
		"strpos(CAST($5 AS TEXT),','||CAST(alliance_id AS TEXT)||',')>0) "
		"AND id>$3 ORDER BY id LIMIT $4"));
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "unit_list");
	db_bind_i64(s, 1, alliance_id);
	db_bind_text(s, 2, tier);
	db_bind_i64(s, 3, after_id(pg));
	db_bind_i64(s, 4, pg.limit);
	db_bind_text(s, 5, alliance_in);
	static const struct db_collect_hooks hooks = { .each = unit_divs };
	void *arr = NULL;
	enum err_code rc = db_collect_ex(st->db, s, sizeof(struct unit), unit_row, &hooks, st, &arr,
					 out_n, e, "unit_list");
	*out = arr;
	return rc;
}

#define ORG_COLS "o.id,o.name,o.division_code,o.kind,o.created_at_ms,s.person_id,p.name," \
		 "o.dissolved_on,o.dissolved_reason"
#define ORG_FROM "FROM orgs o LEFT JOIN org_secretaries s ON s.org_id=o.id AND s.until_ms IS NULL " \
		 "LEFT JOIN people p ON p.id=s.person_id "

static void org_row(struct db_stmt *s, void *row)
{
	struct org *o = row;
	memset(o, 0, sizeof(*o));
	o->id = db_col_i64(s, 0);
	db_text(s, 1, o->name, sizeof(o->name));
	db_text(s, 2, o->division_code, sizeof(o->division_code));
	db_text(s, 3, o->kind, sizeof(o->kind));
	o->created_at_ms = db_col_i64(s, 4);
	o->secretary_id = db_col_i64(s, 5);
	db_text(s, 6, o->secretary_name, sizeof(o->secretary_name));
	o->dissolved_on = db_col_day(s, 7);
	db_text(s, 8, o->dissolved_reason, sizeof(o->dissolved_reason));
}

static enum err_code collect_orgs(struct store *st, struct db_stmt *s, struct org **out,
				  size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct org), org_row, &arr, out_n, e,
				      "org list");
	*out = arr;
	return rc;
}

static enum err_code unit_members(struct store *st, int64_t unit_id, struct org **out,
				  size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_UNIT_MEMBERS,
		"SELECT " ORG_COLS " " ORG_FROM
		"JOIN unit_members m ON m.org_id=o.id AND m.removed_at_ms IS NULL "
		"WHERE m.unit_id=$1 ORDER BY o.division_code, o.id");
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "unit_members");
	db_bind_i64(s, 1, unit_id);
	return collect_orgs(st, s, out, out_n, e);
}

static enum err_code unit_member_add(struct store *st, int64_t unit_id, int64_t org_id,
				     int64_t now_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_UNIT_MEMBER_ADD,
		"INSERT INTO unit_members(unit_id,org_id,added_at_ms) VALUES($1,$2,$3)");
	if (!s)
		return db_error(st->db, e, "unit_member_add");
	db_bind_i64(s, 1, unit_id);
	db_bind_i64(s, 2, org_id);
	db_bind_i64(s, 3, now_ms);
	enum err_code rc = db_run(st->db, s, e, "unit_member_add");
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "org_id", "该党组织已是本单位成员");
	return rc;
}

static void post_row(struct db_stmt *s, void *row)
{
	struct post *p = row;
	p->person_id = db_col_i64(s, 0);
	db_text(s, 1, p->person_name, sizeof(p->person_name));
	p->since_ms = db_col_i64(s, 2);
	p->until_ms = db_col_i64(s, 3);
}

static enum err_code collect_posts(struct store *st, struct db_stmt *s, struct post **out,
				   size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct post), post_row, &arr, out_n, e,
				      "post history");
	*out = arr;
	return rc;
}

static enum err_code unit_leader_history(struct store *st, int64_t unit_id, struct post **out,
					 size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_UNIT_LEADERS,
		"SELECT l.person_id,p.name,l.since_ms,l.until_ms FROM unit_leaders l "
		"JOIN people p ON p.id=l.person_id WHERE l.unit_id=$1 ORDER BY l.id DESC");
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "unit_leader_history");
	db_bind_i64(s, 1, unit_id);
	return collect_posts(st, s, out, out_n, e);
}

/* Closes the open post of owner and opens one for person. */
static enum err_code set_post(struct store *st, int close_slot, const char *close_sql,
			      int ins_slot, const char *ins_sql, int64_t owner, int64_t person,
			      int64_t now, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, close_slot, close_sql);
	if (!s)
		return db_error(st->db, e, "post close");
	db_bind_i64(s, 1, now);
	db_bind_i64(s, 2, owner);
	if ((rc = db_write(st->db, s, e, "post close")))
		return rc;
	s = db_stmt(st->db, ins_slot, ins_sql);
	if (!s)
		return db_error(st->db, e, "post insert");
	db_bind_i64(s, 1, owner);
	db_bind_i64(s, 2, person);
	db_bind_i64(s, 3, now);
	return db_write(st->db, s, e, "post insert");
}

static enum err_code unit_leader_set(struct store *st, int64_t unit_id, int64_t person_id,
				     int64_t now_ms, struct err *e)
{
	return set_post(st, S_UNIT_LEADER_CLOSE,
			"UPDATE unit_leaders SET until_ms=$1 WHERE unit_id=$2 AND until_ms IS NULL",
			S_UNIT_LEADER_INS,
			"INSERT INTO unit_leaders(unit_id,person_id,since_ms) VALUES($1,$2,$3)",
			unit_id, person_id, now_ms, e);
}

/* ---- organisations and people ---- */

static enum err_code org_insert(struct store *st, struct org *o, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_INS,
		"INSERT INTO orgs(name,division_code,kind,created_at_ms) VALUES($1,$2,$3,$4) "
		"RETURNING id");
	if (!s)
		return db_error(st->db, e, "org_insert");
	db_bind_text(s, 1, o->name);
	db_bind_text(s, 2, o->division_code);
	db_bind_text(s, 3, o->kind);
	db_bind_i64(s, 4, o->created_at_ms);
	return db_insert_id(st->db, s, &o->id, e, "org_insert");
}

static enum err_code org_get(struct store *st, int64_t id, struct org *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_GET, "SELECT " ORG_COLS " " ORG_FROM "WHERE o.id=$1");
	if (!s)
		return db_error(st->db, e, "org_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, org_row, out, "党组织", e, "org_get");
}

static enum err_code org_list(struct store *st, const struct org_filter *f, struct page pg,
			      struct org **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_LIST, db_sql(st->db,
		"SELECT " ORG_COLS " " ORG_FROM
		"WHERE ($1 IS NULL OR substr(o.division_code,1,length($1))=$1) "
		"AND ($2 IS NULL OR instr(o.name,$2)>0) "
		"AND ($3=0 OR EXISTS (SELECT 1 FROM unit_members m WHERE m.org_id=o.id "
		"AND m.unit_id=$3 AND m.removed_at_ms IS NULL)) "
		"AND ($6 IS NULL OR instr($6,','||substr(o.division_code,1,6)||',')>0) "
		"AND ($7 OR o.dissolved_on IS NULL) "
		"AND o.id>$4 ORDER BY o.id LIMIT $5",
		"SELECT " ORG_COLS " " ORG_FROM
		"WHERE (CAST($1 AS TEXT) IS NULL "
		"OR substr(o.division_code,1,length(CAST($1 AS TEXT)))=CAST($1 AS TEXT)) "
		"AND (CAST($2 AS TEXT) IS NULL OR strpos(o.name,CAST($2 AS TEXT))>0) "
		"AND (CAST($3 AS BIGINT)=0 OR EXISTS (SELECT 1 FROM unit_members m WHERE m.org_id=o.id "
		"AND m.unit_id=$3 AND m.removed_at_ms IS NULL)) "
		"AND (CAST($6 AS TEXT) IS NULL "
		"OR strpos(CAST($6 AS TEXT),','||substr(o.division_code,1,6)||',')>0) "
		"AND (CAST($7 AS BIGINT)<>0 OR o.dissolved_on IS NULL) "
		"AND o.id>$4 ORDER BY o.id LIMIT $5"));
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "org_list");
	db_bind_opt_text(s, 1, f->division_prefix);
	db_bind_opt_text(s, 2, f->q);
	db_bind_i64(s, 3, f->unit_id);
	db_bind_i64(s, 4, after_id(pg));
	db_bind_i64(s, 5, pg.limit);
	db_bind_text(s, 6, f->county_in);
	db_bind_i64(s, 7, f->include_dissolved);
	return collect_orgs(st, s, out, out_n, e);
}

/* Steps an UPDATE/DELETE … RETURNING id: no row is a missing organisation. */
static enum err_code org_write(struct store *st, struct db_stmt *s, struct err *e,
			       const char *what)
{
	enum db_rc r = db_step(s);
	enum err_code rc = r == DB_FAIL ? db_error(st->db, e, what) : ERR_OK;
	db_reset(s);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", what);
	if (!rc && r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "党组织不存在");
	return rc;
}

static enum err_code org_update(struct store *st, const struct org *o, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_UPD,
		"UPDATE orgs SET name=$1,division_code=$2,kind=$3 WHERE id=$4 RETURNING id");
	if (!s)
		return db_error(st->db, e, "org_update");
	db_bind_text(s, 1, o->name);
	db_bind_text(s, 2, o->division_code);
	db_bind_text(s, 3, o->kind);
	db_bind_i64(s, 4, o->id);
	return org_write(st, s, e, "org_update");
}

static enum err_code org_dissolve(struct store *st, const struct org *o, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_DISSOLVE,
		"UPDATE orgs SET dissolved_on=$1,dissolved_reason=$2 WHERE id=$3 RETURNING id");
	if (!s)
		return db_error(st->db, e, "org_dissolve");
	db_bind_opt_day(s, 1, o->dissolved_on);
	db_bind_opt_text(s, 2, o->dissolved_on ? o->dissolved_reason : "");
	db_bind_i64(s, 3, o->id);
	return org_write(st, s, e, "org_dissolve");
}

/* Every column with a foreign key to orgs, in table-name order, after the
 * grants scoped to the organisation: the first that refers to it names the
 * table. One statement on both engines (CASE stops at the first hit); the
 * list is the schema's (SQLite's pragma_foreign_key_list, PostgreSQL's
 * pg_constraint): tests/unit/test_pg_org.c compares them, so that a table
 * added later with a reference to orgs fails the test until it is here. */
static enum err_code org_in_use(struct store *st, int64_t id, int *out_used, char *what,
				size_t what_size, struct err *e)
{
	*out_used = 0;
	struct db_stmt *s = db_stmt(st->db, S_ORG_REFS,
		"SELECT CASE "
		"WHEN EXISTS (SELECT 1 FROM grants WHERE scope_type='org' "
		"AND scope_id=CAST(CAST($1 AS BIGINT) AS TEXT)) THEN 'grants' "
		"WHEN EXISTS (SELECT 1 FROM activities WHERE host_org_id=$1) THEN 'activities' "
		"WHEN EXISTS (SELECT 1 FROM fair_sale_items WHERE org_id=$1) THEN 'fair_sale_items' "
		"WHEN EXISTS (SELECT 1 FROM matter_assignees WHERE org_id=$1) THEN 'matter_assignees' "
		"WHEN EXISTS (SELECT 1 FROM matters WHERE raised_by_org_id=$1) THEN 'matters' "
		"WHEN EXISTS (SELECT 1 FROM meeting_invites WHERE org_id=$1) THEN 'meeting_invites' "
		"WHEN EXISTS (SELECT 1 FROM org_secretaries WHERE org_id=$1) THEN 'org_secretaries' "
		"WHEN EXISTS (SELECT 1 FROM people WHERE org_id=$1) THEN 'people' "
		"WHEN EXISTS (SELECT 1 FROM secondments WHERE to_org_id=$1) THEN 'secondments' "
		"WHEN EXISTS (SELECT 1 FROM secondments WHERE from_org_id=$1) THEN 'secondments' "
		"WHEN EXISTS (SELECT 1 FROM unit_members WHERE org_id=$1) THEN 'unit_members' "
		"ELSE '' END");
	if (!s)
		return db_error(st->db, e, "org_in_use");
	db_bind_i64(s, 1, id);
	char table[32] = "";
	enum db_rc r = db_step(s);
	if (r == DB_ROW) {
		size_t len = 0;
		const char *t = s->drv->col_text(s, 0, &len);
		if (len < sizeof(table)) {
			memcpy(table, t, len);
			table[len] = '\0';
		}
	}
	enum err_code rc = r == DB_ROW ? ERR_OK : db_error(st->db, e, "org_in_use");
	db_reset(s);
	if (!rc && table[0]) {
		*out_used = 1;
		snprintf(what, what_size, "%s", table);
	}
	return rc;
}

static enum err_code org_delete(struct store *st, int64_t id, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_DEL, "DELETE FROM orgs WHERE id=$1 RETURNING id");
	if (!s)
		return db_error(st->db, e, "org_delete");
	db_bind_i64(s, 1, id);
	return org_write(st, s, e, "org_delete");
}

static enum err_code org_secretary_history(struct store *st, int64_t org_id, struct post **out,
					   size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ORG_SECS,
		"SELECT s.person_id,p.name,s.since_ms,s.until_ms FROM org_secretaries s "
		"JOIN people p ON p.id=s.person_id WHERE s.org_id=$1 ORDER BY s.id DESC");
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "org_secretary_history");
	db_bind_i64(s, 1, org_id);
	return collect_posts(st, s, out, out_n, e);
}

static enum err_code org_secretary_set(struct store *st, int64_t org_id, int64_t person_id,
				       int64_t now_ms, struct err *e)
{
	return set_post(st, S_ORG_SEC_CLOSE,
			"UPDATE org_secretaries SET until_ms=$1 WHERE org_id=$2 AND until_ms IS NULL",
			S_ORG_SEC_INS,
			"INSERT INTO org_secretaries(org_id,person_id,since_ms) VALUES($1,$2,$3)",
			org_id, person_id, now_ms, e);
}

#define PERSON_COLS "p.id,p.name,p.org_id,o.name,o.division_code,p.position,p.phone,p.is_demo," \
		    "p.created_at_ms"

static void person_row(struct db_stmt *s, void *row)
{
	struct person *p = row;
	memset(p, 0, sizeof(*p));
	p->id = db_col_i64(s, 0);
	db_text(s, 1, p->name, sizeof(p->name));
	p->org_id = db_col_i64(s, 2);
	db_text(s, 3, p->org_name, sizeof(p->org_name));
	db_text(s, 4, p->division_code, sizeof(p->division_code));
	db_text(s, 5, p->position, sizeof(p->position));
	db_text(s, 6, p->phone, sizeof(p->phone));
	p->is_demo = (int)db_col_i64(s, 7);
	p->created_at_ms = db_col_i64(s, 8);
}

static enum err_code person_insert(struct store *st, struct person *p, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_PERSON_INS,
		"INSERT INTO people(name,org_id,position,phone,is_demo,created_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6) RETURNING id");
	if (!s)
		return db_error(st->db, e, "person_insert");
	db_bind_text(s, 1, p->name);
	db_bind_i64(s, 2, p->org_id);
	db_bind_text(s, 3, p->position);
	db_bind_opt_text(s, 4, p->phone);
	db_bind_i64(s, 5, p->is_demo);
	db_bind_i64(s, 6, p->created_at_ms);
	return db_insert_id(st->db, s, &p->id, e, "person_insert");
}

static enum err_code person_get(struct store *st, int64_t id, struct person *out,
				struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_PERSON_GET,
		"SELECT " PERSON_COLS " FROM people p JOIN orgs o ON o.id=p.org_id WHERE p.id=$1");
	if (!s)
		return db_error(st->db, e, "person_get");
	db_bind_i64(s, 1, id);
	return db_one(st->db, s, person_row, out, "人员", e, "person_get");
}

static enum err_code person_list(struct store *st, const struct person_filter *f,
				 struct page pg, struct person **out, size_t *out_n,
				 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_PERSON_LIST, db_sql(st->db,
		"SELECT " PERSON_COLS " FROM people p JOIN orgs o ON o.id=p.org_id "
		"WHERE ($1=0 OR p.org_id=$1) AND ($2 IS NULL OR instr(p.name,$2)>0) "
		"AND ($3 IS NULL OR substr(o.division_code,1,6)=$3) "
		"AND ($6 IS NULL OR instr($6,','||substr(o.division_code,1,6)||',')>0) "
		"AND p.id>$4 ORDER BY p.id LIMIT $5",
		"SELECT " PERSON_COLS " FROM people p JOIN orgs o ON o.id=p.org_id "
		"WHERE (CAST($1 AS BIGINT)=0 OR p.org_id=$1) "
		"AND (CAST($2 AS TEXT) IS NULL OR strpos(p.name,CAST($2 AS TEXT))>0) "
		"AND (CAST($3 AS TEXT) IS NULL OR substr(o.division_code,1,6)=CAST($3 AS TEXT)) "
		"AND (CAST($6 AS TEXT) IS NULL "
		"OR strpos(CAST($6 AS TEXT),','||substr(o.division_code,1,6)||',')>0) "
		"AND p.id>$4 ORDER BY p.id LIMIT $5"));
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(st->db, e, "person_list");
	db_bind_i64(s, 1, f->org_id);
	db_bind_opt_text(s, 2, f->q);
	db_bind_opt_text(s, 3, f->county);
	db_bind_i64(s, 4, after_id(pg));
	db_bind_i64(s, 5, pg.limit);
	db_bind_text(s, 6, f->county_in);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct person), person_row, &arr, out_n, e,
				      "person_list");
	*out = arr;
	return rc;
}

const struct store_org_ops sql_org_ops = {
	.alliance_insert = alliance_insert,
	.alliance_get = alliance_get,
	.alliance_list = alliance_list,
	.unit_insert = unit_insert,
	.unit_get = unit_get,
	.unit_list = unit_list,
	.unit_members = unit_members,
	.unit_member_add = unit_member_add,
	.unit_leader_history = unit_leader_history,
	.unit_leader_set = unit_leader_set,
	.org_insert = org_insert,
	.org_get = org_get,
	.org_list = org_list,
	.org_update = org_update,
	.org_dissolve = org_dissolve,
	.org_in_use = org_in_use,
	.org_delete = org_delete,
	.org_secretary_history = org_secretary_history,
	.org_secretary_set = org_secretary_set,
	.person_insert = person_insert,
	.person_get = person_get,
	.person_list = person_list,
	.reach_alliances = reach_alliances,
};
