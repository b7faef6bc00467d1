/*
 * store_sql_ledger.c - the ledgers' queries and the importers' look-ups
 * (store_ledger.h), written once over the thin SQL driver (db.h) for
 * SQLite and PostgreSQL.
 *
 * Each ledger's columns have a known kind (an integer or a text, as
 * ledger_kinds spells them), so a row reads the same on both engines; a
 * count or sum is numeric in PostgreSQL and read as its integer text.
 *
 * Memory: SQLite steps the query row by row, so an export of 100,000
 * matters holds one row at a time. PostgreSQL's engine (db_pg.c) runs a
 * statement with PQexecPrepared, whose result holds every row of the
 * ledger in client memory until the reset; a cursor or libpq's single-row
 * mode would make it stream there too.
 */
#include <limits.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_ledger.h"
#include "store/store_sql.h"

enum {
	L_EACH = SQ_FIRST(SQ_AREA_LEDGER), /* + enum ledger */
	L_ORG = L_EACH + LEDGER_COUNT, L_PERSON,
	L_LAST
};
SQ_FITS(SQ_AREA_LEDGER, L_LAST);

/* An activity's persons: people on record plus those counted by county. */
#define PERSONS "((SELECT count(*) FROM activity_participants p WHERE p.activity_id = a.id) + " \
	"coalesce((SELECT sum(h.persons) FROM activity_headcount h WHERE h.activity_id = a.id), 0))"

static const char *const ledger_sql[LEDGER_COUNT] = {
	[LEDGER_MATTERS] =
		"SELECT m.id, m.title, m.category, mt.label, m.priority, m.status, o.name, "
		"coalesce(cd.name, m.county_code), u.name, m.raised_on, m.due_on, m.resolved_on, "
		"m.resolution, m.funds_fen, m.people_count, m.length_m, m.jobs "
		"FROM matters m JOIN matter_types mt ON mt.key = m.type "
		"JOIN orgs o ON o.id = m.raised_by_org_id JOIN units u ON u.id = m.unit_id "
		"LEFT JOIN divisions cd ON cd.code = m.county_code "
		"WHERE m.alliance_id = $1 AND m.raised_on <= $3 "
		"AND (m.resolved_on IS NULL OR m.resolved_on >= $2) ORDER BY m.id",
	[LEDGER_MEETINGS] =
		"SELECT mt.id, mt.title, mt.held_on, u.name, coalesce(pd.name, mt.place_division), "
		"(SELECT count(*) FROM meeting_agenda a WHERE a.meeting_id = mt.id), "
		"(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = mt.id), mt.minutes "
		"FROM meetings mt JOIN units u ON u.id = mt.unit_id "
		"LEFT JOIN divisions pd ON pd.code = mt.place_division "
		"WHERE mt.alliance_id = $1 AND mt.held_on BETWEEN $2 AND $3 "
		"AND mt.cancelled_at_ms IS NULL ORDER BY mt.id",
	[LEDGER_ACTIVITIES] =
		"SELECT a.id, a.title, a.kind, a.line, a.starts_on, a.ends_on, "
		"coalesce(pd.name, a.place_division), o.name, coalesce(cd.name, a.county_code), "
		PERSONS ", CASE WHEN EXISTS (SELECT 1 FROM sittings s WHERE s.activity_id = a.id) "
		"THEN (SELECT count(*) FROM sitting_attendance sa JOIN sittings s "
		"ON s.id = sa.sitting_id WHERE s.activity_id = a.id) ELSE " PERSONS " END, "
		"(SELECT sum(i.amount_fen) FROM fair_sale_items i WHERE i.activity_id = a.id) "
		"FROM activities a JOIN orgs o ON o.id = a.host_org_id "
		"LEFT JOIN divisions pd ON pd.code = a.place_division "
		"LEFT JOIN divisions cd ON cd.code = a.county_code "
		"WHERE a.alliance_id = $1 AND a.starts_on BETWEEN $2 AND $3 ORDER BY a.id",
	[LEDGER_PROJECTS] =
		"SELECT p.id, p.name, p.kind, p.line, p.stage, p.stage_on, p.investment_fen, "
		"(SELECT sum(f.amount_fen) FROM project_funds f WHERE f.project_id = p.id "
		"AND f.on_date BETWEEN $2 AND $3), p.jobs, p.income_per_head_fen, p.length_m, "
		"(SELECT count(*) FROM project_team_members t WHERE t.project_id = p.id) "
		"FROM projects p WHERE p.alliance_id = $1 AND coalesce((SELECT min(s.on_date) "
		"FROM project_stages s WHERE s.project_id = p.id), p.stage_on) <= $3 ORDER BY p.id",
	[LEDGER_FINANCING] =
		"SELECT f.id, e.name, e.uscc, f.lender, f.amount_fen, f.on_date, f.status "
		"FROM financing f JOIN enterprises e ON e.id = f.enterprise_id "
		"WHERE f.alliance_id = $1 AND f.on_date BETWEEN $2 AND $3 ORDER BY f.id",
	[LEDGER_PEOPLE] =
		"SELECT p.id, p.name, o.name, substr(o.division_code, 1, 6), "
		"coalesce(cd.name, substr(o.division_code, 1, 6)), p.position, p.phone "
		"FROM people p JOIN orgs o ON o.id = p.org_id "
		"LEFT JOIN divisions cd ON cd.code = substr(o.division_code, 1, 6) "
		"WHERE substr(o.division_code, 1, 6) IN (SELECT county_code FROM alliance_counties "
		"WHERE alliance_id = $1) AND CAST($2 AS TEXT) <= CAST($3 AS TEXT) ORDER BY p.id",
};

/* The kind of each column of a ledger, in its order: 'i' an integer, 't'
 * a text (store_ledger.h documents the columns). */
static const char *const ledger_kinds[LEDGER_COUNT] = {
	[LEDGER_MATTERS] = "ittttttttttttiiii",
	[LEDGER_MEETINGS] = "ittttiit",
	[LEDGER_ACTIVITIES] = "ittttttttiii",
	[LEDGER_PROJECTS] = "itttttiiiiii",
	[LEDGER_FINANCING] = "itttitt",
	[LEDGER_PEOPLE] = "itttttt",
};

static void bind_bound(struct db_stmt *s, int i, int32_t day, const char *open)
{
	if (day == INT32_MIN || day == INT32_MAX)
		db_bind_text(s, i, open);
	else
		db_bind_day(s, i, day);
}

#define LEDGER_MAX_COLS 24

static enum err_code each(struct store *st, enum ledger l, int64_t alliance_id, int32_t from,
			  int32_t to, ledger_row_fn fn, void *ctx, struct err *e)
{
	if ((unsigned)l >= LEDGER_COUNT)
		return err_set(e, ERR_INTERNAL, NULL, "台账不存在");
	struct db_stmt *s = db_stmt(st->db, L_EACH + (int)l, ledger_sql[l]);
	if (!s)
		return db_error(st->db, e, "ledger_each");
	db_bind_i64(s, 1, alliance_id);
	bind_bound(s, 2, from, "0000-01-01");
	bind_bound(s, 3, to, "9999-12-31");
	const char *kinds = ledger_kinds[l];
	int n = (int)strlen(kinds);
	struct ledger_value v[LEDGER_MAX_COLS];
	enum err_code rc = ERR_OK;
	enum db_rc step;
	while ((step = db_step(s)) == DB_ROW) {
		for (int i = 0; i < n; i++) {
			int is_null = db_col_null(s, i);
			int is_int = !is_null && kinds[i] == 'i';
			size_t len = 0;
			v[i] = (struct ledger_value){
				.is_null = is_null,
				.is_int = is_int,
				.i = is_int ? db_col_i64(s, i) : 0,
				.text = is_null || is_int ? "" : s->drv->col_text(s, i, &len),
			};
		}
		if ((rc = fn(ctx, v, n, e)))
			break;
	}
	if (!rc && step != DB_DONE)
		rc = db_error(st->db, e, "ledger_each");
	db_reset(s);
	return rc;
}

static enum err_code ids_of(struct store *st, struct db_stmt *s, int64_t *ids, size_t max,
			    size_t *n, struct err *e, const char *what)
{
	enum db_rc step;
	*n = 0;
	while ((step = db_step(s)) == DB_ROW)
		if (*n < max)
			ids[(*n)++] = db_col_i64(s, 0);
	enum err_code rc = step == DB_DONE ? ERR_OK : db_error(st->db, e, what);
	db_reset(s);
	return rc;
}

static enum err_code org_ids_by_name(struct store *st, const char *name, int64_t *ids,
				     size_t max, size_t *n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, L_ORG, "SELECT id FROM orgs WHERE name = $1 ORDER BY id");
	if (!s)
		return db_error(st->db, e, "org_ids_by_name");
	db_bind_text(s, 1, name);
	return ids_of(st, s, ids, max, n, e, "org_ids_by_name");
}

static enum err_code person_ids_by_name(struct store *st, int64_t org_id, const char *name,
					int64_t *ids, size_t max, size_t *n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, L_PERSON,
		"SELECT id FROM people WHERE org_id = $1 AND name = $2 ORDER BY id");
	if (!s)
		return db_error(st->db, e, "person_ids_by_name");
	db_bind_i64(s, 1, org_id);
	db_bind_text(s, 2, name);
	return ids_of(st, s, ids, max, n, e, "person_ids_by_name");
}

const struct store_ledger_ops sql_ledger_ops = {
	.each = each,
	.org_ids_by_name = org_ids_by_name,
	.person_ids_by_name = person_ids_by_name,
};
