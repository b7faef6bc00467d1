/* economy.c - enterprises, projects, financing, referrals and fair sales
 * (see economy.h). */
#include "domain/economy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/education.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/uscc.h"
#include "domain/vocab.h"
#include "store/store_division.h"
#include "store/store_edu.h"
#include "store/store_matter.h"
#include "store/store_org.h"
#include "store/store_talent.h"

/* ---- pure rules ---- */

int economy_stage_index(const char *stage)
{
	for (int i = 0; stage && vocab_project_stages[i].key; i++)
		if (strcmp(vocab_project_stages[i].key, stage) == 0)
			return i;
	return -1;
}

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

enum err_code economy_check_stage_move(const char *from, int32_t from_on, const char *to,
				       int32_t on, const char *note, struct err *e)
{
	int a = economy_stage_index(from), b = economy_stage_index(to);
	if (b < 0)
		return err_set(e, ERR_INVALID, "to", "阶段无效");
	if (a == b)
		return err_set(e, ERR_INVALID, "to", "项目已处于该阶段");
	if (b < a && blank(note))
		return err_set(e, ERR_INVALID, "note", "退回较早的阶段须填写原因");
	if (on < from_on)
		return err_set(e, ERR_INVALID, "on", "变更日期不能早于上一次阶段变更的日期");
	return ERR_OK;
}

enum err_code economy_funds_add(int64_t total, int64_t amount, int64_t *out, struct err *e)
{
	int64_t sum;
	if (amount <= 0 || amount > ECONOMY_AMOUNT_MAX_FEN)
		return err_set(e, ERR_INVALID, "amount_fen", "金额应大于 0 且不超过 1000 亿元");
	if (money_add(total, amount, &sum) || sum > ECONOMY_FUNDS_TOTAL_MAX_FEN)
		return err_set(e, ERR_INVALID, "amount_fen", "项目资金合计超出上限（1 万亿元）");
	*out = sum;
	return ERR_OK;
}

int economy_funds_by_source(const struct project_fund *f, size_t n,
			    int64_t out[ECONOMY_N_SOURCES], int64_t *out_total)
{
	int64_t total = 0;
	memset(out, 0, sizeof(int64_t) * ECONOMY_N_SOURCES);
	for (size_t i = 0; i < n; i++) {
		int k = -1;
		for (int j = 0; j < ECONOMY_N_SOURCES && vocab_fund_sources[j].key; j++)
			if (strcmp(vocab_fund_sources[j].key, f[i].source) == 0)
				k = j;
		if (k < 0)
			continue;
		if (money_add(out[k], f[i].amount_fen, &out[k]) ||
		    money_add(total, f[i].amount_fen, &total))
			return -1;
	}
	*out_total = total;
	return 0;
}

int economy_month_parse(const char *s, int32_t *out_first_day)
{
	char d[11];
	int32_t day;
	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	snprintf(d, sizeof(d), "%s-01", s);
	if (date_parse(d, &day))
		return -1;
	*out_first_day = day;
	return 0;
}

/* Adds a granted row to the group keyed key; seen tells whether the
 * enterprise already counted in this group. */
static int group_add(struct financing_group **arr, size_t *n, const char *key, int64_t amount,
		     int new_enterprise)
{
	size_t i = 0;
	while (i < *n && strcmp((*arr)[i].key, key) != 0)
		i++;
	if (i == *n) {
		struct financing_group *g = realloc(*arr, (*n + 1) * sizeof(**arr));
		if (!g)
			abort();
		*arr = g;
		memset(&g[i], 0, sizeof(g[i]));
		snprintf(g[i].key, sizeof(g[i].key), "%s", key);
		(*n)++;
	}
	struct financing_group *g = &(*arr)[i];
	g->enterprises += new_enterprise;
	g->granted_count++;
	return money_add(g->granted_fen, amount, &g->granted_fen);
}

static int group_cmp(const void *a, const void *b)
{
	const struct financing_group *x = a, *y = b;
	if (x->granted_fen != y->granted_fen)
		return x->granted_fen > y->granted_fen ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Whether an earlier granted row i' < i shares the enterprise (and, when
 * key_of is given, the group key). */
static int seen_before(const struct financing *rows, size_t i, int by)
{
	for (size_t k = 0; k < i; k++) {
		if (strcmp(rows[k].status, "granted") != 0 ||
		    rows[k].enterprise_id != rows[i].enterprise_id)
			continue;
		if (by == 0 || (by == 1 && strcmp(rows[k].county_code, rows[i].county_code) == 0) ||
		    (by == 2 && strcmp(rows[k].lender, rows[i].lender) == 0))
			return 1;
	}
	return 0;
}

enum err_code financing_summarize(const struct financing *rows, size_t n,
				  struct financing_summary *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++) {
		const struct financing *r = &rows[i];
		if (strcmp(r->status, "applied") == 0) {
			out->applied_count++;
			bad |= money_add(out->applied_fen, r->amount_fen, &out->applied_fen);
		} else if (strcmp(r->status, "declined") == 0) {
			out->declined_count++;
		} else if (strcmp(r->status, "granted") == 0) {
			out->granted_count++;
			out->enterprises_financed += !seen_before(rows, i, 0);
			bad |= money_add(out->granted_fen, r->amount_fen, &out->granted_fen);
			bad |= group_add(&out->by_county, &out->n_by_county, r->county_code,
					 r->amount_fen, !seen_before(rows, i, 1));
			bad |= group_add(&out->by_lender, &out->n_by_lender, r->lender,
					 r->amount_fen, !seen_before(rows, i, 2));
		}
	}
	if (bad) {
		financing_summary_release(out);
		return err_set(e, ERR_INVALID, NULL, "金额合计超出范围");
	}
	if (out->n_by_county)
		qsort(out->by_county, out->n_by_county, sizeof(*out->by_county), group_cmp);
	if (out->n_by_lender)
		qsort(out->by_lender, out->n_by_lender, sizeof(*out->by_lender), group_cmp);
	return ERR_OK;
}

void financing_summary_release(struct financing_summary *s)
{
	free(s->by_county);
	free(s->by_lender);
	s->by_county = s->by_lender = NULL;
	s->n_by_county = s->n_by_lender = 0;
}

/* ---- shared checks ---- */

static enum err_code check_division(struct store *st, const struct alliance *a,
				    const char *code, const char *field, struct err *e)
{
	struct division d;
	struct err ignored;
	if (!code || division_level_of(code) < LEVEL_COUNTY ||
	    st->division->get(st, code, &d, &ignored) != ERR_OK)
		return err_set(e, ERR_INVALID, field, "区划代码 %s 无效（须为县级及以下）",
			       code ? code : "");
	if (!alliance_covers(a, code))
		return err_set(e, ERR_INVALID, field, "区划 %s 不在本联建的县（市）范围内", code);
	return ERR_OK;
}

/* The alliance of a new record: missing or outside the reach are the same
 * 422. */
static enum err_code load_alliance(struct store *st, const struct principal *who, int64_t id,
				   struct alliance *out, struct err *e)
{
	enum err_code rc = st->org->alliance_get(st, id, out, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_INVALID, "alliance_id", "联建不存在");
	if (rc || policy_is_admin(who))
		return rc;
	int hidden = reach_hides(st, who, id, e);
	if (hidden < 0)
		return e->code;
	return hidden ? err_set(e, ERR_INVALID, "alliance_id", "联建不存在") : ERR_OK;
}

static enum err_code check_day(int32_t day, int32_t today, const char *field, struct err *e)
{
	if (day < education_first_day() || day > education_last_day(today))
		return err_set(e, ERR_INVALID, field, "日期应在 2000-01-01 至明年今日之间");
	return ERR_OK;
}

/* rc for an object of alliance_id read by who: ERR_NOT_FOUND with the same
 * message as a missing one when it is outside the reach. */
static enum err_code within_reach(struct store *st, const struct principal *who,
				  int64_t alliance_id, const char *noun, struct err *e)
{
	if (policy_is_admin(who))
		return ERR_OK;
	int hidden = reach_hides(st, who, alliance_id, e);
	if (hidden < 0)
		return e->code;
	return hidden ? err_set(e, ERR_NOT_FOUND, NULL, "%s不存在", noun) : ERR_OK;
}

/* ---- enterprises ---- */

enum err_code enterprise_create(struct store *st, const struct principal *who,
				const struct enterprise_input *in, struct enterprise *out,
				struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct enterprise x;
	char code[USCC_SIZE + 8];
	int64_t other;
	struct err ignored;
	memset(&x, 0, sizeof(x));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_alliance(st, who, in->alliance_id, &a, e)))
		goto fail;
	if (uscc_normalize(in->uscc, code, sizeof(code))) {
		rc = err_set(e, ERR_INVALID, "uscc", "统一社会信用代码应为18位");
		goto fail;
	}
	if ((rc = uscc_validate(code, e)) ||
	    (rc = check_division(st, &a, in->division, "division", e)))
		goto fail;
	if (blank(in->name)) {
		rc = err_set(e, ERR_INVALID, "name", "名称不能为空");
		goto fail;
	}
	snprintf(x.county_code, sizeof(x.county_code), "%.6s", in->division);
	if (!policy_can_edit_enterprise(who, a.id, x.county_code)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或企业所在县（市）的管理员可以登记企业");
		goto fail;
	}
	if (st->economy->enterprise_by_uscc(st, code, &other, &ignored) == ERR_OK) {
		rc = err_set(e, ERR_CONFLICT, "uscc", "统一社会信用代码 %s 已登记", code);
		goto fail;
	}
	x.alliance_id = a.id;
	snprintf(x.line, sizeof(x.line), "economy");
	snprintf(x.name, sizeof(x.name), "%s", in->name);
	snprintf(x.uscc, sizeof(x.uscc), "%.18s", code);
	snprintf(x.division_code, sizeof(x.division_code), "%s", in->division);
	snprintf(x.industry, sizeof(x.industry), "%s", in->industry);
	x.created_by = who->user_id;
	x.created_at_ms = date_now_ms();
	if ((rc = st->economy->enterprise_insert(st, &x, e)) ||
	    (rc = audit_record(st, who, "enterprise.create", "enterprise", x.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return st->economy->enterprise_get(st, x.id, out, e);
fail:
	st->ops->rollback(st);
	return rc;
}

enum err_code enterprise_read(struct store *st, const struct principal *who, int64_t id,
			      struct enterprise *out, struct err *e)
{
	enum err_code rc = st->economy->enterprise_get(st, id, out, e);
	return rc ? rc : within_reach(st, who, out->alliance_id, "企业", e);
}

/* ---- projects ---- */

void project_input_init(struct project_input *in)
{
	memset(in, 0, sizeof(*in));
	in->investment_fen = in->jobs = in->income_per_head_fen = in->length_m = -1;
}

static enum err_code check_links(struct store *st, const struct project_input *in,
				 int64_t alliance_id, struct err *e)
{
	struct err ignored;
	for (size_t i = 0; i < in->n_enterprise_ids; i++) {
		struct enterprise n;
		if (st->economy->enterprise_get(st, in->enterprise_ids[i], &n, &ignored) != ERR_OK ||
		    n.alliance_id != alliance_id)
			return err_set(e, ERR_INVALID, "enterprise_ids", "企业 %lld 不存在或不属于本联建",
				       (long long)in->enterprise_ids[i]);
		for (size_t k = 0; k < i; k++)
			if (in->enterprise_ids[k] == in->enterprise_ids[i])
				return err_set(e, ERR_INVALID, "enterprise_ids", "企业重复");
	}
	for (size_t i = 0; i < in->n_talent_ids; i++) {
		struct talent t;
		if (st->talent->talent_get(st, in->talent_ids[i], &t, &ignored) != ERR_OK ||
		    t.alliance_id != alliance_id)
			return err_set(e, ERR_INVALID, "talent_ids", "人才 %lld 不存在或不属于本联建",
				       (long long)in->talent_ids[i]);
		for (size_t k = 0; k < i; k++)
			if (in->talent_ids[k] == in->talent_ids[i])
				return err_set(e, ERR_INVALID, "talent_ids", "人才重复");
	}
	return ERR_OK;
}

enum err_code project_create(struct store *st, const struct principal *who,
			     const struct project_input *in, int32_t today, int64_t *out_id,
			     struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct unit u;
	struct project p;
	char divs[PROJECT_MAX_DIVISIONS][16];
	struct err ignored;
	memset(&p, 0, sizeof(p));
	memset(divs, 0, sizeof(divs));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_alliance(st, who, in->alliance_id, &a, e)))
		goto fail;
	if (in->unit_id && (st->org->unit_get(st, in->unit_id, &u, &ignored) != ERR_OK ||
			    u.alliance_id != a.id)) {
		rc = err_set(e, ERR_INVALID, "unit_id", "单位不存在或不属于本联建");
		goto fail;
	}
	if (blank(in->name)) {
		rc = err_set(e, ERR_INVALID, "name", "项目名称不能为空");
		goto fail;
	}
	if (!in->n_divisions) {
		rc = err_set(e, ERR_INVALID, "divisions", "项目至少涉及一个区划");
		goto fail;
	}
	for (size_t i = 0; i < in->n_divisions; i++) {
		if ((rc = check_division(st, &a, in->divisions[i], "divisions", e)))
			goto fail;
		for (size_t k = 0; k < i; k++)
			if (strcmp(in->divisions[k], in->divisions[i]) == 0) {
				rc = err_set(e, ERR_INVALID, "divisions", "区划重复");
				goto fail;
			}
		snprintf(divs[i], sizeof(divs[i]), "%s", in->divisions[i]);
	}
	if (in->matter_id) {
		struct matter m;
		if (st->matter->get(st, in->matter_id, &m, &ignored) != ERR_OK ||
		    m.alliance_id != a.id) {
			rc = err_set(e, ERR_INVALID, "matter_id", "事项不存在或不属于本联建");
			goto fail;
		}
	}
	if ((rc = check_links(st, in, a.id, e)))
		goto fail;
	p.stage_on = in->stage_on ? in->stage_on : today;
	if ((rc = check_day(p.stage_on, today, "stage_on", e)))
		goto fail;
	if (in->investment_fen > ECONOMY_AMOUNT_MAX_FEN) {
		rc = err_set(e, ERR_INVALID, "investment_fen", "投资额超出上限");
		goto fail;
	}
	if (!policy_can_manage_project(st, who, a.id, (const char (*)[16])divs, in->n_divisions,
				       in->unit_id ? &u : NULL)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL,
			     "只有联建管理员、项目所涉县（市）的管理员或本单位负责人可以登记项目");
		goto fail;
	}
	p.alliance_id = a.id;
	p.unit_id = in->unit_id;
	snprintf(p.kind, sizeof(p.kind), "%s", in->kind);
	snprintf(p.line, sizeof(p.line), "%s", in->line ? in->line : "economy");
	snprintf(p.name, sizeof(p.name), "%s", in->name);
	snprintf(p.stage, sizeof(p.stage), "%s", in->stage);
	p.investment_fen = in->investment_fen;
	p.jobs = in->jobs;
	p.income_per_head_fen = in->income_per_head_fen;
	p.length_m = in->length_m;
	p.matter_id = in->matter_id;
	p.created_by = who->user_id;
	p.created_at_ms = date_now_ms();
	if ((rc = st->economy->project_insert(st, &p, (const char (*)[16])divs, in->n_divisions,
					      in->enterprise_ids, in->n_enterprise_ids,
					      in->talent_ids, in->n_talent_ids, e)) ||
	    (rc = audit_record(st, who, "project.create", "project", p.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	*out_id = p.id;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	return rc;
}

/* Reads a project to change it: within reach (else 404), the alliance, its
 * divisions, and whether who manages it (else 403). */
static enum err_code load_project(struct store *st, const struct principal *who, int64_t id,
				  struct project *p, struct alliance *a, struct err *e)
{
	enum err_code rc;
	char divs[PROJECT_MAX_DIVISIONS][16];
	size_t n = 0;
	struct unit u;
	struct err ignored;
	if ((rc = st->economy->project_get(st, id, p, e)) ||
	    (rc = within_reach(st, who, p->alliance_id, "项目", e)) ||
	    (rc = st->org->alliance_get(st, p->alliance_id, a, e)) ||
	    (rc = st->economy->project_divisions(st, id, divs, &n, e)))
		return rc;
	int has_unit = p->unit_id && st->org->unit_get(st, p->unit_id, &u, &ignored) == ERR_OK;
	if (!policy_can_manage_project(st, who, p->alliance_id, (const char (*)[16])divs, n,
				       has_unit ? &u : NULL))
		return err_set(e, ERR_FORBIDDEN, NULL,
			       "只有联建管理员、项目所涉县（市）的管理员或本单位负责人可以修改项目");
	return ERR_OK;
}

enum err_code project_change_stage(struct store *st, const struct principal *who, int64_t id,
				   const struct stage_input *in, int32_t today, struct err *e)
{
	enum err_code rc;
	struct project p;
	struct alliance a;
	struct project_stage_rec r;
	struct audit_tx tx;
	memset(&r, 0, sizeof(r));
	if ((rc = audit_tx_begin(&tx, st, "project", id, e)))
		return rc;
	if ((rc = load_project(st, who, id, &p, &a, e)) ||
	    (rc = economy_check_stage_move(p.stage, p.stage_on, in->to, in->on, in->note, e)) ||
	    (rc = check_day(in->on, today, "on", e)))
		goto out;
	r.project_id = id;
	r.alliance_id = p.alliance_id;
	snprintf(r.from, sizeof(r.from), "%s", p.stage);
	snprintf(r.to, sizeof(r.to), "%s", in->to);
	r.on = in->on;
	snprintf(r.note, sizeof(r.note), "%s", in->note ? in->note : "");
	r.user_id = who->user_id;
	r.at_ms = date_now_ms();
	rc = st->economy->project_stage_add(st, &r, e);
out:
	return audit_tx_end(&tx, who, "project.stage", id, rc, e);
}

enum err_code project_add_fund(struct store *st, const struct principal *who, int64_t id,
			       const struct fund_input *in, int32_t today, struct err *e)
{
	enum err_code rc;
	struct project p;
	struct alliance a;
	struct project_fund f;
	struct audit_tx tx;
	int64_t total = 0;
	memset(&f, 0, sizeof(f));
	if ((rc = audit_tx_begin(&tx, st, "project", id, e)))
		return rc;
	if ((rc = load_project(st, who, id, &p, &a, e)) ||
	    (rc = economy_funds_add(p.funds_total_fen, in->amount_fen, &total, e)) ||
	    (rc = check_day(in->on, today, "on", e)))
		goto out;
	if (in->county_code && (strlen(in->county_code) != 6 ||
				!alliance_covers(&a, in->county_code))) {
		rc = err_set(e, ERR_INVALID, "county_code", "县（市）%s 不在本联建范围内",
			     in->county_code);
		goto out;
	}
	f.project_id = id;
	f.alliance_id = p.alliance_id;
	snprintf(f.source, sizeof(f.source), "%s", in->source);
	snprintf(f.county_code, sizeof(f.county_code), "%s", in->county_code ? in->county_code : "");
	f.amount_fen = in->amount_fen;
	f.on = in->on;
	snprintf(f.note, sizeof(f.note), "%s", in->note ? in->note : "");
	f.created_by = who->user_id;
	f.created_at_ms = date_now_ms();
	rc = st->economy->project_fund_add(st, &f, e);
out:
	return audit_tx_end(&tx, who, "project.fund_add", id, rc, e);
}

enum err_code project_set_team(struct store *st, const struct principal *who, int64_t id,
			       const struct team_input *in, int32_t today, struct err *e)
{
	enum err_code rc;
	struct project p;
	struct alliance a;
	struct audit_tx tx;
	struct project_team *t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	if ((rc = audit_tx_begin(&tx, st, "project", id, e))) {
		free(t);
		return rc;
	}
	if ((rc = load_project(st, who, id, &p, &a, e)))
		goto out;
	if (blank(in->name)) {
		rc = err_set(e, ERR_INVALID, "name", "先锋队名称不能为空");
		goto out;
	}
	for (size_t i = 0; i < in->n_person_ids; i++) {
		struct person ps;
		struct err ignored;
		if (st->org->person_get(st, in->person_ids[i], &ps, &ignored) != ERR_OK ||
		    !alliance_covers(&a, ps.division_code)) {
			rc = err_set(e, ERR_INVALID, "person_ids", "人员 %lld 不存在或不在本联建范围内",
				     (long long)in->person_ids[i]);
			goto out;
		}
		for (size_t k = 0; k < i; k++)
			if (in->person_ids[k] == in->person_ids[i]) {
				rc = err_set(e, ERR_INVALID, "person_ids", "人员重复");
				goto out;
			}
		t->members[i] = in->person_ids[i];
	}
	t->n_members = in->n_person_ids;
	t->project_id = id;
	t->alliance_id = p.alliance_id;
	snprintf(t->name, sizeof(t->name), "%s", in->name);
	t->formed_on = today;
	t->updated_by = who->user_id;
	t->updated_at_ms = date_now_ms();
	rc = st->economy->project_team_set(st, t, e);
out:
	free(t);
	return audit_tx_end(&tx, who, "project.team", id, rc, e);
}

enum err_code project_view_get(struct store *st, const struct principal *who, int64_t id,
			       struct project_view *v, struct err *e)
{
	enum err_code rc;
	struct err ignored;
	struct unit u;
	memset(v, 0, sizeof(*v));
	if ((rc = st->economy->project_get(st, id, &v->p, e)) ||
	    (rc = within_reach(st, who, v->p.alliance_id, "项目", e)) ||
	    (rc = st->economy->project_divisions(st, id, v->divisions, &v->n_divisions, e)) ||
	    (rc = st->economy->project_stages(st, id, &v->stages, &v->n_stages, e)) ||
	    (rc = st->economy->project_funds(st, id, &v->funds, &v->n_funds, e)) ||
	    (rc = st->economy->project_links(st, id, v->enterprise_ids, &v->n_enterprise_ids,
					     v->talent_ids, &v->n_talent_ids, e)))
		goto fail;
	int64_t total;
	if (economy_funds_by_source(v->funds, v->n_funds, v->by_source, &total)) {
		rc = err_set(e, ERR_INTERNAL, NULL, "资金合计超出范围");
		goto fail;
	}
	rc = st->economy->project_team_get(st, id, &v->team, e);
	if (rc && rc != ERR_NOT_FOUND)
		goto fail;
	v->has_team = rc == ERR_OK;
	int has_unit = v->p.unit_id && st->org->unit_get(st, v->p.unit_id, &u, &ignored) == ERR_OK;
	v->can_manage = policy_can_manage_project(st, who, v->p.alliance_id,
						  (const char (*)[16])v->divisions, v->n_divisions,
						  has_unit ? &u : NULL);
	return ERR_OK;
fail:
	project_view_release(v);
	return rc;
}

void project_view_release(struct project_view *v)
{
	free(v->stages);
	free(v->funds);
	v->stages = NULL;
	v->funds = NULL;
	v->n_stages = v->n_funds = 0;
}

/* ---- financing ---- */

enum err_code financing_create(struct store *st, const struct principal *who,
			       const struct financing_input *in, int32_t today,
			       struct financing *out, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	struct enterprise n;
	struct financing x;
	struct err ignored;
	memset(&x, 0, sizeof(x));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_alliance(st, who, in->alliance_id, &a, e)))
		goto fail;
	if (st->economy->enterprise_get(st, in->enterprise_id, &n, &ignored) != ERR_OK ||
	    n.alliance_id != a.id) {
		rc = err_set(e, ERR_INVALID, "enterprise_id", "企业不存在或不属于本联建");
		goto fail;
	}
	if (blank(in->lender)) {
		rc = err_set(e, ERR_INVALID, "lender", "金融机构不能为空");
		goto fail;
	}
	if (in->amount_fen <= 0 || in->amount_fen > ECONOMY_AMOUNT_MAX_FEN) {
		rc = err_set(e, ERR_INVALID, "amount_fen", "金额应大于 0 且不超过 1000 亿元");
		goto fail;
	}
	if ((rc = check_day(in->on, today, "on", e)))
		goto fail;
	if (!policy_can_edit_enterprise(who, a.id, n.county_code)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或企业所在县（市）的管理员可以登记融资");
		goto fail;
	}
	x.alliance_id = a.id;
	snprintf(x.line, sizeof(x.line), "economy");
	x.enterprise_id = n.id;
	snprintf(x.lender, sizeof(x.lender), "%s", in->lender);
	x.amount_fen = in->amount_fen;
	x.on = in->on;
	snprintf(x.status, sizeof(x.status), "%s", in->status);
	x.created_by = who->user_id;
	x.created_at_ms = date_now_ms();
	if ((rc = st->economy->financing_insert(st, &x, e)) ||
	    (rc = audit_record(st, who, "financing.create", "financing", x.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return st->economy->financing_get(st, x.id, out, e);
fail:
	st->ops->rollback(st);
	return rc;
}

enum err_code financing_change_status(struct store *st, const struct principal *who,
				      int64_t id, const char *status, int32_t on, int32_t today,
				      struct financing *out, struct err *e)
{
	enum err_code rc;
	struct financing f;
	struct audit_tx tx;
	if ((rc = audit_tx_begin(&tx, st, "financing", id, e)))
		return rc;
	if ((rc = st->economy->financing_get(st, id, &f, e)) ||
	    (rc = within_reach(st, who, f.alliance_id, "融资记录", e)))
		goto out;
	if (!policy_can_edit_enterprise(who, f.alliance_id, f.county_code)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或企业所在县（市）的管理员可以修改融资");
		goto out;
	}
	if (strcmp(f.status, "applied") != 0 || strcmp(status, "applied") == 0) {
		rc = err_set(e, ERR_INVALID, "status", "只有已申请的记录可以改为已获批或未获批");
		goto out;
	}
	if (on && (rc = check_day(on, today, "on", e)))
		goto out;
	rc = st->economy->financing_set_status(st, id, status, on, date_now_ms(), e);
out:
	if ((rc = audit_tx_end(&tx, who, "financing.status", id, rc, e)))
		return rc;
	return st->economy->financing_get(st, id, out, e);
}

enum err_code financing_read(struct store *st, const struct principal *who, int64_t id,
			     struct financing *out, struct err *e)
{
	enum err_code rc = st->economy->financing_get(st, id, out, e);
	return rc ? rc : within_reach(st, who, out->alliance_id, "融资记录", e);
}

/* ---- tourism referrals ---- */

enum err_code referral_record(struct store *st, const struct principal *who, int64_t route_id,
			      const struct referral_input *in, int32_t today, struct err *e)
{
	enum err_code rc;
	struct route_rec r;
	struct alliance a;
	int32_t first;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->edu->route_get(st, route_id, &r, e)) ||
	    (rc = within_reach(st, who, r.alliance_id, "线路", e)) ||
	    (rc = st->org->alliance_get(st, r.alliance_id, &a, e)))
		goto fail;
	if (strcmp(r.kind, "tourism") != 0) {
		rc = err_set(e, ERR_INVALID, NULL, "只有文旅线路可以登记客源互送");
		goto fail;
	}
	if (economy_month_parse(in->month, &first)) {
		rc = err_set(e, ERR_INVALID, "month", "月份格式应为 YYYY-MM");
		goto fail;
	}
	if (first < education_first_day() || first > education_last_day(today)) {
		rc = err_set(e, ERR_INVALID, "month", "月份应在 2000-01 至明年本月之间");
		goto fail;
	}
	if (strlen(in->from_county) != 6 || !alliance_covers(&a, in->from_county)) {
		rc = err_set(e, ERR_INVALID, "from_county", "县（市）%s 不在本联建范围内", in->from_county);
		goto fail;
	}
	if (strlen(in->to_county) != 6 || !alliance_covers(&a, in->to_county)) {
		rc = err_set(e, ERR_INVALID, "to_county", "县（市）%s 不在本联建范围内", in->to_county);
		goto fail;
	}
	if (strcmp(in->from_county, in->to_county) == 0) {
		rc = err_set(e, ERR_INVALID, "to_county", "送出与接收的县（市）不能相同");
		goto fail;
	}
	if (in->visitors <= 0) {
		rc = err_set(e, ERR_INVALID, "visitors", "游客人数应大于 0");
		goto fail;
	}
	if (!policy_can_edit_site(who, a.id, in->from_county) &&
	    !policy_can_edit_site(who, a.id, in->to_county)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有联建管理员或相关县（市）的管理员可以登记客源互送");
		goto fail;
	}
	struct referral x;
	memset(&x, 0, sizeof(x));
	x.alliance_id = a.id;
	x.route_id = route_id;
	snprintf(x.month, sizeof(x.month), "%s", in->month);
	snprintf(x.from_county, sizeof(x.from_county), "%s", in->from_county);
	snprintf(x.to_county, sizeof(x.to_county), "%s", in->to_county);
	x.visitors = in->visitors;
	x.created_by = who->user_id;
	x.at_ms = date_now_ms();
	char after[200];
	snprintf(after, sizeof(after), "{\"route_id\":%lld,\"month\":\"%s\",\"from_county\":\"%s\","
		 "\"to_county\":\"%s\",\"visitors\":%lld}", (long long)route_id, x.month,
		 x.from_county, x.to_county, (long long)x.visitors);
	if ((rc = st->economy->referral_put(st, &x, e)) ||
	    (rc = audit_record_json(st, who, "route.referral", "route", route_id, NULL, after, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	return ERR_OK;
fail:
	st->ops->rollback(st);
	return rc;
}

enum err_code referrals_read(struct store *st, const struct principal *who, int64_t route_id,
			     struct referral **out, size_t *out_n, struct err *e)
{
	struct route_rec r;
	enum err_code rc;
	*out = NULL;
	*out_n = 0;
	if ((rc = st->edu->route_get(st, route_id, &r, e)) ||
	    (rc = within_reach(st, who, r.alliance_id, "线路", e)))
		return rc;
	return st->economy->referrals(st, route_id, out, out_n, e);
}

/* ---- fair sales ---- */

static enum err_code check_sale(struct store *st, const struct sale_input *s, size_t i,
				const struct alliance *a, struct fair_sale_item *out,
				struct err *e)
{
	struct err ignored;
	int given = (s->org_id != 0) + (s->enterprise_id != 0) + (s->label != NULL);
	memset(out, 0, sizeof(*out));
	if (given != 1)
		return err_set(e, ERR_INVALID, "items",
			       "第 %zu 项应恰好填写 org_id、enterprise_id、label 之一", i + 1);
	if (s->org_id) {
		struct org o;
		if (st->org->org_get(st, s->org_id, &o, &ignored) != ERR_OK ||
		    !alliance_covers(a, o.division_code))
			return err_set(e, ERR_INVALID, "items", "第 %zu 项的党组织不存在或不在本联建范围内",
				       i + 1);
	}
	if (s->enterprise_id) {
		struct enterprise n;
		if (st->economy->enterprise_get(st, s->enterprise_id, &n, &ignored) != ERR_OK ||
		    n.alliance_id != a->id)
			return err_set(e, ERR_INVALID, "items", "第 %zu 项的企业不存在或不属于本联建",
				       i + 1);
	}
	if (s->label && blank(s->label))
		return err_set(e, ERR_INVALID, "items", "第 %zu 项的名称不能为空", i + 1);
	if (s->amount_fen < 0 || s->amount_fen > ECONOMY_AMOUNT_MAX_FEN)
		return err_set(e, ERR_INVALID, "items", "第 %zu 项的金额应在 0 至 1000 亿元之间", i + 1);
	out->org_id = s->org_id;
	out->enterprise_id = s->enterprise_id;
	snprintf(out->label, sizeof(out->label), "%s", s->label ? s->label : "");
	out->amount_fen = s->amount_fen;
	return ERR_OK;
}

enum err_code fair_sales_record(struct store *st, const struct principal *who,
				int64_t activity_id, const struct sales_input *in, struct err *e)
{
	enum err_code rc;
	struct activity act;
	struct alliance a;
	struct unit u;
	struct err ignored;
	int64_t total = 0;
	struct fair_sale_item *items = calloc(in->n_items + 1, sizeof(*items));
	if (!items)
		abort();
	if ((rc = st->ops->begin_write(st, e))) {
		free(items);
		return rc;
	}
	if ((rc = st->edu->activity_get(st, activity_id, &act, e)) ||
	    (rc = within_reach(st, who, act.alliance_id, "活动", e)) ||
	    (rc = st->org->alliance_get(st, act.alliance_id, &a, e)))
		goto fail;
	int has_unit = act.unit_id && st->org->unit_get(st, act.unit_id, &u, &ignored) == ERR_OK;
	if (!policy_can_manage_activity(st, who, act.alliance_id, act.county_code,
					has_unit ? &u : NULL)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL,
			     "只有联建管理员、主办方所在县（市）的管理员或本单位负责人可以登记销售");
		goto fail;
	}
	if (strcmp(act.kind, "fair") != 0) {
		rc = err_set(e, ERR_INVALID, NULL, "只有特色产品展销会可以登记销售");
		goto fail;
	}
	if (!(in->hours > 0.0) || in->hours > 720.0) {
		rc = err_set(e, ERR_INVALID, "hours", "时长应大于 0 小时且不超过 720 小时");
		goto fail;
	}
	for (size_t i = 0; i < in->n_items; i++) {
		if ((rc = check_sale(st, &in->items[i], i, &a, &items[i], e)))
			goto fail;
		if (money_add(total, items[i].amount_fen, &total)) {
			rc = err_set(e, ERR_INVALID, "items", "销售额合计超出范围");
			goto fail;
		}
	}
	int64_t minutes = (int64_t)(in->hours * 60.0 + 0.5);
	char after[200];
	snprintf(after, sizeof(after), "{\"activity_id\":%lld,\"minutes\":%lld,\"items\":%zu,"
		 "\"total_fen\":%lld}", (long long)activity_id, (long long)minutes, in->n_items,
		 (long long)total);
	if ((rc = st->economy->fair_sales_set(st, activity_id, act.alliance_id, minutes, items,
					      in->n_items, who->user_id, date_now_ms(), e)) ||
	    (rc = audit_record_json(st, who, "activity.sales", "activity", activity_id, NULL, after,
				    e)) ||
	    (rc = st->ops->commit(st, e)))
		goto fail;
	free(items);
	return ERR_OK;
fail:
	st->ops->rollback(st);
	free(items);
	return rc;
}

enum err_code fair_sales_view_get(struct store *st, int64_t activity_id,
				  struct fair_sales_view *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	enum err_code rc = st->economy->fair_sales_get(st, activity_id, &out->minutes, &out->items,
						       &out->n_items, e);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc) {
		fair_sales_view_release(out);
		return rc;
	}
	out->recorded = 1;
	for (size_t i = 0; i < out->n_items; i++)
		if (money_add(out->total_fen, out->items[i].amount_fen, &out->total_fen)) {
			fair_sales_view_release(out);
			return err_set(e, ERR_INTERNAL, NULL, "销售额合计超出范围");
		}
	return ERR_OK;
}

void fair_sales_view_release(struct fair_sales_view *v)
{
	free(v->items);
	v->items = NULL;
	v->n_items = 0;
}
