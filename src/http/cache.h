/*
 * cache.h - each worker thread's cache of GET answers, and the generations
 * that say when one is out of date.
 *
 * An entry is the prepared response for one key (the account, the day, the
 * path and query; server.c builds it): the transport's response object with
 * its body and headers, built once and handed to every connection that asks
 * (no copy of the body per request), and the scopes it was computed from
 * with their generation counters at that time (store.h: a counter per
 * alliance, one for "any alliance", one global that every entry depends
 * on; the store bumps them inside each write transaction, so every process
 * on the database sees them). An entry is served only while all of its
 * counters are unchanged: a write in one alliance leaves the answers of
 * the other alliances, and those that read no alliance's data (divisions,
 * dictionaries), in place, and the cache never shows stale data.
 *
 * Set-associative (CACHE_WAYS slots per set, least recently used replaced).
 * Thread-local: no locks. Responses are released (through the function
 * given to cache_put) when replaced and when the thread ends; the transport
 * keeps a response alive while a connection still sends it. Bodies held
 * per worker never exceed CACHE_MAX_BYTES (a put that would pass it is
 * refused).
 */
#ifndef LJ_CACHE_H
#define LJ_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define CACHE_SLOTS 8192
#define CACHE_MAX_BODY ((size_t)256 * 1024)
#define CACHE_MAX_KEY 512
#define CACHE_MAX_BYTES ((size_t)32 << 20)   /* bodies held per worker */
#define CACHE_MAX_DEPS 8

/* The generations now: get(ctx, scope) answers a scope's counter (the
 * server reads them from the store, remembered until the next commit). */
struct cache_gens {
	uint64_t (*get)(void *ctx, int64_t scope);
	void *ctx;
};
uint64_t cache_gen_of(const struct cache_gens *now, int64_t scope);

/* What an answer was computed from: STORE_GEN_GLOBAL always, then alliance
 * ids and unit scopes (store.h), or STORE_GEN_ANY_ALLIANCE when it may read
 * any alliance (or too many to list); each with its counter once stamped. */
struct cache_deps {
	int n;
	int64_t scope[CACHE_MAX_DEPS];
	uint64_t gen[CACHE_MAX_DEPS];
};
/* Starts with GLOBAL only (an answer that reads no alliance's data). */
void cache_deps_init(struct cache_deps *d);
/* Adds a scope: an alliance id, a unit scope, or STORE_GEN_ANY_ALLIANCE
 * (which then stands for all of them). More than fit become ANY. */
void cache_deps_add(struct cache_deps *d, int64_t scope);
/* Records the counters of d's scopes as they are in now. */
void cache_deps_stamp(struct cache_deps *d, const struct cache_gens *now);
/* Whether every counter of d is still the one in now. */
int cache_deps_current(const struct cache_deps *d, const struct cache_gens *now);

/* On a hit returns the prepared response (owned by the cache: valid until
 * the next cache_put on this thread); NULL on a miss or a stale entry. */
void *cache_get(const char *key, const struct cache_gens *now);
/* Offers a prepared response of len body bytes computed from deps (stamped).
 * Returns 1 when the cache took it (it will call release(resp) when done
 * with it), 0 when refused (too large, cache full, key too long): the
 * caller keeps it. */
int cache_put(const char *key, const struct cache_deps *deps, void *resp, size_t len,
	      void (*release)(void *resp));
/* Releases this thread's cache (thread exit). */
void cache_thread_release(void);

#endif
