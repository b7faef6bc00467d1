/*
 * store_sqlite_rotation.c - the rotating secretary in SQLite: rosters, duty
 * terms, swaps, handovers, and a person's terms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	S_ROSTER_LATEST = SQ_FIRST(SQ_AREA_ROTATION), S_ROSTER_INS,
	S_TERMS_LIST, S_TERMS_DEL, S_TERM_PUT, S_TERM_ON,
	S_SWAP_INS, S_HANDOVER_PUT, S_HANDOVER_LIST, S_TERMS_OF_PERSON,
	S_LAST
};
SQ_FITS(SQ_AREA_ROTATION, S_LAST);

/* ---- rosters and terms ---- */

static void roster_row(sqlite3_stmt *s, void *row)
{
	struct roster *out = row;
	memset(out, 0, sizeof(*out));
	out->version = sqlite3_column_int(s, 0);
	sq_text(s, 1, out->term, sizeof(out->term));
	out->starts_on = sq_col_day(s, 2);
	out->first_idx = sqlite3_column_int64(s, 3);
	out->created_at_ms = sqlite3_column_int64(s, 4);
	const char *ids = (const char *)sqlite3_column_text(s, 5);
	/* a JSON array of integers written by roster_insert */
	for (const char *p = ids ? ids : ""; *p && out->n < ROSTER_MAX;) {
		if (*p >= '0' && *p <= '9') {
			char *end;
			out->person_ids[out->n++] = strtoll(p, &end, 10);
			p = end;
		} else {
			p++;
		}
	}
}

static enum err_code sq_roster_latest(struct store *st, int64_t unit_id, struct roster *out,
				      struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_ROSTER_LATEST,
		"SELECT version,term,starts_on,first_idx,created_at_ms,"
		"(SELECT json_group_array(value) FROM json_each(person_ids)) "
		"FROM rosters WHERE unit_id=? ORDER BY version DESC LIMIT 1");
	if (!s)
		return sq_error(q, e, "roster_latest");
	sqlite3_bind_int64(s, 1, unit_id);
	enum err_code rc = sq_one(q, s, roster_row, out, "轮值名单", e, "roster_latest");
	if (!rc)
		out->unit_id = unit_id;
	return rc;
}

static enum err_code sq_roster_insert(struct store *st, const struct roster *r, struct err *e)
{
	struct sq *q = SQ(st);
	char ids[ROSTER_MAX * 21 + 3];
	size_t len = 0;
	ids[len++] = '[';
	for (size_t i = 0; i < r->n; i++)
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%lld", i ? "," : "",
					(long long)r->person_ids[i]);
	ids[len++] = ']';
	ids[len] = '\0';
	sqlite3_stmt *s = sq_stmt(q, S_ROSTER_INS,
		"INSERT INTO rosters(unit_id,version,term,starts_on,person_ids,first_idx,created_at_ms) "
		"VALUES(?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "roster_insert");
	sqlite3_bind_int64(s, 1, r->unit_id);
	sqlite3_bind_int(s, 2, r->version);
	sqlite3_bind_text(s, 3, r->term, -1, SQLITE_STATIC);
	sq_bind_day(s, 4, r->starts_on);
	sqlite3_bind_text(s, 5, ids, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, r->first_idx);
	sqlite3_bind_int64(s, 7, r->created_at_ms);
	return sq_done(q, s, e, "roster_insert");
}

#define TERM_COLS "t.unit_id,t.idx,t.person_id,t.planned_person_id,t.county_code,t.starts_on," \
		  "t.ends_on,t.swap_reason,p.name,p.org_id,o.name,d.name"
#define TERM_FROM "FROM duty_terms t JOIN people p ON p.id=t.person_id " \
		  "JOIN orgs o ON o.id=p.org_id LEFT JOIN divisions d ON d.code=t.county_code "

static void term_row(sqlite3_stmt *s, struct duty_term *t)
{
	memset(t, 0, sizeof(*t));
	t->unit_id = sqlite3_column_int64(s, 0);
	t->idx = sqlite3_column_int64(s, 1);
	t->person_id = sqlite3_column_int64(s, 2);
	t->planned_person_id = sqlite3_column_int64(s, 3);
	sq_text(s, 4, t->county_code, sizeof(t->county_code));
	t->starts_on = sq_col_day(s, 5);
	t->ends_on = sq_col_day(s, 6);
	sq_text(s, 7, t->swap_reason, sizeof(t->swap_reason));
	sq_text(s, 8, t->person_name, sizeof(t->person_name));
	t->org_id = sqlite3_column_int64(s, 9);
	sq_text(s, 10, t->org_name, sizeof(t->org_name));
	sq_text(s, 11, t->county_name, sizeof(t->county_name));
}

static void term_row_any(sqlite3_stmt *s, void *row)
{
	term_row(s, row);
}

static enum err_code sq_terms_list(struct store *st, int64_t unit_id, int64_t from_idx,
				   struct duty_term **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERMS_LIST,
		"SELECT " TERM_COLS " " TERM_FROM "WHERE t.unit_id=? AND t.idx>=? ORDER BY t.idx");
	if (!s)
		return sq_error(q, e, "terms_list");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, from_idx);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct duty_term), term_row_any, &arr, out_n, e, "terms_list");
	*out = arr;
	return rc;
}

static enum err_code sq_terms_delete_from(struct store *st, int64_t unit_id, int64_t from_idx,
					  struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERMS_DEL, "DELETE FROM duty_terms WHERE unit_id=? AND idx>=?");
	if (!s)
		return sq_error(q, e, "terms_delete_from");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, from_idx);
	return sq_done(q, s, e, "terms_delete_from");
}

static enum err_code sq_term_put(struct store *st, const struct duty_term *t, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERM_PUT,
		"INSERT INTO duty_terms(unit_id,idx,person_id,planned_person_id,county_code,starts_on,"
		"ends_on,swap_reason) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(unit_id,idx) DO UPDATE SET "
		"person_id=excluded.person_id, planned_person_id=excluded.planned_person_id, "
		"county_code=excluded.county_code, starts_on=excluded.starts_on, "
		"ends_on=excluded.ends_on, swap_reason=excluded.swap_reason");
	if (!s)
		return sq_error(q, e, "term_put");
	sqlite3_bind_int64(s, 1, t->unit_id);
	sqlite3_bind_int64(s, 2, t->idx);
	sqlite3_bind_int64(s, 3, t->person_id);
	sqlite3_bind_int64(s, 4, t->planned_person_id);
	sqlite3_bind_text(s, 5, t->county_code, -1, SQLITE_STATIC);
	sq_bind_day(s, 6, t->starts_on);
	sq_bind_day(s, 7, t->ends_on);
	sq_bind_opt_text(s, 8, t->swap_reason);
	return sq_done(q, s, e, "term_put");
}

static enum err_code sq_term_on(struct store *st, int64_t unit_id, int32_t day,
				struct duty_term *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERM_ON,
		"SELECT " TERM_COLS " " TERM_FROM
		"WHERE t.unit_id=?1 AND t.starts_on<=?2 AND t.ends_on>=?2 ORDER BY t.idx LIMIT 1");
	if (!s)
		return sq_error(q, e, "term_on");
	sqlite3_bind_int64(s, 1, unit_id);
	sq_bind_day(s, 2, day);
	return sq_one(q, s, term_row_any, out, "该日期的轮值任期", e, "term_on");
}

static enum err_code sq_swap_insert(struct store *st, const struct swap_record *w, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_SWAP_INS,
		"INSERT INTO rotation_swaps(unit_id,term_idx,on_date,original_person_id,"
		"substitute_person_id,exchanged_term_idx,reason,created_by,created_at_ms) "
		"VALUES(?,?,?,?,?,?,?,?,?)");
	if (!s)
		return sq_error(q, e, "swap_insert");
	sqlite3_bind_int64(s, 1, w->unit_id);
	sqlite3_bind_int64(s, 2, w->term_idx);
	sq_bind_day(s, 3, w->on_date);
	sqlite3_bind_int64(s, 4, w->original_person_id);
	sqlite3_bind_int64(s, 5, w->substitute_person_id);
	if (w->exchanged_term_idx >= 0)
		sqlite3_bind_int64(s, 6, w->exchanged_term_idx);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_text(s, 7, w->reason, -1, SQLITE_STATIC);
	sq_bind_opt_id(s, 8, w->created_by);
	sqlite3_bind_int64(s, 9, w->created_at_ms);
	return sq_done(q, s, e, "swap_insert");
}

static enum err_code sq_handover_put(struct store *st, const struct handover *h, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_HANDOVER_PUT,
		"INSERT INTO handovers(unit_id,term_idx,on_date,outgoing_person_id,incoming_person_id,"
		"open_matters,last_decisions,created_at_ms) VALUES(?,?,?,?,?,?,?,?) "
		"ON CONFLICT(unit_id,term_idx) DO NOTHING");
	if (!s)
		return sq_error(q, e, "handover_put");
	sqlite3_bind_int64(s, 1, h->unit_id);
	sqlite3_bind_int64(s, 2, h->term_idx);
	sq_bind_day(s, 3, h->on_date);
	sq_bind_opt_id(s, 4, h->outgoing_person_id);
	sqlite3_bind_int64(s, 5, h->incoming_person_id);
	sqlite3_bind_text(s, 6, h->open_matters ? h->open_matters : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, h->last_decisions ? h->last_decisions : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, h->created_at_ms);
	return sq_done(q, s, e, "handover_put");
}

static void handover_row(sqlite3_stmt *s, void *row)
{
	struct handover *h = row;
	memset(h, 0, sizeof(*h));
	h->id = sqlite3_column_int64(s, 0);
	h->unit_id = sqlite3_column_int64(s, 1);
	h->term_idx = sqlite3_column_int64(s, 2);
	h->on_date = sq_col_day(s, 3);
	h->outgoing_person_id = sqlite3_column_int64(s, 4);
	h->incoming_person_id = sqlite3_column_int64(s, 5);
	sq_text(s, 6, h->outgoing_name, sizeof(h->outgoing_name));
	sq_text(s, 7, h->incoming_name, sizeof(h->incoming_name));
	h->open_matters = sq_dup(s, 8);
	h->last_decisions = sq_dup(s, 9);
	h->created_at_ms = sqlite3_column_int64(s, 10);
}

static void sq_handovers_free(struct handover *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].open_matters);
		free(h[i].last_decisions);
	}
	free(h);
}

static void handovers_release(void *arr, size_t n)
{
	sq_handovers_free(arr, n);
}

static enum err_code sq_handover_list(struct store *st, int64_t unit_id, struct handover **out,
				      size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_HANDOVER_LIST,
		"SELECT h.id,h.unit_id,h.term_idx,h.on_date,h.outgoing_person_id,h.incoming_person_id,"
		"po.name,pi.name,h.open_matters,h.last_decisions,h.created_at_ms FROM handovers h "
		"LEFT JOIN people po ON po.id=h.outgoing_person_id "
		"LEFT JOIN people pi ON pi.id=h.incoming_person_id "
		"WHERE h.unit_id=? ORDER BY h.term_idx DESC");
	if (!s)
		return sq_error(q, e, "handover_list");
	sqlite3_bind_int64(s, 1, unit_id);
	static const struct sq_collect_hooks hooks = { .release = handovers_release };
	void *arr = NULL;
	enum err_code rc = sq_collect_ex(q, s, sizeof(struct handover), handover_row, &hooks, &arr,
					 out_n, e, "handover_list");
	*out = arr;
	return rc;
}

static void person_term_row(sqlite3_stmt *s, void *row)
{
	struct duty_term *t = row;
	memset(t, 0, sizeof(*t));
	t->unit_id = sqlite3_column_int64(s, 0);
	t->idx = sqlite3_column_int64(s, 1);
	t->starts_on = sq_col_day(s, 2);
	t->ends_on = sq_col_day(s, 3);
	/* the unit's name travels in org_name for this query */
	sq_text(s, 4, t->org_name, sizeof(t->org_name));
}

static enum err_code sq_terms_of_person(struct store *st, int64_t person_id, int32_t from,
					int32_t to, struct duty_term **out, size_t *out_n,
					struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, S_TERMS_OF_PERSON,
		"SELECT t.unit_id,t.idx,t.starts_on,t.ends_on,u.name FROM duty_terms t "
		"JOIN units u ON u.id=t.unit_id WHERE t.person_id=?1 AND t.starts_on>=?2 "
		"AND t.starts_on<=?3 ORDER BY t.starts_on");
	if (!s)
		return sq_error(q, e, "terms_of_person");
	sqlite3_bind_int64(s, 1, person_id);
	sq_bind_opt_day(s, 2, from);
	sq_bind_opt_day(s, 3, to);
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct duty_term), person_term_row, &arr, out_n,
				      e, "terms_of_person");
	struct duty_term *t = arr;
	for (size_t i = 0; !rc && i < *out_n; i++)
		t[i].person_id = person_id;
	*out = t;
	return rc;
}

const struct store_rotation_ops sq_rotation_ops = {
	.roster_latest = sq_roster_latest,
	.roster_insert = sq_roster_insert,
	.terms_list = sq_terms_list,
	.terms_delete_from = sq_terms_delete_from,
	.term_put = sq_term_put,
	.term_on = sq_term_on,
	.swap_insert = sq_swap_insert,
	.handover_put = sq_handover_put,
	.handover_list = sq_handover_list,
	.handovers_free = sq_handovers_free,
	.terms_of_person = sq_terms_of_person,
};
