/* Unit tests for the SQLite backend of src/store/store.h, through store_open
 * on a file in a fresh /tmp directory (removed afterwards): migrations
 * applied once, meta get/set, divisions (get, children paging with after and
 * limit, instr search with max_level, upsert), users (insert, get, by name,
 * list paging, update, duplicate username), grants, sessions, login
 * failures, the audit log newest first with a cursor, rollback of a write
 * transaction, the user snapshot (never the password hash) and an online
 * backup that opens as a database of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "assert_ext.h"
#include "core/log.h"
#include "domain/audit.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/store_account.h"
#include "store/store_audit.h"
#include "store/store_division.h"
#include "store/store_session.h"

#define HASH "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$SECRETSECRETSECRET"

struct fx {
	char dir[32];
	char path[64];
	struct store *st;
	struct err e;
};

static int n_migrations(void)
{
	int n = 0;

	for (const struct migration *m = migrations; m->version; m++)
		n++;
	return n;
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	int applied = -1;

	log_set_quiet(1);
	assert_non_null(x);
	tmpdir_make(x->dir);
	snprintf(x->path, sizeof(x->path), "%s/t.db", x->dir);
	assert_int_equal(store_open(x->path, &x->st, &x->e), ERR_OK);
	assert_string_equal(x->st->ops->name, "sqlite");
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	assert_int_equal(applied, n_migrations());
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

static struct division div_of(const char *code, const char *name, int level, const char *parent)
{
	struct division d;

	memset(&d, 0, sizeof(d));
	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "%s", name);
	d.level = level;
	snprintf(d.parent_code, sizeof(d.parent_code), "%s", parent);
	return d;
}

static void put_divisions(struct fx *x)
{
	static const struct {
		const char *code, *name;
		int level;
		const char *parent;
	} rows[] = {
		{ "45", "广西壮族自治区", 1, "" },
		{ "44", "广东省", 1, "" },
		{ "4409", "茂名市", 2, "44" },
		{ "440982", "化州市", 3, "4409" },
		{ "440982102", "良光镇", 4, "440982" },
		{ "440982100", "平定镇", 4, "440982" },
		{ "440982101", "杨梅镇", 4, "440982" },
		{ "440982100001", "坡子村委会", 5, "440982100" },
	};
	struct store *st = x->st;

	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct division d = div_of(rows[i].code, rows[i].name, rows[i].level, rows[i].parent);
		assert_int_equal(st->division->put(st, &d, &x->e), ERR_OK);
	}
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
}

static struct user user_of(const char *name, const char *display)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	snprintf(u.password_hash, sizeof(u.password_hash), "%s", HASH);
	snprintf(u.display_name, sizeof(u.display_name), "%s", display);
	u.created_at_ms = 1700000000000;
	u.updated_at_ms = 1700000000001;
	return u;
}

static int64_t add_user(struct fx *x, const char *name, const char *display)
{
	struct user u = user_of(name, display);

	assert_int_equal(x->st->account->insert(x->st, &u, &x->e), ERR_OK);
	assert_true(u.id > 0);
	return u.id;
}

static void test_migrate_twice(void **state)
{
	struct fx *x = *state;
	struct store *again;
	int applied = -1;

	assert_true(n_migrations() >= 2);
	assert_int_equal(x->st->ops->migrate(x->st, &applied, &x->e), ERR_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(x->st->ops->ping(x->st, &x->e), ERR_OK);
	/* a second connection to the same file sees the schema as current */
	assert_int_equal(store_open(x->path, &again, &x->e), ERR_OK);
	applied = -1;
	assert_int_equal(again->ops->migrate(again, &applied, &x->e), ERR_OK);
	assert_int_equal(applied, 0);
	store_close(again);
	/* out_applied may be NULL */
	assert_int_equal(x->st->ops->migrate(x->st, NULL, &x->e), ERR_OK);
}

/* A postgresql:// location is the PostgreSQL backend: one nobody answers
 * at is a store error naming the connection, with nothing opened. */
static void test_open_unreachable(void **state)
{
	struct store *st = NULL;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(store_open("postgresql:///lj?host=/nonexistent-dir-lj", &st, &e), ERR_STORE);
	assert_string_equal(e.msg, "无法连接数据库");
	assert_null(st);
	assert_int_equal(store_open("/nonexistent-dir-lj/x/y.db", &st, &e), ERR_STORE);
	assert_null(st);
}

static void test_meta(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	char out[64];
	char small[4];

	assert_int_equal(st->ops->meta_get(st, "k", out, sizeof(out), &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->ops->meta_set(st, "k", "坡子村", &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_get(st, "k", out, sizeof(out), &x->e), ERR_OK);
	assert_string_equal(out, "坡子村");
	assert_int_equal(st->ops->meta_set(st, "k", "v2", &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_get(st, "k", out, sizeof(out), &x->e), ERR_OK);
	assert_string_equal(out, "v2");
	assert_int_equal(st->ops->meta_get(st, "K", out, sizeof(out), &x->e), ERR_NOT_FOUND);
	/* a short buffer truncates and stays terminated */
	assert_int_equal(st->ops->meta_set(st, "long", "abcdef", &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_get(st, "long", small, sizeof(small), &x->e), ERR_OK);
	assert_string_equal(small, "abc");
}

static void test_division_get_and_count(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	struct division d;
	int64_t n = -1;

	assert_int_equal(st->division->count(st, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	put_divisions(x);
	assert_int_equal(st->division->count(st, &n, &x->e), ERR_OK);
	assert_int_equal(n, 8);

	assert_int_equal(st->division->get(st, "440982100001", &d, &x->e), ERR_OK);
	assert_string_equal(d.code, "440982100001");
	assert_string_equal(d.name, "坡子村委会");
	assert_int_equal(d.level, 5);
	assert_string_equal(d.parent_code, "440982100");
	assert_int_equal(st->division->get(st, "44", &d, &x->e), ERR_OK);
	assert_string_equal(d.parent_code, "");
	assert_int_equal(d.level, 1);

	err_clear(&x->e);
	assert_int_equal(st->division->get(st, "99", &d, &x->e), ERR_NOT_FOUND);
	assert_int_equal(x->e.code, ERR_NOT_FOUND);
	assert_string_equal(x->e.field, "code");

	/* upsert: a second put changes the row, not the count */
	struct division up = div_of("45", "广西", 1, "");
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->division->put(st, &up, &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
	assert_int_equal(st->division->get(st, "45", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "广西");
	assert_int_equal(st->division->count(st, &n, &x->e), ERR_OK);
	assert_int_equal(n, 8);
}

/* Fetches children and checks their codes, in order. */
static void expect_children(struct fx *x, const char *parent, const char *after, int limit,
			    const char *const *want, size_t n_want)
{
	struct division *arr = NULL;
	size_t n = 99;
	struct page pg = { after, limit };

	assert_int_equal(x->st->division->children(x->st, parent, pg, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, n_want);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(arr[i].code, want[i]);
	free(arr);
}

static void test_division_children_paging(void **state)
{
	struct fx *x = *state;
	static const char *const provinces[] = { "44", "45" };
	static const char *const towns[] = { "440982100", "440982101", "440982102" };

	put_divisions(x);
	/* roots: NULL or "" parent */
	expect_children(x, NULL, NULL, 10, provinces, 2);
	expect_children(x, "", NULL, 10, provinces, 2);
	expect_children(x, "", NULL, 1, provinces, 1);
	expect_children(x, "", "44", 10, provinces + 1, 1);
	expect_children(x, "", "45", 10, NULL, 0);
	/* towns of a county, two per page */
	expect_children(x, "440982", NULL, 2, towns, 2);
	expect_children(x, "440982", "440982101", 2, towns + 2, 1);
	expect_children(x, "440982", "440982102", 2, NULL, 0);
	expect_children(x, "440982", "", 50, towns, 3);
	/* a leaf and an unknown parent have no children */
	expect_children(x, "440982100001", NULL, 10, NULL, 0);
	expect_children(x, "99", NULL, 10, NULL, 0);
	/* only direct children */
	expect_children(x, "44", NULL, 10, (const char *const[]){ "4409" }, 1);
}

static void expect_search(struct fx *x, const char *q, int max_level, const char *after,
			  int limit, const char *const *want, size_t n_want)
{
	struct division *arr = NULL;
	size_t n = 99;
	struct page pg = { after, limit };

	assert_int_equal(x->st->division->search(x->st, q, max_level, pg, &arr, &n, &x->e),
			 ERR_OK);
	if (n != n_want) {
		free(arr);
		fail_msg("search %s (max_level %d): %zu rows, want %zu", q, max_level, n, n_want);
	}
	for (size_t i = 0; i < n; i++)
		assert_string_equal(arr[i].code, want[i]);
	free(arr);
}

static void test_division_search(void **state)
{
	struct fx *x = *state;

	put_divisions(x);
	expect_search(x, "坡子", 5, NULL, 10, (const char *const[]){ "440982100001" }, 1);
	expect_search(x, "坡子", 4, NULL, 10, NULL, 0);
	expect_search(x, "化州", 3, NULL, 10, (const char *const[]){ "440982" }, 1);
	expect_search(x, "化州", 2, NULL, 10, NULL, 0);
	/* a match in the middle of a name */
	expect_search(x, "州市", 5, NULL, 10, (const char *const[]){ "440982" }, 1);
	expect_search(x, "广", 1, NULL, 10, (const char *const[]){ "44", "45" }, 2);
	expect_search(x, "广", 1, NULL, 1, (const char *const[]){ "44" }, 1);
	expect_search(x, "广", 1, "44", 1, (const char *const[]){ "45" }, 1);
	expect_search(x, "镇", 5, NULL, 2, (const char *const[]){ "440982100", "440982101" }, 2);
	expect_search(x, "镇", 5, "440982101", 2, (const char *const[]){ "440982102" }, 1);
	/* user text is literal: LIKE wildcards match nothing */
	expect_search(x, "%", 5, NULL, 10, NULL, 0);
	expect_search(x, "_", 5, NULL, 10, NULL, 0);
	expect_search(x, "化%", 5, NULL, 10, NULL, 0);
	expect_search(x, "北京", 5, NULL, 10, NULL, 0);
}

static void test_users(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	struct user u, got;

	u = user_of("lizhen", "李振");
	u.person_id = 0;
	assert_int_equal(st->account->insert(st, &u, &x->e), ERR_OK);
	assert_true(u.id > 0);

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(st->account->get(st, u.id, &got, &x->e), ERR_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.username, "lizhen");
	assert_string_equal(got.display_name, "李振");
	assert_string_equal(got.password_hash, HASH);
	assert_int_equal(got.person_id, 0);
	assert_int_equal(got.disabled, 0);
	assert_int_equal(got.created_at_ms, 1700000000000);
	assert_int_equal(got.updated_at_ms, 1700000000001);

	memset(&got, 0, sizeof(got));
	assert_int_equal(st->account->get_by_name(st, "lizhen", &got, &x->e), ERR_OK);
	assert_int_equal(got.id, u.id);
	assert_int_equal(st->account->get_by_name(st, "LIZHEN", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->account->get_by_name(st, "nobody", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->account->get(st, u.id + 100, &got, &x->e), ERR_NOT_FOUND);

	/* duplicate username */
	struct user dup = user_of("lizhen", "另一个");
	err_clear(&x->e);
	assert_int_equal(st->account->insert(st, &dup, &x->e), ERR_CONFLICT);
	assert_int_equal(x->e.code, ERR_CONFLICT);
	assert_string_equal(x->e.field, "username");
	assert_int_equal(st->account->get_by_name(st, "lizhen", &got, &x->e), ERR_OK);
	assert_string_equal(got.display_name, "李振");

	/* update: everything but the username */
	got.person_id = 77;
	got.disabled = 1;
	got.updated_at_ms = 1800000000000;
	snprintf(got.display_name, sizeof(got.display_name), "李振（已停用）");
	snprintf(got.password_hash, sizeof(got.password_hash), "new-hash");
	assert_int_equal(st->account->update(st, &got, &x->e), ERR_OK);
	struct user again;
	assert_int_equal(st->account->get(st, u.id, &again, &x->e), ERR_OK);
	assert_int_equal(again.person_id, 77);
	assert_int_equal(again.disabled, 1);
	assert_int_equal(again.updated_at_ms, 1800000000000);
	assert_int_equal(again.created_at_ms, 1700000000000);
	assert_string_equal(again.display_name, "李振（已停用）");
	assert_string_equal(again.password_hash, "new-hash");
	assert_string_equal(again.username, "lizhen");
}

static void expect_user_page(struct fx *x, const char *after, int limit, const int64_t *want,
			     size_t n_want)
{
	struct user *arr = NULL;
	size_t n = 99;
	struct page pg = { after, limit };

	assert_int_equal(x->st->account->list(x->st, pg, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, n_want);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(arr[i].id, want[i]);
	free(arr);
}

static void test_user_list_paging(void **state)
{
	struct fx *x = *state;
	int64_t id[5];
	char name[16], after[24];

	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "user%d", i);
		id[i] = add_user(x, name, "用户");
	}
	for (int i = 1; i < 5; i++)
		assert_true(id[i] > id[i - 1]);
	expect_user_page(x, NULL, 2, id, 2);
	snprintf(after, sizeof(after), "%lld", (long long)id[1]);
	expect_user_page(x, after, 2, id + 2, 2);
	snprintf(after, sizeof(after), "%lld", (long long)id[3]);
	expect_user_page(x, after, 2, id + 4, 1);
	snprintf(after, sizeof(after), "%lld", (long long)id[4]);
	expect_user_page(x, after, 2, NULL, 0);
	expect_user_page(x, NULL, 100, id, 5);

	struct user *arr = NULL;
	size_t n = 0;
	struct page pg = { NULL, 3 };
	assert_int_equal(x->st->account->list(x->st, pg, &arr, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(arr[2].username, "user2");
	free(arr);
}

static void test_grants(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	int64_t uid = add_user(x, "g", "G");
	int64_t other = add_user(x, "h", "H");
	struct grant g[3];
	struct grant *out = NULL;
	size_t n = 99;

	memset(g, 0, sizeof(g));
	snprintf(g[0].role, sizeof(g[0].role), "viewer");
	snprintf(g[0].scope_type, sizeof(g[0].scope_type), "county");
	snprintf(g[0].scope_id, sizeof(g[0].scope_id), "440982");
	snprintf(g[1].role, sizeof(g[1].role), "county_admin");
	snprintf(g[1].scope_type, sizeof(g[1].scope_type), "county");
	snprintf(g[1].scope_id, sizeof(g[1].scope_id), "440982");
	g[2] = g[0]; /* a duplicate is stored once */

	assert_int_equal(st->account->grants(st, uid, &out, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(out);

	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->account->grants_replace(st, uid, g, 3, &x->e), ERR_OK);
	assert_int_equal(st->account->grants_replace(st, other, g, 1, &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);

	out = NULL;
	assert_int_equal(st->account->grants(st, uid, &out, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	/* sorted by role */
	assert_string_equal(out[0].role, "county_admin");
	assert_string_equal(out[0].scope_type, "county");
	assert_string_equal(out[0].scope_id, "440982");
	assert_string_equal(out[1].role, "viewer");
	free(out);

	/* replace with a deployment admin grant, scope_id "" */
	struct grant adm;
	memset(&adm, 0, sizeof(adm));
	snprintf(adm.role, sizeof(adm.role), "admin");
	snprintf(adm.scope_type, sizeof(adm.scope_type), "deployment");
	assert_int_equal(st->account->grants_replace(st, uid, &adm, 1, &x->e), ERR_OK);
	out = NULL;
	assert_int_equal(st->account->grants(st, uid, &out, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].role, "admin");
	assert_string_equal(out[0].scope_id, "");
	free(out);

	/* replace with nothing clears; the other user keeps theirs */
	assert_int_equal(st->account->grants_replace(st, uid, NULL, 0, &x->e), ERR_OK);
	out = NULL;
	assert_int_equal(st->account->grants(st, uid, &out, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	free(out);
	out = NULL;
	assert_int_equal(st->account->grants(st, other, &out, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].role, "viewer");
	free(out);

	/* grants for an account that does not exist are refused (foreign key) */
	assert_int_not_equal(st->account->grants_replace(st, other + 1000, g, 1, &x->e), ERR_OK);
}

static struct session sess_of(const char *hash, int64_t user_id, int64_t at)
{
	struct session s;

	memset(&s, 0, sizeof(s));
	snprintf(s.token_hash, sizeof(s.token_hash), "%s", hash);
	s.user_id = user_id;
	snprintf(s.csrf_token, sizeof(s.csrf_token), "csrf-%s", hash);
	s.created_at_ms = at;
	s.last_seen_ms = at;
	return s;
}

static void test_sessions(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	int64_t uid = add_user(x, "s", "S");
	int64_t uid2 = add_user(x, "t", "T");
	struct session a = sess_of("aaaa", uid, 1000);
	struct session b = sess_of("bbbb", uid, 2000);
	struct session c = sess_of("cccc", uid2, 3000);
	struct session got;

	assert_int_equal(st->session->insert(st, &a, &x->e), ERR_OK);
	assert_int_equal(st->session->insert(st, &b, &x->e), ERR_OK);
	assert_int_equal(st->session->insert(st, &c, &x->e), ERR_OK);
	assert_int_equal(st->session->insert(st, &a, &x->e), ERR_CONFLICT);
	struct session orphan = sess_of("dddd", uid2 + 1000, 1);
	assert_int_not_equal(st->session->insert(st, &orphan, &x->e), ERR_OK);

	memset(&got, 0, sizeof(got));
	assert_int_equal(st->session->get(st, "aaaa", &got, &x->e), ERR_OK);
	assert_string_equal(got.token_hash, "aaaa");
	assert_int_equal(got.user_id, uid);
	assert_string_equal(got.csrf_token, "csrf-aaaa");
	assert_int_equal(got.created_at_ms, 1000);
	assert_int_equal(got.last_seen_ms, 1000);
	assert_int_equal(st->session->get(st, "zzzz", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->session->get(st, "dddd", &got, &x->e), ERR_NOT_FOUND);

	assert_int_equal(st->session->touch(st, "aaaa", 5000, &x->e), ERR_OK);
	assert_int_equal(st->session->get(st, "aaaa", &got, &x->e), ERR_OK);
	assert_int_equal(got.last_seen_ms, 5000);
	assert_int_equal(got.created_at_ms, 1000);
	assert_int_equal(st->session->get(st, "bbbb", &got, &x->e), ERR_OK);
	assert_int_equal(got.last_seen_ms, 2000);

	assert_int_equal(st->session->delete(st, "aaaa", &x->e), ERR_OK);
	assert_int_equal(st->session->get(st, "aaaa", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->session->get(st, "bbbb", &got, &x->e), ERR_OK);

	/* by user: only that user's sessions go */
	assert_int_equal(st->session->delete_user(st, uid, &x->e), ERR_OK);
	assert_int_equal(st->session->get(st, "bbbb", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->session->get(st, "cccc", &got, &x->e), ERR_OK);

	/* purge by last use */
	struct session d = sess_of("eeee", uid, 10000);
	assert_int_equal(st->session->insert(st, &d, &x->e), ERR_OK);
	assert_int_equal(st->session->purge(st, 5000, &x->e), ERR_OK);
	assert_int_equal(st->session->get(st, "cccc", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->session->get(st, "eeee", &got, &x->e), ERR_OK);
}

static void test_login_failures(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	int64_t n = -1;

	assert_int_equal(st->session->failure_count(st, "ip:1", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(st->session->failure_add(st, "ip:1", 1000, &x->e), ERR_OK);
	assert_int_equal(st->session->failure_add(st, "ip:1", 2000, &x->e), ERR_OK);
	assert_int_equal(st->session->failure_add(st, "ip:1", 3000, &x->e), ERR_OK);
	assert_int_equal(st->session->failure_add(st, "user:a", 2500, &x->e), ERR_OK);

	assert_int_equal(st->session->failure_count(st, "ip:1", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(st->session->failure_count(st, "ip:1", 2000, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(st->session->failure_count(st, "ip:1", 3001, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(st->session->failure_count(st, "user:a", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);

	assert_int_equal(st->session->failure_clear(st, "ip:1", &x->e), ERR_OK);
	assert_int_equal(st->session->failure_count(st, "ip:1", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(st->session->failure_count(st, "user:a", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 1);
}

static void add_audit(struct fx *x, int64_t at, int64_t user_id, const char *action,
		      const char *object_id, const char *before, const char *after)
{
	struct audit_entry a;

	memset(&a, 0, sizeof(a));
	a.at_ms = at;
	a.user_id = user_id;
	snprintf(a.username, sizeof(a.username), "%s", user_id ? "admin" : "");
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.object_type, sizeof(a.object_type), "user");
	snprintf(a.object_id, sizeof(a.object_id), "%s", object_id);
	a.before = (char *)before;
	a.after = (char *)after;
	assert_int_equal(x->st->audit->insert(x->st, &a, &x->e), ERR_OK);
}

static void test_audit(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	struct audit_entry *a = NULL;
	size_t n = 99;
	char cursor[24];

	assert_int_equal(st->audit->list(st, (struct page){ NULL, 10 }, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	st->audit->entries_free(a, n);

	add_audit(x, 1000, 1, "user.create", "5", NULL, "{\"username\":\"a\"}");
	add_audit(x, 2000, 1, "user.update", "5", "{\"username\":\"a\"}", "{\"username\":\"b\"}");
	add_audit(x, 3000, 0, "session.login_failed", "", NULL, NULL);

	a = NULL;
	assert_int_equal(st->audit->list(st, (struct page){ NULL, 10 }, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	/* newest first */
	assert_true(a[0].id > a[1].id && a[1].id > a[2].id);
	assert_string_equal(a[0].action, "session.login_failed");
	assert_int_equal(a[0].at_ms, 3000);
	assert_int_equal(a[0].user_id, 0);
	assert_null(a[0].before);
	assert_null(a[0].after);
	assert_string_equal(a[1].action, "user.update");
	assert_int_equal(a[1].user_id, 1);
	assert_string_equal(a[1].username, "admin");
	assert_string_equal(a[1].object_type, "user");
	assert_string_equal(a[1].object_id, "5");
	assert_string_equal(a[1].before, "{\"username\":\"a\"}");
	assert_string_equal(a[1].after, "{\"username\":\"b\"}");
	assert_string_equal(a[2].action, "user.create");
	assert_null(a[2].before);
	assert_non_null(a[2].after);
	snprintf(cursor, sizeof(cursor), "%lld", (long long)a[1].id);
	int64_t oldest = a[2].id, newest = a[0].id;
	st->audit->entries_free(a, n);

	/* limit, then the cursor: entries older than the given id */
	a = NULL;
	assert_int_equal(st->audit->list(st, (struct page){ NULL, 2 }, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(a[0].id, newest);
	st->audit->entries_free(a, n);
	a = NULL;
	assert_int_equal(st->audit->list(st, (struct page){ cursor, 10 }, &a, &n, &x->e),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].id, oldest);
	assert_string_equal(a[0].action, "user.create");
	st->audit->entries_free(a, n);
	/* an empty cursor is the first page */
	a = NULL;
	assert_int_equal(st->audit->list(st, (struct page){ "", 10 }, &a, &n, &x->e), ERR_OK);
	assert_int_equal(n, 3);
	st->audit->entries_free(a, n);
}

static void test_rollback(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	struct division d = div_of("44", "广东省", 1, "");
	struct user u = user_of("ghost", "幽灵");
	struct user got;
	struct division dg;
	char out[16];
	int64_t n = -1;

	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->division->put(st, &d, &x->e), ERR_OK);
	assert_int_equal(st->account->insert(st, &u, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_set(st, "m", "1", &x->e), ERR_OK);
	assert_int_equal(st->session->failure_add(st, "k", 1, &x->e), ERR_OK);
	/* visible inside the transaction */
	assert_int_equal(st->division->get(st, "44", &dg, &x->e), ERR_OK);
	st->ops->rollback(st);

	assert_int_equal(st->division->get(st, "44", &dg, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->division->count(st, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(st->account->get_by_name(st, "ghost", &got, &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->ops->meta_get(st, "m", out, sizeof(out), &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->session->failure_count(st, "k", 0, &n, &x->e), ERR_OK);
	assert_int_equal(n, 0);

	/* rollback outside a transaction does nothing; a new one commits */
	st->ops->rollback(st);
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->division->put(st, &d, &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
	st->ops->rollback(st);
	assert_int_equal(st->division->get(st, "44", &dg, &x->e), ERR_OK);

	/* a read transaction ends with commit */
	assert_int_equal(st->ops->begin_read(st, &x->e), ERR_OK);
	assert_int_equal(st->division->get(st, "44", &dg, &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
}

/* Transactions nest as savepoints: an inner rollback undoes only the
 * inner part; an outer rollback undoes everything, committed inner parts
 * included. */
static void test_nested_transactions(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	char out[16];

	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_set(st, "outer", "1", &x->e), ERR_OK);
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_set(st, "inner", "1", &x->e), ERR_OK);
	st->ops->rollback(st);
	assert_int_equal(st->ops->meta_get(st, "inner", out, sizeof(out), &x->e), ERR_NOT_FOUND);
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_set(st, "kept", "2", &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_get(st, "outer", out, sizeof(out), &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_get(st, "kept", out, sizeof(out), &x->e), ERR_OK);
	assert_string_equal(out, "2");
	assert_int_equal(st->ops->meta_get(st, "inner", out, sizeof(out), &x->e), ERR_NOT_FOUND);

	/* the outer rollback takes a committed inner part with it */
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->begin_read(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_set(st, "gone", "3", &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
	st->ops->rollback(st);
	assert_int_equal(st->ops->meta_get(st, "gone", out, sizeof(out), &x->e), ERR_NOT_FOUND);
	/* and the depth is back to none: a plain transaction commits */
	assert_int_equal(st->ops->begin_write(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_set(st, "after", "4", &x->e), ERR_OK);
	assert_int_equal(st->ops->commit(st, &x->e), ERR_OK);
	assert_int_equal(st->ops->meta_get(st, "after", out, sizeof(out), &x->e), ERR_OK);
}

static void test_snapshot_user(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	int64_t uid = add_user(x, "zhangsan", "张三");
	char *js = (char *)1;
	json_error_t je;
	struct grant g;

	memset(&g, 0, sizeof(g));
	snprintf(g.role, sizeof(g.role), "county_admin");
	snprintf(g.scope_type, sizeof(g.scope_type), "county");
	snprintf(g.scope_id, sizeof(g.scope_id), "440982");
	assert_int_equal(st->account->grants_replace(st, uid, &g, 1, &x->e), ERR_OK);

	/* the store's record, encoded by the domain */
	js = audit_snapshot(st, "user", uid);
	assert_non_null(js);
	assert_null(strstr(js, "SECRET"));
	assert_null(strstr(js, "argon2"));
	assert_null(strstr(js, "password"));
	json_t *o = json_loads(js, 0, &je);
	if (!o)
		fail_msg("snapshot is not JSON: %s", js);
	assert_int_equal(json_integer_value(json_object_get(o, "id")), uid);
	assert_string_equal(json_string_value(json_object_get(o, "username")), "zhangsan");
	assert_string_equal(json_string_value(json_object_get(o, "display_name")), "张三");
	assert_true(json_is_false(json_object_get(o, "disabled")));
	json_t *grants = json_object_get(o, "grants");
	assert_true(json_is_array(grants));
	assert_int_equal(json_array_size(grants), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(grants, 0), "scope_id")),
			    "440982");
	json_decref(o);
	free(js);

	/* absent id and unknown type: OK with NULL */
	struct snapshot sn;
	assert_int_equal(st->audit->snapshot(st, "user", uid + 100, &sn, &x->e), ERR_OK);
	assert_int_equal(sn.exists, 0);
	st->audit->snapshot_clear(&sn);
	assert_null(audit_snapshot(st, "user", uid + 100));
	assert_int_equal(st->audit->snapshot(st, "no_such_kind", uid, &sn, &x->e), ERR_OK);
	assert_int_equal(sn.exists, 0);
	assert_null(audit_snapshot(st, "no_such_kind", uid));
}

static void test_backup(void **state)
{
	struct fx *x = *state;
	struct store *st = x->st;
	struct store *copy;
	char path[96];
	struct division d;
	struct user u;
	char out[16];
	int applied = -1;
	int64_t uid;

	put_divisions(x);
	uid = add_user(x, "backup_user", "备份");
	assert_int_equal(st->ops->meta_set(st, "marker", "42", &x->e), ERR_OK);

	snprintf(path, sizeof(path), "%s/copy.db", x->dir);
	assert_int_equal(st->ops->backup(st, path, &x->e), ERR_OK);
	/* later writes to the source do not reach the copy */
	assert_int_equal(st->ops->meta_set(st, "marker", "43", &x->e), ERR_OK);

	assert_int_equal(store_open(path, &copy, &x->e), ERR_OK);
	assert_int_equal(copy->ops->migrate(copy, &applied, &x->e), ERR_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(copy->division->get(copy, "440982100001", &d, &x->e), ERR_OK);
	assert_string_equal(d.name, "坡子村委会");
	assert_int_equal(copy->account->get_by_name(copy, "backup_user", &u, &x->e), ERR_OK);
	assert_int_equal(u.id, uid);
	assert_string_equal(u.password_hash, HASH);
	assert_int_equal(copy->ops->meta_get(copy, "marker", out, sizeof(out), &x->e), ERR_OK);
	assert_string_equal(out, "42");
	store_close(copy);

	/* a path that cannot be created */
	snprintf(path, sizeof(path), "%s/missing/dir/copy.db", x->dir);
	assert_int_equal(st->ops->backup(st, path, &x->e), ERR_STORE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_twice, setup, teardown),
		cmocka_unit_test(test_open_unreachable),
		cmocka_unit_test_setup_teardown(test_meta, setup, teardown),
		cmocka_unit_test_setup_teardown(test_division_get_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_division_children_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_division_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_list_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
