/*
 * store_sqlite_audit.c - the audit log and object snapshots in SQLite.
 *
 * A snapshot is one object's row as the audit log records it before and
 * after a write, read in the same transaction as the write, so before/after
 * are exactly what was stored; the domain encodes it (domain/audit.c).
 * Secrets (password hashes) are never part of a snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	U_AUDIT_INS = SQ_FIRST(SQ_AREA_AUDIT), U_AUDIT_LIST, U_AUDIT_LIST_AFTER,
	U_SNAPSHOT, /* one per kind of snapshots[] */
	U_LAST = U_SNAPSHOT + 16
};
SQ_FITS(SQ_AREA_AUDIT, U_LAST);

/* Per kind: the object's row, one column per field (the column name is
 * the key), and each column's kind: i int, t text, b bool, I id list, T
 * text list, R rows (sub names their values). */
struct snapshot_sql {
	const char *type;
	const char *kinds;
	const char *sub;
	const char *sql;
};

#define SEP_COL "char(31)"
#define SEP_ROW "char(30)"

static const struct snapshot_sql snapshots[] = {
	{ "user", "ittibR", "role,scope_type,scope_id",
	  "SELECT id,username,display_name,person_id,disabled,"
	  "(SELECT group_concat(role||" SEP_COL "||scope_type||" SEP_COL "||coalesce(scope_id,'')," SEP_ROW ")"
	  " FROM grants WHERE user_id=users.id) AS grants FROM users WHERE id=?" },
	{ "session", "it", NULL, "SELECT id AS user_id,username FROM users WHERE id=?" },
	{ "alliance", "ittT", NULL,
	  "SELECT id,name,description,(SELECT group_concat(county_code," SEP_COL ") FROM alliance_counties "
	  "WHERE alliance_id=alliances.id) AS counties FROM alliances WHERE id=?" },
	{ "unit", "iittiTIi", NULL,
	  "SELECT id,alliance_id,tier,name,parent_id,"
	  "(SELECT group_concat(code," SEP_COL ") FROM unit_divisions WHERE unit_id=units.id) AS divisions,"
	  "(SELECT group_concat(org_id) FROM unit_members WHERE unit_id=units.id "
	  "AND removed_at_ms IS NULL) AS members,"
	  "(SELECT person_id FROM unit_leaders WHERE unit_id=units.id AND until_ms IS NULL) "
	  "AS leader_person_id FROM units WHERE id=?" },
	{ "org", "ittti", NULL,
	  "SELECT id,name,division_code AS division,kind,(SELECT person_id FROM org_secretaries "
	  "WHERE org_id=orgs.id AND until_ms IS NULL) AS secretary_person_id FROM orgs WHERE id=?" },
	{ "person", "itiiti", NULL,
	  "SELECT id,name,org_id,position,phone,is_demo FROM people WHERE id=?" },
	{ "roster", "itaI", NULL,
	  "SELECT unit_id,term,starts_on,replace(trim(person_ids,'[] '),' ','') AS person_ids "
	  "FROM rosters WHERE unit_id=? ORDER BY version DESC LIMIT 1" },
	{ "matter", "itttttttttiiii", NULL,
	  "SELECT id,unit_id,title,category,type,priority,status,due_on,resolution,closed_reason,"
	  "funds_fen,people_count,length_m,jobs FROM matters WHERE id=?" },
	{ "meeting", "iitttititII", NULL,
	  "SELECT id,unit_id,title,held_on,place_division,convener_person,override_reason,"
	  "length(minutes) AS minutes_chars,"
	  "(SELECT group_concat(matter_id) FROM meeting_agenda WHERE meeting_id=meetings.id) AS agenda,"
	  "(SELECT group_concat(person_id) FROM meeting_attendance WHERE meeting_id=meetings.id) "
	  "AS attendance FROM meetings WHERE id=?" },
	/* the economy line (store_economy.h) */
	{ "enterprise", "iitttt", NULL,
	  "SELECT id,alliance_id,name,uscc,division_code AS division,industry FROM enterprises "
	  "WHERE id=?" },
	{ "project", "iittttiiiiiTiI", NULL,
	  "SELECT id,alliance_id,kind,name,stage,stage_on,investment_fen,jobs,income_per_head_fen,"
	  "length_m,matter_id,(SELECT group_concat(code," SEP_COL ") FROM project_divisions "
	  "WHERE project_id=projects.id) AS divisions,(SELECT coalesce(sum(amount_fen),0) FROM "
	  "project_funds WHERE project_id=projects.id) AS funds_total_fen,(SELECT "
	  "group_concat(person_id) FROM project_team_members WHERE project_id=projects.id) AS team "
	  "FROM projects WHERE id=?" },
	{ "financing", "iiititt", NULL,
	  "SELECT id,alliance_id,enterprise_id,lender,amount_fen,on_date,status FROM financing "
	  "WHERE id=?" },
	{ NULL, NULL, NULL, NULL }
};

static void sq_snapshot_clear(struct snapshot *sn)
{
	for (size_t i = 0; i < sn->n; i++)
		free(sn->f[i].text);
	sn->n = 0;
	sn->exists = 0;
}

static void snapshot_row(sqlite3_stmt *s, const struct snapshot_sql *ss, struct snapshot *out)
{
	out->exists = 1;
	for (int c = 0; ss->kinds[c] && (size_t)c < SNAPSHOT_MAX_FIELDS; c++) {
		struct snapshot_field *f = &out->f[out->n++];
		const char *name = sqlite3_column_name(s, c);
		snprintf(f->key, sizeof(f->key), "%s", name ? name : "?");
		f->sub = ss->sub;
		int null = sqlite3_column_type(s, c) == SQLITE_NULL;
		switch (ss->kinds[c]) {
		case 'i': f->kind = null ? SNAP_NULL : SNAP_INT; break;
		case 'b': f->kind = SNAP_BOOL; break;
		case 't': case 'a': f->kind = null ? SNAP_NULL : SNAP_TEXT; break;
		case 'I': f->kind = SNAP_INTS; break;
		case 'T': f->kind = SNAP_TEXTS; break;
		default: f->kind = SNAP_ROWS; break;
		}
		if (f->kind == SNAP_INT || f->kind == SNAP_BOOL)
			f->i = sqlite3_column_int64(s, c);
		else if (f->kind != SNAP_NULL)
			f->text = sq_dup(s, c);
	}
}

static enum err_code sq_snapshot(struct store *st, const char *type, int64_t id,
				 struct snapshot *out, struct err *e)
{
	struct sq *q = SQ(st);
	memset(out, 0, sizeof(*out));
	const struct snapshot_sql *ss = snapshots;
	while (ss->type && strcmp(ss->type, type) != 0)
		ss++;
	if (!ss->type)
		return ERR_OK;
	sqlite3_stmt *s = sq_stmt(q, U_SNAPSHOT + (int)(ss - snapshots), ss->sql);
	if (!s)
		return sq_error(q, e, "snapshot");
	sqlite3_bind_int64(s, 1, id);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		snapshot_row(s, ss, out);
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		sq_snapshot_clear(out);
		return sq_error(q, e, "snapshot");
	}
	return ERR_OK;
}

static enum err_code sq_audit_insert(struct store *st, const struct audit_entry *a, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, U_AUDIT_INS,
		"INSERT INTO audit(at_ms,user_id,username,action,object_type,object_id,before,after) "
		"VALUES(?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "audit_insert");
	sqlite3_bind_int64(s, 1, a->at_ms);
	sq_bind_opt_id(s, 2, a->user_id);
	sqlite3_bind_text(s, 3, a->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, a->object_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, a->object_id, -1, SQLITE_STATIC);
	if (a->before)
		sqlite3_bind_text(s, 7, a->before, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 7);
	if (a->after)
		sqlite3_bind_text(s, 8, a->after, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 8);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "audit_insert");
}

static void audit_row(sqlite3_stmt *s, void *row)
{
	struct audit_entry *a = row;
	a->id = sqlite3_column_int64(s, 0);
	a->at_ms = sqlite3_column_int64(s, 1);
	a->user_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, a->username, sizeof(a->username));
	sq_text(s, 4, a->action, sizeof(a->action));
	sq_text(s, 5, a->object_type, sizeof(a->object_type));
	sq_text(s, 6, a->object_id, sizeof(a->object_id));
	a->before = sq_dup(s, 7);
	a->after = sq_dup(s, 8);
}

static void sq_audit_entries_free(struct audit_entry *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].before);
		free(a[i].after);
	}
	free(a);
}

static void audit_release(void *arr, size_t n)
{
	sq_audit_entries_free(arr, n);
}

static enum err_code sq_audit_list(struct store *st, struct page pg, struct audit_entry **out,
			    size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s;

	if (pg.after && *pg.after) {
		s = sq_stmt(q, U_AUDIT_LIST_AFTER,
			    "SELECT id,at_ms,user_id,username,action,object_type,object_id,"
			    "before,after FROM audit WHERE id<? ORDER BY id DESC LIMIT ?");
		if (!s)
			return sq_error(q, e, "audit_list");
		sqlite3_bind_int64(s, 1, strtoll(pg.after, NULL, 10));
		sqlite3_bind_int(s, 2, pg.limit);
	} else {
		s = sq_stmt(q, U_AUDIT_LIST,
			    "SELECT id,at_ms,user_id,username,action,object_type,object_id,"
			    "before,after FROM audit ORDER BY id DESC LIMIT ?");
		if (!s)
			return sq_error(q, e, "audit_list");
		sqlite3_bind_int(s, 1, pg.limit);
	}
	static const struct sq_collect_hooks hooks = { .release = audit_release };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct audit_entry), audit_row, &hooks, &arr,
					 out_n, e, "audit_list");
	*out = arr;
	return rc;
}

const struct store_audit_ops sq_audit_ops = {
	.snapshot = sq_snapshot,
	.snapshot_clear = sq_snapshot_clear,
	.insert = sq_audit_insert,
	.list = sq_audit_list,
	.entries_free = sq_audit_entries_free,
};
