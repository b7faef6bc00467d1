/* org_read.c - read models of organisations and units (see org_read.h). */
#include "domain/org_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/duty.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "store/store_division.h"

enum err_code org_detail(struct store *st, const struct principal *who, int64_t id,
			 struct org_detail *out, struct err *e)
{
	enum err_code rc;
	char what[64];
	memset(out, 0, sizeof(*out));
	if ((rc = reach_org_get(st, who, id, &out->o, e)) ||
	    (rc = st->org->org_secretary_history(st, id, &out->secretaries, &out->n_secretaries,
						 e)) ||
	    (rc = st->org->org_in_use(st, id, &out->has_history, what, sizeof(what), e))) {
		org_detail_release(out);
		return rc;
	}
	out->can_edit = policy_can_edit_org(who, &out->o) && !out->o.dissolved_on;
	return ERR_OK;
}

void org_detail_release(struct org_detail *d)
{
	free(d->secretaries);
	d->secretaries = NULL;
	d->n_secretaries = 0;
}

/* A missing roster, duty term or leader is no error: has_* stays 0. */
static enum err_code absent_ok(enum err_code rc, int *has)
{
	*has = rc == ERR_OK;
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

static enum err_code roster_people(struct store *st, struct unit_detail *d, struct err *e)
{
	d->roster_people = calloc(d->roster.n ? d->roster.n : 1, sizeof(*d->roster_people));
	if (!d->roster_people)
		abort();
	for (size_t i = 0; i < d->roster.n; i++) {
		struct roster_person *rp = &d->roster_people[d->n_roster_people];
		enum err_code rc = st->org->person_get(st, d->roster.person_ids[i], &rp->p, e);
		if (rc == ERR_NOT_FOUND)
			continue;
		if (rc)
			return rc;
		struct division cd;
		snprintf(rp->county_code, sizeof(rp->county_code), "%.6s", rp->p.division_code);
		if ((rc = st->division->get(st, rp->county_code, &cd, e)) && rc != ERR_NOT_FOUND)
			return rc;
		snprintf(rp->county_name, sizeof(rp->county_name), "%s", rc ? "" : cd.name);
		d->n_roster_people++;
	}
	return ERR_OK;
}

static enum err_code children(struct store *st, struct unit_detail *d, struct err *e)
{
	struct unit *all = NULL;
	size_t n = 0;
	struct page pg = { .after = NULL, .limit = 500 };   /* as many as a list answers */
	enum err_code rc = st->org->unit_list(st, d->u.alliance_id, NULL, NULL, pg, &all, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (all[i].parent_id == d->u.id)
			all[d->n_children++] = all[i];
	d->children = all;
	return ERR_OK;
}

enum err_code unit_detail(struct store *st, const struct principal *who, int64_t id,
			  int32_t today, struct unit_detail *out, struct err *e)
{
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	if ((rc = reach_unit_get(st, who, id, &out->u, e)) ||
	    (rc = st->org->unit_members(st, id, &out->members, &out->n_members, e)) ||
	    (rc = st->org->unit_leader_history(st, id, &out->leaders, &out->n_leaders, e)))
		goto fail;
	for (size_t i = 0; i < out->n_leaders && !out->has_leader; i++)
		if (!out->leaders[i].until_ms &&
		    (rc = absent_ok(st->org->person_get(st, out->leaders[i].person_id, &out->leader, e),
				    &out->has_leader)))
			goto fail;
	if ((rc = absent_ok(st->rotation->roster_latest(st, id, &out->roster, e), &out->has_roster)) ||
	    (out->has_roster && (rc = roster_people(st, out, e))) ||
	    (rc = absent_ok(duty_on(st, id, today, &out->duty, e), &out->has_duty)) ||
	    (rc = children(st, out, e)))
		goto fail;
	out->can_manage = policy_can_admin_unit(who, &out->u);
	out->can_swap = policy_can_manage_rotation(st, who, &out->u);
	out->can_manage_matters = policy_can_manage_unit(st, who, &out->u, today);
	out->raise_org_ids = calloc(out->n_members ? out->n_members : 1, sizeof(int64_t));
	if (!out->raise_org_ids)
		abort();
	for (size_t i = 0; i < out->n_members; i++)
		if (out->can_manage_matters ||
		    policy_can_raise_matter(st, who, &out->u, out->members[i].id, today))
			out->raise_org_ids[out->n_raise_orgs++] = out->members[i].id;
	out->convene = (int)policy_convene_right(st, who, &out->u, today);
	return ERR_OK;
fail:
	unit_detail_release(out);
	return rc;
}

void unit_detail_release(struct unit_detail *d)
{
	free(d->members);
	free(d->leaders);
	free(d->roster_people);
	free(d->children);
	free(d->raise_org_ids);
	d->raise_org_ids = NULL;
	d->n_raise_orgs = 0;
	d->members = NULL;
	d->leaders = NULL;
	d->roster_people = NULL;
	d->children = NULL;
	d->n_members = d->n_leaders = d->n_roster_people = d->n_children = 0;
}
