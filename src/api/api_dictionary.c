/*
 * api_dictionary.c - GET /api/v1/dictionaries: every closed vocabulary the
 * API speaks (statuses, categories, priorities, tiers, organisation kinds,
 * rotation terms, decision actions, roles, scope types) with its Chinese
 * labels, so that the web keeps no copy of its own. Public and cached: the
 * answer is the same for everyone and changes only with the server.
 */
#include <string.h>

#include "api/api.h"
#include "domain/vocab.h"

static json_t *words(const char *list)
{
	json_t *a = json_array();
	if (!list)
		return a;
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, len));
		p += len;
		while (*p == ' ')
			p++;
	}
	return a;
}

static json_t *terms(const struct vocab_term *v)
{
	json_t *a = json_array();
	for (; v->key; v++) {
		json_t *t = json_pack("{s:s, s:s}", "key", v->key, "label", v->label);
		if (v->next) {
			json_object_set_new(t, "open", json_boolean(v->open));
			json_object_set_new(t, "next", words(v->next));
		}
		if (v->scopes)
			json_object_set_new(t, "scopes", words(v->scopes));
		json_array_append_new(a, t);
	}
	return a;
}

static enum err_code api_dictionaries_get(struct request *r, struct err *e)
{
	req_cache_reads_no_alliance(r); /* fixed vocabularies */
	(void)e;
	json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"statuses", terms(vocab_statuses), "categories", terms(vocab_categories),
		"priorities", terms(vocab_priorities), "tiers", terms(vocab_tiers),
		"org_kinds", terms(vocab_org_kinds), "terms", terms(vocab_terms),
		"decision_actions", terms(vocab_decision_actions), "roles", terms(perm_roles),
		"scope_types", terms(perm_scope_types), "site_kinds", terms(vocab_site_kinds),
		"route_kinds", terms(vocab_route_kinds), "activity_kinds", terms(vocab_activity_kinds),
		"secondment_kinds", terms(vocab_secondment_kinds), "talent_kinds", terms(vocab_talent_kinds));
	json_object_set_new(d, "industries", terms(vocab_industries));
	json_object_set_new(d, "project_kinds", terms(vocab_project_kinds));
	json_object_set_new(d, "project_stages", terms(vocab_project_stages));
	json_object_set_new(d, "fund_sources", terms(vocab_fund_sources));
	json_object_set_new(d, "financing_statuses", terms(vocab_financing_statuses));
	resp_json(r, 200, d);
	return ERR_OK;
}

const struct route api_dictionary_routes[] = {
	{ M_GET, "/api/v1/dictionaries", api_dictionaries_get, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ 0 }
};
