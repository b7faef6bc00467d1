/* headcount.c - persons and person-times of activities (see headcount.h).
 *
 * Every figure is first written as a contribution (county, persons,
 * person_times); sorting the contributions by county and merging them gives
 * the per-county groups, and the totals are the sums of the same
 * contributions, so the groups add up to the totals by construction. */
#include "domain/headcount.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

struct contribs {
	struct headcount_county *v;
	size_t n, alloc;
};

struct ids {
	int64_t *v;
	size_t n, alloc;
};

/* The caller's person table, sorted by id, first entry per id kept. */
struct lookup_entry {
	int64_t person_id;
	size_t idx;
};

static void *grow(void *p, size_t *alloc, size_t need, size_t elem)
{
	size_t a = *alloc ? *alloc : 16;

	if (need <= *alloc)
		return p;
	while (a < need)
		a *= 2;
	p = realloc(p, a * elem);
	if (!p)
		abort();
	*alloc = a;
	return p;
}

static void contrib_add(struct contribs *c, const char *code, int64_t persons,
			int64_t person_times)
{
	c->v = grow(c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	struct headcount_county *g = &c->v[c->n++];
	snprintf(g->code, sizeof(g->code), "%s", code);
	g->persons = persons;
	g->person_times = person_times;
}

static void ids_add(struct ids *s, const int64_t *v, size_t n)
{
	if (!n)
		return;
	s->v = grow(s->v, &s->alloc, s->n + n, sizeof(*s->v));
	memcpy(s->v + s->n, v, n * sizeof(*v));
	s->n += n;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sorts s->v[from..n) and drops duplicates in it; returns how many remain. */
static size_t ids_sort_unique(struct ids *s, size_t from)
{
	size_t o = from;

	if (s->n - from > 1)
		qsort(s->v + from, s->n - from, sizeof(*s->v), cmp_id);
	for (size_t i = from; i < s->n; i++)
		if (o == from || s->v[o - 1] != s->v[i])
			s->v[o++] = s->v[i];
	s->n = o;
	return o - from;
}

static int cmp_lookup(const void *a, const void *b)
{
	const struct lookup_entry *x = a, *y = b;

	if (x->person_id != y->person_id)
		return (x->person_id > y->person_id) - (x->person_id < y->person_id);
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static struct lookup_entry *lookup_build(const struct headcount_person *people, size_t n,
					 size_t *out_n)
{
	struct lookup_entry *l = malloc((n ? n : 1) * sizeof(*l));
	size_t o = 0;

	if (!l)
		abort();
	for (size_t i = 0; i < n; i++) {
		l[i].person_id = people[i].person_id;
		l[i].idx = i;
	}
	qsort(l, n, sizeof(*l), cmp_lookup);
	for (size_t i = 0; i < n; i++)
		if (o == 0 || l[o - 1].person_id != l[i].person_id)
			l[o++] = l[i];
	*out_n = o;
	return l;
}

static const char *county_of(int64_t person_id, const struct lookup_entry *l, size_t n,
			     const struct headcount_person *people)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l[mid].person_id < person_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && l[lo].person_id == person_id)
		return people[l[lo].idx].county_code;
	return "";
}

static int cmp_code(const void *a, const void *b)
{
	const struct headcount_county *x = a, *y = b;

	return strcmp(x->code, y->code);
}

/* Merges the contributions into out's totals and by_county. */
static void contribs_finish(struct contribs *c, struct headcount_result *out)
{
	size_t o = 0;

	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_code);
	for (size_t i = 0; i < c->n; i++) {
		out->person_times += c->v[i].person_times;
		if (o > 0 && strcmp(c->v[o - 1].code, c->v[i].code) == 0) {
			c->v[o - 1].persons += c->v[i].persons;
			c->v[o - 1].person_times += c->v[i].person_times;
		} else {
			c->v[o++] = c->v[i];
		}
	}
	out->by_county = c->v;
	out->n_by_county = o;
	c->v = NULL;
}

void headcount_set(const struct headcount_activity *acts, size_t n,
		   const struct headcount_person *people, size_t n_people,
		   struct headcount_result *out)
{
	struct contribs c = { 0 };
	struct ids all = { 0 }, scratch = { 0 };
	size_t n_lookup;
	struct lookup_entry *l = lookup_build(people, n_people, &n_lookup);

	memset(out, 0, sizeof(*out));
	for (size_t a = 0; a < n; a++) {
		const struct headcount_activity *act = &acts[a];
		size_t from = all.n, n_named;

		/* Named people of this activity: participants and attendees. */
		ids_add(&all, act->person_ids, act->n_person_ids);
		for (size_t s = 0; s < act->n_sittings; s++)
			ids_add(&all, act->sittings[s].person_ids, act->sittings[s].n_person_ids);
		n_named = ids_sort_unique(&all, from);

		for (size_t h = 0; h < act->n_headcount; h++) {
			const struct headcount_row *r = &act->headcount[h];
			out->counted_persons += r->persons;
			/* Without sittings the counted people are person-times too. */
			contrib_add(&c, r->county_code, r->persons,
				    act->n_sittings ? 0 : r->persons);
		}

		if (act->n_sittings == 0) {
			for (size_t i = from; i < from + n_named; i++)
				contrib_add(&c, county_of(all.v[i], l, n_lookup, people), 0, 1);
			continue;
		}
		for (size_t s = 0; s < act->n_sittings; s++) {
			scratch.n = 0;
			ids_add(&scratch, act->sittings[s].person_ids, act->sittings[s].n_person_ids);
			size_t k = ids_sort_unique(&scratch, 0);
			for (size_t i = 0; i < k; i++)
				contrib_add(&c, county_of(scratch.v[i], l, n_lookup, people), 0, 1);
		}
	}

	/* Named people count once across the whole set. */
	out->named_persons = (int64_t)ids_sort_unique(&all, 0);
	for (size_t i = 0; i < all.n; i++)
		contrib_add(&c, county_of(all.v[i], l, n_lookup, people), 1, 0);
	out->persons = out->named_persons + out->counted_persons;

	contribs_finish(&c, out);
	free(c.v);
	free(all.v);
	free(scratch.v);
	free(l);
}

void headcount_activity(const struct headcount_activity *a,
			const struct headcount_person *people, size_t n_people,
			struct headcount_result *out)
{
	headcount_set(a, 1, people, n_people, out);
}

void headcount_result_release(struct headcount_result *r)
{
	free(r->by_county);
	memset(r, 0, sizeof(*r));
}
