/* The session, sign-in, scope and audit areas (src/store/store_sql_*.c),
 * written once over the thin SQL driver, run with the same cases on SQLite
 * and on PostgreSQL (tests/unit/engines.h; `make pg-test`).
 *
 * Cases: sessions inserted, read by token and by public id, the idle clock
 * moved, listed with every filter (user, ",id," list, seen and created
 * since, offset and limit; an unnamed session sorting first among equal
 * uses), deleted one, by user and by age; a duplicate token refused as
 * ERR_CONFLICT and changing nothing; login failures counted in a window and
 * cleared per key; sign-ins inserted with their RETURNING ids (an unknown
 * name without an account), listed newest first through every filter and
 * paged, and purged by age and by count; scope facts of each kind with
 * their counties (deduplicated), a missing or non-numeric id not existing;
 * audit entries inserted and paged newest first with their JSON texts, and
 * snapshots of every kind read back field by field, lists in the same order
 * on both engines, a missing object not existing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "engines.h"
#include "core/buf.h"
#include "store/db.h"
#include "store/slots.h"
#include "store/store.h"
#include "store/store_audit.h"
#include "store/store_scope.h"
#include "store/store_session.h"
#include "store/store_signin.h"

/* Statement slots for the tests' own SQL: the end of the signin area's
 * range, which its three statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_SIGNIN + 1) - 1 - (n))

#define scalar(x, n, sql) fx_scalar((x), T_SLOT(n), (sql))

static void seed_users(struct fx *x)
{
	raw(x, "INSERT INTO users(id,username,password_hash,display_name,person_id,disabled,"
	       "created_at_ms,updated_at_ms) VALUES(1,'admin','x','管理员',NULL,0,1,1),"
	       "(2,'lc','x','陆川',2,1,1,1),(3,'hz','x','化州',NULL,0,1,1)");
}

static void sess(struct fx *x, const char *tok, int64_t user, int64_t created, int64_t seen,
		 const char *pub)
{
	struct session s = {.user_id = user, .created_at_ms = created, .last_seen_ms = seen};
	snprintf(s.token_hash, sizeof(s.token_hash), "%s", tok);
	snprintf(s.csrf_token, sizeof(s.csrf_token), "csrf-%s", tok);
	snprintf(s.public_id, sizeof(s.public_id), "%s", pub);
	snprintf(s.client_ip, sizeof(s.client_ip), "10.0.0.%lld", (long long)user);
	snprintf(s.user_agent, sizeof(s.user_agent), "浏览器 %s", tok);
	assert_int_equal(x->st->session->insert(x->st, &s, &x->e), ERR_OK);
}

static void t_sessions(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_session_ops *so = x->st->session;
	seed_users(x);
	sess(x, "t1", 1, 1000, 5000, "p1");
	sess(x, "t2", 2, 2000, 5000, "");      /* unnamed: NULL public id */
	sess(x, "t3", 2, 3000, 7000, "p3");
	sess(x, "t4", 3, 100, 200, "p4");

	struct session s;
	assert_int_equal(so->get(x->st, "t1", &s, &x->e), ERR_OK);
	assert_int_equal(s.user_id, 1);
	assert_string_equal(s.csrf_token, "csrf-t1");
	assert_int_equal(s.created_at_ms, 1000);
	assert_int_equal(s.last_seen_ms, 5000);
	assert_string_equal(s.public_id, "p1");
	assert_string_equal(s.client_ip, "10.0.0.1");
	assert_string_equal(s.user_agent, "浏览器 t1");
	assert_int_equal(so->get(x->st, "t2", &s, &x->e), ERR_OK);
	assert_string_equal(s.public_id, "");
	assert_int_equal(so->get(x->st, "nope", &s, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "会话不存在");
	assert_int_equal(so->get_public(x->st, "p3", &s, &x->e), ERR_OK);
	assert_string_equal(s.token_hash, "t3");
	assert_int_equal(so->get_public(x->st, "p9", &s, &x->e), ERR_NOT_FOUND);

	/* a duplicate token (outside a transaction, and inside one) changes nothing */
	struct session dup = {.user_id = 3, .created_at_ms = 1, .last_seen_ms = 1};
	snprintf(dup.token_hash, sizeof(dup.token_hash), "t1");
	assert_int_equal(so->insert(x->st, &dup, &x->e), ERR_CONFLICT);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(so->insert(x->st, &dup, &x->e), ERR_CONFLICT);
	x->st->ops->rollback(x->st);
	assert_int_equal(so->get(x->st, "t1", &s, &x->e), ERR_OK);
	assert_int_equal(s.user_id, 1);
	assert_int_equal(s.last_seen_ms, 5000);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM sessions"), 4);

	/* the idle clock, on its own and inside a transaction; on SQLite it
	 * moves no answer-cache generation, while a new session moves the
	 * sessions' (PostgreSQL keeps none yet) */
	uint64_t g0 = 0, g1 = 0;
	if (x->engine == DB_SQLITE)
		assert_int_equal(x->st->ops->generation(x->st, STORE_GEN_SESSIONS, &g0, &x->e),
				 ERR_OK);
	assert_int_equal(so->touch(x->st, "t1", 6000, &x->e), ERR_OK);
	assert_int_equal(so->get(x->st, "t1", &s, &x->e), ERR_OK);
	assert_int_equal(s.last_seen_ms, 6000);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(so->touch(x->st, "t1", 6500, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(so->get(x->st, "t1", &s, &x->e), ERR_OK);
	assert_int_equal(s.last_seen_ms, 6500);
	assert_int_equal(so->touch(x->st, "nope", 7000, &x->e), ERR_OK);
	if (x->engine == DB_SQLITE) {
		assert_int_equal(x->st->ops->generation(x->st, STORE_GEN_SESSIONS, &g1, &x->e),
				 ERR_OK);
		assert_int_equal(g1, g0);
		assert_int_equal(x->st->ops->generation(x->st, STORE_GEN_GLOBAL, &g1, &x->e),
				 ERR_OK);
		uint64_t global = g1;
		sess(x, "t5", 3, 1, 1, "p5");
		assert_int_equal(x->st->ops->generation(x->st, STORE_GEN_SESSIONS, &g1, &x->e),
				 ERR_OK);
		assert_true(g1 > g0);
		assert_int_equal(x->st->ops->generation(x->st, STORE_GEN_GLOBAL, &g0, &x->e),
				 ERR_OK);
		assert_int_equal(g0, global);
		assert_int_equal(so->delete(x->st, "t5", &x->e), ERR_OK);
	}

	struct session_view *v = NULL;
	size_t n = 0;
	/* everyone seen since 1000, newest use first: t3 7000, t1 6500, t2 5000 */
	assert_int_equal(so->list(x->st, 0, NULL, 1000, 0, 0, 10, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].public_id, "p3");
	assert_string_equal(v[1].public_id, "p1");
	assert_string_equal(v[2].public_id, "");
	assert_int_equal(v[2].user_id, 2);
	assert_int_equal(v[2].created_at_ms, 2000);
	assert_string_equal(v[2].client_ip, "10.0.0.2");
	assert_string_equal(v[2].user_agent, "浏览器 t2");
	free(v);
	/* equal uses: the unnamed session first, as SQLite sorts NULL */
	assert_int_equal(so->touch(x->st, "t1", 5000, &x->e), ERR_OK);
	assert_int_equal(so->list(x->st, 0, NULL, 0, 0, 0, 10, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].public_id, "p3");
	assert_string_equal(v[1].public_id, "");
	assert_string_equal(v[2].public_id, "p1");
	assert_string_equal(v[3].public_id, "p4");
	free(v);
	/* offset and limit */
	assert_int_equal(so->list(x->st, 0, NULL, 0, 0, 1, 2, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].public_id, "");
	assert_string_equal(v[1].public_id, "p1");
	free(v);
	/* one user; a ",id," list; created since */
	assert_int_equal(so->list(x->st, 2, NULL, 0, 0, 0, 10, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].user_id, 2);
	assert_int_equal(v[1].user_id, 2);
	free(v);
	assert_int_equal(so->list(x->st, 0, ",1,3,", 0, 0, 0, 10, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].public_id, "p1");
	assert_string_equal(v[1].public_id, "p4");
	free(v);
	assert_int_equal(so->list(x->st, 0, ",13,", 0, 0, 0, 10, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(so->list(x->st, 0, NULL, 0, 2500, 0, 10, &v, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].public_id, "p3");
	free(v);

	/* deletes */
	assert_int_equal(so->delete(x->st, "t3", &x->e), ERR_OK);
	assert_int_equal(so->get(x->st, "t3", &s, &x->e), ERR_NOT_FOUND);
	assert_int_equal(so->delete_user(x->st, 2, &x->e), ERR_OK);
	assert_int_equal(so->get(x->st, "t2", &s, &x->e), ERR_NOT_FOUND);
	/* purge: t4 last seen at 200 goes; t1 (seen 5000, created 1000) stays
	 * at 4000, and goes once it was created more than a day before */
	assert_int_equal(so->purge(x->st, 4000, &x->e), ERR_OK);
	assert_int_equal(so->get(x->st, "t4", &s, &x->e), ERR_NOT_FOUND);
	assert_int_equal(so->get(x->st, "t1", &s, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(so->touch(x->st, "t1", 90000000, &x->e), ERR_OK);
	assert_int_equal(so->purge(x->st, 1000 + 86400000 + 1, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	assert_int_equal(scalar(x, 0, "SELECT count(*) FROM sessions"), 0);
}

static void t_login_failures(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_session_ops *so = x->st->session;
	int64_t n = -1;
	assert_int_equal(so->failure_count(x->st, "u:admin", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	for (int64_t t = 100; t <= 500; t += 100)
		assert_int_equal(so->failure_add(x->st, "u:admin", t, &x->e), ERR_OK);
	assert_int_equal(so->failure_add(x->st, "ip:10.0.0.1", 300, &x->e), ERR_OK);
	assert_int_equal(so->failure_count(x->st, "u:admin", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 5);
	assert_int_equal(so->failure_count(x->st, "u:admin", 300, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(so->failure_count(x->st, "u:admin", 501, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	/* inside a write transaction the count sees the transaction's rows */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	assert_int_equal(so->failure_add(x->st, "u:admin", 600, &x->e), ERR_OK);
	assert_int_equal(so->failure_count(x->st, "u:admin", 300, &n, &x->e), ERR_OK);
	assert_int_equal(n, 4);
	x->st->ops->rollback(x->st);
	assert_int_equal(so->failure_count(x->st, "u:admin", 300, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(so->failure_clear(x->st, "u:admin", &x->e), ERR_OK);
	assert_int_equal(so->failure_count(x->st, "u:admin", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(so->failure_count(x->st, "ip:10.0.0.1", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
}

static int64_t signin(struct fx *x, int64_t at, int64_t user, const char *name, const char *result)
{
	struct signin_rec r = {.at_ms = at, .user_id = user};
	snprintf(r.username, sizeof(r.username), "%s", name);
	snprintf(r.client_ip, sizeof(r.client_ip), "10.1.0.%lld", (long long)at);
	snprintf(r.user_agent, sizeof(r.user_agent), "UA");
	snprintf(r.result, sizeof(r.result), "%s", result);
	snprintf(r.reason, sizeof(r.reason), "%s",
		 strcmp(result, "success") == 0 ? "ok" : "bad_password");
	assert_int_equal(x->st->signin->insert(x->st, &r, &x->e), ERR_OK);
	return r.id;
}

static void t_signins(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_signin_ops *so = x->st->signin;
	seed_users(x);
	int64_t a = signin(x, 10, 1, "admin", "success");
	int64_t b = signin(x, 20, 0, "无此人", "failure");
	int64_t c = signin(x, 30, 2, "lc", "failure");
	int64_t d = signin(x, 40, 1, "admin", "success");
	assert_true(a > 0 && b == a + 1 && c == b + 1 && d == c + 1);

	/* a bad result is refused by the CHECK and writes nothing */
	struct signin_rec bad = {.at_ms = 50, .user_id = 1};
	snprintf(bad.result, sizeof(bad.result), "maybe");
	assert_int_equal(so->insert(x->st, &bad, &x->e), ERR_CONFLICT);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM signins"), 4);

	struct signin_rec *r = NULL;
	size_t n = 0;
	struct signin_filter all = {0};
	assert_int_equal(so->list(x->st, &all, (struct page){NULL, 10}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].id, d);
	assert_int_equal(r[3].id, a);
	assert_int_equal(r[2].user_id, 0);
	assert_string_equal(r[2].username, "无此人");
	assert_string_equal(r[2].client_ip, "10.1.0.20");
	assert_string_equal(r[2].user_agent, "UA");
	assert_string_equal(r[2].result, "failure");
	assert_string_equal(r[2].reason, "bad_password");
	assert_int_equal(r[2].at_ms, 20);
	free(r);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)c);
	assert_int_equal(so->list(x->st, &all, (struct page){after, 1}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].id, b);
	free(r);
	struct signin_filter f = {.user_id = 1};
	assert_int_equal(so->list(x->st, &f, (struct page){NULL, 10}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, d);
	free(r);
	f = (struct signin_filter){.user_in = ",2,3,"};
	assert_int_equal(so->list(x->st, &f, (struct page){NULL, 10}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].id, c);
	free(r);
	f = (struct signin_filter){.result = "failure"};
	assert_int_equal(so->list(x->st, &f, (struct page){NULL, 10}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, c);
	assert_int_equal(r[1].id, b);
	free(r);
	f = (struct signin_filter){.from_ms = 20, .to_ms = 40};
	assert_int_equal(so->list(x->st, &f, (struct page){NULL, 10}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, c);
	assert_int_equal(r[1].id, b);
	free(r);

	/* purge: older than 15 goes (a), then all but the newest 2 */
	assert_int_equal(so->purge(x->st, 15, 100, &x->e), ERR_OK);
	assert_int_equal(scalar(x, 1, "SELECT count(*) FROM signins"), 3);
	assert_int_equal(so->purge(x->st, 0, 2, &x->e), ERR_OK);
	assert_int_equal(so->list(x->st, &all, (struct page){NULL, 10}, &r, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, d);
	assert_int_equal(r[1].id, c);
	free(r);
}

/* Divisions, an alliance of two counties, a unit, two organisations, two
 * people. */
static void seed_org(struct fx *x)
{
	raw(x, "INSERT INTO divisions(code,name,level,parent_code) VALUES"
	       "('450000','广西壮族自治区',1,NULL),('450900','玉林市',2,'450000'),"
	       "('450922','陆川县',3,'450900'),('450922104','乌石镇',4,'450922'),"
	       "('440000','广东省',1,NULL),('440800','湛江市',2,'440000'),"
	       "('440881','廉江市',3,'440800'),('440881104','河唇镇',4,'440881')");
	raw(x, "INSERT INTO alliances(id,name,description,created_at_ms) "
	       "VALUES(1,'陆廉联建','边界',1),(2,'空联建','',1)");
	raw(x, "INSERT INTO alliance_counties(alliance_id,county_code) "
	       "VALUES(1,'450922'),(1,'440881')");
	raw(x, "INSERT INTO units(id,alliance_id,tier,name,parent_id,created_at_ms) "
	       "VALUES(1,1,'county','边界联合党委',NULL,1),(2,1,'town','镇联合党委',1,1)");
	raw(x, "INSERT INTO unit_divisions(unit_id,code) "
	       "VALUES(2,'450922104'),(2,'440881104'),(2,'450922')");
	raw(x, "INSERT INTO orgs(id,name,division_code,kind,created_at_ms) "
	       "VALUES(1,'乌石镇党委','450922104','town_committee',1),"
	       "(2,'河唇镇党委','440881104','town_committee',1)");
	raw(x, "INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) "
	       "VALUES(1,'张三',1,'书记',NULL,0,1),(2,'李四',2,'委员','13800000000',1,1)");
	raw(x, "INSERT INTO unit_members(unit_id,org_id,added_at_ms,removed_at_ms) "
	       "VALUES(2,2,1,NULL),(2,1,1,NULL),(1,1,1,5)");
	raw(x, "INSERT INTO unit_leaders(unit_id,person_id,since_ms,until_ms) VALUES(2,2,1,NULL)");
	raw(x, "INSERT INTO org_secretaries(org_id,person_id,since_ms,until_ms) "
	       "VALUES(1,2,1,5),(1,1,5,NULL)");
}

static void facts(struct fx *x, const char *type, const char *id, struct scope_facts *f)
{
	assert_int_equal(x->st->scope->facts(x->st, type, id, f, &x->e), ERR_OK);
}

static int has_county(const struct scope_facts *f, const char *c)
{
	for (size_t i = 0; i < f->n_counties; i++)
		if (strcmp(f->counties[i], c) == 0)
			return 1;
	return 0;
}

static void t_scope(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed_org(x);
	struct scope_facts f;
	facts(x, "county", "450922", &f);
	assert_int_equal(f.exists, 1);
	assert_int_equal(f.alliance_id, 0);
	assert_int_equal(f.n_counties, 1);
	assert_string_equal(f.counties[0], "450922");
	facts(x, "county", "450922104", &f); /* a town is no county */
	assert_int_equal(f.exists, 0);
	facts(x, "alliance", "1", &f);
	assert_int_equal(f.exists, 1);
	assert_int_equal(f.alliance_id, 1);
	assert_int_equal(f.n_counties, 2);
	assert_true(has_county(&f, "450922") && has_county(&f, "440881"));
	facts(x, "alliance", "2", &f); /* no counties: exists all the same */
	assert_int_equal(f.exists, 1);
	assert_int_equal(f.alliance_id, 2);
	assert_int_equal(f.n_counties, 0);
	facts(x, "unit", "2", &f); /* three divisions in two counties */
	assert_int_equal(f.exists, 1);
	assert_int_equal(f.alliance_id, 1);
	assert_int_equal(f.n_counties, 2);
	assert_true(has_county(&f, "450922") && has_county(&f, "440881"));
	facts(x, "unit", "1", &f);
	assert_int_equal(f.exists, 1);
	assert_int_equal(f.n_counties, 0);
	facts(x, "org", "2", &f);
	assert_int_equal(f.exists, 1);
	assert_int_equal(f.alliance_id, 0);
	assert_int_equal(f.n_counties, 1);
	assert_string_equal(f.counties[0], "440881");
	facts(x, "person", "1", &f);
	assert_int_equal(f.exists, 1);
	assert_string_equal(f.counties[0], "450922");
	/* missing, not a number, out of range, an unknown type */
	facts(x, "person", "9", &f);
	assert_int_equal(f.exists, 0);
	facts(x, "alliance", "abc", &f);
	assert_int_equal(f.exists, 0);
	facts(x, "unit", "99999999999999999999", &f);
	assert_int_equal(f.exists, 0);
	facts(x, "org", "", &f);
	assert_int_equal(f.exists, 0);
	facts(x, "deployment", "", &f);
	assert_int_equal(f.exists, 0);
}

static void audit_put(struct fx *x, int64_t at, int64_t user, const char *action,
		      const char *before, const char *after)
{
	struct audit_entry a = {.at_ms = at, .user_id = user, .before = (char *)before,
				.after = (char *)after};
	snprintf(a.username, sizeof(a.username), "%s", user ? "admin" : "");
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.object_type, sizeof(a.object_type), "user");
	snprintf(a.object_id, sizeof(a.object_id), "%lld", (long long)at);
	assert_int_equal(x->st->audit->insert(x->st, &a, &x->e), ERR_OK);
}

static void t_audit_log(void **state)
{
	struct fx *x = *state;
	NEED(x);
	const struct store_audit_ops *ao = x->st->audit;
	seed_users(x);
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	audit_put(x, 1, 1, "user.create", NULL, "{\"id\":1,\"名\":\"管理员\"}");
	audit_put(x, 2, 0, "user.update", "{\"a\":1}", "{\"a\":2}");
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
	audit_put(x, 3, 1, "user.delete", "{}", NULL);
	/* an entry rolled back with its transaction leaves nothing */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	audit_put(x, 4, 1, "user.lost", NULL, "{}");
	x->st->ops->rollback(x->st);
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM audit"), 3);
	struct audit_entry *a = NULL;
	size_t n = 0;
	assert_int_equal(ao->list(x->st, (struct page){NULL, 2}, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	int64_t top = a[0].id;
	assert_int_equal(a[0].at_ms, 3);
	assert_int_equal(a[1].at_ms, 2);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)a[1].id);
	ao->entries_free(a, n);
	assert_int_equal(ao->list(x->st, (struct page){after, 10}, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	struct audit_entry *first = &a[0];
	assert_true(first->id < top);
	assert_int_equal(first->at_ms, 1);
	assert_int_equal(first->user_id, 1);
	assert_string_equal(first->username, "admin");
	assert_string_equal(first->action, "user.create");
	assert_string_equal(first->object_type, "user");
	assert_string_equal(first->object_id, "1");
	assert_null(first->before);
	assert_string_equal(first->after, "{\"id\":1,\"名\":\"管理员\"}");
	ao->entries_free(a, n);
	assert_int_equal(ao->list(x->st, (struct page){NULL, 10}, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(a[1].user_id, 0);
	assert_string_equal(a[1].username, "");
	assert_string_equal(a[1].before, "{\"a\":1}");
	assert_string_equal(a[1].after, "{\"a\":2}");
	assert_null(a[0].after);
	ao->entries_free(a, n);
	/* a stored name too long for the record fails the whole list (never a
	 * cut name), and frees what it read */
	char sql[600];
	snprintf(sql, sizeof(sql), "INSERT INTO audit(at_ms,user_id,username,action,object_type) "
		 "VALUES(5,NULL,'%0300d','x','user')", 7);
	raw(x, sql);
	a = NULL;
	assert_int_equal(ao->list(x->st, (struct page){NULL, 10}, &a, &n, &x->e), ERR_STORE);
	assert_null(a);
	assert_int_equal(scalar(x, 2, "SELECT count(*) FROM audit"), 4);
}

/* A snapshot as one line: key=value;… with kinds marked: #int, ?bool,
 * "text", [list], ~null. */
static void snap(struct fx *x, const char *type, int64_t id, char *out, size_t size)
{
	struct snapshot sn;
	assert_int_equal(x->st->audit->snapshot(x->st, type, id, &sn, &x->e), ERR_OK);
	size_t len = 0;
	out[0] = '\0';
	if (!sn.exists)
		snprintf(out, size, "(none)");
	for (size_t i = 0; i < sn.n && len < size; i++) {
		const struct snapshot_field *f = &sn.f[i];
		int w;
		switch (f->kind) {
		case SNAP_NULL: w = snprintf(out + len, size - len, "%s=~;", f->key); break;
		case SNAP_INT: w = snprintf(out + len, size - len, "%s=#%lld;", f->key, (long long)f->i); break;
		case SNAP_BOOL: w = snprintf(out + len, size - len, "%s=?%lld;", f->key, (long long)f->i); break;
		case SNAP_TEXT: w = snprintf(out + len, size - len, "%s=\"%s\";", f->key, f->text ? f->text : ""); break;
		default: {
			/* the separators shown as | (rows) and / (columns) */
			char t[512];
			snprintf(t, sizeof(t), "%s", f->text ? f->text : "");
			for (char *p = t; *p; p++)
				*p = *p == SNAP_SEP_ROW ? '|' : *p == SNAP_SEP_COL ? '/' : *p;
			w = snprintf(out + len, size - len, "%s=[%s];", f->key, t);
		}
		}
		len += (size_t)w;
	}
	assert_true(len < size);
	x->st->audit->snapshot_clear(&sn);
	assert_int_equal(sn.n, 0);
}

static void t_snapshots(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed_users(x);
	seed_org(x);
	/* grants inserted out of their key order: listed in key order */
	raw(x, "INSERT INTO grants(user_id,role,scope_type,scope_id) VALUES"
	       "(2,'viewer','alliance','1'),(2,'alliance_admin','alliance','1'),"
	       "(2,'Zeta','deployment',''),(2,'alliance_admin','alliance','10')");
	raw(x, "INSERT INTO rosters(unit_id,version,term,starts_on,person_ids,first_idx,created_at_ms) "
	       "VALUES(2,1,'month','2026-01-01','[1, 2]',0,1),(2,2,'week','2026-02-02','[2,1]',0,2)");
	raw(x, "INSERT INTO meetings(id,alliance_id,unit_id,title,held_on,place_division,"
	       "convener_person,override_reason,minutes,created_at_ms) VALUES"
	       "(1,1,2,'联席会','2026-03-01','450922104',1,NULL,'纪要四字',1),"
	       "(2,1,2,'空会','2026-03-02','440881104',NULL,'理由','',1)");
	raw(x, "INSERT INTO meeting_attendance(meeting_id,person_id) VALUES(1,2),(1,1)");

	char got[2048];
	snap(x, "user", 2, got, sizeof(got));
	assert_string_equal(got, "id=#2;username=\"lc\";display_name=\"陆川\";person_id=#2;"
		"disabled=?1;grants=[Zeta/deployment/|alliance_admin/alliance/1|"
		"alliance_admin/alliance/10|viewer/alliance/1];");
	snap(x, "user", 3, got, sizeof(got));
	assert_string_equal(got, "id=#3;username=\"hz\";display_name=\"化州\";person_id=~;"
		"disabled=?0;grants=[];");
	snap(x, "session", 1, got, sizeof(got));
	assert_string_equal(got, "user_id=#1;username=\"admin\";");
	snap(x, "alliance", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;name=\"陆廉联建\";description=\"边界\";"
		"counties=[440881/450922];");
	snap(x, "alliance", 2, got, sizeof(got));
	assert_string_equal(got, "id=#2;name=\"空联建\";description=\"\";counties=[];");
	snap(x, "unit", 2, got, sizeof(got));
	assert_string_equal(got, "id=#2;alliance_id=#1;tier=\"town\";name=\"镇联合党委\";"
		"parent_id=#1;divisions=[440881104/450922/450922104];members=[1,2];"
		"leader_person_id=#2;");
	snap(x, "unit", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;alliance_id=#1;tier=\"county\";name=\"边界联合党委\";"
		"parent_id=~;divisions=[];members=[];leader_person_id=~;");
	snap(x, "org", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;name=\"乌石镇党委\";division=\"450922104\";"
		"kind=\"town_committee\";secretary_person_id=#1;dissolved_on=~;"
		"dissolved_reason=~;");
	snap(x, "person", 2, got, sizeof(got));
	assert_string_equal(got, "id=#2;name=\"李四\";org_id=#2;position=#0;"
		"phone=\"13800000000\";is_demo=#1;");
	snap(x, "roster", 2, got, sizeof(got));
	assert_string_equal(got, "unit_id=#2;term=\"week\";starts_on=\"2026-02-02\";"
		"person_ids=[2,1];");
	raw(x, "UPDATE rosters SET version=3 WHERE version=1");
	snap(x, "roster", 2, got, sizeof(got));
	assert_string_equal(got, "unit_id=#2;term=\"month\";starts_on=\"2026-01-01\";"
		"person_ids=[1,2];");
	snap(x, "meeting", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;unit_id=#2;title=\"联席会\";held_on=\"2026-03-01\";"
		"place_division=\"450922104\";convener_person=#1;override_reason=~;"
		"minutes_chars=#4;agenda=[];attendance=[1,2];");
	snap(x, "meeting", 2, got, sizeof(got));
	assert_string_equal(got, "id=#2;unit_id=#2;title=\"空会\";held_on=\"2026-03-02\";"
		"place_division=\"440881104\";convener_person=~;override_reason=\"理由\";"
		"minutes_chars=#0;agenda=[];attendance=[];");
	/* the economy line: sums and lists over several rows */
	raw(x, "INSERT INTO enterprises(id,alliance_id,line,name,uscc,division_code,county_code,"
	       "industry,created_at_ms,updated_at_ms) VALUES(1,1,'economy','荔枝合作社',"
	       "'91450922MA5K000000','450922104','450922','农业',1,1)");
	raw(x, "INSERT INTO financing(id,alliance_id,line,enterprise_id,lender,amount_fen,on_date,"
	       "status,created_at_ms,updated_at_ms) VALUES(1,1,'economy',1,'农商行',5000000,"
	       "'2026-04-01','granted',1,1)");
	raw(x, "INSERT INTO projects(id,alliance_id,unit_id,kind,line,name,stage,stage_on,"
	       "investment_fen,jobs,income_per_head_fen,length_m,matter_id,created_at_ms,"
	       "updated_at_ms) VALUES(1,1,2,'industry','economy','荔枝深加工','building',"
	       "'2026-05-01',120000000,30,NULL,NULL,NULL,1,1)");
	raw(x, "INSERT INTO project_divisions(project_id,code,alliance_id) VALUES"
	       "(1,'450922104',1),(1,'440881104',1)");
	raw(x, "INSERT INTO project_funds(project_id,alliance_id,source,amount_fen,on_date,"
	       "created_at_ms) VALUES(1,1,'government',700,'2026-05-02',1),"
	       "(1,1,'bank',300,'2026-05-03',1)");
	raw(x, "INSERT INTO project_teams(project_id,alliance_id,name,formed_on,updated_at_ms) "
	       "VALUES(1,1,'专班','2026-05-01',1)");
	raw(x, "INSERT INTO project_team_members(project_id,person_id,alliance_id) "
	       "VALUES(1,2,1),(1,1,1)");
	snap(x, "enterprise", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;alliance_id=#1;name=\"荔枝合作社\";"
		"uscc=\"91450922MA5K000000\";division=\"450922104\";industry=\"农业\";");
	snap(x, "financing", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;alliance_id=#1;enterprise_id=#1;lender=\"农商行\";"
		"amount_fen=#5000000;on_date=\"2026-04-01\";status=\"granted\";");
	snap(x, "project", 1, got, sizeof(got));
	assert_string_equal(got, "id=#1;alliance_id=#1;kind=\"industry\";name=\"荔枝深加工\";"
		"stage=\"building\";stage_on=\"2026-05-01\";investment_fen=#120000000;jobs=#30;"
		"income_per_head_fen=~;length_m=~;matter_id=~;"
		"divisions=[440881104/450922104];funds_total_fen=#1000;team=[1,2];");
	/* every kind runs on this engine; missing objects do not exist */
	static const char *const kinds[] = { "user", "session", "alliance", "unit", "org",
		"person", "roster", "matter", "meeting", "enterprise", "project", "financing" };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		snap(x, kinds[i], 999, got, sizeof(got));
		assert_string_equal(got, "(none)");
	}
	snap(x, "grant", 1, got, sizeof(got)); /* a kind without snapshots */
	assert_string_equal(got, "(none)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_sessions),
		ENGINE_TESTS(t_login_failures),
		ENGINE_TESTS(t_signins),
		ENGINE_TESTS(t_scope),
		ENGINE_TESTS(t_audit_log),
		ENGINE_TESTS(t_snapshots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
