/* Unit tests for src/core/sheet*.c, the import readers: .xlsx files written
 * by openpyxl (tests/unit/data, made with tests/lib/xlsx_tool.py: inline
 * and shared strings, dates, numbers), workbooks built here with libzip to
 * reach each refusal (formula, DOCTYPE, zip bomb by declared size and by
 * ratio, too many entries, rows and columns, a bad shared-string index,
 * rich text and phonetic runs, cells without references, the 1904 date
 * system), the CSV decoder (UTF-8 with and without BOM, GB18030, UTF-16,
 * NUL bytes, bad quoting, caps) and the date serials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include <cmocka.h>

#include "assert_ext.h"
#include "core/date.h"
#include "core/sheet.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* A zip in memory holding n parts {name, body}; *len its size. */
static char *make_zip(const char *const (*parts)[2], size_t n, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i][1], strlen(parts[i][1]), 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, parts[i][0], s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	char *out = malloc(st.size ? st.size : 1);
	assert_non_null(out);
	assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

#define WB "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/" \
	"spreadsheetml/2006/main\"><sheets><sheet name=\"S\" sheetId=\"1\"/></sheets></workbook>"
#define WS_HEAD "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/" \
	"spreadsheetml/2006/main\"><sheetData>"
#define WS_TAIL "</sheetData></worksheet>"

/* Reads a workbook of workbook.xml + the given sheet (+ shared strings). */
static enum err_code read_sheet(const char *sheet_xml, const char *sst_xml, struct sheet *sh,
				struct err *e)
{
	const char *parts[3][2] = { { "xl/workbook.xml", WB },
				    { "xl/worksheets/sheet1.xml", sheet_xml },
				    { "xl/sharedStrings.xml", sst_xml } };
	size_t len;
	char *z = make_zip(parts, sst_xml ? 3 : 2, &len);
	memset(sh, 0, sizeof(*sh));
	err_clear(e);
	enum err_code rc = sheet_read_xlsx(sh, z, len, e);
	free(z);
	return rc;
}

static const char *text_at(const struct sheet *sh, size_t row_i, int32_t col)
{
	const struct sheet_cell *c = sheet_cell_at(sh, row_i, col);
	return c ? c->text : "";
}

static void check_openpyxl(const char *path)
{
	size_t len;
	char *data = slurp(path, &len);
	struct sheet sh;
	struct err e;
	memset(&sh, 0, sizeof(sh));
	err_clear(&e);
	assert_int_equal(sheet_read_xlsx(&sh, data, len, &e), ERR_OK);
	assert_int_equal(sh.n_rows, 3);
	assert_int_equal(sh.rows[0], 1);
	assert_string_equal(text_at(&sh, 0, 0), "姓名");
	assert_string_equal(text_at(&sh, 0, 3), "金额");
	assert_string_equal(text_at(&sh, 1, 0), "张三");
	const struct sheet_cell *d = sheet_cell_at(&sh, 1, 1);
	assert_non_null(d);
	assert_int_equal(d->kind, SHEET_NUMBER);
	char iso[11];
	date_format(sheet_serial_day(d->text, sh.date1904), iso);
	assert_string_equal(iso, "2024-05-01");
	date_format(sheet_serial_day(text_at(&sh, 2, 1), 0), iso);
	assert_string_equal(iso, "1999-12-31");
	assert_string_equal(text_at(&sh, 1, 2), "42");
	assert_string_equal(text_at(&sh, 1, 3), "1234.5");
	assert_string_equal(text_at(&sh, 2, 2), "13800138000");
	assert_null(sheet_cell_at(&sh, 2, 3));
	sheet_release(&sh);
	free(data);
}

static void test_openpyxl_inline(void **state)
{
	(void)state;
	check_openpyxl("tests/unit/data/openpyxl-inline.xlsx");
}

static void test_openpyxl_shared(void **state)
{
	(void)state;
	check_openpyxl("tests/unit/data/openpyxl-shared.xlsx");
}

static void test_rich_text_phonetic_and_implicit_refs(void **state)
{
	(void)state;
	struct sheet sh;
	struct err e;
	const char *sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			  "<si><r><t>坡子</t></r><r><t xml:space=\"preserve\">村 </t></r>"
			  "<rPh><t>ぽし</t></rPh></si><si><t>B</t></si></sst>";
	const char *ws = WS_HEAD "<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
			 "<c t=\"b\"><v>1</v></c></row><row r=\"5\"><c r=\"C5\"><v>1.3800138E10</v></c>"
			 "<c t=\"str\"></c></row>" WS_TAIL;
	assert_int_equal(read_sheet(ws, sst, &sh, &e), ERR_OK);
	assert_int_equal(sh.n_rows, 2);
	assert_string_equal(text_at(&sh, 0, 0), "坡子村 ");
	assert_string_equal(text_at(&sh, 0, 1), "B");
	assert_string_equal(text_at(&sh, 0, 2), "TRUE");
	assert_int_equal(sh.rows[1], 5);
	assert_string_equal(text_at(&sh, 1, 2), "13800138000");
	sheet_release(&sh);
}

static void refused(const char *ws, const char *sst, enum err_code code, const char *needle)
{
	struct sheet sh;
	struct err e;
	assert_int_equal(read_sheet(ws, sst, &sh, &e), code);
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
	sheet_release(&sh);
}

static void test_refusals(void **state)
{
	(void)state;
	refused(WS_HEAD "<row r=\"1\"><c r=\"B1\"><f>1+1</f><v>2</v></c></row>" WS_TAIL, NULL,
		ERR_INVALID, "公式");
	refused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
		"<worksheet><sheetData/></worksheet>", NULL, ERR_INVALID, "DOCTYPE");
	refused("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\">"
		"<worksheet><sheetData/></worksheet>", NULL, ERR_INVALID, "DOCTYPE");
	refused(WS_HEAD "<row r=\"1\"><c t=\"s\"><v>7</v></c></row>" WS_TAIL,
		"<sst><si><t>x</t></si></sst>", ERR_INVALID, "共享字符串");
	refused(WS_HEAD "<row r=\"2\"/><row r=\"1\"/>" WS_TAIL, NULL, ERR_INVALID, "行顺序");
	refused(WS_HEAD "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>" WS_TAIL,
		NULL, ERR_INVALID, "顺序");
	refused(WS_HEAD "<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>" WS_TAIL, NULL, ERR_INVALID,
		"位置");
	refused(WS_HEAD "<row r=\"20002\"><c><v>1</v></c></row>" WS_TAIL, NULL, ERR_TOO_LARGE, "行数");
	refused(WS_HEAD "<row r=\"1\"><c r=\"BZ1\"><v>1</v></c></row>" WS_TAIL, NULL, ERR_TOO_LARGE,
		"列数");
	refused(WS_HEAD "<row", NULL, ERR_INVALID, "XML");
	refused(WS_HEAD "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xff</t></is></c></row>"
		WS_TAIL, NULL, ERR_INVALID, "XML");
}

static void test_long_cell(void **state)
{
	(void)state;
	size_t n = SHEET_MAX_CELL_BYTES + 10;
	char *ws = malloc(n + 600);
	assert_non_null(ws);
	int k = snprintf(ws, 300, WS_HEAD "<row r=\"1\"><c t=\"inlineStr\"><is><t>");
	memset(ws + k, 'x', n);
	snprintf(ws + k + n, 300, "</t></is></c></row>" WS_TAIL);
	refused(ws, NULL, ERR_TOO_LARGE, "过长");
	free(ws);
}

static void test_zip_bombs(void **state)
{
	(void)state;
	/* 80 MiB of blanks: over the part cap (declared size) */
	size_t big = (size_t)80 << 20;
	char *ws = malloc(big + 600);
	assert_non_null(ws);
	int k = snprintf(ws, 300, WS_HEAD);
	memset(ws + k, ' ', big);
	snprintf(ws + k + big, 300, WS_TAIL);
	refused(ws, NULL, ERR_TOO_LARGE, "压缩炸弹");
	/* 4 MiB of blanks: under the cap, but compressed ~1000:1 */
	snprintf(ws + k + ((size_t)4 << 20), 300, WS_TAIL);
	refused(ws, NULL, ERR_TOO_LARGE, "压缩");
	free(ws);
}

static void test_too_many_entries(void **state)
{
	(void)state;
	char names[XLSX_MAX_ENTRIES + 1][32];
	const char *(*parts)[2] = calloc(XLSX_MAX_ENTRIES + 1, sizeof(*parts));
	assert_non_null(parts);
	for (int i = 0; i <= XLSX_MAX_ENTRIES; i++) {
		snprintf(names[i], sizeof(names[i]), "x/%d", i);
		parts[i][0] = names[i];
		parts[i][1] = "x";
	}
	size_t len;
	char *z = make_zip((const char *const (*)[2])parts, XLSX_MAX_ENTRIES + 1, &len);
	struct sheet sh;
	struct err e;
	memset(&sh, 0, sizeof(sh));
	assert_int_equal(sheet_read_xlsx(&sh, z, len, &e), ERR_TOO_LARGE);
	sheet_release(&sh);
	free(z);
	free(parts);
	/* not a zip at all */
	memset(&sh, 0, sizeof(sh));
	assert_int_equal(sheet_read_xlsx(&sh, "PK\x03\x04garbage", 11, &e), ERR_INVALID);
	sheet_release(&sh);
}

static void test_date1904(void **state)
{
	(void)state;
	const char *parts[2][2] = {
		{ "xl/workbook.xml",
		  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		  "<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\"/></sheets>"
		  "</workbook>" },
		{ "xl/worksheets/sheet1.xml",
		  WS_HEAD "<row r=\"1\"><c><v>0</v></c></row>" WS_TAIL },
	};
	size_t len;
	char *z = make_zip(parts, 2, &len);
	struct sheet sh;
	struct err e;
	memset(&sh, 0, sizeof(sh));
	assert_int_equal(sheet_read_xlsx(&sh, z, len, &e), ERR_OK);
	assert_int_equal(sh.date1904, 1);
	char iso[11];
	date_format(sheet_serial_day("0", sh.date1904), iso);
	assert_string_equal(iso, "1904-01-01");
	sheet_release(&sh);
	free(z);
}

static void test_serials(void **state)
{
	(void)state;
	char iso[11];
	date_format(sheet_serial_day("25569", 0), iso);
	assert_string_equal(iso, "1970-01-01");
	date_format(sheet_serial_day("61", 0), iso);
	assert_string_equal(iso, "1900-03-01");
	date_format(sheet_serial_day("45413.0", 0), iso);
	assert_string_equal(iso, "2024-05-01");
	assert_int_equal(sheet_serial_day("60", 0), SHEET_NO_DAY);   /* Lotus's 1900-02-29 */
	assert_int_equal(sheet_serial_day("45413.5", 0), SHEET_NO_DAY);
	assert_int_equal(sheet_serial_day("-1", 0), SHEET_NO_DAY);
	assert_int_equal(sheet_serial_day("", 0), SHEET_NO_DAY);
	assert_int_equal(sheet_serial_day("99999999999", 0), SHEET_NO_DAY);
	char c[8];
	sheet_col_name(0, c);
	assert_string_equal(c, "A");
	sheet_col_name(27, c);
	assert_string_equal(c, "AB");
	sheet_col_name(16383, c);
	assert_string_equal(c, "XFD");
}

static enum err_code read_csv(const char *s, size_t len, struct sheet *sh, struct err *e)
{
	char *d = dup_exact(s, len);
	memset(sh, 0, sizeof(*sh));
	err_clear(e);
	enum err_code rc = sheet_read_csv(sh, d, len, e);
	free(d);
	return rc;
}

static void test_csv_encodings(void **state)
{
	(void)state;
	struct sheet sh;
	struct err e;
	/* UTF-8 with a BOM, CRLF, a quoted field with a comma */
	const char u8[] = "\xEF\xBB\xBF姓名,职务\r\n张三,\"书记,委员\"\r\n";
	assert_int_equal(read_csv(u8, sizeof(u8) - 1, &sh, &e), ERR_OK);
	assert_int_equal(sh.n_rows, 2);
	assert_string_equal(text_at(&sh, 0, 0), "姓名");
	assert_string_equal(text_at(&sh, 1, 1), "书记,委员");
	sheet_release(&sh);
	/* GB18030: 姓名,张三 */
	const char gb[] = "\xD0\xD5\xC3\xFB,x\n\xD5\xC5\xC8\xFD,y\n";
	assert_int_equal(read_csv(gb, sizeof(gb) - 1, &sh, &e), ERR_OK);
	assert_string_equal(text_at(&sh, 0, 0), "姓名");
	assert_string_equal(text_at(&sh, 1, 0), "张三");
	assert_int_equal(sh.rows[1], 2);
	sheet_release(&sh);
	/* a four-byte GB18030 sequence (U+20087 𠂇) */
	const char gb4[] = "\x95\x32\x90\x31\n";
	assert_int_equal(read_csv(gb4, sizeof(gb4) - 1, &sh, &e), ERR_OK);
	assert_string_equal(text_at(&sh, 0, 0), "\xF0\xA0\x82\x87");
	sheet_release(&sh);
	/* refusals */
	assert_int_equal(read_csv("\xFF\xFEx\0", 4, &sh, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "UTF-16"));
	sheet_release(&sh);
	assert_int_equal(read_csv("a\0b", 3, &sh, &e), ERR_INVALID);
	sheet_release(&sh);
	assert_int_equal(read_csv("\x81\x20", 2, &sh, &e), ERR_INVALID);   /* neither */
	assert_non_null(strstr(e.msg, "编码"));
	sheet_release(&sh);
	assert_int_equal(read_csv("a,\"b\nc\n", 7, &sh, &e), ERR_INVALID);
	sheet_release(&sh);
	/* empty: no rows, no error */
	assert_int_equal(read_csv("", 0, &sh, &e), ERR_OK);
	assert_int_equal(sh.n_rows, 0);
	sheet_release(&sh);
}

static void test_csv_caps(void **state)
{
	(void)state;
	struct sheet sh;
	struct err e;
	char wide[3 * 70];
	for (int i = 0; i < 70; i++)
		memcpy(wide + 2 * i, "x,", 2);
	wide[139] = '\n';
	assert_int_equal(read_csv(wide, 140, &sh, &e), ERR_TOO_LARGE);
	sheet_release(&sh);
	size_t rows = SHEET_MAX_ROWS + 2, n = rows * 2;
	char *tall = malloc(n);
	assert_non_null(tall);
	for (size_t i = 0; i < rows; i++)
		memcpy(tall + 2 * i, "a\n", 2);
	assert_int_equal(read_csv(tall, n, &sh, &e), ERR_TOO_LARGE);
	sheet_release(&sh);
	/* exactly the cap passes */
	assert_int_equal(read_csv(tall, n - 2, &sh, &e), ERR_OK);
	assert_int_equal(sh.n_rows, SHEET_MAX_ROWS + 1);
	sheet_release(&sh);
	free(tall);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openpyxl_inline),
		cmocka_unit_test(test_openpyxl_shared),
		cmocka_unit_test(test_rich_text_phonetic_and_implicit_refs),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_long_cell),
		cmocka_unit_test(test_zip_bombs),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_date1904),
		cmocka_unit_test(test_serials),
		cmocka_unit_test(test_csv_encodings),
		cmocka_unit_test(test_csv_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
