/* Unit tests for src/core/vocab.c and the vocabularies defined once in
 * src/domain/vocab.c and src/auth/perm.c: lookups, labels, the word lists
 * of allowed next statuses and role scopes, and that the matter rules
 * (matter_status_open, matter_transition_allowed) follow the status table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/perm.h"
#include "core/vocab.h"
#include "domain/matter.h"
#include "domain/vocab.h"

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(vocab_count(vocab_categories), 5);
	assert_string_equal(vocab_label(vocab_categories, "economy"), "共兴实体经济");
	assert_string_equal(vocab_label(vocab_categories, "nope"), "nope");
	assert_int_equal(vocab_valid(vocab_tiers, "town"), 1);
	assert_int_equal(vocab_valid(vocab_tiers, "Town"), 0);
	assert_int_equal(vocab_valid(vocab_tiers, ""), 0);
	assert_null(vocab_find(vocab_tiers, NULL));
	assert_int_equal(vocab_valid(vocab_priorities, "normal"), 1);
	assert_int_equal(vocab_valid(vocab_decision_actions, "set_due"), 1);
	assert_int_equal(vocab_valid(vocab_terms, "year"), 0);
}

static void test_words(void **state)
{
	(void)state;
	assert_int_equal(vocab_word_in("a bb ccc", "bb"), 1);
	assert_int_equal(vocab_word_in("a bb ccc", "b"), 0);
	assert_int_equal(vocab_word_in("a bb ccc", "ccc"), 1);
	assert_int_equal(vocab_word_in("a bb ccc", "cc"), 0);
	assert_int_equal(vocab_word_in("", "a"), 0);
	assert_int_equal(vocab_word_in(NULL, "a"), 0);
}

static void test_status_rules(void **state)
{
	(void)state;
	for (const struct vocab_term *t = vocab_statuses; t->key; t++) {
		assert_int_equal(matter_status_valid(t->key), 1);
		assert_int_equal(matter_status_open(t->key), t->open);
		assert_string_equal(matter_status_label(t->key), t->label);
		/* every next status exists; final statuses lead nowhere */
		for (const struct vocab_term *u = vocab_statuses; u->key; u++)
			assert_int_equal(matter_transition_allowed(t->key, u->key),
					 vocab_word_in(t->next, u->key));
		if (!t->open)
			assert_string_equal(t->next, "");
	}
	assert_int_equal(matter_transition_allowed("proposed", "studying"), 1);
	assert_int_equal(matter_transition_allowed("proposed", "resolved"), 0);
	assert_int_equal(matter_transition_allowed("resolved", "closed"), 0);
	assert_int_equal(matter_status_open("nope"), 0);
}

static void test_roles(void **state)
{
	(void)state;
	assert_int_equal(perm_role_valid("viewer"), 1);
	assert_int_equal(perm_role_valid("root"), 0);
	assert_int_equal(perm_role_scope_ok("admin", "deployment"), 1);
	assert_int_equal(perm_role_scope_ok("admin", "alliance"), 0);
	assert_int_equal(perm_role_scope_ok("member", "org"), 1);
	assert_int_equal(perm_role_scope_ok("viewer", "county"), 1);
	assert_int_equal(perm_role_scope_ok("viewer", "planet"), 0);
	assert_int_equal(perm_role_scope_ok("nope", "org"), 0);
	for (const struct vocab_term *r = perm_roles; r->key; r++)
		for (const struct vocab_term *s = perm_scope_types; s->key; s++)
			assert_int_equal(perm_role_scope_ok(r->key, s->key),
					 vocab_word_in(r->scopes, s->key));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_status_rules),
		cmocka_unit_test(test_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
