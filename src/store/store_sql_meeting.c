/*
 * store_sql_meeting.c - joint meetings: meetings with their agenda,
 * invitations and attendance, minutes and decisions, written once over the
 * thin SQL driver (db.h) for SQLite and PostgreSQL.
 *
 * New ids come from RETURNING (both engines). One dialect difference: the
 * list's alliance filter (",1,4,") is a substring test, instr() in SQLite
 * and strpos() in PostgreSQL.
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_meeting.h"
#include "store/store_sql.h"

enum {
	G_INS = SQ_FIRST(SQ_AREA_MEETING), G_AGENDA_INS, G_INVITE_INS, G_GET, G_AGENDA, G_INVITES,
	G_ATTEND, G_LIST, G_ATT_DEL, G_ATT_INS, G_MINUTES, D_INS, D_LIST, D_LAST,
	G_UPD, G_AGENDA_DEL, G_INVITE_DEL, G_CANCEL,
	G_LAST
};
SQ_FITS(SQ_AREA_MEETING, G_LAST);

/* ---- meetings ---- */

/* Inserts the agenda and invitations of meeting m (m->id set). */
static enum err_code meeting_links_insert(struct store *st, const struct meeting *m,
					  struct err *e)
{
	enum err_code rc;
	struct db_stmt *s;
	for (size_t i = 0; i < m->n_agenda; i++) {
		s = db_stmt(st->db, G_AGENDA_INS,
			    "INSERT INTO meeting_agenda(meeting_id,matter_id,pos) VALUES($1,$2,$3)");
		if (!s)
			return db_error(st->db, e, "meeting_links");
		db_bind_i64(s, 1, m->id);
		db_bind_i64(s, 2, m->agenda[i]);
		db_bind_i64(s, 3, (int64_t)i);
		if ((rc = db_write(st->db, s, e, "meeting agenda")))
			return rc;
	}
	for (size_t i = 0; i < m->n_invites; i++) {
		s = db_stmt(st->db, G_INVITE_INS,
			    "INSERT INTO meeting_invites(meeting_id,org_id) VALUES($1,$2)");
		if (!s)
			return db_error(st->db, e, "meeting_links");
		db_bind_i64(s, 1, m->id);
		db_bind_i64(s, 2, m->invites[i]);
		if ((rc = db_write(st->db, s, e, "meeting invite")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code meeting_insert(struct store *st, struct meeting *m, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_INS,
		"INSERT INTO meetings(alliance_id,unit_id,title,held_on,place_division,convener_person,"
		"convener_user,override_reason,created_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) "
		"RETURNING id");
	if (!s)
		return db_error(st->db, e, "meeting_insert");
	db_bind_i64(s, 1, m->alliance_id);
	db_bind_i64(s, 2, m->unit_id);
	db_bind_text(s, 3, m->title);
	db_bind_opt_day(s, 4, m->held_on);
	db_bind_text(s, 5, m->place_division);
	db_bind_opt_id(s, 6, m->convener_person);
	db_bind_i64(s, 7, m->convener_user);
	db_bind_opt_text(s, 8, m->override_reason);
	db_bind_i64(s, 9, m->created_at_ms);
	enum err_code rc = db_insert_id(st->db, s, &m->id, e, "meeting_insert");
	return rc ? rc : meeting_links_insert(st, m, e);
}

#define MEETING_COLS "g.id,g.alliance_id,g.unit_id,g.title,g.held_on,g.place_division," \
	"g.convener_person,g.convener_user,g.override_reason,g.minutes,g.created_at_ms,u.name,p.name," \
	"g.cancelled_at_ms,g.cancelled_by,g.cancel_reason,cu.display_name"
#define MEETING_FROM "FROM meetings g JOIN units u ON u.id=g.unit_id " \
	"LEFT JOIN people p ON p.id=g.convener_person " \
	"LEFT JOIN users cu ON cu.id=g.cancelled_by "

static void meeting_row(struct db_stmt *s, void *row)
{
	struct meeting *m = row;
	memset(m, 0, sizeof(*m));
	m->id = db_col_i64(s, 0);
	m->alliance_id = db_col_i64(s, 1);
	m->unit_id = db_col_i64(s, 2);
	db_text(s, 3, m->title, sizeof(m->title));
	m->held_on = db_col_day(s, 4);
	db_text(s, 5, m->place_division, sizeof(m->place_division));
	m->convener_person = db_col_i64(s, 6);
	m->convener_user = db_col_i64(s, 7);
	db_text(s, 8, m->override_reason, sizeof(m->override_reason));
	db_text(s, 9, m->minutes, sizeof(m->minutes));
	m->created_at_ms = db_col_i64(s, 10);
	db_text(s, 11, m->unit_name, sizeof(m->unit_name));
	db_text(s, 12, m->convener_name, sizeof(m->convener_name));
	m->cancelled_at_ms = db_col_i64(s, 13);
	m->cancelled_by = db_col_i64(s, 14);
	db_text(s, 15, m->cancel_reason, sizeof(m->cancel_reason));
	db_text(s, 16, m->cancelled_by_name, sizeof(m->cancelled_by_name));
}

/* The attendees of one meeting (a db_collect_ex hook; ctx: the store). */
static enum err_code meeting_attendees(void *ctx, void *element, struct err *e)
{
	struct store *st = ctx;
	struct meeting *m = element;
	return db_id_column(st->db, G_ATTEND,
			    "SELECT person_id FROM meeting_attendance WHERE meeting_id=$1 "
			    "ORDER BY person_id",
			    m->id, m->attendees, MEETING_MAX_ATTENDEES, &m->n_attendees, e,
			    "meeting_attendance");
}

static enum err_code meeting_get(struct store *st, int64_t id, struct meeting *out,
				 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_GET,
				    "SELECT " MEETING_COLS " " MEETING_FROM "WHERE g.id=$1");
	if (!s)
		return db_error(st->db, e, "meeting_get");
	db_bind_i64(s, 1, id);
	enum err_code rc = db_one(st->db, s, meeting_row, out, "会议", e, "meeting_get");
	if (!rc)
		rc = db_id_column(st->db, G_AGENDA,
				  "SELECT matter_id FROM meeting_agenda WHERE meeting_id=$1 ORDER BY pos",
				  id, out->agenda, MEETING_MAX_AGENDA, &out->n_agenda, e,
				  "meeting_agenda");
	if (!rc)
		rc = db_id_column(st->db, G_INVITES,
				  "SELECT org_id FROM meeting_invites WHERE meeting_id=$1 "
				  "ORDER BY org_id",
				  id, out->invites, MEETING_MAX_INVITES, &out->n_invites, e,
				  "meeting_invites");
	return rc ? rc : meeting_attendees(st, out, e);
}

static enum err_code meeting_list(struct store *st, int64_t unit_id, int64_t alliance_id,
				  const char *alliance_in, struct page pg, struct meeting **out,
				  size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_LIST, db_sql(st->db,
		"SELECT " MEETING_COLS " " MEETING_FROM
		"WHERE ($1=0 OR g.unit_id=$1) AND ($2=0 OR g.alliance_id=$2) AND g.id<$3 "
		"AND ($5 IS NULL OR instr($5,','||g.alliance_id||',')>0) "
		"ORDER BY g.id DESC LIMIT $4",
		"SELECT " MEETING_COLS " " MEETING_FROM
		"WHERE (CAST($1 AS BIGINT)=0 OR g.unit_id=$1) "
		"AND (CAST($2 AS BIGINT)=0 OR g.alliance_id=$2) AND g.id<$3 "
		"AND (CAST($5 AS TEXT) IS NULL "
		"OR strpos($5,','||CAST(g.alliance_id AS TEXT)||',')>0) "
		"ORDER BY g.id DESC LIMIT $4"));
	if (!s)
		return db_error(st->db, e, "meeting_list");
	db_bind_i64(s, 1, unit_id);
	db_bind_i64(s, 2, alliance_id);
	db_bind_i64(s, 3, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	db_bind_i64(s, 4, pg.limit);
	db_bind_text(s, 5, alliance_in);
	static const struct db_collect_hooks hooks = { .each = meeting_attendees };
	void *arr = NULL;
	enum err_code rc = db_collect_ex(st->db, s, sizeof(struct meeting), meeting_row, &hooks, st,
					 &arr, out_n, e, "meeting_list");
	*out = arr;
	return rc;
}

static enum err_code meeting_update(struct store *st, const struct meeting *m, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, G_UPD,
		"UPDATE meetings SET title=$1,held_on=$2,place_division=$3,override_reason=$4 "
		"WHERE id=$5");
	if (!s)
		return db_error(st->db, e, "meeting_update");
	db_bind_text(s, 1, m->title);
	db_bind_opt_day(s, 2, m->held_on);
	db_bind_text(s, 3, m->place_division);
	db_bind_opt_text(s, 4, m->override_reason);
	db_bind_i64(s, 5, m->id);
	if ((rc = db_write(st->db, s, e, "meeting_update")))
		return rc;
	if (!(s = db_stmt(st->db, G_AGENDA_DEL, "DELETE FROM meeting_agenda WHERE meeting_id=$1")))
		return db_error(st->db, e, "meeting_update");
	db_bind_i64(s, 1, m->id);
	if ((rc = db_write(st->db, s, e, "meeting_update")))
		return rc;
	if (!(s = db_stmt(st->db, G_INVITE_DEL, "DELETE FROM meeting_invites WHERE meeting_id=$1")))
		return db_error(st->db, e, "meeting_update");
	db_bind_i64(s, 1, m->id);
	if ((rc = db_write(st->db, s, e, "meeting_update")))
		return rc;
	return meeting_links_insert(st, m, e);
}

static enum err_code meeting_cancel(struct store *st, int64_t id, int64_t user_id,
				    const char *reason, int64_t at_ms, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_CANCEL,
		"UPDATE meetings SET cancelled_at_ms=$1,cancelled_by=$2,cancel_reason=$3 WHERE id=$4");
	if (!s)
		return db_error(st->db, e, "meeting_cancel");
	db_bind_i64(s, 1, at_ms);
	db_bind_i64(s, 2, user_id);
	db_bind_text(s, 3, reason);
	db_bind_i64(s, 4, id);
	return db_write(st->db, s, e, "meeting_cancel");
}

static enum err_code meeting_set_attendance(struct store *st, int64_t meeting_id,
					    const int64_t *ids, size_t n, struct err *e)
{
	enum err_code rc;
	struct db_stmt *s = db_stmt(st->db, G_ATT_DEL,
				    "DELETE FROM meeting_attendance WHERE meeting_id=$1");
	if (!s)
		return db_error(st->db, e, "meeting_set_attendance");
	db_bind_i64(s, 1, meeting_id);
	if ((rc = db_write(st->db, s, e, "attendance")))
		return rc;
	for (size_t i = 0; i < n; i++) {
		s = db_stmt(st->db, G_ATT_INS,
			    "INSERT INTO meeting_attendance(meeting_id,person_id) VALUES($1,$2)");
		if (!s)
			return db_error(st->db, e, "meeting_set_attendance");
		db_bind_i64(s, 1, meeting_id);
		db_bind_i64(s, 2, ids[i]);
		if ((rc = db_write(st->db, s, e, "attendance")))
			return rc;
	}
	return ERR_OK;
}

static enum err_code meeting_set_minutes(struct store *st, int64_t meeting_id, const char *text,
					 struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, G_MINUTES, "UPDATE meetings SET minutes=$1 WHERE id=$2");
	if (!s)
		return db_error(st->db, e, "meeting_set_minutes");
	db_bind_text(s, 1, text);
	db_bind_i64(s, 2, meeting_id);
	return db_write(st->db, s, e, "meeting_set_minutes");
}

static enum err_code decision_insert(struct store *st, struct decision *d, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, D_INS,
		"INSERT INTO meeting_decisions(meeting_id,matter_id,action,note,detail,user_id,"
		"created_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id");
	if (!s)
		return db_error(st->db, e, "decision_insert");
	db_bind_i64(s, 1, d->meeting_id);
	db_bind_i64(s, 2, d->matter_id);
	db_bind_text(s, 3, d->action);
	db_bind_text(s, 4, d->note);
	db_bind_text(s, 5, d->detail[0] ? d->detail : "{}");
	db_bind_i64(s, 6, d->user_id);
	db_bind_i64(s, 7, d->created_at_ms);
	return db_insert_id(st->db, s, &d->id, e, "decision_insert");
}

#define DECISION_SELECT "SELECT d.id,d.meeting_id,d.matter_id,d.action,d.note,d.detail," \
	"d.user_id,d.created_at_ms,m.title FROM meeting_decisions d " \
	"JOIN matters m ON m.id=d.matter_id "

static void decision_row(struct db_stmt *s, void *row)
{
	struct decision *d = row;
	memset(d, 0, sizeof(*d));
	d->id = db_col_i64(s, 0);
	d->meeting_id = db_col_i64(s, 1);
	d->matter_id = db_col_i64(s, 2);
	db_text(s, 3, d->action, sizeof(d->action));
	db_text(s, 4, d->note, sizeof(d->note));
	db_text(s, 5, d->detail, sizeof(d->detail));
	d->user_id = db_col_i64(s, 6);
	d->created_at_ms = db_col_i64(s, 7);
	db_text(s, 8, d->matter_title, sizeof(d->matter_title));
}

static enum err_code decisions(struct store *st, int64_t meeting_id, struct decision **out,
			       size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, D_LIST,
				    DECISION_SELECT "WHERE d.meeting_id=$1 ORDER BY d.id");
	if (!s)
		return db_error(st->db, e, "decisions");
	db_bind_i64(s, 1, meeting_id);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct decision), decision_row, &arr,
				      out_n, e, "decisions");
	*out = arr;
	return rc;
}

static enum err_code last_decisions(struct store *st, int64_t unit_id, int32_t day,
				    struct decision **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, D_LAST,
		DECISION_SELECT "WHERE d.meeting_id=(SELECT id FROM meetings WHERE unit_id=$1 "
		"AND held_on<=$2 AND cancelled_at_ms IS NULL "
		"ORDER BY held_on DESC, id DESC LIMIT 1) ORDER BY d.id");
	if (!s)
		return db_error(st->db, e, "last_decisions");
	db_bind_i64(s, 1, unit_id);
	db_bind_opt_day(s, 2, day);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct decision), decision_row, &arr,
				      out_n, e, "last_decisions");
	*out = arr;
	return rc;
}

const struct store_meeting_ops sql_meeting_ops = {
	.insert = meeting_insert,
	.get = meeting_get,
	.list = meeting_list,
	.update = meeting_update,
	.cancel = meeting_cancel,
	.set_attendance = meeting_set_attendance,
	.set_minutes = meeting_set_minutes,
	.decision_insert = decision_insert,
	.decisions = decisions,
	.last_decisions = last_decisions,
};
