/* Unit tests for the briefing's counting rules (domain/briefing.c over
 * store_sql_briefing.c): a real SQLite file created with the migrations,
 * rows inserted through SQL, one test per rule — the period by the records'
 * own dates, nothing after today, persons once and person-times added up,
 * only granted loans and each enterprise once, routes open at the period's
 * end, another alliance's rows never counted — plus the text, the length
 * format and the .docx package. Projects of the economy line count apart
 * (industry_*) from the other lines' 联建项目 and their raised funds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <zip.h>

#include "assert_ext.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/briefing.h"
#include "store/store.h"

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct principal admin;
	struct briefing b;
	struct err e;
};

/* Alliance 1 (陆川 450922, 廉江 440881) and alliance 2 (容县 450921); the
 * period is 2026-01-01..2026-12-31 and today 2026-06-30. */
static const char seed[] =
	"INSERT INTO divisions VALUES ('45','广西',1,''),('44','广东',1,''),"
	" ('450922','陆川县',3,'45'),('440881','廉江市',3,'44'),('450921','容县',3,'45'),"
	" ('450922111','古城镇',4,'450922'),('440881100','石角镇',4,'440881'),"
	" ('450921100','容州镇',4,'450921');"
	"INSERT INTO alliances VALUES (1,'陆廉化','',0),(2,'容雷','',0);"
	"INSERT INTO alliance_counties VALUES (1,'450922'),(1,'440881'),(2,'450921');"
	"INSERT INTO units VALUES (1,1,'county','专班甲',NULL,0),(2,2,'county','专班乙',NULL,0);"
	"INSERT INTO orgs(id,name,division_code,kind,created_at_ms) VALUES (1,'古城镇党委','450922111','town_committee',0),"
	" (2,'石角镇党委','440881100','town_committee',0),(3,'容州镇党委','450921100','town_committee',0);"
	"INSERT INTO people VALUES (1,'甲一',1,'书记',NULL,0,0),(2,'甲二',1,'委员',NULL,0,0),"
	" (3,'甲三',2,'书记',NULL,0,0),(4,'乙一',3,'书记',NULL,0,0);"
	/* matters: resolved in, resolved then closed in, resolved before, open,
	 * resolved in but in alliance 2, resolved in the period after today */
	"INSERT INTO matters(id,alliance_id,unit_id,origin_unit_id,county_code,title,description,"
	" category,type,priority,status,raised_by_org_id,raised_on,raised_at_ms,resolved_on,"
	" updated_at_ms) VALUES"
	" (1,1,1,1,'450922','修路','',"
	"  'revival','traffic','normal','resolved',1,'2026-01-05',0,'2026-03-01',0),"
	" (2,1,1,1,'450922','水渠','','revival','water','normal','closed',1,'2026-01-05',0,'2026-04-01',0),"
	" (3,1,1,1,'450922','旧事','','revival','water','normal','resolved',1,'2025-01-05',0,'2025-12-31',0),"
	" (4,1,1,1,'450922','在办','','revival','water','normal','in_progress',1,'2026-01-05',0,NULL,0),"
	" (5,2,2,2,'450921','乙事','','revival','water','normal','resolved',3,'2026-01-05',0,'2026-03-01',0),"
	" (6,1,1,1,'450922','未来','','revival','water','normal','resolved',1,'2026-01-05',0,'2026-08-01',0);"
	"INSERT INTO meetings(id,alliance_id,unit_id,title,held_on,place_division,created_at_ms) VALUES"
	" (1,1,1,'一月会','2026-01-20','450922111',0),(2,1,1,'八月会','2026-08-01','450922111',0),"
	" (3,2,2,'乙会','2026-02-01','450921100',0);"
	/* training classes: two in (overlapping people), one before, one of alliance 2 */
	"INSERT INTO activities(id,alliance_id,kind,line,title,starts_on,place_division,host_org_id,"
	" county_code,created_at_ms,updated_at_ms) VALUES"
	" (1,1,'training_class','education','培训一','2026-03-10','450922111',1,'450922',0,0),"
	" (2,1,'training_class','education','培训二','2026-04-10','450922111',1,'450922',0,0),"
	" (3,1,'training_class','education','旧培训','2025-12-10','450922111',1,'450922',0,0),"
	" (4,2,'training_class','education','乙培训','2026-03-10','450921100',3,'450921',0,0),"
	" (5,1,'study_tour','education','研学一','2026-02-01','450922111',1,'450922',0,0),"
	" (6,1,'study_tour','education','研学二','2026-05-01','450922111',1,'450922',0,0),"
	" (7,1,'fair','economy','展销会','2026-04-20','450922111',1,'450922',0,0),"
	" (8,2,'fair','economy','乙展销会','2026-04-20','450921100',3,'450921',0,0);"
	"INSERT INTO activity_participants VALUES (1,1,1),(1,2,1),(2,2,1),(2,3,1),(3,1,1),(4,4,2),"
	" (6,1,1),(6,2,1);"
	"INSERT INTO activity_headcount VALUES (1,'440881',1,10),(2,'440881',1,5),(3,'450922',1,50),"
	" (4,'450921',2,70),(5,'450922',1,100);"
	"INSERT INTO sittings VALUES (1,6,1,'2026-05-01','上午',120,NULL,0),"
	" (2,6,1,'2026-05-02','下午',120,NULL,0);"
	"INSERT INTO sitting_attendance VALUES (1,1,1,'list',0),(1,2,1,'list',0),(2,1,1,'list',0);"
	"INSERT INTO fair_sales VALUES (7,1,240,NULL,0),(8,2,240,NULL,0);"
	"INSERT INTO fair_sale_items(activity_id,alliance_id,org_id,label,amount_fen) VALUES"
	" (7,1,1,NULL,3000000),(7,1,NULL,'农户',2200000),(8,2,3,NULL,99900000);"
	/* routes: open before, opened after the period's end (after today),
	 * closed inside it, tourism open, alliance 2 */
	"INSERT INTO routes(id,alliance_id,kind,line,name,opened_on,closed_on,created_at_ms,"
	" updated_at_ms) VALUES (1,1,'red_education','education','红一','2025-01-01',NULL,0,0),"
	" (2,1,'red_education','education','红二','2026-07-15',NULL,0,0),"
	" (3,1,'red_education','education','红三','2025-01-01','2026-05-01',0,0),"
	" (4,1,'tourism','economy','游一','2026-01-01',NULL,0,0),"
	" (5,2,'red_education','education','乙红','2025-01-01',NULL,0,0);"
	"INSERT INTO enterprises VALUES (1,1,'economy','企一','91450922MA00000001','450922111','450922','农',NULL,0,0),"
	" (2,1,'economy','企二','91450922MA00000002','450922111','450922','农',NULL,0,0),"
	" (3,1,'economy','企三','91450922MA00000003','450922111','450922','农',NULL,0,0),"
	" (4,1,'economy','企四','91450922MA00000004','450922111','450922','农',NULL,0,0),"
	" (5,2,'economy','企五','91450921MA00000005','450921100','450921','农',NULL,0,0);"
	/* financing: enterprise 1 granted twice, 2 declined, 3 applied, 4 granted
	 * before the period, 5 granted but in alliance 2 */
	"INSERT INTO financing(alliance_id,line,enterprise_id,lender,amount_fen,on_date,status,"
	" created_at_ms,updated_at_ms) VALUES"
	" (1,'economy',1,'农商行',100000000,'2026-02-01','granted',0,0),"
	" (1,'economy',1,'农商行',50000000,'2026-05-01','granted',0,0),"
	" (1,'economy',2,'建行',1000000000,'2026-03-01','declined',0,0),"
	" (1,'economy',3,'建行',1000000000,'2026-03-01','applied',0,0),"
	" (1,'economy',4,'建行',1000000000,'2025-12-01','granted',0,0),"
	" (2,'economy',5,'建行',1000000000,'2026-03-01','granted',0,0);"
	"INSERT INTO projects(id,alliance_id,kind,line,name,stage,stage_on,investment_fen,jobs,"
	" length_m,created_at_ms,updated_at_ms) VALUES"
	" (1,1,'infrastructure','revival','乌石—坡子路','completed','2026-05-01',600000000,30,10000,0,0),"
	" (2,1,'infrastructure','revival','在建路','building','2026-02-01',NULL,NULL,5000,0,0),"
	" (3,2,'infrastructure','revival','乙路','completed','2026-05-01',NULL,NULL,7000,0,0),"
	" (4,1,'industry','economy','深加工','operating','2026-04-01',2000000000,100,NULL,0,0);"
	"INSERT INTO project_stages(project_id,alliance_id,from_stage,to_stage,on_date,at_ms) VALUES"
	" (1,1,NULL,'building','2025-10-01',0),(1,1,'building','completed','2026-05-01',0),"
	" (2,1,NULL,'building','2026-02-01',0),(3,2,NULL,'completed','2026-05-01',0),"
	" (4,1,NULL,'operating','2026-04-01',0);"
	"INSERT INTO project_funds(project_id,alliance_id,source,amount_fen,on_date,created_at_ms)"
	" VALUES (1,1,'government',300000000,'2026-03-01',0),(1,1,'social',200000000,'2026-04-01',0),"
	" (1,1,'social',100000000,'2025-11-01',0),(3,2,'government',900000000,'2026-03-01',0),"
	" (4,1,'enterprise',1000000000,'2026-04-01',0);"
	"INSERT INTO project_teams VALUES (1,1,'先锋队一','2026-03-01',NULL,0),"
	" (2,1,'先锋队二','2026-03-02',NULL,0),(3,2,'乙队','2026-03-01',NULL,0);"
	"INSERT INTO project_team_members VALUES (1,1,1),(1,2,1),(1,3,1),(2,3,1),(3,4,2);";

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	int applied = -1;
	sqlite3 *db = NULL;
	char *msg = NULL;

	log_set_quiet(1);
	assert_non_null(x);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	assert_int_equal(sqlite3_open(x->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, seed, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("seed: %s", msg);
	sqlite3_close(db);
	x->admin.user_id = 1;
	snprintf(x->admin.grants[0].role, sizeof(x->admin.grants[0].role), "admin");
	snprintf(x->admin.grants[0].scope_type, sizeof(x->admin.grants[0].scope_type), "deployment");
	x->admin.n_grants = 1;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	store_close(x->st);
	tmpdir_remove(x->dir);
	free(x);
	return 0;
}

static const struct briefing_figure *figure(const struct briefing *b, const char *key)
{
	for (size_t l = 0; l < BRIEFING_LINES; l++)
		for (size_t i = 0; i < b->lines[l].n_figures; i++)
			if (strcmp(b->lines[l].figures[i].key, key) == 0)
				return &b->lines[l].figures[i];
	fail_msg("no figure %s", key);
	return NULL;
}

static int64_t value(struct fx *x, const char *key)
{
	return figure(&x->b, key)->value;
}

static void compute(struct fx *x, int64_t alliance)
{
	assert_int_equal(briefing_compute(x->st, &x->admin, alliance, date_from_ymd(2026, 1, 1),
					  date_from_ymd(2026, 12, 31), date_from_ymd(2026, 6, 30),
					  &x->b, &x->e), ERR_OK);
}

static size_t n_records(struct fx *x, const char *key)
{
	struct briefing_record *r = NULL;
	size_t n = 0;
	assert_int_equal(briefing_records(x->st, &x->admin, key, 1, date_from_ymd(2026, 1, 1),
					  date_from_ymd(2026, 12, 31), date_from_ymd(2026, 6, 30),
					  &r, &n, &x->e), ERR_OK);
	free(r);
	return n;
}

/* Resolution dates inside [from, today]: a matter resolved then closed
 * counts; before the period, still open, after today or another
 * alliance's do not. */
static void test_matters_by_resolution_date(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	assert_int_equal(value(x, "matters_resolved"), 2);
	assert_int_equal(n_records(x, "matters_resolved"), 2);
	assert_int_equal(value(x, "meetings"), 1);   /* the August one is not held yet */
}

/* Persons once across classes (named people by id, counted headcount
 * added), per county; classes before the period or of alliance 2 out. */
static void test_trainees_persons_once(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	assert_int_equal(value(x, "training_classes"), 2);
	const struct briefing_figure *f = figure(&x->b, "trainees");
	assert_int_equal(f->value, 3 + 15);
	int64_t lc = -1, lj = -1;
	for (size_t i = 0; i < f->n_by; i++) {
		if (strcmp(f->by[i].key, "450922") == 0)
			lc = f->by[i].value;
		if (strcmp(f->by[i].key, "440881") == 0)
			lj = f->by[i].value;
	}
	assert_int_equal(lc, 2);
	assert_int_equal(lj, 16);
}

/* Person-times add up: a tour without sittings gives its persons, one with
 * sittings the sum of each sitting's attendance. */
static void test_study_tour_person_times_add_up(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	assert_int_equal(value(x, "study_tours"), 2);
	assert_int_equal(value(x, "study_tour_person_times"), 100 + 3);
}

/* Only granted loans in the period; an enterprise financed twice once. */
static void test_financing_granted_once(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	assert_int_equal(value(x, "financing_enterprises"), 1);
	assert_int_equal(value(x, "financing_granted_fen"), 150000000);
	assert_int_equal(n_records(x, "financing_granted_fen"), 2);
}

/* Routes open at the period's end (bounded by today). */
static void test_routes_open_at_end(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	assert_int_equal(value(x, "red_routes"), 1);
	assert_int_equal(value(x, "tourism_routes"), 1);
}

/* Contributions by date, split by source; team members distinct; road of
 * infrastructure completed in the period only; fair sales summed. */
static void test_revival_and_economy(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	const struct briefing_figure *f = figure(&x->b, "funds_raised_fen");
	assert_int_equal(f->value, 500000000);
	assert_int_equal(f->n_by, 2);
	assert_int_equal(value(x, "vanguard_members"), 3);
	assert_int_equal(value(x, "road_built_m"), 10000);
	assert_int_equal(value(x, "projects"), 2);   /* both changed stage in the period */
	assert_int_equal(value(x, "project_investment_fen"), 600000000);
	assert_int_equal(value(x, "project_jobs"), 30);
	/* the economy line's project counts there, its money as investment */
	assert_int_equal(value(x, "industry_projects"), 1);
	assert_int_equal(value(x, "industry_investment_fen"), 2000000000);
	assert_int_equal(value(x, "industry_jobs"), 100);
	assert_int_equal(value(x, "fairs"), 1);
	assert_int_equal(value(x, "fair_sales_fen"), 5200000);
}

/* Alliance 2 sees only its own rows. */
static void test_other_alliance_apart(void **state)
{
	struct fx *x = *state;
	compute(x, 2);
	assert_int_equal(value(x, "matters_resolved"), 1);
	assert_int_equal(value(x, "trainees"), 1 + 70);
	assert_int_equal(value(x, "financing_enterprises"), 1);
	assert_int_equal(value(x, "fair_sales_fen"), 99900000);
	assert_int_equal(value(x, "road_built_m"), 7000);
	assert_int_equal(value(x, "vanguard_members"), 1);
}

/* The paragraph reads as a 工作简报, money in 万元/亿元, length in 公里; an
 * empty line says so. */
static void test_text(void **state)
{
	struct fx *x = *state;
	compute(x, 1);
	const char *edu = x->b.lines[1].text, *rev = x->b.lines[3].text, *eco = x->b.lines[4].text;
	assert_non_null(strstr(edu, "共设联育平台：开展专题培训班2期，受训党员18人；组织红色研学2期、103人次"));
	assert_non_null(strstr(rev, "筹集资金500万元"));
	assert_non_null(strstr(rev, "修建道路10公里"));
	assert_non_null(strstr(eco, "帮助1家企业融资150万元"));
	assert_non_null(strstr(eco, "销售额5.2万元"));
	assert_string_equal(x->b.lines[2].text, "共架人才桥梁：本期暂无可报送的成果。");
	char s[32];
	briefing_format_length(800, s);
	assert_string_equal(s, "800米");
	briefing_format_length(2500, s);
	assert_string_equal(s, "2.5公里");
	briefing_format_length(12345, s);
	assert_string_equal(s, "12.35公里");
}

/* Bad periods and an unknown figure are refused; a missing alliance is 404. */
static void test_refusals(void **state)
{
	struct fx *x = *state;
	struct briefing_record *r = NULL;
	size_t n = 0;
	int32_t d = date_from_ymd(2026, 1, 1);
	assert_int_equal(briefing_compute(x->st, &x->admin, 1, d + 5, d, d, &x->b, &x->e),
			 ERR_INVALID);
	assert_int_equal(briefing_compute(x->st, &x->admin, 99, d, d + 5, d, &x->b, &x->e),
			 ERR_NOT_FOUND);
	assert_int_equal(briefing_records(x->st, &x->admin, "nonsense", 1, d, d + 5, d, &r, &n,
					  &x->e), ERR_INVALID);
	assert_null(r);
}

/* The .docx is a zip holding the parts Word and WPS need; document.xml has
 * the title (escaped) and the figures. */
static void test_docx(void **state)
{
	struct fx *x = *state;
	unsigned char *bytes = NULL;
	size_t len = 0;
	compute(x, 1);
	assert_int_equal(briefing_docx(&x->b, "标题 <A&B>", 3, date_from_ymd(2026, 6, 30), &bytes,
				       &len, &x->e), ERR_OK);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	const char *parts[] = { "[Content_Types].xml", "_rels/.rels", "word/document.xml",
				"word/styles.xml", "word/_rels/document.xml.rels" };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		assert_true(zip_name_locate(z, parts[i], 0) >= 0);
	zip_stat_t zs;
	assert_int_equal(zip_stat(z, "word/document.xml", 0, &zs), 0);
	char *doc = calloc(1, zs.size + 1);
	zip_file_t *f = zip_fopen(z, "word/document.xml", 0);
	assert_int_equal(zip_fread(f, doc, zs.size), (zip_int64_t)zs.size);
	zip_fclose(f);
	assert_non_null(strstr(doc, "标题 &lt;A&amp;B&gt;"));
	assert_non_null(strstr(doc, "第3期"));
	assert_non_null(strstr(doc, "500万元"));
	assert_null(strstr(doc, "<A&B>"));
	free(doc);
	zip_close(z);
	zip_error_fini(&ze);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_matters_by_resolution_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trainees_persons_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_study_tour_person_times_add_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_financing_granted_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_routes_open_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revival_and_economy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_alliance_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docx, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
