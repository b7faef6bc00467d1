/*
 * store_matter.h - matters (重大事项) in the store: types, matters, their timeline
 * (events) and assignees.
 *
 * List ops return malloc'd arrays the caller frees with free().
 */
#ifndef LJ_STORE_MATTER_H
#define LJ_STORE_MATTER_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define MATTER_MAX_DIVISIONS 16
#define MATTER_TITLE_MAX_CHARS 100
#define MATTER_DESC_MAX_CHARS 1000
#define MATTER_NOTE_MAX_CHARS 1000   /* notes, resolutions, closing reasons */
#define MATTER_TYPE_KEY_MAX_CHARS 24
/* A timeline note: the user's note and what the domain adds around it (the
 * unit escalated from, the meeting's decision, the fields changed). */
#define MATTER_EVENT_NOTE_BYTES TEXT_BYTES(MATTER_NOTE_MAX_CHARS + 256)
#define MATTER_TYPE_LABEL_MAX_CHARS 16

struct matter {
	int64_t id;
	int64_t alliance_id;
	int64_t unit_id;
	int64_t origin_unit_id;
	char county_code[8];
	char title[TEXT_BYTES(MATTER_TITLE_MAX_CHARS)];
	char description[TEXT_BYTES(MATTER_DESC_MAX_CHARS)];
	char category[16];
	char type[TEXT_BYTES(MATTER_TYPE_KEY_MAX_CHARS)];
	char priority[8];
	char status[16];
	int32_t due_on;              /* 0: none */
	int64_t raised_by_org_id;
	int64_t raised_by_user;
	int32_t raised_on;
	int64_t raised_at_ms;
	int32_t resolved_on;         /* 0: not resolved */
	char resolution[TEXT_BYTES(MATTER_NOTE_MAX_CHARS)];
	char closed_reason[TEXT_BYTES(MATTER_NOTE_MAX_CHARS)];
	/* figures: -1 when not recorded */
	int64_t funds_fen;
	int64_t people_count;
	int64_t length_m;
	int64_t jobs;
	int64_t updated_at_ms;
	char divisions[MATTER_MAX_DIVISIONS][16];
	size_t n_divisions;
	/* filled on reads */
	char unit_name[NAME_MAX_BYTES];
	char raised_by_org_name[NAME_MAX_BYTES];
	char type_label[TEXT_BYTES(MATTER_TYPE_LABEL_MAX_CHARS)];
};

struct matter_event {
	int64_t id;
	int64_t matter_id;
	int64_t at_ms;
	int64_t user_id;
	char username[NAME_MAX_BYTES];
	char kind[24];               /* raised, transition, progress, assign, set_due, figures, decision */
	char from_status[16];
	char to_status[16];
	int64_t unit_id;
	int64_t meeting_id;
	char note[MATTER_EVENT_NOTE_BYTES];
};

struct matter_assignee {
	int64_t matter_id;
	int64_t org_id;
	char org_name[NAME_MAX_BYTES];
	int64_t person_id;
	char person_name[NAME_MAX_BYTES];
};

struct matter_type {
	char key[TEXT_BYTES(MATTER_TYPE_KEY_MAX_CHARS)];
	char label[TEXT_BYTES(MATTER_TYPE_LABEL_MAX_CHARS)];
	int builtin;
};

struct matter_filter {
	int64_t unit_id;
	int64_t alliance_id;
	const char *status;
	const char *category;
	int overdue;                 /* only open matters due before today */
	int32_t today;
	const char *q;
	int64_t assignee_person_id;
	const char *alliance_in;     /* NULL, or ",1,4,": only these alliances */
};

/* An open matter as a handover lists it. */
struct matter_brief {
	int64_t id;
	char title[TEXT_BYTES(MATTER_TITLE_MAX_CHARS)];
	char status[16];
	int32_t due_on;              /* 0: none */
};

struct store_matter_ops {
	enum err_code (*types)(struct store *st, struct matter_type **out, size_t *out_n,
			       struct err *e);
	enum err_code (*type_insert)(struct store *st, const struct matter_type *t, struct err *e);
	enum err_code (*insert)(struct store *st, struct matter *m, struct err *e);
	enum err_code (*update)(struct store *st, const struct matter *m, struct err *e);
	enum err_code (*get)(struct store *st, int64_t id, struct matter *out, struct err *e);
	/* Targeted writes, inside begin_write: each sets only its own columns
	 * (and updated_at_ms), so a change never writes back fields another
	 * request has changed; ERR_NOT_FOUND when the matter is absent.
	 * set_status writes m's status, unit_id, resolved_on, resolution and
	 * closed_reason only while the row's status is still from_status,
	 * else ERR_CONFLICT (tag "status_changed"). set_figures: each figure
	 * -1 leaves it, -2 clears it, else sets it. */
	enum err_code (*set_status)(struct store *st, const struct matter *m,
				    const char *from_status, struct err *e);
	enum err_code (*set_due)(struct store *st, int64_t id, int32_t due_on, int64_t at_ms,
				 struct err *e);
	enum err_code (*set_priority)(struct store *st, int64_t id, const char *priority,
				      int64_t at_ms, struct err *e);
	enum err_code (*set_figures)(struct store *st, int64_t id, int64_t funds_fen,
				     int64_t people_count, int64_t length_m, int64_t jobs,
				     int64_t at_ms, struct err *e);
	/* set_text writes title, description, category and type;
	 * set_divisions replaces the matter's divisions. */
	enum err_code (*set_text)(struct store *st, const struct matter *m, struct err *e);
	enum err_code (*set_divisions)(struct store *st, const struct matter *m, struct err *e);
	enum err_code (*touch)(struct store *st, int64_t id, int64_t at_ms, struct err *e);
	/* Lists newest first (after: an id); malloc'd array. */
	enum err_code (*list)(struct store *st, const struct matter_filter *f, struct page pg,
			      struct matter **out, size_t *out_n, struct err *e);
	enum err_code (*event_insert)(struct store *st, const struct matter_event *ev,
				      struct err *e);
	enum err_code (*events)(struct store *st, int64_t matter_id, struct matter_event **out,
				size_t *out_n, struct err *e);
	enum err_code (*assignee_add)(struct store *st, int64_t matter_id, int64_t org_id,
				      int64_t person_id, struct err *e);
	enum err_code (*assignees)(struct store *st, int64_t matter_id,
				   struct matter_assignee **out, size_t *out_n, struct err *e);
	/* The assignees of n matters in one statement, ordered by matter id
	 * then assignment (malloc'd; matter_id tells whose). */
	enum err_code (*assignees_of)(struct store *st, const int64_t *matter_ids, size_t n,
				      struct matter_assignee **out, size_t *out_n, struct err *e);
	/* Open matters of a unit raised on or before day, by id. */
	enum err_code (*open_on)(struct store *st, int64_t unit_id, int32_t day,
				 struct matter_brief **out, size_t *out_n, struct err *e);
};

#endif
