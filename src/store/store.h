/*
 * store.h - the storage interface. Domain modules see only this file.
 *
 * A struct store is one connection to one backend; it is not thread safe,
 * so every worker thread owns its own (store_open per thread). Backends
 * (store_sqlite.c today, a libpq one later) fill a struct store_ops; callers
 * go through the ops table, so a backend is chosen at open time by the
 * database location and the domain code never changes.
 *
 * Conventions: every op returns enum err_code and fills *e on failure
 * (ERR_NOT_FOUND for a missing row, ERR_CONFLICT for a uniqueness clash,
 * ERR_STORE for anything else, with the detail logged). Records are plain
 * structs with fixed-size strings (see model.h); list ops return arrays the
 * caller frees with free(). Writes run inside begin_write()..commit(); a
 * failed step is followed by rollback() in the caller's cleanup path.
 */
#ifndef LJ_STORE_H
#define LJ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/model.h"

struct store;

/* A list window: items after `after` (exclusive, an opaque key the store
 * understands: a code or an id as text), at most `limit`. */
struct page {
	const char *after;
	int limit;
};

struct store_ops {
	const char *name;
	void (*close)(struct store *st);
	enum err_code (*migrate)(struct store *st, int *out_applied, struct err *e);
	enum err_code (*ping)(struct store *st, struct err *e);
	/* A number that changes whenever the database may have changed since
	 * the last call on this connection (a commit by anyone); caches key on it. */
	enum err_code (*data_version)(struct store *st, uint64_t *out, struct err *e);

	enum err_code (*begin_write)(struct store *st, struct err *e);
	enum err_code (*begin_read)(struct store *st, struct err *e);
	enum err_code (*commit)(struct store *st, struct err *e);
	void (*rollback)(struct store *st);

	/* divisions */
	enum err_code (*division_get)(struct store *st, const char *code,
				      struct division *out, struct err *e);
	enum err_code (*division_children)(struct store *st, const char *parent_code,
					   struct page pg, struct division **out, size_t *out_n,
					   struct err *e);
	enum err_code (*division_search)(struct store *st, const char *q, int max_level,
					 struct page pg, struct division **out, size_t *out_n,
					 struct err *e);
	/* Import: begin_write first; rows are upserted. */
	enum err_code (*division_put)(struct store *st, const struct division *d, struct err *e);
	enum err_code (*division_count)(struct store *st, int64_t *out, struct err *e);

	/* users and grants */
	enum err_code (*user_insert)(struct store *st, struct user *u, struct err *e);
	enum err_code (*user_update)(struct store *st, const struct user *u, struct err *e);
	enum err_code (*user_get)(struct store *st, int64_t id, struct user *out, struct err *e);
	enum err_code (*user_get_by_name)(struct store *st, const char *username,
					  struct user *out, struct err *e);
	enum err_code (*user_list)(struct store *st, struct page pg, struct user **out,
				   size_t *out_n, struct err *e);
	enum err_code (*grants_get)(struct store *st, int64_t user_id, struct grant **out,
				    size_t *out_n, struct err *e);
	enum err_code (*grants_replace)(struct store *st, int64_t user_id,
					const struct grant *g, size_t n, struct err *e);

	/* sessions and login throttling */
	enum err_code (*session_insert)(struct store *st, const struct session *s, struct err *e);
	enum err_code (*session_get)(struct store *st, const char *token_hash,
				     struct session *out, struct err *e);
	enum err_code (*session_touch)(struct store *st, const char *token_hash,
				       int64_t now_ms, struct err *e);
	enum err_code (*session_delete)(struct store *st, const char *token_hash, struct err *e);
	enum err_code (*session_delete_user)(struct store *st, int64_t user_id, struct err *e);
	enum err_code (*session_purge)(struct store *st, int64_t older_than_ms, struct err *e);
	enum err_code (*login_failure_add)(struct store *st, const char *key, int64_t at_ms,
					   struct err *e);
	enum err_code (*login_failure_count)(struct store *st, const char *key,
					     int64_t since_ms, int64_t *out, struct err *e);
	enum err_code (*login_failure_clear)(struct store *st, const char *key, struct err *e);

	/* audit: snapshot returns the JSON text of one object (malloc'd, caller
	 * frees) or NULL when absent; object_type names a table-backed kind. */
	enum err_code (*snapshot)(struct store *st, const char *object_type, int64_t id,
				  char **out_json, struct err *e);
	enum err_code (*audit_insert)(struct store *st, const struct audit_entry *a, struct err *e);
	enum err_code (*audit_list)(struct store *st, struct page pg, struct audit_entry **out,
				    size_t *out_n, struct err *e);
	void (*audit_entries_free)(struct audit_entry *a, size_t n);

	/* generic key/value meta */
	enum err_code (*meta_get)(struct store *st, const char *key, char *out, size_t out_size,
				  struct err *e);
	enum err_code (*meta_set)(struct store *st, const char *key, const char *value,
				  struct err *e);

	/* Online copy to a file (SQLite backup API). */
	enum err_code (*backup)(struct store *st, const char *path, struct err *e);

	/* Facts about a scope object (county, alliance, unit, org, person). */
	enum err_code (*scope_facts)(struct store *st, const char *type, const char *id,
				     struct scope_facts *out, struct err *e);

	/* alliances and units */
	enum err_code (*alliance_insert)(struct store *st, struct alliance *a, struct err *e);
	enum err_code (*alliance_get)(struct store *st, int64_t id, struct alliance *out,
				      struct err *e);
	enum err_code (*alliance_list)(struct store *st, struct page pg, struct alliance **out,
				       size_t *out_n, struct err *e);
	enum err_code (*unit_insert)(struct store *st, struct unit *u, struct err *e);
	enum err_code (*unit_get)(struct store *st, int64_t id, struct unit *out, struct err *e);
	/* alliance_id 0: any; tier NULL: any */
	enum err_code (*unit_list)(struct store *st, int64_t alliance_id, const char *tier,
				   struct page pg, struct unit **out, size_t *out_n, struct err *e);
	enum err_code (*unit_members)(struct store *st, int64_t unit_id, struct org **out,
				      size_t *out_n, struct err *e);
	enum err_code (*unit_member_add)(struct store *st, int64_t unit_id, int64_t org_id,
					 int64_t now_ms, struct err *e);
	/* leader: current holder (0: none); set closes the open post. */
	enum err_code (*unit_leader_history)(struct store *st, int64_t unit_id, struct post **out,
					     size_t *out_n, struct err *e);
	enum err_code (*unit_leader_set)(struct store *st, int64_t unit_id, int64_t person_id,
					 int64_t now_ms, struct err *e);

	/* organisations and people */
	enum err_code (*org_insert)(struct store *st, struct org *o, struct err *e);
	enum err_code (*org_get)(struct store *st, int64_t id, struct org *out, struct err *e);
	enum err_code (*org_list)(struct store *st, const struct org_filter *f, struct page pg,
				  struct org **out, size_t *out_n, struct err *e);
	enum err_code (*org_secretary_history)(struct store *st, int64_t org_id, struct post **out,
					       size_t *out_n, struct err *e);
	enum err_code (*org_secretary_set)(struct store *st, int64_t org_id, int64_t person_id,
					   int64_t now_ms, struct err *e);
	enum err_code (*person_insert)(struct store *st, struct person *p, struct err *e);
	enum err_code (*person_get)(struct store *st, int64_t id, struct person *out,
				    struct err *e);
	enum err_code (*person_list)(struct store *st, const struct person_filter *f,
				     struct page pg, struct person **out, size_t *out_n,
				     struct err *e);

	/* rosters and duty terms */
	enum err_code (*roster_latest)(struct store *st, int64_t unit_id, struct roster *out,
				       struct err *e);
	enum err_code (*roster_insert)(struct store *st, const struct roster *r, struct err *e);
	/* all terms of a unit with idx >= from_idx, in order */
	enum err_code (*terms_list)(struct store *st, int64_t unit_id, int64_t from_idx,
				    struct duty_term **out, size_t *out_n, struct err *e);
	enum err_code (*terms_delete_from)(struct store *st, int64_t unit_id, int64_t from_idx,
					   struct err *e);
	enum err_code (*term_put)(struct store *st, const struct duty_term *t, struct err *e);
	enum err_code (*term_on)(struct store *st, int64_t unit_id, int32_t day,
				 struct duty_term *out, struct err *e);
	enum err_code (*swap_insert)(struct store *st, const struct swap_record *s, struct err *e);
	enum err_code (*handover_put)(struct store *st, const struct handover *h, struct err *e);
	enum err_code (*handover_list)(struct store *st, int64_t unit_id, struct handover **out,
				       size_t *out_n, struct err *e);
	void (*handovers_free)(struct handover *h, size_t n);
	/* matters */
	enum err_code (*matter_types)(struct store *st, struct matter_type **out, size_t *out_n,
				      struct err *e);
	enum err_code (*matter_type_insert)(struct store *st, const struct matter_type *t,
					    struct err *e);
	enum err_code (*matter_insert)(struct store *st, struct matter *m, struct err *e);
	enum err_code (*matter_update)(struct store *st, const struct matter *m, struct err *e);
	enum err_code (*matter_get)(struct store *st, int64_t id, struct matter *out, struct err *e);
	/* Lists newest first (after: an id); malloc'd array. */
	enum err_code (*matter_list)(struct store *st, const struct matter_filter *f, struct page pg,
				     struct matter **out, size_t *out_n, struct err *e);
	enum err_code (*matter_event_insert)(struct store *st, const struct matter_event *ev,
					     struct err *e);
	enum err_code (*matter_events)(struct store *st, int64_t matter_id, struct matter_event **out,
				       size_t *out_n, struct err *e);
	enum err_code (*matter_assignee_add)(struct store *st, int64_t matter_id, int64_t org_id,
					     int64_t person_id, struct err *e);
	enum err_code (*matter_assignees)(struct store *st, int64_t matter_id,
					  struct matter_assignee **out, size_t *out_n, struct err *e);
	/* The assignees of n matters in one statement, ordered by matter id
	 * then assignment (malloc'd; matter_id tells whose). */
	enum err_code (*matter_assignees_of)(struct store *st, const int64_t *matter_ids, size_t n,
					     struct matter_assignee **out, size_t *out_n,
					     struct err *e);
	/* Open matters of a unit raised on or before day, as a JSON array text
	 * [{id,title,status,due_on}] (malloc'd). */
	enum err_code (*matters_open_json)(struct store *st, int64_t unit_id, int32_t day,
					   char **out_json, struct err *e);

	/* meetings */
	enum err_code (*meeting_insert)(struct store *st, struct meeting *m, struct err *e);
	enum err_code (*meeting_get)(struct store *st, int64_t id, struct meeting *out,
				     struct err *e);
	enum err_code (*meeting_list)(struct store *st, int64_t unit_id, int64_t alliance_id,
				      struct page pg, struct meeting **out, size_t *out_n,
				      struct err *e);
	enum err_code (*meeting_set_attendance)(struct store *st, int64_t meeting_id,
						const int64_t *person_ids, size_t n, struct err *e);
	enum err_code (*meeting_set_minutes)(struct store *st, int64_t meeting_id, const char *text,
					     struct err *e);
	enum err_code (*decision_insert)(struct store *st, struct decision *d, struct err *e);
	enum err_code (*decisions)(struct store *st, int64_t meeting_id, struct decision **out,
				   size_t *out_n, struct err *e);
	/* The decisions of the unit's last meeting held on or before day, as a
	 * JSON array text (malloc'd; "[]" when none). */
	enum err_code (*last_decisions_json)(struct store *st, int64_t unit_id, int32_t day,
					     char **out_json, struct err *e);

	/* inbox */
	enum err_code (*notification_insert)(struct store *st, const struct notification *n,
					     struct err *e);
	enum err_code (*notification_list)(struct store *st, int64_t person_id, struct page pg,
					   struct notification **out, size_t *out_n, struct err *e);
	enum err_code (*notification_read)(struct store *st, int64_t id, int64_t person_id,
					   int64_t now_ms, struct err *e);
	enum err_code (*notification_unread)(struct store *st, int64_t person_id, int64_t *out,
					     struct err *e);

	/* incremental statistics */
	enum err_code (*stat_matter_add)(struct store *st, int64_t alliance_id, int64_t unit_id,
					 const char *county, const char *category, int32_t day,
					 int64_t raised, int64_t resolved, int64_t resolve_days,
					 int64_t escalated, struct err *e);
	enum err_code (*stat_open_due_add)(struct store *st, int64_t alliance_id, int64_t unit_id,
					   const char *county, const char *category, int32_t due_on,
					   int64_t delta, struct err *e);
	enum err_code (*stat_meeting_add)(struct store *st, int64_t alliance_id, int64_t unit_id,
					  const char *county, int32_t day, int64_t meetings,
					  int64_t attendance, struct err *e);
	/* Figures grouped by `by` over [from, to] (overdue: the open matters
	 * due before today) and the attendance per county over [from, to];
	 * on success the caller frees out->rows and out->county_attendance. */
	enum err_code (*stat_rows)(struct store *st, int64_t alliance_id, enum stat_by by,
				   int32_t from, int32_t to, int32_t today, struct stat_rows *out,
				   struct err *e);
	/* A person's duty terms starting within [from, to] (org_name holds the
	 * unit's name). */
	enum err_code (*terms_of_person)(struct store *st, int64_t person_id, int32_t from,
					 int32_t to, struct duty_term **out, size_t *out_n,
					 struct err *e);
};

struct store {
	const struct store_ops *ops;
};

/* Opens location: a file path (SQLite, created if absent). A postgres://
 * location is reserved for the libpq backend. */
enum err_code store_open(const char *location, struct store **out, struct err *e);
void store_close(struct store *st);

#endif
