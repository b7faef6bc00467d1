/* vocab.c - lookups in closed vocabularies (see vocab.h). */
#include "core/vocab.h"

#include <string.h>

const struct vocab_term *vocab_find(const struct vocab_term *v, const char *key)
{
	if (!key)
		return NULL;
	for (; v->key; v++)
		if (strcmp(v->key, key) == 0)
			return v;
	return NULL;
}

int vocab_valid(const struct vocab_term *v, const char *key)
{
	return vocab_find(v, key) != NULL;
}

const char *vocab_label(const struct vocab_term *v, const char *key)
{
	const struct vocab_term *t = vocab_find(v, key);
	return t ? t->label : key;
}

int vocab_word_in(const char *list, const char *word)
{
	if (!list || !word)
		return 0;
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

size_t vocab_count(const struct vocab_term *v)
{
	size_t n = 0;
	while (v[n].key)
		n++;
	return n;
}
