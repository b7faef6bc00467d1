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

struct store_audit_ops {
	/* snapshot returns the JSON text of one object (malloc'd, caller frees)
	 * or NULL when absent; object_type names a table-backed kind. */
	enum err_code (*snapshot)(struct store *st, const char *object_type, int64_t id,
				  char **out_json, struct err *e);
	enum err_code (*insert)(struct store *st, const struct audit_entry *a, struct err *e);
	enum err_code (*list)(struct store *st, struct page pg, struct audit_entry **out,
			      size_t *out_n, struct err *e);
	void (*entries_free)(struct audit_entry *a, size_t n);
};

#endif
