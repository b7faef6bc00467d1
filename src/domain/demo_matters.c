/*
 * demo_matters.c - the matters and meetings of the reference demo (see
 * demo.h): the 乌石—坡子 road resolved at a joint meeting convened by the
 * 坡子村 secretary during his duty term, with its figures (500万 yuan
 * raised, an 11-member vanguard team, a 10 km road), and the other results
 * the 2024 report lists, back-dated over the past year so that the
 * statistics and the dashboard have a history.
 */
#include "domain/demo_matters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/date.h"
#include "domain/duty.h"
#include "domain/matter.h"
#include "domain/meeting.h"
#include "domain/org.h"
#include "store/store_account.h"
#include "store/store_matter.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

struct demo_matter {
	const char *unit_prefix;     /* the unit's name starts with this */
	const char *org_division;    /* the raising organisation's division */
	const char *title;
	const char *description;
	const char *category;
	const char *type;
	const char *divisions[3];
	int raised_days_ago;
	int resolved_days_ago;       /* 0: not resolved */
	const char *end_status;      /* for unresolved ones */
	int due_days;                /* due relative to today; 0: none */
	int64_t funds_fen, people, length_m, jobs;
	const char *resolution;
};

static const struct demo_matter matters[] = {
	{ "石垌", "450922109210", "引进企业投资石垌村生猪产业",
	  "依托生猪产业党建共建联合体，引进企业家到良田镇石垌村投资建设现代化养殖基地。",
	  "economy", "industry", { "450922109210", "440881104205", NULL }, 330, 240, NULL, 0,
	  20000000000LL, -1, -1, 200,
	  "企业投资 2 亿余元建成养殖基地，带动就业 200 余人，人均年增收 3000 余元。" },
	{ "古城", "440982104204", "橘红深加工产业链对接",
	  "化州橘红与陆川加工企业对接，共建深加工产业链。", "economy", "industry",
	  { "440982104204", "450922111201", NULL }, 300, 200, NULL, 0, -1, -1, -1, 35,
	  "签订两省加工合作协议，建成橘红深加工车间一处。" },
	{ "坡子", "440982117213", "跨省联合党课进边界课堂",
	  "两省党校教师下挂蹲点，在边界示范村开设联合党课。", "education", "other",
	  { "450922108216", "440982117213", NULL }, 280, 250, NULL, 0, -1, 200, -1, -1,
	  "开设边界课堂 3 期，联合研学 200 余人次。" },
	{ "良田", "450922109", "政金企对接融资平台",
	  "搭建政府—金融机构—企业对接平台，解决边界企业融资难题。", "economy", "industry",
	  { "450922109", "440881104", NULL }, 260, 150, NULL, 0, 17000000000LL, -1, -1, -1,
	  "促成 19 家企业获得融资 1.7 亿元。" },
	{ "石垌", "440881104205", "边界山林权属纠纷调处",
	  "石垌村与新屋仔村交界山林权属长期不清，影响群众生产。", "org", "border_dispute",
	  { "450922109210", "440881104205", NULL }, 240, 120, NULL, 0, -1, -1, -1, -1,
	  "两村党组织联合调处，划定界线并签订协议。" },
	{ "古城", "450922111201", "跨界河道联合清淤",
	  "古城村与柑村交界河道淤塞，汛期内涝。", "revival", "water",
	  { "450922111201", "440982104204", NULL }, 200, 90, NULL, 0, 80000000LL, 60, 3000, -1,
	  "两村共同出资出工清淤 3 公里。" },
	{ "乌石", "440982117", "乌石—文楼跨省农产品展销会",
	  "两镇联合举办展销会，打通农产品销路。", "economy", "industry",
	  { "450922108", "440982117", NULL }, 150, 60, NULL, 0, 5200000LL, -1, -1, -1,
	  "半天销售额 5.2 万元。" },
	{ "坡子", "440982117216", "边界治安联防巡逻",
	  "边界村联合组建巡逻队，整治跨界治安问题。", "org", "security",
	  { "450922108216", "440982117216", NULL }, 100, 0, "in_progress", -10, -1, 24, -1, -1, NULL },
	{ "乌石", "450922108", "跨省人才双向挂职",
	  "两省镇村干部双向挂职交流，需县级专班协调编制与待遇。", "talent", "other",
	  { "450922108", "440982116", NULL }, 60, 0, "escalated", 0, -1, 6, -1, -1, NULL },
	{ "良田", "440881104", "红色研学路线共建",
	  "共建跨省红色研学路线，串联三地红色教育基地。", "education", "other",
	  { "450922109", "440881104", "440982104" }, 20, 0, "studying", 90, -1, -1, -1, -1, NULL },
};

static int64_t unit_by_prefix(struct store *st, int64_t alliance_id, const char *prefix)
{
	struct unit *u = NULL;
	size_t n = 0;
	struct err e;
	struct page pg = { .after = NULL, .limit = 500 };
	int64_t id = 0;
	if (st->org->unit_list(st, alliance_id, NULL, NULL, pg, &u, &n, &e))
		return 0;
	for (size_t i = 0; i < n && !id; i++)
		if (strncmp(u[i].name, prefix, strlen(prefix)) == 0)
			id = u[i].id;
	free(u);
	return id;
}

static int64_t org_by_division(struct store *st, const char *division)
{
	struct org *o = NULL;
	size_t n = 0;
	struct err e;
	struct org_filter f = { .division_prefix = division };
	struct page pg = { .after = NULL, .limit = 10 };
	int64_t id = 0;
	if (st->org->org_list(st, &f, pg, &o, &n, &e))
		return 0;
	for (size_t i = 0; i < n && !id; i++)
		if (strcmp(o[i].division_code, division) == 0)
			id = o[i].id;
	free(o);
	return id;
}

/* Acts of day (at 10:00 in Asia/Shanghai): the demo's history carries the
 * dates it stands for, not the time the demo ran. */
static void on_day(struct principal *who, int32_t day)
{
	who->acted_at_ms = ((int64_t)day * 86400 - 8 * 3600LL + 10 * 3600LL) * 1000;
}

/* The demo person who acts: person_id, through the demo account linked to
 * that person when there is one. */
static enum err_code as_person(struct store *st, int64_t person_id, struct principal *out,
			       struct err *e)
{
	static const char *const accounts[] = { "wushi_leader", "pozi_secretary", NULL };
	struct person p;
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->org->person_get(st, person_id, &p, e)))
		return rc;
	out->person_id = p.id;
	snprintf(out->username, sizeof(out->username), "%s", p.name);
	snprintf(out->display_name, sizeof(out->display_name), "%s", p.name);
	for (size_t i = 0; accounts[i]; i++) {
		struct user u;
		if (st->account->get_by_name(st, accounts[i], &u, e) == ERR_OK &&
		    u.person_id == person_id) {
			out->user_id = u.id;
			snprintf(out->username, sizeof(out->username), "%s", u.username);
			snprintf(out->display_name, sizeof(out->display_name), "%s", u.display_name);
			/* Its grants too: what it reads (and so may write) follows them. */
			return session_load_grants(st, out, e);
		}
	}
	/* A person without an account: the command line records the history
	 * on that person's behalf, so it carries the command line's rights
	 * (a deployment admin) while the timeline and audit name the person. */
	out->n_grants = 1;
	snprintf(out->grants[0].role, sizeof(out->grants[0].role), "admin");
	snprintf(out->grants[0].scope_type, sizeof(out->grants[0].scope_type), "deployment");
	return ERR_OK;
}

static enum err_code raise(struct store *st, const struct principal *who, int64_t alliance_id,
			   const struct demo_matter *d, int32_t today, struct matter *out,
			   struct err *e)
{
	struct matter_input in;
	memset(&in, 0, sizeof(in));
	in.unit_id = unit_by_prefix(st, alliance_id, d->unit_prefix);
	in.raised_by_org_id = org_by_division(st, d->org_division);
	in.title = d->title;
	in.description = d->description;
	in.category = d->category;
	in.type = d->type;
	in.priority = "high";
	for (size_t k = 0; k < 3 && d->divisions[k]; k++)
		in.divisions[in.n_divisions++] = d->divisions[k];
	int32_t raised = today - d->raised_days_ago;
	if (d->due_days)
		in.due_on = today + d->due_days;   /* before today: overdue */
	in.funds_fen = d->funds_fen;
	in.people_count = d->people;
	in.length_m = d->length_m;
	in.jobs = d->jobs;
	return matter_raise(st, who, &in, raised, out, e);
}

/* The road: raised by 坡子村, studied and pushed, resolved by a decision of
 * the joint meeting that 坡子村's secretary convened during his duty term. */
static enum err_code road(struct store *st, int64_t alliance_id, int32_t today, struct err *e)
{
	enum err_code rc;
	int64_t unit_id = unit_by_prefix(st, alliance_id, "坡子");
	int64_t pozi_org = org_by_division(st, "450922108216");
	struct org o;
	if ((rc = st->org->org_get(st, pozi_org, &o, e)))
		return rc;
	/* His last whole term that ended at least two weeks ago. */
	struct duty_term *t = NULL;
	size_t n = 0;
	if ((rc = st->rotation->terms_list(st, unit_id, 0, &t, &n, e)))
		return rc;
	int32_t term_start = 0, term_end = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].person_id == o.secretary_id && t[i].ends_on < today - 14) {
			term_start = t[i].starts_on;
			term_end = t[i].ends_on;
		}
	free(t);
	if (!term_start)
		return err_set(e, ERR_INTERNAL, NULL, "演示数据：找不到坡子村书记的轮值任期");

	struct principal who;
	if ((rc = as_person(st, o.secretary_id, &who, e)))
		return rc;

	struct matter_input in;
	memset(&in, 0, sizeof(in));
	in.unit_id = unit_id;
	in.raised_by_org_id = pozi_org;
	in.title = "打通“乌石—坡子”断头路";
	in.description = "乌石镇至坡子村约 10 公里道路长期未打通，群众出行和农产品外运困难，"
			 "需两省边界村共同研判推进。";
	in.category = "revival";
	in.type = "traffic";
	in.priority = "high";
	in.divisions[0] = "450922108";
	in.divisions[1] = "450922108216";
	in.divisions[2] = "440982117213";
	in.n_divisions = 3;
	in.due_on = term_end + 60;
	in.funds_fen = in.people_count = in.length_m = in.jobs = -1;
	struct matter m;
	int32_t raised = term_start - 45;
	on_day(&who, raised);
	if ((rc = matter_raise(st, &who, &in, raised, &m, e)))
		return rc;
	on_day(&who, raised + 5);
	if ((rc = matter_transition(st, &who, m.id, "studying", "列入联建小组重点研判事项", NULL,
				    raised + 5, e)))
		return rc;
	on_day(&who, raised + 20);
	if ((rc = matter_transition(st, &who, m.id, "in_progress",
				    "与镇党委联动，发动社会力量筹资", NULL, raised + 20, e)))
		return rc;
	struct matter_patch p = { .has_figures = 1, .funds_fen = 500000000LL, .people_count = 11,
				  .length_m = 10000, .jobs = -1,
				  .note = "筹集社会资金 500 万余元，组建 11 人党员先锋队" };
	on_day(&who, term_start + 2);
	if ((rc = matter_patch(st, &who, m.id, &p, term_start + 2, e)))
		return rc;
	struct meeting_input mi;
	memset(&mi, 0, sizeof(mi));
	mi.unit_id = unit_id;
	mi.title = "“乌石—坡子”道路推进联席会议";
	mi.held_on = term_start + 10;
	mi.place_division = "450922108216";
	mi.agenda[0] = m.id;
	mi.n_agenda = 1;
	struct org *members = NULL;
	size_t nm = 0;
	if ((rc = st->org->unit_members(st, unit_id, &members, &nm, e)))
		return rc;
	int64_t attendees[8];
	size_t na = 0;
	for (size_t i = 0; i < nm && i < 8; i++) {
		mi.invites[mi.n_invites++] = members[i].id;
		if (members[i].secretary_id)
			attendees[na++] = members[i].secretary_id;
	}
	free(members);
	struct meeting mt;
	on_day(&who, mi.held_on);
	if ((rc = meeting_convene(st, &who, &mi, mi.held_on, &mt, e)) ||
	    (rc = meeting_attendance(st, &who, mt.id, attendees, na, mi.held_on, e)) ||
	    (rc = meeting_minutes(st, &who, mt.id,
				  "轮值书记王坡生（演示）主持。会议听取道路建设进展汇报，"
				  "确认“乌石—坡子”道路全线贯通，决定办结该事项。",
				  0, mi.held_on, e)))
		return rc;
	struct decision_input di = { .matter_id = m.id, .action = "resolve",
				     .note = "道路全线贯通，办结",
				     .resolution = "筹集社会资金 500 万余元，组建 11 人党员先锋队，"
						   "约 10 公里“乌石—坡子”道路全线打通。" };
	struct decision d;
	return meeting_decide(st, &who, mt.id, &di, mi.held_on, &d, e);
}

static enum err_code extend(struct store *st, int64_t alliance_id, int32_t today, struct err *e)
{
	enum err_code rc;
	if ((rc = road(st, alliance_id, today, e)))
		return rc;
	for (size_t i = 0; i < sizeof(matters) / sizeof(matters[0]); i++) {
		const struct demo_matter *d = &matters[i];
		struct matter m;
		struct principal who;
		int32_t raised = today - d->raised_days_ago;
		/* the unit's leader raises and moves it */
		int64_t leader = unit_leader_id(st, unit_by_prefix(st, alliance_id, d->unit_prefix));
		if ((rc = as_person(st, leader, &who, e)))
			return rc;
		on_day(&who, raised);
		if ((rc = raise(st, &who, alliance_id, d, today, &m, e)))
			return rc;
		on_day(&who, raised + 3);
		if ((rc = matter_transition(st, &who, m.id, "studying", "研判", NULL, raised + 3, e)))
			return rc;
		if (d->end_status && strcmp(d->end_status, "studying") == 0)
			continue;
		on_day(&who, raised + 10);
		if (d->end_status && strcmp(d->end_status, "escalated") == 0) {
			if ((rc = matter_transition(st, &who, m.id, "escalated",
						    "涉及编制与待遇，需县级专班统筹", NULL,
						    raised + 10, e)))
				return rc;
			continue;
		}
		if ((rc = matter_transition(st, &who, m.id, "in_progress", "推进", NULL, raised + 10, e)))
			return rc;
		on_day(&who, today - d->resolved_days_ago);
		if (d->resolved_days_ago &&
		    (rc = matter_transition(st, &who, m.id, "resolved", "办结", d->resolution,
					    today - d->resolved_days_ago, e)))
			return rc;
	}
	return ERR_OK;
}

void demo_matters_init(void)
{
	demo_set_extension(extend);
}
