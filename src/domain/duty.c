/* duty.c - rosters, the stored schedule, swaps and handovers (see duty.h). */
#include "domain/duty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/audit.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/rotation.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

static duty_handover_facts_fn handover_facts;

void duty_set_handover_facts(duty_handover_facts_fn fn)
{
	handover_facts = fn;
}

/* The roster member for a person: a current secretary of a member org. */
static enum err_code roster_member(struct store *st, int64_t unit_id, int64_t person_id,
				   struct rotation_member *out, struct err *e)
{
	struct person p;
	struct org o;
	enum err_code rc = st->org->person_get(st, person_id, &p, e);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "person_ids", "人员 %lld 不存在",
						     (long long)person_id) : rc;
	if ((rc = st->org->org_get(st, p.org_id, &o, e)))
		return rc;
	if (o.secretary_id != person_id || !unit_has_member(st, unit_id, o.id))
		return err_set(e, ERR_INVALID, "person_ids",
			       "%s 不是本单位成员党组织的现任书记，不能参加轮值", p.name);
	out->person_id = person_id;
	char c[8];
	snprintf(c, sizeof(c), "%.6s", o.division_code);
	out->county = strtoll(c, NULL, 10);
	return ERR_OK;
}

enum err_code duty_set_roster(struct store *st, const struct principal *who, int64_t unit_id,
			      const struct roster_input *in, int32_t today, int32_t *out_first_new,
			      struct err *e)
{
	enum err_code rc;
	struct unit u;
	enum rotation_term kind;
	struct rotation_member roster[ROSTER_MAX];
	struct duty_term *terms = NULL;
	size_t n_terms = 0;
	struct rotation_member *hist = NULL, *plan = NULL;

	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "roster", unit_id, e)))
		return rc;
	if ((rc = st->org->unit_get(st, unit_id, &u, e)) ||
	    (rc = reach_guard(st, who, u.alliance_id, "联建单位", e)))
		goto out;
	if (!policy_can_admin_unit(who, &u)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有本联建的管理员可以设置轮值名单");
		goto out;
	}
	if (rotation_term_parse(in->term, &kind)) {
		rc = err_set(e, ERR_INVALID, "term", "任期应为 week、month 或 quarter");
		goto out;
	}
	if (in->n == 0) {
		rc = err_set(e, ERR_INVALID, "person_ids", "轮值名单不能为空");
		goto out;
	}
	for (size_t i = 0; i < in->n; i++) {
		for (size_t k = 0; k < i; k++)
			if (in->person_ids[k] == in->person_ids[i]) {
				rc = err_set(e, ERR_INVALID, "person_ids", "轮值名单中有重复人员");
				goto out;
			}
		if ((rc = roster_member(st, unit_id, in->person_ids[i], &roster[i], e)))
			goto out;
	}
	if ((rc = st->rotation->terms_list(st, unit_id, 0, &terms, &n_terms, e)))
		goto out;
	/* Terms that have started stay as they are. */
	size_t kept = 0;
	while (kept < n_terms && terms[kept].starts_on <= today)
		kept++;
	int32_t anchor;
	if (kept == 0) {
		/* Backfill: an alliance that starts using the system long after it
		 * began enters the unit's history before its first term; that is
		 * the alliance admin's to do, back to 2000-01-01 (API.md). */
		int32_t earliest = today - 366;
		if (policy_can_admin_alliance(who, u.alliance_id))
			date_parse("2000-01-01", &earliest);
		if (in->starts_on < earliest || in->starts_on > today + 366) {
			rc = err_set(e, ERR_INVALID, "starts_on",
				     earliest < today - 366
					     ? "开始日期应在 2000-01-01 至一年后之间"
					     : "开始日期应在今天前后一年之内（更早的历史请联建管理员补录）");
			goto out;
		}
		anchor = in->starts_on;
	} else {
		int32_t next = terms[kept - 1].ends_on + 1;
		anchor = in->starts_on > next ? in->starts_on : next;
		if (in->starts_on > today + 366) {
			rc = err_set(e, ERR_INVALID, "starts_on", "开始日期应在一年之内");
			goto out;
		}
	}
	int32_t horizon = (anchor > today ? anchor : today) + DUTY_HORIZON_DAYS;
	size_t n_plan = 0;
	while (rotation_term_start(kind, anchor, (int64_t)n_plan) <= horizon)
		n_plan++;
	hist = calloc(kept + 1, sizeof(*hist));
	plan = calloc(n_plan + 1, sizeof(*plan));
	if (!hist || !plan)
		abort();
	for (size_t i = 0; i < kept; i++) {
		hist[i].person_id = terms[i].person_id;
		hist[i].county = strtoll(terms[i].county_code, NULL, 10);
	}
	if (rotation_plan(roster, in->n, hist, kept, plan, n_plan)) {
		rc = err_set(e, ERR_INVALID, "person_ids", "无法生成轮值表");
		goto out;
	}
	int64_t first_idx = kept ? terms[kept - 1].idx + 1 : 0;
	struct roster prev;
	struct err ignore;
	int version = st->rotation->roster_latest(st, unit_id, &prev, &ignore) == ERR_OK ? prev.version + 1 : 1;
	struct roster r = { .unit_id = unit_id, .version = version, .starts_on = anchor,
			    .n = in->n, .first_idx = first_idx, .created_at_ms = date_now_ms() };
	snprintf(r.term, sizeof(r.term), "%s", rotation_term_name(kind));
	memcpy(r.person_ids, in->person_ids, in->n * sizeof(int64_t));
	if (!(rc = st->rotation->roster_insert(st, &r, e)))
		rc = st->rotation->terms_delete_from(st, unit_id, first_idx, e);
	for (size_t i = 0; !rc && i < n_plan; i++) {
		struct duty_term t;
		memset(&t, 0, sizeof(t));
		t.unit_id = unit_id;
		t.idx = first_idx + (int64_t)i;
		t.person_id = t.planned_person_id = plan[i].person_id;
		snprintf(t.county_code, sizeof(t.county_code), "%06lld", (long long)plan[i].county);
		t.starts_on = rotation_term_start(kind, anchor, (int64_t)i);
		t.ends_on = rotation_term_end(kind, anchor, (int64_t)i);
		rc = st->rotation->term_put(st, &t, e);
	}
	if (!rc && out_first_new)
		*out_first_new = anchor;
out:
	rc = audit_tx_end(&tx, who, "unit.roster_set", unit_id, rc, e);
	free(terms);
	free(hist);
	free(plan);
	return rc;
}

enum err_code duty_swap(struct store *st, const struct principal *who, int64_t unit_id,
			int32_t on, int64_t person_id, const char *reason, int32_t today,
			struct duty_term *out, struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct duty_term *terms = NULL;
	size_t n = 0;
	struct rotation_member *arr = NULL, sub = { 0, 0 };
	char *before = NULL;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->org->unit_get(st, unit_id, &u, e)) ||
	    (rc = reach_guard(st, who, u.alliance_id, "联建单位", e)))
		goto fail;
	if (!policy_can_manage_rotation(st, who, &u)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有本联建管理员或本单位站长/组长可以登记调换");
		goto fail;
	}
	if ((rc = roster_member(st, unit_id, person_id, &sub, e))) {
		if (rc == ERR_INVALID)
			e->field = "person_id";
		goto fail;
	}
	if ((rc = st->rotation->terms_list(st, unit_id, 0, &terms, &n, e)))
		goto fail;
	size_t i = 0;
	while (i < n && !(terms[i].starts_on <= on && terms[i].ends_on >= on))
		i++;
	if (i == n) {
		rc = err_set(e, ERR_INVALID, "on", "该日期不在轮值表范围内");
		goto fail;
	}
	if (terms[i].ends_on < today) {
		rc = err_set(e, ERR_INVALID, "on", "已结束的任期不能调换");
		goto fail;
	}
	if (terms[i].person_id == person_id) {
		rc = err_set(e, ERR_INVALID, "person_id", "该任期已由此人担任");
		goto fail;
	}
	size_t first_mutable = 0;
	while (first_mutable < n && terms[first_mutable].starts_on <= today)
		first_mutable++;
	arr = calloc(n, sizeof(*arr));
	if (!arr)
		abort();
	for (size_t k = 0; k < n; k++) {
		arr[k].person_id = terms[k].person_id;
		arr[k].county = strtoll(terms[k].county_code, NULL, 10);
	}
	int64_t original = terms[i].person_id;
	char original_name[NAME_MAX_BYTES];
	snprintf(original_name, sizeof(original_name), "%s", terms[i].person_name);
	ptrdiff_t j = rotation_swap(arr, n, i, first_mutable, sub);
	if (j == -2) {
		rc = err_set(e, ERR_INVALID, "person_id", "无效的调换");
		goto fail;
	}
	struct duty_term t = terms[i];
	t.person_id = sub.person_id;
	snprintf(t.county_code, sizeof(t.county_code), "%06lld", (long long)sub.county);
	snprintf(t.swap_reason, sizeof(t.swap_reason), "%s", reason);
	if ((rc = st->rotation->term_put(st, &t, e)))
		goto fail;
	if (j >= 0) {
		struct duty_term x = terms[j];
		x.person_id = original;
		snprintf(x.county_code, sizeof(x.county_code), "%06lld", (long long)arr[j].county);
		snprintf(x.swap_reason, sizeof(x.swap_reason), "与%s调换：%s", original_name, reason);
		if ((rc = st->rotation->term_put(st, &x, e)))
			goto fail;
	}
	struct swap_record w = { .unit_id = unit_id, .term_idx = terms[i].idx, .on_date = on,
				 .original_person_id = original, .substitute_person_id = sub.person_id,
				 .exchanged_term_idx = j >= 0 ? terms[j].idx : -1,
				 .created_by = who->user_id, .created_at_ms = date_now_ms() };
	snprintf(w.reason, sizeof(w.reason), "%s", reason);
	char after[256], bj[160];
	snprintf(bj, sizeof(bj), "{\"term_idx\":%lld,\"person_id\":%lld}", (long long)terms[i].idx,
		 (long long)original);
	snprintf(after, sizeof(after),
		 "{\"term_idx\":%lld,\"person_id\":%lld,\"exchanged_term_idx\":%lld}",
		 (long long)terms[i].idx, (long long)sub.person_id,
		 (long long)(j >= 0 ? terms[j].idx : -1));
	before = strdup(bj);
	if ((rc = st->rotation->swap_insert(st, &w, e)) ||
	    (rc = audit_record_json(st, who, "unit.rotation_swap", "unit", unit_id, before, after, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	rc = duty_on(st, unit_id, on, out, e);
	goto out;
fail:
	st->ops->rollback(st);
out:
	free(before);
	free(terms);
	free(arr);
	return rc;
}

enum err_code duty_on(struct store *st, int64_t unit_id, int32_t day, struct duty_term *out,
		      struct err *e)
{
	enum err_code rc = st->rotation->term_on(st, unit_id, day, out, e);
	if (rc == ERR_NOT_FOUND) {
		char d[11];
		date_format(day, d);
		return err_tag(e, ERR_NOT_FOUND, "outside_schedule", "on",
			       "%s 不在本单位的轮值表范围内", d);
	}
	return rc;
}

enum err_code duty_terms(struct store *st, int64_t unit_id, int32_t from, int32_t to,
			 struct duty_term **out, size_t *out_n, struct err *e)
{
	struct duty_term *all = NULL;
	size_t n = 0, k = 0;
	enum err_code rc = st->rotation->terms_list(st, unit_id, 0, &all, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (all[i].ends_on >= from && all[i].starts_on <= to)
			all[k++] = all[i];
	*out = all;
	*out_n = k;
	return ERR_OK;
}

enum err_code duty_handovers(struct store *st, int64_t unit_id, int32_t today,
			     struct handover **out, size_t *out_n, struct err *e)
{
	struct duty_term *t = NULL;
	size_t n = 0;
	enum err_code rc = st->rotation->terms_list(st, unit_id, 0, &t, &n, e);
	if (rc)
		return rc;
	int began = 0;
	for (size_t i = 1; i < n && t[i].starts_on <= today; i++) {
		if (!began) {
			if ((rc = st->ops->begin_write(st, e))) {
				free(t);
				return rc;
			}
			began = 1;
		}
		struct handover h = { .unit_id = unit_id, .term_idx = t[i].idx, .on_date = t[i].starts_on,
				      .outgoing_person_id = t[i - 1].person_id,
				      .incoming_person_id = t[i].person_id,
				      .created_at_ms = date_now_ms() };
		if (handover_facts)
			handover_facts(st, unit_id, t[i].starts_on, &h.open_matters, &h.last_decisions);
		rc = st->rotation->handover_put(st, &h, e);
		free(h.open_matters);
		free(h.last_decisions);
		if (rc) {
			st->ops->rollback(st);
			free(t);
			return rc;
		}
	}
	free(t);
	if (began && (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return st->rotation->handover_list(st, unit_id, out, out_n, e);
}
