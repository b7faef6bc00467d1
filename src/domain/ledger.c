/*
 * ledger.c - ledger exports (台账导出) as .xlsx with libxlsxwriter (Debian
 * package): a title row naming the alliance, the period and the export
 * time, a header row of Chinese titles (frozen, with an autofilter), then
 * one row per record straight from the store's stream. Dates are written
 * as Excel dates (serial numbers with a date format), money as numbers of
 * 元 with the format 0.00, computed from integer fen. constant_memory mode
 * flushes each row to a temporary file as the next one starts, so memory
 * stays flat however long the ledger is.
 */
#include "domain/ledger.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/date.h"
#include "core/log.h"
#include "domain/audit.h"
#include "domain/policy.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_org.h"

enum col_type {
	C_TEXT, C_INT, C_DAY, C_FEN, C_VOCAB,
	C_COUNTY_CODE,  /* not shown: decides whether the row's phone is shown */
	C_PHONE
};

struct col {
	const char *title;
	enum col_type type;
	const struct vocab_term *vocab;
	double width;
};

struct ledger_def {
	const char *name;
	const char *label;
	const struct col *cols;   /* one per store column, in its order */
};

static const struct col matter_cols[] = {
	{ "编号", C_INT, NULL, 8 }, { "事项名称", C_TEXT, NULL, 36 },
	{ "类别", C_VOCAB, vocab_categories, 16 }, { "类型", C_TEXT, NULL, 10 },
	{ "优先级", C_VOCAB, vocab_priorities, 8 }, { "状态", C_VOCAB, vocab_statuses, 8 },
	{ "提出党组织", C_TEXT, NULL, 24 }, { "县（市）", C_TEXT, NULL, 10 },
	{ "承办联建单位", C_TEXT, NULL, 24 }, { "提出日期", C_DAY, NULL, 12 },
	{ "办理期限", C_DAY, NULL, 12 }, { "解决日期", C_DAY, NULL, 12 },
	{ "解决情况", C_TEXT, NULL, 36 }, { "资金（元）", C_FEN, NULL, 14 },
	{ "受益人数", C_INT, NULL, 10 }, { "长度（米）", C_INT, NULL, 10 },
	{ "就业岗位", C_INT, NULL, 10 }, { NULL, 0, NULL, 0 }
};
static const struct col meeting_cols[] = {
	{ "编号", C_INT, NULL, 8 }, { "会议名称", C_TEXT, NULL, 36 },
	{ "召开日期", C_DAY, NULL, 12 }, { "联建单位", C_TEXT, NULL, 24 },
	{ "地点", C_TEXT, NULL, 16 }, { "议题数", C_INT, NULL, 8 },
	{ "出席人数", C_INT, NULL, 10 }, { "会议纪要", C_TEXT, NULL, 48 }, { NULL, 0, NULL, 0 }
};
static const struct col activity_cols[] = {
	{ "编号", C_INT, NULL, 8 }, { "活动名称", C_TEXT, NULL, 36 },
	{ "活动类型", C_VOCAB, vocab_activity_kinds, 14 }, { "条线", C_VOCAB, vocab_categories, 16 },
	{ "开始日期", C_DAY, NULL, 12 }, { "结束日期", C_DAY, NULL, 12 },
	{ "地点", C_TEXT, NULL, 16 }, { "承办党组织", C_TEXT, NULL, 24 },
	{ "县（市）", C_TEXT, NULL, 10 }, { "参加人数", C_INT, NULL, 10 },
	{ "参加人次", C_INT, NULL, 10 }, { "销售额（元）", C_FEN, NULL, 14 }, { NULL, 0, NULL, 0 }
};
static const struct col project_cols[] = {
	{ "编号", C_INT, NULL, 8 }, { "项目名称", C_TEXT, NULL, 36 },
	{ "项目类型", C_VOCAB, vocab_project_kinds, 10 }, { "条线", C_VOCAB, vocab_categories, 16 },
	{ "阶段", C_VOCAB, vocab_project_stages, 10 }, { "阶段日期", C_DAY, NULL, 12 },
	{ "计划投资（元）", C_FEN, NULL, 16 }, { "期内到位资金（元）", C_FEN, NULL, 18 },
	{ "带动就业", C_INT, NULL, 10 }, { "人均增收（元）", C_FEN, NULL, 14 },
	{ "长度（米）", C_INT, NULL, 10 }, { "先锋队人数", C_INT, NULL, 10 }, { NULL, 0, NULL, 0 }
};
static const struct col financing_cols[] = {
	{ "编号", C_INT, NULL, 8 }, { "企业名称", C_TEXT, NULL, 30 },
	{ "统一社会信用代码", C_TEXT, NULL, 22 }, { "金融机构", C_TEXT, NULL, 24 },
	{ "金额（元）", C_FEN, NULL, 16 }, { "日期", C_DAY, NULL, 12 },
	{ "状态", C_VOCAB, vocab_financing_statuses, 10 }, { NULL, 0, NULL, 0 }
};
static const struct col people_cols[] = {
	{ "编号", C_INT, NULL, 8 }, { "姓名", C_TEXT, NULL, 12 },
	{ "党组织", C_TEXT, NULL, 30 }, { "", C_COUNTY_CODE, NULL, 0 },
	{ "县（市）", C_TEXT, NULL, 10 }, { "职务", C_TEXT, NULL, 16 },
	{ "手机", C_PHONE, NULL, 14 }, { NULL, 0, NULL, 0 }
};

static const struct ledger_def ledgers[LEDGER_COUNT] = {
	[LEDGER_MATTERS] = { "matters", "重大事项", matter_cols },
	[LEDGER_MEETINGS] = { "meetings", "联席会议", meeting_cols },
	[LEDGER_ACTIVITIES] = { "activities", "联建活动", activity_cols },
	[LEDGER_PROJECTS] = { "projects", "联建项目", project_cols },
	[LEDGER_FINANCING] = { "financing", "政金企对接", financing_cols },
	[LEDGER_PEOPLE] = { "people", "人员", people_cols },
};

int ledger_by_name(const char *name)
{
	for (int i = 0; i < LEDGER_COUNT; i++)
		if (name && strcmp(name, ledgers[i].name) == 0)
			return i;
	return -1;
}

const char *ledger_name(enum ledger l)
{
	return ledgers[l].name;
}

const char *ledger_label(enum ledger l)
{
	return ledgers[l].label;
}

/* ---- writing ---------------------------------------------------------------- */

/* Excel's serial of day 0 (1970-01-01) in the 1900 date system. */
#define EXCEL_EPOCH_1970 25569

struct export_ctx {
	struct store *st;
	const struct principal *who;
	const struct ledger_def *def;
	lxw_worksheet *ws;
	lxw_format *f_date, *f_money, *f_text;
	lxw_row_t row;
	int64_t rows;
	/* phone visibility by county, remembered for the export */
	struct {
		char county[8];
		int visible;
	} phone[16];
	int n_phone;
	const char *county;        /* the row's C_COUNTY_CODE value */
};

static int phone_visible(struct export_ctx *c, const char *county)
{
	for (int i = 0; i < c->n_phone; i++)
		if (strcmp(c->phone[i].county, county) == 0)
			return c->phone[i].visible;
	int v = policy_can_view_phone(c->st, c->who, county);
	if (c->n_phone < 16) {
		snprintf(c->phone[c->n_phone].county, sizeof(c->phone[0].county), "%s", county);
		c->phone[c->n_phone++].visible = v;
	}
	return v;
}

/* "13812345678" -> "138****5678"; other text: "****". */
static void mask_phone(const char *p, char out[16])
{
	if (strlen(p) == 11)
		snprintf(out, 16, "%.3s****%s", p, p + 7);
	else
		snprintf(out, 16, "****");
}

static enum err_code put_row(void *ctx, const struct ledger_value *v, int n, struct err *e)
{
	struct export_ctx *c = ctx;
	lxw_col_t col = 0;
	lxw_error le = LXW_NO_ERROR;
	c->county = "";
	for (int i = 0; i < n && c->def->cols[i].title; i++)
		if (c->def->cols[i].type == C_COUNTY_CODE)
			c->county = v[i].text;
	for (int i = 0; i < n && c->def->cols[i].title && !le; i++) {
		const struct col *k = &c->def->cols[i];
		if (k->type == C_COUNTY_CODE)
			continue;
		lxw_col_t at = col++;
		if (v[i].is_null || (!v[i].is_int && !v[i].text[0]))
			continue;
		switch (k->type) {
		case C_INT:
			le = worksheet_write_number(c->ws, c->row, at, (double)v[i].i, NULL);
			break;
		case C_FEN:
			/* fen / 100 rounded once to the nearest double: exact to the fen
			 * for any amount below 2^53 fen */
			le = worksheet_write_number(c->ws, c->row, at, (double)v[i].i / 100.0,
						    c->f_money);
			break;
		case C_DAY: {
			int32_t d;
			if (date_parse(v[i].text, &d) == 0)
				le = worksheet_write_number(c->ws, c->row, at,
							    (double)d + EXCEL_EPOCH_1970, c->f_date);
			else
				le = worksheet_write_string(c->ws, c->row, at, v[i].text, c->f_text);
			break;
		}
		case C_VOCAB:
			le = worksheet_write_string(c->ws, c->row, at, vocab_label(k->vocab, v[i].text),
						    c->f_text);
			break;
		case C_PHONE: {
			char masked[16];
			const char *p = v[i].text;
			if (!phone_visible(c, c->county)) {
				mask_phone(p, masked);
				p = masked;
			}
			le = worksheet_write_string(c->ws, c->row, at, p, c->f_text);
			break;
		}
		default:
			le = worksheet_write_string(c->ws, c->row, at, v[i].text, c->f_text);
			break;
		}
	}
	if (le) {
		log_error("ledger export: row %lld: %s", (long long)c->rows, lxw_strerror(le));
		return err_set(e, ERR_INTERNAL, NULL, "导出失败");
	}
	c->row++;
	c->rows++;
	return ERR_OK;
}

static int n_shown(const struct col *cols, int *out_total)
{
	int shown = 0, total = 0;
	for (; cols[total].title; total++)
		if (cols[total].type != C_COUNTY_CODE)
			shown++;
	*out_total = total;
	return shown;
}

static void period_text(int32_t from, int32_t to, char out[64])
{
	char a[11], b[11];
	if (from == INT32_MIN && to == INT32_MAX) {
		snprintf(out, 64, "全部");
		return;
	}
	if (from == INT32_MIN)
		snprintf(a, sizeof(a), "起始");
	else
		date_format(from, a);
	if (to == INT32_MAX)
		snprintf(b, sizeof(b), "今");
	else
		date_format(to, b);
	snprintf(out, 64, "%s 至 %s", a, b);
}

static lxw_workbook *open_book(const char *path)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL,
				     .use_zip64 = LXW_FALSE };
	return workbook_new_opt(path, &opt);
}

enum err_code ledger_export(struct store *st, const struct principal *who, enum ledger l,
			    int64_t alliance_id, int32_t from, int32_t to, const char *path,
			    int64_t *out_rows, struct err *e)
{
	enum err_code rc;
	struct alliance a;
	if ((unsigned)l >= LEDGER_COUNT)
		return err_set(e, ERR_NOT_FOUND, NULL, "台账不存在");
	if ((rc = reach_alliance_get(st, who, alliance_id, &a, e)))
		return rc;
	const struct ledger_def *def = &ledgers[l];
	int total;
	int shown = n_shown(def->cols, &total);

	lxw_workbook *wb = open_book(path);
	if (!wb)
		return err_set(e, ERR_INTERNAL, NULL, "导出失败：无法创建文件");
	lxw_worksheet *ws = workbook_add_worksheet(wb, def->label);
	lxw_format *f_title = workbook_add_format(wb);
	format_set_bold(f_title);
	format_set_font_size(f_title, 14);
	lxw_format *f_head = workbook_add_format(wb);
	format_set_bold(f_head);
	format_set_bg_color(f_head, 0xDDEBF7);
	format_set_border(f_head, LXW_BORDER_THIN);
	format_set_text_wrap(f_head);
	struct export_ctx c;
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.who = who;
	c.def = def;
	c.ws = ws;
	c.f_date = workbook_add_format(wb);
	format_set_num_format(c.f_date, "yyyy-mm-dd");
	c.f_money = workbook_add_format(wb);
	format_set_num_format(c.f_money, "0.00");
	c.f_text = NULL;

	/* column widths and the freeze go before any row in constant_memory mode */
	lxw_col_t col = 0;
	for (int i = 0; i < total; i++)
		if (def->cols[i].type != C_COUNTY_CODE) {
			worksheet_set_column(ws, col, col, def->cols[i].width, NULL);
			col++;
		}
	worksheet_freeze_panes(ws, 2, 0);

	char period[64], title[512], now[32];
	period_text(from, to, period);
	date_format_iso_ms(date_now_ms(), now);
	now[16] = '\0';         /* "YYYY-MM-DDTHH:MM" */
	now[10] = ' ';
	snprintf(title, sizeof(title), "%s · %s台账　期间：%s　导出时间：%s", a.name, def->label,
		 period, now);
	worksheet_write_string(ws, 0, 0, title, f_title);
	col = 0;
	for (int i = 0; i < total; i++)
		if (def->cols[i].type != C_COUNTY_CODE)
			worksheet_write_string(ws, 1, col++, def->cols[i].title, f_head);
	c.row = 2;

	/* one snapshot for the whole stream */
	if ((rc = st->ops->begin_read(st, e)))
		goto fail;
	rc = st->ledger->each(st, l, alliance_id, from, to, put_row, &c, e);
	st->ops->rollback(st);
	if (rc)
		goto fail;
	worksheet_autofilter(ws, 1, 0, c.row > 2 ? c.row - 1 : 2, (lxw_col_t)(shown - 1));
	lxw_error le = workbook_close(wb);
	wb = NULL;
	if (le) {
		log_error("ledger export: %s", lxw_strerror(le));
		return err_set(e, ERR_INTERNAL, NULL, "导出失败");
	}

	/* the audit: who took which ledger (personal data included) and how much */
	char after[256], f[11] = "", t[11] = "";
	if (from != INT32_MIN)
		date_format(from, f);
	if (to != INT32_MAX)
		date_format(to, t);
	snprintf(after, sizeof(after),
		 "{\"ledger\":\"%s\",\"alliance_id\":%lld,\"from\":\"%s\",\"to\":\"%s\",\"rows\":%lld}",
		 def->name, (long long)alliance_id, f, t, (long long)c.rows);
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = audit_record_json(st, who, "ledger.export", "alliance", alliance_id, NULL, after,
				    e))) {
		st->ops->rollback(st);
		return rc;
	}
	if ((rc = st->ops->commit(st, e)))
		return rc;
	*out_rows = c.rows;
	return ERR_OK;
fail:
	/* workbook_close also frees; its file is the caller's to remove */
	workbook_close(wb);
	return rc;
}
