/*
 * api_matter_json.c - a page of matters written straight into the answer
 * buffer, byte for byte what building the jansson tree of api_matter_json()
 * and dumping it (JSON_COMPACT) gives, without the tree.
 *
 * Why: a 50-matter page is about 80 KB of mostly Chinese text; building
 * ~2,500 jansson values (each string copied, validated as UTF-8 and hashed
 * into its object) and walking them again to dump them cost most of an
 * uncached list's CPU (perf). Here every string is copied once, escaped
 * as jansson escapes it. The detail of one matter keeps the tree
 * (api_matter_json, extended there with its timeline); the unit test
 * tests/unit/test_matter_json.c compares both writers on the same rows.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/division.h"
#include "domain/matter.h"
#include "domain/matter_read.h"

/* A JSON string as jansson 2.14's dump writes it without flags: UTF-8 as
 * is; '"' and '\\' escaped, \b \f \n \r \t by name, other control
 * characters as \u00XX in capitals. (core/buf.c's buf_json_str writes
 * lowercase hex and no \b \f: the same JSON, not the same bytes.) */
static void jstr(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *run = p;
	buf_addc(b, '"');
	for (; *p; p++) {
		unsigned char c = *p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, run, (size_t)(p - run));
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			buf_add(b, u, 6);
		}
		}
		run = p + 1;
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
}

/* ,"key": */
static void key(struct buf *b, const char *k)
{
	buf_addc(b, ',');
	buf_addc(b, '"');
	buf_adds(b, k);
	buf_add(b, "\":", 2);
}

static void int_or_null(struct buf *b, int64_t v, int is_null)
{
	if (is_null)
		buf_add(b, "null", 4);
	else
		buf_add_i64(b, v);
}

static void str_or_null(struct buf *b, const char *s)
{
	if (s && *s)
		jstr(b, s);
	else
		buf_add(b, "null", 4);
}

static void day_or_null(struct buf *b, int32_t d)
{
	char s[11];
	if (!d) {
		buf_add(b, "null", 4);
		return;
	}
	date_format(d, s);
	jstr(b, s);
}

static void time_iso(struct buf *b, int64_t ms)
{
	char s[32];
	date_format_iso_ms(ms, s);
	jstr(b, s);
}

static void div_short(struct buf *b, const struct division *d)
{
	buf_adds(b, "{\"code\":");
	jstr(b, d->code);
	key(b, "name");
	jstr(b, d->name);
	key(b, "level");
	jstr(b, division_level_name(d->level));
}

/* api_division_ref's value: {code,name,level,parent_code,path:[…]} or null */
static void div_ref(struct buf *b, struct store *st, const char *code)
{
	struct division_full d;
	struct err e;
	if (division_get_full(st, code, &d, &e)) {
		buf_add(b, "null", 4);
		return;
	}
	div_short(b, &d.d);
	key(b, "parent_code");
	str_or_null(b, d.d.parent_code);
	key(b, "path");
	buf_addc(b, '[');
	for (size_t i = 0; i < d.n_path; i++) {
		if (i)
			buf_addc(b, ',');
		div_short(b, &d.path[i]);
		buf_addc(b, '}');
	}
	buf_add(b, "]}", 2);
}

/* The division references written so far in this answer (a page names the
 * same few divisions again and again), as offsets into the answer. */
struct div_seen {
	size_t n;
	struct {
		char code[16];
		size_t at, len;
	} e[64];
};

static void div_ref_memo(struct buf *b, struct store *st, const char *code, struct div_seen *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->e[i].code, code) == 0 && !b->overflow) {
			/* copied from earlier in the same buffer, through tmp:
			 * growing the buffer may move it */
			size_t at = m->e[i].at, len = m->e[i].len;
			char tmp[1024];
			if (len <= sizeof(tmp)) {
				memcpy(tmp, b->data + at, len);
				buf_add(b, tmp, len);
				return;
			}
			break;
		}
	size_t at = b->len;
	div_ref(b, st, code);
	if (m->n < sizeof(m->e) / sizeof(m->e[0]) && strlen(code) < sizeof(m->e[0].code) &&
	    !b->overflow) {
		snprintf(m->e[m->n].code, sizeof(m->e[0].code), "%s", code);
		m->e[m->n].at = at;
		m->e[m->n].len = b->len - at;
		m->n++;
	}
}

static void fig(struct buf *b, const char *k, int64_t v, int first)
{
	if (first) {
		buf_addc(b, '"');
		buf_adds(b, k);
		buf_add(b, "\":", 2);
	} else {
		key(b, k);
	}
	int_or_null(b, v, v < 0);
}

static void matter_write(struct buf *b, struct store *st, const struct matter *m,
			 const struct matter_assignee *a, size_t n_assignees, int32_t today,
			 struct div_seen *seen)
{
	int overdue = matter_status_open(m->status) && m->due_on && m->due_on < today;
	buf_adds(b, "{\"id\":");
	buf_add_i64(b, m->id);
	key(b, "alliance_id");
	buf_add_i64(b, m->alliance_id);
	key(b, "unit");
	buf_adds(b, "{\"id\":");
	buf_add_i64(b, m->unit_id);
	key(b, "name");
	jstr(b, m->unit_name);
	buf_addc(b, '}');
	key(b, "origin_unit_id");
	buf_add_i64(b, m->origin_unit_id);
	key(b, "title");
	jstr(b, m->title);
	key(b, "description");
	jstr(b, m->description);
	key(b, "category");
	jstr(b, m->category);
	key(b, "category_label");
	jstr(b, matter_category_label(m->category));
	key(b, "type");
	jstr(b, m->type);
	key(b, "type_label");
	jstr(b, m->type_label);
	key(b, "priority");
	jstr(b, m->priority);
	key(b, "status");
	jstr(b, m->status);
	key(b, "status_label");
	jstr(b, matter_status_label(m->status));
	key(b, "due_on");
	day_or_null(b, m->due_on);
	key(b, "overdue");
	buf_adds(b, overdue ? "true" : "false");
	key(b, "raised_by_org");
	buf_adds(b, "{\"id\":");
	buf_add_i64(b, m->raised_by_org_id);
	key(b, "name");
	jstr(b, m->raised_by_org_name);
	buf_addc(b, '}');
	key(b, "county_code");
	jstr(b, m->county_code);
	key(b, "raised_on");
	day_or_null(b, m->raised_on);
	key(b, "resolved_on");
	day_or_null(b, m->resolved_on);
	key(b, "resolution");
	str_or_null(b, m->resolution);
	key(b, "closed_reason");
	str_or_null(b, m->closed_reason);
	key(b, "figures");
	buf_addc(b, '{');
	fig(b, "funds_fen", m->funds_fen, 1);
	fig(b, "people_count", m->people_count, 0);
	fig(b, "length_m", m->length_m, 0);
	fig(b, "jobs", m->jobs, 0);
	buf_addc(b, '}');
	key(b, "divisions");
	buf_addc(b, '[');
	for (size_t i = 0; i < m->n_divisions; i++) {
		if (i)
			buf_addc(b, ',');
		div_ref_memo(b, st, m->divisions[i], seen);
	}
	buf_addc(b, ']');
	key(b, "assignees");
	buf_addc(b, '[');
	for (size_t i = 0; i < n_assignees; i++) {
		if (i)
			buf_addc(b, ',');
		buf_adds(b, "{\"org_id\":");
		int_or_null(b, a[i].org_id, !a[i].org_id);
		key(b, "org_name");
		jstr(b, a[i].org_name);
		key(b, "person_id");
		int_or_null(b, a[i].person_id, !a[i].person_id);
		key(b, "person_name");
		jstr(b, a[i].person_name);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
	key(b, "created_at");
	time_iso(b, m->raised_at_ms);
	key(b, "updated_at");
	time_iso(b, m->updated_at_ms);
	buf_addc(b, '}');
}

void api_matter_page_write(struct buf *b, struct store *st, const struct matter_page *p,
			   int32_t today, const char *next_cursor)
{
	struct div_seen seen;
	seen.n = 0;
	buf_adds(b, "{\"items\":[");
	for (size_t i = 0; i < p->n; i++) {
		size_t na;
		const struct matter_assignee *a = matter_page_assignees(p, p->items[i].id, &na);
		if (i)
			buf_addc(b, ',');
		matter_write(b, st, &p->items[i], a, na, today, &seen);
	}
	buf_adds(b, "],\"next_cursor\":");
	str_or_null(b, next_cursor);
	buf_addc(b, '}');
}
