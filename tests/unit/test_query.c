/* Unit tests for src/http/query.c: query_check (NUL and invalid UTF-8 in
 * names and values, repeated names, too many parameters), query_unused, and
 * each typed getter over its whole length (ids, integers, enums, codes,
 * dates, booleans, text, cursors). Values are heap copies of exactly n bytes
 * plus the NUL the transport adds, so AddressSanitizer sees over-reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "http/query.h"

#define MAXP 20
static char *owned[2 * MAXP + 2];
static size_t n_owned;

static const char *keep(const char *s, size_t n)
{
	char *c = malloc(n + 1);
	if (!c)
		abort();
	memcpy(c, s, n);
	c[n] = '\0';
	owned[n_owned++] = c;
	return c;
}

static void release(void)
{
	while (n_owned)
		free(owned[--n_owned]);
}

/* Fills q from "name=value" strings (sizes given, so NULs can be inside). */
static void fill(struct query *q, const char *const *pairs, const size_t *lens, size_t n)
{
	query_init(q);
	for (size_t i = 0; i < n; i++) {
		size_t len = lens ? lens[i] : strlen(pairs[i]);
		const char *eq = memchr(pairs[i], '=', len);
		size_t nl = eq ? (size_t)(eq - pairs[i]) : len;
		const char *name = keep(pairs[i], nl);
		const char *value = eq ? keep(eq + 1, len - nl - 1) : NULL;
		query_add(q, name, nl, value, eq ? len - nl - 1 : 0);
	}
}

/* The query (and so e->field) stays valid until the next call. */
static struct query q1;
static enum err_code check1(const char *pair, size_t len, struct err *e)
{
	const char *pairs[] = { pair };
	size_t lens[] = { len };
	release();
	fill(&q1, pairs, lens, 1);
	err_clear(e);
	return query_check(&q1, e);
}

static void test_check_bytes(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(check1("parent=45", 9, &e), ERR_OK);
	assert_int_equal(check1("q=坡子", strlen("q=坡子"), &e), ERR_OK);
	assert_int_equal(check1("flag", 4, &e), ERR_OK);
	/* the case: a NUL inside the value is seen, not cut off */
	assert_int_equal(check1("parent=45\0junk", 14, &e), ERR_INVALID);
	assert_string_equal(e.tag, QUERY_TAG_UTF8);
	assert_string_equal(e.field, "parent");
	assert_int_equal(check1("status=resolved\0", 16, &e), ERR_INVALID);
	assert_int_equal(check1("q=\xFF", 3, &e), ERR_INVALID);
	assert_int_equal(check1("q=\xC3\x28", 4, &e), ERR_INVALID);
	assert_int_equal(check1("q=\xC0\xAF", 4, &e), ERR_INVALID);
	assert_int_equal(check1("q=\xED\xA0\x80", 5, &e), ERR_INVALID);
	assert_int_equal(check1("q=\xE5\x9D", 4, &e), ERR_INVALID);
	assert_string_equal(e.field, "q");
	/* bad names come back printable */
	assert_int_equal(check1("a\0b=1", 5, &e), ERR_INVALID);
	assert_string_equal(e.field, "a?b");
	assert_int_equal(check1("\xE5\x9D\xA1\xFF=1", 6, &e), ERR_INVALID);
	assert_string_equal(e.field, "坡?");
	char longname[200];
	memset(longname, 0xFF, sizeof(longname));
	assert_int_equal(check1(longname, sizeof(longname), &e), ERR_INVALID);
	assert_true(strlen(e.field) < 64 && strspn(e.field, "?") == strlen(e.field));
	char name65[80];
	memset(name65, 'a', sizeof(name65));
	memcpy(name65 + 64, "=1", 2);
	assert_int_equal(check1(name65, 64 + 2, &e), ERR_OK); /* 64 bytes: fine */
	memcpy(name65 + 64, "a=1", 3);
	assert_int_equal(check1(name65, 67, &e), ERR_INVALID);
	assert_string_equal(e.tag, QUERY_TAG);
	assert_true(strlen(e.field) < 64);
	release();
}

static void test_check_repeats_and_count(void **state)
{
	(void)state;
	struct query q;
	struct err e;
	const char *rep[] = { "a=1", "b=2", "a=1" };
	fill(&q, rep, NULL, 3);
	assert_int_equal(query_check(&q, &e), ERR_INVALID);
	assert_string_equal(e.tag, QUERY_TAG);
	assert_string_equal(e.field, "a");
	release();
	const char *pre[] = { "ab=1", "a=1", "abc" };
	fill(&q, pre, NULL, 3);
	assert_int_equal(query_check(&q, &e), ERR_OK);
	release();
	const char *many[MAXP];
	char names[MAXP][16];
	for (int i = 0; i < MAXP; i++) {
		snprintf(names[i], sizeof(names[i]), "p%d=1", i);
		many[i] = names[i];
	}
	fill(&q, many, NULL, QUERY_MAX_PARAMS);
	assert_int_equal(query_check(&q, &e), ERR_OK);
	release();
	fill(&q, many, NULL, QUERY_MAX_PARAMS + 1);
	assert_int_equal(query_check(&q, &e), ERR_INVALID);
	assert_string_equal(e.tag, QUERY_TAG);
	release();
}

static void test_unused(void **state)
{
	(void)state;
	struct query q;
	struct err e;
	const char *p[] = { "unit_id=3", "staus=resolved" };
	fill(&q, p, NULL, 2);
	assert_int_equal(query_check(&q, &e), ERR_OK);
	int64_t id;
	assert_int_equal(query_id(&q, "unit_id", &id, &e), ERR_OK);
	assert_int_equal(id, 3);
	assert_int_equal(query_unused(&q, &e), ERR_INVALID);
	assert_string_equal(e.field, "staus");
	assert_string_equal(e.tag, QUERY_TAG);
	const char *s;
	assert_int_equal(query_text(&q, "staus", 32, &s, &e), ERR_OK);
	assert_int_equal(query_unused(&q, &e), ERR_OK);
	release();
}

/* One-parameter query "key=value" run through a getter into rc; what it
 * returns stays valid until the next ONE (or release()). */
#define ONE(value, call)                                                   \
	do {                                                               \
		const char *pp[] = { value };                              \
		release();                                                 \
		fill(&q, pp, NULL, 1);                                     \
		err_clear(&e);                                             \
		rc = (call);                                               \
	} while (0)

static void test_id_int(void **state)
{
	(void)state;
	struct query q;
	struct err e;
	enum err_code rc;
	int64_t v;
	ONE("id=1", query_id(&q, "id", &v, &e));
	assert_int_equal(rc, ERR_OK);
	assert_int_equal(v, 1);
	ONE("id=9223372036854775807", query_id(&q, "id", &v, &e));
	assert_int_equal(rc, ERR_OK);
	assert_true(v == INT64_MAX);
	const char *bad[] = { "id=", "id", "id=0", "id=-1", "id=+1", "id= 1", "id=1 ", "id=01",
			      "id=1.0", "id=1e3", "id=0x1", "id=9223372036854775808",
			      "id=18446744073709551616", "id=99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ONE(bad[i], query_id(&q, "id", &v, &e));
		assert_int_equal(rc, ERR_INVALID);
		assert_string_equal(e.field, "id");
		assert_null(e.tag); /* a value error: 422 */
	}
	ONE("x=1", query_id(&q, "id", &v, &e));
	assert_int_equal(rc, ERR_OK);
	assert_int_equal(v, 0);
	ONE("limit=500", query_int(&q, "limit", 1, 500, 50, &v, &e));
	assert_int_equal(rc, ERR_OK);
	assert_int_equal(v, 500);
	ONE("limit=0", query_int(&q, "limit", 1, 500, 50, &v, &e));
	assert_int_equal(rc, ERR_INVALID);
	ONE("limit=501", query_int(&q, "limit", 1, 500, 50, &v, &e));
	assert_int_equal(rc, ERR_INVALID);
	ONE("other=1", query_int(&q, "limit", 1, 500, 50, &v, &e));
	assert_int_equal(v, 50);
	release();
}

static void test_enum_code_bool(void **state)
{
	(void)state;
	static const char *const tiers[] = { "county", "town", "village", NULL };
	static const int lens[] = { 2, 4, 6, 9, 12, 0 };
	struct query q;
	struct err e;
	enum err_code rc;
	const char *s;
	int b;
	ONE("tier=town", query_enum(&q, "tier", tiers, &s, &e));
	assert_int_equal(rc, ERR_OK);
	assert_ptr_equal(s, tiers[1]);
	const char *bad_tier[] = { "tier=", "tier=Town", "tier=town ", "tier=tow", "tier=towns" };
	for (size_t i = 0; i < sizeof(bad_tier) / sizeof(bad_tier[0]); i++) {
		ONE(bad_tier[i], query_enum(&q, "tier", tiers, &s, &e));
		assert_int_equal(rc, ERR_INVALID);
		assert_string_equal(e.field, "tier");
	}
	const char *good_code[] = { "c=45", "c=4509", "c=450922", "c=450922108", "c=450922108216" };
	for (size_t i = 0; i < 5; i++) {
		ONE(good_code[i], query_code(&q, "c", lens, 0, &s, &e));
		assert_int_equal(rc, ERR_OK);
	}
	const char *bad_code[] = { "c=", "c=4", "c=450", "c=4509221", "c=4509221082160", "c=45092a",
				   "c= 45" };
	for (size_t i = 0; i < sizeof(bad_code) / sizeof(bad_code[0]); i++) {
		ONE(bad_code[i], query_code(&q, "c", lens, 0, &s, &e));
		assert_int_equal(rc, ERR_INVALID);
	}
	ONE("c=", query_code(&q, "c", lens, 1, &s, &e));
	assert_int_equal(rc, ERR_OK);
	assert_string_equal(s, "");
	ONE("b=true", query_bool(&q, "b", 0, &b, &e));
	assert_int_equal(b, 1);
	ONE("b=false", query_bool(&q, "b", 1, &b, &e));
	assert_int_equal(b, 0);
	const char *bad_b[] = { "b=", "b", "b=1", "b=TRUE", "b=truex", "b=fals" };
	for (size_t i = 0; i < sizeof(bad_b) / sizeof(bad_b[0]); i++) {
		ONE(bad_b[i], query_bool(&q, "b", 0, &b, &e));
		assert_int_equal(rc, ERR_INVALID);
	}
	release();
}

static void test_date_text_cursor(void **state)
{
	(void)state;
	struct query q;
	struct err e;
	enum err_code rc;
	int32_t d;
	const char *s;
	ONE("on=2024-02-29", query_date(&q, "on", 0, &d, &e));
	assert_int_equal(rc, ERR_OK);
	const char *bad_d[] = { "on=", "on=2025-02-29", "on=2026-13-01", "on=2026-1-01",
				"on=20260101", "on=2026-01-01x", "on=2026-01-0" };
	for (size_t i = 0; i < sizeof(bad_d) / sizeof(bad_d[0]); i++) {
		ONE(bad_d[i], query_date(&q, "on", 0, &d, &e));
		assert_int_equal(rc, ERR_INVALID);
		assert_string_equal(e.field, "on");
	}
	ONE("q=坡子村", query_text(&q, "q", 3, &s, &e));
	assert_int_equal(rc, ERR_OK);
	assert_string_equal(s, "坡子村");
	ONE("q=坡子村委", query_text(&q, "q", 3, &s, &e));
	assert_int_equal(rc, ERR_INVALID);
	ONE("q=", query_text(&q, "q", 3, &s, &e));
	assert_int_equal(rc, ERR_OK);
	assert_string_equal(s, "");
	ONE("cursor=", query_cursor(&q, "cursor", 20, &s, &e));
	assert_int_equal(rc, ERR_OK);
	assert_null(s);
	ONE("cursor=450922108216", query_cursor(&q, "cursor", 20, &s, &e));
	assert_int_equal(rc, ERR_OK);
	ONE("cursor=123456789012345678901", query_cursor(&q, "cursor", 20, &s, &e));
	assert_int_equal(rc, ERR_INVALID);
	ONE("cursor=-1", query_cursor(&q, "cursor", 20, &s, &e));
	assert_int_equal(rc, ERR_INVALID);
	release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_bytes),
		cmocka_unit_test(test_check_repeats_and_count),
		cmocka_unit_test(test_unused),
		cmocka_unit_test(test_id_int),
		cmocka_unit_test(test_enum_code_bool),
		cmocka_unit_test(test_date_text_cursor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
