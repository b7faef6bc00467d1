/* meeting.c - convening, attendance, minutes and decisions (see meeting.h). */
#include "domain/meeting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/duty.h"
#include "domain/inbox.h"
#include "domain/matter.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "store/store_division.h"
#include "store/store_matter.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_stats.h"

/* What convene_checked checks of a change (a new meeting: all of it). */
enum { CK_RIGHT = 1, CK_AGENDA = 2, CK_INVITES = 4, CK_ALL = 7 };

/* The checks of a new meeting (prev NULL) or of planned meeting prev as
 * changed to in, on rows read inside the write; fills m and u. A change
 * checks only what it changes (ck): the right to convene on the new date,
 * the new agenda, the new invitations. */
static enum err_code convene_checked(struct store *st, const struct principal *who,
				     const struct meeting_input *in, const struct meeting *prev,
				     unsigned ck, int32_t today, struct meeting *out_m,
				     struct unit *out_u, struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct alliance a;
	struct division d;
	struct meeting m;
	memset(&m, 0, sizeof(m));
	if ((rc = st->org->unit_get(st, in->unit_id, &u, e)) ||
	    (rc = reach_guard(st, who, u.alliance_id, "联建单位", e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unit_id", "联建单位不存在") : rc;
	if ((rc = st->org->alliance_get(st, u.alliance_id, &a, e)))
		return rc;
	if (in->held_on < today - 366 || in->held_on > today + 366)
		return err_set(e, ERR_INVALID, "held_on", "会议日期应在今天前后一年之内");
	if (prev && in->held_on < today)
		return err_set(e, ERR_INVALID, "held_on", "会议日期不能改到今天之前");
	/* Who convenes: the duty secretary of the meeting's date. */
	enum policy_convene right = (ck & CK_RIGHT) ? policy_convene_right(st, who, &u, in->held_on) :
				    POLICY_CONVENE_DUTY;
	int on_duty = right == POLICY_CONVENE_DUTY;
	if (right == POLICY_CONVENE_NONE)
		return err_tag(e, ERR_FORBIDDEN, "not_on_duty", NULL,
			       "只有该日期的轮值书记可以召集本单位联席会议");
	if (right == POLICY_CONVENE_OVERRIDE && !(in->override_reason && *in->override_reason))
		return err_tag(e, ERR_FORBIDDEN, "not_on_duty", "override_reason",
			       "您不是该日期的轮值书记；联建管理员代为召集须填写理由");
	int lv = division_level_of(in->place_division);
	if (lv < LEVEL_COUNTY || st->division->get(st, in->place_division, &d, e) != ERR_OK)
		return err_set(e, ERR_INVALID, "place_division", "会议地点的区划代码无效");
	if (!alliance_covers(&a, in->place_division))
		return err_set(e, ERR_INVALID, "place_division", "会议地点不在本联建范围内");
	for (size_t i = 0; i < in->n_agenda && (ck & CK_AGENDA); i++) {
		struct matter mt;
		if (st->matter->get(st, in->agenda[i], &mt, e) != ERR_OK)
			return err_set(e, ERR_INVALID, "agenda", "议程事项 %lld 不存在",
				       (long long)in->agenda[i]);
		if (mt.unit_id != u.id)
			return err_set(e, ERR_INVALID, "agenda", "事项“%s”不由本单位办理", mt.title);
		if (!matter_status_open(mt.status))
			return err_set(e, ERR_INVALID, "agenda", "事项“%s”已%s", mt.title,
				       matter_status_label(mt.status));
		for (size_t k = 0; k < i; k++)
			if (in->agenda[k] == in->agenda[i])
				return err_set(e, ERR_INVALID, "agenda", "议程事项重复");
		m.agenda[i] = in->agenda[i];
	}
	m.n_agenda = in->n_agenda;
	for (size_t i = 0; i < in->n_invites && (ck & CK_INVITES); i++) {
		struct org o;
		if (st->org->org_get(st, in->invites[i], &o, e) != ERR_OK)
			return err_set(e, ERR_INVALID, "invited_org_ids", "党组织 %lld 不存在",
				       (long long)in->invites[i]);
		for (size_t k = 0; k < i; k++)
			if (in->invites[k] == in->invites[i])
				return err_set(e, ERR_INVALID, "invited_org_ids", "受邀党组织重复");
		m.invites[i] = in->invites[i];
	}
	m.n_invites = in->n_invites;
	if (!(ck & CK_AGENDA))
		memcpy(m.agenda, in->agenda, sizeof(m.agenda));
	if (!(ck & CK_INVITES))
		memcpy(m.invites, in->invites, sizeof(m.invites));
	m.alliance_id = u.alliance_id;
	m.unit_id = u.id;
	snprintf(m.title, sizeof(m.title), "%s", in->title);
	m.held_on = in->held_on;
	snprintf(m.place_division, sizeof(m.place_division), "%s", in->place_division);
	m.convener_person = on_duty ? who->person_id : 0;
	m.convener_user = who->user_id;
	if (!on_duty)
		snprintf(m.override_reason, sizeof(m.override_reason), "%s", in->override_reason);
	m.created_at_ms = date_now_ms();
	if (prev) { /* a change keeps who convened it, and when */
		m.id = prev->id;
		m.convener_person = prev->convener_person;
		m.convener_user = prev->convener_user;
		if (on_duty || !(ck & CK_RIGHT))
			snprintf(m.override_reason, sizeof(m.override_reason), "%s",
				 prev->override_reason);
		m.created_at_ms = prev->created_at_ms;
		memcpy(m.attendees, prev->attendees, sizeof(m.attendees));
		m.n_attendees = prev->n_attendees;
	}
	*out_m = m;
	*out_u = u;
	return ERR_OK;
}

enum err_code meeting_convene(struct store *st, const struct principal *who,
			      const struct meeting_input *in, int32_t today, struct meeting *out,
			      struct err *e)
{
	enum err_code rc;
	struct unit u = { 0 };
	struct meeting m = { 0 };
	char county[8];
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = convene_checked(st, who, in, NULL, CK_ALL, today, &m, &u, e)))
		goto fail;
	/* the rows written are this meeting's (its agenda: matters of its unit) */
	st->ops->writes_alliance(st, m.alliance_id, m.unit_id);
	int on_duty = m.convener_person != 0;
	snprintf(county, sizeof(county), "%.6s", m.place_division);
	if ((rc = st->meeting->insert(st, &m, e)) ||
	    (rc = st->stats->meeting_add(st, m.alliance_id, m.unit_id, county, m.held_on, 1, 0, e)))
		goto fail;
	for (size_t i = 0; i < m.n_invites && !rc; i++) {
		struct org o;
		if (st->org->org_get(st, m.invites[i], &o, e) != ERR_OK || !o.secretary_id ||
		    o.secretary_id == who->person_id)
			continue; /* no invitation to the convener themself */
		char title[1024], d10[11], key[64];
		date_format(m.held_on, d10);
		snprintf(title, sizeof(title), "会议邀请：%s 召开 %s", d10, m.title);
		snprintf(key, sizeof(key), "invite:%lld:%lld", (long long)m.id, (long long)o.secretary_id);
		rc = inbox_notify(st, o.secretary_id, "meeting_invite", "meeting", m.id, key, title,
				  u.name, e);
	}
	if (rc || (rc = audit_record(st, who, !on_duty ? "meeting.convene_override" : "meeting.convene",
				     "meeting", m.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return st->meeting->get(st, m.id, out, e);
fail:
	st->ops->rollback(st);
	return rc;
}

/* Inside the caller's write transaction: reads meeting id as it is now,
 * for a change by who (policy_can_edit_meeting). */
static enum err_code load_for_edit(struct store *st, const struct principal *who, int64_t id,
				   int32_t today, struct meeting *m, struct unit *u, struct err *e)
{
	enum err_code rc;
	if ((rc = st->meeting->get(st, id, m, e)) ||
	    (rc = reach_guard(st, who, m->alliance_id, "会议", e)) ||
	    (rc = st->org->unit_get(st, m->unit_id, u, e)))
		return rc;
	/* what the caller changes are this meeting's rows (a decision's matter
	 * declares its own) */
	st->ops->writes_alliance(st, m->alliance_id, m->unit_id);
	if (policy_can_edit_meeting(st, who, m, u, today))
		return ERR_OK;
	return err_set(e, ERR_FORBIDDEN, NULL, "只有会议召集人、站长/组长或联建管理员可以修改会议记录");
}

/* A meeting is planned until its day (Asia/Shanghai) and held from then
 * on: only a held meeting takes attendance, minutes and decisions. */
static enum err_code require_held(const struct meeting *m, int32_t today, struct err *e)
{
	char d[11];
	if (m->cancelled_at_ms)
		return err_tag(e, ERR_INVALID, "meeting_cancelled", NULL,
			       "会议已取消，不能登记出席、纪要和决定");
	if (m->held_on <= today)
		return ERR_OK;
	date_format(m->held_on, d);
	return err_tag(e, ERR_INVALID, "meeting_not_held", NULL,
		       "会议尚未召开（%s），召开当日起才能登记出席、纪要和决定", d);
}

const char *meeting_status(const struct meeting *m, int32_t today)
{
	return m->cancelled_at_ms ? "cancelled" : m->held_on <= today ? "held" : "planned";
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static enum err_code person_county(struct store *st, int64_t person_id, char out[8],
				   struct err *e)
{
	struct person p;
	enum err_code rc = st->org->person_get(st, person_id, &p, e);
	if (rc)
		return rc;
	snprintf(out, 8, "%.6s", p.division_code);
	return ERR_OK;
}

enum err_code meeting_attendance(struct store *st, const struct principal *who, int64_t id,
				 const int64_t *ids, size_t n, int32_t today, struct err *e)
{
	enum err_code rc;
	struct meeting m;
	struct unit u;
	char county[8];
	char *before = NULL;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_for_edit(st, who, id, today, &m, &u, e)) || (rc = require_held(&m, today, e)))
		goto out;
	if (n > MEETING_MAX_ATTENDEES) {
		rc = err_set(e, ERR_INVALID, "person_ids", "出席人数过多");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (person_county(st, ids[i], county, e)) {
			rc = err_set(e, ERR_INVALID, "person_ids", "人员 %lld 不存在", (long long)ids[i]);
			goto out;
		}
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i]) {
				rc = err_set(e, ERR_INVALID, "person_ids", "出席人员重复");
				goto out;
			}
	}
	before = audit_snapshot(st, "meeting", id);
	/* Counters: take the attendance as it is now out, put the new one in. */
	for (size_t i = 0; i < m.n_attendees && !rc; i++)
		if (!(rc = person_county(st, m.attendees[i], county, e)))
			rc = st->stats->meeting_add(st, m.alliance_id, m.unit_id, county, m.held_on, 0,
						       -1, e);
	for (size_t i = 0; i < n && !rc; i++)
		if (!(rc = person_county(st, ids[i], county, e)))
			rc = st->stats->meeting_add(st, m.alliance_id, m.unit_id, county, m.held_on, 0,
						       1, e);
	if (rc || (rc = st->meeting->set_attendance(st, id, ids, n, e)) ||
	    (rc = audit_record(st, who, "meeting.attendance", "meeting", id, before, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
out:
	if (rc)
		st->ops->rollback(st);
	free(before);
	return rc;
}

/* Blank minutes never replace nothing; they replace existing minutes only
 * when the caller confirmed clearing them. */
static enum err_code minutes_checked(const struct meeting *m, const char *text, int clear,
				     struct err *e)
{
	if (!blank(text))
		return ERR_OK;
	if (blank(m->minutes))
		return err_tag(e, ERR_INVALID, "minutes_empty", "text", "纪要不能为空");
	if (!clear)
		return err_tag(e, ERR_INVALID, "minutes_clear_unconfirmed", "text",
			       "纪要内容为空：如确要清空已有纪要，请确认清空后再保存");
	return ERR_OK;
}

enum err_code meeting_minutes(struct store *st, const struct principal *who, int64_t id,
			      const char *text, int clear, int32_t today, struct err *e)
{
	enum err_code rc;
	struct meeting m;
	struct unit u;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "meeting", id, e)))
		return rc;
	if (!(rc = load_for_edit(st, who, id, today, &m, &u, e)) &&
	    !(rc = require_held(&m, today, e)) && !(rc = minutes_checked(&m, text, clear, e)))
		rc = st->meeting->set_minutes(st, id, blank(text) ? "" : text, e);
	return audit_tx_end(&tx, who, "meeting.minutes", id, rc, e);
}

enum err_code meeting_decide(struct store *st, const struct principal *who, int64_t id,
			     const struct decision_input *in, int32_t today, struct decision *out,
			     struct err *e)
{
	enum err_code rc;
	struct meeting m;
	struct unit u;
	struct matter mt;
	struct decision d;
	char *before = NULL;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_for_edit(st, who, id, today, &m, &u, e)) || (rc = require_held(&m, today, e)))
		goto fail;
	int on_agenda = 0;
	for (size_t i = 0; i < m.n_agenda; i++)
		if (m.agenda[i] == in->matter_id)
			on_agenda = 1;
	if (!on_agenda) {
		rc = err_tag(e, ERR_INVALID, "not_on_agenda", "matter_id", "该事项不在本次会议议程中");
		goto fail;
	}
	if ((rc = st->matter->get(st, in->matter_id, &mt, e)))
		goto fail;
	memset(&d, 0, sizeof(d));
	d.meeting_id = id;
	d.matter_id = mt.id;
	snprintf(d.action, sizeof(d.action), "%s", in->action);
	snprintf(d.note, sizeof(d.note), "%s", in->note);
	d.user_id = who->user_id;
	d.created_at_ms = date_now_ms();
	before = audit_snapshot(st, "matter", mt.id);
	char note[MATTER_EVENT_NOTE_BYTES];
	snprintf(note, sizeof(note), "联席会议决定：%s（%s）", in->note, m.title);
	if (strcmp(in->action, "assign") == 0) {
		if (!in->person_id && !in->org_id) {
			rc = err_set(e, ERR_INVALID, "person_id", "指派须指定责任人或责任党组织");
			goto fail;
		}
		struct matter_patch p = { .add_assignee_person = in->person_id,
					  .add_assignee_org = in->org_id, .note = note };
		rc = matter_apply_patch(st, who, &mt, &p, id, today, e);
		snprintf(d.detail, sizeof(d.detail), "{\"person_id\":%lld,\"org_id\":%lld}",
			 (long long)in->person_id, (long long)in->org_id);
	} else if (strcmp(in->action, "set_due") == 0) {
		if (!in->due_on) {
			rc = err_set(e, ERR_INVALID, "due_on", "调整期限须指定新的完成期限");
			goto fail;
		}
		struct matter_patch p = { .has_due = 1, .due_on = in->due_on, .note = note };
		rc = matter_apply_patch(st, who, &mt, &p, id, today, e);
		char dd[11];
		date_format(in->due_on, dd);
		snprintf(d.detail, sizeof(d.detail), "{\"due_on\":\"%s\"}", dd);
	} else {
		const char *to = strcmp(in->action, "resolve") == 0 ? "resolved" :
				 strcmp(in->action, "escalate") == 0 ? "escalated" :
				 strcmp(in->action, "close") == 0 ? "closed" : NULL;
		if (!to) {
			rc = err_set(e, ERR_INVALID, "action", "未知的决定类型");
			goto fail;
		}
		rc = matter_apply_transition(st, who, &mt, to, strcmp(to, "closed") == 0 ? in->note : note,
					     in->resolution, id, today, e);
	}
	if (rc || (rc = st->meeting->decision_insert(st, &d, e)) ||
	    (rc = audit_record(st, who, "meeting.decision", "matter", mt.id, before, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	free(before);
	snprintf(d.matter_title, sizeof(d.matter_title), "%s", mt.title);
	*out = d;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	free(before);
	return rc;
}

/* ---- changing and cancelling a planned meeting ---- */

/* Only a planned meeting (before its day, not cancelled) may be changed or
 * cancelled. */
static enum err_code require_planned(const struct meeting *m, int32_t today, struct err *e)
{
	char d[11];
	if (m->cancelled_at_ms)
		return err_tag(e, ERR_INVALID, "meeting_cancelled", NULL,
			       "会议已取消，不能再修改或取消");
	if (m->held_on > today)
		return ERR_OK;
	date_format(m->held_on, d);
	return err_tag(e, ERR_INVALID, "meeting_held", NULL,
		       "会议已于 %s 召开，召开当日起不能再修改或取消", d);
}

/* Adds sign times meeting m (the meeting and its attendance) to the
 * statistics, as convening and attendance counted it. */
static enum err_code meeting_count(struct store *st, const struct meeting *m, int64_t sign,
				   struct err *e)
{
	char county[8];
	enum err_code rc;
	snprintf(county, sizeof(county), "%.6s", m->place_division);
	if ((rc = st->stats->meeting_add(st, m->alliance_id, m->unit_id, county, m->held_on, sign, 0,
					 e)))
		return rc;
	for (size_t i = 0; i < m->n_attendees && !rc; i++)
		if (!(rc = person_county(st, m->attendees[i], county, e)))
			rc = st->stats->meeting_add(st, m->alliance_id, m->unit_id, county, m->held_on,
						    0, sign, e);
	return rc;
}

static int has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Tells the secretaries of the organisations of ids (but not who) about
 * meeting m: kind, a title prefix and a dedup tag. */
static enum err_code notify_orgs(struct store *st, const struct principal *who,
				 const struct meeting *m, const int64_t *ids, size_t n,
				 const char *kind, const char *prefix, const char *body,
				 struct err *e)
{
	enum err_code rc = ERR_OK;
	int64_t now = date_now_ms();
	for (size_t i = 0; i < n && !rc; i++) {
		struct org o;
		if (st->org->org_get(st, ids[i], &o, e) != ERR_OK || !o.secretary_id ||
		    o.secretary_id == who->person_id)
			continue;
		char title[1024], d10[11], key[96];
		date_format(m->held_on, d10);
		snprintf(title, sizeof(title), "%s：%s 召开 %s", prefix, d10, m->title);
		snprintf(key, sizeof(key), "%s:%lld:%lld:%lld", kind, (long long)m->id,
			 (long long)o.secretary_id, (long long)now);
		rc = inbox_notify(st, o.secretary_id, kind, "meeting", m->id, key, title, body, e);
	}
	return rc;
}

enum err_code meeting_change(struct store *st, const struct principal *who, int64_t id,
			     const struct meeting_patch *p, int32_t today, struct err *e)
{
	enum err_code rc;
	struct meeting prev = { 0 }, m = { 0 };
	struct unit u, u2;
	struct meeting_input in;
	char *before = NULL;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_for_edit(st, who, id, today, &prev, &u, e)) ||
	    (rc = require_planned(&prev, today, e)))
		goto out;
	memset(&in, 0, sizeof(in));
	unsigned ck = 0;
	in.unit_id = prev.unit_id;
	in.title = p->title ? p->title : prev.title;
	in.held_on = p->held_on ? p->held_on : prev.held_on;
	in.place_division = p->place_division ? p->place_division : prev.place_division;
	in.override_reason = p->override_reason;
	if (in.held_on != prev.held_on)
		ck |= CK_RIGHT;
	const int64_t *ag = p->has_agenda ? p->agenda : prev.agenda;
	in.n_agenda = p->has_agenda ? p->n_agenda : prev.n_agenda;
	memcpy(in.agenda, ag, in.n_agenda * sizeof(int64_t));
	const int64_t *iv = p->has_invites ? p->invites : prev.invites;
	in.n_invites = p->has_invites ? p->n_invites : prev.n_invites;
	memcpy(in.invites, iv, in.n_invites * sizeof(int64_t));
	ck |= (p->has_agenda ? CK_AGENDA : 0) | (p->has_invites ? CK_INVITES : 0);
	if ((rc = convene_checked(st, who, &in, &prev, ck, today, &m, &u2, e)))
		goto out;
	before = audit_snapshot(st, "meeting", id);
	/* the meeting is counted under its day and place: move it */
	int moved = m.held_on != prev.held_on || strncmp(m.place_division, prev.place_division, 6);
	if ((moved && ((rc = meeting_count(st, &prev, -1, e)) || (rc = meeting_count(st, &m, 1, e)))) ||
	    (rc = st->meeting->update(st, &m, e)))
		goto out;
	/* everyone invited now hears of the change; those no longer invited of that */
	rc = notify_orgs(st, who, &m, m.invites, m.n_invites, "meeting_change", "会议变更", u.name, e);
	for (size_t i = 0; i < prev.n_invites && !rc; i++)
		if (!has_id(m.invites, m.n_invites, prev.invites[i]))
			rc = notify_orgs(st, who, &m, &prev.invites[i], 1, "meeting_uninvite",
					 "会议邀请已撤回", u.name, e);
	if (rc || (rc = audit_record(st, who, "meeting.change", "meeting", id, before, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
out:
	if (rc)
		st->ops->rollback(st);
	free(before);
	return rc;
}

enum err_code meeting_cancel(struct store *st, const struct principal *who, int64_t id,
			     const char *reason, int32_t today, struct err *e)
{
	enum err_code rc;
	struct meeting m;
	struct unit u;
	char *before = NULL;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_for_edit(st, who, id, today, &m, &u, e)) ||
	    (rc = require_planned(&m, today, e)))
		goto out;
	if (!reason || blank(reason)) {
		rc = err_tag(e, ERR_INVALID, "reason_required", "reason", "取消会议须填写理由");
		goto out;
	}
	before = audit_snapshot(st, "meeting", id);
	char body[1024];
	snprintf(body, sizeof(body), "%s；取消理由：%s", u.name, reason);
	/* a cancelled meeting is never counted */
	if ((rc = meeting_count(st, &m, -1, e)) ||
	    (rc = st->meeting->cancel(st, id, who->user_id, reason, date_now_ms(), e)) ||
	    (rc = notify_orgs(st, who, &m, m.invites, m.n_invites, "meeting_cancel", "会议取消",
			      body, e)) ||
	    (rc = audit_record(st, who, "meeting.cancel", "meeting", id, before, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
out:
	if (rc)
		st->ops->rollback(st);
	free(before);
	return rc;
}
