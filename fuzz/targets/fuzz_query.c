/*
 * fuzz_query.c - the strict query layer (src/http/query.c): query_check,
 * every typed getter and query_unused, over raw query strings.
 *
 * Input: the raw query string as it follows '?' in a URL. The driver splits
 * it the way libmicrohttpd does (on '&', then at the first '='; '+' is a
 * space; %XX decoded, a bad escape left as is), giving every name and value
 * its own heap buffer of exactly its length plus a NUL, then feeds the pairs
 * to query_add in order.
 *
 * Invariants:
 *  - query_check accepts iff there are at most QUERY_MAX_PARAMS pairs, no
 *    name is longer than QUERY_MAX_NAME bytes, no name or value holds a NUL or invalid UTF-8 (checked against a
 *    reference decoder here) and no name repeats; a refusal carries an
 *    HTTP-400 tag, a valid UTF-8 message and, for a bad pair, a valid
 *    UTF-8 field under 64 bytes;
 *  - after an accepted check each getter, for the keys of the real
 *    endpoints, accepts exactly the values the rules allow and hands back
 *    values that re-encode to the whole input value (no prefix accepted);
 *    a refusal names the key and has no tag (HTTP 422);
 *  - query_unused names exactly the first parameter no getter read.
 */
#include <inttypes.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "fuzz_util.h"
#include "http/query.h"

#define MAX_PAIRS (QUERY_MAX_PARAMS + 4)

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a new buffer of exactly the decoded length + NUL. */
static char *decode(const uint8_t *s, size_t n, size_t *out_len)
{
	char *d = malloc(n + 1);
	size_t o = 0;
	if (!d)
		abort();
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '+') {
			d[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
			d[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			d[o++] = (char)s[i];
		}
	}
	char *exact = malloc(o + 1); /* exact size: ASan sees reads past the NUL */
	if (!exact)
		abort();
	memcpy(exact, d, o);
	exact[o] = '\0';
	free(d);
	*out_len = o;
	return exact;
}

/* Reference UTF-8 check (RFC 3629 by code point), NUL refused. */
static int ref_clean(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len;
		uint32_t cp;
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static const struct query_param *raw(const struct query *q, const char *key)
{
	for (size_t i = 0; i < q->n; i++)
		if (strlen(key) == q->p[i].name_len && memcmp(q->p[i].name, key, q->p[i].name_len) == 0)
			return &q->p[i];
	return NULL;
}

static void check_value_error(enum err_code rc, const struct err *e, const char *key)
{
	FUZZ_CHECK(rc == ERR_INVALID, "rc %d for %s", (int)rc, key);
	FUZZ_CHECK(e->field && strcmp(e->field, key) == 0, "field %s for %s",
		   e->field ? e->field : "(null)", key);
	FUZZ_CHECK(e->tag == NULL, "value error tagged %s", e->tag);
	FUZZ_CHECK(utf8_valid(e->msg, strlen(e->msg)), "message not UTF-8");
}

/* An id / bounded integer in plain decimal: must equal its own rendering. */
static void check_int(struct query *q, const char *key, int64_t min, int64_t max, int is_id)
{
	struct err e;
	int64_t v = -7;
	err_clear(&e);
	enum err_code rc = is_id ? query_id(q, key, &v, &e)
				 : query_int(q, key, min, max, 50, &v, &e);
	const struct query_param *p = raw(q, key);
	if (!p) {
		FUZZ_CHECK(rc == ERR_OK && v == (is_id ? 0 : 50), "absent %s gave %" PRId64, key, v);
		return;
	}
	if (rc) {
		check_value_error(rc, &e, key);
		return;
	}
	char s[32];
	snprintf(s, sizeof(s), "%" PRId64, v);
	FUZZ_CHECK(strlen(s) == p->value_len && memcmp(s, p->value, p->value_len) == 0,
		   "%s=%s read as %s", key, p->value, s);
	FUZZ_CHECK(v >= min && v <= max, "%s=%" PRId64 " out of range", key, v);
}

static void check_getters(struct query *q)
{
	static const char *const statuses[] = { "proposed", "studying", "in_progress", "resolved",
						"escalated", "closed", NULL };
	static const int lengths[] = { 2, 4, 6, 9, 12, 0 };
	struct err e;
	enum err_code rc;
	const struct query_param *p;

	check_int(q, "unit_id", 1, INT64_MAX, 1);
	check_int(q, "alliance_id", 1, INT64_MAX, 1);
	check_int(q, "limit", 1, 500, 0);
	check_int(q, "max_level", 1, 5, 0);

	const char *s = NULL;
	err_clear(&e);
	rc = query_enum(q, "status", statuses, &s, &e);
	if ((p = raw(q, "status")) && !rc)
		FUZZ_CHECK(s && strlen(s) == p->value_len && memcmp(s, p->value, p->value_len) == 0,
			   "status %s read as %s", p->value, s ? s : "(null)");
	else if (p)
		check_value_error(rc, &e, "status");

	for (int allow_empty = 0; allow_empty < 2; allow_empty++) {
		const char *key = allow_empty ? "parent" : "division";
		err_clear(&e);
		rc = query_code(q, key, lengths, allow_empty, &s, &e);
		if ((p = raw(q, key)) && !rc) {
			size_t n = p->value_len;
			FUZZ_CHECK(s == p->value && all_digits(s, n) &&
					   ((allow_empty && n == 0) || n == 2 || n == 4 || n == 6 ||
					    n == 9 || n == 12),
				   "%s=%s accepted", key, p->value);
		} else if (p) {
			check_value_error(rc, &e, key);
		}
	}

	int32_t day = -1;
	err_clear(&e);
	rc = query_date(q, "on", 12345, &day, &e);
	if ((p = raw(q, "on")) && !rc) {
		char back[11];
		date_format(day, back);
		FUZZ_CHECK(p->value_len == 10 && memcmp(back, p->value, 10) == 0, "on=%s read as %s",
			   p->value, back);
	} else if (p) {
		check_value_error(rc, &e, "on");
	} else {
		FUZZ_CHECK(day == 12345, "absent date changed");
	}

	int b = -1;
	err_clear(&e);
	rc = query_bool(q, "overdue", 0, &b, &e);
	if ((p = raw(q, "overdue")) && !rc)
		FUZZ_CHECK(strcmp(p->value, b ? "true" : "false") == 0 && strlen(p->value) == p->value_len,
			   "overdue=%s read as %d", p->value, b);
	else if (p)
		check_value_error(rc, &e, "overdue");

	err_clear(&e);
	rc = query_text(q, "q", 32, &s, &e);
	if ((p = raw(q, "q")) && !rc)
		FUZZ_CHECK(s == p->value && utf8_chars(s) <= 32, "q accepted over 32 characters");
	else if (p)
		check_value_error(rc, &e, "q");

	err_clear(&e);
	rc = query_cursor(q, "cursor", 20, &s, &e);
	if ((p = raw(q, "cursor")) && !rc)
		FUZZ_CHECK(p->value_len == 0 ? s == NULL
					     : (s == p->value && p->value_len <= 20 &&
						all_digits(s, p->value_len)),
			   "cursor=%s accepted", p->value);
	else if (p)
		check_value_error(rc, &e, "cursor");
}

static const char *const read_keys[] = { "unit_id", "alliance_id", "limit", "max_level",
					 "status", "division", "parent", "on", "overdue", "q",
					 "cursor", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *names[MAX_PAIRS], *values[MAX_PAIRS];
	size_t name_len[MAX_PAIRS], value_len[MAX_PAIRS];
	int has_value[MAX_PAIRS];
	size_t n = 0, offered = 0;
	struct query q;
	struct err e;

	query_init(&q);
	for (size_t i = 0; i < size && n < MAX_PAIRS;) {
		size_t j = i;
		while (j < size && data[j] != '&')
			j++;
		if (j > i) { /* libmicrohttpd skips empty pieces ("a=1&&b=2") */
			size_t eq = i;
			while (eq < j && data[eq] != '=')
				eq++;
			names[n] = decode(data + i, eq - i, &name_len[n]);
			has_value[n] = eq < j;
			values[n] = has_value[n] ? decode(data + eq + 1, j - eq - 1, &value_len[n]) : NULL;
			if (!has_value[n])
				value_len[n] = 0;
			query_add(&q, names[n], name_len[n], values[n], value_len[n]);
			n++;
			offered++;
		}
		i = j + 1;
	}

	/* the reference verdict */
	int want_ok = offered <= QUERY_MAX_PARAMS;
	for (size_t i = 0; want_ok && i < n; i++)
		want_ok = ref_clean(names[i], name_len[i]) && name_len[i] <= QUERY_MAX_NAME &&
			  (!has_value[i] || ref_clean(values[i], value_len[i]));
	for (size_t i = 0; want_ok && i < n; i++)
		for (size_t k = i + 1; want_ok && k < n; k++)
			want_ok = !(name_len[i] == name_len[k] &&
				    memcmp(names[i], names[k], name_len[i]) == 0);

	err_clear(&e);
	enum err_code rc = query_check(&q, &e);
	FUZZ_CHECK((rc == ERR_OK) == want_ok, "query_check %d, reference %d", (int)rc, want_ok);
	if (rc) {
		FUZZ_CHECK(rc == ERR_INVALID && e.tag &&
				   (strcmp(e.tag, QUERY_TAG) == 0 || strcmp(e.tag, QUERY_TAG_UTF8) == 0),
			   "refusal with tag %s", e.tag ? e.tag : "(null)");
		FUZZ_CHECK(utf8_valid(e.msg, strlen(e.msg)), "message not UTF-8");
		FUZZ_CHECK(!e.field || (strlen(e.field) <= QUERY_MAX_NAME &&
					utf8_valid(e.field, strlen(e.field))),
			   "field not printable");
	} else {
		check_getters(&q);
		/* the first parameter no getter read, if any, is named */
		const char *first = NULL;
		for (size_t i = 0; !first && i < q.n; i++) {
			int known = 0;
			for (const char *const *k = read_keys; *k && !known; k++)
				known = strcmp(*k, q.p[i].name) == 0;
			if (!known)
				first = q.p[i].name;
		}
		err_clear(&e);
		rc = query_unused(&q, &e);
		FUZZ_CHECK(first ? rc == ERR_INVALID && e.field == first && strcmp(e.tag, QUERY_TAG) == 0
				 : rc == ERR_OK,
			   "query_unused %d, expected %s", (int)rc, first ? first : "none");
	}

	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(values[i]);
	}
	return 0;
}
