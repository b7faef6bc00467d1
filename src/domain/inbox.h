/*
 * inbox.h - per-person notifications, and the one seam where other delivery
 * channels (email, SMS) plug in.
 *
 * inbox_notify() stores a notification for a person inside the caller's
 * transaction and hands it to every registered channel. Today the only
 * channel is the inbox itself; a channel registered with
 * inbox_register_channel() receives each notification after it is stored
 * (it must not block: queue the work).
 */
#ifndef LJ_INBOX_H
#define LJ_INBOX_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_inbox.h"

struct inbox_channel {
	const char *name;
	void (*deliver)(const struct notification *n);
};

void inbox_register_channel(const struct inbox_channel *ch);

/* dedup: "" for none; a second notification with the same key is dropped. */
enum err_code inbox_notify(struct store *st, int64_t person_id, const char *kind,
			   const char *object_type, int64_t object_id, const char *dedup,
			   const char *title, const char *body, struct err *e);

/* Creates the time-driven notifications of a person as of today (duty term
 * starting within 7 days, matters assigned to them now overdue), once each. */
enum err_code inbox_refresh(struct store *st, int64_t person_id, int32_t today, struct err *e);

/* A page of a person's notifications, newest first, after inbox_refresh,
 * and the person's unread count. *out is malloc'd (free()); NULL on error. */
enum err_code inbox_list(struct store *st, int64_t person_id, int32_t today, struct page pg,
			 struct notification **out, size_t *out_n, int64_t *out_unread,
			 struct err *e);
/* Marks the person's notification id read (ERR_NOT_FOUND when it is not
 * theirs) and gives the unread count after it. */
enum err_code inbox_mark_read(struct store *st, int64_t person_id, int64_t id,
			      int64_t *out_unread, struct err *e);

#endif
