/*
 * cache.h - each worker thread's cache of public GET answers.
 *
 * An entry is the full answer body for one URL (path and query) and the
 * database version it was computed at (store data_version); it is served
 * only while the version is unchanged, so the cache never shows stale data
 * and keeps no state the database does not have. Direct-mapped by a hash
 * of the URL: a clash simply replaces the older entry. Thread-local: no
 * locks. Entries and their bodies are freed when the thread ends. Bodies
 * held per worker never exceed CACHE_MAX_BYTES (a put that would pass it is
 * dropped).
 */
#ifndef LJ_CACHE_H
#define LJ_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_SLOTS 4096
#define CACHE_MAX_BODY ((size_t)256 * 1024)
#define CACHE_MAX_KEY 512
#define CACHE_MAX_BYTES ((size_t)32 << 20)   /* bodies held per worker */

/* On a hit returns the body (valid until the next cache call on this
 * thread) and its content type; NULL on a miss. */
const char *cache_get(const char *key, uint64_t version, size_t *out_len,
		      const char **out_content_type);
void cache_put(const char *key, uint64_t version, const char *body, size_t len,
	       const char *content_type);
/* Frees this thread's cache (thread exit). */
void cache_thread_release(void);

#endif
