/*
 * ledger_import.c - imports from a sheet (ledger.h): people, organisations
 * and an activity's participants. Each row goes through the domain
 * operation a form would call, so an imported record obeys exactly the
 * rules and permissions of one entered by hand; the whole import is one
 * write transaction that commits only when every row passed and it is not
 * a dry run.
 */
#include "domain/ledger.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/date.h"
#include "core/log.h"
#include "core/utf8.h"
#include "domain/audit.h"
#include "core/money.h"
#include "domain/economy.h"
#include "domain/education.h"
#include "domain/org.h"
#include "domain/reach.h"
#include "domain/vocab.h"
#include "store/store_economy.h"
#include "store/store_org.h"

/* A column of an import: its title in the file and the domain's field name
 * whose errors belong to it. */
struct imp_col {
	const char *title;
	const char *field;
	int required;
	size_t max_chars;
	const char *example;
};

#define IMP_MAX_COLS 8

static const struct imp_col people_cols[] = {
	{ "姓名", "name", 1, PERSON_NAME_MAX_CHARS, "张三" },
	{ "党组织", "org_id", 1, ORG_NAME_MAX_CHARS, "坡子村党支部" },
	{ "职务", "position", 1, PERSON_POSITION_MAX_CHARS, "党支部书记" },
	{ "手机", "phone", 0, 16, "13800138000" },
	{ NULL, NULL, 0, 0, NULL }
};
static const struct imp_col org_cols[] = {
	{ "名称", "name", 1, ORG_NAME_MAX_CHARS, "坡子村党支部" },
	{ "区划代码", "division", 1, 12, "450922108216" },
	{ "类型", "kind", 1, 16, "村党组织" },
	{ NULL, NULL, 0, 0, NULL }
};
static const struct imp_col participant_cols[] = {
	{ "姓名", "person_ids", 0, PERSON_NAME_MAX_CHARS, "张三" },
	{ "党组织", "org", 0, ORG_NAME_MAX_CHARS, "坡子村党支部" },
	{ "县（市）代码", "headcount", 0, 6, "" },
	{ "人数", "persons", 0, 9, "" },
	{ NULL, NULL, 0, 0, NULL }
};
static const struct imp_col enterprise_cols[] = {
	{ "企业名称", "name", 1, ENTERPRISE_NAME_MAX_CHARS, "陆川县橘红种植专业合作社" },
	{ "统一社会信用代码", "uscc", 1, 18, "" },
	{ "区划代码", "division", 1, 12, "450922108216" },
	{ "行业", "industry", 1, 16, "农业" },
	{ NULL, NULL, 0, 0, NULL }
};
static const struct imp_col financing_cols[] = {
	{ "统一社会信用代码", "enterprise_id", 1, 18, "" },
	{ "金融机构", "lender", 1, LENDER_MAX_CHARS, "陆川县农村信用合作联社" },
	{ "金额（元）", "amount_fen", 1, 24, "500000.00" },
	{ "日期", "on", 1, 10, "2026-03-01" },
	{ "状态", "status", 1, 8, "已获批" },
	{ NULL, NULL, 0, 0, NULL }
};
static const struct imp_col *const imp_cols[IMPORT_COUNT] = {
	[IMPORT_ENTERPRISES] = enterprise_cols,
	[IMPORT_FINANCING] = financing_cols,
	[IMPORT_PEOPLE] = people_cols,
	[IMPORT_ORGS] = org_cols,
	[IMPORT_PARTICIPANTS] = participant_cols,
};
static const char *const import_names[IMPORT_COUNT] = {
	[IMPORT_PEOPLE] = "people", [IMPORT_ORGS] = "orgs",
	[IMPORT_PARTICIPANTS] = "participants", [IMPORT_ENTERPRISES] = "enterprises",
	[IMPORT_FINANCING] = "financing",
};

int ledger_import_by_name(const char *name)
{
	for (int i = 0; i < IMPORT_COUNT; i++)
		if (i != IMPORT_PARTICIPANTS && name && strcmp(name, import_names[i]) == 0)
			return i;
	return -1;
}

/* ---- results ------------------------------------------------------------------ */

static void add_error(struct import_result *r, int32_t row, const char *column, const char *msg)
{
	if (r->n_errors >= IMPORT_MAX_ERRORS) {
		r->more_errors = 1;
		return;
	}
	if (!r->errors) {
		r->errors = calloc(IMPORT_MAX_ERRORS, sizeof(*r->errors));
		if (!r->errors)
			abort();
	}
	struct import_error *x = &r->errors[r->n_errors++];
	x->row = row;
	snprintf(x->column, sizeof(x->column), "%s", column ? column : "");
	utf8_copy_trunc(x->message, sizeof(x->message), msg);
}

void ledger_import_release(struct import_result *r)
{
	free(r->errors);
	memset(r, 0, sizeof(*r));
}

/* ---- reading rows --------------------------------------------------------------- */

struct row {
	int32_t no;                       /* as the user sees it */
	int date1904;
	const char *v[IMP_MAX_COLS];      /* by import column; NULL: empty */
	char buf[IMP_MAX_COLS][SHEET_MAX_CELL_BYTES + 1];
};

/* Copies a cell's text without surrounding blanks (ASCII and U+3000). */
static const char *trimmed(const char *s, char *out, size_t size)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
	       strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += (*s == '\xE3') ? 3 : 1;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		     s[n - 1] == '\n' || (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)))
		n -= (s[n - 1] == '\x80') ? 3 : 1;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return n ? out : NULL;
}

struct header {
	int32_t sheet_col[IMP_MAX_COLS];  /* the sheet column of each import column; -1 */
	int n;
};

/* Maps the title row to the import's columns; errors for unknown, repeated
 * and missing required titles. */
static void read_header(const struct sheet *sh, const struct imp_col *cols, struct header *h,
			struct import_result *res)
{
	char t[SHEET_MAX_CELL_BYTES + 1];
	int32_t row = sh->rows[0];
	for (h->n = 0; cols[h->n].title; h->n++)
		h->sheet_col[h->n] = -1;
	for (size_t j = sh->row_start[0]; j < sh->row_start[1]; j++) {
		const char *title = trimmed(sh->cells[j].text, t, sizeof(t));
		if (!title)
			continue;
		int k = 0;
		while (k < h->n && strcmp(cols[k].title, title) != 0)
			k++;
		char colname[8];
		sheet_col_name(sh->cells[j].col, colname);
		char msg[256];
		if (k == h->n) {
			snprintf(msg, sizeof(msg), "未知的列（%s 列），请按模板填写列标题", colname);
			add_error(res, row, title, msg);
		} else if (h->sheet_col[k] >= 0) {
			add_error(res, row, title, "列标题重复");
		} else {
			h->sheet_col[k] = sh->cells[j].col;
		}
	}
	for (int k = 0; k < h->n; k++)
		if (cols[k].required && h->sheet_col[k] < 0)
			add_error(res, row, cols[k].title, "缺少此列");
}

/* Fills r from sheet row i; 0 when the row is blank. Values longer than
 * their column allows are errors of the row. */
static int read_row(const struct sheet *sh, size_t i, const struct imp_col *cols,
		    const struct header *h, struct row *r, struct import_result *res, int *bad)
{
	int any = 0;
	r->no = sh->rows[i];
	r->date1904 = sh->date1904;
	for (int k = 0; k < IMP_MAX_COLS; k++)
		r->v[k] = NULL;
	for (int k = 0; k < h->n; k++) {
		r->v[k] = NULL;
		if (h->sheet_col[k] < 0)
			continue;
		const struct sheet_cell *c = sheet_cell_at(sh, i, h->sheet_col[k]);
		if (!c)
			continue;
		r->v[k] = trimmed(c->text, r->buf[k], sizeof(r->buf[k]));
		if (!r->v[k])
			continue;
		any = 1;
		if (utf8_chars(r->v[k]) > cols[k].max_chars) {
			char msg[128];
			snprintf(msg, sizeof(msg), "内容过长（最多 %zu 个字）", cols[k].max_chars);
			add_error(res, r->no, cols[k].title, msg);
			*bad = 1;
		}
	}
	if (!any)
		return 0;
	for (int k = 0; k < h->n; k++)
		if (cols[k].required && !r->v[k]) {
			add_error(res, r->no, cols[k].title, "必填");
			*bad = 1;
		}
	return 1;
}

/* The column a domain error's field belongs to ("" when none does). */
static const char *column_of(const struct imp_col *cols, const char *field)
{
	for (int k = 0; field && cols[k].title; k++)
		if (strcmp(cols[k].field, field) == 0)
			return cols[k].title;
	return "";
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* An organisation named by its full name or its id, within who's reach;
 * fills msg when none or several. */
static int64_t find_org(struct store *st, const struct principal *who, const char *v, char *msg,
			size_t size, struct err *e, enum err_code *rc)
{
	struct org o;
	struct err e2;
	err_clear(&e2);
	*rc = ERR_OK;
	if (all_digits(v) && strlen(v) <= 18) {
		int64_t id = strtoll(v, NULL, 10);
		if (reach_org_get(st, who, id, &o, &e2) == ERR_OK)
			return id;
	}
	int64_t ids[8], found = 0;
	size_t n = 0, seen = 0;
	if ((*rc = st->ledger->org_ids_by_name(st, v, ids, 8, &n, e)))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (reach_org_get(st, who, ids[i], &o, &e2) != ERR_OK)
			continue;
		seen++;
		found = ids[i];
	}
	if (seen == 1)
		return found;
	snprintf(msg, size, "%s", seen ? "有多个同名党组织，请改填党组织编号" : "党组织不存在");
	return 0;
}

/* ---- the imports ------------------------------------------------------------------ */

static enum err_code import_person(struct store *st, const struct principal *who,
				   const struct row *r, struct import_result *res, struct err *e)
{
	char msg[128];
	enum err_code rc;
	int64_t org_id = find_org(st, who, r->v[1], msg, sizeof(msg), e, &rc);
	if (rc)
		return rc;
	if (!org_id) {
		add_error(res, r->no, "党组织", msg);
		return ERR_OK;
	}
	struct person_input in = { .name = r->v[0], .org_id = org_id, .position = r->v[2],
				   .phone = r->v[3] };
	struct person p;
	struct err e2;
	err_clear(&e2);
	rc = person_create(st, who, &in, &p, &e2);
	if (rc == ERR_STORE || rc == ERR_FULL || rc == ERR_INTERNAL) {
		*e = e2;
		return rc;
	}
	if (rc)
		add_error(res, r->no, column_of(people_cols, e2.field), e2.msg);
	else
		res->created++;
	return ERR_OK;
}

static enum err_code import_org(struct store *st, const struct principal *who,
				const struct row *r, struct import_result *res, struct err *e)
{
	const char *kind = r->v[2];
	for (const struct vocab_term *t = vocab_org_kinds; t->key; t++)
		if (strcmp(kind, t->label) == 0 || strcmp(kind, t->key) == 0)
			kind = t->key;
	if (!vocab_valid(vocab_org_kinds, kind)) {
		add_error(res, r->no, "类型", "类型应为：镇党委、村党组织或其他");
		return ERR_OK;
	}
	if (!all_digits(r->v[1])) {
		add_error(res, r->no, "区划代码", "区划代码应为 6、9 或 12 位数字");
		return ERR_OK;
	}
	struct org_input in = { .name = r->v[0], .division = r->v[1], .kind = kind };
	struct org o;
	struct err e2;
	err_clear(&e2);
	enum err_code rc = org_create(st, who, &in, &o, &e2);
	if (rc == ERR_STORE || rc == ERR_FULL || rc == ERR_INTERNAL) {
		*e = e2;
		return rc;
	}
	if (rc)
		add_error(res, r->no, column_of(org_cols, e2.field), e2.msg);
	else
		res->created++;
	return ERR_OK;
}

/* A label or key of vocabulary v; NULL when neither. */
static const char *vocab_key_of(const struct vocab_term *v, const char *s)
{
	for (; v->key; v++)
		if (strcmp(s, v->label) == 0 || strcmp(s, v->key) == 0)
			return v->key;
	return NULL;
}

static enum err_code domain_result(enum err_code rc, const struct err *e2,
				   const struct imp_col *cols, const struct row *r,
				   struct import_result *res, struct err *e)
{
	if (rc == ERR_STORE || rc == ERR_FULL || rc == ERR_INTERNAL) {
		*e = *e2;
		return rc;
	}
	if (rc)
		add_error(res, r->no, column_of(cols, e2->field), e2->msg);
	else
		res->created++;
	return ERR_OK;
}

static enum err_code import_enterprise(struct store *st, const struct principal *who,
				       int64_t alliance_id, const struct row *r,
				       struct import_result *res, struct err *e)
{
	const char *industry = vocab_key_of(vocab_industries, r->v[3]);
	if (!industry) {
		add_error(res, r->no, "行业", "行业不在词表内（见系统的行业列表）");
		return ERR_OK;
	}
	struct enterprise_input in = { .alliance_id = alliance_id, .name = r->v[0],
				       .uscc = r->v[1], .division = r->v[2], .industry = industry };
	struct enterprise *out = calloc(1, sizeof(*out));
	if (!out)
		abort();
	struct err e2;
	err_clear(&e2);
	enum err_code rc = enterprise_create(st, who, &in, out, &e2);
	free(out);
	return domain_result(rc, &e2, enterprise_cols, r, res, e);
}

static enum err_code import_financing(struct store *st, const struct principal *who,
				      int64_t alliance_id, const struct row *r,
				      struct import_result *res, struct err *e)
{
	int64_t ent = 0, fen = 0;
	int32_t on = SHEET_NO_DAY;
	struct err e2;
	err_clear(&e2);
	enum err_code rc = st->economy->enterprise_by_uscc(st, r->v[0], &ent, &e2);
	if (rc == ERR_NOT_FOUND) {
		add_error(res, r->no, "统一社会信用代码", "没有此统一社会信用代码的企业，请先导入企业");
		return ERR_OK;
	}
	if (rc) {
		*e = e2;
		return rc;
	}
	if (money_parse_yuan(r->v[2], &fen, "amount_fen", &e2)) {
		add_error(res, r->no, "金额（元）", e2.msg);
		return ERR_OK;
	}
	if (date_parse(r->v[3], &on) != 0)
		on = sheet_serial_day(r->v[3], r->date1904);
	if (on == SHEET_NO_DAY) {
		add_error(res, r->no, "日期", "日期应为 YYYY-MM-DD 或 Excel 日期");
		return ERR_OK;
	}
	const char *status = vocab_key_of(vocab_financing_statuses, r->v[4]);
	if (!status) {
		add_error(res, r->no, "状态", "状态应为：已申请、已获批或未获批");
		return ERR_OK;
	}
	struct financing_input in = { .alliance_id = alliance_id, .enterprise_id = ent,
				      .lender = r->v[1], .amount_fen = fen, .on = on,
				      .status = status };
	struct financing *out = calloc(1, sizeof(*out));
	if (!out)
		abort();
	err_clear(&e2);
	rc = financing_create(st, who, &in, date_today_shanghai(), out, &e2);
	free(out);
	return domain_result(rc, &e2, financing_cols, r, res, e);
}

/* The participants of one activity: what it has, plus the file's rows. */
struct part_state {
	struct participants_input in;
	char counties[ACTIVITY_MAX_HEADCOUNT][8];
};

static enum err_code import_participant(struct store *st, const struct principal *who,
					const struct row *r, struct part_state *ps,
					struct import_result *res, struct err *e)
{
	enum err_code rc;
	int named = r->v[0] || r->v[1], counted = r->v[2] || r->v[3];
	if (named == counted) {
		add_error(res, r->no, "", named ? "一行只能填写姓名和党组织，或县（市）代码和人数之一"
						: "请填写姓名和党组织，或县（市）代码和人数");
		return ERR_OK;
	}
	if (named) {
		if (!r->v[0] || !r->v[1]) {
			add_error(res, r->no, r->v[0] ? "党组织" : "姓名", "必填");
			return ERR_OK;
		}
		char msg[128];
		int64_t org_id = find_org(st, who, r->v[1], msg, sizeof(msg), e, &rc);
		if (rc)
			return rc;
		if (!org_id) {
			add_error(res, r->no, "党组织", msg);
			return ERR_OK;
		}
		int64_t ids[2];
		size_t n = 0;
		if ((rc = st->ledger->person_ids_by_name(st, org_id, r->v[0], ids, 2, &n, e)))
			return rc;
		if (n != 1) {
			add_error(res, r->no, "姓名",
				  n ? "该党组织有同名人员，请在系统中逐一添加" : "该党组织没有此人");
			return ERR_OK;
		}
		for (size_t i = 0; i < ps->in.n_person_ids; i++)
			if (ps->in.person_ids[i] == ids[0])
				return ERR_OK;     /* already a participant */
		if (ps->in.n_person_ids >= ACTIVITY_MAX_PEOPLE) {
			add_error(res, r->no, "姓名", "参加人员过多");
			return ERR_OK;
		}
		ps->in.person_ids[ps->in.n_person_ids++] = ids[0];
		res->created++;
		return ERR_OK;
	}
	if (!r->v[2] || !r->v[3]) {
		add_error(res, r->no, r->v[2] ? "人数" : "县（市）代码", "必填");
		return ERR_OK;
	}
	if (strlen(r->v[2]) != 6 || !all_digits(r->v[2])) {
		add_error(res, r->no, "县（市）代码", "应为 6 位县级区划代码");
		return ERR_OK;
	}
	if (!all_digits(r->v[3]) || strlen(r->v[3]) > 6) {
		add_error(res, r->no, "人数", "人数应为 0 至 999999 的整数");
		return ERR_OK;
	}
	int64_t persons = strtoll(r->v[3], NULL, 10);
	size_t k = 0;
	while (k < ps->in.n_headcount && strcmp(ps->counties[k], r->v[2]) != 0)
		k++;
	if (k == ps->in.n_headcount) {
		if (k >= ACTIVITY_MAX_HEADCOUNT) {
			add_error(res, r->no, "县（市）代码", "县（市）过多");
			return ERR_OK;
		}
		snprintf(ps->counties[k], sizeof(ps->counties[k]), "%s", r->v[2]);
		ps->in.headcount[k].county_code = ps->counties[k];
		ps->in.n_headcount++;
	}
	ps->in.headcount[k].persons = persons;   /* the file's count replaces the county's */
	res->created++;
	return ERR_OK;
}

static enum err_code participants_load(struct store *st, const struct principal *who,
				       int64_t activity_id, struct part_state *ps, struct err *e)
{
	struct activity_view *v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	enum err_code rc = activity_view_get(st, who, activity_id, v, e);
	if (!rc) {
		memcpy(ps->in.person_ids, v->participants, v->n_participants * sizeof(int64_t));
		ps->in.n_person_ids = v->n_participants;
		for (size_t i = 0; i < v->n_headcount && i < ACTIVITY_MAX_HEADCOUNT; i++) {
			snprintf(ps->counties[i], sizeof(ps->counties[i]), "%s",
				 v->headcount[i].county_code);
			ps->in.headcount[i].county_code = ps->counties[i];
			ps->in.headcount[i].persons = v->headcount[i].persons;
		}
		ps->in.n_headcount = v->n_headcount;
	}
	activity_view_release(v);
	free(v);
	return rc;
}

enum err_code ledger_import(struct store *st, const struct principal *who,
			    enum ledger_import_kind k, int64_t scope_id, const struct sheet *sh,
			    int dry_run, struct import_result *out, struct err *e)
{
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	if ((unsigned)k >= IMPORT_COUNT)
		return err_set(e, ERR_NOT_FOUND, NULL, "导入类型不存在");
	if (sh->n_rows < 1)
		return err_set(e, ERR_INVALID, NULL, "文件是空的：第一行应为列标题");
	const struct imp_col *cols = imp_cols[k];
	struct header h;
	read_header(sh, cols, &h, out);
	if (out->n_errors)
		return ERR_OK;
	if (sh->n_rows < 2)
		return err_set(e, ERR_INVALID, NULL, "文件只有列标题，没有数据行");

	struct row *r = malloc(sizeof(*r));
	struct part_state *ps = k == IMPORT_PARTICIPANTS ? calloc(1, sizeof(*ps)) : NULL;
	if (!r || (k == IMPORT_PARTICIPANTS && !ps))
		abort();
	if ((rc = st->ops->begin_write(st, e)))
		goto out;
	if (ps && (rc = participants_load(st, who, scope_id, ps, e)))
		goto rollback;
	int64_t rows = 0;
	for (size_t i = 1; i < sh->n_rows; i++) {
		int bad = 0;
		if (!read_row(sh, i, cols, &h, r, out, &bad))
			continue;
		rows++;
		if (bad)
			continue;
		if (k == IMPORT_PEOPLE)
			rc = import_person(st, who, r, out, e);
		else if (k == IMPORT_ORGS)
			rc = import_org(st, who, r, out, e);
		else if (k == IMPORT_ENTERPRISES)
			rc = import_enterprise(st, who, scope_id, r, out, e);
		else if (k == IMPORT_FINANCING)
			rc = import_financing(st, who, scope_id, r, out, e);
		else
			rc = import_participant(st, who, r, ps, out, e);
		if (rc)
			goto rollback;
	}
	if (ps && !out->n_errors) {
		struct err e2;
		err_clear(&e2);
		rc = activity_set_participants(st, who, scope_id, &ps->in, &e2);
		/* A row's fault is listed with the rows; an account that reads the
		 * activity but may not record its people is refused as a whole (403). */
		if (rc == ERR_INVALID) {
			add_error(out, sh->rows[0], "", e2.msg);
			rc = ERR_OK;
		} else if (rc) {
			*e = e2;
			goto rollback;
		}
	}
	if (out->n_errors || dry_run)
		goto rollback;
	char after[256];
	snprintf(after, sizeof(after), "{\"import\":\"%s\",\"scope_id\":%lld,\"rows\":%lld,"
		 "\"created\":%lld}", import_names[k], (long long)scope_id, (long long)rows,
		 (long long)out->created);
	if ((rc = audit_record_json(st, who, "ledger.import",
				    ps ? "activity" : scope_id ? "alliance" : "import", scope_id, NULL,
				    after, e)))
		goto rollback;
	rc = st->ops->commit(st, e);
	goto out;
rollback:
	st->ops->rollback(st);
out:
	free(r);
	free(ps);
	if (rc)
		ledger_import_release(out);
	return rc;
}

/* ---- templates ------------------------------------------------------------------- */

enum err_code ledger_import_template(enum ledger_import_kind k, const char *path,
				     struct err *e)
{
	if ((unsigned)k >= IMPORT_COUNT)
		return err_set(e, ERR_NOT_FOUND, NULL, "导入类型不存在");
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return err_set(e, ERR_INTERNAL, NULL, "无法生成模板");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "导入模板");
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@");   /* codes and phones stay text */
	const struct imp_col *cols = imp_cols[k];
	for (lxw_col_t c = 0; cols[c].title; c++) {
		worksheet_set_column(ws, c, c, 18, text);
		worksheet_write_string(ws, 0, c, cols[c].title, head);
		if (cols[c].example[0])
			worksheet_write_string(ws, 1, c, cols[c].example, text);
	}
	if (k == IMPORT_PARTICIPANTS) {
		worksheet_write_string(ws, 2, 2, "440881", text);
		worksheet_write_string(ws, 2, 3, "30", text);
	}
	worksheet_freeze_panes(ws, 1, 0);
	lxw_error le = workbook_close(wb);
	if (le) {
		log_error("import template: %s", lxw_strerror(le));
		return err_set(e, ERR_INTERNAL, NULL, "无法生成模板");
	}
	return ERR_OK;
}
