/*
 * org_read.h - read models of organisations and units for the API: one
 * organisation in full (its secretaries over time, what the reader may do
 * with it) and one unit in full (members, leaders, roster, duty of the day,
 * child units, what the reader may do). Both keep to the reader's reach: an
 * object outside it is ERR_NOT_FOUND, as if absent. Any store error is
 * returned, never turned into a missing field.
 *
 * Memory: the *_release functions free what a read filled; a released or
 * zeroed struct may be released again.
 */
#ifndef LJ_ORG_READ_H
#define LJ_ORG_READ_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

struct org_detail {
	struct org o;
	struct post *secretaries;       /* newest first */
	size_t n_secretaries;
	int can_edit;                   /* name, kind, division, secretary, people, 撤销 */
	int has_history;                /* deleting is refused: 撤销 instead */
};

/* A person of the roster, with the county of their organisation. */
struct roster_person {
	struct person p;
	char county_code[8];
	char county_name[NAME_MAX_BYTES];
};

struct unit_detail {
	struct unit u;
	struct org *members;
	size_t n_members;
	struct post *leaders;           /* newest first */
	size_t n_leaders;
	int has_leader;
	struct person leader;
	int has_roster;
	struct roster roster;
	struct roster_person *roster_people;
	size_t n_roster_people;
	int has_duty;
	struct duty_term duty;          /* the term of today */
	struct unit *children;
	size_t n_children;
	int can_manage;                 /* members, leader, roster */
	int can_swap;
	int can_manage_matters;         /* transitions, edits: today */
	int64_t *raise_org_ids;         /* members it may raise matters for, today */
	size_t n_raise_orgs;
	int convene;                    /* enum policy_convene, today */
};

enum err_code org_detail(struct store *st, const struct principal *who, int64_t id,
			 struct org_detail *out, struct err *e);
void org_detail_release(struct org_detail *d);

enum err_code unit_detail(struct store *st, const struct principal *who, int64_t id,
			  int32_t today, struct unit_detail *out, struct err *e);
void unit_detail_release(struct unit_detail *d);

#endif
