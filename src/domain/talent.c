/* talent.c - secondments and talents (see talent.h). */
#include "domain/talent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/education.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "store/store_division.h"
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
	if (!rc)
		rc = reach_guard(st, who, a.id, "联建", e);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "alliance_id", "联建不存在") : rc;
	/* People and organisations outside who's reach answer as missing ones. */
	if (st->org->person_get(st, in->person_id, &p, &ignored) != ERR_OK ||
	    reach_guard_county(st, who, p.division_code, "人员", &ignored))
		return err_set(e, ERR_INVALID, "person_id", "人员不存在");
	if (st->org->org_get(st, in->from_org_id, &from, &ignored) != ERR_OK ||
	    reach_guard_county(st, who, from.division_code, "党组织", &ignored))
		return err_set(e, ERR_INVALID, "from_org_id", "派出单位不存在");
	if (st->org->org_get(st, in->to_org_id, &to, &ignored) != ERR_OK ||
	    reach_guard_county(st, who, to.division_code, "党组织", &ignored))
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

/* The first alliance whose counties hold county; 0 when none. */
static enum err_code alliance_of_county(struct store *st, const char *county, int64_t *out,
					struct err *e)
{
	struct alliance *all = NULL;
	size_t n = 0;
	struct page pg = { NULL, 500 };
	enum err_code rc = st->org->alliance_list(st, NULL, pg, &all, &n, e);
	*out = 0;
	for (size_t i = 0; !rc && i < n && !*out; i++)
		for (size_t k = 0; k < all[i].n_counties; k++)
			if (strncmp(all[i].counties[k], county, 6) == 0)
				*out = all[i].id;
	free(all);
	return rc;
}

enum err_code talent_create(struct store *st, const struct principal *who,
			    const struct talent_input *in, int32_t today, struct talent *out,
			    struct err *e)
{
	enum err_code rc;
	struct division d;
	struct err ignored;
	struct talent x;
	memset(&x, 0, sizeof(x));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if (division_level_of(in->from_county) != LEVEL_COUNTY ||
	    st->division->get(st, in->from_county, &d, &ignored) != ERR_OK) {
		rc = err_set(e, ERR_INVALID, "from_county", "来源县（市）代码无效");
		goto fail;
	}
	if (in->division && (division_level_of(in->division) < LEVEL_COUNTY ||
			     st->division->get(st, in->division, &d, &ignored) != ERR_OK)) {
		rc = err_set(e, ERR_INVALID, "division", "区划代码无效（须为县级及以下）");
		goto fail;
	}
	char county[8];
	snprintf(county, sizeof(county), "%.6s", in->division ? in->division : in->from_county);
	if ((rc = alliance_of_county(st, county, &x.alliance_id, e)))
		goto fail;
	/* An alliance who does not read answers as none. */
	if (x.alliance_id && reach_guard(st, who, x.alliance_id, "联建", &ignored))
		x.alliance_id = 0;
	if (!x.alliance_id) {
		rc = err_set(e, ERR_INVALID, in->division ? "division" : "from_county",
			     "该县（市）不在任何联建范围内");
		goto fail;
	}
	if (in->enterprise_id && st->talent->enterprise_exists(st, in->enterprise_id, &ignored)) {
		rc = err_set(e, ERR_INVALID, "enterprise_id", "企业不存在");
		goto fail;
	}
	if (in->introduced_on && (in->introduced_on < education_first_day() ||
				  in->introduced_on > education_last_day(today))) {
		rc = err_set(e, ERR_INVALID, "introduced_on", "日期应在 2000-01-01 至明年今日之间");
		goto fail;
	}
	if (!policy_can_edit_site(who, x.alliance_id, county)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或所在县（市）的管理员可以登记人才");
		goto fail;
	}
	snprintf(x.line, sizeof(x.line), "talent");
	snprintf(x.name, sizeof(x.name), "%s", in->name);
	snprintf(x.kind, sizeof(x.kind), "%s", in->kind);
	snprintf(x.from_county, sizeof(x.from_county), "%s", in->from_county);
	snprintf(x.division_code, sizeof(x.division_code), "%s", in->division ? in->division : "");
	x.enterprise_id = in->enterprise_id;
	x.introduced_on = in->introduced_on;
	snprintf(x.note, sizeof(x.note), "%s", in->note ? in->note : "");
	x.created_by = who->user_id;
	x.created_at_ms = date_now_ms();
	if ((rc = st->talent->talent_insert(st, &x, e)) ||
	    (rc = audit_record(st, who, "talent.create", "talent", x.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return st->talent->talent_get(st, x.id, out, e);
fail:
	st->ops->rollback(st);
	return rc;
}
