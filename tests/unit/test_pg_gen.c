/* The answer-cache generations (store.h, store/gen.h) on both engines: a
 * commit bumps exactly the scopes of what it changed, whatever engine sees
 * the changes (SQLite's pre-update hook, PostgreSQL's statement triggers of
 * sql/pg/0007_generations.sql):
 *  - a change to a table not partitioned by alliance bumps GLOBAL;
 *  - matters and meetings rows of a declared alliance and unit bump that
 *    alliance, its unit and ANY_ALLIANCE, never GLOBAL nor another alliance;
 *    undeclared, they bump GLOBAL;
 *  - a new session bumps SESSIONS only; the idle clock and the audit log
 *    bump nothing;
 *  - a rolled-back transaction bumps nothing; a write made outside any
 *    transaction still bumps (each engine wraps it in one);
 * the data version moves with every such commit, for every connection;
 * and, on PostgreSQL only: every table has its trigger unless no
 * cached answer reads it, and a connection the server killed fails one
 * request with ERR_UNAVAILABLE and is made again on the next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engines.h"
#include "store/gen.h"
#include "store/slots.h"
#include "store/store_session.h"

/* Statement slots for the test's own SQL: the end of the generations
 * area's range, which the engines' few statements never reach. */
#define T_SLOT(n) (SQ_FIRST(SQ_AREA_GEN + 1) - 1 - (n))

/* Each statement of the test has its own slot (a slot caches the first
 * SQL prepared in it): seed 0-4, scopes 5-12, version 13-14, reconnect
 * 15-16, triggers 17-18, a second connection 19. */

/* Runs one statement on the store's own connection (inside whatever
 * transaction it has open, seen by the engine's change tracking). */
static void run(struct fx *x, int slot, const char *sql)
{
	struct db_stmt *s = db_stmt(x->st->db, T_SLOT(slot), sql);
	assert_non_null(s);
	assert_int_equal(db_run(x->st->db, s, &x->e, "test"), ERR_OK);
}

static uint64_t gen(struct fx *x, int64_t scope)
{
	uint64_t v = 0;
	assert_int_equal(x->st->ops->generation(x->st, scope, &v, &x->e), ERR_OK);
	return v;
}

static void begin(struct fx *x)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
}
static void commit(struct fx *x)
{
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

/* Two alliances with a unit each, an org, and a matter type. */
static void seed(struct fx *x)
{
	begin(x);
	run(x, 0, "INSERT INTO divisions(code,name,level,parent_code) "
		  "VALUES('450922','陆川县',3,'450900')");
	run(x, 1, "INSERT INTO alliances(id,name,created_at_ms) VALUES(1,'甲',0),(2,'乙',0)");
	run(x, 2, "INSERT INTO units(id,alliance_id,tier,name,created_at_ms) "
		  "VALUES(11,1,'county','甲县',0),(21,2,'county','乙县',0)");
	run(x, 3, "INSERT INTO orgs(id,name,division_code,kind,created_at_ms) "
		  "VALUES(5,'县委','450922','county_committee',0)");
	run(x, 4, "INSERT INTO users(id,username,password_hash,display_name,created_at_ms,"
		  "updated_at_ms) VALUES(7,'u','x','用户',0,0)");
	commit(x);
}

struct snap {
	uint64_t global, any, a1, a2, u11, u21, sessions;
};

static struct snap snap(struct fx *x)
{
	return (struct snap){
		.global = gen(x, STORE_GEN_GLOBAL),
		.any = gen(x, STORE_GEN_ANY_ALLIANCE),
		.a1 = gen(x, 1),
		.a2 = gen(x, 2),
		.u11 = gen(x, STORE_GEN_UNIT(11)),
		.u21 = gen(x, STORE_GEN_UNIT(21)),
		.sessions = gen(x, STORE_GEN_SESSIONS),
	};
}

static void t_scopes(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);

	/* a global table */
	struct snap b = snap(x);
	begin(x);
	run(x, 5, "UPDATE alliances SET description='新' WHERE id=1");
	commit(x);
	struct snap a = snap(x);
	assert_true(a.global > b.global);

	/* a meeting of alliance 1, unit 11, declared */
	b = a;
	begin(x);
	x->st->ops->writes_alliance(x->st, 1, 11);
	run(x, 6, "INSERT INTO meetings(alliance_id,unit_id,title,held_on,place_division,"
		  "created_at_ms) VALUES(1,11,'联席会议','2026-12-01','450922',0)");
	commit(x);
	a = snap(x);
	assert_int_equal(a.global, b.global);
	assert_true(a.any > b.any);
	assert_true(a.a1 > b.a1);
	assert_true(a.u11 > b.u11);
	assert_int_equal(a.a2, b.a2);
	assert_int_equal(a.u21, b.u21);
	assert_int_equal(a.sessions, b.sessions);

	/* the same rows undeclared: the alliances are unknown */
	b = a;
	begin(x);
	run(x, 7, "UPDATE meetings SET minutes='纪要' WHERE alliance_id=1");
	commit(x);
	a = snap(x);
	assert_true(a.global > b.global);

	/* a session: SESSIONS only; its idle clock and the audit log nothing */
	b = a;
	begin(x);
	run(x, 8, "INSERT INTO sessions(token_hash,user_id,csrf_token,created_at_ms,"
		  "last_seen_ms,public_id) VALUES('h',7,'c',0,0,'p')");
	commit(x);
	a = snap(x);
	assert_true(a.sessions > b.sessions);
	assert_int_equal(a.global, b.global);
	assert_int_equal(a.any, b.any);
	b = a;
	assert_int_equal(x->st->session->touch(x->st, "h", 5, &x->e), ERR_OK);
	begin(x);
	run(x, 10, "INSERT INTO audit(at_ms,action,object_type) VALUES(1,'login','session')");
	commit(x);
	a = snap(x);
	assert_memory_equal(&a, &b, sizeof(a));

	/* rolled back: nothing */
	begin(x);
	run(x, 11, "UPDATE alliances SET description='撤销' WHERE id=2");
	x->st->ops->rollback(x->st);
	a = snap(x);
	assert_memory_equal(&a, &b, sizeof(a));

	/* a lone write outside any transaction still bumps */
	run(x, 12, "UPDATE alliances SET description='单独' WHERE id=2");
	a = snap(x);
	assert_true(a.global > b.global);
}

/* The data version (what a request reads to know whether anything its
 * cached answers depend on may have changed) moves with every commit that
 * bumps generations, and not with one that bumps none (the audit log);
 * another connection to the same database sees it move, and moves it for
 * this one. PostgreSQL: the STORE_GEN_VERSION row; SQLite: the counter
 * shared through the file's "-lj" companion. */
static void t_version(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed(x);
	uint64_t v0 = 0, v1 = 0, v2 = 0, w = 0;
	assert_int_equal(x->st->ops->data_version(x->st, &v0, &x->e), ERR_OK);
	begin(x);
	run(x, 13, "INSERT INTO audit(at_ms,action,object_type) VALUES(1,'login','session')");
	commit(x);
	assert_int_equal(x->st->ops->data_version(x->st, &v1, &x->e), ERR_OK);
	assert_int_equal(v1, v0);
	begin(x);
	run(x, 14, "UPDATE units SET name='甲县工作专班' WHERE id=11");
	commit(x);
	assert_int_equal(x->st->ops->data_version(x->st, &v2, &x->e), ERR_OK);
	assert_true(v2 != v1);
	/* a second connection */
	struct store *other = NULL;
	if (x->engine == DB_PG)
		assert_int_equal(store_pg_open(getenv("LIANJIAN_TEST_PG"), &other, &x->e), ERR_OK);
	else
		assert_int_equal(store_open(x->path, &other, &x->e), ERR_OK);
	assert_int_equal(other->ops->data_version(other, &w, &x->e), ERR_OK);
	assert_int_equal(w, v2);
	assert_int_equal(other->ops->begin_write(other, &x->e), ERR_OK);
	struct db_stmt *s = db_stmt(other->db, T_SLOT(19),
				    "UPDATE alliances SET description='另一连接' WHERE id=2");
	assert_non_null(s);
	assert_int_equal(db_run(other->db, s, &x->e, "test"), ERR_OK);
	assert_int_equal(other->ops->commit(other, &x->e), ERR_OK);
	store_close(other);
	assert_int_equal(x->st->ops->data_version(x->st, &w, &x->e), ERR_OK);
	assert_true(w != v2);
}

/* PostgreSQL: every table has the lj_gen trigger, or is one no cached
 * answer reads (lj_gen_class gives NULL). A new table without its trigger
 * would serve stale answers: this fails first. */
static void t_pg_triggers(void **state)
{
	struct fx *x = *state;
	NEED(x);
	if (x->engine != DB_PG)
		skip();
	struct db_stmt *s = db_stmt(x->st->db, T_SLOT(17),
		"SELECT t.tablename FROM pg_tables t WHERE t.schemaname=current_schema() "
		"AND lj_gen_class(t.tablename) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
		"pg_trigger g JOIN pg_class c ON c.oid=g.tgrelid WHERE c.relname=t.tablename "
		"AND g.tgname='lj_gen')");
	assert_non_null(s);
	enum db_rc r = db_step(s);
	if (r == DB_ROW) {
		size_t len;
		print_message("table without trigger: %s\n", s->drv->col_text(s, 0, &len));
	}
	assert_int_equal(r, DB_DONE);
	db_reset(s);
	/* and the classes are the SQLite store's */
	s = db_stmt(x->st->db, T_SLOT(18),
		    "SELECT count(*) FROM pg_tables WHERE schemaname=current_schema() "
		    "AND lj_gen_class(tablename)='global'");
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	assert_true(db_col_i64(s, 0) > 40);
	db_reset(s);
}

/* PostgreSQL: a connection the server ends (a restart, a failover) fails
 * the request in flight with ERR_UNAVAILABLE, and the next one reconnects
 * by itself, with its prepared statements made again. */
static void t_pg_reconnect(void **state)
{
	struct fx *x = *state;
	NEED(x);
	if (x->engine != DB_PG)
		skip();
	seed(x);
	uint64_t v = 0;
	assert_int_equal(x->st->ops->data_version(x->st, &v, &x->e), ERR_OK);
	struct db_stmt *s = db_stmt(x->st->db, T_SLOT(15), "SELECT pg_backend_pid()");
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t pid = db_col_i64(s, 0);
	db_reset(s);
	struct store *other = NULL;
	assert_int_equal(store_pg_open(getenv("LIANJIAN_TEST_PG"), &other, &x->e), ERR_OK);
	char sql[80];
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%lld)", (long long)pid);
	assert_int_equal(db_pg_exec(other->db, sql, &x->e), ERR_OK);
	store_close(other);
	usleep(100 * 1000);
	assert_int_equal(x->st->ops->data_version(x->st, &v, &x->e), ERR_UNAVAILABLE);
	assert_int_equal(x->st->ops->data_version(x->st, &v, &x->e), ERR_OK);
	/* writes work again, in transactions */
	begin(x);
	run(x, 16, "UPDATE alliances SET description='重连' WHERE id=1");
	commit(x);
	assert_true(gen(x, STORE_GEN_GLOBAL) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_scopes),
		ENGINE_TESTS(t_version),
		ENGINE_TESTS(t_pg_triggers),
		ENGINE_TESTS(t_pg_reconnect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
