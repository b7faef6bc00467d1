/* Unit tests of the matters list writer (src/api/api_matter_json.c): a page
 * written straight into the buffer is byte for byte what the jansson tree
 * of api_matter_json() in api_list's object dumps to (the answer before
 * this writer existed), on rows with Chinese text, every character that
 * needs escaping (quotes, backslash, \b \f \n \r \t, other control
 * characters, DEL, U+2028, emoji), absent and present optional fields,
 * figures, assignees of both kinds, division references with their paths
 * (the same division repeated: the memo), an unknown division, a next
 * cursor and an empty page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "api/api.h"
#include "assert_ext.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/matter_read.h"
#include "store/store_division.h"

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

static void put_div(struct store *st, const char *code, const char *name, int level,
		    const char *parent)
{
	struct division d = { .level = level };
	struct err e;
	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "%s", name);
	snprintf(d.parent_code, sizeof(d.parent_code), "%s", parent);
	assert_int_equal(st->division->put(st, &d, &e), ERR_OK);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	log_set_quiet(1);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_int_equal(x->st->ops->migrate(x->st, NULL, &x->e), ERR_OK);
	struct store *st = x->st;
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	put_div(st, "45", "广西壮族自治区", 1, "");
	put_div(st, "4509", "玉林市", 2, "45");
	put_div(st, "450922", "陆川县", 3, "4509");
	put_div(st, "450922108", "乌石镇", 4, "450922");
	put_div(st, "450922108216", "坡子村委会", 5, "450922108");
	put_div(st, "440982117", "文楼镇", 4, "440982"); /* a gap: no county row */
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
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

static void fill(struct matter *m, int64_t id, const char *title, const char *desc)
{
	memset(m, 0, sizeof(*m));
	m->id = id;
	m->alliance_id = 3;
	m->unit_id = 17;
	m->origin_unit_id = 18;
	snprintf(m->county_code, sizeof(m->county_code), "450922");
	snprintf(m->title, sizeof(m->title), "%s", title);
	snprintf(m->description, sizeof(m->description), "%s", desc);
	snprintf(m->category, sizeof(m->category), "revival");
	snprintf(m->type, sizeof(m->type), "traffic");
	snprintf(m->priority, sizeof(m->priority), "high");
	snprintf(m->status, sizeof(m->status), "proposed");
	m->raised_by_org_id = 5;
	m->raised_on = date_from_ymd(2026, 3, 1);
	m->raised_at_ms = 1772323200123LL;
	m->updated_at_ms = 1772409600999LL;
	m->funds_fen = m->people_count = m->length_m = m->jobs = -1;
	snprintf(m->unit_name, sizeof(m->unit_name), "坡子—新屋仔联建小组");
	snprintf(m->raised_by_org_name, sizeof(m->raised_by_org_name), "坡子村党总支");
	snprintf(m->type_label, sizeof(m->type_label), "交通");
}

/* What the list answered before: the jansson tree, dumped as resp_json does. */
static char *by_tree(struct store *st, const struct matter_page *p, int32_t today,
		     const char *next)
{
	json_t *items = json_array();
	struct api_div_memo memo = { 0 };
	for (size_t i = 0; i < p->n; i++) {
		size_t na;
		const struct matter_assignee *a = matter_page_assignees(p, p->items[i].id, &na);
		json_array_append_new(items, api_matter_json(st, &p->items[i], a, na, today, &memo));
	}
	api_div_memo_release(&memo);
	json_t *o = json_pack("{s:o, s:o}", "items", items, "next_cursor",
			      next ? json_string(next) : json_null());
	assert_non_null(o);
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(o);
	assert_non_null(s);
	return s;
}

static void same_bytes(struct store *st, const struct matter_page *p, int32_t today,
		       const char *next)
{
	char *want = by_tree(st, p, today, next);
	struct buf b;
	buf_init(&b, 0);
	api_matter_page_write(&b, st, p, today, next);
	assert_false(b.overflow);
	assert_int_equal(b.len, strlen(want));
	assert_string_equal(b.data, want);
	buf_release(&b);
	free(want);
}

static void test_page_is_the_trees_bytes(void **state)
{
	struct fx *x = *state;
	struct matter items[4];
	fill(&items[0], 101, "乌石—坡子道路“最后一公里”", "修通约 10 公里道路，动员社会资金 500 万元以上。");
	items[0].divisions[0][0] = '\0';
	snprintf(items[0].divisions[0], 16, "450922108216");
	snprintf(items[0].divisions[1], 16, "440982117");
	snprintf(items[0].divisions[2], 16, "450922108216"); /* again: from the memo */
	items[0].n_divisions = 3;
	items[0].due_on = date_from_ymd(2026, 2, 1);     /* open and past due: overdue */
	items[0].funds_fen = 500000000;
	items[0].people_count = 0;

	fill(&items[1], 102, "quote \" backslash \\ slash / tab\tnl\ncr\rbs\bff\f",
	     "ctl \x01\x1f del \x7f ls \xe2\x80\xa8 emoji \xf0\x9f\x98\x80 end");
	snprintf(items[1].status, sizeof(items[1].status), "resolved");
	items[1].resolved_on = date_from_ymd(2026, 4, 2);
	snprintf(items[1].resolution, sizeof(items[1].resolution), "已办结：\"通车\"");
	items[1].due_on = date_from_ymd(2026, 2, 1);     /* closed: not overdue */
	items[1].length_m = 10000;
	items[1].jobs = 200;
	snprintf(items[1].divisions[0], 16, "999999999999"); /* unknown: null */
	items[1].n_divisions = 1;

	fill(&items[2], 103, "化州市笪桥镇柑村", "");
	snprintf(items[2].status, sizeof(items[2].status), "closed");
	snprintf(items[2].closed_reason, sizeof(items[2].closed_reason), "重复事项");
	snprintf(items[2].category, sizeof(items[2].category), "no_such");
	fill(&items[3], 104, "", "空标题");
	snprintf(items[3].unit_name, sizeof(items[3].unit_name), "%s", "");

	struct matter_assignee as[3] = {
		{ .matter_id = 101, .org_id = 9, .person_id = 0 },
		{ .matter_id = 101, .org_id = 0, .person_id = 44 },
		{ .matter_id = 103, .org_id = 9, .person_id = 45 },
	};
	snprintf(as[0].org_name, sizeof(as[0].org_name), "乌石镇党委");
	snprintf(as[1].person_name, sizeof(as[1].person_name), "陈\"书记\"");
	snprintf(as[2].org_name, sizeof(as[2].org_name), "柑村党支部");
	snprintf(as[2].person_name, sizeof(as[2].person_name), "李明");
	struct matter_page p = { .items = items, .n = 4, .assignees = as, .n_assignees = 3 };
	int32_t today = date_from_ymd(2026, 3, 5);
	same_bytes(x->st, &p, today, NULL);
	same_bytes(x->st, &p, today, "104");
	p.n = 1;
	same_bytes(x->st, &p, today, "101");
	p.n = 0;
	p.n_assignees = 0;
	same_bytes(x->st, &p, today, NULL);
}

/* Every control character and a long description, one at a time. */
static void test_every_control_character(void **state)
{
	struct fx *x = *state;
	struct matter *m = calloc(1, sizeof(*m));
	assert_non_null(m);
	struct matter_page p = { .items = m, .n = 1 };
	for (int c = 1; c < 0x20; c++) {
		char t[8];
		snprintf(t, sizeof(t), "a%cb", c);
		fill(m, 1, t, t);
		same_bytes(x->st, &p, date_from_ymd(2026, 3, 5), NULL);
	}
	fill(m, 2, "长", "");
	for (size_t i = 0; i + 4 < sizeof(m->description) - 1 && i < 6000; i += 3)
		memcpy(m->description + i, "联", 3);
	same_bytes(x->st, &p, date_from_ymd(2026, 3, 5), NULL);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page_is_the_trees_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_control_character, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
