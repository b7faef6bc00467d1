/* cache.c - per-thread answer cache keyed by URL, valid while the
 * generations it was computed from stand (see cache.h).
 *
 * Set-associative: a URL hashes to one set of CACHE_WAYS slots and may take
 * any of them; when all are taken, the least recently used one is replaced.
 * (Direct-mapped, two hot URLs that clash would evict each other on every
 * request: with 2,068 towns over 4,096 slots, 40% of the towns did.) */
#include "http/cache.h"

#include <stdlib.h>
#include <string.h>

#define CACHE_WAYS 8
#define CACHE_SETS (CACHE_SLOTS / CACHE_WAYS)

struct slot {
	char *key;            /* NULL: free */
	uint64_t hash;
	struct cache_deps deps;
	uint64_t used;        /* the thread's tick at the last hit or put */
	void *resp;
	size_t len;
	void (*release)(void *resp);
};

static _Thread_local struct slot *slots;
static _Thread_local size_t bytes_held;
static _Thread_local uint64_t tick;

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct slot *set_of(uint64_t h)
{
	return &slots[(h % CACHE_SETS) * CACHE_WAYS];
}

static struct slot *find(struct slot *set, uint64_t h, const char *key)
{
	for (int i = 0; i < CACHE_WAYS; i++)
		if (set[i].key && set[i].hash == h && strcmp(set[i].key, key) == 0)
			return &set[i];
	return NULL;
}

uint64_t cache_gen_of(const struct cache_gens *now, int64_t scope)
{
	return now->get(now->ctx, scope);
}

void cache_deps_init(struct cache_deps *d)
{
	memset(d, 0, sizeof(*d));
	d->scope[0] = STORE_GEN_GLOBAL;
	d->n = 1;
}

static int deps_has(const struct cache_deps *d, int64_t scope)
{
	for (int i = 0; i < d->n; i++)
		if (d->scope[i] == scope)
			return 1;
	return 0;
}

void cache_deps_add(struct cache_deps *d, int64_t scope)
{
	if (deps_has(d, scope) || deps_has(d, STORE_GEN_ANY_ALLIANCE))
		return;
	if (scope == STORE_GEN_ANY_ALLIANCE || d->n == CACHE_MAX_DEPS) {
		/* any alliance covers every single one */
		cache_deps_init(d);
		d->scope[d->n++] = STORE_GEN_ANY_ALLIANCE;
		return;
	}
	d->scope[d->n++] = scope;
}

void cache_deps_stamp(struct cache_deps *d, const struct cache_gens *now)
{
	for (int i = 0; i < d->n; i++)
		d->gen[i] = cache_gen_of(now, d->scope[i]);
}

int cache_deps_current(const struct cache_deps *d, const struct cache_gens *now)
{
	for (int i = 0; i < d->n; i++)
		if (d->gen[i] != cache_gen_of(now, d->scope[i]))
			return 0;
	return d->n > 0;
}

void *cache_get(const char *key, const struct cache_gens *now)
{
	if (!slots)
		return NULL;
	uint64_t h = hash(key);
	struct slot *s = find(set_of(h), h, key);
	if (!s || !cache_deps_current(&s->deps, now))
		return NULL;
	s->used = ++tick;
	return s->resp;
}

static void slot_clear(struct slot *s)
{
	if (s->resp)
		s->release(s->resp);
	free(s->key);
	bytes_held -= s->len;
	memset(s, 0, sizeof(*s));
}

int cache_put(const char *key, const struct cache_deps *deps, void *resp, size_t len,
	      void (*release)(void *resp))
{
	if (len > CACHE_MAX_BODY || strlen(key) >= CACHE_MAX_KEY || deps->n < 1)
		return 0;
	if (!slots) {
		slots = calloc(CACHE_SLOTS, sizeof(*slots));
		if (!slots)
			abort();
	}
	uint64_t h = hash(key);
	struct slot *set = set_of(h);
	/* the same URL's older answer, else a free slot, else the least
	 * recently used */
	struct slot *s = find(set, h, key);
	for (int i = 0; !s && i < CACHE_WAYS; i++)
		if (!set[i].key)
			s = &set[i];
	if (!s) {
		s = &set[0];
		for (int i = 1; i < CACHE_WAYS; i++)
			if (set[i].used < s->used)
				s = &set[i];
	}
	if (bytes_held - s->len + len > CACHE_MAX_BYTES)
		return 0; /* full: keep what is there */
	char *k = strdup(key);
	if (!k)
		abort();
	slot_clear(s);
	s->key = k;
	s->hash = h;
	s->deps = *deps;
	s->used = ++tick;
	s->resp = resp;
	s->len = len;
	s->release = release;
	bytes_held += len;
	return 1;
}

void cache_thread_release(void)
{
	if (!slots)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		slot_clear(&slots[i]);
	free(slots);
	slots = NULL;
	bytes_held = 0;
}
