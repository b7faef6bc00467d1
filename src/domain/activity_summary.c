/* activity_summary.c - the totals of a filtered set of activities (see
 * education.h): the set is read page by page inside one read snapshot, each
 * activity's people, headcount and attendance copied into compact arrays,
 * and counted as one whole by headcount_set(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/education.h"
#include "domain/vocab.h"

#include "core/banned.h"

#define SUMMARY_PAGE 500

/* What the count keeps of one activity. */
struct kept {
	int64_t *ids;                        /* participants */
	struct headcount_row *rows;
	struct headcount_sitting *sittings;  /* person_ids malloc'd each */
};

struct acc {
	struct headcount_activity *acts;
	struct kept *kept;
	size_t n, alloc;
	int64_t *people;                     /* every named id, duplicates allowed */
	size_t n_people, alloc_people;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

static int64_t *copy_ids(const int64_t *v, size_t n)
{
	int64_t *c = xmalloc(n * sizeof(*c));
	if (n)
		memcpy(c, v, n * sizeof(*c));
	return c;
}

static void people_add(struct acc *a, const int64_t *v, size_t n)
{
	if (a->n_people + n > a->alloc_people) {
		size_t m = a->alloc_people ? a->alloc_people : 256;
		while (m < a->n_people + n)
			m *= 2;
		a->people = realloc(a->people, m * sizeof(*a->people));
		if (!a->people)
			abort();
		a->alloc_people = m;
	}
	if (n)
		memcpy(a->people + a->n_people, v, n * sizeof(*v));
	a->n_people += n;
}

static enum err_code keep_activity(struct store *st, struct acc *a, int64_t id, struct err *e)
{
	int64_t ids[ACTIVITY_MAX_PEOPLE];
	struct activity_headcount hc[ACTIVITY_MAX_HEADCOUNT];
	size_t n_ids = 0, n_hc = 0, n_sit = 0;
	struct sitting *sit = NULL;
	enum err_code rc;
	if ((rc = st->edu->participants(st, id, ids, &n_ids, e)) ||
	    (rc = st->edu->headcount(st, id, hc, &n_hc, e)) ||
	    (rc = st->edu->sittings(st, id, &sit, &n_sit, e)))
		return rc;
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 64;
		a->acts = realloc(a->acts, a->alloc * sizeof(*a->acts));
		a->kept = realloc(a->kept, a->alloc * sizeof(*a->kept));
		if (!a->acts || !a->kept)
			abort();
	}
	struct kept *k = &a->kept[a->n];
	k->ids = copy_ids(ids, n_ids);
	people_add(a, ids, n_ids);
	k->rows = xmalloc(n_hc * sizeof(*k->rows));
	for (size_t i = 0; i < n_hc; i++) {
		memset(&k->rows[i], 0, sizeof(k->rows[i]));
		snprintf(k->rows[i].county_code, sizeof(k->rows[i].county_code), "%.6s",
			 hc[i].county_code);
		k->rows[i].persons = hc[i].persons;
	}
	k->sittings = xmalloc(n_sit * sizeof(*k->sittings));
	for (size_t i = 0; i < n_sit; i++) {
		k->sittings[i].person_ids = copy_ids(sit[i].attendees, sit[i].n_attendees);
		k->sittings[i].n_person_ids = sit[i].n_attendees;
		people_add(a, sit[i].attendees, sit[i].n_attendees);
	}
	free(sit);
	a->acts[a->n] = (struct headcount_activity){
		.person_ids = k->ids, .n_person_ids = n_ids,
		.headcount = k->rows, .n_headcount = n_hc,
		.sittings = k->sittings, .n_sittings = n_sit,
	};
	a->n++;
	return ERR_OK;
}

static void acc_release(struct acc *a)
{
	for (size_t i = 0; i < a->n; i++) {
		for (size_t s = 0; s < a->acts[i].n_sittings; s++)
			free((void *)a->kept[i].sittings[s].person_ids);
		free(a->kept[i].ids);
		free(a->kept[i].rows);
		free(a->kept[i].sittings);
	}
	free(a->acts);
	free(a->kept);
	free(a->people);
}

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* The county of each named person, once per person. */
static enum err_code people_counties(struct store *st, struct acc *a,
				     struct headcount_person **out, size_t *out_n, struct err *e)
{
	size_t n = 0;
	if (a->n_people > 1)
		qsort(a->people, a->n_people, sizeof(*a->people), cmp_id);
	struct headcount_person *hp = xmalloc(a->n_people * sizeof(*hp));
	for (size_t i = 0; i < a->n_people; i++) {
		if (i && a->people[i] == a->people[i - 1])
			continue;
		struct person p;
		enum err_code rc = st->org->person_get(st, a->people[i], &p, e);
		if (rc == ERR_NOT_FOUND)
			memset(&p, 0, sizeof(p));
		else if (rc) {
			free(hp);
			return rc;
		}
		memset(&hp[n], 0, sizeof(hp[n]));
		hp[n].person_id = a->people[i];
		snprintf(hp[n].county_code, sizeof(hp[n].county_code), "%.6s", p.division_code);
		n++;
	}
	*out = hp;
	*out_n = n;
	return ERR_OK;
}

static void count_kind(struct activity_summary *s, const char *kind)
{
	s->activities++;
	for (size_t i = 0; vocab_activity_kinds[i].key; i++)
		if (strcmp(vocab_activity_kinds[i].key, kind) == 0) {
			s->by_kind[i].kind = vocab_activity_kinds[i].key;
			s->by_kind[i].n++;
			return;
		}
}

static enum err_code collect(struct store *st, const struct activity_filter *f,
			     struct activity_summary *out, struct acc *acc, struct err *e)
{
	char after[32] = "";
	for (;;) {
		struct page pg = { .after = after[0] ? after : NULL, .limit = SUMMARY_PAGE };
		struct activity *list = NULL;
		size_t n = 0;
		enum err_code rc = st->edu->activity_list(st, f, pg, &list, &n, e);
		for (size_t i = 0; i < n && !rc; i++) {
			count_kind(out, list[i].kind);
			rc = keep_activity(st, acc, list[i].id, e);
		}
		if (n)
			snprintf(after, sizeof(after), "%lld", (long long)list[n - 1].id);
		free(list);
		if (rc || n < SUMMARY_PAGE)
			return rc;
	}
}

enum err_code activity_summary_get(struct store *st, const struct activity_filter *f,
				   struct activity_summary *out, struct err *e)
{
	struct acc acc;
	struct headcount_person *hp = NULL;
	size_t n_hp = 0;
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	memset(&acc, 0, sizeof(acc));
	if ((rc = st->ops->begin_read(st, e)))
		return rc;
	if (!(rc = collect(st, f, out, &acc, e)) &&
	    !(rc = people_counties(st, &acc, &hp, &n_hp, e)))
		headcount_set(acc.acts, acc.n, hp, n_hp, &out->count);
	if (rc)
		st->ops->rollback(st);
	else
		rc = st->ops->commit(st, e);
	free(hp);
	acc_release(&acc);
	/* Kinds in vocabulary order, the empty ones dropped. */
	size_t k = 0;
	for (size_t i = 0; i < sizeof(out->by_kind) / sizeof(out->by_kind[0]); i++)
		if (out->by_kind[i].n)
			out->by_kind[k++] = out->by_kind[i];
	out->n_by_kind = k;
	if (rc)
		activity_summary_release(out);
	return rc;
}

void activity_summary_release(struct activity_summary *s)
{
	headcount_result_release(&s->count);
}
