/* Unit tests for src/core/csv.c: unquoted and quoted fields, doubled quotes
 * (scratch copies) versus zero-copy fields, CRLF, skipped empty lines, the
 * UTF-8 BOM, a last line without newline, malformed records (a quote in an
 * unquoted field, an unterminated quote, text after a closing quote, a bare
 * CR, too many fields, a field too long for scratch) and line numbers.
 * Input lives in a heap block of exactly its length, never NUL-terminated,
 * so AddressSanitizer catches any read past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "core/csv.h"

#define MAXF 8

struct fx {
	char *data;
	size_t len;
	struct csv_reader r;
	struct csv_field f[MAXF];
};

static struct fx *fx_new(const char *s, size_t len)
{
	struct fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->data = dup_exact(s, len);
	x->len = len;
	csv_init(&x->r, x->data, len);
	return x;
}

static struct fx *fx_str(const char *s)
{
	return fx_new(s, strlen(s));
}

static void fx_free(struct fx *x)
{
	free(x->data);
	free(x);
}

static int in_source(const struct fx *x, const struct csv_field *f)
{
	return f->s >= x->data && f->s + f->len <= x->data + x->len;
}

static int in_scratch(const struct fx *x, const struct csv_field *f)
{
	return f->s >= x->r.scratch && f->s + f->len <= x->r.scratch + sizeof(x->r.scratch);
}

static void test_unquoted(void **state)
{
	struct fx *x = fx_str("a,bc,def\n1,,3\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 3);
	assert_int_equal(x->r.line, 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "a");
	assert_span_equal(x->f[1].s, x->f[1].len, "bc");
	assert_span_equal(x->f[2].s, x->f[2].len, "def");
	assert_true(in_source(x, &x->f[2]));
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 3);
	assert_int_equal(x->r.line, 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "1");
	assert_int_equal(x->f[1].len, 0);
	assert_span_equal(x->f[2].s, x->f[2].len, "3");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_trailing_empty_fields(void **state)
{
	struct fx *x = fx_str("a,\n,\n\"\",\"\"\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "a");
	assert_int_equal(x->f[1].len, 0);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(x->f[0].len, 0);
	assert_int_equal(x->f[1].len, 0);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(x->f[0].len, 0);
	assert_int_equal(x->f[1].len, 0);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_quoted(void **state)
{
	struct fx *x = fx_str("\"x, y\",\"\",z,\"东城区\"\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 4);
	assert_span_equal(x->f[0].s, x->f[0].len, "x, y");
	assert_int_equal(x->f[1].len, 0);
	assert_span_equal(x->f[2].s, x->f[2].len, "z");
	assert_span_equal(x->f[3].s, x->f[3].len, "东城区");
	/* quoted without doubled quotes: zero copy */
	assert_true(in_source(x, &x->f[0]));
	assert_true(in_source(x, &x->f[3]));
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_doubled_quotes(void **state)
{
	struct fx *x = fx_str("\"he said \"\"hi\"\"\",b,\"a\"\"\",\"\"\"z\"\n\"\"\"\"\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 4);
	assert_span_equal(x->f[0].s, x->f[0].len, "he said \"hi\"");
	assert_span_equal(x->f[1].s, x->f[1].len, "b");
	assert_span_equal(x->f[2].s, x->f[2].len, "a\"");
	assert_span_equal(x->f[3].s, x->f[3].len, "\"z");
	assert_true(in_scratch(x, &x->f[0]));
	assert_true(in_scratch(x, &x->f[2]));
	assert_true(in_scratch(x, &x->f[3]));
	/* a field that is just one escaped quote */
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "\"");
	assert_int_equal(x->r.line, 2);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_quoted_newline_and_line_numbers(void **state)
{
	struct fx *x = fx_str("h1,h2\n\"l1\nl2\",x\nnext,row\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(x->r.line, 1);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "l1\nl2");
	assert_span_equal(x->f[1].s, x->f[1].len, "x");
	/* "next,row" starts on physical line 4 */
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(x->r.line, 4);
	assert_span_equal(x->f[0].s, x->f[0].len, "next");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_crlf(void **state)
{
	struct fx *x = fx_str("a,b\r\n\"c\",d\r\n\r\ne,\r\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[1].s, x->f[1].len, "b");
	assert_int_equal(x->r.line, 1);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "c");
	assert_span_equal(x->f[1].s, x->f[1].len, "d");
	assert_int_equal(x->r.line, 2);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "e");
	assert_int_equal(x->f[1].len, 0);
	assert_int_equal(x->r.line, 4);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_empty_lines_skipped(void **state)
{
	struct fx *x = fx_str("\n\na\n\r\n\nb\n\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "a");
	assert_int_equal(x->r.line, 3);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "b");
	assert_int_equal(x->r.line, 6);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);

	x = fx_new("", 0);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
	x = fx_str("\r\n\n\r\n");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void test_bom(void **state)
{
	struct fx *x = fx_str("\xEF\xBB\xBF" "code,name\n11,\"北京市\"\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "code");
	assert_int_equal(x->r.line, 1);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[1].s, x->f[1].len, "北京市");
	fx_free(x);

	/* a BOM alone is an empty file; a BOM not at the start is data */
	x = fx_str("\xEF\xBB\xBF");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
	x = fx_str("a\n\xEF\xBB\xBF" "b\n");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "\xEF\xBB\xBF" "b");
	fx_free(x);
}

static void test_last_line_without_newline(void **state)
{
	struct fx *x = fx_str("a,b\nc,d");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_span_equal(x->f[0].s, x->f[0].len, "c");
	assert_span_equal(x->f[1].s, x->f[1].len, "d");
	assert_int_equal(x->r.line, 2);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);

	x = fx_str("\"q\"\"x\"");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "q\"x");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);

	x = fx_str("a,");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(x->f[1].len, 0);
	fx_free(x);

	x = fx_str("a\r");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_span_equal(x->f[0].s, x->f[0].len, "a");
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 0);
	fx_free(x);
}

static void expect_malformed(const char *s, int max)
{
	struct fx *x = fx_str(s);

	if (csv_next(&x->r, x->f, max) != -1) {
		fx_free(x);
		fail_msg("accepted malformed record: %s", s);
	}
	fx_free(x);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_malformed("ab\"c\n", MAXF);      /* quote in an unquoted field */
	expect_malformed("a,b\"\n", MAXF);
	expect_malformed("\"abc\n", MAXF);      /* unterminated */
	expect_malformed("\"abc", MAXF);
	expect_malformed("\"ab\"\"", MAXF);     /* ends on an escaped quote */
	expect_malformed("\"a\"b,c\n", MAXF);   /* text after the closing quote */
	expect_malformed("\"a\" \n", MAXF);
	expect_malformed("a\rb\n", MAXF);       /* bare CR inside a record */
	expect_malformed("a,b,c\n", 2);         /* too many fields */
	expect_malformed("a,b,\n", 2);
	expect_malformed("x\n", 0);
}

static void test_max_fields_exact(void **state)
{
	struct fx *x = fx_str("a,b,c\nd,e,f,g\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, 3), 3);
	assert_span_equal(x->f[2].s, x->f[2].len, "c");
	assert_int_equal(csv_next(&x->r, x->f, 3), -1);
	fx_free(x);
}

/* The first record is fine; the error is on the line after it. */
static void test_error_after_good_record(void **state)
{
	struct fx *x = fx_str("11,ok\n12,b\"ad\n");

	(void)state;
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), -1);
	assert_int_equal(x->r.line, 2);
	fx_free(x);
}

static void test_long_fields(void **state)
{
	size_t n = 6000;
	char *s = malloc(n + 8);
	struct fx *x;

	(void)state;
	assert_non_null(s);
	/* a long plain quoted field needs no scratch */
	s[0] = '"';
	memset(s + 1, 'q', n);
	memcpy(s + 1 + n, "\",1\n", 4);
	x = fx_new(s, n + 5);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 2);
	assert_int_equal(x->f[0].len, n);
	assert_true(in_source(x, &x->f[0]));
	assert_span_equal(x->f[1].s, x->f[1].len, "1");
	fx_free(x);

	/* with a doubled quote it must fit the 4096-byte scratch */
	memcpy(s + 1, "\"\"", 2);
	x = fx_new(s, n + 5);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), -1);
	fx_free(x);

	/* 4094 bytes after unescaping still fit */
	s[0] = '"';
	memcpy(s + 1, "\"\"", 2);
	memset(s + 3, 'q', 4093);
	memcpy(s + 4096, "\"\n", 2);
	x = fx_new(s, 4098);
	assert_int_equal(csv_next(&x->r, x->f, MAXF), 1);
	assert_int_equal(x->f[0].len, 4094);
	assert_int_equal(x->f[0].s[0], '"');
	assert_int_equal(x->f[0].s[4093], 'q');
	fx_free(x);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unquoted),
		cmocka_unit_test(test_trailing_empty_fields),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_doubled_quotes),
		cmocka_unit_test(test_quoted_newline_and_line_numbers),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_empty_lines_skipped),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_max_fields_exact),
		cmocka_unit_test(test_error_after_good_record),
		cmocka_unit_test(test_long_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
