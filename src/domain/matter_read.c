/* matter_read.c - read models of matters (see matter_read.h). */
#include "domain/matter_read.h"

#include <stdlib.h>
#include <string.h>

#include "domain/policy.h"
#include "domain/matter.h"
#include "domain/vocab.h"

static enum err_code load_assignees(struct store *st, struct matter_page *p, struct err *e)
{
	int64_t *ids;
	enum err_code rc;
	if (!p->n)
		return ERR_OK;
	ids = malloc(p->n * sizeof(*ids));
	if (!ids)
		abort();
	for (size_t i = 0; i < p->n; i++)
		ids[i] = p->items[i].id;
	rc = st->matter->assignees_of(st, ids, p->n, &p->assignees, &p->n_assignees, e);
	free(ids);
	return rc;
}

enum err_code matter_list_page(struct store *st, const struct matter_filter *f, struct page pg,
			       struct matter_page *out, struct err *e)
{
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->matter->list(st, f, pg, &out->items, &out->n, e)) ||
	    (rc = load_assignees(st, out, e)))
		matter_page_release(out);
	return rc;
}

enum err_code matter_page_of(struct store *st, const int64_t *ids, size_t n,
			     struct matter_page *out, struct err *e)
{
	enum err_code rc = ERR_OK;
	memset(out, 0, sizeof(*out));
	if (!n)
		return ERR_OK;
	out->items = calloc(n, sizeof(*out->items));
	if (!out->items)
		abort();
	for (; out->n < n; out->n++)
		if ((rc = st->matter->get(st, ids[out->n], &out->items[out->n], e)))
			goto out;
	rc = load_assignees(st, out, e);
out:
	if (rc)
		matter_page_release(out);
	return rc;
}

const struct matter_assignee *matter_page_assignees(const struct matter_page *p, int64_t id,
						    size_t *out_n)
{
	size_t i = 0, j;
	while (i < p->n_assignees && p->assignees[i].matter_id != id)
		i++;
	for (j = i; j < p->n_assignees && p->assignees[j].matter_id == id; j++)
		;
	*out_n = j - i;
	return p->assignees + i;
}

void matter_page_release(struct matter_page *p)
{
	free(p->items);
	free(p->assignees);
	memset(p, 0, sizeof(*p));
}

/* A matter of an alliance who does not read answers as a missing one. */
static enum err_code matter_hide_unread(struct store *st, const struct principal *who,
					struct matter *m, struct err *e)
{
	struct policy_reach r;
	enum err_code rc = policy_reach_load(st, who, &r, e);
	if (rc)
		return rc;
	int ok = policy_reach_alliance(&r, m->alliance_id);
	policy_reach_release(&r);
	return ok ? ERR_OK : st->matter->get(st, 0, m, e);
}

enum err_code matter_detail(struct store *st, const struct principal *who, int64_t id,
			    int32_t today, struct matter_detail *out, struct err *e)
{
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->matter->get(st, id, &out->m, e)) ||
	    (rc = matter_hide_unread(st, who, &out->m, e)) ||
	    (rc = st->org->unit_get(st, out->m.unit_id, &out->unit, e)) ||
	    (rc = st->matter->assignees(st, id, &out->assignees, &out->n_assignees, e)) ||
	    (rc = st->matter->events(st, id, &out->events, &out->n_events, e))) {
		matter_detail_release(out);
		return rc;
	}
	/* escalation needs a parent unit to go to */
	for (const struct vocab_term *t = vocab_statuses; t->key; t++)
		if (matter_transition_allowed(out->m.status, t->key) &&
		    (strcmp(t->key, "escalated") != 0 || out->unit.parent_id) &&
		    out->n_allowed < sizeof(out->allowed) / sizeof(out->allowed[0]))
			out->allowed[out->n_allowed++] = t->key;
	out->can_manage = policy_can_manage_unit(st, who, &out->unit, today);
	return ERR_OK;
}

void matter_detail_release(struct matter_detail *d)
{
	free(d->assignees);
	free(d->events);
	d->assignees = NULL;
	d->events = NULL;
	d->n_assignees = d->n_events = 0;
}
