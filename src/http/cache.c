/* cache.c - per-thread answer cache keyed by URL and database version (see cache.h). */
#include "http/cache.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	char *key;
	uint64_t version;
	char *body;
	size_t len;
	const char *content_type;   /* a static string from the handler */
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

const char *cache_get(const char *key, uint64_t version, size_t *out_len,
		      const char **out_content_type)
{
	if (!slots)
		return NULL;
	struct slot *s = &slots[hash(key) % CACHE_SLOTS];
	if (!s->key || s->version != version || strcmp(s->key, key) != 0)
		return NULL;
	*out_len = s->len;
	*out_content_type = s->content_type;
	return s->body;
}

void cache_put(const char *key, uint64_t version, const char *body, size_t len,
	       const char *content_type)
{
	if (len > CACHE_MAX_BODY || strlen(key) >= CACHE_MAX_KEY)
		return;
	if (!slots) {
		slots = calloc(CACHE_SLOTS, sizeof(*slots));
		if (!slots)
			abort();
	}
	struct slot *s = &slots[hash(key) % CACHE_SLOTS];
	if (bytes_held - s->len + len > CACHE_MAX_BYTES)
		return; /* full: keep what is there */
	bytes_held = bytes_held - s->len + len;
	free(s->key);
	free(s->body);
	s->key = strdup(key);
	s->body = malloc(len ? len : 1);
	if (!s->key || !s->body)
		abort();
	memcpy(s->body, body, len);
	s->len = len;
	s->version = version;
	s->content_type = content_type;
}

void cache_thread_release(void)
{
	if (!slots)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(slots[i].key);
		free(slots[i].body);
	}
	free(slots);
	slots = NULL;
	bytes_held = 0;
}
