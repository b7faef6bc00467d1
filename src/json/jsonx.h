/*
 * jsonx.h - jansson glue: decoding request bodies against a schema.
 *
 * A schema lists the fields an object may have, each with a type, whether it
 * is required, and limits (string length in characters, integer range, array
 * sizes). Decoding rejects, with a Chinese message and the field name:
 * invalid UTF-8, malformed JSON, duplicate keys, a non-object body, unknown
 * fields, missing required fields, wrong types and values outside limits.
 * JSON null is accepted only for fields marked nullable (it means "clear");
 * anywhere else it is a wrong type (or, for a required field, missing).
 * Nothing is written before a body has passed, so a bad body changes nothing.
 */
#ifndef LJ_JSONX_H
#define LJ_JSONX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/vocab.h"

enum jtype {
	J_STR,      /* string; min/max: length in characters */
	J_INT,      /* integer; min/max: value */
	J_BOOL,
	J_DATE,     /* "YYYY-MM-DD", a real calendar day */
	J_ID,       /* integer id >= 1, or a string of digits (ids and codes) */
	J_ARR_INT,  /* array of integers; min/max: item count; items >= 1 */
	J_ARR_STR,  /* array of strings; min/max: item count; each <= 64 chars */
	J_ARR_OBJ,  /* array of objects checked against sub; min/max: item count */
	J_OBJ       /* object checked against sub */
};

struct jschema;

struct jfield {
	const char *name;
	enum jtype type;
	int required;
	int64_t min, max;
	const struct jschema *sub;
	const struct vocab_term *one_of;   /* for J_STR: the allowed keys */
	int nullable;                /* JSON null accepted (means "clear") */
};

struct jschema {
	const struct jfield *fields;   /* terminated by a field with name NULL */
};

/* Parses and checks body; on success *out is a new reference. */
enum err_code jsonx_decode(const char *body, size_t len, const struct jschema *schema,
			   json_t **out, struct err *e);
enum err_code jsonx_check(json_t *obj, const struct jschema *schema, struct err *e);

/* Accessors on checked objects (defaults when absent or null). */
const char *jsonx_str(json_t *obj, const char *key, const char *dflt);
int64_t jsonx_int(json_t *obj, const char *key, int64_t dflt);
int jsonx_bool(json_t *obj, const char *key, int dflt);
int jsonx_has(json_t *obj, const char *key);
/* A J_ID field as text (digits); out must hold 32 bytes. Returns 0 if absent. */
int jsonx_id_text(json_t *v, char *out, size_t size);

/* Encodes and returns a malloc'd string (compact, UTF-8 unescaped). */
char *jsonx_dump(const json_t *v);

#endif
