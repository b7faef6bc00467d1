/*
 * policy.h - who may do what, answered in one place: read an alliance,
 * administer an alliance, a county or a unit, manage a unit's matters and
 * meetings, raise and note matters, convene, edit a meeting, edit an
 * organisation, see phone numbers.
 *
 * Every predicate returns 1 (allowed) or 0. Facts about objects come from
 * the caller (the unit, the meeting, the matter as read inside the write
 * transaction that acts on them); a predicate taking a store reads only the
 * time-bound facts it must (the duty term of a day, the unit's current
 * leader, the account's own person), through that same connection, so a
 * domain function that calls it after begin_write decides on current rows.
 * Grants are looked up with auth/perm.h; nothing else restates a rule.
 */
#ifndef LJ_POLICY_H
#define LJ_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "store/store.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_scope.h"

/* ---- administration ---- */

/* Deployment admin. */
int policy_is_admin(const struct principal *who);
/* Admin, or alliance admin of this alliance. */
int policy_can_admin_alliance(const struct principal *who, int64_t alliance_id);
/* Admin, or county admin of this 6-digit county: creates and changes the
 * organisations and people of the county. */
int policy_can_admin_county(const struct principal *who, const char *county);
/* May change an organisation (its secretary, its people): the county of
 * its division is who's. */
int policy_can_edit_org(const struct principal *who, const struct org *o);
/* Administers the unit (members, leader, roster): its alliance's admin. */
int policy_can_admin_unit(const struct principal *who, const struct unit *u);
/* May add matter types: admin or any alliance admin. */
int policy_can_add_matter_type(const struct principal *who);

/* ---- posts and terms ---- */

/* Leads the unit: a unit_leader grant on it, or who's person is its
 * current leader. */
int policy_leads_unit(struct store *st, const struct principal *who, const struct unit *u);
/* who's person is the unit's duty secretary on day. */
int policy_is_on_duty(struct store *st, const struct principal *who, int64_t unit_id,
		      int32_t day);
/* who holds a member grant on the organisation, or is one of its people. */
int policy_member_of_org(struct store *st, const struct principal *who, int64_t org_id);

/* ---- units, matters, meetings ---- */

/* Manages the unit's matters and meetings on day: its administrator, its
 * leader, or its duty secretary of the day. */
int policy_can_manage_unit(struct store *st, const struct principal *who, const struct unit *u,
			   int32_t day);
/* May book a swap of duty terms: the unit's administrator or leader. */
int policy_can_manage_rotation(struct store *st, const struct principal *who,
			       const struct unit *u);
/* May raise a matter for the unit's member organisation org_id on day:
 * the unit's managers, or a member of that organisation. */
int policy_can_raise_matter(struct store *st, const struct principal *who, const struct unit *u,
			    int64_t org_id, int32_t day);
/* May add a progress note to matter m of unit u on day: the unit's
 * managers, members of the raising organisation, an assignee. */
int policy_can_note_matter(struct store *st, const struct principal *who, const struct matter *m,
			   const struct unit *u, int32_t day);

enum policy_convene {
	POLICY_CONVENE_NONE,      /* may not convene */
	POLICY_CONVENE_DUTY,      /* the duty secretary of the day */
	POLICY_CONVENE_OVERRIDE   /* an alliance admin, only with a recorded reason */
};
/* How who may convene a meeting of unit u held on day. */
enum policy_convene policy_convene_right(struct store *st, const struct principal *who,
					 const struct unit *u, int32_t day);
/* May change meeting m of unit u (attendance, minutes, decisions): its
 * convener, or the unit's managers of the meeting's day or of today. */
int policy_can_edit_meeting(struct store *st, const struct principal *who,
			    const struct meeting *m, const struct unit *u, int32_t today);

/* ---- the five lines: sites, routes, activities ---- */

/* May record a site or route of the alliance placed in county (6 digits;
 * NULL for a route): the alliance's admin, or that county's admin. */
int policy_can_edit_site(const struct principal *who, int64_t alliance_id, const char *county);
/* May create or change an activity of the alliance hosted by an
 * organisation of county: the alliance's admin, the county's admin, or the
 * leader of u (the activity's unit; NULL: none). */
int policy_can_manage_activity(struct store *st, const struct principal *who,
			       int64_t alliance_id, const char *county, const struct unit *u);
/* May record an activity's people (participants, sittings, attendance,
 * check-in codes): its managers, or the host organisation's secretary. */
int policy_can_record_activity(struct store *st, const struct principal *who,
			       int64_t alliance_id, const char *county, const struct unit *u,
			       const struct org *host);

/* ---- the economy line: enterprises, projects, financing ---- */

/* May record an enterprise registered in county (6 digits), or its
 * financing: the alliance's admin, or that county's admin. */
int policy_can_edit_enterprise(const struct principal *who, int64_t alliance_id,
			       const char *county);
/* May manage a project (stage, funds, team) of the alliance spanning the
 * given divisions (codes of 6+ digits): the alliance's admin, the admin of
 * a county one of the divisions lies in, or the leader of u (the project's
 * unit; NULL: none). */
int policy_can_manage_project(struct store *st, const struct principal *who,
			      int64_t alliance_id, const char (*divisions)[16], size_t n,
			      const struct unit *u);

/* ---- what an account may do, summarised for the pages (GET /me) ---- */

struct policy_rights {
	int admin;
	int manage_users;            /* accounts within its scope */
	int add_matter_types;
	int create_units;            /* units of an alliance it administers */
	int edit_orgs;               /* creates and changes organisations … */
	int edit_orgs_anywhere;      /* … of every county, or only of these: */
	const char *org_counties[PRINCIPAL_MAX_GRANTS];   /* point into who's grants */
	size_t n_org_counties;
};
void policy_rights_of(const struct principal *who, struct policy_rights *out);

/* ---- reading ---- */

/* May see phone numbers of people of this county: its administrators, or
 * an alliance admin whose alliance covers it. */
int policy_can_view_phone(struct store *st, const struct principal *who, const char *county);

/* What deciding read access to an alliance needs: the alliance, its member
 * counties, its units and the organisations that are members of them.
 * Arrays belong to the caller. */
struct policy_alliance_facts {
	int64_t alliance_id;
	const char (*counties)[8];
	size_t n_counties;
	const int64_t *unit_ids;
	size_t n_units;
	const int64_t *org_ids;
	size_t n_orgs;
};
/* May read the alliance: a deployment admin or a deployment-wide viewer;
 * otherwise any grant (any role, viewer included) on the alliance, on one
 * of its member counties, on one of its units or on one of their member
 * organisations. */
int policy_can_read_alliance(const struct principal *who, const struct policy_alliance_facts *f);

/* What an account reads, computed once per request (or remembered, see
 * principal.h: reach_epoch): the alliances policy_can_read_alliance allows,
 * found by one store statement keyed by the grants rather than by asking
 * of every alliance, and the member counties of those alliances (whose
 * organisations and people it reads).
 * all: a deployment admin or deployment-wide viewer (an auditor) reads
 * everything, and both sets are NULL. Otherwise each set is a malloc'd
 * string ",1,4," / ",450922,440982," (",": nothing), the form the store's
 * list filters take. An anonymous caller reads nothing. */
struct policy_reach {
	int all;
	char *alliance_set;
	char *county_set;
};
enum err_code policy_reach_load(struct store *st, const struct principal *who,
				struct policy_reach *out, struct err *e);
/* Frees both sets; r may then be loaded again. */
void policy_reach_release(struct policy_reach *r);
/* Frees this thread's remembered reaches (thread exit). */
void policy_reach_memo_release(void);
/* 1 if r covers the alliance / the county of a division code (6+ digits). */
int policy_reach_alliance(const struct policy_reach *r, int64_t alliance_id);
int policy_reach_county(const struct policy_reach *r, const char *division);

/* ---- sign-ins and sessions (登录日志, 在线用户) ---- */

/* May open the sign-in log and the live sessions of other accounts: a
 * deployment admin, an alliance admin or a county admin. */
int policy_can_oversee_sessions(const struct principal *who);
/* May see the sign-ins and live sessions of account user_id (which holds
 * grants g[0..n)) and end its sessions: a deployment admin, any account;
 * an alliance or county admin, the accounts it administers (a grant inside
 * its scope and no admin grant, as for managing accounts), itself included. */
int policy_can_oversee_account(struct store *st, const struct principal *who,
			       int64_t user_id, const struct grant *g, size_t n);
/* Sees attempts with names that match no account: deployment admins. */
int policy_can_see_unknown_signins(const struct principal *who);

#endif
