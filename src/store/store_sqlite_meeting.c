/*
 * store_sqlite_meeting.c - joint meetings in SQLite: meetings with their
 * agenda, invitations and attendance, minutes and decisions.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	G_INS = SQ_FIRST(SQ_AREA_MEETING), G_AGENDA_INS, G_INVITE_INS, G_GET, G_AGENDA, G_INVITES,
	G_ATTEND, G_LIST, G_ATT_DEL, G_ATT_INS, G_MINUTES, D_INS, D_LIST, D_LAST,
	G_UPD, G_AGENDA_DEL, G_INVITE_DEL, G_CANCEL,
	G_LAST
};
SQ_FITS(SQ_AREA_MEETING, G_LAST);

/* ---- meetings ---- */

/* Inserts the agenda and invitations of meeting m (m->id set). */
static enum err_code meeting_links_insert(struct sq *q, const struct meeting *m, struct err *e)
{
	enum err_code rc;
	sqlite3_stmt *s;
	for (size_t i = 0; i < m->n_agenda; i++) {
		s = sq_stmt(q, G_AGENDA_INS,
			    "INSERT INTO meeting_agenda(meeting_id,matter_id,pos) VALUES(?,?,?)");
		if (!s)
			return sq_error(q, e, "meeting_links");
		sqlite3_bind_int64(s, 1, m->id);
		sqlite3_bind_int64(s, 2, m->agenda[i]);
		sqlite3_bind_int(s, 3, (int)i);
		if ((rc = sq_done(q, s, e, "meeting agenda")))
			return rc;
	}
	for (size_t i = 0; i < m->n_invites; i++) {
		s = sq_stmt(q, G_INVITE_INS, "INSERT INTO meeting_invites(meeting_id,org_id) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "meeting_links");
		sqlite3_bind_int64(s, 1, m->id);
		sqlite3_bind_int64(s, 2, m->invites[i]);
		if ((rc = sq_done(q, s, e, "meeting invite")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_meeting_insert(struct store *st, struct meeting *m, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, G_INS,
		"INSERT INTO meetings(alliance_id,unit_id,title,held_on,place_division,convener_person,"
		"convener_user,override_reason,created_at_ms) VALUES(?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "meeting_insert");
	sqlite3_bind_int64(s, 1, m->alliance_id);
	sqlite3_bind_int64(s, 2, m->unit_id);
	sqlite3_bind_text(s, 3, m->title, -1, SQLITE_STATIC);
	sq_bind_opt_day(s, 4, m->held_on);
	sqlite3_bind_text(s, 5, m->place_division, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 6, m->convener_person);
	sqlite3_bind_int64(s, 7, m->convener_user);
	sq_bind_opt_text(s, 8, m->override_reason);
	sqlite3_bind_int64(s, 9, m->created_at_ms);
	if ((rc = sq_done(q, s, e, "meeting_insert")))
		return rc;
	m->id = sqlite3_last_insert_rowid(q->db);
	return meeting_links_insert(q, m, e);
}

#define MEETING_COLS "g.id,g.alliance_id,g.unit_id,g.title,g.held_on,g.place_division," \
	"g.convener_person,g.convener_user,g.override_reason,g.minutes,g.created_at_ms,u.name,p.name," \
	"g.cancelled_at_ms,g.cancelled_by,g.cancel_reason,cu.display_name"
#define MEETING_FROM "FROM meetings g JOIN units u ON u.id=g.unit_id " \
	"LEFT JOIN people p ON p.id=g.convener_person " \
	"LEFT JOIN users cu ON cu.id=g.cancelled_by "

static void meeting_row(sqlite3_stmt *s, struct meeting *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(s, 0);
	m->alliance_id = sqlite3_column_int64(s, 1);
	m->unit_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, m->title, sizeof(m->title));
	m->held_on = sq_col_day(s, 4);
	sq_text(s, 5, m->place_division, sizeof(m->place_division));
	m->convener_person = sqlite3_column_int64(s, 6);
	m->convener_user = sqlite3_column_int64(s, 7);
	sq_text(s, 8, m->override_reason, sizeof(m->override_reason));
	sq_text(s, 9, m->minutes, sizeof(m->minutes));
	m->created_at_ms = sqlite3_column_int64(s, 10);
	sq_text(s, 11, m->unit_name, sizeof(m->unit_name));
	sq_text(s, 12, m->convener_name, sizeof(m->convener_name));
	m->cancelled_at_ms = sqlite3_column_int64(s, 13);
	m->cancelled_by = sqlite3_column_int64(s, 14);
	sq_text(s, 15, m->cancel_reason, sizeof(m->cancel_reason));
	sq_text(s, 16, m->cancelled_by_name, sizeof(m->cancelled_by_name));
}

static void meeting_row_any(sqlite3_stmt *s, void *row)
{
	meeting_row(s, row);
}

static enum err_code meeting_attendees(struct sq *q, void *element, struct err *e)
{
	struct meeting *m = element;
	return sq_id_column(q, G_ATTEND,
			    "SELECT person_id FROM meeting_attendance WHERE meeting_id=? "
			    "ORDER BY person_id",
			    m->id, m->attendees, MEETING_MAX_ATTENDEES, &m->n_attendees, e,
			    "meeting_attendance");
}

static enum err_code sq_meeting_get(struct store *st, int64_t id, struct meeting *out,
				    struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_GET, "SELECT " MEETING_COLS " " MEETING_FROM "WHERE g.id=?");
	if (!s)
		return sq_error(q, e, "meeting_get");
	sqlite3_bind_int64(s, 1, id);
	enum err_code rc = sq_one(q, s, meeting_row_any, out, "会议", e, "meeting_get");
	if (!rc)
		rc = sq_id_column(q, G_AGENDA,
				  "SELECT matter_id FROM meeting_agenda WHERE meeting_id=? ORDER BY pos",
				  id, out->agenda, MEETING_MAX_AGENDA, &out->n_agenda, e,
				  "meeting_agenda");
	if (!rc)
		rc = sq_id_column(q, G_INVITES,
				  "SELECT org_id FROM meeting_invites WHERE meeting_id=? "
				  "ORDER BY org_id",
				  id, out->invites, MEETING_MAX_INVITES, &out->n_invites, e,
				  "meeting_invites");
	return rc ? rc : meeting_attendees(q, out, e);
}

static enum err_code sq_meeting_list(struct store *st, int64_t unit_id, int64_t alliance_id,
				     const char *alliance_in, struct page pg, struct meeting **out, size_t *out_n,
				     struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_LIST,
		"SELECT " MEETING_COLS " " MEETING_FROM
		"WHERE (?1=0 OR g.unit_id=?1) AND (?2=0 OR g.alliance_id=?2) AND g.id<?3 "
		"AND (?5 IS NULL OR instr(?5,','||g.alliance_id||',')>0) "
		"ORDER BY g.id DESC LIMIT ?4");
	if (!s)
		return sq_error(q, e, "meeting_list");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, alliance_id);
	sqlite3_bind_int64(s, 3, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	sqlite3_bind_int(s, 4, pg.limit);
	if (alliance_in)
		sqlite3_bind_text(s, 5, alliance_in, -1, SQLITE_STATIC);
	static const struct sq_collect_hooks hooks = { .each = meeting_attendees };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct meeting), meeting_row_any, &hooks, &arr,
					 out_n, e, "meeting_list");
	*out = arr;
	return rc;
}

static enum err_code sq_meeting_update(struct store *st, const struct meeting *m, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, G_UPD,
		"UPDATE meetings SET title=?,held_on=?,place_division=?,override_reason=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "meeting_update");
	sqlite3_bind_text(s, 1, m->title, -1, SQLITE_STATIC);
	sq_bind_opt_day(s, 2, m->held_on);
	sqlite3_bind_text(s, 3, m->place_division, -1, SQLITE_STATIC);
	sq_bind_opt_text(s, 4, m->override_reason);
	sqlite3_bind_int64(s, 5, m->id);
	if ((rc = sq_done(q, s, e, "meeting_update")))
		return rc;
	if (!(s = sq_stmt(q, G_AGENDA_DEL, "DELETE FROM meeting_agenda WHERE meeting_id=?")))
		return sq_error(q, e, "meeting_update");
	sqlite3_bind_int64(s, 1, m->id);
	if ((rc = sq_done(q, s, e, "meeting_update")))
		return rc;
	if (!(s = sq_stmt(q, G_INVITE_DEL, "DELETE FROM meeting_invites WHERE meeting_id=?")))
		return sq_error(q, e, "meeting_update");
	sqlite3_bind_int64(s, 1, m->id);
	if ((rc = sq_done(q, s, e, "meeting_update")))
		return rc;
	return meeting_links_insert(q, m, e);
}

static enum err_code sq_meeting_cancel(struct store *st, int64_t id, int64_t user_id,
				       const char *reason, int64_t at_ms, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_CANCEL,
		"UPDATE meetings SET cancelled_at_ms=?,cancelled_by=?,cancel_reason=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "meeting_cancel");
	sqlite3_bind_int64(s, 1, at_ms);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, id);
	return sq_done(q, s, e, "meeting_cancel");
}

static enum err_code sq_meeting_set_attendance(struct store *st, int64_t meeting_id,
					       const int64_t *ids, size_t n, struct err *e)
{
	struct sq *q = SQ(st);
	enum err_code rc;
	sqlite3_stmt *s = sq_stmt(q, G_ATT_DEL, "DELETE FROM meeting_attendance WHERE meeting_id=?");
	if (!s)
		return sq_error(q, e, "meeting_set_attendance");
	sqlite3_bind_int64(s, 1, meeting_id);
	if ((rc = sq_done(q, s, e, "attendance")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		s = sq_stmt(q, G_ATT_INS,
			    "INSERT INTO meeting_attendance(meeting_id,person_id) VALUES(?,?)");
		if (!s)
			return sq_error(q, e, "meeting_set_attendance");
		sqlite3_bind_int64(s, 1, meeting_id);
		sqlite3_bind_int64(s, 2, ids[i]);
		if ((rc = sq_done(q, s, e, "attendance")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_meeting_set_minutes(struct store *st, int64_t meeting_id,
					    const char *text, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, G_MINUTES, "UPDATE meetings SET minutes=? WHERE id=?");
	if (!s)
		return sq_error(q, e, "meeting_set_minutes");
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, meeting_id);
	return sq_done(q, s, e, "meeting_set_minutes");
}

static enum err_code sq_decision_insert(struct store *st, struct decision *d, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, D_INS,
		"INSERT INTO meeting_decisions(meeting_id,matter_id,action,note,detail,user_id,"
		"created_at_ms) VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "decision_insert");
	sqlite3_bind_int64(s, 1, d->meeting_id);
	sqlite3_bind_int64(s, 2, d->matter_id);
	sqlite3_bind_text(s, 3, d->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, d->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->detail[0] ? d->detail : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, d->user_id);
	sqlite3_bind_int64(s, 7, d->created_at_ms);
	enum err_code rc = sq_done(q, s, e, "decision_insert");
	if (!rc)
		d->id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static void decision_row(sqlite3_stmt *s, void *row)
{
	struct decision *d = row;
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(s, 0);
	d->meeting_id = sqlite3_column_int64(s, 1);
	d->matter_id = sqlite3_column_int64(s, 2);
	sq_text(s, 3, d->action, sizeof(d->action));
	sq_text(s, 4, d->note, sizeof(d->note));
	sq_text(s, 5, d->detail, sizeof(d->detail));
	d->user_id = sqlite3_column_int64(s, 6);
	d->created_at_ms = sqlite3_column_int64(s, 7);
	sq_text(s, 8, d->matter_title, sizeof(d->matter_title));
}

static enum err_code sq_decisions(struct store *st, int64_t meeting_id, struct decision **out,
				  size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, D_LIST,
		"SELECT d.id,d.meeting_id,d.matter_id,d.action,d.note,d.detail,d.user_id,"
		"d.created_at_ms,m.title FROM meeting_decisions d JOIN matters m ON m.id=d.matter_id "
		"WHERE d.meeting_id=? ORDER BY d.id");
	if (!s)
		return sq_error(q, e, "decisions");
	sqlite3_bind_int64(s, 1, meeting_id);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct decision), decision_row, &arr, out_n, e,
				      "decisions");
	*out = arr;
	return rc;
}

static enum err_code sq_last_decisions(struct store *st, int64_t unit_id, int32_t day,
				       struct decision **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, D_LAST,
		"SELECT d.id,d.meeting_id,d.matter_id,d.action,d.note,d.detail,d.user_id,"
		"d.created_at_ms,m.title FROM meeting_decisions d JOIN matters m ON m.id=d.matter_id "
		"WHERE d.meeting_id=(SELECT id FROM meetings WHERE unit_id=?1 AND held_on<=?2 "
		"AND cancelled_at_ms IS NULL "
		"ORDER BY held_on DESC, id DESC LIMIT 1) ORDER BY d.id");
	if (!s)
		return sq_error(q, e, "last_decisions");
	sqlite3_bind_int64(s, 1, unit_id);
	sq_bind_opt_day(s, 2, day);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct decision), decision_row, &arr, out_n, e,
				      "last_decisions");
	*out = arr;
	return rc;
}

const struct store_meeting_ops sq_meeting_ops = {
	.insert = sq_meeting_insert,
	.get = sq_meeting_get,
	.list = sq_meeting_list,
	.update = sq_meeting_update,
	.cancel = sq_meeting_cancel,
	.set_attendance = sq_meeting_set_attendance,
	.set_minutes = sq_meeting_set_minutes,
	.decision_insert = sq_decision_insert,
	.decisions = sq_decisions,
	.last_decisions = sq_last_decisions,
};
