/*
 * store_audit.h - the audit log and object snapshots in the store.
 *
 * audit entries are written inside the caller's write transaction.
 */
#ifndef LJ_STORE_AUDIT_H
#define LJ_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* before/after are JSON texts owned by the entry (malloc'd) when read from a
 * list, borrowed when inserting. */
struct audit_entry {
	int64_t id;
	int64_t at_ms;
	int64_t user_id;
	char username[NAME_MAX_BYTES];
	char action[64];
	char object_type[32];
	char object_id[32];
	char *before;
	char *after;
};

/* A snapshot: one object as the audit log records it before and after a
 * write, as named fields in a fixed order (the domain encodes it as JSON).
 * Lists come as one text: SNAP_INTS "1,2,3"; SNAP_TEXTS items separated by
 * SNAP_SEP_COL; SNAP_ROWS rows separated by SNAP_SEP_ROW, each row's
 * values (named by `sub`, comma-separated) by SNAP_SEP_COL. NULL text: an
 * empty list. Secrets (password hashes) are never part of a snapshot. */
enum snap_kind { SNAP_NULL, SNAP_INT, SNAP_TEXT, SNAP_BOOL, SNAP_INTS, SNAP_TEXTS, SNAP_ROWS };
#define SNAP_SEP_ROW '\x1e'
#define SNAP_SEP_COL '\x1f'
#define SNAPSHOT_MAX_FIELDS 20

struct snapshot_field {
	char key[32];
	const char *sub;         /* SNAP_ROWS: the row's keys, "a,b,c"; static */
	enum snap_kind kind;
	int64_t i;               /* SNAP_INT, SNAP_BOOL */
	char *text;              /* SNAP_TEXT and lists: malloc'd, may be NULL */
};

struct snapshot {
	int exists;              /* 0: no such object (or a kind without snapshots) */
	size_t n;
	struct snapshot_field f[SNAPSHOT_MAX_FIELDS];
};

struct store_audit_ops {
	/* Reads one object of a table-backed kind (user, session, alliance,
	 * unit, org, person, roster, matter, meeting) into out; out->exists is
	 * 0 when absent. On success the caller releases it with snapshot_clear. */
	enum err_code (*snapshot)(struct store *st, const char *object_type, int64_t id,
				  struct snapshot *out, struct err *e);
	void (*snapshot_clear)(struct snapshot *s);
	enum err_code (*insert)(struct store *st, const struct audit_entry *a, struct err *e);
	enum err_code (*list)(struct store *st, struct page pg, struct audit_entry **out,
			      size_t *out_n, struct err *e);
	void (*entries_free)(struct audit_entry *a, size_t n);
};

#endif
