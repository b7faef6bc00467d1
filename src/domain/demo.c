/* demo.c - the reference demo alliance (see demo.h). */
#include "domain/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/demo_economy.h"
#include "domain/duty.h"
#include "domain/org.h"
#include "domain/user.h"
#include "store/store_account.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

static demo_extension_fn extension;

void demo_set_extension(demo_extension_fn fn)
{
	extension = fn;
}

const struct demo_account demo_accounts[] = {
	{ "alliance_admin", "alliance_admin", "联建管理员（陆廉化党建联建）" },
	{ "lc_admin", "county_admin", "陆川县委组织部" },
	{ "lj_admin", "county_admin", "廉江市委组织部" },
	{ "hz_admin", "county_admin", "化州市委组织部" },
	{ "wushi_leader", "unit_leader", "乌石—文楼—平定工作站站长（乌石镇党委书记）" },
	{ "pozi_secretary", "member", "坡子村党总支书记（坡子边界联建小组轮值）" },
	{ "viewer", "viewer", "只读（整个联建）" },
	{ NULL, NULL, NULL }
};

/* One party organisation with its demo secretary. */
struct demo_org {
	const char *division;
	const char *name;
	const char *kind;
	const char *secretary;
	const char *position;
	int64_t org_id;
	int64_t person_id;
};

static struct demo_org orgs[] = {
	{ "450922", "中共陆川县委", "other", "韦建国（演示）", "县委副书记", 0, 0 },
	{ "440881", "中共廉江市委", "other", "陈志强（演示）", "市委副书记", 0, 0 },
	{ "440982", "中共化州市委", "other", "梁海涛（演示）", "市委副书记", 0, 0 },
	{ "450922108", "中共陆川县乌石镇委员会", "town_committee", "黄振华（演示）", "镇党委书记", 0, 0 },
	{ "440982117", "中共化州市文楼镇委员会", "town_committee", "李文斌（演示）", "镇党委书记", 0, 0 },
	{ "440982116", "中共化州市平定镇委员会", "town_committee", "杨国平（演示）", "镇党委书记", 0, 0 },
	{ "450922109", "中共陆川县良田镇委员会", "town_committee", "庞永康（演示）", "镇党委书记", 0, 0 },
	{ "450922111", "中共陆川县古城镇委员会", "town_committee", "吕德胜（演示）", "镇党委书记", 0, 0 },
	{ "440881104", "中共廉江市河唇镇委员会", "town_committee", "钟立新（演示）", "镇党委书记", 0, 0 },
	{ "440982104", "中共化州市笪桥镇委员会", "town_committee", "何家明（演示）", "镇党委书记", 0, 0 },
	{ "450922108216", "坡子村党总支部", "village_branch", "王坡生（演示）", "村党总支书记", 0, 0 },
	{ "450922108215", "旺岭村党总支部", "village_branch", "林旺才（演示）", "村党总支书记", 0, 0 },
	{ "440982117213", "那楼村党总支部", "village_branch", "赖那福（演示）", "村党总支书记", 0, 0 },
	{ "440982117216", "双坡村党支部", "village_branch", "骆双喜（演示）", "村党支部书记", 0, 0 },
	{ "450922109210", "石垌村党总支部", "village_branch", "苏石安（演示）", "村党总支书记", 0, 0 },
	{ "450922109201", "三联村党支部", "village_branch", "邓三和（演示）", "村党支部书记", 0, 0 },
	{ "440881104205", "新屋仔村党总支部", "village_branch", "冯新宇（演示）", "村党总支书记", 0, 0 },
	{ "440881104204", "良塘村党支部", "village_branch", "罗良田（演示）", "村党支部书记", 0, 0 },
	{ "450922111201", "古城村党总支部", "village_branch", "谢古城（演示）", "村党总支书记", 0, 0 },
	{ "440982104204", "柑村党总支部", "village_branch", "莫柑林（演示）", "村党总支书记", 0, 0 },
};
#define N_ORGS (sizeof(orgs) / sizeof(orgs[0]))

static struct demo_org *org_at(const char *division)
{
	for (size_t i = 0; i < N_ORGS; i++)
		if (strcmp(orgs[i].division, division) == 0)
			return &orgs[i];
	abort();
}

struct demo_unit {
	const char *tier;
	const char *name;
	int parent;                   /* index into units[], -1: none */
	const char *members[5];       /* divisions of the member organisations, NULL-terminated */
	const char *term;
	const char *leader;           /* division of the leader's organisation */
	int64_t id;
};

static struct demo_unit units[] = {
	{ "county", "“玉湛茂”区域经济协同发展工作专班", -1,
	  { "450922", "440881", "440982", NULL }, "quarter", "450922", 0 },
	{ "town", "乌石—文楼—平定党建联建工作站", 0,
	  { "450922108", "440982117", "440982116", NULL }, "quarter", "450922108", 0 },
	{ "town", "良田—古城—河唇—笪桥党建联建工作站", 0,
	  { "450922109", "440881104", "450922111", "440982104", NULL }, "quarter", "450922109", 0 },
	{ "village", "坡子—那楼边界党建联建小组", 1,
	  { "450922108216", "440982117213", "450922108215", "440982117216", NULL }, "month",
	  "450922108216", 0 },
	{ "village", "石垌—新屋仔边界党建联建小组", 2,
	  { "450922109210", "440881104205", "450922109201", "440881104204", NULL }, "month",
	  "450922109210", 0 },
	{ "village", "古城—柑村边界党建联建小组", 2,
	  { "450922111201", "440982104204", NULL }, "month", "450922111201", 0 },
};
#define N_UNITS (sizeof(units) / sizeof(units[0]))


static enum err_code make_account(struct store *st, const struct principal *cli,
				  const char *username, const char *display, const char *role,
				  const char *scope_type, int64_t scope_id, const char *scope_code,
				  int64_t person_id, const char *password, struct err *e)
{
	struct user_input in;
	memset(&in, 0, sizeof(in));
	in.username = username;
	in.display_name = display;
	in.password = password;
	in.has_grants = 1;
	in.n_grants = 1;
	snprintf(in.grants[0].role, sizeof(in.grants[0].role), "%s", role);
	snprintf(in.grants[0].scope_type, sizeof(in.grants[0].scope_type), "%s", scope_type);
	if (scope_code)
		snprintf(in.grants[0].scope_id, sizeof(in.grants[0].scope_id), "%s", scope_code);
	else
		snprintf(in.grants[0].scope_id, sizeof(in.grants[0].scope_id), "%lld",
			 (long long)scope_id);
	in.has_person = person_id != 0;
	in.person_id = person_id;
	struct user u;
	return user_create(st, cli, &in, &u, e);
}

static enum err_code build(struct store *st, int32_t today, const char *password,
			   int *out_created, struct err *e)
{
	enum err_code rc;
	struct principal cli;
	user_cli_principal(&cli);
	*out_created = 0;

	struct alliance *all = NULL;
	size_t n = 0;
	struct page pg = { .after = NULL, .limit = 500 };
	if ((rc = st->org->alliance_list(st, NULL, pg, &all, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].name, DEMO_ALLIANCE_NAME) == 0) {
			free(all);
			return ERR_OK;
		}
	free(all);

	struct alliance_input ai = {
		.name = DEMO_ALLIANCE_NAME,
		.description = "广西陆川县与广东廉江市、化州市跨省党建联建（演示数据）",
		.counties = { "450922", "440881", "440982" },
		.n_counties = 3,
	};
	struct alliance a;
	if ((rc = alliance_create(st, &cli, &ai, &a, e)))
		return rc;

	for (size_t i = 0; i < N_ORGS; i++) {
		struct org_input oi = { orgs[i].name, orgs[i].division, orgs[i].kind };
		struct org o;
		struct person p;
		if ((rc = org_create(st, &cli, &oi, &o, e)))
			return rc;
		struct person_input pi = { .name = orgs[i].secretary, .org_id = o.id,
					   .position = orgs[i].position, .phone = "",
					   .is_demo = 1 };
		if ((rc = person_create(st, &cli, &pi, &p, e)) ||
		    (rc = org_set_secretary(st, &cli, o.id, p.id, e)))
			return rc;
		orgs[i].org_id = o.id;
		orgs[i].person_id = p.id;
	}

	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int32_t start = date_add_months(date_from_ymd(y, m, 1), -11);
	for (size_t i = 0; i < N_UNITS; i++) {
		struct demo_unit *du = &units[i];
		struct unit_input ui = { .alliance_id = a.id, .tier = du->tier, .name = du->name,
					 .parent_id = du->parent >= 0 ? units[du->parent].id : 0 };
		if (strcmp(du->tier, "county") != 0)
			for (size_t k = 0; du->members[k]; k++)
				ui.divisions[ui.n_divisions++] = du->members[k];
		struct unit u;
		if ((rc = unit_create(st, &cli, &ui, &u, e)))
			return rc;
		du->id = u.id;
		struct roster_input ri = { .term = du->term, .starts_on = start };
		for (size_t k = 0; du->members[k]; k++) {
			struct demo_org *o = org_at(du->members[k]);
			if ((rc = unit_add_member(st, &cli, u.id, o->org_id, e)))
				return rc;
			ri.person_ids[ri.n++] = o->person_id;
		}
		if ((rc = unit_set_leader(st, &cli, u.id, org_at(du->leader)->person_id, e)) ||
		    (rc = duty_set_roster(st, &cli, u.id, &ri, today, NULL, e)))
			return rc;
	}

	/* One recorded swap: next month in the 坡子 group, the planned secretary
	 * is away and exchanges with the next one due. */
	struct duty_term next;
	int32_t next_month = date_add_months(date_from_ymd(y, m, 1), 1);
	if ((rc = duty_on(st, units[3].id, next_month, &next, e)))
		return rc;
	int64_t sub = 0;
	for (size_t k = 0; units[3].members[k]; k++) {
		int64_t p = org_at(units[3].members[k])->person_id;
		if (p != next.person_id && !sub)
			sub = p;
	}
	struct duty_term swapped;
	if ((rc = duty_swap(st, &cli, units[3].id, next_month, sub,
			    "原轮值书记外出参加培训，与下一任期人员调换（演示）", today, &swapped, e)))
		return rc;

	/* Accounts, one per role. */
	if ((rc = make_account(st, &cli, "alliance_admin", "联建管理员（演示）", "alliance_admin",
			       "alliance", a.id, NULL, 0, password, e)) ||
	    (rc = make_account(st, &cli, "lc_admin", "陆川县委组织部（演示）", "county_admin",
			       "county", 0, "450922", 0, password, e)) ||
	    (rc = make_account(st, &cli, "lj_admin", "廉江市委组织部（演示）", "county_admin",
			       "county", 0, "440881", 0, password, e)) ||
	    (rc = make_account(st, &cli, "hz_admin", "化州市委组织部（演示）", "county_admin",
			       "county", 0, "440982", 0, password, e)) ||
	    (rc = make_account(st, &cli, "wushi_leader", "黄振华（演示）", "unit_leader", "unit",
			       units[1].id, NULL, org_at("450922108")->person_id, password, e)) ||
	    (rc = make_account(st, &cli, "pozi_secretary", "王坡生（演示）", "member", "org",
			       org_at("450922108216")->org_id, NULL,
			       org_at("450922108216")->person_id, password, e)) ||
	    (rc = make_account(st, &cli, "viewer", "只读账号（演示）", "viewer", "alliance", a.id,
			       NULL, 0, password, e)))
		return rc;
	if (extension && (rc = extension(st, a.id, today, e)))
		return rc;
	if ((rc = demo_economy_build(st, a.id, today, e)))
		return rc;
	*out_created = 1;
	return ERR_OK;
}

/* One transaction around the whole demo (the domain operations nest inside
 * it as savepoints): a failure half-way leaves nothing behind, so the next
 * run starts again from scratch. */
enum err_code demo_build(struct store *st, int32_t today, const char *password,
			 int *out_created, struct err *e)
{
	enum err_code rc = st->ops->begin_write(st, e);
	if (rc)
		return rc;
	rc = build(st, today, password, out_created, e);
	if (rc) {
		st->ops->rollback(st);
		*out_created = 0;
		return rc;
	}
	return st->ops->commit(st, e);
}
