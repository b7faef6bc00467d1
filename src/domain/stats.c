/* stats.c - grouping, labels and roll-ups over the counters (see stats.h). */
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/matter.h"
#include "store/store_division.h"
#include "store/store_org.h"
#include "store/store_stats.h"

int stats_by_parse(const char *s, enum stat_by *out)
{
	static const struct { const char *n; enum stat_by b; } t[] = {
		{ "unit", STAT_BY_UNIT }, { "county", STAT_BY_COUNTY },
		{ "category", STAT_BY_CATEGORY }, { "month", STAT_BY_MONTH },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, s) == 0) {
			*out = t[i].b;
			return 0;
		}
	return -1;
}

static void add(struct stat_row *to, const struct stat_row *r)
{
	to->raised += r->raised;
	to->resolved += r->resolved;
	to->resolve_days += r->resolve_days;
	to->escalated += r->escalated;
	to->overdue += r->overdue;
	to->meetings += r->meetings;
	to->attendance += r->attendance;
}

static struct stats_group *group_for(struct stats_result *out, size_t *alloc, const char *key)
{
	for (size_t i = 0; i < out->n_groups; i++)
		if (strcmp(out->groups[i].key, key) == 0)
			return &out->groups[i];
	if (out->n_groups == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 16;
		out->groups = realloc(out->groups, *alloc * sizeof(*out->groups));
		if (!out->groups)
			abort();
	}
	struct stats_group *g = &out->groups[out->n_groups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->key, sizeof(g->key), "%s", key);
	return g;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct stats_group *)a)->key, ((const struct stats_group *)b)->key);
}

enum err_code stats_compute(struct store *st, int64_t alliance_id, enum stat_by by,
			    int32_t from, int32_t to, int32_t today, struct stats_result *out,
			    struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct stat_rows sr = { 0 };
	size_t alloc = 0;
	memset(out, 0, sizeof(*out));
	if ((rc = st->org->alliance_get(st, alliance_id, &a, e)))
		return rc;
	if ((rc = st->stats->rows(st, alliance_id, by, from, to, today, &sr, e)))
		return rc;
	/* Every unit, county and category appears even with zero figures. */
	if (by == STAT_BY_UNIT) {
		struct unit *u = NULL;
		size_t nu = 0;
		struct page pg = { .after = NULL, .limit = 100000 };
		if ((rc = st->org->unit_list(st, alliance_id, NULL, NULL, pg, &u, &nu, e))) {
			free(sr.rows);
			free(sr.county_attendance);
			return rc;
		}
		for (size_t i = 0; i < nu; i++) {
			char key[32];
			snprintf(key, sizeof(key), "%lld", (long long)u[i].id);
			struct stats_group *g = group_for(out, &alloc, key);
			snprintf(g->label, sizeof(g->label), "%s", u[i].name);
			snprintf(g->tier, sizeof(g->tier), "%s", u[i].tier);
			g->parent_id = u[i].parent_id;
		}
		free(u);
	} else if (by == STAT_BY_COUNTY) {
		for (size_t i = 0; i < a.n_counties; i++)
			group_for(out, &alloc, a.counties[i]);
	} else if (by == STAT_BY_CATEGORY) {
		static const char *const cats[] = { "org", "revival", "talent", "education", "economy" };
		for (size_t i = 0; i < 5; i++)
			group_for(out, &alloc, cats[i]);
	}
	for (size_t i = 0; i < sr.n; i++) {
		struct stats_group *g = group_for(out, &alloc, sr.rows[i].key);
		add(&g->own, &sr.rows[i]);
		add(&out->total, &sr.rows[i]);
	}
	free(sr.rows);
	for (size_t i = 0; i < out->n_groups; i++) {
		struct stats_group *g = &out->groups[i];
		if (by == STAT_BY_COUNTY) {
			struct division d;
			if (st->division->get(st, g->key, &d, e) == ERR_OK)
				snprintf(g->label, sizeof(g->label), "%s", d.name);
		} else if (by == STAT_BY_CATEGORY) {
			snprintf(g->label, sizeof(g->label), "%s",
				 strcmp(g->key, "none") == 0 ? "会议（不分类别）" : matter_category_label(g->key));
		} else if (by == STAT_BY_MONTH) {
			snprintf(g->label, sizeof(g->label), "%.4s年%.2s月", g->key, g->key + 5);
		} else if (!g->label[0]) {
			snprintf(g->label, sizeof(g->label), "单位 %s", g->key);
		}
	}
	if (by == STAT_BY_UNIT) {
		/* Roll each unit's own figures up its chain of parents. */
		for (size_t i = 0; i < out->n_groups; i++) {
			const struct stats_group *src = &out->groups[i];
			int64_t cur = strtoll(src->key, NULL, 10);
			for (int depth = 0; cur && depth < 8; depth++) {
				char key[32];
				snprintf(key, sizeof(key), "%lld", (long long)cur);
				struct stats_group *g = NULL;
				for (size_t k = 0; k < out->n_groups; k++)
					if (strcmp(out->groups[k].key, key) == 0)
						g = &out->groups[k];
				if (!g)
					break;
				add(&g->rollup, &out->groups[i].own);
				cur = g->parent_id;
			}
		}
	}
	if (by == STAT_BY_MONTH)
		qsort(out->groups, out->n_groups, sizeof(*out->groups), cmp_key);
	/* Attendance by county: every member county with what the counters say
	 * (the store answers it in the same pass as the groups). */
	out->attendance_by_county = calloc(a.n_counties + 1, sizeof(*out->attendance_by_county));
	if (!out->attendance_by_county)
		abort();
	for (size_t i = 0; i < a.n_counties; i++) {
		struct stats_group *g = &out->attendance_by_county[out->n_attendance++];
		snprintf(g->key, sizeof(g->key), "%s", a.counties[i]);
		struct division d;
		if (st->division->get(st, g->key, &d, e) == ERR_OK)
			snprintf(g->label, sizeof(g->label), "%s", d.name);
	}
	for (size_t i = 0; i < sr.n_county; i++)
		for (size_t k = 0; k < out->n_attendance; k++)
			if (strcmp(out->attendance_by_county[k].key, sr.county_attendance[i].key) == 0)
				out->attendance_by_county[k].own.attendance +=
					sr.county_attendance[i].attendance;
	free(sr.county_attendance);
	return ERR_OK;
}

void stats_result_release(struct stats_result *r)
{
	free(r->groups);
	free(r->attendance_by_county);
	memset(r, 0, sizeof(*r));
}
