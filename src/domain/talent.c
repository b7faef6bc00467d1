/* talent.c - secondments (see talent.h). */
#include "domain/talent.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "domain/audit.h"
#include "domain/education.h"
#include "domain/policy.h"
#include "store/store_org.h"

static enum err_code secondment_checked(struct store *st, const struct principal *who,
					const struct secondment_input *in, int32_t today,
					struct secondment *x, struct err *e)
{
	struct alliance a;
	struct org from, to;
	struct person p;
	struct err ignored;
	enum err_code rc = st->org->alliance_get(st, in->alliance_id, &a, e);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "alliance_id", "联建不存在") : rc;
	if (st->org->person_get(st, in->person_id, &p, &ignored) != ERR_OK)
		return err_set(e, ERR_INVALID, "person_id", "人员不存在");
	if (st->org->org_get(st, in->from_org_id, &from, &ignored) != ERR_OK)
		return err_set(e, ERR_INVALID, "from_org_id", "派出单位不存在");
	if (st->org->org_get(st, in->to_org_id, &to, &ignored) != ERR_OK)
		return err_set(e, ERR_INVALID, "to_org_id", "接收单位不存在");
	if (from.id == to.id)
		return err_set(e, ERR_INVALID, "to_org_id", "派出单位与接收单位不能相同");
	int inside = 0;
	for (size_t k = 0; k < a.n_counties; k++)
		inside |= strncmp(a.counties[k], to.division_code, 6) == 0;
	if (!inside)
		return err_set(e, ERR_INVALID, "to_org_id", "接收单位不在本联建的县（市）范围内");
	int32_t first = education_first_day(), last = education_last_day(today);
	if (in->starts_on < first || in->starts_on > last)
		return err_set(e, ERR_INVALID, "starts_on", "日期应在 2000-01-01 至明年今日之间");
	if (in->ends_on && (in->ends_on < first || in->ends_on > last))
		return err_set(e, ERR_INVALID, "ends_on", "日期应在 2000-01-01 至明年今日之间");
	if (in->ends_on && in->ends_on < in->starts_on)
		return err_set(e, ERR_INVALID, "ends_on", "结束日期不能早于开始日期");
	memset(x, 0, sizeof(*x));
	snprintf(x->county_code, sizeof(x->county_code), "%.6s", to.division_code);
	if (!policy_can_edit_site(who, a.id, x->county_code))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或接收单位所在县（市）的管理员可以登记下挂/蹲点");
	x->alliance_id = a.id;
	snprintf(x->line, sizeof(x->line), "talent");
	x->person_id = p.id;
	snprintf(x->kind, sizeof(x->kind), "%s", in->kind);
	x->from_org_id = from.id;
	x->to_org_id = to.id;
	x->starts_on = in->starts_on;
	x->ends_on = in->ends_on;
	x->created_by = who->user_id;
	x->created_at_ms = date_now_ms();
	return ERR_OK;
}

enum err_code secondment_create(struct store *st, const struct principal *who,
				const struct secondment_input *in, int32_t today,
				struct secondment *out, struct err *e)
{
	enum err_code rc;
	struct secondment x;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = secondment_checked(st, who, in, today, &x, e)) ||
	    (rc = st->talent->secondment_insert(st, &x, e)) ||
	    (rc = audit_record(st, who, "secondment.create", "secondment", x.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return st->talent->secondment_get(st, x.id, out, e);
fail:
	st->ops->rollback(st);
	return rc;
}
