/*
 * store_sql_audit.c - the audit log and object snapshots, written once over
 * the thin SQL driver (db.h) for SQLite and PostgreSQL.
 *
 * A snapshot is one object's row as the audit log records it before and
 * after a write, read in the same transaction as the write, so before/after
 * are exactly what was stored; the domain encodes it (domain/audit.c).
 * Secrets (password hashes) are never part of a snapshot.
 *
 * The dialects differ in the lists a snapshot folds into one text: SQLite's
 * group_concat follows the index its subquery searches (each one a primary
 * key or a unique index, so the order is fixed), PostgreSQL's string_agg
 * is given the same order explicitly, so both engines write the same JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_audit.h"
#include "store/store_sql.h"

enum {
	U_AUDIT_INS = SQ_FIRST(SQ_AREA_AUDIT), U_AUDIT_LIST, U_AUDIT_LIST_AFTER,
	U_SNAPSHOT, /* one per kind of snapshots[] */
	U_LAST = U_SNAPSHOT + 16
};
SQ_FITS(SQ_AREA_AUDIT, U_LAST);

/* Per kind: the object's row, one column per field; keys names the fields
 * in column order and kinds gives each one's kind: i int, t text, b bool,
 * I id list, T text list, R rows (sub names their values). pg is the
 * PostgreSQL text where it differs from sqlite's (NULL: the same). */
struct snapshot_sql {
	const char *type;
	const char *kinds;
	const char *keys;
	const char *sub;
	const char *sqlite;
	const char *pg;
};

/* The separators of store_audit.h, SNAP_SEP_COL and SNAP_SEP_ROW. */
#define SQ_COL "char(31)"
#define SQ_ROW "char(30)"
#define PG_COL "chr(31)"
#define PG_ROW "chr(30)"
/* An id list in PostgreSQL, in id order as SQLite's index gives it. */
#define PG_IDS(col, from) "(SELECT string_agg(CAST(" col " AS TEXT),',' ORDER BY " col ") " from ")"
#define PG_CODES(col, from) "(SELECT string_agg(" col "," PG_COL " ORDER BY " col ") " from ")"

static const struct snapshot_sql snapshots[] = {
	{ "user", "ittibR", "id,username,display_name,person_id,disabled,grants",
	  "role,scope_type,scope_id",
	  "SELECT id,username,display_name,person_id,disabled,"
	  "(SELECT group_concat(role||" SQ_COL "||scope_type||" SQ_COL "||coalesce(scope_id,'')," SQ_ROW ")"
	  " FROM grants WHERE user_id=users.id) AS grants FROM users WHERE id=$1",
	  /* grants' primary key order, byte-wise whatever the database's collation */
	  "SELECT id,username,display_name,person_id,disabled,"
	  "(SELECT string_agg(role||" PG_COL "||scope_type||" PG_COL "||coalesce(scope_id,'')," PG_ROW
	  " ORDER BY role COLLATE \"C\",scope_type COLLATE \"C\",scope_id COLLATE \"C\")"
	  " FROM grants WHERE user_id=users.id) AS grants FROM users WHERE id=$1" },
	{ "session", "it", "user_id,username", NULL,
	  "SELECT id AS user_id,username FROM users WHERE id=$1", NULL },
	{ "alliance", "ittT", "id,name,description,counties", NULL,
	  "SELECT id,name,description,(SELECT group_concat(county_code," SQ_COL ") FROM alliance_counties "
	  "WHERE alliance_id=alliances.id) AS counties FROM alliances WHERE id=$1",
	  "SELECT id,name,description,"
	  PG_CODES("county_code", "FROM alliance_counties WHERE alliance_id=alliances.id")
	  " AS counties FROM alliances WHERE id=$1" },
	{ "unit", "iittiTIi",
	  "id,alliance_id,tier,name,parent_id,divisions,members,leader_person_id", NULL,
	  "SELECT id,alliance_id,tier,name,parent_id,"
	  "(SELECT group_concat(code," SQ_COL ") FROM unit_divisions WHERE unit_id=units.id) AS divisions,"
	  "(SELECT group_concat(org_id) FROM unit_members WHERE unit_id=units.id "
	  "AND removed_at_ms IS NULL) AS members,"
	  "(SELECT person_id FROM unit_leaders WHERE unit_id=units.id AND until_ms IS NULL) "
	  "AS leader_person_id FROM units WHERE id=$1",
	  "SELECT id,alliance_id,tier,name,parent_id,"
	  PG_CODES("code", "FROM unit_divisions WHERE unit_id=units.id") " AS divisions,"
	  PG_IDS("org_id", "FROM unit_members WHERE unit_id=units.id AND removed_at_ms IS NULL")
	  " AS members,"
	  "(SELECT person_id FROM unit_leaders WHERE unit_id=units.id AND until_ms IS NULL) "
	  "AS leader_person_id FROM units WHERE id=$1" },
	{ "org", "itttitt",
	  "id,name,division,kind,secretary_person_id,dissolved_on,dissolved_reason", NULL,
	  "SELECT id,name,division_code AS division,kind,(SELECT person_id FROM org_secretaries "
	  "WHERE org_id=orgs.id AND until_ms IS NULL) AS secretary_person_id,dissolved_on,"
	  "dissolved_reason FROM orgs WHERE id=$1", NULL },
	{ "person", "itiiti", "id,name,org_id,position,phone,is_demo", NULL,
	  "SELECT id,name,org_id,position,phone,is_demo FROM people WHERE id=$1", NULL },
	{ "roster", "itaI", "unit_id,term,starts_on,person_ids", NULL,
	  "SELECT unit_id,term,starts_on,replace(trim(person_ids,'[] '),' ','') AS person_ids "
	  "FROM rosters WHERE unit_id=$1 ORDER BY version DESC LIMIT 1",
	  "SELECT unit_id,term,starts_on,replace(btrim(person_ids,'[] '),' ','') AS person_ids "
	  "FROM rosters WHERE unit_id=$1 ORDER BY version DESC LIMIT 1" },
	{ "matter", "itttttttttiiiitT",
	  "id,unit_id,title,category,type,priority,status,due_on,resolution,closed_reason,"
	  "funds_fen,people_count,length_m,jobs,description,divisions", NULL,
	  "SELECT id,unit_id,title,category,type,priority,status,due_on,resolution,closed_reason,"
	  "funds_fen,people_count,length_m,jobs,description,"
	  "(SELECT group_concat(code," SQ_COL ") FROM matter_divisions WHERE matter_id=matters.id) "
	  "AS divisions FROM matters WHERE id=$1",
	  "SELECT id,unit_id,title,category,type,priority,status,due_on,resolution,closed_reason,"
	  "funds_fen,people_count,length_m,jobs,description,"
	  PG_CODES("code", "FROM matter_divisions WHERE matter_id=matters.id")
	  " AS divisions FROM matters WHERE id=$1" },
	{ "meeting", "iitttitiII",
	  "id,unit_id,title,held_on,place_division,convener_person,override_reason,minutes_chars,"
	  "agenda,attendance", NULL,
	  "SELECT id,unit_id,title,held_on,place_division,convener_person,override_reason,"
	  "length(minutes) AS minutes_chars,"
	  "(SELECT group_concat(matter_id) FROM meeting_agenda WHERE meeting_id=meetings.id) AS agenda,"
	  "(SELECT group_concat(person_id) FROM meeting_attendance WHERE meeting_id=meetings.id) "
	  "AS attendance FROM meetings WHERE id=$1",
	  "SELECT id,unit_id,title,held_on,place_division,convener_person,override_reason,"
	  "length(minutes) AS minutes_chars,"
	  PG_IDS("matter_id", "FROM meeting_agenda WHERE meeting_id=meetings.id") " AS agenda,"
	  PG_IDS("person_id", "FROM meeting_attendance WHERE meeting_id=meetings.id")
	  " AS attendance FROM meetings WHERE id=$1" },
	/* the economy line (store_economy.h) */
	{ "enterprise", "iitttt", "id,alliance_id,name,uscc,division,industry", NULL,
	  "SELECT id,alliance_id,name,uscc,division_code AS division,industry FROM enterprises "
	  "WHERE id=$1", NULL },
	{ "project", "iittttiiiiiTiI",
	  "id,alliance_id,kind,name,stage,stage_on,investment_fen,jobs,income_per_head_fen,"
	  "length_m,matter_id,divisions,funds_total_fen,team", NULL,
	  "SELECT id,alliance_id,kind,name,stage,stage_on,investment_fen,jobs,income_per_head_fen,"
	  "length_m,matter_id,(SELECT group_concat(code," SQ_COL ") FROM project_divisions "
	  "WHERE project_id=projects.id) AS divisions,(SELECT coalesce(sum(amount_fen),0) FROM "
	  "project_funds WHERE project_id=projects.id) AS funds_total_fen,(SELECT "
	  "group_concat(person_id) FROM project_team_members WHERE project_id=projects.id) AS team "
	  "FROM projects WHERE id=$1",
	  "SELECT id,alliance_id,kind,name,stage,stage_on,investment_fen,jobs,income_per_head_fen,"
	  "length_m,matter_id,"
	  PG_CODES("code", "FROM project_divisions WHERE project_id=projects.id") " AS divisions,"
	  "(SELECT coalesce(sum(amount_fen),0) FROM project_funds WHERE project_id=projects.id) "
	  "AS funds_total_fen,"
	  PG_IDS("person_id", "FROM project_team_members WHERE project_id=projects.id")
	  " AS team FROM projects WHERE id=$1" },
	{ "financing", "iiititt", "id,alliance_id,enterprise_id,lender,amount_fen,on_date,status",
	  NULL,
	  "SELECT id,alliance_id,enterprise_id,lender,amount_fen,on_date,status FROM financing "
	  "WHERE id=$1", NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

static void snapshot_clear(struct snapshot *sn)
{
	for (size_t i = 0; i < sn->n; i++)
		free(sn->f[i].text);
	sn->n = 0;
	sn->exists = 0;
}

static void snapshot_row(struct db_stmt *s, const struct snapshot_sql *ss, struct snapshot *out)
{
	out->exists = 1;
	const char *key = ss->keys;
	for (int c = 0; ss->kinds[c] && (size_t)c < SNAPSHOT_MAX_FIELDS; c++) {
		struct snapshot_field *f = &out->f[out->n++];
		size_t len = strcspn(key, ",");
		snprintf(f->key, sizeof(f->key), "%.*s", (int)len, key);
		key += key[len] ? len + 1 : len;
		f->sub = ss->sub;
		int null = db_col_null(s, c);
		switch (ss->kinds[c]) {
		case 'i': f->kind = null ? SNAP_NULL : SNAP_INT; break;
		case 'b': f->kind = SNAP_BOOL; break;
		case 't': case 'a': f->kind = null ? SNAP_NULL : SNAP_TEXT; break;
		case 'I': f->kind = SNAP_INTS; break;
		case 'T': f->kind = SNAP_TEXTS; break;
		default: f->kind = SNAP_ROWS; break;
		}
		if (f->kind == SNAP_INT || f->kind == SNAP_BOOL)
			f->i = db_col_i64(s, c);
		else if (f->kind != SNAP_NULL)
			f->text = db_dup(s, c);
	}
}

static enum err_code snapshot(struct store *st, const char *type, int64_t id,
			      struct snapshot *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	const struct snapshot_sql *ss = snapshots;
	while (ss->type && strcmp(ss->type, type) != 0)
		ss++;
	if (!ss->type)
		return ERR_OK;
	struct db_stmt *s = db_stmt(st->db, U_SNAPSHOT + (int)(ss - snapshots),
				    db_sql(st->db, ss->sqlite, ss->pg ? ss->pg : ss->sqlite));
	if (!s)
		return db_error(st->db, e, "snapshot");
	db_bind_i64(s, 1, id);
	enum db_rc r = db_step(s);
	enum err_code rc = ERR_OK;
	if (r == DB_ROW)
		snapshot_row(s, ss, out);
	else if (r == DB_FAIL)
		rc = db_error(st->db, e, "snapshot");
	db_reset(s);
	if (rc)
		snapshot_clear(out);
	return rc;
}

static enum err_code audit_insert(struct store *st, const struct audit_entry *a, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, U_AUDIT_INS,
		"INSERT INTO audit(at_ms,user_id,username,action,object_type,object_id,before,after) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8)");
	if (!s)
		return db_error(st->db, e, "audit_insert");
	db_bind_i64(s, 1, a->at_ms);
	db_bind_opt_id(s, 2, a->user_id);
	db_bind_text(s, 3, a->username);
	db_bind_text(s, 4, a->action);
	db_bind_text(s, 5, a->object_type);
	db_bind_text(s, 6, a->object_id);
	db_bind_text(s, 7, a->before);
	db_bind_text(s, 8, a->after);
	return db_run(st->db, s, e, "audit_insert");
}

static void audit_row(struct db_stmt *s, void *row)
{
	struct audit_entry *a = row;
	a->id = db_col_i64(s, 0);
	a->at_ms = db_col_i64(s, 1);
	a->user_id = db_col_i64(s, 2);
	db_text(s, 3, a->username, sizeof(a->username));
	db_text(s, 4, a->action, sizeof(a->action));
	db_text(s, 5, a->object_type, sizeof(a->object_type));
	db_text(s, 6, a->object_id, sizeof(a->object_id));
	a->before = db_dup(s, 7);
	a->after = db_dup(s, 8);
}

static void audit_entries_free(struct audit_entry *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].before);
		free(a[i].after);
	}
	free(a);
}

static void audit_release(void *arr, size_t n)
{
	audit_entries_free(arr, n);
}

#define AUDIT_COLS "SELECT id,at_ms,user_id,username,action,object_type,object_id,before,after "

static enum err_code audit_list(struct store *st, struct page pg, struct audit_entry **out,
				size_t *out_n, struct err *e)
{
	struct db_stmt *s;
	if (pg.after && *pg.after) {
		s = db_stmt(st->db, U_AUDIT_LIST_AFTER,
			    AUDIT_COLS "FROM audit WHERE id<$1 ORDER BY id DESC LIMIT $2");
		if (!s)
			return db_error(st->db, e, "audit_list");
		db_bind_i64(s, 1, strtoll(pg.after, NULL, 10));
		db_bind_i64(s, 2, pg.limit);
	} else {
		s = db_stmt(st->db, U_AUDIT_LIST, AUDIT_COLS "FROM audit ORDER BY id DESC LIMIT $1");
		if (!s)
			return db_error(st->db, e, "audit_list");
		db_bind_i64(s, 1, pg.limit);
	}
	static const struct db_collect_hooks hooks = { .release = audit_release };
	void *arr = NULL;
	enum err_code rc = db_collect_ex(st->db, s, sizeof(struct audit_entry), audit_row, &hooks,
					 NULL, &arr, out_n, e, "audit_list");
	*out = arr;
	return rc;
}

const struct store_audit_ops sql_audit_ops = {
	.snapshot = snapshot,
	.snapshot_clear = snapshot_clear,
	.insert = audit_insert,
	.list = audit_list,
	.entries_free = audit_entries_free,
};
