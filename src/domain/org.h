/*
 * org.h - the alliance's organisation system (DESIGN.md §1.2): alliances of
 * counties, three-tier units, party organisations, people, and who holds
 * which post.
 *
 * Rules enforced here:
 *  - an alliance joins two or more distinct county-level divisions;
 *  - one county-tier task force per alliance, covering its counties;
 *    town workstations cover towns, village groups villages, each from at
 *    least two member counties; a village group sits under a town
 *    workstation of the same alliance whose towns contain its villages;
 *  - an organisation belongs to one division; people to one organisation;
 *    a secretary is a person of that organisation; a unit's members are
 *    organisations of (or under) its divisions; its leader is the current
 *    secretary of a member organisation;
 *  - post changes close the previous holder's period: nothing overwritten;
 *  - an organisation's kind fits its division's level (县委/市委 at a
 *    county, 镇党委 at a town, 村党组织 at a village); an edit keeps it in
 *    its county; one with no history (nothing refers to it) may be
 *    deleted, otherwise it is dissolved (撤销) on a day with a reason: it
 *    stays in history, leaves pickers and lists, and gets no new people,
 *    secretary or unit membership.
 * Permissions (decided by policy.h, on rows read inside the write):
 * admins do everything; alliance admins create alliances' units, members,
 * leaders and rosters; county admins create and change the organisations
 * and people of their own county only.
 */
#ifndef LJ_ORG_H
#define LJ_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_org.h"

struct alliance_input {
	const char *name;
	const char *description;
	const char *counties[ALLIANCE_MAX_COUNTIES];
	size_t n_counties;
};

struct unit_input {
	int64_t alliance_id;
	const char *tier;
	const char *name;
	int64_t parent_id;               /* 0: none / default */
	const char *divisions[UNIT_MAX_DIVISIONS];
	size_t n_divisions;
};

struct org_input {
	const char *name;
	const char *division;
	const char *kind;
};

/* A change of an organisation; NULL: leave. */
struct org_patch {
	const char *name;
	const char *division;
	const char *kind;
};

struct person_input {
	const char *name;
	int64_t org_id;
	const char *position;
	const char *phone;               /* NULL or "" for none */
	int is_demo;
};

/* Whether a division code (county level or below) lies in one of the
 * alliance's member counties. */
int alliance_covers(const struct alliance *a, const char *code);

enum err_code alliance_create(struct store *st, const struct principal *who,
			      const struct alliance_input *in, struct alliance *out, struct err *e);
enum err_code unit_create(struct store *st, const struct principal *who,
			  const struct unit_input *in, struct unit *out, struct err *e);
enum err_code unit_add_member(struct store *st, const struct principal *who, int64_t unit_id,
			      int64_t org_id, struct err *e);
enum err_code unit_set_leader(struct store *st, const struct principal *who, int64_t unit_id,
			      int64_t person_id, struct err *e);
enum err_code org_create(struct store *st, const struct principal *who,
			 const struct org_input *in, struct org *out, struct err *e);
enum err_code org_edit(struct store *st, const struct principal *who, int64_t id,
		       const struct org_patch *p, struct err *e);
/* ERR_CONFLICT (tag "org_has_history") when anything refers to it. */
enum err_code org_delete(struct store *st, const struct principal *who, int64_t id,
			 struct err *e);
enum err_code org_dissolve(struct store *st, const struct principal *who, int64_t id,
			   int32_t on, const char *reason, int32_t today, struct err *e);
enum err_code org_set_secretary(struct store *st, const struct principal *who, int64_t org_id,
				int64_t person_id, struct err *e);
enum err_code person_create(struct store *st, const struct principal *who,
			    const struct person_input *in, struct person *out, struct err *e);

/* The current leader's person id of a unit (0: none). */
int64_t unit_leader_id(struct store *st, int64_t unit_id);
/* 1 if org is a current member of the unit. */
int unit_has_member(struct store *st, int64_t unit_id, int64_t org_id);

#endif
