/*
 * store_inbox.h - notifications (the inbox) in the store.
 *
 * List ops return malloc'd arrays the caller frees with free().
 */
#ifndef LJ_STORE_INBOX_H
#define LJ_STORE_INBOX_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct notification {
	int64_t id;
	int64_t person_id;
	char kind[24];
	char title[512];
	char body[1024];
	char object_type[16];
	int64_t object_id;
	char dedup_key[96];          /* "" for none */
	int64_t created_at_ms;
	int64_t read_at_ms;
};

struct store_inbox_ops {
	enum err_code (*insert)(struct store *st, const struct notification *n, struct err *e);
	enum err_code (*list)(struct store *st, int64_t person_id, struct page pg,
			      struct notification **out, size_t *out_n, struct err *e);
	enum err_code (*read)(struct store *st, int64_t id, int64_t person_id, int64_t now_ms,
			      struct err *e);
	enum err_code (*unread)(struct store *st, int64_t person_id, int64_t *out, struct err *e);
};

#endif
