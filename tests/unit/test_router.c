/* Unit tests for src/http/router.c: router_match on a small table with exact
 * paths, "{id}" parameters in the middle and at the end, and two
 * parameters; HEAD falling back to GET; a known path with another method
 * reported through *out_path_known (405); trailing slashes, extra or missing
 * segments, empty parameters and parameters of 64 bytes or more not
 * matching at all (404). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/router.h"

static enum err_code h_ok(struct request *r, struct err *e)
{
	(void)r;
	(void)e;
	return ERR_OK;
}

enum {
	R_USERS_GET, R_USERS_POST, R_USER_GET, R_USER_PATCH, R_ROSTER_GET, R_ROSTER_PUT,
	R_SESSION_POST, R_TWO_GET, R_ROOT_GET, R_N
};

static const struct route table[] = {
	[R_USERS_GET] = { M_GET, "/api/v1/users", h_ok, PERM_USER_ADMIN, NULL, 0, 0 },
	[R_USERS_POST] = { M_POST, "/api/v1/users", h_ok, PERM_USER_ADMIN, NULL, 0, 0 },
	[R_USER_GET] = { M_GET, "/api/v1/users/{id}", h_ok, PERM_USER_ADMIN, NULL, 0, 0 },
	[R_USER_PATCH] = { M_PATCH, "/api/v1/users/{id}", h_ok, PERM_USER_ADMIN, NULL, 0, 0 },
	[R_ROSTER_GET] = { M_GET, "/api/v1/units/{id}/roster", h_ok, PERM_SIGNED_IN, NULL, 0, 0 },
	[R_ROSTER_PUT] = { M_PUT, "/api/v1/units/{id}/roster", h_ok, PERM_SIGNED_IN, NULL, 0, 0 },
	[R_SESSION_POST] = { M_POST, "/api/v1/session", h_ok, PERM_PUBLIC, NULL, 0,
			     ROUTE_NO_CSRF },
	[R_TWO_GET] = { M_GET, "/api/v1/a/{x}/b/{y}", h_ok, PERM_SIGNED_IN, NULL, 0, 0 },
	[R_ROOT_GET] = { M_GET, "/", h_ok, PERM_PUBLIC, NULL, 0, 0 },
	[R_N] = { 0, NULL, NULL, 0, NULL, 0, 0 },
};

/* Index of the matched row, -1 for none; *known gets out_path_known. */
static int match(enum http_method m, const char *path, struct request *r, int *known)
{
	const struct route *rt;

	memset(r, 0, sizeof(*r));
	r->n_params = -1;
	*known = 7; /* must be overwritten */
	rt = router_match(table, m, path, r, known);
	return rt ? (int)(rt - table) : -1;
}

static void test_exact_paths(void **state)
{
	struct request r;
	int known;

	(void)state;
	assert_int_equal(match(M_GET, "/api/v1/users", &r, &known), R_USERS_GET);
	assert_int_equal(known, 0);
	assert_int_equal(r.n_params, 0);
	assert_int_equal(match(M_POST, "/api/v1/users", &r, &known), R_USERS_POST);
	assert_int_equal(match(M_POST, "/api/v1/session", &r, &known), R_SESSION_POST);
	assert_int_equal(table[R_SESSION_POST].flags, ROUTE_NO_CSRF);
	assert_int_equal(match(M_GET, "/", &r, &known), R_ROOT_GET);
	assert_int_equal(r.n_params, 0);
}

static void test_params(void **state)
{
	struct request r;
	int known;

	(void)state;
	assert_int_equal(match(M_GET, "/api/v1/users/42", &r, &known), R_USER_GET);
	assert_int_equal(known, 0);
	assert_int_equal(r.n_params, 1);
	assert_string_equal(r.params[0], "42");
	assert_int_equal(match(M_PATCH, "/api/v1/users/me", &r, &known), R_USER_PATCH);
	assert_string_equal(r.params[0], "me");

	assert_int_equal(match(M_GET, "/api/v1/units/7/roster", &r, &known), R_ROSTER_GET);
	assert_int_equal(r.n_params, 1);
	assert_string_equal(r.params[0], "7");
	assert_int_equal(match(M_PUT, "/api/v1/units/123456/roster", &r, &known), R_ROSTER_PUT);
	assert_string_equal(r.params[0], "123456");

	assert_int_equal(match(M_GET, "/api/v1/a/p/b/q", &r, &known), R_TWO_GET);
	assert_int_equal(r.n_params, 2);
	assert_string_equal(r.params[0], "p");
	assert_string_equal(r.params[1], "q");

	/* parameters are raw bytes: no decoding, any UTF-8 */
	assert_int_equal(match(M_GET, "/api/v1/users/坡子村", &r, &known), R_USER_GET);
	assert_string_equal(r.params[0], "坡子村");
	assert_int_equal(match(M_GET, "/api/v1/users/a%2Fb", &r, &known), R_USER_GET);
	assert_string_equal(r.params[0], "a%2Fb");
}

static void test_head_falls_back_to_get(void **state)
{
	struct request r;
	int known;

	(void)state;
	assert_int_equal(match(M_HEAD, "/api/v1/users/5", &r, &known), R_USER_GET);
	assert_string_equal(r.params[0], "5");
	assert_int_equal(match(M_HEAD, "/api/v1/users", &r, &known), R_USERS_GET);
	/* but HEAD does not reach a POST-only path */
	assert_int_equal(match(M_HEAD, "/api/v1/session", &r, &known), -1);
	assert_int_equal(known, 1);
}

static void test_method_mismatch_is_405(void **state)
{
	struct request r;
	int known;

	(void)state;
	assert_int_equal(match(M_DELETE, "/api/v1/users/5", &r, &known), -1);
	assert_int_equal(known, 1);
	assert_int_equal(match(M_PUT, "/api/v1/users", &r, &known), -1);
	assert_int_equal(known, 1);
	assert_int_equal(match(M_GET, "/api/v1/session", &r, &known), -1);
	assert_int_equal(known, 1);
	assert_int_equal(match(M_POST, "/api/v1/units/7/roster", &r, &known), -1);
	assert_int_equal(known, 1);
	assert_int_equal(match(M_OPTIONS, "/api/v1/a/x/b/y", &r, &known), -1);
	assert_int_equal(known, 1);
	assert_int_equal(match(M_OTHER, "/", &r, &known), -1);
	assert_int_equal(known, 1);
}

static void expect_404(enum http_method m, const char *path)
{
	struct request r;
	int known;
	int got = match(m, path, &r, &known);

	if (got != -1 || known != 0)
		fail_msg("%s matched row %d (path_known %d), want none", path, got, known);
}

static void test_no_match(void **state)
{
	(void)state;
	expect_404(M_GET, "/api/v1/nothing");
	expect_404(M_GET, "/api/v1/users/");
	expect_404(M_GET, "/api/v1/users/5/");
	expect_404(M_GET, "/api/v1/users/5/x");
	expect_404(M_GET, "/api/v1/users//");
	expect_404(M_GET, "/api/v1/user");
	expect_404(M_GET, "/api/v1/usersX");
	expect_404(M_GET, "/api/v1/users5");
	expect_404(M_GET, "/api/v1");
	expect_404(M_GET, "/api/v1/units/7");
	expect_404(M_GET, "/api/v1/units/7/roster/");
	expect_404(M_GET, "/api/v1/units/7/roster/x");
	expect_404(M_GET, "/api/v1/units//roster");
	expect_404(M_GET, "/api/v1/units/7/rosters");
	expect_404(M_GET, "/api/v1/a/x/b");
	expect_404(M_GET, "/api/v1/a/x/b/");
	expect_404(M_GET, "/api/v1/a//b/y");
	expect_404(M_GET, "//api/v1/users");
	expect_404(M_GET, "api/v1/users");
	expect_404(M_GET, "/API/v1/users");
	expect_404(M_GET, "");
	expect_404(M_GET, "//");
	expect_404(M_POST, "/api/v1/session/");
}

static void test_param_length(void **state)
{
	struct request r;
	int known;
	char path[128];
	const char *prefix = "/api/v1/users/";
	size_t pl = strlen(prefix);

	(void)state;
	memcpy(path, prefix, pl);
	/* 63 bytes fit params[i] (64 with the NUL) */
	memset(path + pl, 'x', 63);
	path[pl + 63] = '\0';
	assert_int_equal(match(M_GET, path, &r, &known), R_USER_GET);
	assert_int_equal(strlen(r.params[0]), 63);
	assert_int_equal(r.params[0][62], 'x');

	/* 64 bytes do not, and the path is not "known" either */
	memset(path + pl, 'x', 64);
	path[pl + 64] = '\0';
	assert_int_equal(match(M_GET, path, &r, &known), -1);
	assert_int_equal(known, 0);

	snprintf(path, sizeof(path), "/api/v1/units/%0100d/roster", 1);
	assert_int_equal(match(M_GET, path, &r, &known), -1);
	assert_int_equal(known, 0);
}

static void test_params_reset_between_matches(void **state)
{
	struct request r;
	int known;
	const struct route *rt;

	(void)state;
	memset(&r, 0, sizeof(r));
	rt = router_match(table, M_GET, "/api/v1/a/p/b/q", &r, &known);
	assert_ptr_equal(rt, &table[R_TWO_GET]);
	assert_int_equal(r.n_params, 2);
	/* the same request struct reused for an exact path */
	rt = router_match(table, M_GET, "/api/v1/users", &r, &known);
	assert_ptr_equal(rt, &table[R_USERS_GET]);
	assert_int_equal(r.n_params, 0);
	/* and a path_known left at 1 by a 405 is cleared by the next call */
	assert_null(router_match(table, M_DELETE, "/api/v1/users", &r, &known));
	assert_int_equal(known, 1);
	assert_non_null(router_match(table, M_GET, "/api/v1/users/9", &r, &known));
	assert_int_equal(known, 0);
	assert_string_equal(r.params[0], "9");
}

/* "{id}.docx" listed before "{id}": the suffix picks the row, the
 * parameter keeps the whole segment, and a segment without the suffix (or
 * only the suffix) falls through to the plain row. */
static void test_param_suffix(void **state)
{
	(void)state;
	static const struct route t[] = {
		{ M_GET, "/api/v1/b/{id}.docx", h_ok, PERM_SIGNED_IN, NULL, 0, 0 },
		{ M_GET, "/api/v1/b/{id}", h_ok, PERM_SIGNED_IN, NULL, 0, 0 },
		{ 0, NULL, NULL, 0, NULL, 0, 0 },
	};
	struct request r;
	int known = 0;
	memset(&r, 0, sizeof(r));
	assert_ptr_equal(router_match(t, M_GET, "/api/v1/b/5.docx", &r, &known), &t[0]);
	assert_string_equal(r.params[0], "5.docx");
	assert_ptr_equal(router_match(t, M_GET, "/api/v1/b/5", &r, &known), &t[1]);
	assert_string_equal(r.params[0], "5");
	assert_ptr_equal(router_match(t, M_GET, "/api/v1/b/.docx", &r, &known), &t[1]);
	assert_ptr_equal(router_match(t, M_GET, "/api/v1/b/5.docxx", &r, &known), &t[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_paths),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_head_falls_back_to_get),
		cmocka_unit_test(test_method_mismatch_is_405),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_param_length),
		cmocka_unit_test(test_params_reset_between_matches),
		cmocka_unit_test(test_param_suffix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
