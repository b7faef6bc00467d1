/* matter.c - the matter lifecycle (see matter.h). */
#include "domain/matter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/perm.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/duty.h"
#include "domain/inbox.h"
#include "domain/org.h"
#include "domain/scope.h"
#include "domain/vocab.h"

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

int matter_can_manage(struct store *st, const struct principal *who, const struct unit *u,
		      int32_t day)
{
	return unit_is_admin(who, u) || unit_is_leader(st, who, u) ||
	       duty_is_on_duty(st, who, u->id, day);
}

static int org_member_of(const struct principal *who, int64_t org_id, struct store *st)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)org_id);
	if (perm_has(who, "member", "org", id))
		return 1;
	struct person p;
	struct err e;
	return who->person_id && st->org->person_get(st, who->person_id, &p, &e) == ERR_OK &&
	       p.org_id == org_id;
}

static void event_init(struct matter_event *ev, const struct principal *who, int64_t matter_id,
		       const char *kind, int64_t unit_id, int64_t meeting_id, const char *note)
{
	memset(ev, 0, sizeof(*ev));
	ev->matter_id = matter_id;
	ev->at_ms = date_now_ms();
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

enum err_code matter_raise(struct store *st, const struct principal *who,
			   const struct matter_input *in, int32_t today, struct matter *out,
			   struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct org o;
	struct matter m;
	memset(&m, 0, sizeof(m));
	if ((rc = st->org->unit_get(st, in->unit_id, &u, e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unit_id", "联建单位不存在") : rc;
	if ((rc = st->org->org_get(st, in->raised_by_org_id, &o, e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "raised_by_org_id", "党组织不存在") : rc;
	if (!unit_has_member(st, u.id, o.id))
		return err_set(e, ERR_INVALID, "raised_by_org_id", "提出事项的党组织须为本单位成员");
	if (!matter_can_manage(st, who, &u, today) && !org_member_of(who, o.id, st))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有本单位成员党组织、站长/组长或轮值书记可以提出事项");
	if (!matter_category_valid(in->category))
		return err_set(e, ERR_INVALID, "category", "类别应为“五共”之一");
	struct matter_type *types = NULL;
	size_t nt = 0;
	if ((rc = st->matter->types(st, &types, &nt, e)))
		return rc;
	int type_ok = 0;
	for (size_t i = 0; i < nt; i++)
		if (strcmp(types[i].key, in->type) == 0)
			type_ok = 1;
	free(types);
	if (!type_ok)
		return err_set(e, ERR_INVALID, "type", "事项类型“%s”不存在", in->type);
	if (in->due_on && in->due_on < today)
		return err_set(e, ERR_INVALID, "due_on", "完成期限不能早于今天");
	if ((rc = check_figures(in->funds_fen, in->people_count, in->length_m, in->jobs, e)))
		return rc;
	struct alliance a;
	if ((rc = st->org->alliance_get(st, u.alliance_id, &a, e)))
		return rc;
	for (size_t i = 0; i < in->n_divisions; i++) {
		struct division d;
		const char *c = in->divisions[i];
		int lv = division_level_of(c);
		if (lv < LEVEL_COUNTY || st->division->get(st, c, &d, e) != ERR_OK)
			return err_set(e, ERR_INVALID, "divisions", "区划代码 %s 无效",
				       lv ? c : "（格式错误）");
		int inside = 0;
		for (size_t k = 0; k < a.n_counties; k++)
			if (strncmp(a.counties[k], c, 6) == 0)
				inside = 1;
		if (!inside)
			return err_set(e, ERR_INVALID, "divisions", "区划 %s 不在本联建范围内", d.name);
		for (size_t k = 0; k < i; k++)
			if (strcmp(in->divisions[k], c) == 0)
				return err_set(e, ERR_INVALID, "divisions", "区划 %s 重复", c);
		snprintf(m.divisions[i], sizeof(m.divisions[i]), "%s", c);
	}
	m.n_divisions = in->n_divisions;
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
	m.raised_at_ms = m.updated_at_ms = date_now_ms();
	m.funds_fen = in->funds_fen;
	m.people_count = in->people_count;
	m.length_m = in->length_m;
	m.jobs = in->jobs;

	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	struct matter_event ev;
	char title[1024];
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

/* Reads matter id into m for a change by who, who must be able to manage
 * it, and opens the audited write of that change. */
static enum err_code begin_managed(struct audit_tx *tx, struct store *st,
				   const struct principal *who, int64_t id, int32_t today,
				   struct matter *m, struct err *e)
{
	enum err_code rc;
	struct unit u;
	if ((rc = st->matter->get(st, id, m, e)) || (rc = st->org->unit_get(st, m->unit_id, &u, e)))
		return rc;
	if (!matter_can_manage(st, who, &u, today))
		return err_set(e, ERR_FORBIDDEN, NULL,
			       "只有本单位站长/组长、当日轮值书记或联建管理员可以办理此事项");
	return audit_tx_begin(tx, st, "matter", id, e);
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
		char extra[TEXT_MAX_BYTES];
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
	m->updated_at_ms = date_now_ms();
	if ((rc = st->matter->update(st, m, e)) ||
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
	enum err_code rc = begin_managed(&tx, st, who, id, today, &m, e);
	if (rc)
		return rc;
	rc = matter_apply_transition(st, who, &m, to, note, resolution, 0, today, e);
	return audit_tx_end(&tx, who, "matter.transition", id, rc, e);
}

enum err_code matter_progress(struct store *st, const struct principal *who, int64_t id,
			      const char *note, int32_t today, struct err *e)
{
	enum err_code rc;
	struct matter m;
	struct unit u;
	if ((rc = st->matter->get(st, id, &m, e)) || (rc = st->org->unit_get(st, m.unit_id, &u, e)))
		return rc;
	int allowed = matter_can_manage(st, who, &u, today) || org_member_of(who, m.raised_by_org_id, st);
	if (!allowed && who->person_id) {
		struct matter_assignee *as = NULL;
		size_t n = 0;
		if (st->matter->assignees(st, id, &as, &n, e) == ERR_OK) {
			for (size_t i = 0; i < n; i++)
				if (as[i].person_id == who->person_id)
					allowed = 1;
			free(as);
		}
	}
	if (!allowed)
		return err_set(e, ERR_FORBIDDEN, NULL, "没有权限为此事项登记进展");
	if (!matter_status_open(m.status))
		return err_set(e, ERR_INVALID, "note", "事项已%s，不能再登记进展",
			       matter_status_label(m.status));
	struct matter_event ev;
	event_init(&ev, who, id, "progress", m.unit_id, 0, note);
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	m.updated_at_ms = date_now_ms();
	if ((rc = st->matter->event_insert(st, &ev, e)) ||
	    (rc = st->matter->update(st, &m, e)) ||
	    (rc = audit_record_json(st, who, "matter.progress", "matter", id, NULL, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		st->ops->rollback(st);
	return rc;
}

enum err_code matter_apply_patch(struct store *st, const struct principal *who, struct matter *m,
				 const struct matter_patch *p, int64_t meeting_id, int32_t today,
				 struct err *e)
{
	enum err_code rc;
	struct matter_event ev;
	const char *kind = meeting_id ? "decision" : "update";
	struct buf what;
	buf_init(&what, TEXT_MAX_BYTES - 1);
	if (p->priority && !vocab_valid(vocab_priorities, p->priority))
		return buf_release(&what), err_set(e, ERR_INVALID, "priority", "优先级应为 low、normal 或 high");
	if (p->has_due) {
		if (!matter_status_open(m->status))
			return buf_release(&what), err_set(e, ERR_INVALID, "due_on", "事项已结束，不能调整期限");
		if (p->due_on && p->due_on < today)
			return buf_release(&what), err_set(e, ERR_INVALID, "due_on", "完成期限不能早于今天");
		if (m->due_on && (rc = st->stats->open_due_add(st, m->alliance_id, m->origin_unit_id,
								  m->county_code, m->category,
								  m->due_on, -1, e)))
			{ buf_release(&what); return rc; }
		if (p->due_on && (rc = st->stats->open_due_add(st, m->alliance_id, m->origin_unit_id,
								  m->county_code, m->category,
								  p->due_on, 1, e)))
			{ buf_release(&what); return rc; }
		char d[11] = "无";
		if (p->due_on)
			date_format(p->due_on, d);
		buf_printf(&what, "完成期限调整为 %s；", d);
		m->due_on = p->due_on;
	}
	if (p->priority) {
		snprintf(m->priority, sizeof(m->priority), "%s", p->priority);
		buf_printf(&what, "优先级调整为 %s；", p->priority);
	}
	if (p->has_figures) {
		int64_t *dst[4] = { &m->funds_fen, &m->people_count, &m->length_m, &m->jobs };
		int64_t src[4] = { p->funds_fen, p->people_count, p->length_m, p->jobs };
		if ((rc = check_figures(src[0], src[1], src[2], src[3], e)))
			{ buf_release(&what); return rc; }
		for (int i = 0; i < 4; i++)
			if (src[i] != -1)
				*dst[i] = src[i] == -2 ? -1 : src[i];
		buf_printf(&what, "更新成效数据；");
	}
	if (p->add_assignee_org || p->add_assignee_person) {
		char title[1024];
		if (p->add_assignee_org) {
			struct org o;
			if (st->org->org_get(st, p->add_assignee_org, &o, e))
				return buf_release(&what), err_set(e, ERR_INVALID, "org_id", "责任党组织不存在");
			if ((rc = st->matter->assignee_add(st, m->id, o.id, 0, e)))
				{ buf_release(&what); return rc; }
			buf_printf(&what, "责任党组织：%s；", o.name);
			snprintf(title, sizeof(title), "交由贵组织负责的事项：%s", m->title);
			if ((rc = inbox_notify(st, o.secretary_id, "matter_assigned", "matter", m->id,
					       NULL, title, "", e)))
				{ buf_release(&what); return rc; }
		}
		if (p->add_assignee_person) {
			struct person ps;
			if (st->org->person_get(st, p->add_assignee_person, &ps, e))
				return buf_release(&what), err_set(e, ERR_INVALID, "person_id", "责任人不存在");
			if ((rc = st->matter->assignee_add(st, m->id, 0, ps.id, e)))
				{ buf_release(&what); return rc; }
			buf_printf(&what, "责任人：%s；", ps.name);
			snprintf(title, sizeof(title), "由您负责的事项：%s", m->title);
			if ((rc = inbox_notify(st, ps.id, "matter_assigned", "matter", m->id, NULL,
					       title, "", e)))
				{ buf_release(&what); return rc; }
		}
		kind = meeting_id ? "decision" : "assign";
	}
	char note[TEXT_MAX_BYTES];
	snprintf(note, sizeof(note), "%s%s", what.data ? what.data : "", p->note ? p->note : "");
	buf_release(&what);
	event_init(&ev, who, m->id, kind, m->unit_id, meeting_id, note);
	m->updated_at_ms = date_now_ms();
	if ((rc = st->matter->update(st, m, e)) || (rc = st->matter->event_insert(st, &ev, e)))
		{ buf_release(&what); return rc; }
	return ERR_OK;
}

enum err_code matter_patch(struct store *st, const struct principal *who, int64_t id,
			   const struct matter_patch *p, int32_t today, struct err *e)
{
	struct matter m;
	struct audit_tx tx;
	enum err_code rc = begin_managed(&tx, st, who, id, today, &m, e);
	if (rc)
		return rc;
	rc = matter_apply_patch(st, who, &m, p, 0, today, e);
	return audit_tx_end(&tx, who, "matter.update", id, rc, e);
}

enum err_code matter_add_type(struct store *st, const struct principal *who, const char *key,
			      const char *label, struct err *e)
{
	if (!perm_is_admin(who) && !perm_has(who, "alliance_admin", NULL, NULL))
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

static void handover_facts(struct store *st, int64_t unit_id, int32_t on, char **open,
			   char **decisions)
{
	struct err e;
	if (st->matter->open_on(st, unit_id, on, open, &e))
		*open = NULL;
	if (st->meeting->last_decisions(st, unit_id, on, decisions, &e))
		*decisions = NULL;
}

void matter_init(void)
{
	duty_set_handover_facts(handover_facts);
}
