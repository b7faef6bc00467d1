/* jsonx.c - schema-checked JSON decoding (see jsonx.h). */
#include "json/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"

static const char *type_name(enum jtype t)
{
	switch (t) {
	case J_STR: return "字符串";
	case J_INT: return "整数";
	case J_BOOL: return "布尔值";
	case J_DATE: return "日期（YYYY-MM-DD）";
	case J_ID: return "编号";
	case J_ARR_INT: return "整数数组";
	case J_ARR_STR: return "字符串数组";
	case J_ARR_OBJ: return "对象数组";
	case J_OBJ: return "对象";
	case J_NUM: return "数字";
	}
	return "?";
}

static int digits_only(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static enum err_code check_field(const struct jfield *f, json_t *v, struct err *e)
{
	switch (f->type) {
	case J_STR: {
		if (!json_is_string(v))
			break;
		const char *s = json_string_value(v);
		size_t n = utf8_chars(s);
		if (strlen(s) != json_string_length(v))
			return err_set(e, ERR_INVALID, f->name, "字段 %s 含有空字符", f->name);
		if ((int64_t)n < f->min) {
			if (f->min == 1)
				return err_set(e, ERR_INVALID, f->name, "字段 %s 不能为空", f->name);
			return err_set(e, ERR_INVALID, f->name, "字段 %s 至少 %lld 个字符", f->name,
				       (long long)f->min);
		}
		if (f->max && (int64_t)n > f->max)
			return err_set(e, ERR_INVALID, f->name, "字段 %s 过长（最多 %lld 个字符）",
				       f->name, (long long)f->max);
		if (f->one_of) {
			if (vocab_valid(f->one_of, s))
				return ERR_OK;
			return err_set(e, ERR_INVALID, f->name, "字段 %s 的取值“%s”无效", f->name, s);
		}
		return ERR_OK;
	}
	case J_INT: {
		if (!json_is_integer(v))
			break;
		json_int_t x = json_integer_value(v);
		if (x < f->min || (f->max && x > f->max))
			return err_set(e, ERR_INVALID, f->name, "字段 %s 超出范围（%lld–%lld）", f->name,
				       (long long)f->min, (long long)f->max);
		return ERR_OK;
	}
	case J_BOOL:
		if (!json_is_boolean(v))
			break;
		return ERR_OK;
	case J_NUM: {
		if (!json_is_number(v))
			break;
		double x = json_number_value(v);
		if (x < (double)f->min || (f->max && x > (double)f->max))
			return err_set(e, ERR_INVALID, f->name, "字段 %s 超出范围（%lld–%lld）", f->name,
				       (long long)f->min, (long long)f->max);
		return ERR_OK;
	}
	case J_DATE: {
		int32_t d;
		if (!json_is_string(v))
			break;
		if (date_parse(json_string_value(v), &d))
			return err_set(e, ERR_INVALID, f->name, "字段 %s 不是有效日期（YYYY-MM-DD）",
				       f->name);
		return ERR_OK;
	}
	case J_ID:
		if (json_is_integer(v) && json_integer_value(v) >= 1)
			return ERR_OK;
		if (json_is_string(v) && json_string_length(v) <= 20 &&
		    digits_only(json_string_value(v)))
			return ERR_OK;
		break;
	case J_ARR_INT:
	case J_ARR_STR:
	case J_ARR_OBJ: {
		if (!json_is_array(v))
			break;
		size_t n = json_array_size(v);
		if ((int64_t)n < f->min)
			return err_set(e, ERR_INVALID, f->name, "字段 %s 至少需要 %lld 项", f->name,
				       (long long)f->min);
		if (f->max && (int64_t)n > f->max)
			return err_set(e, ERR_INVALID, f->name, "字段 %s 最多 %lld 项", f->name,
				       (long long)f->max);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (f->type == J_ARR_INT) {
				if (!json_is_integer(it) || json_integer_value(it) < 1)
					return err_set(e, ERR_INVALID, f->name,
						       "字段 %s 的第 %zu 项应为正整数", f->name, i + 1);
			} else if (f->type == J_ARR_STR) {
				if (!json_is_string(it) || json_string_length(it) == 0 ||
				    utf8_chars(json_string_value(it)) > 64)
					return err_set(e, ERR_INVALID, f->name,
						       "字段 %s 的第 %zu 项应为非空字符串", f->name, i + 1);
			} else {
				if (!json_is_object(it))
					return err_set(e, ERR_INVALID, f->name,
						       "字段 %s 的第 %zu 项应为对象", f->name, i + 1);
				enum err_code rc = jsonx_check(it, f->sub, e);
				if (rc)
					return rc;
			}
		}
		return ERR_OK;
	}
	case J_OBJ:
		if (!json_is_object(v))
			break;
		return jsonx_check(v, f->sub, e);
	}
	return err_tag(e, ERR_INVALID, "wrong_type", f->name, "字段 %s 应为%s", f->name,
		       type_name(f->type));
}

enum err_code jsonx_check(json_t *obj, const struct jschema *schema, struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		const struct jfield *f = schema->fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (!f->name) {
			/* key is valid UTF-8 (jansson checked); report a bounded copy
			 * cut on a character boundary. */
			static _Thread_local char unknown[64];
			utf8_copy_trunc(unknown, sizeof(unknown), key);
			return err_tag(e, ERR_INVALID, "unknown_field", unknown, "不支持的字段：%s",
				       unknown);
		}
		/* null means "clear" and is taken only where the schema says so;
		 * a required field sent as null counts as missing. */
		if (json_is_null(v) && f->nullable)
			continue;
		if (json_is_null(v) && f->required)
			return err_tag(e, ERR_INVALID, "missing_field", f->name, "缺少必填字段：%s",
				       f->name);
		enum err_code rc = check_field(f, v, e);
		if (rc)
			return rc;
	}
	for (const struct jfield *f = schema->fields; f->name; f++) {
		if (!f->required)
			continue;
		json_t *x = json_object_get(obj, f->name);
		if (!x || (json_is_null(x) && !f->nullable))
			return err_tag(e, ERR_INVALID, "missing_field", f->name, "缺少必填字段：%s",
				       f->name);
	}
	return ERR_OK;
}

enum err_code jsonx_decode(const char *body, size_t len, const struct jschema *schema,
			   json_t **out, struct err *e)
{
	*out = NULL;
	if (len == 0)
		return err_tag(e, ERR_INVALID, "malformed_json", NULL, "请求体为空，应为 JSON 对象");
	if (!utf8_valid(body, len)) {
		/* utf8_valid also rejects NUL bytes, which JSON text never holds raw */
		return err_tag(e, ERR_INVALID, "invalid_utf8", NULL, "请求体不是有效的 UTF-8 编码");
	}
	json_error_t je;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_tag(e, ERR_INVALID, "malformed_json", NULL,
			       "JSON 格式错误（第 %d 行第 %d 列）", je.line, je.column);
	if (!json_is_object(root)) {
		json_decref(root);
		return err_tag(e, ERR_INVALID, "malformed_json", NULL, "请求体应为 JSON 对象");
	}
	enum err_code rc = jsonx_check(root, schema, e);
	if (rc) {
		json_decref(root);
		return rc;
	}
	*out = root;
	return ERR_OK;
}

const char *jsonx_str(json_t *obj, const char *key, const char *dflt)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : dflt;
}

int64_t jsonx_int(json_t *obj, const char *key, int64_t dflt)
{
	json_t *v = json_object_get(obj, key);
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_string(v) && digits_only(json_string_value(v)))
		return strtoll(json_string_value(v), NULL, 10);
	return dflt;
}

int jsonx_bool(json_t *obj, const char *key, int dflt)
{
	json_t *v = json_object_get(obj, key);
	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int jsonx_has(json_t *obj, const char *key)
{
	return json_object_get(obj, key) != NULL;
}

int jsonx_id_text(json_t *v, char *out, size_t size)
{
	if (json_is_integer(v)) {
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
		return 1;
	}
	if (json_is_string(v)) {
		snprintf(out, size, "%s", json_string_value(v));
		return 1;
	}
	out[0] = '\0';
	return 0;
}

char *jsonx_dump(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!s)
		abort();
	return s;
}

/* ---- decoding into a struct (jsonx_decode_into) ---- */

static enum err_code target_mismatch(const struct jfield *f, struct err *e)
{
	return err_set(e, ERR_INTERNAL, f->name, "字段 %s 的解码目标与类型不符", f->name);
}

static enum err_code put_chars(const struct jfield *f, char *dst, const char *s, struct err *e)
{
	size_t n = strlen(s);
	if (n >= f->size)
		return err_set(e, ERR_INVALID, f->name, "字段 %s 过长", f->name);
	memcpy(dst, s, n + 1);
	return ERR_OK;
}

static enum err_code decode_field(const struct jfield *f, json_t *v, char *base, struct err *e)
{
	void *dst = base + f->off;
	int null = json_is_null(v);
	switch (f->dest) {
	case JX_NONE:
		return ERR_OK;
	case JX_CHARS: {
		char id[32];
		if (null) {
			if (f->size)
				((char *)dst)[0] = '\0';
			return ERR_OK;
		}
		if (f->type == J_ID) {
			jsonx_id_text(v, id, sizeof(id));
			return put_chars(f, dst, id, e);
		}
		if (!json_is_string(v))
			return target_mismatch(f, e);
		return put_chars(f, dst, json_string_value(v), e);
	}
	case JX_PTR:
		if (!null && !json_is_string(v))
			return target_mismatch(f, e);
		*(const char **)dst = null ? NULL : json_string_value(v);
		return ERR_OK;
	case JX_I64: {
		int64_t x = f->if_null;
		if (!null) {
			if (f->type != J_INT && f->type != J_ID)
				return target_mismatch(f, e);
			if (json_is_integer(v))
				x = json_integer_value(v);
			else if (json_is_string(v) && digits_only(json_string_value(v)) &&
				 json_string_length(v) <= 18)
				x = strtoll(json_string_value(v), NULL, 10);
			else
				return err_set(e, ERR_INVALID, f->name, "字段 %s 超出范围", f->name);
		}
		memcpy(dst, &x, sizeof(x));
		return ERR_OK;
	}
	case JX_DBL:
		if (!null && f->type != J_NUM)
			return target_mismatch(f, e);
		*(double *)dst = null ? 0 : json_number_value(v);
		return ERR_OK;
	case JX_BOOL: {
		if (!null && !json_is_boolean(v))
			return target_mismatch(f, e);
		int b = json_is_true(v);
		memcpy(dst, &b, sizeof(b));
		return ERR_OK;
	}
	case JX_DATE: {
		int32_t d = (int32_t)f->if_null;
		if (!null && (f->type != J_DATE || date_parse(json_string_value(v), &d)))
			return target_mismatch(f, e);
		memcpy(dst, &d, sizeof(d));
		return ERR_OK;
	}
	case JX_IDS:
	case JX_PTRS:
	case JX_OBJS: {
		size_t n = null ? 0 : json_array_size(v);
		if ((f->dest == JX_IDS && f->type != J_ARR_INT) ||
		    (f->dest == JX_PTRS && f->type != J_ARR_STR) ||
		    (f->dest == JX_OBJS && (f->type != J_ARR_OBJ || !f->sub || !f->stride)))
			return target_mismatch(f, e);
		if (n > f->size)
			return err_set(e, ERR_INVALID, f->name, "字段 %s 最多 %zu 项", f->name, f->size);
		for (size_t i = 0; i < n; i++) {
			json_t *it = json_array_get(v, i);
			if (f->dest == JX_IDS) {
				int64_t x = json_integer_value(it);
				memcpy((char *)dst + i * sizeof(int64_t), &x, sizeof(x));
			} else if (f->dest == JX_PTRS) {
				const char *s = json_string_value(it);
				memcpy((char *)dst + i * sizeof(s), &s, sizeof(s));
			} else {
				enum err_code rc = jsonx_decode_into(it, f->sub, (char *)dst + i * f->stride, e);
				if (rc)
					return rc;
			}
		}
		memcpy(base + f->count_off, &n, sizeof(n));
		return ERR_OK;
	}
	case JX_SUB:
		if (f->type != J_OBJ || !f->sub)
			return target_mismatch(f, e);
		return null ? ERR_OK : jsonx_decode_into(v, f->sub, dst, e);
	}
	return target_mismatch(f, e);
}

enum err_code jsonx_decode_into(json_t *obj, const struct jschema *schema, void *out,
				struct err *e)
{
	char *base = out;
	for (const struct jfield *f = schema->fields; f->name; f++) {
		json_t *v = json_object_get(obj, f->name);
		if (!v)
			continue;
		if (f->has_present) {
			int one = 1;
			memcpy(base + f->present_off, &one, sizeof(one));
		}
		enum err_code rc = decode_field(f, v, base, e);
		if (rc)
			return rc;
	}
	return ERR_OK;
}
