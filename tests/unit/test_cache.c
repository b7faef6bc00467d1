/* Unit tests of the per-thread answer cache (src/http/cache.c): hits only
 * for the same URL and database version, a newer answer replaces the older
 * (which is released exactly once), many hot URLs stay cached together (the
 * 2,068 town URLs of the divisions benchmark), eviction releases what it
 * drops, the byte budget refuses a put, and thread release frees all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/cache.h"

static int released;

static void release(void *resp)
{
	released++;
	free(resp);
}

static void *resp_of(int i)
{
	int *p = malloc(sizeof(*p));
	assert_non_null(p);
	*p = i;
	return p;
}

static void key_of(int i, char out[64])
{
	snprintf(out, 64, "2026-11-29/api/v1/divisions?&parent=%09d", 110101001 + i * 37);
}

static void test_hit_needs_same_key_and_version(void **state)
{
	(void)state;
	released = 0;
	assert_null(cache_get("2026-11-29/a?", 1));
	void *a = resp_of(1);
	assert_int_equal(cache_put("2026-11-29/a?", 1, a, 10, release), 1);
	assert_ptr_equal(cache_get("2026-11-29/a?", 1), a);
	assert_null(cache_get("2026-11-29/a?", 2));       /* the data changed */
	assert_null(cache_get("2026-11-30/a?", 1));       /* another day */
	assert_null(cache_get("2026-11-29/a?&x=1", 1));   /* another query */
	/* a newer answer for the same URL replaces the older, released once */
	void *b = resp_of(2);
	assert_int_equal(cache_put("2026-11-29/a?", 2, b, 10, release), 1);
	assert_int_equal(released, 1);
	assert_ptr_equal(cache_get("2026-11-29/a?", 2), b);
	cache_thread_release();
	assert_int_equal(released, 2);
	assert_null(cache_get("2026-11-29/a?", 2));
}

static void test_many_hot_urls_stay(void **state)
{
	(void)state;
	char key[64];
	released = 0;
	enum { TOWNS = 2068 };
	void **resp = calloc(TOWNS, sizeof(*resp));
	assert_non_null(resp);
	for (int i = 0; i < TOWNS; i++) {
		key_of(i, key);
		resp[i] = resp_of(i);
		assert_int_equal(cache_put(key, 7, resp[i], 3000, release), 1);
	}
	/* all of them, in the order the benchmark asks, twice over */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < TOWNS; i++) {
			key_of(i, key);
			assert_ptr_equal(cache_get(key, 7), resp[i]);
		}
	assert_int_equal(released, 0);
	cache_thread_release();
	assert_int_equal(released, TOWNS);
	free(resp);
}

static void test_eviction_releases_what_it_drops(void **state)
{
	(void)state;
	char key[64];
	released = 0;
	const int n = CACHE_SLOTS * 3;
	for (int i = 0; i < n; i++) {
		key_of(i, key);
		assert_int_equal(cache_put(key, 1, resp_of(i), 100, release), 1);
	}
	int kept = 0;
	for (int i = 0; i < n; i++) {
		key_of(i, key);
		int *r = cache_get(key, 1);
		if (r) {
			assert_int_equal(*r, i);
			kept++;
		}
	}
	assert_true(kept > 0 && kept <= CACHE_SLOTS);
	assert_int_equal(released, n - kept);
	/* the most recent puts survive: the last one is there */
	key_of(n - 1, key);
	assert_non_null(cache_get(key, 1));
	cache_thread_release();
	assert_int_equal(released, n);
}

static void test_budget_refuses(void **state)
{
	(void)state;
	released = 0;
	void *big = resp_of(0);
	assert_int_equal(cache_put("k?", 1, big, CACHE_MAX_BODY + 1, release), 0);
	assert_int_equal(released, 0);   /* refused: the caller keeps it */
	free(big);
	/* fill to the byte budget: the put that would pass it is refused */
	size_t each = CACHE_MAX_BODY, held = 0;
	char key[64];
	int i = 0, refused = 0;
	while (!refused) {
		key_of(i++, key);
		void *r = resp_of(i);
		if (cache_put(key, 1, r, each, release)) {
			held += each;
			assert_true(held <= CACHE_MAX_BYTES);
		} else {
			free(r);
			refused = 1;
		}
	}
	assert_true(held + each > CACHE_MAX_BYTES);
	cache_thread_release();
	assert_int_equal(released, (int)(held / each));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_needs_same_key_and_version),
		cmocka_unit_test(test_many_hot_urls_stay),
		cmocka_unit_test(test_eviction_releases_what_it_drops),
		cmocka_unit_test(test_budget_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
