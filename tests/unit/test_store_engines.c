/* The areas written once over the thin SQL driver (src/store/db.h), run on
 * both engines with the same cases: SQLite on a file in a fresh /tmp
 * directory, and PostgreSQL when LIANJIAN_TEST_PG holds a libpq conninfo
 * (tests/pg/run.sh starts a throwaway server and sets it; `make test` runs
 * that script). Without it the PostgreSQL cases report themselves skipped.
 *
 * Cases: $n parameters bound by name and out of order; migrations applied
 * once; division upsert (re-putting the same row writes nothing, a changed
 * name is updated), get and a missing code, root and child lists paged with
 * after/limit, substring search with a level cap and no wildcard meaning
 * for '%' or '_', a stored value too long for its record field read as a
 * store error (never a cut string), a unique clash as ERR_CONFLICT, and a
 * rolled-back write leaving nothing; accounts: a new id from RETURNING, a
 * duplicate username as ERR_CONFLICT naming the field, lookups, paging,
 * update, and grants replaced with duplicates skipped; rotation: no roster
 * yet (not found), a roster read back with its ids, a duplicate version as
 * ERR_CONFLICT changing nothing, duty terms upserted, listed, found by day
 * and deleted from an index, a term naming an unknown person refused by its
 * foreign key and changing nothing, a person's terms within dates, swaps,
 * handovers put once (a second put is skipped) and listed newest first with
 * their JSON, and a name too long for the record failing the whole list;
 * inbox: notifications with a dedup key inserted once, unread counts,
 * newest-first paging, marking read (inside a transaction and on its own)
 * keeping the first read time, another person's or a missing message not
 * found and unchanged, and an unknown person refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "assert_ext.h"
#include "engines.h"
#include "core/date.h"
#include "core/log.h"
#include "store/db.h"
#include "store/db_pg.h"
#include "store/slots.h"
#include "store/store.h"
#include "store/store_account.h"
#include "store/store_division.h"
#include "store/store_inbox.h"
#include "store/store_pg.h"
#include "store/store_rotation.h"

/* Statement slots for the tests' own SQL: the end of the division area's
 * range, which its statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_DIVISION + 1) - 1 - (n))

static void put(struct fx *x, const char *code, const char *name, int level, const char *parent)
{
	struct division d = {.level = level};
	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "%s", name);
	snprintf(d.parent_code, sizeof(d.parent_code), "%s", parent ? parent : "");
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->division->put(x->st, &d, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

static void region(struct fx *x)
{
	put(x, "450000000000", "广西壮族自治区", 1, NULL);
	put(x, "440000000000", "广东省", 1, NULL);
	put(x, "450900000000", "玉林市", 2, "450000000000");
	put(x, "450922000000", "陆川县", 3, "450900000000");
	put(x, "450922104000", "乌石镇", 4, "450922000000");
	put(x, "450922104201", "坡子村委会", 5, "450922104000");
	put(x, "450922104202", "百%_村委会", 5, "450922104000");
}

static void t_params_by_name(void **state)
{
	struct fx *x = *state;
	NEED(x);
	struct db_stmt *s = db_stmt(x->st->db, T_SLOT(0),
				    "SELECT CAST($2 AS TEXT) || '-' || CAST($1 AS TEXT)");
	assert_non_null(s);
	db_bind_text(s, 1, "一");
	db_bind_i64(s, 2, 2);
	assert_int_equal(db_step(s), DB_ROW);
	char out[32];
	db_text(s, 0, out, sizeof(out));
	assert_string_equal(out, "2-一");
	db_reset(s);
}

static void t_division_upsert_get(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	int64_t n = 0;
	assert_int_equal(x->st->division->count(x->st, &n, &x->e), ERR_OK);
	assert_int_equal(n, 7);
	put(x, "450922104201", "坡子村委会", 5, "450922104000");
	put(x, "450922000000", "陆川县（改）", 3, "450900000000");
	assert_int_equal(x->st->division->count(x->st, &n, &x->e), ERR_OK);
	assert_int_equal(n, 7);
	struct division d;
	assert_int_equal(x->st->division->get(x->st, "450922000000", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "陆川县（改）");
	assert_int_equal(d.level, 3);
	assert_string_equal(d.parent_code, "450900000000");
	assert_int_equal(x->st->division->get(x->st, "440000000000", &d, &x->e), ERR_OK);
	assert_string_equal(d.parent_code, "");
	assert_int_equal(x->st->division->get(x->st, "999999999999", &d, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.field, "code");
}

static void t_division_lists(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	struct division *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->division->children(x->st, NULL, (struct page){NULL, 10}, &arr, &n,
						   &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(arr[0].code, "440000000000");
	free(arr);
	assert_int_equal(x->st->division->children(x->st, "450922104000", (struct page){NULL, 1},
						   &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(arr[0].name, "坡子村委会");
	free(arr);
	assert_int_equal(x->st->division->children(x->st, "450922104000",
						   (struct page){"450922104201", 5}, &arr, &n,
						   &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(arr[0].code, "450922104202");
	free(arr);
	/* Substring search: level capped; '%' and '_' are plain characters. */
	assert_int_equal(x->st->division->search(x->st, "村委会", 5, (struct page){NULL, 10}, &arr,
						 &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	free(arr);
	assert_int_equal(x->st->division->search(x->st, "村委会", 4, (struct page){NULL, 10}, &arr,
						 &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(arr);
	assert_int_equal(x->st->division->search(x->st, "%_", 5, (struct page){NULL, 10}, &arr, &n,
						 &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(arr[0].code, "450922104202");
	free(arr);
	assert_int_equal(x->st->division->search(x->st, "_", 5, (struct page){NULL, 10}, &arr, &n,
						 &x->e), ERR_OK);
	assert_int_equal(n, 1);
	free(arr);
}

static void t_overflow_and_rollback(void **state)
{
	struct fx *x = *state;
	NEED(x);
	region(x);
	/* A name longer than the record holds (written behind the store's
	 * back): a store error, never a cut string. */
	char sql[2048];
	char longname[1200] = "";
	for (int i = 0; i < 300; i++)
		strcat(longname, "长");
	snprintf(sql, sizeof(sql), "UPDATE divisions SET name='%s' WHERE code='450922104201'",
		 longname);
	raw(x, sql);
	struct division d;
	assert_int_equal(x->st->division->get(x->st, "450922104201", &d, &x->e), ERR_STORE);
	struct division *arr = NULL;
	size_t n = 9;
	assert_int_equal(x->st->division->children(x->st, "450922104000", (struct page){NULL, 10},
						   &arr, &n, &x->e), ERR_STORE);
	assert_null(arr);
	assert_int_equal(n, 0);
	/* A rolled-back write leaves nothing. */
	struct division nd = {.level = 1};
	snprintf(nd.code, sizeof(nd.code), "110000000000");
	snprintf(nd.name, sizeof(nd.name), "北京市");
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->division->put(x->st, &nd, &x->e), ERR_OK);
	x->st->ops->rollback(x->st);
	assert_int_equal(x->st->division->get(x->st, "110000000000", &d, &x->e), ERR_NOT_FOUND);
	/* Nested: the inner savepoint rolls back alone. */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->division->put(x->st, &nd, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	snprintf(nd.code, sizeof(nd.code), "120000000000");
	assert_int_equal(x->st->division->put(x->st, &nd, &x->e), ERR_OK);
	x->st->ops->rollback(x->st);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->division->get(x->st, "110000000000", &d, &x->e), ERR_OK);
	assert_int_equal(x->st->division->get(x->st, "120000000000", &d, &x->e), ERR_NOT_FOUND);
}

static void t_meta_and_conflict(void **state)
{
	struct fx *x = *state;
	NEED(x);
	char v[8];
	assert_int_equal(x->st->ops->meta_set(x->st, "k", "值一二三", &x->e), ERR_OK);
	assert_int_equal(x->st->ops->meta_get(x->st, "k", v, sizeof(v), &x->e), ERR_OK);
	assert_string_equal(v, "值一"); /* 7 bytes: cut at a character boundary */
	assert_int_equal(x->st->ops->meta_get(x->st, "none", v, sizeof(v), &x->e), ERR_NOT_FOUND);
	/* A unique clash through the driver is ERR_CONFLICT on both engines. */
	struct db_stmt *s = db_stmt(x->st->db, T_SLOT(1), "INSERT INTO meta(key,value) VALUES($1,$2)");
	assert_non_null(s);
	db_bind_text(s, 1, "k");
	db_bind_text(s, 2, "x");
	assert_int_equal(db_run(x->st->db, s, &x->e, "test"), ERR_CONFLICT);
}

static int64_t add_user(struct fx *x, const char *name, int64_t person)
{
	struct user u = {.person_id = person, .created_at_ms = 1, .updated_at_ms = 1};
	snprintf(u.username, sizeof(u.username), "%s", name);
	snprintf(u.password_hash, sizeof(u.password_hash), "$argon2id$x");
	snprintf(u.display_name, sizeof(u.display_name), "%s（演示）", name);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	enum err_code rc = x->st->account->insert(x->st, &u, &x->e);
	if (rc == ERR_OK)
		assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	else
		x->st->ops->rollback(x->st);
	return rc == ERR_OK ? u.id : -(int64_t)rc;
}

static void t_accounts(void **state)
{
	struct fx *x = *state;
	NEED(x);
	int64_t a = add_user(x, "lc_admin", 0), b = add_user(x, "hz_admin", 42);
	assert_true(a > 0 && b > a);
	assert_int_equal(add_user(x, "lc_admin", 0), -(int64_t)ERR_CONFLICT);
	assert_string_equal(x->e.field, "username");
	struct user u;
	assert_int_equal(x->st->account->get(x->st, b, &u, &x->e), ERR_OK);
	assert_string_equal(u.display_name, "hz_admin（演示）");
	assert_int_equal(u.person_id, 42);
	assert_int_equal(x->st->account->get_by_name(x->st, "lc_admin", &u, &x->e), ERR_OK);
	assert_int_equal(u.id, a);
	assert_int_equal(u.person_id, 0);
	assert_int_equal(x->st->account->get(x->st, b + 100, &u, &x->e), ERR_NOT_FOUND);
	u.disabled = 1;
	u.updated_at_ms = 7;
	assert_int_equal(x->st->account->update(x->st, &u, &x->e), ERR_OK);
	struct user *arr = NULL;
	size_t n = 0;
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)a);
	assert_int_equal(x->st->account->list(x->st, (struct page){NULL, 1}, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, a);
	assert_int_equal(arr[0].disabled, 1);
	assert_int_equal(arr[0].updated_at_ms, 7);
	free(arr);
	assert_int_equal(x->st->account->list(x->st, (struct page){after, 5}, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, b);
	free(arr);
	struct grant g[3] = {{"county_admin", "county", "450922"},
			     {"viewer", "alliance", "1"},
			     {"county_admin", "county", "450922"}};
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->account->grants_replace(x->st, a, g, 3, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	struct grant *ga = NULL;
	assert_int_equal(x->st->account->grants(x->st, a, &ga, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ga[0].role, "county_admin");
	assert_string_equal(ga[0].scope_id, "450922");
	assert_string_equal(ga[1].role, "viewer");
	free(ga);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->account->grants_replace(x->st, a, g + 1, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->account->grants(x->st, a, &ga, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	free(ga);
}

/* One integer from a query without parameters (engines.h), on this file's slots. */
#define scalar(x, n, sql) fx_scalar((x), T_SLOT(n), (sql))

/* An alliance, its county unit, a town committee and two people. */
static void org_seed(struct fx *x)
{
	region(x);
	raw(x, "INSERT INTO alliances(id,name,description,created_at_ms) "
	       "VALUES(1,'陆川—廉江联盟','',1)");
	raw(x, "INSERT INTO units(id,alliance_id,tier,name,parent_id,created_at_ms) "
	       "VALUES(1,1,'county','边界联合党委',NULL,1)");
	raw(x, "INSERT INTO orgs(id,name,division_code,kind,created_at_ms) "
	       "VALUES(1,'乌石镇党委','450922104000','town_committee',1)");
	raw(x, "INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) "
	       "VALUES(1,'张三',1,'书记',NULL,0,1)");
	raw(x, "INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) "
	       "VALUES(2,'李四',1,'委员',NULL,0,1)");
}

static enum err_code w_roster(struct fx *x, const struct roster *r)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	enum err_code rc = x->st->rotation->roster_insert(x->st, r, &x->e);
	if (rc == ERR_OK)
		assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	else
		x->st->ops->rollback(x->st);
	return rc;
}

static enum err_code w_term(struct fx *x, int64_t idx, int64_t person, int32_t from, const char *why)
{
	struct duty_term t = {.unit_id = 1, .idx = idx, .person_id = person,
			      .planned_person_id = person, .starts_on = from, .ends_on = from + 6};
	snprintf(t.county_code, sizeof(t.county_code), "450922");
	snprintf(t.swap_reason, sizeof(t.swap_reason), "%s", why ? why : "");
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	enum err_code rc = x->st->rotation->term_put(x->st, &t, &x->e);
	if (rc == ERR_OK)
		assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	else
		x->st->ops->rollback(x->st);
	return rc;
}

static void t_rotation_rosters_terms(void **state)
{
	struct fx *x = *state;
	NEED(x);
	org_seed(x);
	const struct store_rotation_ops *r = x->st->rotation;
	struct roster got;
	assert_int_equal(r->roster_latest(x->st, 1, &got, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "轮值名单不存在");
	int32_t jan5 = date_from_ymd(2026, 1, 5);
	struct roster ro = {.unit_id = 1, .version = 1, .starts_on = jan5, .person_ids = {2, 1},
			    .n = 2, .first_idx = 0, .created_at_ms = 11};
	snprintf(ro.term, sizeof(ro.term), "week");
	assert_int_equal(w_roster(x, &ro), ERR_OK);
	ro.version = 2;
	ro.person_ids[0] = 1;
	ro.n = 1;
	ro.first_idx = 3;
	assert_int_equal(w_roster(x, &ro), ERR_OK);
	/* The same version again: a conflict that changes nothing. */
	ro.person_ids[0] = 2;
	assert_int_equal(w_roster(x, &ro), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：roster_insert");
	assert_int_equal(r->roster_latest(x->st, 1, &got, &x->e), ERR_OK);
	assert_int_equal(got.unit_id, 1);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.term, "week");
	assert_int_equal(got.starts_on, jan5);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.person_ids[0], 1);
	assert_int_equal(got.first_idx, 3);
	assert_int_equal(got.created_at_ms, 11);
	assert_int_equal(scalar(x, 5, "SELECT count(*) FROM rosters"), 2);

	assert_int_equal(w_term(x, 0, 1, jan5, NULL), ERR_OK);
	assert_int_equal(w_term(x, 1, 1, jan5 + 7, NULL), ERR_OK);
	assert_int_equal(w_term(x, 2, 1, jan5 + 14, NULL), ERR_OK);
	/* Upsert: the same index again is a swap of its holder. */
	assert_int_equal(w_term(x, 1, 2, jan5 + 7, "出差"), ERR_OK);
	/* An unknown person: the foreign key refuses, nothing changes. */
	assert_int_equal(w_term(x, 1, 99, jan5 + 7, NULL), ERR_CONFLICT);
	assert_int_equal(w_term(x, 5, 99, jan5 + 35, NULL), ERR_CONFLICT);
	struct duty_term *t = NULL;
	size_t n = 0;
	assert_int_equal(r->terms_list(x->st, 1, 1, &t, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].idx, 1);
	assert_int_equal(t[0].person_id, 2);
	assert_string_equal(t[0].person_name, "李四");
	assert_string_equal(t[0].swap_reason, "出差");
	assert_string_equal(t[0].org_name, "乌石镇党委");
	assert_int_equal(t[0].org_id, 1);
	assert_string_equal(t[0].county_code, "450922");
	assert_string_equal(t[0].county_name, "");   /* no such division: LEFT JOIN */
	assert_int_equal(t[0].starts_on, jan5 + 7);
	assert_int_equal(t[0].ends_on, jan5 + 13);
	assert_int_equal(t[1].idx, 2);
	assert_string_equal(t[1].swap_reason, "");
	free(t);
	struct duty_term on;
	assert_int_equal(r->term_on(x->st, 1, jan5 + 13, &on, &x->e), ERR_OK);
	assert_int_equal(on.idx, 1);
	assert_int_equal(r->term_on(x->st, 1, jan5 + 14, &on, &x->e), ERR_OK);
	assert_int_equal(on.idx, 2);
	assert_int_equal(r->term_on(x->st, 1, jan5 + 400, &on, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "该日期的轮值任期不存在");
	/* A person's terms within dates; an absent bound matches nothing. */
	assert_int_equal(r->terms_of_person(x->st, 1, jan5, jan5 + 20, &t, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].idx, 0);
	assert_int_equal(t[1].idx, 2);
	assert_int_equal(t[1].person_id, 1);
	assert_string_equal(t[1].org_name, "边界联合党委");
	free(t);
	assert_int_equal(r->terms_of_person(x->st, 1, 0, jan5 + 20, &t, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(t);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(r->terms_delete_from(x->st, 1, 2, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(r->terms_list(x->st, 1, 0, &t, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[1].idx, 1);
	free(t);
}

static void t_rotation_swaps_handovers(void **state)
{
	struct fx *x = *state;
	NEED(x);
	org_seed(x);
	const struct store_rotation_ops *r = x->st->rotation;
	int32_t jan5 = date_from_ymd(2026, 1, 5);
	struct swap_record w = {.unit_id = 1, .term_idx = 1, .on_date = jan5, .original_person_id = 1,
				.substitute_person_id = 2, .exchanged_term_idx = -1,
				.created_at_ms = 5};
	snprintf(w.reason, sizeof(w.reason), "下乡调研");
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(r->swap_insert(x->st, &w, &x->e), ERR_OK);
	w.exchanged_term_idx = 4;
	w.created_by = 1;
	assert_int_equal(r->swap_insert(x->st, &w, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(scalar(x, 6, "SELECT count(*) FROM rotation_swaps WHERE "
				   "exchanged_term_idx IS NULL AND created_by IS NULL "
				   "AND on_date='2026-01-05'"), 1);
	assert_int_equal(scalar(x, 7, "SELECT exchanged_term_idx FROM rotation_swaps "
				   "WHERE created_by=1"), 4);
	/* A unit that does not exist: refused, nothing written. */
	w.unit_id = 77;
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(r->swap_insert(x->st, &w, &x->e), ERR_CONFLICT);
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 8, "SELECT count(*) FROM rotation_swaps"), 2);

	struct handover h = {.unit_id = 1, .term_idx = 1, .on_date = jan5, .incoming_person_id = 1,
			     .created_at_ms = 7};
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(r->handover_put(x->st, &h, &x->e), ERR_OK);
	h.outgoing_person_id = 2;   /* the same term again: skipped */
	assert_int_equal(r->handover_put(x->st, &h, &x->e), ERR_OK);
	h.term_idx = 2;
	h.on_date = jan5 + 7;
	h.open_matters = "[{\"id\":3,\"title\":\"界河清淤\"}]";
	h.last_decisions = "[]";
	assert_int_equal(r->handover_put(x->st, &h, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	struct handover *hs = NULL;
	size_t n = 0;
	assert_int_equal(r->handover_list(x->st, 1, &hs, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(hs[0].term_idx, 2);
	assert_string_equal(hs[0].outgoing_name, "李四");
	assert_string_equal(hs[0].incoming_name, "张三");
	assert_string_equal(hs[0].open_matters, "[{\"id\":3,\"title\":\"界河清淤\"}]");
	assert_int_equal(hs[0].on_date, jan5 + 7);
	assert_int_equal(hs[1].term_idx, 1);
	assert_int_equal(hs[1].outgoing_person_id, 0);
	assert_string_equal(hs[1].outgoing_name, "");
	assert_string_equal(hs[1].open_matters, "[]");
	assert_string_equal(hs[1].last_decisions, "[]");
	assert_int_equal(hs[1].created_at_ms, 7);
	assert_true(hs[0].id > hs[1].id);
	r->handovers_free(hs, n);
	/* A name too long for the record: the whole list fails, and the rows
	 * read so far are released (ASan checks). */
	char sql[2048], longname[1200] = "";
	for (int i = 0; i < 300; i++)
		strcat(longname, "长");
	snprintf(sql, sizeof(sql), "UPDATE people SET name='%s' WHERE id=1", longname);
	raw(x, sql);
	hs = NULL;
	n = 9;
	assert_int_equal(r->handover_list(x->st, 1, &hs, &n, &x->e), ERR_STORE);
	assert_null(hs);
	assert_int_equal(n, 0);
}

static enum err_code w_note(struct fx *x, int64_t person, const char *title, const char *dedup)
{
	struct notification no = {.person_id = person, .object_id = 9, .created_at_ms = 100};
	snprintf(no.kind, sizeof(no.kind), "matter_assigned");
	snprintf(no.title, sizeof(no.title), "%s", title);
	snprintf(no.body, sizeof(no.body), "请及时处理");
	snprintf(no.object_type, sizeof(no.object_type), "matter");
	snprintf(no.dedup_key, sizeof(no.dedup_key), "%s", dedup ? dedup : "");
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	enum err_code rc = x->st->inbox->insert(x->st, &no, &x->e);
	if (rc == ERR_OK)
		assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	else
		x->st->ops->rollback(x->st);
	return rc;
}

static void t_inbox(void **state)
{
	struct fx *x = *state;
	NEED(x);
	org_seed(x);
	const struct store_inbox_ops *ib = x->st->inbox;
	assert_int_equal(w_note(x, 1, "新事项：界河清淤", "matter:9:1"), ERR_OK);
	assert_int_equal(w_note(x, 1, "新事项：界河清淤（重复）", "matter:9:1"), ERR_OK);
	assert_int_equal(w_note(x, 1, "会议通知", NULL), ERR_OK);
	assert_int_equal(w_note(x, 1, "会议纪要", NULL), ERR_OK);
	assert_int_equal(w_note(x, 2, "他人的消息", NULL), ERR_OK);
	/* An unknown person: refused, nothing written. */
	assert_int_equal(w_note(x, 99, "无人", NULL), ERR_CONFLICT);
	assert_int_equal(scalar(x, 9, "SELECT count(*) FROM notifications"), 4);
	int64_t unread = -1;
	assert_int_equal(ib->unread(x->st, 1, &unread, &x->e), ERR_OK);
	assert_int_equal(unread, 3);
	struct notification *arr = NULL;
	size_t n = 0;
	assert_int_equal(ib->list(x->st, 1, (struct page){NULL, 2}, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(arr[0].title, "会议纪要");
	assert_string_equal(arr[1].title, "会议通知");
	assert_string_equal(arr[0].object_type, "matter");
	assert_int_equal(arr[0].object_id, 9);
	assert_int_equal(arr[0].read_at_ms, 0);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)arr[1].id);
	free(arr);
	/* Ids need not be dense: PostgreSQL spends one on a skipped insert. */
	assert_int_equal(ib->list(x->st, 1, (struct page){after, 10}, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	int64_t first = arr[0].id;
	assert_string_equal(arr[0].title, "新事项：界河清淤");
	free(arr);
	int64_t other = scalar(x, 11, "SELECT id FROM notifications WHERE person_id=2");
	/* Marked read inside a transaction, then again on its own: the first
	 * time stays. */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(ib->read(x->st, first, 1, 500, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(ib->read(x->st, first, 1, 900, &x->e), ERR_OK);
	/* Another person's message and a missing one: not found, unchanged. */
	assert_int_equal(ib->read(x->st, other, 1, 900, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "消息不存在");
	assert_int_equal(ib->read(x->st, other + 50, 1, 900, &x->e), ERR_NOT_FOUND);
	assert_int_equal(ib->unread(x->st, 2, &unread, &x->e), ERR_OK);
	assert_int_equal(unread, 1);
	assert_int_equal(ib->unread(x->st, 1, &unread, &x->e), ERR_OK);
	assert_int_equal(unread, 2);
	assert_int_equal(ib->list(x->st, 1, (struct page){after, 10}, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].read_at_ms, 500);
	free(arr);
	assert_int_equal(scalar(x, 10, "SELECT count(*) FROM notifications WHERE read_at_ms IS NOT NULL"), 1);
}

#define BOTH(fn)                                                          \
	cmocka_unit_test_setup_teardown(fn, setup_sqlite, teardown),      \
	cmocka_unit_test_setup_teardown(fn, setup_pg, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(t_params_by_name),
		BOTH(t_division_upsert_get),
		BOTH(t_division_lists),
		BOTH(t_overflow_and_rollback),
		BOTH(t_meta_and_conflict),
		BOTH(t_accounts),
		BOTH(t_rotation_rosters_terms),
		BOTH(t_rotation_swaps_handovers),
		BOTH(t_inbox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
