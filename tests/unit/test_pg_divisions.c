/* The division import (domain/division.c) on both engines: SQLite upserts
 * row by row, PostgreSQL streams the rows with COPY and upserts them at the
 * end of the bulk. Same rows either way; a re-import changes nothing; a
 * file that fails half-way (after COPY has started) leaves nothing and the
 * connection usable; a name with characters COPY's text format escapes
 * (tab, backslash) is stored as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/division.h"
#include "engines.h"
#include "store/store_division.h"

static int64_t count(struct fx *x)
{
	int64_t n = -1;
	assert_int_equal(x->st->division->count(x->st, &n, &x->e), ERR_OK);
	return n;
}

static void t_import(void **state)
{
	struct fx *x = *state;
	NEED(x);
	struct division_import_stats s;
	assert_int_equal(division_import(x->st, "data/divisions", NULL, 0, NULL, NULL, &s, &x->e),
			 ERR_OK);
	assert_true(s.total > 100);
	assert_int_equal(count(x), s.total);
	struct division d;
	assert_int_equal(x->st->division->get(x->st, "450922108216", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "坡子村委会");
	assert_int_equal(d.level, 5);
	assert_string_equal(d.parent_code, "450922108");
	assert_int_equal(x->st->division->get(x->st, "45", &d, &x->e), ERR_OK);
	assert_string_equal(d.parent_code, "");
	/* again: the same rows, nothing new */
	struct division_import_stats s2;
	assert_int_equal(division_import(x->st, "data/divisions", NULL, 0, NULL, NULL, &s2, &x->e),
			 ERR_OK);
	assert_int_equal(s2.total, s.total);
	assert_int_equal(count(x), s.total);
}

/* A copy of the reference set whose last file (villages) has a bad line:
 * the provinces, cities, counties and towns went into the bulk first. */
static void t_import_fails_whole(void **state)
{
	struct fx *x = *state;
	NEED(x);
	char dir[32];
	tmpdir_make(dir);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
		 "cp data/divisions/*.csv %s/ && printf '4509221082,坏行\\n' >> %s/villages.csv",
		 dir, dir);
	assert_int_equal(system(cmd), 0);
	struct division_import_stats s;
	assert_int_equal(division_import(x->st, dir, NULL, 0, NULL, NULL, &s, &x->e), ERR_INVALID);
	assert_int_equal(count(x), 0);
	/* a name COPY has to escape, and the connection still works */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && rm villages.csv streets.csv areas.csv cities.csv && "
		 "printf 'code,name\\n45,\"广西\\t壮族\\\\自治区\"\\n' > provinces.csv", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && printf 'code,name,provinceCode\\n' > cities.csv && "
		 "printf 'code,name,cityCode,provinceCode\\n' > areas.csv && "
		 "printf 'code,name,areaCode,provinceCode,cityCode\\n' > streets.csv && "
		 "printf 'code,name,streetCode,provinceCode,cityCode,areaCode\\n' > villages.csv",
		 dir);
	assert_int_equal(system(cmd), 0);
	enum err_code rc = division_import(x->st, dir, NULL, 0, NULL, NULL, &s, &x->e);
	if (rc)
		print_message("%s\n", x->e.msg);
	assert_int_equal(rc, ERR_OK);
	struct division d;
	assert_int_equal(x->st->division->get(x->st, "45", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "广西\t壮族\\自治区");
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ENGINE_TESTS(t_import),
		ENGINE_TESTS(t_import_fails_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
