/*
 * query.c - strict reading of a request's query parameters (see query.h).
 * Owns the rules every endpoint shares: no NUL, valid UTF-8, each name at
 * most once, only names some getter reads, each value read in full.
 */
#include "http/query.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"

void query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
}

void query_add(struct query *q, const char *name, size_t name_len, const char *value,
	       size_t value_len)
{
	if (q->n >= QUERY_MAX_PARAMS) {
		q->too_many = 1;
		return;
	}
	struct query_param *p = &q->p[q->n++];
	p->name = name ? name : "";
	p->name_len = name ? name_len : 0;
	p->value = value ? value : "";
	p->value_len = value ? value_len : 0;
	p->used = 0;
}

/* A printable, valid UTF-8 form of a name that is not: each bad byte (and
 * NUL) becomes '?', cut to fit bad_name at a character boundary. */
static const char *printable_name(struct query *q, const struct query_param *p)
{
	size_t o = 0, i = 0;
	while (i < p->name_len && o + 5 < sizeof(q->bad_name)) {
		size_t len = 1;
		unsigned char c = (unsigned char)p->name[i];
		if (c >= 0xC2 && c <= 0xF4)
			len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (c != 0 && i + len <= p->name_len && utf8_valid(p->name + i, len)) {
			memcpy(q->bad_name + o, p->name + i, len);
			o += len;
			i += len;
		} else {
			q->bad_name[o++] = '?';
			i++;
		}
	}
	q->bad_name[o] = '\0';
	return q->bad_name;
}

static int clean(const char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL && utf8_valid(s, n);
}

enum err_code query_check(struct query *q, struct err *e)
{
	if (q->too_many)
		return err_tag(e, ERR_INVALID, QUERY_TAG, NULL, "查询参数过多（最多 %d 个）",
			       QUERY_MAX_PARAMS);
	for (size_t i = 0; i < q->n; i++) {
		const struct query_param *p = &q->p[i];
		if (!clean(p->name, p->name_len))
			return err_tag(e, ERR_INVALID, QUERY_TAG_UTF8, printable_name(q, p),
				       "查询参数名含有非法字符（NUL 或无效的 UTF-8）");
		if (p->name_len > QUERY_MAX_NAME)
			return err_tag(e, ERR_INVALID, QUERY_TAG, printable_name(q, p),
				       "查询参数名过长（最多 %d 个字节）", QUERY_MAX_NAME);
		if (!clean(p->value, p->value_len))
			return err_tag(e, ERR_INVALID, QUERY_TAG_UTF8, p->name,
				       "查询参数 %s 含有非法字符（NUL 或无效的 UTF-8）", p->name);
	}
	for (size_t i = 0; i < q->n; i++)
		for (size_t j = i + 1; j < q->n; j++)
			if (q->p[i].name_len == q->p[j].name_len &&
			    memcmp(q->p[i].name, q->p[j].name, q->p[i].name_len) == 0)
				return err_tag(e, ERR_INVALID, QUERY_TAG, q->p[i].name,
					       "查询参数 %s 重复出现", q->p[i].name);
	return ERR_OK;
}

enum err_code query_unused(const struct query *q, struct err *e)
{
	for (size_t i = 0; i < q->n; i++)
		if (!q->p[i].used)
			return err_tag(e, ERR_INVALID, QUERY_TAG, q->p[i].name,
				       "不支持的查询参数 %s", q->p[i].name);
	return ERR_OK;
}

const struct query_param *query_find(struct query *q, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < q->n; i++)
		if (q->p[i].name_len == n && memcmp(q->p[i].name, key, n) == 0) {
			q->p[i].used = 1;
			return &q->p[i];
		}
	return NULL;
}

/* Plain decimal without sign, space or leading zero, within [min,max]. */
static int parse_uint(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	if (n == 0 || n > 19 || (s[0] == '0' && n > 1))
		return -1;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	/* 19 digits fit in uint64_t; anything above INT64_MAX is out of range */
	if (x > (uint64_t)INT64_MAX || (int64_t)x < min || (int64_t)x > max)
		return -1;
	*out = (int64_t)x;
	return 0;
}

enum err_code query_id(struct query *q, const char *key, int64_t *out, struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = 0;
	if (p && parse_uint(p->value, p->value_len, 1, INT64_MAX, out))
		return err_set(e, ERR_INVALID, key, "参数 %s 应为正整数 ID", key);
	return ERR_OK;
}

enum err_code query_int(struct query *q, const char *key, int64_t min, int64_t max,
			int64_t dflt, int64_t *out, struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = dflt;
	if (p && parse_uint(p->value, p->value_len, min < 0 ? 0 : min, max, out))
		return err_set(e, ERR_INVALID, key, "参数 %s 应为 %lld 到 %lld 之间的整数", key,
			       (long long)min, (long long)max);
	return ERR_OK;
}

enum err_code query_enum(struct query *q, const char *key, const char *const *names,
			 const char **out, struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = NULL;
	if (!p)
		return ERR_OK;
	for (const char *const *n = names; *n; n++)
		if (strlen(*n) == p->value_len && memcmp(*n, p->value, p->value_len) == 0) {
			*out = *n;
			return ERR_OK;
		}
	char list[160] = "";
	size_t o = 0;
	for (const char *const *n = names; *n && o < sizeof(list); n++) {
		int w = snprintf(list + o, sizeof(list) - o, "%s%s", n == names ? "" : "、", *n);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return err_set(e, ERR_INVALID, key, "参数 %s 应为 %s 之一", key, list);
}

enum err_code query_code(struct query *q, const char *key, const int *lengths, int allow_empty,
			 const char **out, struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = NULL;
	if (!p)
		return ERR_OK;
	int ok = p->value_len == 0 && allow_empty;
	for (const int *l = lengths; !ok && *l; l++)
		ok = p->value_len == (size_t)*l;
	for (size_t i = 0; ok && i < p->value_len; i++)
		ok = p->value[i] >= '0' && p->value[i] <= '9';
	if (!ok)
		return err_set(e, ERR_INVALID, key, "参数 %s 不是有效的区划代码", key);
	*out = p->value;
	return ERR_OK;
}

enum err_code query_date(struct query *q, const char *key, int32_t dflt, int32_t *out,
			 struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = dflt;
	/* date_parse reads up to the NUL; query_check has ruled out inner NULs */
	if (p && (p->value_len != 10 || date_parse(p->value, out)))
		return err_set(e, ERR_INVALID, key, "参数 %s 不是有效日期（YYYY-MM-DD）", key);
	return ERR_OK;
}

enum err_code query_bool(struct query *q, const char *key, int dflt, int *out, struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = dflt;
	if (!p)
		return ERR_OK;
	if (p->value_len == 4 && memcmp(p->value, "true", 4) == 0)
		*out = 1;
	else if (p->value_len == 5 && memcmp(p->value, "false", 5) == 0)
		*out = 0;
	else
		return err_set(e, ERR_INVALID, key, "参数 %s 应为 true 或 false", key);
	return ERR_OK;
}

enum err_code query_text(struct query *q, const char *key, size_t max_chars, const char **out,
			 struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = NULL;
	if (!p)
		return ERR_OK;
	if (utf8_chars(p->value) > max_chars)
		return err_set(e, ERR_INVALID, key, "参数 %s 过长（最多 %zu 个字符）", key,
			       max_chars);
	*out = p->value;
	return ERR_OK;
}

enum err_code query_cursor(struct query *q, const char *key, size_t max_len, const char **out,
			   struct err *e)
{
	const struct query_param *p = query_find(q, key);
	*out = NULL;
	if (!p || p->value_len == 0) /* "cursor=" asks for the first page */
		return ERR_OK;
	int ok = p->value_len <= max_len;
	for (size_t i = 0; ok && i < p->value_len; i++)
		ok = p->value[i] >= '0' && p->value[i] <= '9';
	if (!ok)
		return err_set(e, ERR_INVALID, key, "无效的分页游标");
	*out = p->value;
	return ERR_OK;
}
