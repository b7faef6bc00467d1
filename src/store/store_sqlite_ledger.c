/* store_sqlite_ledger.c - the ledgers' queries and the importers' look-ups
 * in SQLite (store_ledger.h). */
#include <limits.h>
#include <string.h>

#include "core/date.h"
#include "store/sq_int.h"

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
		"WHERE m.alliance_id = ?1 AND m.raised_on <= ?3 "
		"AND (m.resolved_on IS NULL OR m.resolved_on >= ?2) ORDER BY m.id",
	[LEDGER_MEETINGS] =
		"SELECT mt.id, mt.title, mt.held_on, u.name, coalesce(pd.name, mt.place_division), "
		"(SELECT count(*) FROM meeting_agenda a WHERE a.meeting_id = mt.id), "
		"(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = mt.id), mt.minutes "
		"FROM meetings mt JOIN units u ON u.id = mt.unit_id "
		"LEFT JOIN divisions pd ON pd.code = mt.place_division "
		"WHERE mt.alliance_id = ?1 AND mt.held_on BETWEEN ?2 AND ?3 "
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
		"WHERE a.alliance_id = ?1 AND a.starts_on BETWEEN ?2 AND ?3 ORDER BY a.id",
	[LEDGER_PROJECTS] =
		"SELECT p.id, p.name, p.kind, p.line, p.stage, p.stage_on, p.investment_fen, "
		"(SELECT sum(f.amount_fen) FROM project_funds f WHERE f.project_id = p.id "
		"AND f.on_date BETWEEN ?2 AND ?3), p.jobs, p.income_per_head_fen, p.length_m, "
		"(SELECT count(*) FROM project_team_members t WHERE t.project_id = p.id) "
		"FROM projects p WHERE p.alliance_id = ?1 AND coalesce((SELECT min(s.on_date) "
		"FROM project_stages s WHERE s.project_id = p.id), p.stage_on) <= ?3 ORDER BY p.id",
	[LEDGER_FINANCING] =
		"SELECT f.id, e.name, e.uscc, f.lender, f.amount_fen, f.on_date, f.status "
		"FROM financing f JOIN enterprises e ON e.id = f.enterprise_id "
		"WHERE f.alliance_id = ?1 AND f.on_date BETWEEN ?2 AND ?3 ORDER BY f.id",
	[LEDGER_PEOPLE] =
		"SELECT p.id, p.name, o.name, substr(o.division_code, 1, 6), "
		"coalesce(cd.name, substr(o.division_code, 1, 6)), p.position, p.phone "
		"FROM people p JOIN orgs o ON o.id = p.org_id "
		"LEFT JOIN divisions cd ON cd.code = substr(o.division_code, 1, 6) "
		"WHERE substr(o.division_code, 1, 6) IN (SELECT county_code FROM alliance_counties "
		"WHERE alliance_id = ?1) AND ?2 <= ?3 ORDER BY p.id",
};

static void bind_bound(sqlite3_stmt *s, int i, int32_t day, const char *open)
{
	if (day == INT32_MIN || day == INT32_MAX)
		sqlite3_bind_text(s, i, open, -1, SQLITE_STATIC);
	else
		sq_bind_day(s, i, day);
}

#define LEDGER_MAX_COLS 24

static enum err_code sq_each(struct store *st, enum ledger l, int64_t alliance_id, int32_t from,
			     int32_t to, ledger_row_fn fn, void *ctx, struct err *e)
{
	struct sq *q = SQ(st);
	if ((unsigned)l >= LEDGER_COUNT)
		return err_set(e, ERR_INTERNAL, NULL, "台账不存在");
	sqlite3_stmt *s = sq_stmt(q, L_EACH + (int)l, ledger_sql[l]);
	if (!s)
		return sq_error(q, e, "ledger_each");
	sqlite3_bind_int64(s, 1, alliance_id);
	bind_bound(s, 2, from, "0000-01-01");
	bind_bound(s, 3, to, "9999-12-31");
	int n = sqlite3_column_count(s);
	if (n > LEDGER_MAX_COLS)
		n = LEDGER_MAX_COLS;
	struct ledger_value v[LEDGER_MAX_COLS];
	enum err_code rc = ERR_OK;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			int t = sqlite3_column_type(s, i);
			v[i].is_null = t == SQLITE_NULL;
			v[i].is_int = t == SQLITE_INTEGER;
			v[i].i = v[i].is_int ? sqlite3_column_int64(s, i) : 0;
			v[i].text = t == SQLITE_TEXT ? (const char *)sqlite3_column_text(s, i) : "";
			if (!v[i].text)
				v[i].text = "";
		}
		if ((rc = fn(ctx, v, n, e)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(q, e, "ledger_each");
	sqlite3_reset(s);
	return rc;
}

static enum err_code ids_of(struct sq *q, sqlite3_stmt *s, int64_t *ids, size_t max, size_t *n,
			    struct err *e, const char *what)
{
	int step;
	*n = 0;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if (*n < max)
			ids[(*n)++] = sqlite3_column_int64(s, 0);
	enum err_code rc = step == SQLITE_DONE ? ERR_OK : sq_error(q, e, what);
	sqlite3_reset(s);
	return rc;
}

static enum err_code sq_org_ids_by_name(struct store *st, const char *name, int64_t *ids,
					size_t max, size_t *n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, L_ORG, "SELECT id FROM orgs WHERE name = ?1 ORDER BY id");
	if (!s)
		return sq_error(q, e, "org_ids_by_name");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return ids_of(q, s, ids, max, n, e, "org_ids_by_name");
}

static enum err_code sq_person_ids_by_name(struct store *st, int64_t org_id, const char *name,
					   int64_t *ids, size_t max, size_t *n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, L_PERSON,
		"SELECT id FROM people WHERE org_id = ?1 AND name = ?2 ORDER BY id");
	if (!s)
		return sq_error(q, e, "person_ids_by_name");
	sqlite3_bind_int64(s, 1, org_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	return ids_of(q, s, ids, max, n, e, "person_ids_by_name");
}

const struct store_ledger_ops sq_ledger_ops = {
	.each = sq_each,
	.org_ids_by_name = sq_org_ids_by_name,
	.person_ids_by_name = sq_person_ids_by_name,
};
