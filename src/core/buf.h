/*
 * buf.h - a bounded, growable byte string with a sticky error.
 *
 * Invariants: b->data is always NUL-terminated when b->len > 0 or after any
 * append; b->len never exceeds b->cap_limit. Once an append would pass the
 * limit, b->overflow is set, the append is dropped, and every later append is
 * a no-op, so callers check once at the end (curl's dynbuf idea).
 *
 * Life cycle: buf_init() (no allocation) ... buf_release() frees the memory;
 * buf_detach() hands the memory to the caller (free() it).
 */
#ifndef LJ_BUF_H
#define LJ_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap_limit;
	int overflow;
};

void buf_init(struct buf *b, size_t cap_limit);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *out_len);
void buf_reset(struct buf *b);

void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_add_i64(struct buf *b, int64_t v);

/* JSON helpers: a quoted, escaped JSON string (input must be valid UTF-8),
 * or the JSON literal null when s is NULL. */
void buf_json_str(struct buf *b, const char *s);

#endif
