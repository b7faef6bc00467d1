/* Unit tests for src/domain/division.c: division_level_of for 2/4/6/9/12
 * digits and junk, the level names, division_county_of, division_get_full
 * (path from the province down to the parent), and division_import from
 * small hand-made china-division CSV sets in a temp directory: counts by
 * level, idempotent re-import, the province filter, a malformed row or a
 * missing file failing the whole import with the table left unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "core/log.h"
#include "domain/division.h"
#include "store/store_division.h"

static const char PROVINCES[] =
	"code,name\n"
	"44,\"广东省\"\n"
	"45,\"广西壮族自治区\"\n";
static const char CITIES[] =
	"code,name,provinceCode\n"
	"4409,\"茂名市\",44\n"
	"4501,\"南宁市\",45\n";
static const char AREAS[] =
	"code,name,cityCode,provinceCode\n"
	"440982,\"化州市\",4409,44\n"
	"450102,\"兴宁区\",4501,45\n";
static const char STREETS[] =
	"code,name,areaCode,provinceCode,cityCode\n"
	"440982100,\"平定镇\",440982,44,4409\n"
	"440982101,\"杨梅镇\",440982,44,4409\n"
	"450102001,\"民生街道\",450102,45,4501\n";
static const char VILLAGES[] =
	"code,name,streetCode,provinceCode,cityCode,areaCode\n"
	"440982100001,\"坡子村委会\",440982100,44,4409,440982\n"
	"450102001002,\"民生社区居委会\",450102001,45,4501,450102\n";

struct fx {
	char db_dir[32];
	char csv_dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

static void write_set(const char *dir)
{
	write_file(dir, "provinces.csv", PROVINCES);
	write_file(dir, "cities.csv", CITIES);
	write_file(dir, "areas.csv", AREAS);
	write_file(dir, "streets.csv", STREETS);
	write_file(dir, "villages.csv", VILLAGES);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	int applied;

	log_set_quiet(1);
	assert_non_null(x);
	tmpdir_make(x->db_dir);
	tmpdir_make(x->csv_dir);
	snprintf(x->path, sizeof(x->path), "%s/d.db", x->db_dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	write_set(x->csv_dir);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	store_close(x->st);
	tmpdir_remove(x->db_dir);
	tmpdir_remove(x->csv_dir);
	free(x);
	return 0;
}

static int64_t count(struct fx *x)
{
	int64_t n = -1;

	assert_int_equal(x->st->division->count(x->st, &n, &x->e), ERR_OK);
	return n;
}

static int exists(struct fx *x, const char *code)
{
	struct division d;
	enum err_code rc = x->st->division->get(x->st, code, &d, &x->e);

	assert_true(rc == ERR_OK || rc == ERR_NOT_FOUND);
	return rc == ERR_OK;
}

static void test_level_of(void **state)
{
	(void)state;
	assert_int_equal(division_level_of("44"), LEVEL_PROVINCE);
	assert_int_equal(division_level_of("4409"), LEVEL_CITY);
	assert_int_equal(division_level_of("440982"), LEVEL_COUNTY);
	assert_int_equal(division_level_of("440982100"), LEVEL_TOWN);
	assert_int_equal(division_level_of("440982100001"), LEVEL_VILLAGE);
	assert_int_equal(division_level_of("00"), LEVEL_PROVINCE);

	assert_int_equal(division_level_of(""), 0);
	assert_int_equal(division_level_of("4"), 0);
	assert_int_equal(division_level_of("440"), 0);
	assert_int_equal(division_level_of("44098"), 0);
	assert_int_equal(division_level_of("4409821"), 0);
	assert_int_equal(division_level_of("44098210"), 0);
	assert_int_equal(division_level_of("4409821000"), 0);
	assert_int_equal(division_level_of("44098210000"), 0);
	assert_int_equal(division_level_of("4409821000011"), 0);
	assert_int_equal(division_level_of("44098210000111"), 0);
	assert_int_equal(division_level_of("440982100001440982100001"), 0);
	assert_int_equal(division_level_of("4a"), 0);
	assert_int_equal(division_level_of("a4"), 0);
	assert_int_equal(division_level_of("44 "), 0);
	assert_int_equal(division_level_of(" 44"), 0);
	assert_int_equal(division_level_of("-4"), 0);
	assert_int_equal(division_level_of("4409x2"), 0);
	assert_int_equal(division_level_of("４４"), 0); /* full-width digits */
	assert_int_equal(division_level_of("44098210000a"), 0);
}

static void test_level_names(void **state)
{
	(void)state;
	assert_string_equal(division_level_name(LEVEL_PROVINCE), "province");
	assert_string_equal(division_level_name(LEVEL_COUNTY), "county");
	assert_string_equal(division_level_name(LEVEL_VILLAGE), "village");
	assert_string_equal(division_level_name(0), "?");
	assert_string_equal(division_level_name(6), "?");
	assert_string_equal(division_level_label(LEVEL_PROVINCE), "省");
	assert_string_equal(division_level_label(LEVEL_TOWN), "镇");
	assert_string_equal(division_level_label(LEVEL_VILLAGE), "村");
	assert_string_equal(division_level_label(-1), "?");
}

static void test_county_of(void **state)
{
	char out[7];

	(void)state;
	memset(out, 'z', sizeof(out));
	assert_int_equal(division_county_of("440982100001", out), 0);
	assert_string_equal(out, "440982");
	memset(out, 'z', sizeof(out));
	assert_int_equal(division_county_of("440982100", out), 0);
	assert_string_equal(out, "440982");
	assert_int_equal(division_county_of("450102", out), 0);
	assert_string_equal(out, "450102");
	assert_int_equal(division_county_of("4409", out), -1);
	assert_int_equal(division_county_of("44", out), -1);
	assert_int_equal(division_county_of("", out), -1);
	assert_int_equal(division_county_of("44098x", out), -1);
	assert_int_equal(division_county_of("4409821", out), -1);
}

struct progress_log {
	int calls;
	int files;
	int64_t last_done, last_size;
};

static void on_progress(void *ctx, const char *file, int64_t done, int64_t size_hint)
{
	struct progress_log *p = ctx;

	assert_non_null(file);
	assert_true(strstr(file, ".csv") != NULL);
	p->calls++;
	if (done == size_hint)
		p->files++;
	p->last_done = done;
	p->last_size = size_hint;
}

static void test_import_all(void **state)
{
	struct fx *x = *state;
	struct division_import_stats s;
	struct progress_log pl = { 0, 0, 0, 0 };
	char out[32];

	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, on_progress, &pl, &s, &x->e),
			 ERR_OK);
	assert_int_equal(s.rows[LEVEL_PROVINCE], 2);
	assert_int_equal(s.rows[LEVEL_CITY], 2);
	assert_int_equal(s.rows[LEVEL_COUNTY], 2);
	assert_int_equal(s.rows[LEVEL_TOWN], 3);
	assert_int_equal(s.rows[LEVEL_VILLAGE], 2);
	assert_int_equal(s.total, 11);
	assert_int_equal(s.skipped, 0);
	assert_int_equal(count(x), 11);
	/* one final progress report per file */
	assert_int_equal(pl.files, 5);
	assert_int_equal(pl.last_size, (int64_t)strlen(VILLAGES));
	assert_int_equal(x->st->ops->meta_get(x->st, "divisions_imported_rows", out, sizeof(out),
					      &x->e), ERR_OK);
	assert_string_equal(out, "11");

	struct division d;
	assert_int_equal(x->st->division->get(x->st, "440982100001", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "坡子村委会");
	assert_int_equal(d.level, LEVEL_VILLAGE);
	assert_string_equal(d.parent_code, "440982100");
	assert_int_equal(x->st->division->get(x->st, "450102", &d, &x->e), ERR_OK);
	assert_string_equal(d.parent_code, "4501");
	assert_int_equal(d.level, LEVEL_COUNTY);
	assert_int_equal(x->st->division->get(x->st, "45", &d, &x->e), ERR_OK);
	assert_string_equal(d.parent_code, "");

	/* a second import changes nothing and reports the same rows */
	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_OK);
	assert_int_equal(s.total, 11);
	assert_int_equal(s.rows[LEVEL_TOWN], 3);
	assert_int_equal(count(x), 11);
	assert_int_equal(x->st->division->get(x->st, "440982", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "化州市");
}

static void test_import_bom_crlf_and_rename(void **state)
{
	struct fx *x = *state;
	struct division_import_stats s;
	struct division d;

	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_OK);
	/* a re-import with a BOM, CRLF, unquoted names and a renamed row */
	write_file(x->csv_dir, "provinces.csv",
		   "\xEF\xBB\xBF" "code,name\r\n44,广东\r\n45,\"广西壮族自治区\"\r\n");
	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_OK);
	assert_int_equal(s.rows[LEVEL_PROVINCE], 2);
	assert_int_equal(count(x), 11);
	assert_int_equal(x->st->division->get(x->st, "44", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "广东");

	/* column order comes from the header */
	write_file(x->csv_dir, "cities.csv", "provinceCode,name,code\n44,\"茂名\",4409\n45,南宁,4501\n");
	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_OK);
	assert_int_equal(x->st->division->get(x->st, "4409", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "茂名");
	assert_string_equal(d.parent_code, "44");
}

static void test_import_province_filter(void **state)
{
	struct fx *x = *state;
	struct division_import_stats s;
	const char *const only44[] = { "44" };
	const char *const both[] = { "45", "44" };

	assert_int_equal(division_import(x->st, x->csv_dir, only44, 1, NULL, NULL, &s, &x->e),
			 ERR_OK);
	assert_int_equal(s.total, 6);
	assert_int_equal(s.skipped, 5);
	assert_int_equal(s.rows[LEVEL_PROVINCE], 1);
	assert_int_equal(s.rows[LEVEL_TOWN], 2);
	assert_int_equal(count(x), 6);
	assert_true(exists(x, "44"));
	assert_true(exists(x, "440982100001"));
	assert_false(exists(x, "45"));
	assert_false(exists(x, "4501"));
	assert_false(exists(x, "450102001002"));

	assert_int_equal(division_import(x->st, x->csv_dir, both, 2, NULL, NULL, &s, &x->e), ERR_OK);
	assert_int_equal(s.total, 11);
	assert_int_equal(s.skipped, 0);
	assert_int_equal(count(x), 11);
}

static void test_import_bad_filter(void **state)
{
	struct fx *x = *state;
	struct division_import_stats s;
	const char *const bad[] = { "44", "4" };
	const char *const city[] = { "4409" };

	err_clear(&x->e);
	assert_int_equal(division_import(x->st, x->csv_dir, bad, 2, NULL, NULL, &s, &x->e),
			 ERR_INVALID);
	assert_string_equal(x->e.field, "provinces");
	assert_int_equal(division_import(x->st, x->csv_dir, city, 1, NULL, NULL, &s, &x->e),
			 ERR_INVALID);
	assert_int_equal(count(x), 0);
}

/* Imports the good set, then a set with one change: expects failure with
 * the message naming file and line, and the table as the good set left it. */
static void expect_import_fails(struct fx *x, const char *file, const char *content,
				const char *want_in_msg)
{
	struct division_import_stats s;
	struct division d;
	char out[32];

	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_OK);
	assert_int_equal(count(x), 11);
	/* a new province 46 comes first, the defect later */
	write_file(x->csv_dir, "provinces.csv",
		   "code,name\n44,\"广东省（改）\"\n45,\"广西壮族自治区\"\n46,\"海南省\"\n");
	if (content)
		write_file(x->csv_dir, file, content);
	else {
		char path[128];
		snprintf(path, sizeof(path), "%s/%s", x->csv_dir, file);
		assert_int_equal(unlink(path), 0);
	}
	err_clear(&x->e);
	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e),
			 ERR_INVALID);
	assert_int_equal(x->e.code, ERR_INVALID);
	assert_string_equal(x->e.field, "dir");
	if (want_in_msg && !strstr(x->e.msg, want_in_msg))
		fail_msg("message \"%s\" lacks \"%s\"", x->e.msg, want_in_msg);
	/* rolled back: no 46, old name of 44, same count and meta */
	assert_int_equal(count(x), 11);
	assert_false(exists(x, "46"));
	assert_int_equal(x->st->division->get(x->st, "44", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "广东省");
	assert_int_equal(x->st->ops->meta_get(x->st, "divisions_imported_rows", out, sizeof(out),
					      &x->e), ERR_OK);
	assert_string_equal(out, "11");
	/* and the store is usable: no transaction left open */
	assert_int_equal(x->st->ops->begin_write(x->st, &x->e), ERR_OK);
	x->st->ops->rollback(x->st);
}

static void test_import_malformed_village(void **state)
{
	/* an 11-digit village code on line 3 */
	expect_import_fails(*state, "villages.csv",
			    "code,name,streetCode,provinceCode,cityCode,areaCode\n"
			    "440982100001,\"坡子村委会\",440982100,44,4409,440982\n"
			    "44098210000,\"坏行\",440982100,44,4409,440982\n",
			    "villages.csv 第 3 行");
}

static void test_import_malformed_csv(void **state)
{
	/* a stray quote in an unquoted field */
	expect_import_fails(*state, "streets.csv",
			    "code,name,areaCode,provinceCode,cityCode\n"
			    "440982100,\"平定镇\",440982,44,4409\n"
			    "440982101,杨\"梅镇,440982,44,4409\n",
			    "streets.csv 第 3 行");
}

static void test_import_row_defects(void **state)
{
	struct fx *x = *state;
	static const char *const bad_cities[] = {
		/* code of the wrong level */
		"code,name,provinceCode\n44091,\"茂名市\",44\n",
		/* empty name */
		"code,name,provinceCode\n4409,,44\n",
		/* missing parent column in the row */
		"code,name,provinceCode\n4409,\"茂名市\"\n",
		/* a parent that is not a code */
		"code,name,provinceCode\n4409,\"茂名市\",x\n",
		/* invalid UTF-8 in the name */
		"code,name,provinceCode\n4409,\"\xC0\x80\",44\n",
		/* unterminated quote */
		"code,name,provinceCode\n4409,\"茂名市,44\n",
		/* header without the parent column */
		"code,name\n4409,\"茂名市\"\n",
		/* header only partly right */
		"code,title,provinceCode\n4409,\"茂名市\",44\n",
		/* an empty file */
		"",
	};

	for (size_t i = 0; i < sizeof(bad_cities) / sizeof(bad_cities[0]); i++) {
		struct division_import_stats s;
		write_file(x->csv_dir, "cities.csv", bad_cities[i]);
		if (division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e) != ERR_INVALID)
			fail_msg("case %zu accepted", i);
		assert_int_equal(count(x), 0);
	}
}

static void test_import_missing_file(void **state)
{
	expect_import_fails(*state, "streets.csv", NULL, "streets.csv");
}

static void test_import_missing_dir(void **state)
{
	struct fx *x = *state;
	struct division_import_stats s;

	assert_int_equal(division_import(x->st, "/nonexistent-lj-dir", NULL, 0, NULL, NULL, &s,
					 &x->e), ERR_INVALID);
	assert_string_equal(x->e.field, "dir");
	assert_int_equal(count(x), 0);
}

static void test_get_full(void **state)
{
	struct fx *x = *state;
	struct division_import_stats s;
	struct division_full f;

	assert_int_equal(division_import(x->st, x->csv_dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_OK);

	memset(&f, 0x5a, sizeof(f));
	assert_int_equal(division_get_full(x->st, "440982100001", &f, &x->e), ERR_OK);
	assert_string_equal(f.d.code, "440982100001");
	assert_string_equal(f.d.name, "坡子村委会");
	assert_int_equal(f.n_path, 4);
	assert_string_equal(f.path[0].code, "44");
	assert_string_equal(f.path[0].name, "广东省");
	assert_string_equal(f.path[1].code, "4409");
	assert_string_equal(f.path[2].code, "440982");
	assert_string_equal(f.path[3].code, "440982100");
	assert_int_equal(f.path[3].level, LEVEL_TOWN);

	memset(&f, 0x5a, sizeof(f));
	assert_int_equal(division_get_full(x->st, "450102", &f, &x->e), ERR_OK);
	assert_int_equal(f.n_path, 2);
	assert_string_equal(f.path[0].code, "45");
	assert_string_equal(f.path[1].code, "4501");

	memset(&f, 0x5a, sizeof(f));
	assert_int_equal(division_get_full(x->st, "44", &f, &x->e), ERR_OK);
	assert_int_equal(f.n_path, 0);
	assert_string_equal(f.d.name, "广东省");

	err_clear(&x->e);
	assert_int_equal(division_get_full(x->st, "440982999", &f, &x->e), ERR_NOT_FOUND);
	assert_int_equal(division_get_full(x->st, "junk", &f, &x->e), ERR_NOT_FOUND);
	assert_string_equal(x->e.field, "code");
	assert_int_equal(division_get_full(x->st, "", &f, &x->e), ERR_NOT_FOUND);
}

/* A division whose parent is absent: the call still succeeds and returns
 * the division itself. The path it fills is deliberately not asserted:
 * division_get_full returns early on the gap without setting n_path (see
 * the report that came with these tests). */
static void test_get_full_gap(void **state)
{
	struct fx *x = *state;
	struct division d;
	struct division_full f;

	memset(&d, 0, sizeof(d));
	snprintf(d.code, sizeof(d.code), "440983100");
	snprintf(d.name, sizeof(d.name), "孤立镇");
	d.level = LEVEL_TOWN;
	snprintf(d.parent_code, sizeof(d.parent_code), "440983");
	assert_int_equal(x->st->division->put(x->st, &d, &x->e), ERR_OK);

	memset(&f, 0, sizeof(f));
	assert_int_equal(division_get_full(x->st, "440983100", &f, &x->e), ERR_OK);
	assert_string_equal(f.d.code, "440983100");
	assert_string_equal(f.d.parent_code, "440983");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_of),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_county_of),
		cmocka_unit_test_setup_teardown(test_import_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_bom_crlf_and_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_province_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_bad_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_malformed_village, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_malformed_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_row_defects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_full_gap, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
