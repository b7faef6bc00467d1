/*
 * sheet_xlsx.c - the first worksheet of an .xlsx upload as a sheet
 * (sheet.h), read with libzip and expat (both Debian packages) rather than
 * a spreadsheet library: we need only cell text, and owning the reader lets
 * every hostile-file cap sit in one place.
 *
 * Parts read: xl/workbook.xml (the first sheet and the date system),
 * xl/_rels/workbook.xml.rels (where that sheet and the shared strings are),
 * xl/sharedStrings.xml and the worksheet. Each part is inflated in chunks
 * straight into expat, so a part never sits in memory whole; its declared
 * and actual sizes and its compression ratio are checked as it streams.
 * Any DOCTYPE stops the parser: OOXML never needs one, and refusing it
 * rules out entity expansion and external entities whatever expat allows.
 */
#include "core/sheet.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define SST_MAX_STRINGS 1000000
#define PATH_MAX_BYTES 200

/* State shared by the parts' handlers. */
struct xr {
	XML_Parser p;
	struct err *e;
	enum err_code rc;           /* first failure; the parser is stopped */
	struct sheet *sh;
	/* workbook.xml and its rels */
	char sheet_rid[64];
	char sheet_target[PATH_MAX_BYTES];
	char sst_target[PATH_MAX_BYTES];
	/* shared strings */
	char **sst;
	size_t n_sst, sst_alloc;
	int in_si, in_rph, in_t;
	/* the worksheet */
	int32_t row, col;           /* current row; last column seen in it */
	int in_c, in_v, in_is;
	int has_f;
	char c_type[16];
	struct buf text;
};

static const char *local(const char *name)
{
	const char *s = strrchr(name, '|');
	return s ? s + 1 : name;
}

static const char *attr(const char **atts, const char *lname)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), lname) == 0)
			return atts[i + 1];
	return NULL;
}

static void fail(struct xr *x, enum err_code code, const char *msg)
{
	if (!x->rc)
		x->rc = err_set(x->e, code, NULL, "%s", msg);
	XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	fail(ud, ERR_INVALID, "文件含有 DOCTYPE 或实体声明，已拒绝（不是正常的 Excel 文件）");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
			      const XML_Char *value, int value_length, const XML_Char *base,
			      const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_length, (void)base, (void)sysid;
	(void)pubid, (void)notation;
	fail(ud, ERR_INVALID, "文件含有 DOCTYPE 或实体声明，已拒绝（不是正常的 Excel 文件）");
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xr *x = ud;
	if (!(x->in_t || x->in_v))
		return;
	buf_add(&x->text, s, (size_t)len);
	if (x->text.overflow)
		fail(x, ERR_TOO_LARGE, "单元格内容过长");
}

/* ---- workbook.xml and rels ------------------------------------------------ */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		x->sh->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "sheet") == 0 && !x->sheet_rid[0]) {
		const char *id = attr(atts, "id");
		if (id)
			snprintf(x->sheet_rid, sizeof(x->sheet_rid), "%s", id);
	}
}

/* xl/ + a relative target, or an absolute one without its slash. */
static void part_path(char out[PATH_MAX_BYTES], const char *target)
{
	if (target[0] == '/')
		snprintf(out, PATH_MAX_BYTES, "%s", target + 1);
	else
		snprintf(out, PATH_MAX_BYTES, "xl/%s", target);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	if (strcmp(local(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
		   *target = attr(atts, "Target");
	if (!id || !type || !target)
		return;
	if (x->sheet_rid[0] && strcmp(id, x->sheet_rid) == 0)
		part_path(x->sheet_target, target);
	else if (ends_with(type, "/sharedStrings"))
		part_path(x->sst_target, target);
}

/* ---- sharedStrings.xml ----------------------------------------------------- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	(void)atts;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		buf_reset(&x->text);
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 1;  /* phonetic guide: not part of the text */
	} else if (strcmp(n, "t") == 0 && x->in_si && !x->in_rph) {
		x->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "si") == 0 && x->in_si) {
		x->in_si = 0;
		if (x->n_sst >= SST_MAX_STRINGS)
			return fail(x, ERR_TOO_LARGE, "共享字符串过多");
		if (x->n_sst == x->sst_alloc) {
			x->sst_alloc = x->sst_alloc ? x->sst_alloc * 2 : 256;
			x->sst = realloc(x->sst, x->sst_alloc * sizeof(*x->sst));
			if (!x->sst)
				abort();
		}
		x->sst[x->n_sst++] = strdup(x->text.data ? x->text.data : "");
		if (!x->sst[x->n_sst - 1])
			abort();
		if (x->sh->text_bytes + x->text.len > SHEET_MAX_TEXT_BYTES)
			return fail(x, ERR_TOO_LARGE, "表格内容过多");
		x->sh->text_bytes += x->text.len;   /* shared strings count too */
		buf_reset(&x->text);
	}
}

/* ---- the worksheet ----------------------------------------------------------- */

/* "B12" -> col 1 (the row part is checked against the row element's). */
static int ref_col(const char *r, int32_t *out_col, int32_t *out_row)
{
	int64_t c = 0, row = 0;
	const char *p = r;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		c = c * 26 + (*p - 'A' + 1);
		if (c > 100000)
			return -1;
	}
	if (p == r)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		row = row * 10 + (*p - '0');
		if (row > 10000000)
			return -1;
	}
	if (*p || row < 1)
		return -1;
	*out_col = (int32_t)(c - 1);
	*out_row = (int32_t)row;
	return 0;
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		int32_t next = x->row + 1;
		if (r) {
			char *end;
			long v = strtol(r, &end, 10);
			if (*end || v < 1 || v > 10000000)
				return fail(x, ERR_INVALID, "工作表的行号无效");
			next = (int32_t)v;
		}
		if (next <= x->row)
			return fail(x, ERR_INVALID, "工作表的行顺序错乱");
		if (next > SHEET_MAX_ROWS + 1) {
			x->rc = err_set(x->e, ERR_TOO_LARGE, NULL,
					"表格行数过多（最多 %d 行数据）", SHEET_MAX_ROWS);
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		x->row = next;
		x->col = -1;
	} else if (strcmp(n, "c") == 0) {
		if (x->row < 1)
			return fail(x, ERR_INVALID, "单元格不在行内");
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		int32_t col = x->col + 1, row = x->row;
		if (r && (ref_col(r, &col, &row) || row != x->row))
			return fail(x, ERR_INVALID, "单元格位置无效");
		if (col <= x->col)
			return fail(x, ERR_INVALID, "单元格顺序错乱");
		x->col = col;
		x->in_c = 1;
		x->has_f = 0;
		snprintf(x->c_type, sizeof(x->c_type), "%s", t ? t : "n");
		buf_reset(&x->text);
	} else if (x->in_c && strcmp(n, "f") == 0) {
		x->has_f = 1;
	} else if (x->in_c && strcmp(n, "v") == 0) {
		x->in_v = 1;
	} else if (x->in_c && strcmp(n, "is") == 0) {
		x->in_is = 1;
	} else if (x->in_is && strcmp(n, "rPh") == 0) {
		x->in_rph = 1;
	} else if (x->in_is && !x->in_rph && strcmp(n, "t") == 0) {
		x->in_t = 1;
	}
}

/* A number as Excel may write it ("1.3800138E10") as plain digits when it
 * is a whole number of at most 15 digits; other numbers are kept. */
static char *number_text(const char *s, size_t *len)
{
	if (strpbrk(s, "eE")) {
		char *end;
		double v = strtod(s, &end);
		if (!*end && v >= 0 && v < 1e15 && v == (double)(int64_t)v) {
			char tmp[32];
			int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)(int64_t)v);
			*len = (size_t)n;
			return strdup(tmp);
		}
	}
	*len = strlen(s);
	return strdup(s);
}

static void cell_done(struct xr *x)
{
	char ref[8];
	sheet_col_name(x->col, ref);
	if (x->has_f) {
		if (!x->rc)
			x->rc = err_set(x->e, ERR_INVALID, NULL,
					"第 %d 行 %s 列是公式：请先把公式“粘贴为数值”再导入",
					(int)x->row, ref);
		XML_StopParser(x->p, XML_FALSE);
		return;
	}
	const char *v = x->text.data ? x->text.data : "";
	enum sheet_kind kind = SHEET_TEXT;
	char *t = NULL;
	size_t len = 0;
	if (strcmp(x->c_type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (!*v || *end || i >= x->n_sst)
			return fail(x, ERR_INVALID, "单元格引用了不存在的共享字符串");
		t = strdup(x->sst[i]);
		len = strlen(x->sst[i]);
	} else if (strcmp(x->c_type, "n") == 0) {
		if (!*v)
			return;
		kind = SHEET_NUMBER;
		t = number_text(v, &len);
	} else if (strcmp(x->c_type, "b") == 0) {
		kind = SHEET_BOOL;
		t = strdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
		len = strlen(t ? t : "");
	} else {
		/* inlineStr, str, d (ISO 8601 text), e (an error such as #N/A) */
		t = strdup(v);
		len = x->text.len;
	}
	if (!t)
		abort();
	if (!len) {
		free(t);
		return;
	}
	enum err_code rc = sheet_add(x->sh, x->row, x->col, kind, t, len, x->e);
	if (rc) {
		x->rc = rc;
		XML_StopParser(x->p, XML_FALSE);
	}
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = local(name);
	if (strcmp(n, "c") == 0 && x->in_c) {
		x->in_c = x->in_v = x->in_is = x->in_t = x->in_rph = 0;
		cell_done(x);
	} else if (strcmp(n, "v") == 0) {
		x->in_v = 0;
	} else if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 0;
	}
}

/* ---- streaming a part into expat -------------------------------------------- */

/* Parses part name of za with the handlers; ERR_NOT_FOUND (e untouched)
 * when the part is absent and optional. */
static enum err_code parse_part(struct xr *x, zip_t *za, const char *name, int optional,
				XML_StartElementHandler start, XML_EndElementHandler end)
{
	zip_int64_t idx = zip_name_locate(za, name, 0);
	if (idx < 0) {
		if (optional)
			return ERR_NOT_FOUND;
		return err_set(x->e, ERR_INVALID, NULL, "不是有效的 Excel 文件（缺少 %s）", name);
	}
	zip_stat_t zs;
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) != 0)
		return err_set(x->e, ERR_INVALID, NULL, "不是有效的 Excel 文件（压缩包损坏）");
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > XLSX_MAX_PART_BYTES)
		return err_set(x->e, ERR_TOO_LARGE, NULL, "文件解压后过大（%s，疑似压缩炸弹），已拒绝", name);
	if ((zs.valid & ZIP_STAT_SIZE) && (zs.valid & ZIP_STAT_COMP_SIZE) &&
	    zs.size > ((zip_uint64_t)1 << 20) && zs.size / (zs.comp_size + 1) > XLSX_MAX_RATIO)
		return err_set(x->e, ERR_TOO_LARGE, NULL, "文件压缩比异常（疑似压缩炸弹），已拒绝");
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf)
		return err_set(x->e, ERR_INVALID, NULL, "不是有效的 Excel 文件（无法解压 %s）", name);

	x->p = XML_ParserCreateNS(NULL, '|');
	if (!x->p)
		abort();
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetEntityDeclHandler(x->p, on_entity);
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);

	char chunk[65536];
	zip_uint64_t total = 0;
	enum err_code rc = ERR_OK;
	for (;;) {
		zip_int64_t got = zip_fread(zf, chunk, sizeof(chunk));
		if (got < 0) {
			rc = err_set(x->e, ERR_INVALID, NULL, "不是有效的 Excel 文件（%s 解压失败）", name);
			break;
		}
		total += (zip_uint64_t)got;
		if (total > XLSX_MAX_PART_BYTES ||
		    (total > ((zip_uint64_t)1 << 20) &&
		     total / ((zs.valid & ZIP_STAT_COMP_SIZE ? zs.comp_size : 0) + 1) > XLSX_MAX_RATIO)) {
			rc = err_set(x->e, ERR_TOO_LARGE, NULL,
				     "文件解压后过大或压缩比异常（疑似压缩炸弹），已拒绝");
			break;
		}
		if (XML_Parse(x->p, chunk, (int)got, got == 0) == XML_STATUS_ERROR) {
			if (x->rc)
				rc = x->rc;
			else
				rc = err_set(x->e, ERR_INVALID, NULL,
					     "不是有效的 Excel 文件（%s 第 %lu 行 XML 错误：%s）", name,
					     (unsigned long)XML_GetCurrentLineNumber(x->p),
					     XML_ErrorString(XML_GetErrorCode(x->p)));
			break;
		}
		if (x->rc) {
			rc = x->rc;
			break;
		}
		if (got == 0)
			break;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return rc;
}

enum err_code sheet_read_xlsx(struct sheet *sh, const void *data, size_t len, struct err *e)
{
	enum err_code rc;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return err_set(e, ERR_INVALID, NULL, "不是有效的 Excel 文件");
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	zip_error_fini(&ze);
	if (!za) {
		zip_source_free(src);
		return err_set(e, ERR_INVALID, NULL, "不是有效的 Excel 文件（无法打开压缩包）");
	}
	struct xr x;
	memset(&x, 0, sizeof(x));
	x.e = e;
	x.sh = sh;
	buf_init(&x.text, SHEET_MAX_CELL_BYTES);

	zip_int64_t n_entries = zip_get_num_entries(za, 0);
	if (n_entries < 0 || n_entries > XLSX_MAX_ENTRIES) {
		rc = err_set(e, ERR_TOO_LARGE, NULL, "压缩包内文件过多（最多 %d 个）",
			     XLSX_MAX_ENTRIES);
		goto out;
	}
	rc = parse_part(&x, za, "xl/workbook.xml", 0, wb_start, NULL);
	if (rc)
		goto out;
	rc = parse_part(&x, za, "xl/_rels/workbook.xml.rels", 1, rels_start, NULL);
	if (rc && rc != ERR_NOT_FOUND)
		goto out;
	if (!x.sheet_target[0])
		snprintf(x.sheet_target, sizeof(x.sheet_target), "xl/worksheets/sheet1.xml");
	if (!x.sst_target[0])
		snprintf(x.sst_target, sizeof(x.sst_target), "xl/sharedStrings.xml");
	rc = parse_part(&x, za, x.sst_target, 1, sst_start, sst_end);
	if (rc && rc != ERR_NOT_FOUND)
		goto out;
	x.in_t = x.in_si = x.in_rph = 0;
	rc = parse_part(&x, za, x.sheet_target, 0, ws_start, ws_end);
	if (rc)
		goto out;
	rc = sheet_index(sh, e);
out:
	for (size_t i = 0; i < x.n_sst; i++)
		free(x.sst[i]);
	free(x.sst);
	buf_release(&x.text);
	zip_discard(za);
	return rc;
}
