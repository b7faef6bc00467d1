/* Unit tests for src/core/qr_svg.c: the SVG is well formed, its size
 * follows the content, and the modules drawn are exactly libqrencode's
 * symbol (the path is parsed back into a matrix and compared module by
 * module, and the dark modules are counted in both). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "core/qr_svg.h"

#define CHECKIN_URL "https://lianjian.example.cn/checkin?t=Zx3_9aQ-0LmN8pR2sT4uV6wY1bC5dE7f"

static int starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int ends_with(const char *s, const char *p)
{
	size_t n = strlen(s), m = strlen(p);

	return n >= m && strcmp(s + n - m, p) == 0;
}

static int viewbox_side(const char *svg)
{
	int a, b, w, h;
	const char *v = strstr(svg, "viewBox=\"");

	assert_non_null(v);
	assert_int_equal(sscanf(v, "viewBox=\"%d %d %d %d\"", &a, &b, &w, &h), 4);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	assert_int_equal(w, h);
	return w;
}

/* Parses the black path's runs into a side x side matrix; returns the
 * number of dark modules drawn. Fails on any syntax it did not write. */
static long parse_runs(const char *svg, int side, unsigned char *m)
{
	const char *p = strstr(svg, "<path fill=\"#000\" d=\"");
	long dark = 0;

	assert_non_null(p);
	p += strlen("<path fill=\"#000\" d=\"");
	while (*p != '"') {
		int x, y, n, n2, used = 0;
		if (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used) != 4 || used == 0)
			fail_msg("unexpected path data at: %.30s", p);
		assert_int_equal(n, n2);
		assert_true(n > 0 && x >= 0 && y >= 0 && x + n <= side && y < side);
		for (int i = 0; i < n; i++) {
			assert_int_equal(m[y * side + x + i], 0); /* no overlap */
			m[y * side + x + i] = 1;
		}
		dark += n;
		p += used;
	}
	return dark;
}

static void test_well_formed(void **state)
{
	char *svg = NULL;
	size_t len = 0;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(qr_svg_render(CHECKIN_URL, &svg, &len, &e), ERR_OK);
	assert_non_null(svg);
	assert_int_equal(len, strlen(svg));
	assert_true(starts_with(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_true(ends_with(svg, "</svg>"));
	assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
	assert_null(strstr(svg, "lianjian.example")); /* the text is not echoed */
	/* Tags balance: two self-closed paths, one svg. */
	int open = 0;
	for (const char *p = svg; (p = strchr(p, '<')) != NULL; p++)
		open++;
	assert_int_equal(open, 4); /* <svg, <path, <path, </svg */
	free(svg);
}

static void test_size_grows(void **state)
{
	char *a = NULL, *b = NULL;
	char long_text[600];

	(void)state;
	memset(long_text, 'q', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	assert_int_equal(qr_svg_render("hi", &a, NULL, NULL), ERR_OK);
	assert_int_equal(qr_svg_render(long_text, &b, NULL, NULL), ERR_OK);
	assert_int_equal(viewbox_side(a), 21 + 2 * QR_SVG_QUIET); /* version 1 */
	assert_true(viewbox_side(b) > viewbox_side(a));
	assert_true(strlen(b) > strlen(a));
	free(a);
	free(b);
}

static void test_matches_libqrencode(void **state)
{
	static const char *const inputs[] = { "hi", CHECKIN_URL, "联建签到 2024-06-28 第3课次" };

	(void)state;
	for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
		char *svg = NULL;
		QRcode *qr = QRcode_encodeString(inputs[k], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		assert_non_null(qr);
		assert_int_equal(qr_svg_render(inputs[k], &svg, NULL, NULL), ERR_OK);

		int side = viewbox_side(svg);
		assert_int_equal(side, qr->width + 2 * QR_SVG_QUIET);
		unsigned char *m = calloc((size_t)side * (size_t)side, 1);
		assert_non_null(m);
		long drawn = parse_runs(svg, side, m);

		long dark = 0;
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				int in = x >= QR_SVG_QUIET && x < side - QR_SVG_QUIET &&
					 y >= QR_SVG_QUIET && y < side - QR_SVG_QUIET;
				int want = in && (qr->data[(y - QR_SVG_QUIET) * qr->width +
							   (x - QR_SVG_QUIET)] & 1);
				dark += want;
				if (m[y * side + x] != want)
					fail_msg("input %zu: module (%d,%d) drawn %d, symbol %d", k, x,
						 y, m[y * side + x], want);
			}
		assert_int_equal(drawn, dark);
		assert_true(dark > 0);
		free(m);
		free(svg);
		QRcode_free(qr);
	}
}

static void test_errors(void **state)
{
	char *svg = (char *)"sentinel";
	struct err e = { 0 };
	size_t n = 100000;
	char *huge = malloc(n + 1);

	(void)state;
	assert_int_equal(qr_svg_render("", &svg, NULL, &e), ERR_INVALID);
	assert_null(svg);
	assert_string_equal(e.msg, "二维码内容不能为空");
	assert_int_equal(qr_svg_render(NULL, &svg, NULL, &e), ERR_INVALID);
	assert_non_null(huge);
	memset(huge, 'x', n);
	huge[n] = '\0';
	assert_int_equal(qr_svg_render(huge, &svg, NULL, &e), ERR_TOO_LARGE);
	assert_null(svg);
	assert_string_equal(e.msg, "二维码内容过长");
	free(huge);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_size_grows),
		cmocka_unit_test(test_matches_libqrencode),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
