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
	J_OBJ,      /* object checked against sub */
	J_NUM       /* number, integer or not (hours: 1.5); min/max: value */
};

struct jschema;

/* Where jsonx_decode_into writes a field of a checked body (JX_* below). */
enum jdest {
	JX_NONE,     /* not decoded into the struct */
	JX_CHARS,    /* J_STR, J_DATE text or J_ID digits into char[size] (NUL-terminated) */
	JX_PTR,      /* J_STR into const char *: points into the JSON tree (lives as long as it) */
	JX_I64,      /* J_INT or J_ID into int64_t */
	JX_BOOL,     /* J_BOOL into int (0 or 1) */
	JX_DATE,     /* J_DATE into int32_t days (core/date.h) */
	JX_IDS,      /* J_ARR_INT into int64_t[size], item count into the size_t at count_off */
	JX_PTRS,     /* J_ARR_STR into const char *[size], count at count_off */
	JX_OBJS,     /* J_ARR_OBJ into an array of size items of stride bytes, each decoded by sub */
	JX_SUB,      /* J_OBJ decoded by sub into the struct at off */
	JX_DBL       /* J_NUM into double */
};

struct jfield {
	const char *name;
	enum jtype type;
	int required;
	int64_t min, max;
	const struct jschema *sub;
	const struct vocab_term *one_of;   /* for J_STR: the allowed keys */
	int nullable;                /* JSON null accepted (means "clear") */
	/* decoding into a struct (jsonx_decode_into); set with the JD_* macros */
	enum jdest dest;
	size_t off;                  /* offset of the member */
	size_t size;                 /* char[]: bytes; arrays: capacity in items */
	size_t count_off;            /* arrays: offset of the size_t item count */
	size_t stride;               /* JX_OBJS: bytes per item */
	size_t present_off;          /* with has_present: offset of an int set to 1 when the
				      * key is in the body (null included) */
	int has_present;
	int64_t if_null;             /* JX_I64 / JX_DATE: value written for JSON null */
};

/* Targets for jfield initialisers: { .name = "title", .type = J_STR, …,
 * JD_CHARS(struct x, title) }. */
#define JD_MEMBER_SIZE(T, m) sizeof(((T *)0)->m)
#define JD_CHARS(T, m) .dest = JX_CHARS, .off = offsetof(T, m), .size = JD_MEMBER_SIZE(T, m)
#define JD_PTR(T, m) .dest = JX_PTR, .off = offsetof(T, m)
#define JD_I64(T, m) .dest = JX_I64, .off = offsetof(T, m)
#define JD_BOOL(T, m) .dest = JX_BOOL, .off = offsetof(T, m)
#define JD_DATE(T, m) .dest = JX_DATE, .off = offsetof(T, m)
#define JD_IDS(T, m, n) .dest = JX_IDS, .off = offsetof(T, m), \
	.size = JD_MEMBER_SIZE(T, m) / sizeof(int64_t), .count_off = offsetof(T, n)
#define JD_PTRS(T, m, n) .dest = JX_PTRS, .off = offsetof(T, m), \
	.size = JD_MEMBER_SIZE(T, m) / sizeof(const char *), .count_off = offsetof(T, n)
/* m[0] names the element type: it cannot be parenthesised. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define JD_OBJS(T, m, n) .dest = JX_OBJS, .off = offsetof(T, m), \
	.size = JD_MEMBER_SIZE(T, m) / JD_MEMBER_SIZE(T, m[0]), \
	.stride = JD_MEMBER_SIZE(T, m[0]), .count_off = offsetof(T, n)
/* NOLINTEND(bugprone-macro-parentheses) */
#define JD_SUB(T, m) .dest = JX_SUB, .off = offsetof(T, m)
#define JD_DBL(T, m) .dest = JX_DBL, .off = offsetof(T, m)
/* Marks presence: the int member m becomes 1 when the key is sent. */
#define JD_PRESENT(T, m) .has_present = 1, .present_off = offsetof(T, m)

struct jschema {
	const struct jfield *fields;   /* terminated by a field with name NULL */
};

/* Parses and checks body; on success *out is a new reference. */
enum err_code jsonx_decode(const char *body, size_t len, const struct jschema *schema,
			   json_t **out, struct err *e);
enum err_code jsonx_check(json_t *obj, const struct jschema *schema, struct err *e);
/* Writes the fields of obj, which jsonx_check passed against schema, into
 * the struct at out as the fields' JD_* targets say. Fields absent from obj
 * leave their members as the caller set them (set defaults first); null
 * writes if_null to JX_I64/JX_DATE, NULL to JX_PTR, "" to JX_CHARS and
 * count 0 to arrays. JX_PTR strings point into obj: keep obj alive while out
 * is used. Fails with ERR_INVALID (field named) when a string does not fit
 * its char array or an array its capacity, and with ERR_INTERNAL when the
 * schema's type and target disagree; out may then be partly written. */
enum err_code jsonx_decode_into(json_t *obj, const struct jschema *schema, void *out,
				struct err *e);

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
