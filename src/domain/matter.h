/*
 * matter.h - cross-border matters (重大事项 / 合作难题) and their lifecycle.
 *
 * Lifecycle: proposed → studying → in_progress → resolved; from any open
 * state a matter may be escalated to the parent unit (village group → town
 * workstation → county task force), where it continues with its history, or
 * closed with a reason. resolved and closed are final. Resolving needs a
 * resolution summary. Every change is a timeline entry (who, when, what,
 * note) and an audit entry, and keeps the statistics counters in step, all
 * in one transaction.
 *
 * Who: a matter is raised for a member organisation of the unit by that
 * organisation's members, the unit's leader, its duty secretary of the day,
 * or an alliance admin. The unit's leader, the duty secretary of the day and
 * alliance admins manage it (transitions, fields); its raising organisation
 * and assignees may add progress notes.
 */
#ifndef LJ_MATTER_H
#define LJ_MATTER_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_matter.h"
#include "store/store_org.h"

#define MATTER_MAX_ASSIGNEES 16

struct matter_input {
	int64_t unit_id;
	const char *title;
	const char *description;
	const char *category;
	const char *type;
	const char *divisions[MATTER_MAX_DIVISIONS];
	size_t n_divisions;
	const char *priority;
	int32_t due_on;                 /* 0: none */
	int64_t raised_by_org_id;
	int64_t assignee_orgs[MATTER_MAX_ASSIGNEES];
	size_t n_assignee_orgs;
	int64_t assignee_people[MATTER_MAX_ASSIGNEES];
	size_t n_assignee_people;
	int64_t funds_fen, people_count, length_m, jobs;   /* -1: not given */
};

/* A change of fields; has_* say which are present. The matter's own
 * fields (title … divisions; NULL / has_divisions 0: leave) are edited
 * while it is open only, checked as when it was raised; the timeline says
 * which changed, from what to what. */
struct matter_patch {
	const char *title;
	const char *description;
	const char *category;
	const char *type;
	int has_divisions;
	const char *divisions[MATTER_MAX_DIVISIONS];
	size_t n_divisions;
	int has_due;
	int32_t due_on;                 /* 0: clear */
	const char *priority;
	int has_figures;
	int64_t funds_fen, people_count, length_m, jobs;   /* -1: leave, -2: clear */
	int64_t add_assignee_org;
	int64_t add_assignee_person;
	const char *note;
};

/* Pure rules, for tests and for the UI's buttons. */
int matter_status_valid(const char *s);
int matter_status_open(const char *s);
int matter_transition_allowed(const char *from, const char *to);
int matter_category_valid(const char *c);
const char *matter_category_label(const char *c);
const char *matter_status_label(const char *s);

enum err_code matter_raise(struct store *st, const struct principal *who,
			   const struct matter_input *in, int32_t today, struct matter *out,
			   struct err *e);
/* meeting_id: the meeting whose decision this is (0: none). */
enum err_code matter_transition(struct store *st, const struct principal *who, int64_t id,
				const char *to, const char *note, const char *resolution,
				int32_t today, struct err *e);
enum err_code matter_progress(struct store *st, const struct principal *who, int64_t id,
			      const char *note, int32_t today, struct err *e);
enum err_code matter_patch(struct store *st, const struct principal *who, int64_t id,
			   const struct matter_patch *p, int32_t today, struct err *e);
enum err_code matter_add_type(struct store *st, const struct principal *who, const char *key,
			      const char *label, struct err *e);

/* ---- used by meetings, inside the caller's write transaction, on a
 * matter read inside it (who may act is the caller's check) ---- */
enum err_code matter_apply_transition(struct store *st, const struct principal *who,
				      struct matter *m, const char *to, const char *note,
				      const char *resolution, int64_t meeting_id, int32_t today,
				      struct err *e);
enum err_code matter_apply_patch(struct store *st, const struct principal *who, struct matter *m,
				 const struct matter_patch *p, int64_t meeting_id, int32_t today,
				 struct err *e);

/* Installs the handover facts provider (open matters, last decisions). */
void matter_init(void);

#endif
