/*
 * store_sqlite_audit.c - the audit log and object snapshots in SQLite.
 *
 * A snapshot is the JSON text of one object as the audit log records it
 * before and after a write; SQLite's JSON functions build it in the same
 * transaction as the write, so before/after are exactly what was stored.
 * Secrets (password hashes) are never part of a snapshot.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum { U_AUDIT_INS = SQ_FIRST(SQ_AREA_AUDIT), U_AUDIT_LIST, U_AUDIT_LIST_AFTER, U_LAST };
SQ_FITS(SQ_AREA_AUDIT, U_LAST);

struct snapshot_sql {
	const char *type;
	const char *sql;
};

static const struct snapshot_sql snapshots[] = {
	{ "user",
	  "SELECT json_object('id',id,'username',username,'display_name',display_name,"
	  "'person_id',person_id,'disabled',json(CASE disabled WHEN 0 THEN 'false' ELSE 'true' END),"
	  "'grants',json((SELECT json_group_array(json_object('role',role,'scope_type',scope_type,"
	  "'scope_id',scope_id)) FROM grants WHERE user_id=users.id))) FROM users WHERE id=?" },
	{ "session",
	  "SELECT json_object('user_id',id,'username',username) FROM users WHERE id=?" },
	{ "alliance",
	  "SELECT json_object('id',id,'name',name,'description',description,"
	  "'counties',json((SELECT json_group_array(county_code) FROM alliance_counties "
	  "WHERE alliance_id=alliances.id))) FROM alliances WHERE id=?" },
	{ "unit",
	  "SELECT json_object('id',id,'alliance_id',alliance_id,'tier',tier,'name',name,"
	  "'parent_id',parent_id,"
	  "'divisions',json((SELECT json_group_array(code) FROM unit_divisions WHERE unit_id=units.id)),"
	  "'members',json((SELECT json_group_array(org_id) FROM unit_members WHERE unit_id=units.id "
	  "AND removed_at_ms IS NULL)),"
	  "'leader_person_id',(SELECT person_id FROM unit_leaders WHERE unit_id=units.id "
	  "AND until_ms IS NULL)) FROM units WHERE id=?" },
	{ "org",
	  "SELECT json_object('id',id,'name',name,'division',division_code,'kind',kind,"
	  "'secretary_person_id',(SELECT person_id FROM org_secretaries WHERE org_id=orgs.id "
	  "AND until_ms IS NULL)) FROM orgs WHERE id=?" },
	{ "person",
	  "SELECT json_object('id',id,'name',name,'org_id',org_id,'position',position,"
	  "'phone',phone,'is_demo',is_demo) FROM people WHERE id=?" },
	{ "roster",
	  "SELECT json_object('unit_id',unit_id,'term',term,'starts_on',starts_on,"
	  "'person_ids',json(person_ids)) FROM rosters WHERE unit_id=? ORDER BY version DESC LIMIT 1" },
	{ "matter",
	  "SELECT json_object('id',id,'unit_id',unit_id,'title',title,'category',category,"
	  "'type',type,'priority',priority,'status',status,'due_on',due_on,"
	  "'resolution',resolution,'closed_reason',closed_reason,'funds_fen',funds_fen,"
	  "'people_count',people_count,'length_m',length_m,'jobs',jobs) FROM matters WHERE id=?" },
	{ "meeting",
	  "SELECT json_object('id',id,'unit_id',unit_id,'title',title,'held_on',held_on,"
	  "'place_division',place_division,'convener_person',convener_person,"
	  "'override_reason',override_reason,'minutes_chars',length(minutes),"
	  "'agenda',json((SELECT json_group_array(matter_id) FROM meeting_agenda WHERE meeting_id=meetings.id)),"
	  "'attendance',json((SELECT json_group_array(person_id) FROM meeting_attendance WHERE meeting_id=meetings.id))) "
	  "FROM meetings WHERE id=?" },
	{ "matter_type", "SELECT NULL WHERE ?=0" },
	{ NULL, NULL }
};

static enum err_code sq_snapshot(struct store *st, const char *type, int64_t id, char **out_json,
			  struct err *e)
{
	struct sq *q = SQ(st);
	*out_json = NULL;
	const struct snapshot_sql *ss = snapshots;
	while (ss->type && strcmp(ss->type, type) != 0)
		ss++;
	if (!ss->type)
		return ERR_OK;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(q->db, ss->sql, -1, &s, NULL) != SQLITE_OK)
		return sq_error(q, e, "snapshot");
	sqlite3_bind_int64(s, 1, id);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*out_json = sq_dup(s, 0);
	sqlite3_finalize(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sq_error(q, e, "snapshot");
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
	.insert = sq_audit_insert,
	.list = sq_audit_list,
	.entries_free = sq_audit_entries_free,
};
