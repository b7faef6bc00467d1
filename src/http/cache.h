/*
 * cache.h - each worker thread's cache of public GET answers.
 *
 * An entry is the prepared response for one URL (path and query): the
 * transport's response object with its body and headers, built once and
 * handed to every connection that asks for the URL (no copy of the body per
 * request), and the database version it was computed at (store
 * data_version); it is served only while the version is unchanged, so the
 * cache never shows stale data and keeps no state the database does not
 * have. Set-associative (CACHE_WAYS slots per set, least recently used
 * replaced). Thread-local: no locks. Responses are released (through the
 * function given to cache_put) when replaced and when the thread ends; the
 * transport keeps a response alive while a connection still sends it.
 * Bodies held per worker never exceed CACHE_MAX_BYTES (a put that would
 * pass it is refused).
 */
#ifndef LJ_CACHE_H
#define LJ_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_SLOTS 8192
#define CACHE_MAX_BODY ((size_t)256 * 1024)
#define CACHE_MAX_KEY 512
#define CACHE_MAX_BYTES ((size_t)32 << 20)   /* bodies held per worker */

/* On a hit returns the prepared response (owned by the cache: valid until
 * the next cache_put on this thread); NULL on a miss. */
void *cache_get(const char *key, uint64_t version);
/* Offers a prepared response of len body bytes. Returns 1 when the cache
 * took it (it will call release(resp) when done with it), 0 when refused
 * (too large, cache full, key too long): the caller keeps it. */
int cache_put(const char *key, uint64_t version, void *resp, size_t len,
	      void (*release)(void *resp));
/* Releases this thread's cache (thread exit). */
void cache_thread_release(void);

#endif
