/*
 * api_briefing.c - the 工作简报: GET /api/v1/briefing (computed now) and
 * /api/v1/briefing/records (the records behind a figure), frozen issues
 * (/api/v1/briefings, their text edits, publication and .docx), the public
 * flags of routes and fairs, and the public pages' reads
 * (/api/v1/public/..., no session; published issues and public routes and
 * fairs only, with no personal data).
 *
 * A frozen issue's content is the briefing's JSON (briefing_codec below);
 * the domain keeps it as opaque text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/briefing.h"
#include "domain/vocab.h"
#include "store/store_division.h"
#include "store/store_edu.h"

#define PUBLIC_MAX 200

struct issue_body {
	int64_t alliance_id;
	int32_t from;
	int32_t to;
	const char *title;
};

struct line_edit_body {
	const char *line;
	const char *text;
};

struct issue_edit_body {
	const char *title;
	struct line_edit_body lines[BRIEFING_LINES];
	size_t n_lines;
};

struct public_body {
	int on;
};

static const struct jfield issue_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX,
	  JD_I64(struct issue_body, alliance_id) },
	{ .name = "from", .type = J_DATE, .required = 1, JD_DATE(struct issue_body, from) },
	{ .name = "to", .type = J_DATE, .required = 1, JD_DATE(struct issue_body, to) },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = BRIEFING_TITLE_MAX_CHARS,
	  JD_PTR(struct issue_body, title) },
	{ 0 }
};
static const struct jschema issue_schema = { issue_fields };

static const struct jfield line_edit_fields[] = {
	{ .name = "line", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = vocab_categories,
	  JD_PTR(struct line_edit_body, line) },
	{ .name = "text", .type = J_STR, .required = 1, .min = 1, .max = BRIEFING_TEXT_MAX_CHARS,
	  JD_PTR(struct line_edit_body, text) },
	{ 0 }
};
static const struct jschema line_edit_schema = { line_edit_fields };

static const struct jfield issue_edit_fields[] = {
	{ .name = "title", .type = J_STR, .min = 1, .max = BRIEFING_TITLE_MAX_CHARS,
	  JD_PTR(struct issue_edit_body, title) },
	{ .name = "lines", .type = J_ARR_OBJ, .min = 0, .max = 5, .sub = &line_edit_schema,
	  JD_OBJS(struct issue_edit_body, lines, n_lines) },
	{ 0 }
};
static const struct jschema issue_edit_schema = { issue_edit_fields };

static const struct jfield public_fields[] = {
	{ .name = "public", .type = J_BOOL, .required = 1, JD_BOOL(struct public_body, on) },
	{ 0 }
};
static const struct jschema public_schema = { public_fields };

/* Publishing takes no input: the page posts {} (or nothing). */
static const struct jfield publish_fields[] = {
	{ 0 }
};
static const struct jschema publish_schema = { publish_fields };

static json_t *day_json(int32_t day)
{
	char d[11];
	if (!day)
		return json_null();
	date_format(day, d);
	return json_string(d);
}

/* ---- the briefing as JSON (answers and the frozen content) ---- */

/* links: add each figure's records path (signed-in answers only). */
static json_t *briefing_json(const struct briefing *b, int links)
{
	char from[11], to[11];
	date_format(b->from, from);
	date_format(b->to, to);
	json_t *ls = json_array();
	for (size_t l = 0; l < BRIEFING_LINES; l++) {
		const struct briefing_line *ln = &b->lines[l];
		json_t *figs = json_array();
		for (size_t i = 0; i < ln->n_figures; i++) {
			const struct briefing_figure *f = &ln->figures[i];
			const struct briefing_key *k = briefing_key_find(f->key);
			char shown[64];
			briefing_figure_display(f, shown);
			json_t *by = json_array();
			for (size_t g = 0; g < f->n_by; g++)
				json_array_append_new(by, json_pack("{s:s, s:s, s:I}", "key", f->by[g].key,
					"label", f->by[g].label, "value", (json_int_t)f->by[g].value));
			json_t *jf = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:o}", "key", f->key,
				"label", f->label, "value", (json_int_t)f->value, "unit", f->unit,
				"unit_label", k ? k->unit_label : "", "display", shown, "by", by);
			if (links) {
				char path[256];
				snprintf(path, sizeof(path),
					 "/api/v1/briefing/records?key=%s&alliance_id=%lld&from=%s&to=%s",
					 f->key, (long long)b->alliance_id, from, to);
				json_object_set_new(jf, "records", json_string(path));
			}
			json_array_append_new(figs, jf);
		}
		json_array_append_new(ls, json_pack("{s:s, s:s, s:s, s:o}", "line", ln->line,
			"label", ln->label, "text", ln->text, "figures", figs));
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "alliance_id", (json_int_t)b->alliance_id,
			 "alliance_name", b->alliance_name, "from", from, "to", to, "lines", ls);
}

static char *codec_encode(const struct briefing *b)
{
	json_t *j = briefing_json(b, 0);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (s && strlen(s) > BRIEFING_CONTENT_MAX_BYTES) {
		free(s);
		return NULL;
	}
	return s;
}

static void copy_str(json_t *o, const char *key, char *out, size_t size)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(out, size, "%s", s ? s : "");
}

static enum err_code codec_decode(const char *text, struct briefing *b, struct err *e)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	memset(b, 0, sizeof(*b));
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return err_set(e, ERR_INTERNAL, NULL, "简报内容无法读取");
	}
	b->alliance_id = json_integer_value(json_object_get(j, "alliance_id"));
	copy_str(j, "alliance_name", b->alliance_name, sizeof(b->alliance_name));
	const char *from = json_string_value(json_object_get(j, "from"));
	const char *to = json_string_value(json_object_get(j, "to"));
	if (from)
		date_parse(from, &b->from);
	if (to)
		date_parse(to, &b->to);
	json_t *ls = json_object_get(j, "lines");
	for (size_t l = 0; l < json_array_size(ls) && l < BRIEFING_LINES; l++) {
		json_t *jl = json_array_get(ls, l);
		struct briefing_line *ln = &b->lines[l];
		copy_str(jl, "line", ln->line, sizeof(ln->line));
		copy_str(jl, "label", ln->label, sizeof(ln->label));
		copy_str(jl, "text", ln->text, sizeof(ln->text));
		json_t *fs = json_object_get(jl, "figures");
		for (size_t i = 0; i < json_array_size(fs) && i < BRIEFING_LINE_FIGURES; i++) {
			json_t *jf = json_array_get(fs, i);
			struct briefing_figure *f = &ln->figures[ln->n_figures++];
			copy_str(jf, "key", f->key, sizeof(f->key));
			copy_str(jf, "label", f->label, sizeof(f->label));
			copy_str(jf, "unit", f->unit, sizeof(f->unit));
			f->value = json_integer_value(json_object_get(jf, "value"));
			json_t *by = json_object_get(jf, "by");
			for (size_t g = 0; g < json_array_size(by) && g < BRIEFING_GROUPS; g++) {
				json_t *jg = json_array_get(by, g);
				struct briefing_group *gr = &f->by[f->n_by++];
				copy_str(jg, "key", gr->key, sizeof(gr->key));
				copy_str(jg, "label", gr->label, sizeof(gr->label));
				gr->value = json_integer_value(json_object_get(jg, "value"));
			}
		}
	}
	json_decref(j);
	return ERR_OK;
}

static const struct briefing_codec codec = { codec_encode, codec_decode };

static struct briefing *briefing_new(void)
{
	struct briefing *b = malloc(sizeof(*b));
	if (!b)
		abort();
	return b;
}

/* The issue as JSON; pub: the public form (no account ids, no links). */
static enum err_code issue_json(const struct briefing_issue *is, int pub, json_t **out,
				struct err *e)
{
	struct briefing *b = briefing_new();
	enum err_code rc = codec_decode(is->content, b, e);
	if (rc) {
		free(b);
		return rc;
	}
	json_t *j = briefing_json(b, !pub);
	free(b);
	json_object_set_new(j, "id", json_integer(is->id));
	json_object_set_new(j, "issue_no", json_integer(is->issue_no));
	json_object_set_new(j, "year", json_integer(is->year));
	json_object_set_new(j, "title", json_string(is->title));
	json_object_set_new(j, "status", json_string(is->status));
	json_object_set_new(j, "created_at", api_time(is->created_at_ms));
	json_object_set_new(j, "published_at",
			    is->published_at_ms ? api_time(is->published_at_ms) : json_null());
	if (!pub) {
		json_object_set_new(j, "created_by", is->created_by ? json_integer(is->created_by)
								     : json_null());
		json_object_set_new(j, "edited_by", is->edited_by ? json_integer(is->edited_by)
								   : json_null());
		json_object_set_new(j, "edited_at",
				    is->edited_at_ms ? api_time(is->edited_at_ms) : json_null());
	}
	*out = j;
	return ERR_OK;
}

static json_t *issue_row_json(const struct briefing_issue *is, int pub)
{
	json_t *j = json_pack("{s:I, s:I, s:i, s:i, s:s, s:o, s:o, s:s, s:o, s:o}",
		"id", (json_int_t)is->id, "alliance_id", (json_int_t)is->alliance_id,
		"year", is->year, "issue_no", is->issue_no, "title", is->title,
		"from", day_json(is->from_on), "to", day_json(is->to_on), "status", is->status,
		"created_at", api_time(is->created_at_ms),
		"published_at", is->published_at_ms ? api_time(is->published_at_ms) : json_null());
	if (!pub)
		json_object_set_new(j, "edited_at",
				    is->edited_at_ms ? api_time(is->edited_at_ms) : json_null());
	return j;
}

/* ---- computed now ---- */

static enum err_code period_query(struct request *r, int64_t *alliance_id, int32_t *from,
				  int32_t *to, struct err *e)
{
	enum err_code rc;
	if ((rc = req_query_id(r, "alliance_id", alliance_id, e)) ||
	    (rc = req_query_date(r, "from", 0, from, e)) ||
	    (rc = req_query_date(r, "to", 0, to, e)))
		return rc;
	if (!*alliance_id)
		return err_set(e, ERR_INVALID, "alliance_id", "请选择联建");
	return ERR_OK;
}

static enum err_code api_briefing_get(struct request *r, struct err *e)
{
	int64_t alliance_id;
	int32_t from, to;
	enum err_code rc;
	if ((rc = period_query(r, &alliance_id, &from, &to, e)))
		return rc;
	struct briefing *b = briefing_new();
	if (!(rc = briefing_compute(r->st, &r->who, alliance_id, from, to, date_today_shanghai(), b,
				    e)))
		resp_json(r, 200, briefing_json(b, 1));
	free(b);
	return rc;
}

static enum err_code api_briefing_records(struct request *r, struct err *e)
{
	int64_t alliance_id;
	int32_t from, to;
	const char *key = NULL;
	enum err_code rc;
	if ((rc = req_query_text(r, "key", 32, &key, e)) ||
	    (rc = period_query(r, &alliance_id, &from, &to, e)))
		return rc;
	const struct briefing_key *k = key ? briefing_key_find(key) : NULL;
	if (!k)
		return err_set(e, ERR_INVALID, "key", "未知的简报指标");
	struct briefing_record *recs = NULL;
	size_t n = 0;
	if ((rc = briefing_records(r->st, &r->who, key, alliance_id, from, to,
				   date_today_shanghai(), &recs, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char path[64];
		const char *t = recs[i].type;
		const char *coll = strcmp(t, "matter") == 0 ? "matters"
			: strcmp(t, "meeting") == 0 ? "meetings"
			: strcmp(t, "activity") == 0 ? "activities"
			: strcmp(t, "route") == 0 ? "routes"
			: strcmp(t, "site") == 0 ? "sites"
			: strcmp(t, "secondment") == 0 ? "secondments"
			: strcmp(t, "talent") == 0 ? "talents"
			: strcmp(t, "project") == 0 ? "projects"
			: strcmp(t, "enterprise") == 0 ? "enterprises"
			: strcmp(t, "financing") == 0 ? "financing"
			: strcmp(t, "person") == 0 ? "people" : NULL;
		if (coll)
			snprintf(path, sizeof(path), "/api/v1/%s/%lld", coll, (long long)recs[i].id);
		json_array_append_new(items, json_pack("{s:s, s:I, s:s, s:o, s:I, s:s, s:o}",
			"type", t, "id", (json_int_t)recs[i].id, "title", recs[i].title,
			"on", day_json(recs[i].on), "value", (json_int_t)recs[i].value,
			"group", recs[i].grp, "path", coll ? json_string(path) : json_null()));
	}
	free(recs);
	char f[11], t[11];
	date_format(from, f);
	date_format(to, t);
	resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:o}", "key", k->key,
		"label", k->label, "unit", k->unit, "alliance_id", (json_int_t)alliance_id,
		"from", f, "to", t, "count", (json_int_t)n, "items", items));
	return ERR_OK;
}

/* ---- frozen issues ---- */

static enum err_code issue_reply(struct request *r, const struct briefing_issue *is, int status,
				 int pub, struct err *e)
{
	json_t *j;
	enum err_code rc = issue_json(is, pub, &j, e);
	if (!rc)
		resp_json(r, status, j);
	return rc;
}

static enum err_code api_briefings_create(struct request *r, struct err *e)
{
	struct issue_body in;
	struct briefing_issue is;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = jsonx_decode_into(r->json, &issue_schema, &in, e)))
		return rc;
	struct briefing_issue_input bi = { in.alliance_id, in.from, in.to, in.title };
	if ((rc = briefing_issue_create(r->st, &r->who, &bi, date_today_shanghai(), &codec, &is, e)))
		return rc;
	rc = issue_reply(r, &is, 201, 0, e);
	briefing_issue_release(&is);
	return rc;
}

static enum err_code list_reply(struct request *r, const struct principal *who, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t alliance_id;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "alliance_id", &alliance_id, e)))
		return rc;
	if (!alliance_id)
		return err_set(e, ERR_INVALID, "alliance_id", "请选择联建");
	struct briefing_issue *is = NULL;
	size_t n = 0;
	if ((rc = briefing_issue_list(r->st, who, alliance_id, pg, &is, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, issue_row_json(&is[i], who == NULL));
	api_list_by_id(r, items, n, pg, n ? is[n - 1].id : 0);
	free(is);
	return ERR_OK;
}

static enum err_code api_briefings_list(struct request *r, struct err *e)
{
	return list_reply(r, &r->who, e);
}

static enum err_code get_reply(struct request *r, const struct principal *who, struct err *e)
{
	int64_t id;
	struct briefing_issue is;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = briefing_issue_get(r->st, who, id, &is, e)))
		return rc;
	rc = issue_reply(r, &is, 200, who == NULL, e);
	briefing_issue_release(&is);
	return rc;
}

static enum err_code api_briefings_get(struct request *r, struct err *e)
{
	return get_reply(r, &r->who, e);
}

static enum err_code api_briefings_docx(struct request *r, struct err *e)
{
	int64_t id;
	struct briefing_issue is;
	enum err_code rc;
	char *dot = strstr(r->params[0], ".docx");
	if (dot)
		*dot = 0;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = briefing_issue_get(r->st, &r->who, id, &is, e)))
		return rc;
	struct briefing *b = briefing_new();
	unsigned char *bytes = NULL;
	size_t len = 0;
	int32_t made_on = date_today_shanghai();
	if (is.created_at_ms)
		made_on = (int32_t)((is.created_at_ms / 1000 + (int64_t)8 * 3600) / 86400);
	if (!(rc = codec_decode(is.content, b, e)) &&
	    !(rc = briefing_docx(b, is.title, is.issue_no, made_on, &bytes, &len, e))) {
		buf_reset(&r->out);
		buf_add(&r->out, bytes, len);
		resp_header(r, "Content-Disposition",
			    "attachment; filename=\"briefing-%d-%d.docx\"; filename*=UTF-8''%d%%E5%%B9%%B4%%E7%%AC%%AC%d%%E6%%9C%%9F.docx",
			    is.year, is.issue_no, is.year, is.issue_no);
		resp_buf(r, 200,
			 "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	}
	free(bytes);
	free(b);
	briefing_issue_release(&is);
	return rc;
}

static enum err_code api_briefings_edit(struct request *r, struct err *e)
{
	int64_t id;
	struct issue_edit_body in;
	enum err_code rc;
	memset(&in, 0, sizeof(in));
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &issue_edit_schema, &in, e)))
		return rc;
	if (!in.title && !in.n_lines)
		return err_set(e, ERR_INVALID, NULL, "请给出要修改的标题或正文");
	struct briefing_text_edit ed[BRIEFING_LINES];
	for (size_t i = 0; i < in.n_lines; i++) {
		ed[i].line = in.lines[i].line;
		ed[i].text = in.lines[i].text;
	}
	if ((rc = briefing_issue_edit(r->st, &r->who, id, in.title, ed, in.n_lines, &codec, e)))
		return rc;
	return get_reply(r, &r->who, e);
}

static enum err_code api_briefings_publish(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = briefing_issue_publish(r->st, &r->who, id, e)))
		return rc;
	return get_reply(r, &r->who, e);
}

/* ---- public flags ---- */

static enum err_code set_public(struct request *r, const char *kind, struct err *e)
{
	int64_t id;
	struct public_body in = { 0 };
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) ||
	    (rc = jsonx_decode_into(r->json, &public_schema, &in, e)) ||
	    (rc = briefing_set_public(r->st, &r->who, kind, id, in.on, e)))
		return rc;
	resp_json(r, 200, json_pack("{s:s, s:I, s:b}", "type", kind, "id", (json_int_t)id,
				    "public", in.on));
	return ERR_OK;
}

static enum err_code api_routes_public(struct request *r, struct err *e)
{
	return set_public(r, "route", e);
}

static enum err_code api_activities_public(struct request *r, struct err *e)
{
	return set_public(r, "activity", e);
}

/* ---- public pages (no session) ---- */

static enum err_code api_public_briefings_list(struct request *r, struct err *e)
{
	return list_reply(r, NULL, e);
}

static enum err_code api_public_briefings_get(struct request *r, struct err *e)
{
	return get_reply(r, NULL, e);
}

static json_t *county_name(struct store *st, const char *code)
{
	struct division d;
	struct err ignored;
	return json_string(st->division->get(st, code, &d, &ignored) == ERR_OK ? d.name : "");
}

static enum err_code public_alliance(struct request *r, int64_t *alliance_id, struct err *e)
{
	struct alliance a;
	enum err_code rc = req_query_id(r, "alliance_id", alliance_id, e);
	if (rc)
		return rc;
	if (!*alliance_id)
		return err_set(e, ERR_INVALID, "alliance_id", "请选择联建");
	return r->st->org->alliance_get(r->st, *alliance_id, &a, e);
}

static enum err_code api_public_routes(struct request *r, struct err *e)
{
	int64_t alliance_id, ids[PUBLIC_MAX];
	size_t n = 0;
	enum err_code rc;
	if ((rc = public_alliance(r, &alliance_id, e)) ||
	    (rc = r->st->briefing->public_route_ids(r->st, alliance_id, ids, PUBLIC_MAX, &n, e)))
		return rc;
	json_t *items = json_array();
	struct route_rec *rt = malloc(sizeof(*rt));
	if (!rt)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct err ignored;
		if (r->st->edu->route_get(r->st, ids[i], rt, &ignored) != ERR_OK)
			continue;
		json_t *stops = json_array();
		for (size_t k = 0; k < rt->n_stops; k++) {
			struct site s;
			if (r->st->edu->site_get(r->st, rt->stops[k], &s, &ignored) != ERR_OK)
				continue;
			json_array_append_new(stops, json_pack("{s:s, s:s, s:s, s:o}", "name", s.name,
				"kind", s.kind, "kind_label", vocab_label(vocab_site_kinds, s.kind),
				"county", county_name(r->st, s.county_code)));
		}
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}",
			"id", (json_int_t)rt->id, "kind", rt->kind,
			"kind_label", vocab_label(vocab_route_kinds, rt->kind), "name", rt->name,
			"opened_on", day_json(rt->opened_on), "stops", stops));
	}
	free(rt);
	resp_json(r, 200, json_pack("{s:o}", "items", items));
	return ERR_OK;
}

static enum err_code api_public_fairs(struct request *r, struct err *e)
{
	int64_t alliance_id, ids[PUBLIC_MAX];
	size_t n = 0;
	enum err_code rc;
	if ((rc = public_alliance(r, &alliance_id, e)) ||
	    (rc = r->st->briefing->public_fair_ids(r->st, alliance_id, ids, PUBLIC_MAX, &n, e)))
		return rc;
	json_t *items = json_array();
	struct activity *a = malloc(sizeof(*a));
	if (!a)
		abort();
	struct api_div_memo memo = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct err ignored;
		if (r->st->edu->activity_get(r->st, ids[i], a, &ignored) != ERR_OK)
			continue;
		json_array_append_new(items, json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:o}",
			"id", (json_int_t)a->id, "title", a->title, "starts_on", day_json(a->starts_on),
			"ends_on", day_json(a->ends_on),
			"place", api_division_ref_memo(r->st, a->place_division, &memo),
			"host", a->host_org_name, "county", county_name(r->st, a->county_code)));
	}
	api_div_memo_release(&memo);
	free(a);
	resp_json(r, 200, json_pack("{s:o}", "items", items));
	return ERR_OK;
}

const struct route api_briefing_routes[] = {
	{ M_GET, "/api/v1/briefing", api_briefing_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/briefing/records", api_briefing_records, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/briefings", api_briefings_create, PERM_SIGNED_IN, &issue_schema, 0, 0 },
	{ M_GET, "/api/v1/briefings", api_briefings_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/briefings/{id}.docx", api_briefings_docx, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/briefings/{id}", api_briefings_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/briefings/{id}", api_briefings_edit, PERM_SIGNED_IN, &issue_edit_schema, 0, 0 },
	{ M_POST, "/api/v1/briefings/{id}/publish", api_briefings_publish, PERM_SIGNED_IN, &publish_schema, 0, ROUTE_OPTIONAL_BODY },
	{ M_PUT, "/api/v1/routes/{id}/public", api_routes_public, PERM_SIGNED_IN, &public_schema, 0, 0 },
	{ M_PUT, "/api/v1/activities/{id}/public", api_activities_public, PERM_SIGNED_IN, &public_schema, 0, 0 },
	{ M_GET, "/api/v1/public/briefings", api_public_briefings_list, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/public/briefings/{id}", api_public_briefings_get, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/public/routes", api_public_routes, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/public/fairs", api_public_fairs, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ 0 }
};
