/* matter.c - the matter lifecycle (see matter.h). */
#include "domain/matter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/duty.h"
#include "domain/inbox.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_division.h"
#include "store/store_matter.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_stats.h"

int matter_status_valid(const char *s)
{
	return vocab_valid(vocab_statuses, s);
}

int matter_status_open(const char *s)
{
	const struct vocab_term *t = vocab_find(vocab_statuses, s);
	return t ? t->open : 0;
}

const char *matter_status_label(const char *s)
{
	return vocab_label(vocab_statuses, s);
}

int matter_transition_allowed(const char *from, const char *to)
{
	const struct vocab_term *t = vocab_find(vocab_statuses, from);
	return t && vocab_word_in(t->next, to);
}

int matter_category_valid(const char *c)
{
	return vocab_valid(vocab_categories, c);
}

const char *matter_category_label(const char *c)
{
	return vocab_label(vocab_categories, c);
}

static void event_init(struct matter_event *ev, const struct principal *who, int64_t matter_id,
		       const char *kind, int64_t unit_id, int64_t meeting_id, const char *note)
{
	memset(ev, 0, sizeof(*ev));
	ev->matter_id = matter_id;
	ev->at_ms = audit_act_ms(who);
	ev->user_id = who->user_id;
	snprintf(ev->username, sizeof(ev->username), "%s", who->display_name[0] ? who->display_name : who->username);
	snprintf(ev->kind, sizeof(ev->kind), "%s", kind);
	ev->unit_id = unit_id;
	ev->meeting_id = meeting_id;
	snprintf(ev->note, sizeof(ev->note), "%s", note ? note : "");
}

/* Notifies the secretaries of the unit's member organisations (and its
 * leader) but not the person who acted. */
static enum err_code notify_unit(struct store *st, const struct principal *who, int64_t unit_id,
				 const char *kind, int64_t matter_id, const char *title,
				 struct err *e)
{
	struct org *m = NULL;
	size_t n = 0;
	enum err_code rc = st->org->unit_members(st, unit_id, &m, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!m[i].secretary_id || m[i].secretary_id == who->person_id)
			continue;
		char key[96];
		snprintf(key, sizeof(key), "%s:%lld:%lld:%lld", kind, (long long)matter_id,
			 (long long)unit_id, (long long)m[i].secretary_id);
		rc = inbox_notify(st, m[i].secretary_id, kind, "matter", matter_id, key, title, "", e);
	}
	free(m);
	return rc;
}

static enum err_code check_figures(int64_t funds, int64_t people, int64_t len, int64_t jobs,
				   struct err *e)
{
	if (funds > 1000000000000000LL || people > 100000000 || len > 100000000 || jobs > 100000000)
		return err_set(e, ERR_INVALID, "figures", "数字超出合理范围");
	return ERR_OK;
}

/* The label of matter type key (into label, when given), or 422. */
static enum err_code type_label(struct store *st, const char *key, char *label, size_t size,
				struct err *e)
{
	struct matter_type *types = NULL;
	size_t nt = 0;
	enum err_code rc;
	if ((rc = st->matter->types(st, &types, &nt, e)))
		return rc;
	int found = 0;
	for (size_t i = 0; i < nt && !found; i++)
		if (strcmp(types[i].key, key) == 0) {
			found = 1;
			if (label)
				snprintf(label, size, "%s", types[i].label);
		}
	free(types);
	if (!found)
		return err_set(e, ERR_INVALID, "type", "事项类型“%s”不存在", key);
	return ERR_OK;
}

/* Checks a matter's divisions (county level or below, inside the
 * alliance, no repeats) and copies them into m. */
static enum err_code check_divisions(struct store *st, int64_t alliance_id,
				     const char *const *divs, size_t n, struct matter *m,
				     struct err *e)
{
	enum err_code rc;
	struct alliance a;
	if ((rc = st->org->alliance_get(st, alliance_id, &a, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct division d;
		const char *c = divs[i];
		int lv = division_level_of(c);
		if (lv < LEVEL_COUNTY || st->division->get(st, c, &d, e) != ERR_OK)
			return err_set(e, ERR_INVALID, "divisions", "区划代码 %s 无效",
				       lv ? c : "（格式错误）");
		if (!alliance_covers(&a, c))
			return err_set(e, ERR_INVALID, "divisions", "区划 %s 不在本联建范围内", d.name);
		for (size_t k = 0; k < i; k++)
			if (strcmp(divs[k], c) == 0)
				return err_set(e, ERR_INVALID, "divisions", "区划 %s 重复", c);
		snprintf(m->divisions[i], sizeof(m->divisions[i]), "%s", c);
	}
	m->n_divisions = n;
	return ERR_OK;
}

/* The checks of a new matter, on rows read inside the write; fills m and u. */
static enum err_code raise_checked(struct store *st, const struct principal *who,
				   const struct matter_input *in, int32_t today, struct matter *out_m,
				   struct unit *out_u, struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct org o;
	struct matter m;
	memset(&m, 0, sizeof(m));
	if ((rc = st->org->unit_get(st, in->unit_id, &u, e)) ||
	    (rc = reach_guard(st, who, u.alliance_id, "联建单位", e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unit_id", "联建单位不存在") : rc;
	if ((rc = st->org->org_get(st, in->raised_by_org_id, &o, e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "raised_by_org_id", "党组织不存在") : rc;
	if (!unit_has_member(st, u.id, o.id))
		return err_set(e, ERR_INVALID, "raised_by_org_id", "提出事项的党组织须为本单位成员");
	if (!policy_can_raise_matter(st, who, &u, o.id, today))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有本单位成员党组织、站长/组长或轮值书记可以提出事项");
	if (!matter_category_valid(in->category))
		return err_set(e, ERR_INVALID, "category", "类别应为“五共”之一");
	if ((rc = type_label(st, in->type, NULL, 0, e)))
		return rc;
	if (in->due_on && in->due_on < today)
		return err_set(e, ERR_INVALID, "due_on", "完成期限不能早于今天");
	if ((rc = check_figures(in->funds_fen, in->people_count, in->length_m, in->jobs, e)))
		return rc;
	if ((rc = check_divisions(st, u.alliance_id, in->divisions, in->n_divisions, &m, e)))
		return rc;
	for (size_t i = 0; i < in->n_assignee_orgs; i++) {
		struct org ao;
		if (st->org->org_get(st, in->assignee_orgs[i], &ao, e))
			return err_set(e, ERR_INVALID, "assignee_org_ids", "责任党组织 %lld 不存在",
				       (long long)in->assignee_orgs[i]);
	}
	for (size_t i = 0; i < in->n_assignee_people; i++) {
		struct person ap;
		if (st->org->person_get(st, in->assignee_people[i], &ap, e))
			return err_set(e, ERR_INVALID, "assignee_person_ids", "责任人 %lld 不存在",
				       (long long)in->assignee_people[i]);
	}
	m.alliance_id = u.alliance_id;
	m.unit_id = m.origin_unit_id = u.id;
	snprintf(m.county_code, sizeof(m.county_code), "%.6s", o.division_code);
	snprintf(m.title, sizeof(m.title), "%s", in->title);
	snprintf(m.description, sizeof(m.description), "%s", in->description);
	snprintf(m.category, sizeof(m.category), "%s", in->category);
	snprintf(m.type, sizeof(m.type), "%s", in->type);
	snprintf(m.priority, sizeof(m.priority), "%s", in->priority ? in->priority : "normal");
	snprintf(m.status, sizeof(m.status), "proposed");
	m.due_on = in->due_on;
	m.raised_by_org_id = o.id;
	m.raised_by_user = who->user_id;
	m.raised_on = today;
	m.raised_at_ms = m.updated_at_ms = audit_act_ms(who);
	m.funds_fen = in->funds_fen;
	m.people_count = in->people_count;
	m.length_m = in->length_m;
	m.jobs = in->jobs;
	*out_m = m;
	*out_u = u;
	return ERR_OK;
}

enum err_code matter_raise(struct store *st, const struct principal *who,
			   const struct matter_input *in, int32_t today, struct matter *out,
			   struct err *e)
{
	enum err_code rc;
	struct unit u = { 0 };
	struct matter m = { 0 };
	struct matter_event ev;
	char title[1024];
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = raise_checked(st, who, in, today, &m, &u, e)))
		goto fail;
	/* the rows below are the new matter's, of its unit and alliance */
	st->ops->writes_alliance(st, m.alliance_id, m.unit_id);
	if ((rc = st->matter->insert(st, &m, e)))
		goto fail;
	event_init(&ev, who, m.id, "raised", u.id, 0, in->description);
	snprintf(ev.to_status, sizeof(ev.to_status), "proposed");
	if ((rc = st->matter->event_insert(st, &ev, e)) ||
	    (rc = st->stats->matter_add(st, m.alliance_id, u.id, m.county_code, m.category,
					   today, 1, 0, 0, 0, e)) ||
	    (m.due_on && (rc = st->stats->open_due_add(st, m.alliance_id, u.id, m.county_code,
							  m.category, m.due_on, 1, e))))
		goto fail;
	for (size_t i = 0; i < in->n_assignee_orgs && !rc; i++)
		rc = st->matter->assignee_add(st, m.id, in->assignee_orgs[i], 0, e);
	for (size_t i = 0; i < in->n_assignee_people && !rc; i++) {
		rc = st->matter->assignee_add(st, m.id, 0, in->assignee_people[i], e);
		snprintf(title, sizeof(title), "由您负责的事项：%s", m.title);
		if (!rc)
			rc = inbox_notify(st, in->assignee_people[i], "matter_assigned", "matter", m.id,
					  NULL, title, "", e);
	}
	if (rc)
		goto fail;
	snprintf(title, sizeof(title), "%s 提出新事项：%s", u.name, m.title);
	if ((rc = notify_unit(st, who, u.id, "matter_new", m.id, title, e)) ||
	    (rc = audit_record(st, who, "matter.create", "matter", m.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return st->matter->get(st, m.id, out, e);
fail:
	st->ops->rollback(st);
	return rc;
}

/* Inside the caller's write transaction: reads matter id into m as it is
 * now, for a change by who, who must manage its unit today. */
static enum err_code load_managed(struct store *st, const struct principal *who, int64_t id,
				  int32_t today, struct matter *m, struct err *e)
{
	enum err_code rc;
	struct unit u;
	if ((rc = st->matter->get(st, id, m, e)) ||
	    (rc = reach_guard(st, who, m->alliance_id, "事项", e)) ||
	    (rc = st->org->unit_get(st, m->unit_id, &u, e)))
		return rc;
	/* what the caller changes are this matter's rows (an escalation keeps
	 * its alliance, a parent unit being of the same one, and names the
	 * unit it moves to) */
	st->ops->writes_alliance(st, m->alliance_id, m->unit_id);
	if (!policy_can_manage_unit(st, who, &u, today))
		return err_set(e, ERR_FORBIDDEN, NULL,
			       "只有本单位站长/组长、当日轮值书记或联建管理员可以办理此事项");
	return ERR_OK;
}

enum err_code matter_apply_transition(struct store *st, const struct principal *who,
				      struct matter *m, const char *to, const char *note,
				      const char *resolution, int64_t meeting_id, int32_t today,
				      struct err *e)
{
	enum err_code rc;
	if (!matter_status_valid(to))
		return err_set(e, ERR_INVALID, "to", "未知状态：%s", to);
	if (!matter_transition_allowed(m->status, to))
		return err_tag(e, ERR_INVALID, "illegal_transition", "to",
			       "事项当前为“%s”，不能变更为“%s”", matter_status_label(m->status),
			       matter_status_label(to));
	if (strcmp(to, "resolved") == 0 && (!resolution || !*resolution))
		return err_set(e, ERR_INVALID, "resolution", "办结事项须填写解决情况");
	if (strcmp(to, "closed") == 0 && (!note || !*note))
		return err_set(e, ERR_INVALID, "note", "关闭事项须填写原因");
	struct matter_event ev;
	char from[sizeof(m->status)];
	/* this matter's rows, whoever opened the transaction */
	st->ops->writes_alliance(st, m->alliance_id, m->unit_id);
	snprintf(from, sizeof(from), "%s", m->status);
	event_init(&ev, who, m->id, meeting_id ? "decision" : "transition", m->unit_id, meeting_id,
		   note);
	snprintf(ev.from_status, sizeof(ev.from_status), "%s", m->status);
	snprintf(ev.to_status, sizeof(ev.to_status), "%s", to);
	if (strcmp(to, "escalated") == 0) {
		struct unit u;
		if ((rc = st->org->unit_get(st, m->unit_id, &u, e)))
			return rc;
		if (!u.parent_id)
			return err_tag(e, ERR_INVALID, "illegal_transition", "to",
				       "“%s”没有上级单位，不能再上报", u.name);
		m->unit_id = u.parent_id;
		ev.unit_id = u.parent_id;
		/* the matter leaves one unit's list for its parent's */
		st->ops->writes_alliance(st, m->alliance_id, u.parent_id);
		char extra[MATTER_EVENT_NOTE_BYTES];
		snprintf(extra, sizeof(extra), "由“%s”上报%s%s", u.name, note && *note ? "：" : "",
			 note ? note : "");
		snprintf(ev.note, sizeof(ev.note), "%s", extra);
		if ((rc = st->stats->matter_add(st, m->alliance_id, m->origin_unit_id, m->county_code,
						   m->category, today, 0, 0, 0, 1, e)))
			return rc;
	}
	if (!matter_status_open(to) && m->due_on &&
	    (rc = st->stats->open_due_add(st, m->alliance_id, m->origin_unit_id, m->county_code,
					     m->category, m->due_on, -1, e)))
		return rc;
	if (strcmp(to, "resolved") == 0) {
		m->resolved_on = today;
		snprintf(m->resolution, sizeof(m->resolution), "%s", resolution ? resolution : "");
		int64_t days = today - m->raised_on;
		if (days < 0)
			days = 0;
		if ((rc = st->stats->matter_add(st, m->alliance_id, m->origin_unit_id,
						   m->county_code, m->category, today, 0, 1, days, 0, e)))
			return rc;
		if (resolution && (!note || !*note))
			snprintf(ev.note, sizeof(ev.note), "%s", resolution);
	}
	if (strcmp(to, "closed") == 0)
		snprintf(m->closed_reason, sizeof(m->closed_reason), "%s", note);
	snprintf(m->status, sizeof(m->status), "%s", to);
	m->updated_at_ms = audit_act_ms(who);
	if ((rc = st->matter->set_status(st, m, from, e)) ||
	    (rc = st->matter->event_insert(st, &ev, e)))
		return rc;
	if (strcmp(to, "escalated") == 0) {
		char title[1024];
		snprintf(title, sizeof(title), "下级单位上报事项：%s", m->title);
		rc = notify_unit(st, who, m->unit_id, "matter_escalated", m->id, title, e);
	}
	return rc;
}

enum err_code matter_transition(struct store *st, const struct principal *who, int64_t id,
				const char *to, const char *note, const char *resolution,
				int32_t today, struct err *e)
{
	struct matter m;
	struct audit_tx tx;
	enum err_code rc;
	if ((rc = audit_tx_begin(&tx, st, "matter", id, e)))
		return rc;
	if ((rc = load_managed(st, who, id, today, &m, e)))
		goto out;
	rc = matter_apply_transition(st, who, &m, to, note, resolution, 0, today, e);
out:
	return audit_tx_end(&tx, who, "matter.transition", id, rc, e);
}

enum err_code matter_progress(struct store *st, const struct principal *who, int64_t id,
			      const char *note, int32_t today, struct err *e)
{
	enum err_code rc;
	struct matter m;
	struct unit u;
	struct matter_event ev;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->matter->get(st, id, &m, e)) ||
	    (rc = reach_guard(st, who, m.alliance_id, "事项", e)) ||
	    (rc = st->org->unit_get(st, m.unit_id, &u, e)))
		goto out;
	st->ops->writes_alliance(st, m.alliance_id, m.unit_id);
	if (!policy_can_note_matter(st, who, &m, &u, today)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "没有权限为此事项登记进展");
		goto out;
	}
	if (!matter_status_open(m.status)) {
		rc = err_set(e, ERR_INVALID, "note", "事项已%s，不能再登记进展",
			     matter_status_label(m.status));
		goto out;
	}
	event_init(&ev, who, id, "progress", m.unit_id, 0, note);
	if ((rc = st->matter->event_insert(st, &ev, e)) ||
	    (rc = st->matter->touch(st, id, ev.at_ms, e)) ||
	    (rc = audit_record_json(st, who, "matter.progress", "matter", id, NULL, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
out:
	if (rc)
		st->ops->rollback(st);
	return rc;
}

/* Adds an assignee (organisation or person) and tells them; what gets a
 * line for the timeline. */
static enum err_code add_assignee(struct store *st, const struct matter *m, int64_t org_id,
				  int64_t person_id, struct buf *what, struct err *e)
{
	enum err_code rc;
	char title[1024];
	if (org_id) {
		struct org o;
		if (st->org->org_get(st, org_id, &o, e))
			return err_set(e, ERR_INVALID, "org_id", "责任党组织不存在");
		if ((rc = st->matter->assignee_add(st, m->id, o.id, 0, e)))
			return rc;
		buf_printf(what, "责任党组织：%s；", o.name);
		snprintf(title, sizeof(title), "交由贵组织负责的事项：%s", m->title);
		if ((rc = inbox_notify(st, o.secretary_id, "matter_assigned", "matter", m->id, NULL,
				       title, "", e)))
			return rc;
	}
	if (person_id) {
		struct person ps;
		if (st->org->person_get(st, person_id, &ps, e))
			return err_set(e, ERR_INVALID, "person_id", "责任人不存在");
		if ((rc = st->matter->assignee_add(st, m->id, 0, ps.id, e)))
			return rc;
		buf_printf(what, "责任人：%s；", ps.name);
		snprintf(title, sizeof(title), "由您负责的事项：%s", m->title);
		if ((rc = inbox_notify(st, ps.id, "matter_assigned", "matter", m->id, NULL, title, "",
				       e)))
			return rc;
	}
	return ERR_OK;
}

/* The Shanghai day of a time (ms since the epoch). */
static int32_t day_of_ms(int64_t ms)
{
	return (int32_t)((ms / 1000 + 8 * 3600LL) / 86400);
}

/* Moves the counters of matter m, open, from category old to
 * m->category: its raising, its escalations and its open due date. */
static enum err_code move_category(struct store *st, const struct matter *m, const char *old,
				   struct err *e)
{
	enum err_code rc;
	int64_t a = m->alliance_id, u = m->origin_unit_id;
	const char *c = m->county_code;
	if ((rc = st->stats->matter_add(st, a, u, c, old, m->raised_on, -1, 0, 0, 0, e)) ||
	    (rc = st->stats->matter_add(st, a, u, c, m->category, m->raised_on, 1, 0, 0, 0, e)))
		return rc;
	if (m->due_on &&
	    ((rc = st->stats->open_due_add(st, a, u, c, old, m->due_on, -1, e)) ||
	     (rc = st->stats->open_due_add(st, a, u, c, m->category, m->due_on, 1, e))))
		return rc;
	struct matter_event *ev = NULL;
	size_t n = 0;
	if ((rc = st->matter->events(st, m->id, &ev, &n, e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		if (strcmp(ev[i].to_status, "escalated") != 0)
			continue;
		int32_t day = day_of_ms(ev[i].at_ms);
		if (!(rc = st->stats->matter_add(st, a, u, c, old, day, 0, 0, 0, -1, e)))
			rc = st->stats->matter_add(st, a, u, c, m->category, day, 0, 0, 0, 1, e);
	}
	free(ev);
	return rc;
}

/* Shows a text in a timeline entry, quoted: at most 60 characters. */
static void shown_text(struct buf *b, const char *s)
{
	size_t i = 0;
	for (int chars = 0; s[i] && chars < 60; chars++)
		for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
			;
	buf_adds(b, "“");
	buf_add(b, s, i);
	buf_adds(b, s[i] ? "…”" : "”");
}

static void division_names(struct store *st, const char (*codes)[16], size_t n, struct buf *b)
{
	for (size_t i = 0; i < n; i++) {
		struct division d;
		struct err e;
		if (i)
			buf_adds(b, "、");
		buf_adds(b, st->division->get(st, codes[i], &d, &e) == ERR_OK ? d.name : codes[i]);
	}
}

static int has_edit(const struct matter_patch *p)
{
	return p->title || p->description || p->category || p->type || p->has_divisions;
}

/* Edits the matter's own fields (see struct matter_patch): checks all,
 * then writes what changed and says it in what. */
static enum err_code apply_edit(struct store *st, struct matter *m, const struct matter_patch *p,
				int64_t now, struct buf *what, int *written, struct err *e)
{
	enum err_code rc;
	if (!matter_status_open(m->status))
		return err_tag(e, ERR_INVALID, "matter_closed", NULL, "事项%s，不能再修改",
			       matter_status_label(m->status));
	struct matter nm = *m;
	char old_type[TEXT_BYTES(MATTER_TYPE_LABEL_MAX_CHARS)], new_type[sizeof(old_type)];
	if (p->category && !matter_category_valid(p->category))
		return err_set(e, ERR_INVALID, "category", "类别应为“五共”之一");
	if (p->type && (rc = type_label(st, p->type, new_type, sizeof(new_type), e)))
		return rc;
	if (p->has_divisions) {
		if (!p->n_divisions)
			return err_set(e, ERR_INVALID, "divisions", "至少选择一个涉及区划");
		if ((rc = check_divisions(st, m->alliance_id, p->divisions, p->n_divisions, &nm, e)))
			return rc;
	}
	if (p->title)
		snprintf(nm.title, sizeof(nm.title), "%s", p->title);
	if (p->description)
		snprintf(nm.description, sizeof(nm.description), "%s", p->description);
	if (p->category)
		snprintf(nm.category, sizeof(nm.category), "%s", p->category);
	if (p->type)
		snprintf(nm.type, sizeof(nm.type), "%s", p->type);
	int text = 0;
	if (strcmp(nm.title, m->title) != 0) {
		buf_adds(what, "标题：");
		shown_text(what, m->title);
		buf_adds(what, " → ");
		shown_text(what, nm.title);
		buf_adds(what, "；");
		text = 1;
	}
	if (strcmp(nm.description, m->description) != 0) {
		buf_adds(what, "描述：");
		shown_text(what, m->description);
		buf_adds(what, " → ");
		shown_text(what, nm.description);
		buf_adds(what, "；");
		text = 1;
	}
	if (strcmp(nm.category, m->category) != 0) {
		buf_printf(what, "类别：%s → %s；", matter_category_label(m->category),
			   matter_category_label(nm.category));
		text = 1;
	}
	if (strcmp(nm.type, m->type) != 0) {
		int known = type_label(st, m->type, old_type, sizeof(old_type), e) == ERR_OK;
		buf_printf(what, "类型：%s → %s；", known ? old_type : m->type, new_type);
		text = 1;
	}
	int divs = p->has_divisions && nm.n_divisions != m->n_divisions;
	for (size_t i = 0; p->has_divisions && !divs && i < nm.n_divisions; i++) {
		int found = 0;
		for (size_t k = 0; k < m->n_divisions; k++)
			if (strcmp(nm.divisions[i], m->divisions[k]) == 0)
				found = 1;
		divs = !found;
	}
	if (divs) {
		buf_adds(what, "涉及区划：");
		division_names(st, (const char (*)[16])m->divisions, m->n_divisions, what);
		buf_adds(what, " → ");
		division_names(st, (const char (*)[16])nm.divisions, nm.n_divisions, what);
		buf_adds(what, "；");
	}
	nm.updated_at_ms = now;
	if ((text && (rc = st->matter->set_text(st, &nm, e))) ||
	    (divs && (rc = st->matter->set_divisions(st, &nm, e))) ||
	    (strcmp(nm.category, m->category) != 0 &&
	     (rc = move_category(st, &nm, m->category, e))))
		return rc;
	if (text || divs) {
		*written = 1;
		*m = nm;
	}
	return ERR_OK;
}

enum err_code matter_apply_patch(struct store *st, const struct principal *who, struct matter *m,
				 const struct matter_patch *p, int64_t meeting_id, int32_t today,
				 struct err *e)
{
	enum err_code rc = ERR_OK;
	struct matter_event ev;
	const char *kind = meeting_id ? "decision" : "update";
	int64_t now = audit_act_ms(who);
	int written = 0;
	struct buf what;
	buf_init(&what, MATTER_EVENT_NOTE_BYTES - 1);
	if (has_edit(p)) {
		if ((rc = apply_edit(st, m, p, now, &what, &written, e)))
			goto out;
		kind = meeting_id ? "decision" : (written ? "edit" : kind);
	}
	if (p->priority && !vocab_valid(vocab_priorities, p->priority)) {
		rc = err_set(e, ERR_INVALID, "priority", "优先级应为 low、normal 或 high");
		goto out;
	}
	if (p->has_due) {
		if (!matter_status_open(m->status)) {
			rc = err_set(e, ERR_INVALID, "due_on", "事项已结束，不能调整期限");
			goto out;
		}
		if (p->due_on && p->due_on < today) {
			rc = err_set(e, ERR_INVALID, "due_on", "完成期限不能早于今天");
			goto out;
		}
		if ((m->due_on && (rc = st->stats->open_due_add(st, m->alliance_id, m->origin_unit_id,
								   m->county_code, m->category,
								   m->due_on, -1, e))) ||
		    (p->due_on && (rc = st->stats->open_due_add(st, m->alliance_id, m->origin_unit_id,
								   m->county_code, m->category,
								   p->due_on, 1, e))) ||
		    (rc = st->matter->set_due(st, m->id, p->due_on, now, e)))
			goto out;
		char d[11] = "无";
		if (p->due_on)
			date_format(p->due_on, d);
		buf_printf(&what, "完成期限调整为 %s；", d);
		m->due_on = p->due_on;
		written = 1;
	}
	if (p->priority) {
		if ((rc = st->matter->set_priority(st, m->id, p->priority, now, e)))
			goto out;
		snprintf(m->priority, sizeof(m->priority), "%s", p->priority);
		buf_printf(&what, "优先级调整为 %s；", p->priority);
		written = 1;
	}
	if (p->has_figures) {
		if ((rc = check_figures(p->funds_fen, p->people_count, p->length_m, p->jobs, e)) ||
		    (rc = st->matter->set_figures(st, m->id, p->funds_fen, p->people_count,
						      p->length_m, p->jobs, now, e)))
			goto out;
		int64_t *dst[4] = { &m->funds_fen, &m->people_count, &m->length_m, &m->jobs };
		int64_t src[4] = { p->funds_fen, p->people_count, p->length_m, p->jobs };
		for (int i = 0; i < 4; i++)
			if (src[i] != -1)
				*dst[i] = src[i] == -2 ? -1 : src[i];
		buf_printf(&what, "更新成效数据；");
		written = 1;
	}
	if (p->add_assignee_org || p->add_assignee_person) {
		if ((rc = add_assignee(st, m, p->add_assignee_org, p->add_assignee_person, &what, e)))
			goto out;
		kind = meeting_id ? "decision" : "assign";
	}
	char note[MATTER_EVENT_NOTE_BYTES];
	snprintf(note, sizeof(note), "%s%s", what.data ? what.data : "", p->note ? p->note : "");
	event_init(&ev, who, m->id, kind, m->unit_id, meeting_id, note);
	m->updated_at_ms = now;
	if ((!written && (rc = st->matter->touch(st, m->id, now, e))) ||
	    (rc = st->matter->event_insert(st, &ev, e)))
		goto out;
out:
	buf_release(&what);
	return rc;
}

enum err_code matter_patch(struct store *st, const struct principal *who, int64_t id,
			   const struct matter_patch *p, int32_t today, struct err *e)
{
	struct matter m;
	struct audit_tx tx;
	enum err_code rc;
	if ((rc = audit_tx_begin(&tx, st, "matter", id, e)))
		return rc;
	if ((rc = load_managed(st, who, id, today, &m, e)))
		goto out;
	rc = matter_apply_patch(st, who, &m, p, 0, today, e);
out:
	return audit_tx_end(&tx, who, "matter.update", id, rc, e);
}

enum err_code matter_add_type(struct store *st, const struct principal *who, const char *key,
			      const char *label, struct err *e)
{
	if (!policy_can_add_matter_type(who))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员可以增加事项类型");
	size_t n = strlen(key);
	if (n < 2 || n > 24)
		return err_set(e, ERR_INVALID, "key", "类型代码长度应为 2–24");
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (*p >= '0' && *p <= '9')))
			return err_set(e, ERR_INVALID, "key", "类型代码只能包含小写字母、数字和下划线");
	struct matter_type t;
	memset(&t, 0, sizeof(t));
	snprintf(t.key, sizeof(t.key), "%s", key);
	snprintf(t.label, sizeof(t.label), "%s", label);
	enum err_code rc;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	char after[256];
	snprintf(after, sizeof(after), "{\"key\":\"%s\"}", key);
	if ((rc = st->matter->type_insert(st, &t, e)) ||
	    (rc = audit_record_json(st, who, "matter_type.create", "matter_type", 0, NULL, after, e)) ||
	    (rc = st->ops->commit(st, e)))
		st->ops->rollback(st);
	return rc;
}

/* What a handover records, as JSON texts (malloc'd; NULL when unreadable):
 * the unit's open matters [{id,title,status,due_on}] and the decisions of
 * its last meeting [{meeting_id,matter_id,matter_title,action,note}]. */
#define HANDOVER_JSON_MAX (8u << 20)

static char *open_matters_json(struct store *st, int64_t unit_id, int32_t on)
{
	struct matter_brief *m = NULL;
	size_t n = 0;
	struct err e;
	if (st->matter->open_on(st, unit_id, on, &m, &n, &e))
		return NULL;
	struct buf b;
	buf_init(&b, HANDOVER_JSON_MAX);
	buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_adds(&b, i ? ",{\"id\":" : "{\"id\":");
		buf_add_i64(&b, m[i].id);
		buf_adds(&b, ",\"title\":");
		buf_json_str(&b, m[i].title);
		buf_adds(&b, ",\"status\":");
		buf_json_str(&b, m[i].status);
		buf_adds(&b, ",\"due_on\":");
		char d[11];
		if (m[i].due_on)
			date_format(m[i].due_on, d);
		buf_json_str(&b, m[i].due_on ? d : NULL);
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');
	free(m);
	if (b.overflow) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static char *last_decisions_json(struct store *st, int64_t unit_id, int32_t on)
{
	struct decision *d = NULL;
	size_t n = 0;
	struct err e;
	if (st->meeting->last_decisions(st, unit_id, on, &d, &n, &e))
		return NULL;
	struct buf b;
	buf_init(&b, HANDOVER_JSON_MAX);
	buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_adds(&b, i ? ",{\"meeting_id\":" : "{\"meeting_id\":");
		buf_add_i64(&b, d[i].meeting_id);
		buf_adds(&b, ",\"matter_id\":");
		buf_add_i64(&b, d[i].matter_id);
		buf_adds(&b, ",\"matter_title\":");
		buf_json_str(&b, d[i].matter_title);
		buf_adds(&b, ",\"action\":");
		buf_json_str(&b, d[i].action);
		buf_adds(&b, ",\"note\":");
		buf_json_str(&b, d[i].note);
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');
	free(d);
	if (b.overflow) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static void handover_facts(struct store *st, int64_t unit_id, int32_t on, char **open,
			   char **decisions)
{
	*open = open_matters_json(st, unit_id, on);
	*decisions = last_decisions_json(st, unit_id, on);
}

void matter_init(void)
{
	duty_set_handover_facts(handover_facts);
}
