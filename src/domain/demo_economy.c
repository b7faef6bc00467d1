/*
 * demo_economy.c - the economic record of the reference demo (see
 * demo_economy.h), dated in the current year before today: the 乌石—坡子
 * road project (completed, 500万元 raised from several sources, an
 * 11-member vanguard team, linked to the resolved road matter), the 陆橘红
 * deep-processing project at 石垌村, the 生猪产业党建共建联合体 chain, 19
 * invented enterprises (valid-format codes made with domain/uscc.h)
 * financed 1.7亿元 in all plus some applications applied or declined, six
 * tourism routes with months of referrals, and the 乌石—文楼 fair that sold
 * 5.2万元 in half a day.
 */
#include "domain/demo_economy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/economy.h"
#include "domain/education.h"
#include "domain/user.h"
#include "domain/uscc.h"
#include "store/store_matter.h"
#include "store/store_org.h"

#define N_ENTERPRISES 19

struct demo_enterprise {
	const char *name;
	const char *division;
	const char *industry;
	int64_t granted_wan;         /* 万元 granted (the first one in two loans) */
	const char *lender;
};

static const struct demo_enterprise enterprises[N_ENTERPRISES] = {
	{ "陆川县石垌橘红深加工有限公司（演示）", "450922109210", "processing", 2200, "陆川县农村商业银行" },
	{ "陆川县良田生猪养殖有限公司（演示）", "450922109", "agriculture", 1200, "中国农业银行陆川县支行" },
	{ "化州市平定化橘红种植专业合作社（演示）", "440982116", "agriculture", 1000, "化州农村商业银行" },
	{ "廉江市河唇湛江鸡养殖有限公司（演示）", "440881104", "agriculture", 1000, "廉江农村商业银行" },
	{ "陆川县乌石农产品电商有限公司（演示）", "450922108", "commerce", 900, "陆川县农村商业银行" },
	{ "化州市文楼橘红饮片加工厂（演示）", "440982117", "processing", 900, "化州农村商业银行" },
	{ "陆川县坡子村集体经济合作社（演示）", "450922108216", "agriculture", 800, "陆川县农村商业银行" },
	{ "化州市那楼村土特产专业合作社（演示）", "440982117213", "agriculture", 800, "中国邮政储蓄银行化州市支行" },
	{ "陆川县古城冷链物流有限公司（演示）", "450922111", "logistics", 800, "中国邮政储蓄银行陆川县支行" },
	{ "廉江市新屋仔红橙种植合作社（演示）", "440881104205", "agriculture", 800, "廉江农村商业银行" },
	{ "化州市笪桥饲料有限公司（演示）", "440982104", "manufacturing", 800, "化州农村商业银行" },
	{ "陆川县旺岭生态旅游开发有限公司（演示）", "450922108215", "tourism", 800, "中国农业银行陆川县支行" },
	{ "化州市柑村农机服务专业合作社（演示）", "440982104204", "services", 800, "中国邮政储蓄银行化州市支行" },
	{ "陆川县乌石铁锅制造有限公司（演示）", "450922108", "manufacturing", 700, "陆川县农村商业银行" },
	{ "化州市双坡山地鸡养殖场（演示）", "440982117216", "agriculture", 700, "化州农村商业银行" },
	{ "廉江市河唇农产品物流有限公司（演示）", "440881104", "logistics", 700, "廉江农村商业银行" },
	{ "陆川县良田边界民宿有限公司（演示）", "450922109", "tourism", 700, "中国邮政储蓄银行陆川县支行" },
	{ "化州市平定建材有限公司（演示）", "440982116", "manufacturing", 700, "化州农村商业银行" },
	{ "陆川县石垌猪肉制品加工有限公司（演示）", "450922109210", "processing", 700, "中国农业银行陆川县支行" },
};

/* The day pct percent of the way from 1 January of today's year to the day
 * before today (today itself on 1 January). */
static int32_t day_at(int32_t today, int pct)
{
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int32_t jan1 = date_from_ymd(y, 1, 1);
	int32_t span = today - 1 - jan1;
	if (span <= 0)
		return jan1 < today ? jan1 : today;
	return jan1 + (int32_t)((int64_t)span * pct / 100);
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

/* The demo's road matter (demo_matters.c), 0 when the demo has none. */
static int64_t road_matter(struct store *st, int64_t alliance_id)
{
	struct matter *m = NULL;
	size_t n = 0;
	struct err e;
	struct matter_filter f = { .alliance_id = alliance_id, .q = "乌石—坡子" };
	struct page pg = { .after = NULL, .limit = 20 };
	int64_t id = 0;
	if (st->matter->list(st, &f, pg, &m, &n, &e))
		return 0;
	for (size_t i = 0; i < n && !id; i++)
		if (strstr(m[i].title, "乌石—坡子"))
			id = m[i].id;
	free(m);
	return id;
}

static enum err_code make_enterprises(struct store *st, const struct principal *cli,
				      int64_t alliance_id, int64_t *ids, struct err *e)
{
	for (int i = 0; i < N_ENTERPRISES; i++) {
		const struct demo_enterprise *d = &enterprises[i];
		char prefix[17], code[USCC_SIZE];
		/* 9: 工商, 1/2: company / cooperative; organisation code "MA" + 6 */
		snprintf(prefix, sizeof(prefix), "9%c%.6sMA%06d",
			 strstr(d->name, "合作社") ? '3' : '1', d->division, 510000 + i * 37);
		enum err_code rc = uscc_make(prefix, code, e);
		if (rc)
			return rc;
		struct enterprise_input in = { .alliance_id = alliance_id, .name = d->name,
					       .uscc = code, .division = d->division,
					       .industry = d->industry };
		struct enterprise x;
		if ((rc = enterprise_create(st, cli, &in, &x, e)))
			return rc;
		ids[i] = x.id;
	}
	return ERR_OK;
}

/* 1.7亿元 granted in all: one row per enterprise, the first one's split in
 * two loans; then three applications pending and two declined. */
static enum err_code make_financing(struct store *st, const struct principal *cli,
				    int64_t alliance_id, const int64_t *ids, int32_t today,
				    struct err *e)
{
	enum err_code rc;
	struct financing f;
	for (int i = 0; i < N_ENTERPRISES; i++) {
		const struct demo_enterprise *d = &enterprises[i];
		int64_t wan = i == 0 ? 1200 : d->granted_wan;
		struct financing_input in = { .alliance_id = alliance_id, .enterprise_id = ids[i],
					      .lender = d->lender, .amount_fen = wan * 1000000,
					      .on = day_at(today, 5 + i * 4), .status = "granted" };
		if ((rc = financing_create(st, cli, &in, today, &f, e)))
			return rc;
	}
	struct financing_input second = { .alliance_id = alliance_id, .enterprise_id = ids[0],
					  .lender = "中国农业银行陆川县支行",
					  .amount_fen = 1000LL * 1000000, .on = day_at(today, 85),
					  .status = "granted" };
	if ((rc = financing_create(st, cli, &second, today, &f, e)))
		return rc;
	static const struct { int ent; int64_t wan; const char *status; const char *lender; } more[] = {
		{ 3, 500, "applied", "廉江农村商业银行" },
		{ 7, 300, "applied", "化州农村商业银行" },
		{ 11, 600, "applied", "陆川县农村商业银行" },
		{ 14, 400, "declined", "化州农村商业银行" },
		{ 16, 200, "declined", "中国邮政储蓄银行陆川县支行" },
	};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		struct financing_input in = { .alliance_id = alliance_id,
					      .enterprise_id = ids[more[i].ent],
					      .lender = more[i].lender,
					      .amount_fen = more[i].wan * 1000000,
					      .on = day_at(today, 88 + (int)i * 2),
					      .status = more[i].status };
		if ((rc = financing_create(st, cli, &in, today, &f, e)))
			return rc;
	}
	return ERR_OK;
}

static enum err_code move(struct store *st, const struct principal *cli, int64_t id,
			  const char *to, int32_t on, const char *note, int32_t today,
			  struct err *e)
{
	struct stage_input s = { .to = to, .on = on, .note = note };
	return project_change_stage(st, cli, id, &s, today, e);
}

static enum err_code make_road(struct store *st, const struct principal *cli,
			       int64_t alliance_id, const int64_t *ids, int32_t today,
			       struct err *e)
{
	enum err_code rc;
	struct project_input *in = malloc(sizeof(*in));
	if (!in)
		abort();
	project_input_init(in);
	in->alliance_id = alliance_id;
	in->kind = "infrastructure";
	in->name = "乌石—坡子边界道路";
	in->line = "revival";
	in->divisions[0] = "450922108";
	in->divisions[1] = "450922108216";
	in->divisions[2] = "440982116";
	in->n_divisions = 3;
	in->stage = "planned";
	in->stage_on = day_at(today, 2);
	in->investment_fen = 500000000;
	in->length_m = 10000;
	in->jobs = 60;
	in->enterprise_ids[0] = ids[6];
	in->n_enterprise_ids = 1;
	in->matter_id = road_matter(st, alliance_id);
	int64_t id = 0;
	rc = project_create(st, cli, in, today, &id, e);
	free(in);
	if (rc ||
	    (rc = move(st, cli, id, "signed", day_at(today, 8), "两地镇党委签订共建协议", today, e)) ||
	    (rc = move(st, cli, id, "building", day_at(today, 15), "党员先锋队进场施工", today, e)) ||
	    (rc = move(st, cli, id, "completed", day_at(today, 70), "全线贯通并通过验收", today, e)))
		return rc;
	static const struct { const char *source; const char *county; int64_t wan; int pct; } funds[] = {
		{ "government", "450922", 200, 10 },
		{ "government", "440982", 100, 12 },
		{ "social", "450922", 80, 20 },
		{ "enterprise", "450922", 70, 30 },
		{ "donation", "440982", 30, 35 },
		{ "donation", "450922", 20, 40 },
	};
	for (size_t i = 0; i < sizeof(funds) / sizeof(funds[0]); i++) {
		struct fund_input f = { .source = funds[i].source, .county_code = funds[i].county,
					.amount_fen = funds[i].wan * 1000000,
					.on = day_at(today, funds[i].pct), .note = "（演示）" };
		if ((rc = project_add_fund(st, cli, id, &f, today, e)))
			return rc;
	}
	/* The team: eleven demo people of 陆川 and 化州. */
	struct person *p = NULL;
	size_t n = 0;
	struct person_filter pf = { .county_in = ",450922,440982," };
	struct page pg = { .after = NULL, .limit = 11 };
	if ((rc = st->org->person_list(st, &pf, pg, &p, &n, e)))
		return rc;
	struct team_input *t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	t->name = "乌石—坡子道路党员先锋队";
	for (size_t i = 0; i < n; i++)
		t->person_ids[t->n_person_ids++] = p[i].id;
	free(p);
	rc = project_set_team(st, cli, id, t, day_at(today, 15), e);
	free(t);
	return rc;
}

static enum err_code make_projects(struct store *st, const struct principal *cli,
				   int64_t alliance_id, const int64_t *ids, int32_t today,
				   struct err *e)
{
	enum err_code rc = make_road(st, cli, alliance_id, ids, today, e);
	if (rc)
		return rc;
	struct project_input *in = malloc(sizeof(*in));
	if (!in)
		abort();
	project_input_init(in);
	in->alliance_id = alliance_id;
	in->kind = "industry";
	in->name = "“陆橘红”深加工项目";
	in->divisions[0] = "450922109210";
	in->divisions[1] = "440982116";
	in->n_divisions = 2;
	in->stage = "signed";
	in->stage_on = day_at(today, 3);
	in->investment_fen = 21000000000LL;
	in->jobs = 230;
	in->income_per_head_fen = 320000;
	in->enterprise_ids[0] = ids[0];
	in->enterprise_ids[1] = ids[2];
	in->enterprise_ids[2] = ids[5];
	in->n_enterprise_ids = 3;
	int64_t id = 0;
	if ((rc = project_create(st, cli, in, today, &id, e)) ||
	    (rc = move(st, cli, id, "building", day_at(today, 20), NULL, today, e)) ||
	    (rc = move(st, cli, id, "operating", day_at(today, 65), "一期生产线投产", today, e)))
		goto out;
	struct fund_input f = { .source = "enterprise", .county_code = "450922",
				.amount_fen = 15000000000LL, .on = day_at(today, 22) };
	struct fund_input g = { .source = "bank", .county_code = "450922",
				.amount_fen = 4000000000LL, .on = day_at(today, 30) };
	struct fund_input h = { .source = "government", .county_code = "440982",
				.amount_fen = 2000000000LL, .on = day_at(today, 35) };
	if ((rc = project_add_fund(st, cli, id, &f, today, e)) ||
	    (rc = project_add_fund(st, cli, id, &g, today, e)) ||
	    (rc = project_add_fund(st, cli, id, &h, today, e)))
		goto out;

	project_input_init(in);
	in->alliance_id = alliance_id;
	in->kind = "chain";
	in->name = "生猪产业党建共建联合体（陆川猪·化州橘红·湛江鸡示范带）";
	in->divisions[0] = "450922109";
	in->divisions[1] = "440881104";
	in->divisions[2] = "440982104";
	in->n_divisions = 3;
	in->stage = "signed";
	in->stage_on = day_at(today, 6);
	in->investment_fen = 8000000000LL;
	in->jobs = 420;
	in->income_per_head_fen = 260000;
	in->enterprise_ids[0] = ids[1];
	in->enterprise_ids[1] = ids[3];
	in->enterprise_ids[2] = ids[10];
	in->enterprise_ids[3] = ids[18];
	in->n_enterprise_ids = 4;
	if ((rc = project_create(st, cli, in, today, &id, e)) ||
	    (rc = move(st, cli, id, "building", day_at(today, 40), "三地联合体成立并启动示范带建设",
		       today, e)))
		goto out;
	struct fund_input c = { .source = "enterprise", .county_code = "450922",
				.amount_fen = 3000000000LL, .on = day_at(today, 45) };
	struct fund_input d = { .source = "social", .county_code = "440881",
				.amount_fen = 1200000000LL, .on = day_at(today, 55) };
	if ((rc = project_add_fund(st, cli, id, &c, today, e)))
		goto out;
	rc = project_add_fund(st, cli, id, &d, today, e);
out:
	free(in);
	return rc;
}

/* Six tourism routes over scenic sites of the three counties, with visitor
 * referrals for the months of this year before the current one (at most
 * six). */
static enum err_code make_routes(struct store *st, const struct principal *cli,
				 int64_t alliance_id, int32_t today, struct err *e)
{
	static const struct { const char *name; const char *division; } sites[] = {
		{ "乌石镇边界风光带（演示）", "450922108" },
		{ "坡子村古榕广场（演示）", "450922108216" },
		{ "石垌村橘红花海（演示）", "450922109210" },
		{ "古城镇客家围屋（演示）", "450922111" },
		{ "文楼镇荔枝古树群（演示）", "440982117" },
		{ "平定镇化橘红种植园（演示）", "440982116" },
		{ "河唇镇红橙观光园（演示）", "440881104" },
		{ "笪桥镇田园综合体（演示）", "440982104" },
	};
	static const struct { const char *name; int stops[3]; } routes[] = {
		{ "乌石—文楼边界风光游", { 0, 4, -1 } },
		{ "橘红飘香乡村游", { 2, 5, 7 } },
		{ "坡子—那楼红色乡村游", { 1, 4, -1 } },
		{ "客家围屋与红橙观光游", { 3, 6, -1 } },
		{ "三地田园研学游", { 7, 2, 6 } },
		{ "边界美食乡村游", { 0, 5, 6 } },
	};
	static const char *pairs[][2] = {
		{ "450922", "440982" }, { "440982", "450922" }, { "450922", "440881" },
		{ "440881", "450922" }, { "440982", "440881" },
	};
	int64_t site_ids[8];
	enum err_code rc;
	for (size_t i = 0; i < 8; i++) {
		struct site_input si = { .alliance_id = alliance_id, .kind = "scenic",
					 .name = sites[i].name, .division = sites[i].division };
		struct site s;
		if ((rc = site_create(st, cli, &si, &s, e)))
			return rc;
		site_ids[i] = s.id;
	}
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	for (size_t i = 0; i < 6; i++) {
		struct route_input ri = { .alliance_id = alliance_id, .kind = "tourism",
					  .name = routes[i].name };
		for (size_t k = 0; k < 3 && routes[i].stops[k] >= 0; k++)
			ri.stops[ri.n_stops++] = site_ids[routes[i].stops[k]];
		struct route_rec r;
		if ((rc = route_create(st, cli, &ri, today, &r, e)))
			return rc;
		for (int mm = m - 1 < 6 ? 1 : m - 6; mm < m; mm++) {
			char month[16];
			snprintf(month, sizeof(month), "%04d-%02d", y % 10000, mm % 100);
			for (size_t k = 0; k < 2; k++) {
				const char *const *p = pairs[(i + k * 2 + (size_t)mm) % 5];
				struct referral_input in = { .month = month, .from_county = p[0],
							     .to_county = p[1],
							     .visitors = 300 + (int64_t)((i * 137 + (size_t)mm * 61 + k * 29) % 900) };
				if ((rc = referral_record(st, cli, r.id, &in, today, e)))
					return rc;
			}
		}
	}
	return ERR_OK;
}

/* The 乌石—文楼 fair: 5.2万元 in half a day (4 hours). */
static enum err_code make_fair(struct store *st, const struct principal *cli,
			       int64_t alliance_id, const int64_t *ids, int32_t today,
			       struct err *e)
{
	int64_t wushi = org_by_division(st, "450922108"), wenlou = org_by_division(st, "440982117");
	if (!wushi || !wenlou)
		return ERR_OK;
	struct activity_input ai = { .alliance_id = alliance_id, .kind = "fair",
				     .title = "乌石—文楼特色产品展销会",
				     .starts_on = day_at(today, 75), .place_division = "450922108",
				     .host_org_id = wushi };
	struct activity a;
	enum err_code rc = activity_create(st, cli, &ai, today, &a, e);
	if (rc)
		return rc;
	struct sales_input *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->hours = 4;
	s->items[0] = (struct sale_input){ .org_id = wushi, .amount_fen = 1800000 };
	s->items[1] = (struct sale_input){ .org_id = wenlou, .amount_fen = 1500000 };
	s->items[2] = (struct sale_input){ .enterprise_id = ids[4], .amount_fen = 1200000 };
	s->items[3] = (struct sale_input){ .enterprise_id = ids[5], .amount_fen = 400000 };
	s->items[4] = (struct sale_input){ .label = "边界村农户散卖", .amount_fen = 300000 };
	s->n_items = 5;
	rc = fair_sales_record(st, cli, a.id, s, e);
	free(s);
	return rc;
}

enum err_code demo_economy_build(struct store *st, int64_t alliance_id, int32_t today,
				 struct err *e)
{
	struct principal cli;
	int64_t ids[N_ENTERPRISES];
	enum err_code rc;
	user_cli_principal(&cli);
	if ((rc = make_enterprises(st, &cli, alliance_id, ids, e)) ||
	    (rc = make_financing(st, &cli, alliance_id, ids, today, e)) ||
	    (rc = make_projects(st, &cli, alliance_id, ids, today, e)) ||
	    (rc = make_routes(st, &cli, alliance_id, today, e)) ||
	    (rc = make_fair(st, &cli, alliance_id, ids, today, e)))
		return rc;
	return ERR_OK;
}
