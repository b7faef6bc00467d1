/* meeting_read.c - a meeting in full (see meeting_read.h). */
#include "domain/meeting_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/policy.h"
#include "domain/matter.h"
#include "store/store_division.h"
#include "store/store_meeting.h"

static void *alloc_n(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static enum err_code count_county(struct store *st, struct meeting_detail *d, const char *division,
				  struct err *e)
{
	char code[8];
	snprintf(code, sizeof(code), "%.6s", division);
	for (size_t i = 0; i < d->n_by_county; i++)
		if (strcmp(d->by_county[i].code, code) == 0) {
			d->by_county[i].n++;
			return ERR_OK;
		}
	struct meeting_county *c = &d->by_county[d->n_by_county++];
	struct division dv;
	enum err_code rc = st->division->get(st, code, &dv, e);
	if (rc && rc != ERR_NOT_FOUND)
		return rc;
	snprintf(c->code, sizeof(c->code), "%s", code);
	snprintf(c->name, sizeof(c->name), "%s", rc ? code : dv.name);
	c->n = 1;
	return ERR_OK;
}

/* A meeting of an alliance who does not read answers as a missing one. */
static enum err_code meeting_hide_unread(struct store *st, const struct principal *who,
					 struct meeting *m, struct err *e)
{
	struct policy_reach r;
	enum err_code rc = policy_reach_load(st, who, &r, e);
	if (rc)
		return rc;
	int ok = policy_reach_alliance(&r, m->alliance_id);
	policy_reach_release(&r);
	return ok ? ERR_OK : st->meeting->get(st, 0, m, e);
}

enum err_code meeting_detail(struct store *st, const struct principal *who, int64_t id,
			     int32_t today, struct meeting_detail *out, struct err *e)
{
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->meeting->get(st, id, &out->m, e)) ||
	    (rc = meeting_hide_unread(st, who, &out->m, e)) ||
	    (rc = st->org->unit_get(st, out->m.unit_id, &out->unit, e)) ||
	    (rc = matter_page_of(st, out->m.agenda, out->m.n_agenda, &out->agenda, e)))
		goto out;
	out->invited = alloc_n(out->m.n_invites, sizeof(*out->invited));
	for (; out->n_invited < out->m.n_invites; out->n_invited++)
		if ((rc = st->org->org_get(st, out->m.invites[out->n_invited],
					   &out->invited[out->n_invited], e)))
			goto out;
	out->attendees = alloc_n(out->m.n_attendees, sizeof(*out->attendees));
	out->by_county = alloc_n(out->m.n_attendees, sizeof(*out->by_county));
	for (; out->n_attendees < out->m.n_attendees; out->n_attendees++) {
		struct person *p = &out->attendees[out->n_attendees];
		if ((rc = st->org->person_get(st, out->m.attendees[out->n_attendees], p, e)) ||
		    (rc = count_county(st, out, p->division_code, e)))
			goto out;
	}
	if ((rc = st->meeting->decisions(st, id, &out->decisions, &out->n_decisions, e)))
		goto out;
	out->can_edit = policy_can_edit_meeting(st, who, &out->m, &out->unit, today);
out:
	if (rc)
		meeting_detail_release(out);
	return rc;
}

void meeting_detail_release(struct meeting_detail *d)
{
	matter_page_release(&d->agenda);
	free(d->invited);
	free(d->attendees);
	free(d->by_county);
	free(d->decisions);
	d->invited = NULL;
	d->attendees = NULL;
	d->by_county = NULL;
	d->decisions = NULL;
	d->n_invited = d->n_attendees = d->n_by_county = d->n_decisions = 0;
}
