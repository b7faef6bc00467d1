/* org.c - alliances, units, organisations, people and posts (see org.h). */
#include "domain/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_division.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

static enum err_code need_division(struct store *st, const char *code, int level,
				   const char *field, struct division *out, struct err *e)
{
	char shown[24];
	utf8_copy_trunc(shown, sizeof(shown), code);
	if (division_level_of(code) != level) {
		static const char *const names[] = { "", "省级", "市级", "县级", "乡镇级", "村级" };
		return err_set(e, ERR_INVALID, field, "%s 不是%s区划代码", shown, names[level]);
	}
	enum err_code rc = st->division->get(st, code, out, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_INVALID, field, "区划代码 %s 不存在", shown);
	return rc;
}

int alliance_covers(const struct alliance *a, const char *code)
{
	if (!code || strlen(code) < 6)
		return 0;
	for (size_t i = 0; i < a->n_counties; i++)
		if (strncmp(a->counties[i], code, 6) == 0)
			return 1;
	return 0;
}

/* The kind is known and fits the division's level. */
static enum err_code kind_fits(const char *kind, int level, struct err *e)
{
	if (!vocab_valid(vocab_org_kinds, kind))
		return err_set(e, ERR_INVALID, "kind", "党组织类型无效");
	if ((strcmp(kind, "county_committee") == 0 || strcmp(kind, "city_committee") == 0) &&
	    level != LEVEL_COUNTY)
		return err_set(e, ERR_INVALID, "division", "%s应属于县级区划",
			       vocab_label(vocab_org_kinds, kind));
	if (strcmp(kind, "town_committee") == 0 && level != LEVEL_TOWN)
		return err_set(e, ERR_INVALID, "division", "镇党委应属于乡镇级区划");
	if (strcmp(kind, "village_branch") == 0 && level != LEVEL_VILLAGE)
		return err_set(e, ERR_INVALID, "division", "村党组织应属于村级区划");
	return ERR_OK;
}

static enum err_code not_dissolved(const struct org *o, const char *field, struct err *e)
{
	if (!o->dissolved_on)
		return ERR_OK;
	char d[11];
	date_format(o->dissolved_on, d);
	return err_tag(e, ERR_INVALID, "org_dissolved", field, "党组织“%s”已于 %s 撤销", o->name, d);
}

enum err_code alliance_create(struct store *st, const struct principal *who,
			      const struct alliance_input *in, struct alliance *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	memset(&a, 0, sizeof(a));
	if (!policy_is_admin(who))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有系统管理员可以创建联建");
	if (in->n_counties < 2)
		return err_set(e, ERR_INVALID, "counties", "联建至少需要两个县级区划");
	for (size_t i = 0; i < in->n_counties; i++) {
		struct division d;
		if ((rc = need_division(st, in->counties[i], LEVEL_COUNTY, "counties", &d, e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (strcmp(in->counties[k], in->counties[i]) == 0)
				return err_set(e, ERR_INVALID, "counties", "县级区划 %s 重复",
					       in->counties[i]);
		snprintf(a.counties[i], sizeof(a.counties[i]), "%s", in->counties[i]);
	}
	a.n_counties = in->n_counties;
	snprintf(a.name, sizeof(a.name), "%s", in->name);
	snprintf(a.description, sizeof(a.description), "%s", in->description ? in->description : "");
	a.created_at_ms = date_now_ms();
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "alliance", 0, e)))
		return rc;
	rc = st->org->alliance_insert(st, &a, e);
	if ((rc = audit_tx_end(&tx, who, "alliance.create", a.id, rc, e)))
		return rc;
	*out = a;
	return ERR_OK;
}

int64_t unit_leader_id(struct store *st, int64_t unit_id)
{
	struct post *p = NULL;
	size_t n = 0;
	struct err e;
	int64_t id = 0;
	if (st->org->unit_leader_history(st, unit_id, &p, &n, &e) == ERR_OK) {
		for (size_t i = 0; i < n; i++)
			if (!p[i].until_ms)
				id = p[i].person_id;
		free(p);
	}
	return id;
}

int unit_has_member(struct store *st, int64_t unit_id, int64_t org_id)
{
	struct org *m = NULL;
	size_t n = 0;
	struct err e;
	int found = 0;
	if (st->org->unit_members(st, unit_id, &m, &n, &e) == ERR_OK) {
		for (size_t i = 0; i < n; i++)
			if (m[i].id == org_id)
				found = 1;
		free(m);
	}
	return found;
}

static enum err_code unit_check_divisions(struct store *st, const struct alliance *a,
					  const struct unit_input *in, int level,
					  const struct unit *parent, struct unit *u,
					  struct err *e)
{
	enum err_code rc;
	char counties[UNIT_MAX_DIVISIONS][8];
	size_t nc = 0;
	if (in->n_divisions < 2)
		return err_set(e, ERR_INVALID, "divisions", "联建单位至少需要两个区划");
	for (size_t i = 0; i < in->n_divisions; i++) {
		struct division d;
		const char *code = in->divisions[i];
		if ((rc = need_division(st, code, level, "divisions", &d, e)))
			return rc;
		if (!alliance_covers(a, code))
			return err_set(e, ERR_INVALID, "divisions", "区划 %s（%s）不在本联建的县级区划内",
				       d.name, code);
		for (size_t k = 0; k < i; k++)
			if (strcmp(in->divisions[k], code) == 0)
				return err_set(e, ERR_INVALID, "divisions", "区划 %s 重复", code);
		if (parent) {
			int inside = 0;
			for (size_t k = 0; k < parent->n_divisions; k++)
				if (strncmp(parent->divisions[k], code, strlen(parent->divisions[k])) == 0)
					inside = 1;
			if (!inside)
				return err_set(e, ERR_INVALID, "divisions",
					       "村 %s（%s）不在上级工作站“%s”的乡镇内", d.name, code,
					       parent->name);
		}
		int seen = 0;
		for (size_t k = 0; k < nc; k++)
			if (strncmp(counties[k], code, 6) == 0)
				seen = 1;
		if (!seen)
			snprintf(counties[nc++], sizeof(counties[0]), "%.6s", code);
		snprintf(u->divisions[i], sizeof(u->divisions[i]), "%s", code);
	}
	u->n_divisions = in->n_divisions;
	if (nc < 2)
		return err_set(e, ERR_INVALID, "divisions", "联建单位的区划须来自至少两个县（市）");
	return ERR_OK;
}

enum err_code unit_create(struct store *st, const struct principal *who,
			  const struct unit_input *in, struct unit *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct unit u, parent;
	memset(&u, 0, sizeof(u));
	if ((rc = st->org->alliance_get(st, in->alliance_id, &a, e)) ||
	    (rc = reach_guard(st, who, a.id, "联建", e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "alliance_id", "联建不存在") : rc;
	if (!policy_can_admin_alliance(who, a.id))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有本联建的管理员可以创建联建单位");
	u.alliance_id = a.id;
	snprintf(u.tier, sizeof(u.tier), "%s", in->tier);
	snprintf(u.name, sizeof(u.name), "%s", in->name);
	if (strcmp(in->tier, "county") == 0) {
		if (in->parent_id)
			return err_set(e, ERR_INVALID, "parent_id", "县级工作专班没有上级单位");
		/* The task force covers exactly the alliance's counties. */
		if (in->n_divisions) {
			if (in->n_divisions != a.n_counties)
				return err_set(e, ERR_INVALID, "divisions", "县级工作专班应覆盖联建的全部县（市）");
			for (size_t i = 0; i < in->n_divisions; i++)
				if (division_level_of(in->divisions[i]) != LEVEL_COUNTY ||
				    !alliance_covers(&a, in->divisions[i]))
					return err_set(e, ERR_INVALID, "divisions",
						       "县级工作专班的区划应为联建的县（市）");
		}
		for (size_t i = 0; i < a.n_counties; i++)
			snprintf(u.divisions[i], sizeof(u.divisions[i]), "%s", a.counties[i]);
		u.n_divisions = a.n_counties;
	} else if (strcmp(in->tier, "town") == 0) {
		if (in->parent_id) {
			if ((rc = st->org->unit_get(st, in->parent_id, &parent, e)))
				return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "parent_id", "上级单位不存在") : rc;
			if (parent.alliance_id != a.id || strcmp(parent.tier, "county") != 0)
				return err_set(e, ERR_INVALID, "parent_id", "镇级工作站的上级应为本联建的县级工作专班");
			u.parent_id = parent.id;
		} else {
			struct unit *top = NULL;
			size_t n = 0;
			struct page pg = { .after = NULL, .limit = 1 };
			if ((rc = st->org->unit_list(st, a.id, NULL, "county", pg, &top, &n, e)))
				return rc;
			u.parent_id = n ? top[0].id : 0;
			free(top);
		}
		if ((rc = unit_check_divisions(st, &a, in, LEVEL_TOWN, NULL, &u, e)))
			return rc;
	} else if (strcmp(in->tier, "village") == 0) {
		if (!in->parent_id)
			return err_set(e, ERR_INVALID, "parent_id", "村级联建小组须指定所属的镇级工作站");
		if ((rc = st->org->unit_get(st, in->parent_id, &parent, e)))
			return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "parent_id", "上级单位不存在") : rc;
		if (parent.alliance_id != a.id || strcmp(parent.tier, "town") != 0)
			return err_set(e, ERR_INVALID, "parent_id", "村级联建小组的上级应为本联建的镇级工作站");
		u.parent_id = parent.id;
		if ((rc = unit_check_divisions(st, &a, in, LEVEL_VILLAGE, &parent, &u, e)))
			return rc;
	} else {
		return err_set(e, ERR_INVALID, "tier", "层级应为 county、town 或 village");
	}
	u.created_at_ms = date_now_ms();
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "unit", 0, e)))
		return rc;
	rc = st->org->unit_insert(st, &u, e);
	if ((rc = audit_tx_end(&tx, who, "unit.create", u.id, rc, e)))
		return rc;
	*out = u;
	return ERR_OK;
}

/* The checks of a new member, on rows read inside the write. */
static enum err_code member_checked(struct store *st, const struct principal *who,
				    int64_t unit_id, int64_t org_id, struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct org o;
	if ((rc = st->org->unit_get(st, unit_id, &u, e)) ||
	    (rc = reach_guard(st, who, u.alliance_id, "联建单位", e)))
		return rc;
	if (!policy_can_admin_unit(who, &u))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有本联建的管理员可以调整单位成员");
	if ((rc = st->org->org_get(st, org_id, &o, e)) ||
	    (rc = reach_guard_county(st, who, o.division_code, "党组织", e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "org_id", "党组织不存在") : rc;
	if ((rc = not_dissolved(&o, "org_id", e)))
		return rc;
	int inside = 0;
	for (size_t i = 0; i < u.n_divisions; i++)
		if (strncmp(o.division_code, u.divisions[i], strlen(u.divisions[i])) == 0)
			inside = 1;
	if (!inside)
		return err_set(e, ERR_INVALID, "org_id", "党组织“%s”不在本单位的区划内", o.name);
	return ERR_OK;
}

enum err_code unit_add_member(struct store *st, const struct principal *who, int64_t unit_id,
			      int64_t org_id, struct err *e)
{
	enum err_code rc;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "unit", unit_id, e)))
		return rc;
	if (!(rc = member_checked(st, who, unit_id, org_id, e)))
		rc = st->org->unit_member_add(st, unit_id, org_id, date_now_ms(), e);
	return audit_tx_end(&tx, who, "unit.member_add", unit_id, rc, e);
}

/* The checks of a new leader, on rows read inside the write. */
static enum err_code leader_checked(struct store *st, const struct principal *who,
				    int64_t unit_id, int64_t person_id, struct err *e)
{
	enum err_code rc;
	struct unit u;
	struct person p;
	struct org o;
	if ((rc = st->org->unit_get(st, unit_id, &u, e)) ||
	    (rc = reach_guard(st, who, u.alliance_id, "联建单位", e)))
		return rc;
	if (!policy_can_admin_unit(who, &u))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有本联建的管理员可以任命站长/组长");
	if ((rc = st->org->person_get(st, person_id, &p, e)) ||
	    (rc = reach_guard_county(st, who, p.division_code, "人员", e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "person_id", "人员不存在") : rc;
	if ((rc = st->org->org_get(st, p.org_id, &o, e)))
		return rc;
	if (o.secretary_id != person_id || !unit_has_member(st, unit_id, o.id))
		return err_set(e, ERR_INVALID, "person_id",
			       "站长/组长须为本单位成员党组织的现任书记");
	return ERR_OK;
}

enum err_code unit_set_leader(struct store *st, const struct principal *who, int64_t unit_id,
			      int64_t person_id, struct err *e)
{
	enum err_code rc;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "unit", unit_id, e)))
		return rc;
	if ((rc = leader_checked(st, who, unit_id, person_id, e)))
		goto out;
	if (unit_leader_id(st, unit_id) == person_id) {
		audit_tx_abort(&tx);   /* already the leader: nothing to write */
		return ERR_OK;
	}
	rc = st->org->unit_leader_set(st, unit_id, person_id, date_now_ms(), e);
out:
	return audit_tx_end(&tx, who, "unit.leader_set", unit_id, rc, e);
}

enum err_code org_create(struct store *st, const struct principal *who,
			 const struct org_input *in, struct org *out, struct err *e)
{
	enum err_code rc;
	struct org o;
	struct division d;
	memset(&o, 0, sizeof(o));
	int level = division_level_of(in->division);
	if (level < LEVEL_COUNTY)
		return err_set(e, ERR_INVALID, "division", "党组织的区划应为县、乡镇或村级代码");
	if ((rc = need_division(st, in->division, level, "division", &d, e)))
		return rc;
	char county[7];
	division_county_of(in->division, county);
	if (!policy_can_admin_county(who, county))
		return err_set(e, ERR_FORBIDDEN, NULL, "只能管理本县（市）的党组织");
	if ((rc = kind_fits(in->kind, level, e)))
		return rc;
	snprintf(o.name, sizeof(o.name), "%s", in->name);
	snprintf(o.division_code, sizeof(o.division_code), "%s", in->division);
	snprintf(o.kind, sizeof(o.kind), "%s", in->kind);
	o.created_at_ms = date_now_ms();
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "org", 0, e)))
		return rc;
	rc = st->org->org_insert(st, &o, e);
	if ((rc = audit_tx_end(&tx, who, "org.create", o.id, rc, e)))
		return rc;
	*out = o;
	return ERR_OK;
}

/* The checks of an edit, on the row read inside the write; fills o. */
static enum err_code edit_checked(struct store *st, const struct principal *who,
				  const struct org_patch *p, struct org *o, struct err *e)
{
	enum err_code rc;
	if (!policy_can_edit_org(who, o))
		return err_set(e, ERR_FORBIDDEN, NULL, "只能管理本县（市）的党组织");
	if ((rc = not_dissolved(o, NULL, e)))
		return rc;
	const char *division = p->division ? p->division : o->division_code;
	int level = division_level_of(division);
	struct division d;
	if (level < LEVEL_COUNTY)
		return err_set(e, ERR_INVALID, "division", "党组织的区划应为县、乡镇或村级代码");
	if ((rc = need_division(st, division, level, "division", &d, e)))
		return rc;
	if (strncmp(division, o->division_code, 6) != 0)
		return err_set(e, ERR_INVALID, "division", "党组织只能在本县（市）内调整区划");
	if ((rc = kind_fits(p->kind ? p->kind : o->kind, level, e)))
		return rc;
	if (p->name)
		snprintf(o->name, sizeof(o->name), "%s", p->name);
	if (p->division)
		snprintf(o->division_code, sizeof(o->division_code), "%s", p->division);
	if (p->kind)
		snprintf(o->kind, sizeof(o->kind), "%s", p->kind);
	return ERR_OK;
}

enum err_code org_edit(struct store *st, const struct principal *who, int64_t id,
		       const struct org_patch *p, struct err *e)
{
	enum err_code rc;
	struct org o;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "org", id, e)))
		return rc;
	if (!(rc = st->org->org_get(st, id, &o, e)) &&
	    !(rc = reach_guard_county(st, who, o.division_code, "党组织", e)) &&
	    !(rc = edit_checked(st, who, p, &o, e)))
		rc = st->org->org_update(st, &o, e);
	return audit_tx_end(&tx, who, "org.update", id, rc, e);
}

enum err_code org_delete(struct store *st, const struct principal *who, int64_t id,
			 struct err *e)
{
	enum err_code rc;
	struct org o;
	struct audit_tx tx;
	int used = 0;
	char what[64];
	if ((rc = audit_tx_begin(&tx, st, "org", id, e)))
		return rc;
	if ((rc = st->org->org_get(st, id, &o, e)) ||
	    (rc = reach_guard_county(st, who, o.division_code, "党组织", e)))
		goto out;
	if (!policy_can_edit_org(who, &o)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只能管理本县（市）的党组织");
		goto out;
	}
	if ((rc = st->org->org_in_use(st, id, &used, what, sizeof(what), e)))
		goto out;
	if (used) {
		rc = err_tag(e, ERR_CONFLICT, "org_has_history", NULL,
			     "党组织“%s”已有人员、单位成员、事项或活动等历史记录，不能删除；"
			     "如已不再存在，请改为撤销", o.name);
		goto out;
	}
	rc = st->org->org_delete(st, id, e);
out:
	return audit_tx_end(&tx, who, "org.delete", id, rc, e);
}

enum err_code org_dissolve(struct store *st, const struct principal *who, int64_t id,
			   int32_t on, const char *reason, int32_t today, struct err *e)
{
	enum err_code rc;
	struct org o;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "org", id, e)))
		return rc;
	if ((rc = st->org->org_get(st, id, &o, e)) ||
	    (rc = reach_guard_county(st, who, o.division_code, "党组织", e)))
		goto out;
	if (!policy_can_edit_org(who, &o)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只能管理本县（市）的党组织");
		goto out;
	}
	if (o.dissolved_on) {
		rc = err_tag(e, ERR_CONFLICT, "org_dissolved", NULL, "党组织“%s”已撤销", o.name);
		goto out;
	}
	if (on > today) {
		rc = err_set(e, ERR_INVALID, "on", "撤销日期不能晚于今天");
		goto out;
	}
	if (on < date_from_ymd(2000, 1, 1)) {
		rc = err_set(e, ERR_INVALID, "on", "撤销日期应在 2000-01-01 之后");
		goto out;
	}
	o.dissolved_on = on;
	snprintf(o.dissolved_reason, sizeof(o.dissolved_reason), "%s", reason);
	rc = st->org->org_dissolve(st, &o, e);
out:
	return audit_tx_end(&tx, who, "org.dissolve", id, rc, e);
}

enum err_code org_set_secretary(struct store *st, const struct principal *who, int64_t org_id,
				int64_t person_id, struct err *e)
{
	enum err_code rc;
	struct org o;
	struct person p;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "org", org_id, e)))
		return rc;
	if ((rc = st->org->org_get(st, org_id, &o, e)) ||
	    (rc = reach_guard_county(st, who, o.division_code, "党组织", e)))
		goto out;
	if (!policy_can_edit_org(who, &o)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只能管理本县（市）的党组织");
		goto out;
	}
	if ((rc = not_dissolved(&o, NULL, e)))
		goto out;
	if ((rc = st->org->person_get(st, person_id, &p, e))) {
		if (rc == ERR_NOT_FOUND)
			rc = err_set(e, ERR_INVALID, "person_id", "人员不存在");
		goto out;
	}
	if (p.org_id != org_id) {
		rc = err_set(e, ERR_INVALID, "person_id", "书记须为本党组织的人员");
		goto out;
	}
	if (o.secretary_id == person_id) {
		audit_tx_abort(&tx);   /* already the secretary: nothing to write */
		return ERR_OK;
	}
	rc = st->org->org_secretary_set(st, org_id, person_id, date_now_ms(), e);
out:
	return audit_tx_end(&tx, who, "org.secretary_set", org_id, rc, e);
}

static int phone_valid(const char *s)
{
	if (strlen(s) != 11 || s[0] != '1')
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

enum err_code person_create(struct store *st, const struct principal *who,
			    const struct person_input *in, struct person *out, struct err *e)
{
	enum err_code rc;
	struct org o;
	struct person p;
	memset(&p, 0, sizeof(p));
	if ((rc = st->org->org_get(st, in->org_id, &o, e)) ||
	    (rc = reach_guard_county(st, who, o.division_code, "党组织", e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "org_id", "党组织不存在") : rc;
	if (!policy_can_edit_org(who, &o))
		return err_set(e, ERR_FORBIDDEN, NULL, "只能管理本县（市）的人员");
	if ((rc = not_dissolved(&o, "org_id", e)))
		return rc;
	if (in->phone && *in->phone && !phone_valid(in->phone))
		return err_set(e, ERR_INVALID, "phone", "手机号应为 11 位数字，以 1 开头");
	snprintf(p.name, sizeof(p.name), "%s", in->name);
	p.org_id = o.id;
	snprintf(p.position, sizeof(p.position), "%s", in->position);
	snprintf(p.phone, sizeof(p.phone), "%s", in->phone ? in->phone : "");
	p.is_demo = in->is_demo;
	p.created_at_ms = date_now_ms();
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "person", 0, e)))
		return rc;
	rc = st->org->person_insert(st, &p, e);
	if ((rc = audit_tx_end(&tx, who, "person.create", p.id, rc, e)))
		return rc;
	snprintf(p.org_name, sizeof(p.org_name), "%s", o.name);
	snprintf(p.division_code, sizeof(p.division_code), "%s", o.division_code);
	*out = p;
	return ERR_OK;
}
