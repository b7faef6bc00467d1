/* cache.c - per-thread answer cache keyed by URL and database version (see cache.h). */
#include "http/cache.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	char *key;
	uint64_t version;
	void *resp;
	size_t len;
	void (*release)(void *resp);
};

static _Thread_local struct slot *slots;
static _Thread_local size_t bytes_held;

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void *cache_get(const char *key, uint64_t version)
{
	if (!slots)
		return NULL;
	struct slot *s = &slots[hash(key) % CACHE_SLOTS];
	if (!s->key || s->version != version || strcmp(s->key, key) != 0)
		return NULL;
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

int cache_put(const char *key, uint64_t version, void *resp, size_t len,
	      void (*release)(void *resp))
{
	if (len > CACHE_MAX_BODY || strlen(key) >= CACHE_MAX_KEY)
		return 0;
	if (!slots) {
		slots = calloc(CACHE_SLOTS, sizeof(*slots));
		if (!slots)
			abort();
	}
	struct slot *s = &slots[hash(key) % CACHE_SLOTS];
	if (bytes_held - s->len + len > CACHE_MAX_BYTES)
		return 0; /* full: keep what is there */
	char *k = strdup(key);
	if (!k)
		abort();
	slot_clear(s);
	s->key = k;
	s->version = version;
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
