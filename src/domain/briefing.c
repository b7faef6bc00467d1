/*
 * briefing.c - the 工作简报: figures of an alliance over a period from the
 * records behind them (store_briefing.h), persons and person-times through
 * headcount.c, the paragraph of text per line, and frozen issues with their
 * edit and publication rules.
 */
#include "domain/briefing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "domain/audit.h"
#include "domain/headcount.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "store/store_division.h"
#include "store/store_edu.h"

static const struct {
	const char *key, *label;
} lines[BRIEFING_LINES] = {
	{ "org", "共建红色组织" },
	{ "education", "共设联育平台" },
	{ "talent", "共架人才桥梁" },
	{ "revival", "共推乡村振兴" },
	{ "economy", "共兴实体经济" },
};

const struct briefing_key briefing_keys[] = {
	{ "matters_resolved", "org", "解决边界重大问题", "count", "个" },
	{ "meetings", "org", "召开联席会议", "count", "次" },
	{ "party_lessons", "education", "联上党课", "count", "次" },
	{ "training_classes", "education", "开展专题培训班", "count", "期" },
	{ "trainees", "education", "受训党员", "person", "人" },
	{ "study_tours", "education", "组织红色研学", "count", "期" },
	{ "study_tour_person_times", "education", "红色研学人次", "person_time", "人次" },
	{ "border_classrooms", "education", "开设边界课堂", "count", "次" },
	{ "border_classroom_sites", "education", "边界课堂阵地", "count", "个" },
	{ "red_routes", "education", "红色教育线路", "count", "条" },
	{ "secondments", "talent", "党校教师下挂、蹲点", "count", "人次" },
	{ "talents_introduced", "talent", "引进经济能人、技术人才", "count", "名" },
	{ "projects", "revival", "推进联建项目", "count", "个" },
	{ "project_investment_fen", "revival", "项目总投资", "fen", "元" },
	{ "project_jobs", "revival", "带动就业", "person", "人" },
	{ "funds_raised_fen", "revival", "筹集资金", "fen", "元" },
	{ "vanguard_members", "revival", "党员先锋队队员", "person", "人" },
	{ "road_built_m", "revival", "修建道路", "m", "米" },
	{ "financing_enterprises", "economy", "帮助企业融资", "count", "家" },
	{ "financing_granted_fen", "economy", "融资金额", "fen", "元" },
	{ "industry_projects", "economy", "推进产业项目", "count", "个" },
	{ "industry_investment_fen", "economy", "产业项目总投资", "fen", "元" },
	{ "industry_jobs", "economy", "产业项目带动就业", "person", "人" },
	{ "fairs", "economy", "举办特色产品展销会", "count", "场" },
	{ "fair_sales_fen", "economy", "展销会销售额", "fen", "元" },
	{ "tourism_routes", "economy", "旅游线路", "count", "条" },
	{ "visitors_referred", "economy", "互送客源", "person_time", "人次" },
};
const size_t briefing_n_keys = sizeof(briefing_keys) / sizeof(briefing_keys[0]);

/* Fund sources as the economy line names them (labels for the chart). */
static const struct {
	const char *key, *label;
} fund_sources[] = {
	{ "government", "政府投入" }, { "social", "社会资金" }, { "enterprise", "企业投入" },
	{ "donation", "捐赠" }, { "bank", "银行贷款" },
};

const struct briefing_key *briefing_key_find(const char *key)
{
	for (size_t i = 0; i < briefing_n_keys; i++)
		if (strcmp(briefing_keys[i].key, key) == 0)
			return &briefing_keys[i];
	return NULL;
}

enum err_code briefing_period_check(int32_t from, int32_t to, struct err *e)
{
	if (!from)
		return err_set(e, ERR_INVALID, "from", "请给出起始日期");
	if (!to)
		return err_set(e, ERR_INVALID, "to", "请给出截止日期");
	if (from > to)
		return err_set(e, ERR_INVALID, "to", "截止日期不能早于起始日期");
	if (to - from > 3660)
		return err_set(e, ERR_INVALID, "to", "简报期间不能超过十年");
	return ERR_OK;
}

void briefing_format_length(int64_t m, char out[32])
{
	if (m < 1000) {
		snprintf(out, 32, "%lld米", (long long)m);
		return;
	}
	/* kilometres with at most two decimals, half-up, trailing zeros trimmed */
	int64_t c = (m + 5) / 10;   /* hundredths of a km */
	int64_t whole = c / 100, frac = c % 100;
	if (!frac)
		snprintf(out, 32, "%lld公里", (long long)whole);
	else if (frac % 10 == 0)
		snprintf(out, 32, "%lld.%lld公里", (long long)whole, (long long)(frac / 10));
	else
		snprintf(out, 32, "%lld.%02lld公里", (long long)whole, (long long)frac);
}

/* ---- persons and person-times over a set of activities ---- */

struct act_load {
	int64_t participants[ACTIVITY_MAX_PEOPLE];
	size_t n_participants;
	struct activity_headcount hc[ACTIVITY_MAX_HEADCOUNT];
	size_t n_hc;
	struct headcount_row rows[ACTIVITY_MAX_HEADCOUNT];
	struct sitting *sittings;
	size_t n_sittings;
	struct headcount_sitting *hs;
};

struct people {
	struct headcount_person *p;
	size_t n, alloc;
};

static void people_add(struct store *st, struct people *pp, int64_t id)
{
	for (size_t i = 0; i < pp->n; i++)
		if (pp->p[i].person_id == id)
			return;
	struct person p;
	struct err ignored;
	memset(&p, 0, sizeof(p));
	if (st->org->person_get(st, id, &p, &ignored) != ERR_OK)
		p.division_code[0] = 0;
	if (pp->n == pp->alloc) {
		pp->alloc = pp->alloc ? pp->alloc * 2 : 32;
		pp->p = realloc(pp->p, pp->alloc * sizeof(*pp->p));
		if (!pp->p)
			abort();
	}
	pp->p[pp->n].person_id = id;
	snprintf(pp->p[pp->n].county_code, HEADCOUNT_CODE_SIZE, "%.6s", p.division_code);
	pp->n++;
}

static void county_label(struct store *st, const char *code, char *out, size_t size)
{
	struct division d;
	struct err ignored;
	if (*code && st->division->get(st, code, &d, &ignored) == ERR_OK)
		snprintf(out, size, "%s", d.name);
	else
		snprintf(out, size, "%s", *code ? code : "未注明");
}

/* Counts the activities recs[0..n) (their value becomes each one's persons
 * or person-times) into f: persons (want_times 0) or person-times, with
 * the split by county. */
static enum err_code count_people(struct store *st, struct briefing_record *recs, size_t n,
				  int want_times, struct briefing_figure *f, struct err *e)
{
	enum err_code rc = ERR_OK;
	struct act_load *al = calloc(n + 1, sizeof(*al));
	struct headcount_activity *ha = calloc(n + 1, sizeof(*ha));
	struct people pp = { NULL, 0, 0 };
	if (!al || !ha)
		abort();
	for (size_t i = 0; i < n && !rc; i++) {
		struct act_load *a = &al[i];
		if ((rc = st->edu->participants(st, recs[i].id, a->participants, &a->n_participants,
						e)) ||
		    (rc = st->edu->headcount(st, recs[i].id, a->hc, &a->n_hc, e)) ||
		    (rc = st->edu->sittings(st, recs[i].id, &a->sittings, &a->n_sittings, e)))
			break;
		a->hs = calloc(a->n_sittings + 1, sizeof(*a->hs));
		if (!a->hs)
			abort();
		for (size_t k = 0; k < a->n_participants; k++)
			people_add(st, &pp, a->participants[k]);
		for (size_t s = 0; s < a->n_sittings; s++) {
			a->hs[s].person_ids = a->sittings[s].attendees;
			a->hs[s].n_person_ids = a->sittings[s].n_attendees;
			for (size_t k = 0; k < a->sittings[s].n_attendees; k++)
				people_add(st, &pp, a->sittings[s].attendees[k]);
		}
		for (size_t k = 0; k < a->n_hc; k++) {
			snprintf(a->rows[k].county_code, HEADCOUNT_CODE_SIZE, "%s", a->hc[k].county_code);
			a->rows[k].persons = a->hc[k].persons;
		}
		ha[i] = (struct headcount_activity){
			.person_ids = a->participants, .n_person_ids = a->n_participants,
			.headcount = a->rows, .n_headcount = a->n_hc,
			.sittings = a->hs, .n_sittings = a->n_sittings,
		};
	}
	if (!rc) {
		struct headcount_result one, all;
		for (size_t i = 0; i < n; i++) {
			headcount_activity(&ha[i], pp.p, pp.n, &one);
			recs[i].value = want_times ? one.person_times : one.persons;
			headcount_result_release(&one);
		}
		headcount_set(ha, n, pp.p, pp.n, &all);
		f->value = want_times ? all.person_times : all.persons;
		for (size_t i = 0; i < all.n_by_county && f->n_by < BRIEFING_GROUPS; i++) {
			struct briefing_group *g = &f->by[f->n_by++];
			snprintf(g->key, sizeof(g->key), "%s", all.by_county[i].code);
			county_label(st, all.by_county[i].code, g->label, sizeof(g->label));
			g->value = want_times ? all.by_county[i].person_times : all.by_county[i].persons;
		}
		headcount_result_release(&all);
	}
	for (size_t i = 0; i < n; i++) {
		free(al[i].sittings);
		free(al[i].hs);
	}
	free(al);
	free(ha);
	free(pp.p);
	return rc;
}

/* ---- figures ---- */

static void group_add(struct briefing_figure *f, const char *key, const char *label,
		      int64_t v)
{
	for (size_t i = 0; i < f->n_by; i++)
		if (strcmp(f->by[i].key, key) == 0) {
			f->by[i].value += v;
			return;
		}
	if (f->n_by == BRIEFING_GROUPS)
		return;
	struct briefing_group *g = &f->by[f->n_by++];
	snprintf(g->key, sizeof(g->key), "%s", key);
	snprintf(g->label, sizeof(g->label), "%s", label);
	g->value = v;
}

static const char *source_label(const char *key)
{
	for (size_t i = 0; i < sizeof(fund_sources) / sizeof(fund_sources[0]); i++)
		if (strcmp(fund_sources[i].key, key) == 0)
			return fund_sources[i].label;
	return key;
}

/* The value of figure k from its records (which count_people may rewrite). */
static enum err_code figure_of(struct store *st, const struct briefing_key *k,
			       struct briefing_record *recs, size_t n, struct briefing_figure *f,
			       struct err *e)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->key, sizeof(f->key), "%s", k->key);
	snprintf(f->label, sizeof(f->label), "%s", k->label);
	snprintf(f->unit, sizeof(f->unit), "%s", k->unit);
	if (strcmp(k->key, "trainees") == 0)
		return count_people(st, recs, n, 0, f, e);
	if (strcmp(k->key, "study_tour_person_times") == 0)
		return count_people(st, recs, n, 1, f, e);
	/* a count's rows each carry 1, so every figure is the sum of its rows */
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		if (money_add(v, recs[i].value, &v))
			return err_set(e, ERR_INVALID, NULL, "%s数额过大，无法合计", k->label);
	f->value = v;
	if (strcmp(k->key, "funds_raised_fen") == 0)
		for (size_t i = 0; i < n; i++)
			group_add(f, recs[i].grp, source_label(recs[i].grp), recs[i].value);
	if (strcmp(k->key, "fair_sales_fen") == 0)
		for (size_t i = 0; i < n && f->n_by < BRIEFING_GROUPS; i++) {
			char key[16];
			snprintf(key, sizeof(key), "%lld", (long long)recs[i].id);
			group_add(f, key, recs[i].title, recs[i].value);
		}
	return ERR_OK;
}

static enum err_code alliance_read(struct store *st, const struct principal *who,
				   int64_t alliance_id, struct alliance *a, struct err *e)
{
	return who ? reach_alliance_get(st, who, alliance_id, a, e)
		   : st->org->alliance_get(st, alliance_id, a, e);
}

enum err_code briefing_compute(struct store *st, const struct principal *who,
			       int64_t alliance_id, int32_t from, int32_t to, int32_t today,
			       struct briefing *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	memset(out, 0, sizeof(*out));
	if ((rc = briefing_period_check(from, to, e)) ||
	    (rc = alliance_read(st, who, alliance_id, &a, e)))
		return rc;
	out->alliance_id = a.id;
	snprintf(out->alliance_name, sizeof(out->alliance_name), "%s", a.name);
	out->from = from;
	out->to = to;
	struct briefing_period p = { alliance_id, from, to, today };
	if ((rc = st->ops->begin_read(st, e)))
		return rc;
	for (size_t l = 0; l < BRIEFING_LINES; l++) {
		struct briefing_line *bl = &out->lines[l];
		snprintf(bl->line, sizeof(bl->line), "%s", lines[l].key);
		snprintf(bl->label, sizeof(bl->label), "%s", lines[l].label);
		for (size_t i = 0; i < briefing_n_keys && !rc; i++) {
			const struct briefing_key *k = &briefing_keys[i];
			if (strcmp(k->line, lines[l].key) != 0 || bl->n_figures == BRIEFING_LINE_FIGURES)
				continue;
			struct briefing_record *recs = NULL;
			size_t n = 0;
			if (!(rc = st->briefing->records(st, k->key, &p, &recs, &n, e)))
				rc = figure_of(st, k, recs, n, &bl->figures[bl->n_figures++], e);
			free(recs);
		}
	}
	if (rc) {
		st->ops->rollback(st);
		return rc;
	}
	if ((rc = st->ops->commit(st, e)))
		return rc;
	briefing_write_text(out);
	return ERR_OK;
}

enum err_code briefing_records(struct store *st, const struct principal *who, const char *key,
			       int64_t alliance_id, int32_t from, int32_t to, int32_t today,
			       struct briefing_record **out, size_t *out_n, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	const struct briefing_key *k = key ? briefing_key_find(key) : NULL;
	*out = NULL;
	*out_n = 0;
	if (!k)
		return err_set(e, ERR_INVALID, "key", "未知的简报指标");
	if ((rc = briefing_period_check(from, to, e)) ||
	    (rc = reach_alliance_get(st, who, alliance_id, &a, e)))
		return rc;
	struct briefing_period p = { alliance_id, from, to, today };
	if ((rc = st->briefing->records(st, key, &p, out, out_n, e)))
		return rc;
	if (strcmp(k->unit, "person") == 0 || strcmp(k->unit, "person_time") == 0) {
		if (strcmp(key, "trainees") == 0 || strcmp(key, "study_tour_person_times") == 0) {
			struct briefing_figure *f = malloc(sizeof(*f));
			if (!f)
				abort();
			memset(f, 0, sizeof(*f));
			rc = count_people(st, *out, *out_n, strcmp(key, "trainees") != 0, f, e);
			free(f);
		}
	}
	if (rc) {
		free(*out);
		*out = NULL;
		*out_n = 0;
	}
	return rc;
}

/* ---- text ---- */

static const struct briefing_figure *fig(const struct briefing_line *l, const char *key)
{
	for (size_t i = 0; i < l->n_figures; i++)
		if (strcmp(l->figures[i].key, key) == 0)
			return &l->figures[i];
	return NULL;
}

static int64_t val(const struct briefing_line *l, const char *key)
{
	const struct briefing_figure *f = fig(l, key);
	return f ? f->value : 0;
}

/* Adds one clause, separated from the previous by "；". */
static void clause(struct buf *b, int *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void clause(struct buf *b, int *n, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if ((*n)++)
		buf_adds(b, "；");
	buf_adds(b, tmp);
}

static void money(int64_t fen, char out[MONEY_FMT_SIZE])
{
	money_format_brief(fen, out);
}

static void line_text(struct briefing_line *l)
{
	struct buf b;
	int n = 0;
	char m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE];
	long long v;
	buf_init(&b, sizeof(l->text));
	buf_printf(&b, "%s：", l->label);
	if (strcmp(l->line, "org") == 0) {
		if ((v = val(l, "meetings")))
			clause(&b, &n, "召开联席会议%lld次", v);
		if ((v = val(l, "matters_resolved")))
			clause(&b, &n, "解决边界重大问题%lld个", v);
	} else if (strcmp(l->line, "education") == 0) {
		if ((v = val(l, "party_lessons")))
			clause(&b, &n, "联上党课%lld次", v);
		if ((v = val(l, "training_classes"))) {
			long long t = val(l, "trainees");
			if (t)
				clause(&b, &n, "开展专题培训班%lld期，受训党员%lld人", v, t);
			else
				clause(&b, &n, "开展专题培训班%lld期", v);
		}
		if ((v = val(l, "study_tours"))) {
			long long t = val(l, "study_tour_person_times");
			if (t)
				clause(&b, &n, "组织红色研学%lld期、%lld人次", v, t);
			else
				clause(&b, &n, "组织红色研学%lld期", v);
		}
		if ((v = val(l, "border_classrooms"))) {
			long long s = val(l, "border_classroom_sites");
			if (s)
				clause(&b, &n, "开设边界课堂%lld次，覆盖阵地%lld个", v, s);
			else
				clause(&b, &n, "开设边界课堂%lld次", v);
		}
		if ((v = val(l, "red_routes")))
			clause(&b, &n, "打造红色教育线路%lld条", v);
	} else if (strcmp(l->line, "talent") == 0) {
		if ((v = val(l, "secondments")))
			clause(&b, &n, "选派党校教师下挂、蹲点%lld人次", v);
		if ((v = val(l, "talents_introduced")))
			clause(&b, &n, "引进经济能人、技术人才%lld名", v);
	} else if (strcmp(l->line, "revival") == 0) {
		if ((v = val(l, "projects"))) {
			struct buf c;
			buf_init(&c, 400);
			buf_printf(&c, "推进联建项目%lld个", v);
			if (val(l, "project_investment_fen")) {
				money(val(l, "project_investment_fen"), m1);
				buf_printf(&c, "，总投资%s", m1);
			}
			if (val(l, "project_jobs"))
				buf_printf(&c, "，带动就业%lld人", (long long)val(l, "project_jobs"));
			buf_addc(&c, 0);
			clause(&b, &n, "%s", c.data ? c.data : "");
			buf_release(&c);
		}
		if (val(l, "funds_raised_fen")) {
			money(val(l, "funds_raised_fen"), m1);
			clause(&b, &n, "筹集资金%s", m1);
		}
		if ((v = val(l, "vanguard_members")))
			clause(&b, &n, "组建党员先锋队，队员%lld人", v);
		if (val(l, "road_built_m")) {
			char len[32];
			briefing_format_length(val(l, "road_built_m"), len);
			clause(&b, &n, "修建道路%s", len);
		}
	} else if (strcmp(l->line, "economy") == 0) {
		if ((v = val(l, "financing_enterprises"))) {
			money(val(l, "financing_granted_fen"), m1);
			clause(&b, &n, "帮助%lld家企业融资%s", v, m1);
		}
		if ((v = val(l, "industry_projects"))) {
			struct buf c;
			buf_init(&c, 400);
			buf_printf(&c, "推进产业项目%lld个", v);
			if (val(l, "industry_investment_fen")) {
				money(val(l, "industry_investment_fen"), m2);
				buf_printf(&c, "，总投资%s", m2);
			}
			if (val(l, "industry_jobs"))
				buf_printf(&c, "，带动就业%lld人", (long long)val(l, "industry_jobs"));
			buf_addc(&c, 0);
			clause(&b, &n, "%s", c.data ? c.data : "");
			buf_release(&c);
		}
		if ((v = val(l, "fairs"))) {
			if (val(l, "fair_sales_fen")) {
				money(val(l, "fair_sales_fen"), m2);
				clause(&b, &n, "举办特色产品展销会%lld场，销售额%s", v, m2);
			} else {
				clause(&b, &n, "举办特色产品展销会%lld场", v);
			}
		}
		if ((v = val(l, "tourism_routes"))) {
			long long t = val(l, "visitors_referred");
			if (t)
				clause(&b, &n, "打造旅游线路%lld条，互送客源%lld人次", v, t);
			else
				clause(&b, &n, "打造旅游线路%lld条", v);
		} else if ((v = val(l, "visitors_referred"))) {
			clause(&b, &n, "互送客源%lld人次", v);
		}
	}
	if (!n)
		buf_adds(&b, "本期暂无可报送的成果。");
	else
		buf_adds(&b, "。");
	buf_addc(&b, 0);
	snprintf(l->text, sizeof(l->text), "%s", b.data ? b.data : "");
	buf_release(&b);
}

void briefing_write_text(struct briefing *b)
{
	for (size_t i = 0; i < BRIEFING_LINES; i++)
		line_text(&b->lines[i]);
}

/* ---- frozen issues ---- */

static int can_write(const struct principal *who, const struct alliance *a)
{
	if (policy_can_admin_alliance(who, a->id))
		return 1;
	for (size_t i = 0; i < a->n_counties; i++)
		if (policy_can_admin_county(who, a->counties[i]))
			return 1;
	return 0;
}

enum err_code briefing_issue_create(struct store *st, const struct principal *who,
				    const struct briefing_issue_input *in, int32_t today,
				    const struct briefing_codec *codec,
				    struct briefing_issue *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	memset(out, 0, sizeof(*out));
	/* The alliance is an id in the body: unknown or outside reach, it
	 * answers 422 as in every other create. */
	if ((rc = reach_alliance_get(st, who, in->alliance_id, &a, e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "alliance_id", "联建不存在") : rc;
	if (!can_write(who, &a))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或成员县（市）管理员可以生成简报");
	struct briefing *b = malloc(sizeof(*b));
	if (!b)
		abort();
	if ((rc = st->ops->begin_write(st, e)))
		goto done;
	if ((rc = briefing_compute(st, who, in->alliance_id, in->from, in->to, today, b, e)))
		goto fail;
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	out->alliance_id = a.id;
	out->year = y;
	snprintf(out->title, sizeof(out->title), "%s", in->title);
	out->from_on = in->from;
	out->to_on = in->to;
	out->content = codec->encode(b);
	out->created_by = who->user_id;
	out->created_at_ms = date_now_ms();
	if (!out->content) {
		rc = err_set(e, ERR_TOO_LARGE, NULL, "简报内容过大");
		goto fail;
	}
	char after[160];
	if ((rc = st->briefing->issue_insert(st, out, e)))
		goto fail;
	snprintf(after, sizeof(after), "{\"alliance_id\":%lld,\"year\":%d,\"issue_no\":%d}",
		 (long long)a.id, out->year, out->issue_no);
	if ((rc = audit_record_json(st, who, "briefing.create", "briefing", out->id, NULL, after,
				    e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	briefing_issue_release(out);
	rc = st->briefing->issue_get(st, out->id, out, e);
	goto done;
fail:
	st->ops->rollback(st);
	briefing_issue_release(out);
done:
	free(b);
	return rc;
}

enum err_code briefing_issue_get(struct store *st, const struct principal *who, int64_t id,
				 struct briefing_issue *out, struct err *e)
{
	enum err_code rc = st->briefing->issue_get(st, id, out, e);
	if (rc)
		return rc;
	int hidden = who ? reach_hides(st, who, out->alliance_id, e)
			 : strcmp(out->status, "published") != 0;
	if (hidden) {
		briefing_issue_release(out);
		return hidden < 0 ? e->code : st->briefing->issue_get(st, 0, out, e);
	}
	return ERR_OK;
}

enum err_code briefing_issue_list(struct store *st, const struct principal *who,
				  int64_t alliance_id, struct page pg,
				  struct briefing_issue **out, size_t *out_n, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	*out = NULL;
	*out_n = 0;
	if ((rc = alliance_read(st, who, alliance_id, &a, e)))
		return rc;
	return st->briefing->issue_list(st, alliance_id, who == NULL, pg, out, out_n, e);
}

enum err_code briefing_issue_edit(struct store *st, const struct principal *who, int64_t id,
				  const char *title, const struct briefing_text_edit *edits,
				  size_t n_edits, const struct briefing_codec *codec,
				  struct err *e)
{
	enum err_code rc;
	struct briefing_issue is;
	struct alliance a;
	memset(&is, 0, sizeof(is));
	struct briefing *b = malloc(sizeof(*b));
	if (!b)
		abort();
	if ((rc = st->ops->begin_write(st, e))) {
		free(b);
		return rc;
	}
	if ((rc = briefing_issue_get(st, who, id, &is, e)) ||
	    (rc = st->org->alliance_get(st, is.alliance_id, &a, e)))
		goto fail;
	if (!can_write(who, &a)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或成员县（市）管理员可以修改简报");
		goto fail;
	}
	if (strcmp(is.status, "draft") != 0) {
		rc = err_set(e, ERR_CONFLICT, NULL, "简报已发布，不能再修改");
		goto fail;
	}
	if ((rc = codec->decode(is.content, b, e)))
		goto fail;
	for (size_t i = 0; i < n_edits; i++) {
		size_t l = 0;
		while (l < BRIEFING_LINES && strcmp(b->lines[l].line, edits[i].line) != 0)
			l++;
		if (l == BRIEFING_LINES) {
			rc = err_set(e, ERR_INVALID, "lines", "未知的工作条线：%.20s", edits[i].line);
			goto fail;
		}
		snprintf(b->lines[l].text, sizeof(b->lines[l].text), "%s", edits[i].text);
	}
	char *text = codec->encode(b);
	if (!text) {
		rc = err_set(e, ERR_TOO_LARGE, NULL, "简报内容过大");
		goto fail;
	}
	rc = st->briefing->issue_set_content(st, id, title && *title ? title : NULL, text,
					      who->user_id, date_now_ms(), e);
	if (!rc)
		rc = audit_record_json(st, who, "briefing.edit", "briefing", id, NULL,
				       "{\"edited\":\"text\"}", e);
	free(text);
	if (rc || (rc = st->ops->commit(st, e)))
		goto fail;
	briefing_issue_release(&is);
	free(b);
	return ERR_OK;
fail:
	st->ops->rollback(st);
	briefing_issue_release(&is);
	free(b);
	return rc;
}

enum err_code briefing_issue_publish(struct store *st, const struct principal *who, int64_t id,
				     struct err *e)
{
	enum err_code rc;
	struct briefing_issue is;
	memset(&is, 0, sizeof(is));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = briefing_issue_get(st, who, id, &is, e)))
		goto fail;
	if (!policy_can_admin_alliance(who, is.alliance_id)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员可以发布简报");
		goto fail;
	}
	if ((rc = st->briefing->issue_publish(st, id, date_now_ms(), e)) ||
	    (rc = audit_record_json(st, who, "briefing.publish", "briefing", id, NULL,
				    "{\"status\":\"published\"}", e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	briefing_issue_release(&is);
	return ERR_OK;
fail:
	st->ops->rollback(st);
	briefing_issue_release(&is);
	return rc;
}

enum err_code briefing_set_public(struct store *st, const struct principal *who,
				  const char *kind, int64_t id, int on, struct err *e)
{
	enum err_code rc;
	int64_t alliance_id;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if (strcmp(kind, "route") == 0) {
		struct route_rec r;
		if ((rc = st->edu->route_get(st, id, &r, e)))
			goto fail;
		alliance_id = r.alliance_id;
	} else {
		struct activity a;
		if ((rc = st->edu->activity_get(st, id, &a, e)))
			goto fail;
		if (strcmp(a.kind, "fair") != 0) {
			rc = err_set(e, ERR_INVALID, NULL, "只有特色产品展销会可以在门户公开");
			goto fail;
		}
		alliance_id = a.alliance_id;
	}
	int hidden = reach_hides(st, who, alliance_id, e);
	if (hidden) {
		rc = hidden < 0 ? e->code
				: err_set(e, ERR_NOT_FOUND, NULL, "%s不存在",
					  strcmp(kind, "route") == 0 ? "线路" : "活动");
		goto fail;
	}
	if (!policy_can_admin_alliance(who, alliance_id)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员可以设置门户公开");
		goto fail;
	}
	rc = strcmp(kind, "route") == 0 ? st->briefing->route_set_public(st, id, on, e)
					 : st->briefing->activity_set_public(st, id, on, e);
	char after[64];
	snprintf(after, sizeof(after), "{\"public\":%s}", on ? "true" : "false");
	if (rc || (rc = audit_record_json(st, who, on ? "public.on" : "public.off", kind, id, NULL,
					  after, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	return rc;
}

void briefing_figure_display(const struct briefing_figure *f, char out[64])
{
	const struct briefing_key *k = briefing_key_find(f->key);
	if (strcmp(f->unit, "fen") == 0) {
		char m[MONEY_FMT_SIZE];
		money_format_brief(f->value, m);
		snprintf(out, 64, "%s", m);
	} else if (strcmp(f->unit, "m") == 0) {
		char len[32];
		briefing_format_length(f->value, len);
		snprintf(out, 64, "%s", len);
	} else {
		snprintf(out, 64, "%lld%s", (long long)f->value, k ? k->unit_label : "");
	}
}
