/* Unit tests for sql/migrations/0007_five_lines.sql (through the embedded
 * migrations table): it applies on a fresh database and on one already at
 * version 6 holding data, and its constraints refuse what the domain must
 * never store (bad enums, negative amounts, duplicate issue numbers or
 * credit codes, unhashed tokens, fractional minutes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/migrate.h"

static sqlite3 *open_at(int upto)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), SQLITE_OK);
	for (const struct migration *m = migrations; m->version && m->version <= upto; m++)
		if (sqlite3_exec(db, m->sql, NULL, NULL, &msg) != SQLITE_OK)
			fail_msg("%s: %s", m->name, msg);
	return db;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s\n-> %s", sql, msg);
}

static void exec_fails(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		fail_msg("accepted: %s", sql);
	sqlite3_free(msg);
}

static int64_t count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static const char seed_v6[] =
	"INSERT INTO divisions VALUES ('450922','陆川县',3,'450900'),"
	" ('440881','廉江市',3,'440800'), ('450922111','古城镇',4,'450922');"
	"INSERT INTO alliances VALUES (1,'陆廉化党建联建','',0);"
	"INSERT INTO orgs VALUES (1,'古城镇党委','450922111','town_committee',0);"
	"INSERT INTO people VALUES (1,'张三',1,'书记',NULL,0,0);";

static const char seed_v7[] =
	"INSERT INTO sites VALUES (1,1,'demo_village','符竹山新村','450922111','450922','',NULL,0,0);"
	"INSERT INTO activities (id,alliance_id,kind,line,title,starts_on,place_division,"
	" host_org_id,county_code,created_at_ms,updated_at_ms)"
	" VALUES (1,1,'border_classroom','education','边界课堂','2024-05-01','450922111',1,'450922',0,0);"
	"INSERT INTO sittings VALUES (1,1,1,'2024-05-01','第一课',90,NULL,0);"
	"INSERT INTO enterprises VALUES (1,1,'economy','合作社','92450922MA5N0001XX','450922111',"
	" '450922','生猪',NULL,0,0);"
	"INSERT INTO briefings VALUES (1,1,2024,1,'第1期','2024-01-01','2024-06-30','{\"lines\":[]}',"
	" 'draft',NULL,0,NULL,NULL,NULL);";

static const char *const new_tables[] = {
	"sites", "routes", "route_stops", "activities", "activity_participants",
	"activity_headcount", "sittings", "sitting_attendance", "checkin_tokens",
	"fair_sales", "fair_sale_items", "secondments", "enterprises", "talents",
	"projects", "project_divisions", "project_stages", "project_funds",
	"project_teams", "project_team_members", "project_enterprises",
	"project_talents", "financing", "tourism_referrals", "briefings",
};

static void test_fresh(void **state)
{
	sqlite3 *db = open_at(7);
	char sql[256];

	(void)state;
	for (size_t i = 0; i < sizeof(new_tables) / sizeof(new_tables[0]); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='%s'"
			 " AND sql LIKE '%%STRICT'", new_tables[i]);
		if (count(db, sql) != 1)
			fail_msg("no STRICT table %s", new_tables[i]);
		/* Every one of them can be filtered by alliance directly. */
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM pragma_table_info('%s') WHERE name='alliance_id'"
			 " AND \"notnull\" = 1", new_tables[i]);
		if (count(db, sql) != 1)
			fail_msg("%s has no alliance_id NOT NULL", new_tables[i]);
	}
	sqlite3_close(db);
}

/* A database made before 0007, with data, takes 0007 and keeps its rows. */
static void test_upgrade_from_6(void **state)
{
	sqlite3 *db = open_at(6);
	const struct migration *m;

	(void)state;
	exec_ok(db, seed_v6);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_schema WHERE name='activities'"), 0);
	for (m = migrations; m->version && m->version != 7; m++)
		;
	assert_int_equal(m->version, 7);
	exec_ok(db, "BEGIN");
	exec_ok(db, m->sql);
	exec_ok(db, "COMMIT");
	exec_ok(db, seed_v7);
	assert_int_equal(count(db, "SELECT count(*) FROM people"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM activities"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	sqlite3_close(db);
}

static void test_constraints(void **state)
{
	sqlite3 *db = open_at(7);

	(void)state;
	exec_ok(db, seed_v6);
	exec_ok(db, seed_v7);
	/* attendance is idempotent by key */
	exec_ok(db, "INSERT INTO sitting_attendance VALUES (1,1,1,'checkin',1)");
	exec_ok(db, "INSERT INTO sitting_attendance VALUES (1,1,1,'checkin',2) ON CONFLICT DO NOTHING");
	assert_int_equal(count(db, "SELECT at_ms FROM sitting_attendance"), 1);
	exec_fails(db, "INSERT INTO sitting_attendance VALUES (1,1,1,'list',3)");
	exec_fails(db, "INSERT INTO sitting_attendance VALUES (1,1,1,'scan',3) ON CONFLICT DO NOTHING");

	exec_fails(db, "INSERT INTO briefings VALUES (2,1,2024,1,'重号','2024-07-01','2024-07-31','{}',"
		       "'draft',NULL,0,NULL,NULL,NULL)");
	exec_ok(db, "INSERT INTO briefings VALUES (2,1,2025,1,'新一年','2025-01-01','2025-01-31','{}',"
		    "'draft',NULL,0,NULL,NULL,NULL)");
	exec_fails(db, "INSERT INTO briefings VALUES (3,1,2024,2,'坏','2024-07-01','2024-07-31','{',"
		       "'draft',NULL,0,NULL,NULL,NULL)");
	exec_fails(db, "INSERT INTO briefings VALUES (3,1,2024,2,'未发布时间','2024-07-01','2024-07-31',"
		       "'{}','published',NULL,0,NULL,NULL,NULL)");
	exec_fails(db, "INSERT INTO enterprises VALUES (2,1,'economy','重复','92450922MA5N0001XX',"
		       "'450922111','450922','x',NULL,0,0)");
	exec_fails(db, "INSERT INTO checkin_tokens VALUES ('plain-token',1,1,1,NULL,0)");
	exec_fails(db, "INSERT INTO sittings VALUES (2,1,1,'2024-05-02','x',1.5,NULL,0)");
	exec_fails(db, "INSERT INTO activity_headcount VALUES (1,'450922',1,-1)");
	exec_fails(db, "INSERT INTO fair_sales VALUES (1,1,-1,NULL,0)");
	exec_ok(db, "INSERT INTO fair_sales VALUES (1,1,240,NULL,0)");
	exec_fails(db, "INSERT INTO fair_sale_items VALUES (NULL,1,1,NULL,NULL,NULL,100)");
	exec_fails(db, "INSERT INTO fair_sale_items VALUES (NULL,1,1,NULL,NULL,'摊位',-100)");
	exec_ok(db, "INSERT INTO fair_sale_items VALUES (NULL,1,1,NULL,1,NULL,5200000)");
	exec_fails(db, "INSERT INTO activities (alliance_id,kind,line,title,starts_on,ends_on,"
		       "place_division,host_org_id,county_code,created_at_ms,updated_at_ms) VALUES"
		       " (1,'other','education','t','2024-05-02','2024-05-01','450922111',1,'450922',0,0)");
	exec_fails(db, "INSERT INTO activities (alliance_id,kind,line,title,starts_on,"
		       "place_division,host_org_id,county_code,created_at_ms,updated_at_ms) VALUES"
		       " (1,'other','culture','t','2024-05-02','450922111',1,'450922',0,0)");
	exec_fails(db, "INSERT INTO financing VALUES (NULL,1,'economy',1,'农商行',100,'2024-01-01',"
		       "'approved',NULL,0,0)");
	exec_fails(db, "INSERT INTO project_funds VALUES (NULL,99,1,'social',NULL,1,'2024-01-01','',NULL,0)");
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_upgrade_from_6),
		cmocka_unit_test(test_constraints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
