/*
 * vocab.h - a closed vocabulary: stable English keys with Chinese labels.
 *
 * Each vocabulary is defined once, as an array of terms ended by a term whose
 * key is NULL; the schemas check request values against it (jfield.one_of),
 * the domain validates and labels with it, and GET /api/v1/dictionaries
 * serves it to the web. The arrays are static data: nobody frees them.
 */
#ifndef LJ_VOCAB_H
#define LJ_VOCAB_H

#include <stddef.h>

struct vocab_term {
	const char *key;
	const char *label;     /* Simplified Chinese */
	const char *next;      /* statuses: allowed next keys, space-separated */
	const char *scopes;    /* roles: allowed scope types, space-separated */
	int open;              /* statuses: 1 while work on it goes on */
};

/* The term with key, or NULL (also for a NULL key). */
const struct vocab_term *vocab_find(const struct vocab_term *v, const char *key);
/* 1 if key is in v. */
int vocab_valid(const struct vocab_term *v, const char *key);
/* The label of key, or key itself when unknown. */
const char *vocab_label(const struct vocab_term *v, const char *key);
/* 1 if word is one of the space-separated words of list (NULL: none). */
int vocab_word_in(const char *list, const char *word);
/* The number of terms. */
size_t vocab_count(const struct vocab_term *v);

#endif
