/*
 * store_sql_rotation.c - the rotating secretary: rosters, duty terms, swaps,
 * handovers, and a person's terms, written once over the thin SQL driver
 * (db.h) for SQLite and PostgreSQL.
 *
 * One dialect difference: a roster's person ids are a JSON array in a text
 * column, re-read through SQLite's json_each/json_group_array and through
 * PostgreSQL's json cast (each rejects a text that is not JSON).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_rotation.h"
#include "store/store_sql.h"

enum {
	S_ROSTER_LATEST = SQ_FIRST(SQ_AREA_ROTATION), S_ROSTER_INS,
	S_TERMS_LIST, S_TERMS_DEL, S_TERM_PUT, S_TERM_ON,
	S_SWAP_INS, S_HANDOVER_PUT, S_HANDOVER_LIST, S_TERMS_OF_PERSON,
	S_LAST
};
SQ_FITS(SQ_AREA_ROTATION, S_LAST);

/* ---- rosters and terms ---- */

static void roster_row(struct db_stmt *s, void *row)
{
	struct roster *out = row;
	memset(out, 0, sizeof(*out));
	out->version = (int)db_col_i64(s, 0);
	db_text(s, 1, out->term, sizeof(out->term));
	out->starts_on = db_col_day(s, 2);
	out->first_idx = db_col_i64(s, 3);
	out->created_at_ms = db_col_i64(s, 4);
	size_t len = 0;
	const char *ids = s->drv->col_text(s, 5, &len);
	/* a JSON array of integers written by roster_insert */
	for (const char *p = ids; *p && out->n < ROSTER_MAX;) {
		if (*p >= '0' && *p <= '9') {
			char *end;
			out->person_ids[out->n++] = strtoll(p, &end, 10);
			p = end;
		} else {
			p++;
		}
	}
}

static enum err_code roster_latest(struct store *st, int64_t unit_id, struct roster *out,
				   struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_ROSTER_LATEST, db_sql(st->db,
		"SELECT version,term,starts_on,first_idx,created_at_ms,"
		"(SELECT json_group_array(value) FROM json_each(person_ids)) "
		"FROM rosters WHERE unit_id=$1 ORDER BY version DESC LIMIT 1",
		"SELECT version,term,starts_on,first_idx,created_at_ms,"
		"CAST(CAST(person_ids AS json) AS text) "
		"FROM rosters WHERE unit_id=$1 ORDER BY version DESC LIMIT 1"));
	if (!s)
		return db_error(st->db, e, "roster_latest");
	db_bind_i64(s, 1, unit_id);
	enum err_code rc = db_one(st->db, s, roster_row, out, "轮值名单", e, "roster_latest");
	if (!rc)
		out->unit_id = unit_id;
	return rc;
}

static enum err_code roster_insert(struct store *st, const struct roster *r, struct err *e)
{
	char ids[ROSTER_MAX * 21 + 3];
	size_t len = 0;
	ids[len++] = '[';
	for (size_t i = 0; i < r->n && i < ROSTER_MAX; i++)
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%lld", i ? "," : "",
					(long long)r->person_ids[i]);
	ids[len++] = ']';
	ids[len] = '\0';
	struct db_stmt *s = db_stmt(st->db, S_ROSTER_INS,
		"INSERT INTO rosters(unit_id,version,term,starts_on,person_ids,first_idx,created_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7)");
	if (!s)
		return db_error(st->db, e, "roster_insert");
	db_bind_i64(s, 1, r->unit_id);
	db_bind_i64(s, 2, r->version);
	db_bind_text(s, 3, r->term);
	db_bind_day(s, 4, r->starts_on);
	db_bind_text(s, 5, ids);   /* stepped before ids goes */
	db_bind_i64(s, 6, r->first_idx);
	db_bind_i64(s, 7, r->created_at_ms);
	return db_write(st->db, s, e, "roster_insert");
}

#define TERM_COLS "t.unit_id,t.idx,t.person_id,t.planned_person_id,t.county_code,t.starts_on," \
		  "t.ends_on,t.swap_reason,p.name,p.org_id,o.name,d.name"
#define TERM_FROM "FROM duty_terms t JOIN people p ON p.id=t.person_id " \
		  "JOIN orgs o ON o.id=p.org_id LEFT JOIN divisions d ON d.code=t.county_code "

static void term_row(struct db_stmt *s, void *row)
{
	struct duty_term *t = row;
	memset(t, 0, sizeof(*t));
	t->unit_id = db_col_i64(s, 0);
	t->idx = db_col_i64(s, 1);
	t->person_id = db_col_i64(s, 2);
	t->planned_person_id = db_col_i64(s, 3);
	db_text(s, 4, t->county_code, sizeof(t->county_code));
	t->starts_on = db_col_day(s, 5);
	t->ends_on = db_col_day(s, 6);
	db_text(s, 7, t->swap_reason, sizeof(t->swap_reason));
	db_text(s, 8, t->person_name, sizeof(t->person_name));
	t->org_id = db_col_i64(s, 9);
	db_text(s, 10, t->org_name, sizeof(t->org_name));
	db_text(s, 11, t->county_name, sizeof(t->county_name));
}

static enum err_code terms_list(struct store *st, int64_t unit_id, int64_t from_idx,
				struct duty_term **out, size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_TERMS_LIST,
		"SELECT " TERM_COLS " " TERM_FROM "WHERE t.unit_id=$1 AND t.idx>=$2 ORDER BY t.idx");
	if (!s)
		return db_error(st->db, e, "terms_list");
	db_bind_i64(s, 1, unit_id);
	db_bind_i64(s, 2, from_idx);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct duty_term), term_row, &arr, out_n,
				      e, "terms_list");
	*out = arr;
	return rc;
}

static enum err_code terms_delete_from(struct store *st, int64_t unit_id, int64_t from_idx,
				       struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_TERMS_DEL,
				    "DELETE FROM duty_terms WHERE unit_id=$1 AND idx>=$2");
	if (!s)
		return db_error(st->db, e, "terms_delete_from");
	db_bind_i64(s, 1, unit_id);
	db_bind_i64(s, 2, from_idx);
	return db_write(st->db, s, e, "terms_delete_from");
}

static enum err_code term_put(struct store *st, const struct duty_term *t, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_TERM_PUT,
		"INSERT INTO duty_terms(unit_id,idx,person_id,planned_person_id,county_code,starts_on,"
		"ends_on,swap_reason) VALUES($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT(unit_id,idx) DO UPDATE SET "
		"person_id=excluded.person_id, planned_person_id=excluded.planned_person_id, "
		"county_code=excluded.county_code, starts_on=excluded.starts_on, "
		"ends_on=excluded.ends_on, swap_reason=excluded.swap_reason");
	if (!s)
		return db_error(st->db, e, "term_put");
	db_bind_i64(s, 1, t->unit_id);
	db_bind_i64(s, 2, t->idx);
	db_bind_i64(s, 3, t->person_id);
	db_bind_i64(s, 4, t->planned_person_id);
	db_bind_text(s, 5, t->county_code);
	db_bind_day(s, 6, t->starts_on);
	db_bind_day(s, 7, t->ends_on);
	db_bind_opt_text(s, 8, t->swap_reason);
	return db_write(st->db, s, e, "term_put");
}

static enum err_code term_on(struct store *st, int64_t unit_id, int32_t day,
			     struct duty_term *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_TERM_ON,
		"SELECT " TERM_COLS " " TERM_FROM
		"WHERE t.unit_id=$1 AND t.starts_on<=$2 AND t.ends_on>=$2 ORDER BY t.idx LIMIT 1");
	if (!s)
		return db_error(st->db, e, "term_on");
	db_bind_i64(s, 1, unit_id);
	db_bind_day(s, 2, day);
	return db_one(st->db, s, term_row, out, "该日期的轮值任期", e, "term_on");
}

static enum err_code swap_insert(struct store *st, const struct swap_record *w, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_SWAP_INS,
		"INSERT INTO rotation_swaps(unit_id,term_idx,on_date,original_person_id,"
		"substitute_person_id,exchanged_term_idx,reason,created_by,created_at_ms) "
		"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)");
	if (!s)
		return db_error(st->db, e, "swap_insert");
	db_bind_i64(s, 1, w->unit_id);
	db_bind_i64(s, 2, w->term_idx);
	db_bind_day(s, 3, w->on_date);
	db_bind_i64(s, 4, w->original_person_id);
	db_bind_i64(s, 5, w->substitute_person_id);
	if (w->exchanged_term_idx >= 0)
		db_bind_i64(s, 6, w->exchanged_term_idx);
	else
		db_bind_text(s, 6, NULL);
	db_bind_text(s, 7, w->reason);
	db_bind_opt_id(s, 8, w->created_by);
	db_bind_i64(s, 9, w->created_at_ms);
	return db_write(st->db, s, e, "swap_insert");
}

static enum err_code handover_put(struct store *st, const struct handover *h, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_HANDOVER_PUT,
		"INSERT INTO handovers(unit_id,term_idx,on_date,outgoing_person_id,incoming_person_id,"
		"open_matters,last_decisions,created_at_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8) "
		"ON CONFLICT(unit_id,term_idx) DO NOTHING");
	if (!s)
		return db_error(st->db, e, "handover_put");
	db_bind_i64(s, 1, h->unit_id);
	db_bind_i64(s, 2, h->term_idx);
	db_bind_day(s, 3, h->on_date);
	db_bind_opt_id(s, 4, h->outgoing_person_id);
	db_bind_i64(s, 5, h->incoming_person_id);
	db_bind_text(s, 6, h->open_matters ? h->open_matters : "[]");
	db_bind_text(s, 7, h->last_decisions ? h->last_decisions : "[]");
	db_bind_i64(s, 8, h->created_at_ms);
	return db_write(st->db, s, e, "handover_put");
}

static void handover_row(struct db_stmt *s, void *row)
{
	struct handover *h = row;
	memset(h, 0, sizeof(*h));
	h->id = db_col_i64(s, 0);
	h->unit_id = db_col_i64(s, 1);
	h->term_idx = db_col_i64(s, 2);
	h->on_date = db_col_day(s, 3);
	h->outgoing_person_id = db_col_i64(s, 4);
	h->incoming_person_id = db_col_i64(s, 5);
	db_text(s, 6, h->outgoing_name, sizeof(h->outgoing_name));
	db_text(s, 7, h->incoming_name, sizeof(h->incoming_name));
	h->open_matters = db_dup(s, 8);
	h->last_decisions = db_dup(s, 9);
	h->created_at_ms = db_col_i64(s, 10);
}

static void handovers_free(struct handover *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].open_matters);
		free(h[i].last_decisions);
	}
	free(h);
}

static void handovers_release(void *arr, size_t n)
{
	handovers_free(arr, n);
}

static enum err_code handover_list(struct store *st, int64_t unit_id, struct handover **out,
				   size_t *out_n, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_HANDOVER_LIST,
		"SELECT h.id,h.unit_id,h.term_idx,h.on_date,h.outgoing_person_id,h.incoming_person_id,"
		"po.name,pi.name,h.open_matters,h.last_decisions,h.created_at_ms FROM handovers h "
		"LEFT JOIN people po ON po.id=h.outgoing_person_id "
		"LEFT JOIN people pi ON pi.id=h.incoming_person_id "
		"WHERE h.unit_id=$1 ORDER BY h.term_idx DESC");
	if (!s)
		return db_error(st->db, e, "handover_list");
	db_bind_i64(s, 1, unit_id);
	void *arr = NULL;
	static const struct db_collect_hooks hooks = { .release = handovers_release };
	enum err_code rc = db_collect_ex(st->db, s, sizeof(struct handover), handover_row, &hooks,
					 NULL, &arr, out_n, e, "handover_list");
	*out = arr;
	return rc;
}

static void person_term_row(struct db_stmt *s, void *row)
{
	struct duty_term *t = row;
	memset(t, 0, sizeof(*t));
	t->unit_id = db_col_i64(s, 0);
	t->idx = db_col_i64(s, 1);
	t->starts_on = db_col_day(s, 2);
	t->ends_on = db_col_day(s, 3);
	/* the unit's name travels in org_name for this query */
	db_text(s, 4, t->org_name, sizeof(t->org_name));
}

static enum err_code terms_of_person(struct store *st, int64_t person_id, int32_t from,
				     int32_t to, struct duty_term **out, size_t *out_n,
				     struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, S_TERMS_OF_PERSON,
		"SELECT t.unit_id,t.idx,t.starts_on,t.ends_on,u.name FROM duty_terms t "
		"JOIN units u ON u.id=t.unit_id WHERE t.person_id=$1 AND t.starts_on>=$2 "
		"AND t.starts_on<=$3 ORDER BY t.starts_on");
	if (!s)
		return db_error(st->db, e, "terms_of_person");
	db_bind_i64(s, 1, person_id);
	db_bind_opt_day(s, 2, from);
	db_bind_opt_day(s, 3, to);
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct duty_term), person_term_row, &arr,
				      out_n, e, "terms_of_person");
	struct duty_term *t = arr;
	for (size_t i = 0; !rc && i < *out_n; i++)
		t[i].person_id = person_id;
	*out = t;
	return rc;
}

const struct store_rotation_ops sql_rotation_ops = {
	.roster_latest = roster_latest,
	.roster_insert = roster_insert,
	.terms_list = terms_list,
	.terms_delete_from = terms_delete_from,
	.term_put = term_put,
	.term_on = term_on,
	.swap_insert = swap_insert,
	.handover_put = handover_put,
	.handover_list = handover_list,
	.handovers_free = handovers_free,
	.terms_of_person = terms_of_person,
};
