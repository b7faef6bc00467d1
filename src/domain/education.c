/* education.c - sites, routes, activities, sittings and check-in (see education.h). */
#include "domain/education.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_division.h"

int32_t education_first_day(void)
{
	return date_from_ymd(2000, 1, 1);
}

int32_t education_last_day(int32_t today)
{
	return date_add_months(today, 12);
}

/* A division code at county level or below, on record, inside one of the
 * alliance's counties; fills its county. */
static enum err_code check_division(struct store *st, const struct alliance *a,
				    const char *code, const char *field, char county[8],
				    struct err *e)
{
	struct division d;
	struct err ignored;
	if (!code || division_level_of(code) < LEVEL_COUNTY ||
	    st->division->get(st, code, &d, &ignored) != ERR_OK)
		return err_set(e, ERR_INVALID, field, "区划代码无效（须为县级及以下）");
	if (!alliance_covers(a, code))
		return err_set(e, ERR_INVALID, field, "所选区划不在本联建的县（市）范围内");
	snprintf(county, 8, "%.6s", code);
	return ERR_OK;
}

static enum err_code load_alliance(struct store *st, const struct principal *who, int64_t id,
				   struct alliance *out, struct err *e)
{
	enum err_code rc = st->org->alliance_get(st, id, out, e);
	if (!rc)
		rc = reach_guard(st, who, out->id, "联建", e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_INVALID, "alliance_id", "联建不存在");
	return rc;
}

static enum err_code check_day(int32_t day, int32_t today, const char *field, struct err *e)
{
	if (day < education_first_day() || day > education_last_day(today))
		return err_set(e, ERR_INVALID, field, "日期应在 2000-01-01 至明年今日之间");
	return ERR_OK;
}

/* ---- sites ---- */

enum err_code site_create(struct store *st, const struct principal *who,
			  const struct site_input *in, struct site *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct site s;
	memset(&s, 0, sizeof(s));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_alliance(st, who, in->alliance_id, &a, e)) ||
	    (rc = check_division(st, &a, in->division, "division", s.county_code, e)))
		goto fail;
	if (!policy_can_edit_site(who, a.id, s.county_code)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或阵地所在县（市）的管理员可以登记阵地");
		goto fail;
	}
	s.alliance_id = a.id;
	snprintf(s.kind, sizeof(s.kind), "%s", in->kind);
	snprintf(s.name, sizeof(s.name), "%s", in->name);
	snprintf(s.division_code, sizeof(s.division_code), "%s", in->division);
	snprintf(s.description, sizeof(s.description), "%s", in->description ? in->description : "");
	s.created_by = who->user_id;
	s.created_at_ms = date_now_ms();
	if ((rc = st->edu->site_insert(st, &s, e)) ||
	    (rc = audit_record(st, who, "site.create", "site", s.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	*out = s;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	return rc;
}

/* ---- routes ---- */

enum err_code route_create(struct store *st, const struct principal *who,
			   const struct route_input *in, int32_t today, struct route_rec *out,
			   struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct route_rec r;
	memset(&r, 0, sizeof(r));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_alliance(st, who, in->alliance_id, &a, e)))
		goto fail;
	if (!policy_can_edit_site(who, a.id, NULL)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员可以登记线路");
		goto fail;
	}
	if (in->n_stops < 2 || in->n_stops > ROUTE_MAX_STOPS) {
		rc = err_set(e, ERR_INVALID, "stops", "线路至少要有两个站点");
		goto fail;
	}
	for (size_t i = 0; i < in->n_stops; i++) {
		struct site s;
		struct err ignored;
		if (st->edu->site_get(st, in->stops[i], &s, &ignored) != ERR_OK ||
		    s.alliance_id != a.id) {
			rc = err_set(e, ERR_INVALID, "stops", "站点 %lld 不是本联建的阵地",
				     (long long)in->stops[i]);
			goto fail;
		}
		r.stops[i] = in->stops[i];
	}
	r.n_stops = in->n_stops;
	r.alliance_id = a.id;
	snprintf(r.kind, sizeof(r.kind), "%s", in->kind);
	snprintf(r.line, sizeof(r.line), "%s",
		 strcmp(in->kind, "tourism") == 0 ? "economy" : "education");
	snprintf(r.name, sizeof(r.name), "%s", in->name);
	r.opened_on = today;
	r.created_by = who->user_id;
	r.created_at_ms = date_now_ms();
	if ((rc = st->edu->route_insert(st, &r, e)) ||
	    (rc = audit_record(st, who, "route.create", "route", r.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	*out = r;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	return rc;
}

/* ---- activities ---- */

static enum err_code activity_checked(struct store *st, const struct principal *who,
				      const struct activity_input *in, int32_t today,
				      struct activity *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct org host;
	struct unit u;
	struct err ignored;
	char county[8], place_county[8];
	struct activity x;
	memset(&x, 0, sizeof(x));
	if ((rc = load_alliance(st, who, in->alliance_id, &a, e)))
		return rc;
	if (in->line && !vocab_valid(vocab_categories, in->line))
		return err_set(e, ERR_INVALID, "line", "五共类别无效");
	if ((rc = check_day(in->starts_on, today, "starts_on", e)))
		return rc;
	if (in->ends_on && (rc = check_day(in->ends_on, today, "ends_on", e)))
		return rc;
	if (in->ends_on && in->ends_on < in->starts_on)
		return err_set(e, ERR_INVALID, "ends_on", "结束日期不能早于开始日期");
	if ((rc = check_division(st, &a, in->place_division, "place_division", place_county, e)))
		return rc;
	if (st->org->org_get(st, in->host_org_id, &host, &ignored) != ERR_OK)
		return err_set(e, ERR_INVALID, "host_org_id", "主办党组织不存在");
	snprintf(county, sizeof(county), "%.6s", host.division_code);
	if (!alliance_covers(&a, county))
		return err_set(e, ERR_INVALID, "host_org_id", "主办党组织不在本联建的县（市）范围内");
	if (in->unit_id) {
		if (st->org->unit_get(st, in->unit_id, &u, &ignored) != ERR_OK ||
		    u.alliance_id != a.id)
			return err_set(e, ERR_INVALID, "unit_id", "联建单位不存在或不属于本联建");
	}
	if (in->site_id) {
		struct site s;
		if (st->edu->site_get(st, in->site_id, &s, &ignored) != ERR_OK ||
		    s.alliance_id != a.id)
			return err_set(e, ERR_INVALID, "site_id", "阵地不存在或不属于本联建");
	}
	if (in->route_id) {
		struct route_rec r;
		if (st->edu->route_get(st, in->route_id, &r, &ignored) != ERR_OK ||
		    r.alliance_id != a.id)
			return err_set(e, ERR_INVALID, "route_id", "线路不存在或不属于本联建");
	}
	if (!policy_can_manage_activity(st, who, a.id, county, in->unit_id ? &u : NULL))
		return err_set(e, ERR_FORBIDDEN, NULL,
			       "只有联建管理员、主办党组织所在县（市）的管理员或本单位站长/组长可以登记活动");
	x.alliance_id = a.id;
	x.unit_id = in->unit_id;
	snprintf(x.kind, sizeof(x.kind), "%s", in->kind);
	snprintf(x.line, sizeof(x.line), "%s",
		 in->line ? in->line : strcmp(in->kind, "fair") == 0 ? "economy" : "education");
	snprintf(x.title, sizeof(x.title), "%s", in->title);
	x.starts_on = in->starts_on;
	x.ends_on = in->ends_on;
	snprintf(x.place_division, sizeof(x.place_division), "%s", in->place_division);
	x.site_id = in->site_id;
	x.route_id = in->route_id;
	x.host_org_id = host.id;
	snprintf(x.county_code, sizeof(x.county_code), "%s", county);
	x.created_by = who->user_id;
	x.created_at_ms = date_now_ms();
	*out = x;
	return ERR_OK;
}

enum err_code activity_create(struct store *st, const struct principal *who,
			      const struct activity_input *in, int32_t today, struct activity *out,
			      struct err *e)
{
	enum err_code rc;
	struct activity x;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = activity_checked(st, who, in, today, &x, e)) ||
	    (rc = st->edu->activity_insert(st, &x, e)) ||
	    (rc = audit_record(st, who, "activity.create", "activity", x.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	*out = x;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	return rc;
}

/* Inside the caller's write: the activity as it is now, and whether who
 * may record its people (managers or the host's secretary). */
static enum err_code load_for_record(struct store *st, const struct principal *who, int64_t id,
				     struct activity *a, struct alliance *al, struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct org host;
	struct err ignored;
	if ((rc = st->edu->activity_get(st, id, a, e)) ||
	    (rc = reach_guard(st, who, a->alliance_id, "活动", e)) ||
	    (rc = st->org->alliance_get(st, a->alliance_id, al, e)))
		return rc;
	int has_unit = a->unit_id && st->org->unit_get(st, a->unit_id, &u, &ignored) == ERR_OK;
	int has_host = st->org->org_get(st, a->host_org_id, &host, &ignored) == ERR_OK;
	if (policy_can_record_activity(st, who, a->alliance_id, a->county_code,
				       has_unit ? &u : NULL, has_host ? &host : NULL))
		return ERR_OK;
	return err_set(e, ERR_FORBIDDEN, NULL,
		       "只有联建管理员、主办方所在县（市）的管理员、本单位站长/组长或主办党组织书记可以记录活动人员");
}

static enum err_code check_people(struct store *st, const int64_t *ids, size_t n,
				  struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		struct person p;
		struct err ignored;
		if (st->org->person_get(st, ids[i], &p, &ignored) != ERR_OK)
			return err_set(e, ERR_INVALID, "person_ids", "人员 %lld 不存在",
				       (long long)ids[i]);
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i])
				return err_set(e, ERR_INVALID, "person_ids", "人员重复");
	}
	return ERR_OK;
}

enum err_code activity_set_participants(struct store *st, const struct principal *who,
					int64_t id, const struct participants_input *in,
					struct err *e)
{
	enum err_code rc;
	struct activity a;
	struct alliance al;
	struct activity_headcount hc[ACTIVITY_MAX_HEADCOUNT] = { 0 };
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "activity", id, e)))
		return rc;
	if ((rc = load_for_record(st, who, id, &a, &al, e)) ||
	    (rc = check_people(st, in->person_ids, in->n_person_ids, e)))
		goto out;
	for (size_t i = 0; i < in->n_headcount; i++) {
		const struct headcount_input *h = &in->headcount[i];
		if (strlen(h->county_code) != 6 || !alliance_covers(&al, h->county_code)) {
			rc = err_set(e, ERR_INVALID, "headcount", "县（市）%s 不在本联建范围内",
				     h->county_code);
			goto out;
		}
		if (h->persons < 0) {
			rc = err_set(e, ERR_INVALID, "headcount", "人数不能为负");
			goto out;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(in->headcount[k].county_code, h->county_code) == 0) {
				rc = err_set(e, ERR_INVALID, "headcount", "同一县（市）只能填写一行");
				goto out;
			}
		snprintf(hc[i].county_code, sizeof(hc[i].county_code), "%s", h->county_code);
		hc[i].persons = h->persons;
	}
	rc = st->edu->set_participants(st, &a, in->person_ids, in->n_person_ids, hc,
				       in->n_headcount, e);
out:
	return audit_tx_end(&tx, who, "activity.participants", id, rc, e);
}

static int64_t checkin_ttl_ms;

void education_set_checkin_ttl_ms(int64_t ttl_ms)
{
	checkin_ttl_ms = ttl_ms > 0 ? ttl_ms : 0;
}

/* Attendance is taken from the sitting's day on, never before. */
static enum err_code require_held(const struct sitting *s, int32_t today, struct err *e)
{
	char d[11];
	if (s->held_on <= today)
		return ERR_OK;
	date_format(s->held_on, d);
	return err_tag(e, ERR_INVALID, "sitting_not_held", "on",
		       "课次尚未举行（%s），举行当日起才能登记出勤或生成签到码", d);
}

static enum err_code load_sitting(struct store *st, int64_t activity_id, int64_t sitting_id,
				  struct sitting *out, struct err *e)
{
	enum err_code rc = st->edu->sitting_get(st, sitting_id, out, e);
	if (rc)
		return rc;
	if (out->activity_id != activity_id)
		return err_set(e, ERR_NOT_FOUND, NULL, "课次不存在");
	return ERR_OK;
}

enum err_code activity_add_sitting(struct store *st, const struct principal *who, int64_t id,
				   const struct sitting_input *in, struct sitting *out,
				   struct err *e)
{
	enum err_code rc;
	struct activity a;
	struct alliance al;
	struct audit_tx tx;
	struct sitting *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	if ((rc = audit_tx_begin(&tx, st, "activity", id, e))) {
		free(s);
		return rc;
	}
	if ((rc = load_for_record(st, who, id, &a, &al, e)))
		goto out;
	int32_t last = a.ends_on ? a.ends_on : a.starts_on;
	if (in->on < a.starts_on || in->on > last) {
		rc = err_set(e, ERR_INVALID, "on", "课次日期应在活动日期之内");
		goto out;
	}
	s->activity_id = a.id;
	s->alliance_id = a.alliance_id;
	s->held_on = in->on;
	snprintf(s->title, sizeof(s->title), "%s", in->title);
	s->minutes = (int64_t)llround(in->hours * 60.0);
	s->created_by = who->user_id;
	s->created_at_ms = date_now_ms();
	if (!(rc = st->edu->sitting_insert(st, s, e)))
		*out = *s;
out:
	free(s);
	return audit_tx_end(&tx, who, "activity.sitting_add", id, rc, e);
}

enum err_code activity_set_attendance(struct store *st, const struct principal *who, int64_t id,
				      int64_t sitting_id, const int64_t *ids, size_t n,
				      int32_t today, struct err *e)
{
	enum err_code rc;
	struct activity a;
	struct alliance al;
	struct audit_tx tx;
	struct sitting *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	if ((rc = audit_tx_begin(&tx, st, "activity", id, e))) {
		free(s);
		return rc;
	}
	if (!(rc = load_for_record(st, who, id, &a, &al, e)) &&
	    !(rc = load_sitting(st, id, sitting_id, s, e)) &&
	    !(rc = require_held(s, today, e)) &&
	    !(rc = check_people(st, ids, n, e)))
		rc = st->edu->set_attendance(st, s, ids, n, date_now_ms(), e);
	free(s);
	return audit_tx_end(&tx, who, "activity.attendance", id, rc, e);
}

enum err_code activity_checkin_code(struct store *st, const struct principal *who, int64_t id,
				    int64_t sitting_id, int32_t today, struct checkin_code *out,
				    struct err *e)
{
	enum err_code rc;
	struct activity a;
	struct alliance al;
	struct checkin_row row;
	struct sitting *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	if ((rc = st->ops->begin_write(st, e))) {
		free(s);
		return rc;
	}
	if ((rc = load_for_record(st, who, id, &a, &al, e)) ||
	    (rc = load_sitting(st, id, sitting_id, s, e)) ||
	    (rc = require_held(s, today, e)))
		goto fail;
	int64_t now = date_now_ms();
	checkin_code_new(sitting_id, now, checkin_ttl_ms, out);
	memset(&row, 0, sizeof(row));
	snprintf(row.token_hash, sizeof(row.token_hash), "%s", out->token_hash);
	row.sitting_id = sitting_id;
	row.alliance_id = a.alliance_id;
	row.expires_at_ms = out->expires_at_ms;
	if ((rc = st->edu->checkin_insert(st, &row, who->user_id, now, e)) ||
	    (rc = audit_record(st, who, "activity.checkin_code", "activity", id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	free(s);
	return ERR_OK;
fail:
	free(s);
	st->ops->rollback(st);
	return rc;
}

enum err_code checkin_scan(struct store *st, const struct principal *who, const char *token,
			   int32_t today, struct checkin_result *out, struct err *e)
{
	enum err_code rc;
	char hash[CHECKIN_HASH_SIZE];
	struct checkin_row row;
	struct activity a;
	struct err ignored;
	int64_t now = date_now_ms();
	if (checkin_token_hash(token, hash) != 0)
		return checkin_verify(token, NULL, 0, now, e);
	struct sitting *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	if ((rc = st->ops->begin_write(st, e))) {
		free(s);
		return rc;
	}
	if (st->edu->checkin_get(st, hash, &row, &ignored) != ERR_OK) {
		rc = checkin_verify(token, NULL, 0, now, e);
		goto fail;
	}
	if ((rc = checkin_verify(token, row.token_hash, row.expires_at_ms, now, e)))
		goto fail;
	if (!who->person_id) {
		rc = err_tag(e, ERR_FORBIDDEN, "no_person", NULL, "您的账号未关联党员/人员，无法签到");
		goto fail;
	}
	int is_new = 0;
	if ((rc = st->edu->sitting_get(st, row.sitting_id, s, e)) ||
	    (rc = require_held(s, today, e)) ||
	    (rc = st->edu->activity_get(st, s->activity_id, &a, e)) ||
	    (rc = st->edu->participant_add(st, &a, who->person_id, e)) ||
	    (rc = st->edu->attend(st, s, who->person_id, now, &is_new, e)))
		goto fail;
	if (is_new && (rc = audit_record(st, who, "activity.checkin", "activity", a.id, NULL, e)))
		goto fail;
	if ((rc = st->ops->commit(st, e)))
		goto fail;
	memset(out, 0, sizeof(*out));
	out->activity_id = a.id;
	out->sitting_id = s->id;
	out->person_id = who->person_id;
	out->already = !is_new;
	snprintf(out->activity_title, sizeof(out->activity_title), "%s", a.title);
	snprintf(out->sitting_title, sizeof(out->sitting_title), "%s", s->title);
	out->sitting_on = s->held_on;
	free(s);
	return ERR_OK;
fail:
	free(s);
	st->ops->rollback(st);
	return rc;
}

/* ---- reads ---- */

static void add_person(struct store *st, struct activity_view *v, int64_t id,
		       struct headcount_person **hp, size_t *n, size_t *alloc, int keep)
{
	for (size_t i = 0; i < *n; i++)
		if ((*hp)[i].person_id == id)
			return;
	struct person p;
	struct err ignored;
	memset(&p, 0, sizeof(p));
	if (st->org->person_get(st, id, &p, &ignored) != ERR_OK)
		p.id = id;
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 16;
		*hp = realloc(*hp, *alloc * sizeof(**hp));
		if (!*hp)
			abort();
	}
	(*hp)[*n].person_id = id;
	snprintf((*hp)[*n].county_code, HEADCOUNT_CODE_SIZE, "%.6s", p.division_code);
	(*n)++;
	if (keep) {
		v->people = realloc(v->people, (v->n_people + 1) * sizeof(*v->people));
		if (!v->people)
			abort();
		v->people[v->n_people++] = p;
	}
}

enum err_code activity_view_get(struct store *st, const struct principal *who, int64_t id,
				struct activity_view *v, struct err *e)
{
	enum err_code rc;
	struct activity a;
	int hidden = 0;
	memset(v, 0, sizeof(*v));
	if ((rc = st->edu->activity_get(st, id, &a, e)))
		return rc;
	if ((hidden = reach_hides(st, who, a.alliance_id, e)) < 0)
		return e->code;
	if (hidden)
		return st->edu->activity_get(st, 0, &a, e);
	return activity_view_of(st, who, &a, v, e);
}

enum err_code activity_view_of(struct store *st, const struct principal *who,
			       const struct activity *a, struct activity_view *v, struct err *e)
{
	enum err_code rc;
	int64_t id = a->id;
	memset(v, 0, sizeof(*v));
	v->a = *a;
	if ((rc = st->edu->participants(st, id, v->participants, &v->n_participants, e)) ||
	    (rc = st->edu->headcount(st, id, v->headcount, &v->n_headcount, e)) ||
	    (rc = st->edu->sittings(st, id, &v->sittings, &v->n_sittings, e)))
		goto fail;
	struct headcount_person *hp = NULL;
	size_t n_hp = 0, alloc = 0;
	for (size_t i = 0; i < v->n_participants; i++)
		add_person(st, v, v->participants[i], &hp, &n_hp, &alloc, 1);
	struct headcount_sitting *hs = calloc(v->n_sittings + 1, sizeof(*hs));
	struct headcount_row *hr = calloc(v->n_headcount + 1, sizeof(*hr));
	if (!hs || !hr)
		abort();
	for (size_t i = 0; i < v->n_sittings; i++) {
		hs[i].person_ids = v->sittings[i].attendees;
		hs[i].n_person_ids = v->sittings[i].n_attendees;
		for (size_t k = 0; k < v->sittings[i].n_attendees; k++)
			add_person(st, v, v->sittings[i].attendees[k], &hp, &n_hp, &alloc, 0);
	}
	for (size_t i = 0; i < v->n_headcount; i++) {
		snprintf(hr[i].county_code, sizeof(hr[i].county_code), "%s",
			 v->headcount[i].county_code);
		hr[i].persons = v->headcount[i].persons;
	}
	struct headcount_activity ha = {
		.person_ids = v->participants, .n_person_ids = v->n_participants,
		.headcount = hr, .n_headcount = v->n_headcount,
		.sittings = hs, .n_sittings = v->n_sittings,
	};
	headcount_activity(&ha, hp, n_hp, &v->count);
	free(hp);
	free(hs);
	free(hr);
	struct unit u;
	struct org host;
	struct err ignored;
	int has_unit = v->a.unit_id && st->org->unit_get(st, v->a.unit_id, &u, &ignored) == ERR_OK;
	int has_host = st->org->org_get(st, v->a.host_org_id, &host, &ignored) == ERR_OK;
	v->can_manage = policy_can_record_activity(st, who, v->a.alliance_id, v->a.county_code,
						   has_unit ? &u : NULL, has_host ? &host : NULL);
	/* Phone numbers only for who may see them (PIPL). */
	for (size_t i = 0; i < v->n_people && i < ACTIVITY_MAX_PEOPLE; i++) {
		struct person *p = &v->people[i];
		char county[8];
		snprintf(county, sizeof(county), "%.6s", p->division_code);
		if (p->phone[0] && !policy_can_view_phone(st, who, county)) {
			p->phone[0] = '\0';
			v->phone_hidden[i] = 1;
		}
	}
	return ERR_OK;
fail:
	activity_view_release(v);
	return rc;
}

void activity_view_release(struct activity_view *v)
{
	free(v->sittings);
	free(v->people);
	headcount_result_release(&v->count);
	v->sittings = NULL;
	v->people = NULL;
	v->n_sittings = v->n_people = 0;
}
