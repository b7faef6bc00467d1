/* The meeting, briefing and ledger areas of the store (store_sql_meeting.c,
 * store_sql_briefing.c, store_sql_ledger.c), written once over the thin SQL
 * driver, run with the same cases on SQLite and on PostgreSQL
 * (tests/unit/engines.h; `make pg-test` gives PostgreSQL a server).
 *
 * Cases: meetings inserted with new ids from RETURNING, read back with
 * agenda in order, invitations, attendance and names; listed by unit, by
 * alliance, by an alliance set (",1,") and paged newest first; updated
 * (agenda and invitations replaced), cancelled (the canceller's name read
 * back), minutes; decisions ("{}" for no detail) and the unit's last
 * meeting's decisions (a cancelled or later meeting skipped); attendance
 * naming an unknown person refused by its foreign key and a bad decision
 * action by its check, each changing nothing. Briefing: every figure key's
 * records compared field by field (ids, dates, values, groups, titles, in
 * order) with the same expectation on both engines, so a count, a sum of
 * fen, a month window or a grouping that an engine reads differently
 * fails; an unknown key; issues numbered per alliance and year, read,
 * listed (published only, paged), edited, published, and an edit or a
 * second publish after publishing refused and changing nothing; public
 * flags of routes and fairs, a missing one not found, and the public ids.
 * Ledger: each ledger's rows (integers, texts and NULLs as the exporter
 * sees them) within a period and unbounded, a row callback's error
 * stopping the stream (a re-run still gives every row), an unknown
 * ledger, and the importers' look-ups by name. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engines.h"
#include "core/date.h"
#include "store/store_briefing.h"
#include "store/store_ledger.h"
#include "store/store_meeting.h"

/* Alliance 1 (陆川 450922, 廉江 440881) and alliance 2 (容县 450921),
 * their units, organisations, people, a user and matters. */
static const char seed_base[] =
	"INSERT INTO divisions(code,name,level,parent_code) VALUES ('45','广西',1,''),"
	" ('44','广东',1,''),('450922','陆川县',3,'45'),('440881','廉江市',3,'44'),"
	" ('450921','容县',3,'45'),('450922111','古城镇',4,'450922'),"
	" ('440881100','石角镇',4,'440881'),('450921100','容州镇',4,'450921');"
	"INSERT INTO alliances(id,name,description,created_at_ms) VALUES (1,'陆廉化','',0),"
	" (2,'容雷','',0);"
	"INSERT INTO alliance_counties(alliance_id,county_code) VALUES (1,'450922'),(1,'440881'),"
	" (2,'450921');"
	"INSERT INTO units(id,alliance_id,tier,name,parent_id,created_at_ms) VALUES"
	" (1,1,'county','专班甲',NULL,0),(2,2,'county','专班乙',NULL,0);"
	"INSERT INTO orgs(id,name,division_code,kind,created_at_ms) VALUES"
	" (1,'古城镇党委','450922111','town_committee',0),"
	" (2,'石角镇党委','440881100','town_committee',0),"
	" (3,'容州镇党委','450921100','town_committee',0),"
	" (4,'古城镇党委','450922111','town_committee',0);"
	"INSERT INTO people(id,name,org_id,position,phone,is_demo,created_at_ms) VALUES"
	" (1,'甲一',1,'书记','13812345678',0,0),(2,'甲二',1,'委员',NULL,0,0),"
	" (3,'甲三',2,'书记',NULL,0,0),(4,'乙一',3,'书记',NULL,0,0),(5,'甲一',1,'委员',NULL,0,0);"
	"INSERT INTO users(id,username,password_hash,display_name,person_id,disabled,"
	" created_at_ms,updated_at_ms) VALUES (7,'admin','x','管理员',NULL,0,0,0);"
	/* matters: resolved in, resolved then closed in, resolved before, open,
	 * resolved in but in alliance 2, resolved in the period after today */
	"INSERT INTO matters(id,alliance_id,unit_id,origin_unit_id,county_code,title,description,"
	" category,type,priority,status,raised_by_org_id,raised_on,raised_at_ms,resolved_on,"
	" funds_fen,updated_at_ms) VALUES"
	" (1,1,1,1,'450922','修路','','revival','traffic','normal','resolved',1,'2026-01-05',0,"
	"  '2026-03-01',1234567,0),"
	" (2,1,1,1,'450922','水渠','','revival','water','normal','closed',1,'2026-01-05',0,"
	"  '2026-04-01',NULL,0),"
	" (3,1,1,1,'450922','旧事','','revival','water','normal','resolved',1,'2025-01-05',0,"
	"  '2025-12-31',NULL,0),"
	" (4,1,1,1,'440881','在办','','revival','water','high','in_progress',2,'2026-01-05',0,"
	"  NULL,NULL,0),"
	" (5,2,2,2,'450921','乙事','','revival','water','normal','resolved',3,'2026-01-05',0,"
	"  '2026-03-01',NULL,0),"
	" (6,1,1,1,'450922','未来','','revival','water','normal','resolved',1,'2026-01-05',0,"
	"  '2026-08-01',NULL,0);";

/* The five lines' records behind the briefing's figures and the ledgers;
 * the period is 2026-01-01..2026-12-31 and today 2026-06-30. */
static const char seed_lines[] =
	"INSERT INTO meetings(id,alliance_id,unit_id,title,held_on,place_division,created_at_ms,"
	" cancelled_at_ms) VALUES"
	" (1,1,1,'一月会','2026-01-20','450922111',0,NULL),"
	" (2,1,1,'八月会','2026-08-01','450922111',0,NULL),"
	" (3,2,2,'乙会','2026-02-01','450921100',0,NULL),"
	" (4,1,1,'取消会','2026-02-02','450922111',0,5);"
	"INSERT INTO meeting_agenda(meeting_id,matter_id,pos) VALUES (1,1,0),(1,4,1);"
	"INSERT INTO meeting_attendance(meeting_id,person_id) VALUES (1,1),(1,2),(1,3);"
	"INSERT INTO sites(id,alliance_id,kind,name,division_code,county_code,created_at_ms,"
	" updated_at_ms) VALUES (1,1,'red_site','红色基地','450922111','450922',0,0);"
	"INSERT INTO activities(id,alliance_id,kind,line,title,starts_on,place_division,host_org_id,"
	" county_code,site_id,created_at_ms,updated_at_ms) VALUES"
	" (1,1,'training_class','education','培训一','2026-03-10','450922111',1,'450922',NULL,0,0),"
	" (2,1,'training_class','education','培训二','2026-04-10','450922111',1,'450922',NULL,0,0),"
	" (3,1,'training_class','education','旧培训','2025-12-10','450922111',1,'450922',NULL,0,0),"
	" (4,2,'training_class','education','乙培训','2026-03-10','450921100',3,'450921',NULL,0,0),"
	" (5,1,'study_tour','education','研学一','2026-02-01','450922111',1,'450922',NULL,0,0),"
	" (6,1,'study_tour','education','研学二','2026-05-01','450922111',1,'450922',NULL,0,0),"
	" (7,1,'fair','economy','展销会','2026-04-20','450922111',1,'450922',NULL,0,0),"
	" (8,2,'fair','economy','乙展销会','2026-04-20','450921100',3,'450921',NULL,0,0),"
	" (9,1,'party_lesson','org','党课','2026-03-15','440881100',2,'440881',NULL,0,0),"
	" (10,1,'border_classroom','education','课堂一','2026-03-01','450922111',1,'450922',1,0,0),"
	" (11,1,'border_classroom','education','课堂二','2026-02-01','450922111',1,'450922',1,0,0),"
	" (12,1,'fair','economy','早展销会','2026-01-20','450922111',1,'450922',NULL,0,0);"
	"INSERT INTO activity_participants(activity_id,person_id,alliance_id) VALUES (1,1,1),"
	" (1,2,1),(2,2,1),(2,3,1),(3,1,1),(4,4,2),(6,1,1),(6,2,1);"
	"INSERT INTO activity_headcount(activity_id,county_code,alliance_id,persons) VALUES"
	" (1,'440881',1,10),(2,'440881',1,5),(3,'450922',1,50),(4,'450921',2,70),"
	" (5,'450922',1,100);"
	"INSERT INTO sittings(id,activity_id,alliance_id,held_on,title,minutes,created_by,"
	" created_at_ms) VALUES (1,6,1,'2026-05-01','上午',120,NULL,0),"
	" (2,6,1,'2026-05-02','下午',120,NULL,0);"
	"INSERT INTO sitting_attendance(sitting_id,person_id,alliance_id,via,at_ms) VALUES"
	" (1,1,1,'list',0),(1,2,1,'list',0),(2,1,1,'list',0);"
	"INSERT INTO fair_sales(activity_id,alliance_id,minutes,updated_by,updated_at_ms) VALUES"
	" (7,1,240,NULL,0),(8,2,240,NULL,0),(12,1,60,NULL,0);"
	"INSERT INTO fair_sale_items(activity_id,alliance_id,org_id,label,amount_fen) VALUES"
	" (7,1,1,NULL,3000000),(7,1,NULL,'农户',2200000),(8,2,3,NULL,99900000),(12,1,1,NULL,0);"
	"INSERT INTO routes(id,alliance_id,kind,line,name,opened_on,closed_on,created_at_ms,"
	" updated_at_ms) VALUES (1,1,'red_education','education','红一','2025-01-01',NULL,0,0),"
	" (2,1,'red_education','education','红二','2026-07-15',NULL,0,0),"
	" (3,1,'red_education','education','红三','2025-01-01','2026-05-01',0,0),"
	" (4,1,'tourism','economy','游一','2026-01-01',NULL,0,0),"
	" (5,2,'red_education','education','乙红','2025-01-01',NULL,0,0);"
	"INSERT INTO tourism_referrals(id,alliance_id,route_id,month,from_county,to_county,visitors,"
	" created_at_ms,updated_at_ms) VALUES (1,1,4,'2026-01','440881','450922',30,0,0),"
	" (2,1,4,'2026-06','450922','440881',12,0,0),(3,1,4,'2026-07','440881','450922',99,0,0),"
	" (4,1,4,'2025-12','440881','450922',99,0,0),(5,1,4,'2026-02','440881','450922',0,0,0),"
	" (6,2,5,'2026-01','450921','450922',77,0,0);"
	"INSERT INTO secondments(id,alliance_id,line,person_id,kind,from_org_id,to_org_id,"
	" county_code,starts_on,created_at_ms,updated_at_ms) VALUES"
	" (1,1,'org',1,'xiagua',1,2,'440881','2026-02-10',0,0),"
	" (2,1,'org',3,'dundian',2,1,'450922','2025-02-10',0,0);"
	"INSERT INTO enterprises(id,alliance_id,line,name,uscc,division_code,county_code,industry,"
	" created_by,created_at_ms,updated_at_ms) VALUES"
	" (1,1,'economy','企一','91450922MA00000001','450922111','450922','农',NULL,0,0),"
	" (2,1,'economy','企二','91450922MA00000002','450922111','450922','农',NULL,0,0),"
	" (3,1,'economy','企三','91450922MA00000003','450922111','450922','农',NULL,0,0),"
	" (4,1,'economy','企四','91450922MA00000004','450922111','450922','农',NULL,0,0),"
	" (5,2,'economy','企五','91450921MA00000005','450921100','450921','农',NULL,0,0);"
	"INSERT INTO talents(id,alliance_id,line,name,kind,from_county,introduced_on,created_at_ms,"
	" updated_at_ms) VALUES (1,1,'talent','王工','expert','440881','2026-03-03',0,0),"
	" (2,1,'talent','李工','expert','440881',NULL,0,0),"
	" (3,2,'talent','赵工','expert','450921','2026-03-03',0,0);"
	/* financing: enterprise 1 granted twice, 2 declined, 3 applied, 4 granted
	 * before the period, 5 granted but in alliance 2 */
	"INSERT INTO financing(id,alliance_id,line,enterprise_id,lender,amount_fen,on_date,status,"
	" created_at_ms,updated_at_ms) VALUES"
	" (1,1,'economy',1,'农商行',100000000,'2026-02-01','granted',0,0),"
	" (2,1,'economy',1,'农商行',50000000,'2026-05-01','granted',0,0),"
	" (3,1,'economy',2,'建行',1000000000,'2026-03-01','declined',0,0),"
	" (4,1,'economy',3,'建行',1000000000,'2026-03-01','applied',0,0),"
	" (5,1,'economy',4,'建行',1000000000,'2025-12-01','granted',0,0),"
	" (6,2,'economy',5,'建行',1000000000,'2026-03-01','granted',0,0);"
	"INSERT INTO projects(id,alliance_id,kind,line,name,stage,stage_on,investment_fen,jobs,"
	" length_m,created_at_ms,updated_at_ms) VALUES"
	" (1,1,'infrastructure','revival','乌石—坡子路','completed','2026-05-01',600000000,30,10000,"
	"  0,0),"
	" (2,1,'infrastructure','revival','在建路','building','2026-02-01',NULL,NULL,5000,0,0),"
	" (3,2,'infrastructure','revival','乙路','completed','2026-05-01',NULL,NULL,7000,0,0),"
	" (4,1,'industry','economy','深加工','operating','2026-04-01',2000000000,100,NULL,0,0);"
	"INSERT INTO project_stages(id,project_id,alliance_id,from_stage,to_stage,on_date,at_ms)"
	" VALUES (1,1,1,NULL,'building','2025-10-01',0),(2,1,1,'building','completed','2026-05-01',0),"
	" (3,2,1,NULL,'building','2026-02-01',0),(4,3,2,NULL,'completed','2026-05-01',0),"
	" (5,4,1,NULL,'operating','2026-04-01',0);"
	"INSERT INTO project_funds(id,project_id,alliance_id,source,amount_fen,on_date,created_at_ms)"
	" VALUES (1,1,1,'government',300000000,'2026-03-01',0),"
	" (2,1,1,'social',200000000,'2026-04-01',0),(3,1,1,'social',100000000,'2025-11-01',0),"
	" (4,3,2,'government',900000000,'2026-03-01',0),(5,4,1,'enterprise',1000000000,'2026-04-01',0);"
	"INSERT INTO project_teams(project_id,alliance_id,name,formed_on,updated_by,updated_at_ms)"
	" VALUES (1,1,'先锋队一','2026-03-01',NULL,0),(2,1,'先锋队二','2026-03-02',NULL,0),"
	" (3,2,'乙队','2026-03-01',NULL,0);"
	"INSERT INTO project_team_members(project_id,person_id,alliance_id) VALUES (1,1,1),(1,2,1),"
	" (1,3,1),(2,3,1),(3,4,2);";

static void begin(struct fx *x)
{
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
}

static void commit(struct fx *x)
{
	assert_int_equal(x->st->ops->commit(x->st, &x->e), ERR_OK);
}

static int32_t day(const char *ymd)
{
	int32_t d = 0;
	assert_int_equal(date_parse(ymd, &d), 0);
	return d;
}

/* ---- meetings -------------------------------------------------------------- */

static int64_t new_meeting(struct fx *x, int64_t alliance, int64_t unit, const char *title,
			   const char *held_on, const char *place)
{
	struct meeting m = {.alliance_id = alliance, .unit_id = unit, .convener_person = 1,
			    .convener_user = 7, .created_at_ms = 1000};
	snprintf(m.title, sizeof(m.title), "%s", title);
	snprintf(m.place_division, sizeof(m.place_division), "%s", place);
	m.held_on = day(held_on);
	if (alliance == 1) {
		m.agenda[m.n_agenda++] = 4;
		m.agenda[m.n_agenda++] = 1;
		m.invites[m.n_invites++] = 2;
		m.invites[m.n_invites++] = 1;
	}
	begin(x);
	assert_int_equal(x->st->meeting->insert(x->st, &m, &x->e), ERR_OK);
	commit(x);
	assert_true(m.id > 0);
	return m.id;
}

static void t_meetings(void **state)
{
	struct fx *x = *state;
	NEED(x);
	raw(x, seed_base);
	int64_t a = new_meeting(x, 1, 1, "一月联席会", "2026-01-20", "450922111");
	int64_t b = new_meeting(x, 1, 1, "二月联席会", "2026-02-20", "440881100");
	int64_t c = new_meeting(x, 2, 2, "乙会", "2026-02-01", "450921100");
	assert_true(a < b && b < c);

	begin(x);
	int64_t att[] = {3, 1};
	assert_int_equal(x->st->meeting->set_attendance(x->st, a, att, 2, &x->e), ERR_OK);
	assert_int_equal(x->st->meeting->set_minutes(x->st, a, "纪要：修路", &x->e), ERR_OK);
	commit(x);

	struct meeting m;
	assert_int_equal(x->st->meeting->get(x->st, a, &m, &x->e), ERR_OK);
	assert_int_equal(m.id, a);
	assert_int_equal(m.alliance_id, 1);
	assert_int_equal(m.unit_id, 1);
	assert_string_equal(m.title, "一月联席会");
	assert_int_equal(m.held_on, day("2026-01-20"));
	assert_string_equal(m.place_division, "450922111");
	assert_int_equal(m.convener_person, 1);
	assert_int_equal(m.convener_user, 7);
	assert_string_equal(m.override_reason, "");
	assert_string_equal(m.minutes, "纪要：修路");
	assert_int_equal(m.created_at_ms, 1000);
	assert_string_equal(m.unit_name, "专班甲");
	assert_string_equal(m.convener_name, "甲一");
	assert_int_equal(m.cancelled_at_ms, 0);
	assert_string_equal(m.cancelled_by_name, "");
	assert_int_equal(m.n_agenda, 2);
	assert_int_equal(m.agenda[0], 4);   /* by position, not by id */
	assert_int_equal(m.agenda[1], 1);
	assert_int_equal(m.n_invites, 2);
	assert_int_equal(m.invites[0], 1);
	assert_int_equal(m.invites[1], 2);
	assert_int_equal(m.n_attendees, 2);
	assert_int_equal(m.attendees[0], 1);
	assert_int_equal(m.attendees[1], 3);
	assert_int_equal(x->st->meeting->get(x->st, c + 100, &m, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "会议不存在");

	/* lists: by unit, by alliance, by an alliance set; newest first, paged */
	struct meeting *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->meeting->list(x->st, 1, 0, NULL, (struct page){NULL, 10}, &arr, &n,
					      &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, b);
	assert_int_equal(arr[1].id, a);
	assert_int_equal(arr[1].n_attendees, 2);
	assert_int_equal(arr[1].attendees[1], 3);
	assert_int_equal(arr[0].n_attendees, 0);
	free(arr);
	assert_int_equal(x->st->meeting->list(x->st, 0, 2, NULL, (struct page){NULL, 10}, &arr, &n,
					      &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, c);
	assert_string_equal(arr[0].unit_name, "专班乙");
	free(arr);
	assert_int_equal(x->st->meeting->list(x->st, 0, 0, NULL, (struct page){NULL, 10}, &arr, &n,
					      &x->e), ERR_OK);
	assert_int_equal(n, 3);
	free(arr);
	assert_int_equal(x->st->meeting->list(x->st, 0, 0, ",1,", (struct page){NULL, 10}, &arr, &n,
					      &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(arr[0].id, b);
	free(arr);
	assert_int_equal(x->st->meeting->list(x->st, 0, 0, ",2,3,", (struct page){NULL, 10}, &arr,
					      &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, c);
	free(arr);
	assert_int_equal(x->st->meeting->list(x->st, 0, 0, ",12,", (struct page){NULL, 10}, &arr,
					      &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(arr);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)c);
	assert_int_equal(x->st->meeting->list(x->st, 0, 0, NULL, (struct page){after, 1}, &arr, &n,
					      &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, b);
	free(arr);

	/* update: title, day, place, reason; agenda and invitations replaced */
	assert_int_equal(x->st->meeting->get(x->st, b, &m, &x->e), ERR_OK);
	snprintf(m.title, sizeof(m.title), "二月联席会（改）");
	m.held_on = day("2026-02-21");
	snprintf(m.place_division, sizeof(m.place_division), "450922111");
	snprintf(m.override_reason, sizeof(m.override_reason), "临时调整");
	m.n_agenda = 1;
	m.agenda[0] = 6;
	m.n_invites = 1;
	m.invites[0] = 2;
	begin(x);
	assert_int_equal(x->st->meeting->update(x->st, &m, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(x->st->meeting->get(x->st, b, &m, &x->e), ERR_OK);
	assert_string_equal(m.title, "二月联席会（改）");
	assert_int_equal(m.held_on, day("2026-02-21"));
	assert_string_equal(m.place_division, "450922111");
	assert_string_equal(m.override_reason, "临时调整");
	assert_int_equal(m.n_agenda, 1);
	assert_int_equal(m.agenda[0], 6);
	assert_int_equal(m.n_invites, 1);
	assert_int_equal(m.invites[0], 2);

	/* decisions */
	struct decision d = {.meeting_id = a, .matter_id = 1, .user_id = 7, .created_at_ms = 5};
	snprintf(d.action, sizeof(d.action), "resolve");
	snprintf(d.note, sizeof(d.note), "已修通");
	begin(x);
	assert_int_equal(x->st->meeting->decision_insert(x->st, &d, &x->e), ERR_OK);
	int64_t d1 = d.id;
	d.matter_id = 4;
	snprintf(d.action, sizeof(d.action), "set_due");
	snprintf(d.detail, sizeof(d.detail), "{\"due_on\":\"2026-03-01\"}");
	assert_int_equal(x->st->meeting->decision_insert(x->st, &d, &x->e), ERR_OK);
	commit(x);
	assert_true(d1 > 0 && d.id > d1);
	struct decision *ds = NULL;
	assert_int_equal(x->st->meeting->decisions(x->st, a, &ds, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ds[0].id, d1);
	assert_int_equal(ds[0].meeting_id, a);
	assert_int_equal(ds[0].matter_id, 1);
	assert_string_equal(ds[0].action, "resolve");
	assert_string_equal(ds[0].note, "已修通");
	assert_string_equal(ds[0].detail, "{}");
	assert_int_equal(ds[0].user_id, 7);
	assert_int_equal(ds[0].created_at_ms, 5);
	assert_string_equal(ds[0].matter_title, "修路");
	assert_string_equal(ds[1].detail, "{\"due_on\":\"2026-03-01\"}");
	assert_string_equal(ds[1].matter_title, "在办");
	free(ds);

	/* the unit's last meeting on or before a day: a, then b (no
	 * decisions); once b is cancelled, a again */
	assert_int_equal(x->st->meeting->last_decisions(x->st, 1, day("2026-02-01"), &ds, &n,
							&x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ds[1].action, "set_due");
	free(ds);
	assert_int_equal(x->st->meeting->last_decisions(x->st, 1, day("2026-03-01"), &ds, &n,
							&x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(ds);
	assert_int_equal(x->st->meeting->last_decisions(x->st, 1, day("2025-03-01"), &ds, &n,
							&x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(ds);
	begin(x);
	assert_int_equal(x->st->meeting->cancel(x->st, b, 7, "改期", 9000, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(x->st->meeting->get(x->st, b, &m, &x->e), ERR_OK);
	assert_int_equal(m.cancelled_at_ms, 9000);
	assert_int_equal(m.cancelled_by, 7);
	assert_string_equal(m.cancel_reason, "改期");
	assert_string_equal(m.cancelled_by_name, "管理员");
	assert_int_equal(x->st->meeting->last_decisions(x->st, 1, day("2026-03-01"), &ds, &n,
							&x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ds[0].meeting_id, a);
	free(ds);
}

/* Refused writes change nothing: attendance naming an unknown person (its
 * foreign key) and a decision with an unknown action (its check). */
static void t_meeting_refused(void **state)
{
	struct fx *x = *state;
	NEED(x);
	raw(x, seed_base);
	int64_t a = new_meeting(x, 1, 1, "一月联席会", "2026-01-20", "450922111");
	begin(x);
	int64_t att[] = {1, 2};
	assert_int_equal(x->st->meeting->set_attendance(x->st, a, att, 2, &x->e), ERR_OK);
	commit(x);

	begin(x);
	int64_t bad[] = {3, 999};
	assert_int_equal(x->st->meeting->set_attendance(x->st, a, bad, 2, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：attendance");
	x->st->ops->rollback(x->st);
	struct meeting m;
	assert_int_equal(x->st->meeting->get(x->st, a, &m, &x->e), ERR_OK);
	assert_int_equal(m.n_attendees, 2);
	assert_int_equal(m.attendees[0], 1);
	assert_int_equal(m.attendees[1], 2);

	struct decision d = {.meeting_id = a, .matter_id = 1, .user_id = 7, .created_at_ms = 5};
	snprintf(d.action, sizeof(d.action), "approve");
	begin(x);
	assert_int_equal(x->st->meeting->decision_insert(x->st, &d, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：decision_insert");
	x->st->ops->rollback(x->st);
	struct decision *ds = NULL;
	size_t n = 9;
	assert_int_equal(x->st->meeting->decisions(x->st, a, &ds, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(ds);

	/* a meeting in an unknown unit: refused, and the list unchanged */
	struct meeting bad_m = {.alliance_id = 1, .unit_id = 99, .held_on = day("2026-01-01"),
				.convener_user = 7};
	snprintf(bad_m.title, sizeof(bad_m.title), "错");
	snprintf(bad_m.place_division, sizeof(bad_m.place_division), "450922111");
	begin(x);
	assert_int_equal(x->st->meeting->insert(x->st, &bad_m, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "数据冲突：meeting_insert");
	x->st->ops->rollback(x->st);
	struct meeting *arr = NULL;
	assert_int_equal(x->st->meeting->list(x->st, 0, 0, NULL, (struct page){NULL, 10}, &arr, &n,
					      &x->e), ERR_OK);
	assert_int_equal(n, 1);
	free(arr);
}

/* ---- briefing -------------------------------------------------------------- */

static void seed_all(struct fx *x)
{
	raw(x, seed_base);
	raw(x, seed_lines);
}

/* The records of key for alliance 1 over 2026 with today 2026-06-30, as
 * "type id on value grp title" lines. */
static void records_text(struct fx *x, const char *key, char *out, size_t size)
{
	struct briefing_period p = {.alliance_id = 1, .from = day("2026-01-01"),
				    .to = day("2026-12-31"), .today = day("2026-06-30")};
	struct briefing_record *r = NULL;
	size_t n = 0, len = 0;
	assert_int_equal(x->st->briefing->records(x->st, key, &p, &r, &n, &x->e), ERR_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char on[11] = "-";
		if (r[i].on)
			date_format(r[i].on, on);
		len += (size_t)snprintf(out + len, size - len, "%s %lld %s %lld %s %s;", r[i].type,
					(long long)r[i].id, on, (long long)r[i].value,
					r[i].grp[0] ? r[i].grp : "-", r[i].title);
		assert_true(len < size);
	}
	free(r);
}

static const struct {
	const char *key;
	const char *want;
} figures[] = {
	{ "matters_resolved", "matter 1 2026-03-01 1 450922 修路;matter 2 2026-04-01 1 450922 水渠;" },
	{ "meetings", "meeting 1 2026-01-20 1 - 一月会;" },
	{ "party_lessons", "activity 9 2026-03-15 1 440881 党课;" },
	{ "training_classes",
	  "activity 1 2026-03-10 1 450922 培训一;activity 2 2026-04-10 1 450922 培训二;" },
	{ "trainees", "activity 1 2026-03-10 1 450922 培训一;activity 2 2026-04-10 1 450922 培训二;" },
	{ "study_tours", "activity 5 2026-02-01 1 450922 研学一;activity 6 2026-05-01 1 450922 研学二;" },
	{ "study_tour_person_times",
	  "activity 5 2026-02-01 1 450922 研学一;activity 6 2026-05-01 1 450922 研学二;" },
	{ "border_classrooms",
	  "activity 11 2026-02-01 1 450922 课堂二;activity 10 2026-03-01 1 450922 课堂一;" },
	{ "border_classroom_sites", "site 1 2026-02-01 1 450922 红色基地;" },
	{ "red_routes", "route 1 2025-01-01 1 - 红一;" },
	{ "tourism_routes", "route 4 2026-01-01 1 - 游一;" },
	{ "visitors_referred",
	  "referral 1 2026-01-01 30 450922 游一 2026-01;referral 2 2026-06-01 12 440881 游一 2026-06;" },
	{ "secondments", "secondment 1 2026-02-10 1 440881 甲一;" },
	{ "talents_introduced", "talent 1 2026-03-03 1 440881 王工;" },
	{ "projects",
	  "project 2 2026-02-01 1 infrastructure 在建路;project 1 2026-05-01 1 infrastructure 乌石—坡子路;" },
	{ "project_investment_fen", "project 1 2026-05-01 600000000 infrastructure 乌石—坡子路;" },
	{ "project_jobs", "project 1 2026-05-01 30 infrastructure 乌石—坡子路;" },
	{ "funds_raised_fen",
	  "fund 1 2026-03-01 300000000 government 乌石—坡子路;fund 2 2026-04-01 200000000 social 乌石—坡子路;" },
	{ "industry_projects", "project 4 2026-04-01 1 industry 深加工;" },
	{ "industry_investment_fen", "project 4 2026-04-01 2000000000 industry 深加工;" },
	{ "industry_jobs", "project 4 2026-04-01 100 industry 深加工;" },
	{ "vanguard_members",
	  "person 1 2026-03-01 1 450922 甲一;person 2 2026-03-01 1 450922 甲二;"
	  "person 3 2026-03-01 1 440881 甲三;" },
	{ "road_built_m", "project 1 2026-05-01 10000 infrastructure 乌石—坡子路;" },
	{ "financing_enterprises", "enterprise 1 2026-02-01 1 450922 企一;" },
	{ "financing_granted_fen",
	  "financing 1 2026-02-01 100000000 450922 企一 · 农商行;"
	  "financing 2 2026-05-01 50000000 450922 企一 · 农商行;" },
	{ "fairs", "activity 12 2026-01-20 1 450922 早展销会;activity 7 2026-04-20 1 450922 展销会;" },
	{ "fair_sales_fen", "activity 7 2026-04-20 5200000 450922 展销会;" },
};

/* Every figure key, with the same expectation on both engines. */
static void t_briefing_figures(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed_all(x);
	char got[2048];
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		records_text(x, figures[i].key, got, sizeof(got));
		if (strcmp(got, figures[i].want) != 0)
			fail_msg("%s:\n got  %s\n want %s", figures[i].key, got, figures[i].want);
	}
	/* a window reported up to today only: nothing after 2026-03-31 */
	struct briefing_period p = {.alliance_id = 1, .from = day("2026-01-01"),
				    .to = day("2026-12-31"), .today = day("2026-03-31")};
	struct briefing_record *r = NULL;
	size_t n = 0;
	assert_int_equal(x->st->briefing->records(x->st, "financing_granted_fen", &p, &r, &n,
						  &x->e), ERR_OK);
	assert_int_equal(n, 1);
	free(r);
	assert_int_equal(x->st->briefing->records(x->st, "visitors_referred", &p, &r, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].value, 30);
	free(r);
	/* alliance 2 sees its own rows only */
	p.alliance_id = 2;
	p.today = day("2026-06-30");
	assert_int_equal(x->st->briefing->records(x->st, "fair_sales_fen", &p, &r, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].id, 8);
	assert_int_equal(r[0].value, 99900000);
	free(r);
	r = (void *)1;
	assert_int_equal(x->st->briefing->records(x->st, "no_such_key", &p, &r, &n, &x->e),
			 ERR_INVALID);
	assert_null(r);
	assert_int_equal(n, 0);
	assert_string_equal(x->e.msg, "未知的简报指标");
}

static int64_t new_issue(struct fx *x, int64_t alliance, int year, const char *title, int *no)
{
	char content[64];
	snprintf(content, sizeof(content), "{\"title\":\"%s\"}", title);
	struct briefing_issue b = {.alliance_id = alliance, .year = year, .created_by = 7,
				   .created_at_ms = 100, .from_on = day("2026-01-01"),
				   .to_on = day("2026-03-31"), .content = content};
	snprintf(b.title, sizeof(b.title), "%s", title);
	begin(x);
	assert_int_equal(x->st->briefing->issue_insert(x->st, &b, &x->e), ERR_OK);
	commit(x);
	*no = b.issue_no;
	return b.id;
}

static void t_briefing_issues(void **state)
{
	struct fx *x = *state;
	NEED(x);
	raw(x, seed_base);
	int no = 0;
	int64_t i1 = new_issue(x, 1, 2026, "第一期", &no);
	assert_int_equal(no, 1);
	int64_t i2 = new_issue(x, 1, 2026, "第二期", &no);
	assert_int_equal(no, 2);
	int64_t j1 = new_issue(x, 2, 2026, "乙第一期", &no);
	assert_int_equal(no, 1);
	int64_t k1 = new_issue(x, 1, 2027, "明年第一期", &no);
	assert_int_equal(no, 1);
	assert_true(i1 < i2 && i2 < j1 && j1 < k1);

	struct briefing_issue b;
	assert_int_equal(x->st->briefing->issue_get(x->st, i2, &b, &x->e), ERR_OK);
	assert_int_equal(b.id, i2);
	assert_int_equal(b.alliance_id, 1);
	assert_int_equal(b.year, 2026);
	assert_int_equal(b.issue_no, 2);
	assert_string_equal(b.title, "第二期");
	assert_int_equal(b.from_on, day("2026-01-01"));
	assert_int_equal(b.to_on, day("2026-03-31"));
	assert_string_equal(b.content, "{\"title\":\"第二期\"}");
	assert_string_equal(b.status, "draft");
	assert_int_equal(b.created_by, 7);
	assert_int_equal(b.created_at_ms, 100);
	assert_int_equal(b.edited_by, 0);
	assert_int_equal(b.published_at_ms, 0);
	briefing_issue_release(&b);
	assert_int_equal(x->st->briefing->issue_get(x->st, k1 + 50, &b, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "简报不存在");
	briefing_issue_release(&b);

	/* edits: content alone keeps the title; with a title changes it */
	begin(x);
	assert_int_equal(x->st->briefing->issue_set_content(x->st, i1, NULL, "{\"v\":2}", 7, 200,
							    &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->issue_set_content(x->st, i2, "第二期（改）", "[]", 0,
							    300, &x->e), ERR_OK);
	commit(x);
	assert_int_equal(x->st->briefing->issue_get(x->st, i1, &b, &x->e), ERR_OK);
	assert_string_equal(b.title, "第一期");
	assert_string_equal(b.content, "{\"v\":2}");
	assert_int_equal(b.edited_by, 7);
	assert_int_equal(b.edited_at_ms, 200);
	briefing_issue_release(&b);
	assert_int_equal(x->st->briefing->issue_get(x->st, i2, &b, &x->e), ERR_OK);
	assert_string_equal(b.title, "第二期（改）");
	assert_int_equal(b.edited_by, 0);
	briefing_issue_release(&b);

	/* publish; then an edit or a second publish is refused, changing nothing */
	begin(x);
	assert_int_equal(x->st->briefing->issue_publish(x->st, i1, 400, &x->e), ERR_OK);
	commit(x);
	begin(x);
	assert_int_equal(x->st->briefing->issue_set_content(x->st, i1, "改", "{\"v\":3}", 7, 500,
							    &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "简报已发布，不能再修改");
	assert_int_equal(x->st->briefing->issue_publish(x->st, i1, 600, &x->e), ERR_CONFLICT);
	assert_string_equal(x->e.msg, "简报已发布");
	x->st->ops->rollback(x->st);
	assert_int_equal(x->st->briefing->issue_get(x->st, i1, &b, &x->e), ERR_OK);
	assert_string_equal(b.status, "published");
	assert_int_equal(b.published_at_ms, 400);
	assert_string_equal(b.title, "第一期");
	assert_string_equal(b.content, "{\"v\":2}");
	assert_int_equal(b.edited_at_ms, 200);
	briefing_issue_release(&b);

	/* lists: newest first, paged, published only; content left NULL */
	struct briefing_issue *arr = NULL;
	size_t n = 0;
	assert_int_equal(x->st->briefing->issue_list(x->st, 1, 0, (struct page){NULL, 10}, &arr,
						     &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(arr[0].id, k1);
	assert_int_equal(arr[2].id, i1);
	assert_null(arr[0].content);
	free(arr);
	char after[24];
	snprintf(after, sizeof(after), "%lld", (long long)k1);
	assert_int_equal(x->st->briefing->issue_list(x->st, 1, 0, (struct page){after, 1}, &arr,
						     &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, i2);
	free(arr);
	assert_int_equal(x->st->briefing->issue_list(x->st, 1, 1, (struct page){"", 10}, &arr, &n,
						     &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(arr[0].id, i1);
	assert_string_equal(arr[0].status, "published");
	free(arr);
	assert_int_equal(x->st->briefing->issue_list(x->st, 2, 1, (struct page){NULL, 10}, &arr,
						     &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(arr);
}

static void t_briefing_public(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed_all(x);
	int on = -1;
	assert_int_equal(x->st->briefing->route_is_public(x->st, 1, &on, &x->e), ERR_OK);
	assert_int_equal(on, 0);
	begin(x);
	assert_int_equal(x->st->briefing->route_set_public(x->st, 1, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->route_set_public(x->st, 3, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->route_set_public(x->st, 4, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->route_set_public(x->st, 5, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->activity_set_public(x->st, 7, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->activity_set_public(x->st, 12, 1, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->activity_set_public(x->st, 1, 1, &x->e), ERR_OK);
	commit(x);
	begin(x);
	assert_int_equal(x->st->briefing->route_set_public(x->st, 4, 0, &x->e), ERR_OK);
	assert_int_equal(x->st->briefing->route_set_public(x->st, 99, 1, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "线路不存在");
	assert_int_equal(x->st->briefing->activity_set_public(x->st, 99, 1, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.msg, "活动不存在");
	commit(x);
	assert_int_equal(x->st->briefing->route_is_public(x->st, 1, &on, &x->e), ERR_OK);
	assert_int_equal(on, 1);
	assert_int_equal(x->st->briefing->route_is_public(x->st, 4, &on, &x->e), ERR_OK);
	assert_int_equal(on, 0);
	assert_int_equal(x->st->briefing->route_is_public(x->st, 99, &on, &x->e), ERR_OK);
	assert_int_equal(on, 0);
	assert_int_equal(x->st->briefing->activity_is_public(x->st, 7, &on, &x->e), ERR_OK);
	assert_int_equal(on, 1);
	assert_int_equal(x->st->briefing->activity_is_public(x->st, 8, &on, &x->e), ERR_OK);
	assert_int_equal(on, 0);

	int64_t ids[8];
	size_t n = 0;
	/* open public routes only (3 is closed), by id */
	assert_int_equal(x->st->briefing->public_route_ids(x->st, 1, ids, 8, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 1);
	assert_int_equal(x->st->briefing->public_route_ids(x->st, 2, ids, 8, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 5);
	/* public fairs only (1 is a class), newest first; max respected */
	assert_int_equal(x->st->briefing->public_fair_ids(x->st, 1, ids, 8, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 7);
	assert_int_equal(ids[1], 12);
	assert_int_equal(x->st->briefing->public_fair_ids(x->st, 1, ids, 1, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 7);
}

/* ---- ledger ---------------------------------------------------------------- */

struct rows {
	char text[4096];
	size_t len;
	int calls;
	int stop_after;   /* 0: never */
};

/* Writes a row as "v|v|…;": an integer as itself, NULL as ∅, a text as
 * 't:<text>' (so that an integer read as text shows). */
static enum err_code collect_row(void *ctx, const struct ledger_value *v, int n, struct err *e)
{
	struct rows *r = ctx;
	r->calls++;
	if (r->stop_after && r->calls > r->stop_after)
		return err_set(e, ERR_INTERNAL, NULL, "导出失败");
	for (int i = 0; i < n; i++) {
		if (v[i].is_null)
			r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len, "∅");
		else if (v[i].is_int)
			r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len, "%lld",
						   (long long)v[i].i);
		else
			r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len, "t:%s",
						   v[i].text);
		r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len, "%s",
					   i + 1 < n ? "|" : ";\n");
		assert_true(r->len < sizeof(r->text));
	}
	return ERR_OK;
}

static void ledger_text(struct fx *x, enum ledger l, int64_t alliance, int32_t from, int32_t to,
			struct rows *r)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(x->st->ledger->each(x->st, l, alliance, from, to, collect_row, r, &x->e),
			 ERR_OK);
}

static void expect_ledger(struct fx *x, enum ledger l, int32_t from, int32_t to,
			  const char *want)
{
	struct rows r;
	ledger_text(x, l, 1, from, to, &r);
	if (strcmp(r.text, want) != 0)
		fail_msg("ledger %d:\n got\n%s want\n%s", (int)l, r.text, want);
}

static void t_ledgers(void **state)
{
	struct fx *x = *state;
	NEED(x);
	seed_all(x);
	int32_t from = day("2026-01-01"), to = day("2026-06-30");
	expect_ledger(x, LEDGER_MATTERS, from, to,
		"1|t:修路|t:revival|t:交通|t:normal|t:resolved|t:古城镇党委|t:陆川县|t:专班甲|"
		"t:2026-01-05|∅|t:2026-03-01|∅|1234567|∅|∅|∅;\n"
		"2|t:水渠|t:revival|t:水利|t:normal|t:closed|t:古城镇党委|t:陆川县|t:专班甲|"
		"t:2026-01-05|∅|t:2026-04-01|∅|∅|∅|∅|∅;\n"
		"4|t:在办|t:revival|t:水利|t:high|t:in_progress|t:石角镇党委|t:廉江市|t:专班甲|"
		"t:2026-01-05|∅|∅|∅|∅|∅|∅|∅;\n"
		"6|t:未来|t:revival|t:水利|t:normal|t:resolved|t:古城镇党委|t:陆川县|t:专班甲|"
		"t:2026-01-05|∅|t:2026-08-01|∅|∅|∅|∅|∅;\n");
	expect_ledger(x, LEDGER_MEETINGS, from, to,
		"1|t:一月会|t:2026-01-20|t:专班甲|t:古城镇|2|3|t:;\n");
	expect_ledger(x, LEDGER_ACTIVITIES, day("2026-03-01"), day("2026-04-30"),
		"1|t:培训一|t:training_class|t:education|t:2026-03-10|∅|t:古城镇|t:古城镇党委|"
		"t:陆川县|12|12|∅;\n"
		"2|t:培训二|t:training_class|t:education|t:2026-04-10|∅|t:古城镇|t:古城镇党委|"
		"t:陆川县|7|7|∅;\n"
		"7|t:展销会|t:fair|t:economy|t:2026-04-20|∅|t:古城镇|t:古城镇党委|t:陆川县|0|0|"
		"5200000;\n"
		"9|t:党课|t:party_lesson|t:org|t:2026-03-15|∅|t:石角镇|t:石角镇党委|t:廉江市|0|0|∅;\n"
		"10|t:课堂一|t:border_classroom|t:education|t:2026-03-01|∅|t:古城镇|t:古城镇党委|"
		"t:陆川县|0|0|∅;\n");
	expect_ledger(x, LEDGER_ACTIVITIES, day("2026-05-01"), day("2026-05-31"),
		"6|t:研学二|t:study_tour|t:education|t:2026-05-01|∅|t:古城镇|t:古城镇党委|"
		"t:陆川县|2|3|∅;\n");
	expect_ledger(x, LEDGER_PROJECTS, from, day("2026-03-31"),
		"1|t:乌石—坡子路|t:infrastructure|t:revival|t:completed|t:2026-05-01|600000000|"
		"300000000|30|∅|10000|3;\n"
		"2|t:在建路|t:infrastructure|t:revival|t:building|t:2026-02-01|∅|∅|∅|∅|5000|1;\n");
	expect_ledger(x, LEDGER_FINANCING, day("2026-02-01"), day("2026-03-31"),
		"1|t:企一|t:91450922MA00000001|t:农商行|100000000|t:2026-02-01|t:granted;\n"
		"3|t:企二|t:91450922MA00000002|t:建行|1000000000|t:2026-03-01|t:declined;\n"
		"4|t:企三|t:91450922MA00000003|t:建行|1000000000|t:2026-03-01|t:applied;\n");
	expect_ledger(x, LEDGER_PEOPLE, INT32_MIN, INT32_MAX,
		"1|t:甲一|t:古城镇党委|t:450922|t:陆川县|t:书记|t:13812345678;\n"
		"2|t:甲二|t:古城镇党委|t:450922|t:陆川县|t:委员|∅;\n"
		"3|t:甲三|t:石角镇党委|t:440881|t:廉江市|t:书记|∅;\n"
		"5|t:甲一|t:古城镇党委|t:450922|t:陆川县|t:委员|∅;\n");

	/* unbounded: every meeting of alliance 1 not cancelled, by id */
	struct rows r;
	ledger_text(x, LEDGER_MEETINGS, 1, INT32_MIN, INT32_MAX, &r);
	assert_int_equal(r.calls, 2);
	ledger_text(x, LEDGER_FINANCING, 2, INT32_MIN, INT32_MAX, &r);
	assert_int_equal(r.calls, 1);
	/* a period ending before it starts: nothing, people included */
	ledger_text(x, LEDGER_PEOPLE, 1, day("2026-02-01"), day("2026-01-01"), &r);
	assert_int_equal(r.calls, 0);

	/* the row function's error stops the stream and is returned */
	memset(&r, 0, sizeof(r));
	r.stop_after = 1;
	assert_int_equal(x->st->ledger->each(x->st, LEDGER_MATTERS, 1, INT32_MIN, INT32_MAX,
					     collect_row, &r, &x->e), ERR_INTERNAL);
	assert_string_equal(x->e.msg, "导出失败");
	assert_int_equal(r.calls, 2);
	/* and the statement is ready again: all five matters of alliance 1 */
	ledger_text(x, LEDGER_MATTERS, 1, INT32_MIN, INT32_MAX, &r);
	assert_int_equal(r.calls, 5);
	assert_int_equal(x->st->ledger->each(x->st, LEDGER_COUNT, 1, from, to, collect_row, &r,
					     &x->e), ERR_INTERNAL);
	assert_string_equal(x->e.msg, "台账不存在");

	/* the importers' look-ups */
	int64_t ids[4];
	size_t n = 9;
	assert_int_equal(x->st->ledger->org_ids_by_name(x->st, "古城镇党委", ids, 4, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 4);
	assert_int_equal(x->st->ledger->org_ids_by_name(x->st, "古城镇党委", ids, 1, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(x->st->ledger->org_ids_by_name(x->st, "古城镇", ids, 4, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(x->st->ledger->person_ids_by_name(x->st, 1, "甲一", ids, 4, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 5);
	assert_int_equal(x->st->ledger->person_ids_by_name(x->st, 2, "甲一", ids, 4, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_meetings),
		ENGINE_TESTS(t_meeting_refused),
		ENGINE_TESTS(t_briefing_figures),
		ENGINE_TESTS(t_briefing_issues),
		ENGINE_TESTS(t_briefing_public),
		ENGINE_TESTS(t_ledgers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
