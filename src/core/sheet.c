/* sheet.c - the cell table both import readers fill (see sheet.h): caps,
 * ordering, lookup, column names and Excel date serials. */
#include "core/sheet.h"

#include <stdlib.h>
#include <string.h>

enum err_code sheet_add(struct sheet *sh, int32_t row, int32_t col, enum sheet_kind kind,
			char *text, size_t len, struct err *e)
{
	if (row < 1 || row > SHEET_MAX_ROWS + 1) {
		free(text);
		return err_set(e, ERR_TOO_LARGE, NULL, "表格行数过多（最多 %d 行数据）",
			       SHEET_MAX_ROWS);
	}
	if (col < 0 || col >= SHEET_MAX_COLS) {
		free(text);
		return err_set(e, ERR_TOO_LARGE, NULL, "表格列数过多（最多 %d 列）", SHEET_MAX_COLS);
	}
	if (len > SHEET_MAX_CELL_BYTES) {
		free(text);
		char c[8];
		sheet_col_name(col, c);
		return err_set(e, ERR_TOO_LARGE, NULL, "第 %d 行 %s 列的内容过长（最多 %d 字节）",
			       (int)row, c, SHEET_MAX_CELL_BYTES);
	}
	if (sh->text_bytes + len > SHEET_MAX_TEXT_BYTES) {
		free(text);
		return err_set(e, ERR_TOO_LARGE, NULL, "表格内容过多");
	}
	if (sh->n >= SHEET_MAX_CELLS) {
		free(text);
		return err_set(e, ERR_TOO_LARGE, NULL, "表格单元格过多（最多 %d 个）", SHEET_MAX_CELLS);
	}
	if (sh->n == sh->alloc) {
		size_t na = sh->alloc ? sh->alloc * 2 : 64;
		struct sheet_cell *c = realloc(sh->cells, na * sizeof(*c));
		if (!c)
			abort();
		sh->cells = c;
		sh->alloc = na;
	}
	sh->cells[sh->n++] = (struct sheet_cell){ row, col, kind, text };
	sh->text_bytes += len;
	return ERR_OK;
}

static int cell_cmp(const void *a, const void *b)
{
	const struct sheet_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

enum err_code sheet_index(struct sheet *sh, struct err *e)
{
	if (sh->n)
		qsort(sh->cells, sh->n, sizeof(*sh->cells), cell_cmp);
	size_t distinct = 0;
	for (size_t i = 0; i < sh->n; i++) {
		if (i && sh->cells[i].row == sh->cells[i - 1].row) {
			if (sh->cells[i].col == sh->cells[i - 1].col) {
				char c[8];
				sheet_col_name(sh->cells[i].col, c);
				return err_set(e, ERR_INVALID, NULL, "第 %d 行 %s 列出现两次",
					       (int)sh->cells[i].row, c);
			}
			continue;
		}
		distinct++;
	}
	sh->rows = malloc((distinct ? distinct : 1) * sizeof(*sh->rows));
	sh->row_start = malloc((distinct + 1) * sizeof(*sh->row_start));
	if (!sh->rows || !sh->row_start)
		abort();
	size_t k = 0;
	for (size_t i = 0; i < sh->n; i++) {
		if (i && sh->cells[i].row == sh->cells[i - 1].row)
			continue;
		sh->rows[k] = sh->cells[i].row;
		sh->row_start[k++] = i;
	}
	sh->row_start[k] = sh->n;
	sh->n_rows = k;
	return ERR_OK;
}

const struct sheet_cell *sheet_cell_at(const struct sheet *sh, size_t i, int32_t col)
{
	if (i >= sh->n_rows)
		return NULL;
	for (size_t j = sh->row_start[i]; j < sh->row_start[i + 1]; j++)
		if (sh->cells[j].col == col)
			return sh->cells[j].text[0] ? &sh->cells[j] : NULL;
	return NULL;
}

void sheet_release(struct sheet *sh)
{
	for (size_t i = 0; i < sh->n; i++)
		free(sh->cells[i].text);
	free(sh->cells);
	free(sh->rows);
	free(sh->row_start);
	memset(sh, 0, sizeof(*sh));
}

void sheet_col_name(int32_t col, char out[8])
{
	char tmp[8] = { 0 };
	int n = 0;
	int64_t c = (int64_t)col + 1;
	if (c < 1)
		c = 1;
	while (c > 0 && n < 7) {
		c--;
		tmp[n++] = (char)('A' + c % 26);
		c /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

int32_t sheet_serial_day(const char *text, int date1904)
{
	/* whole serials only: a date cell with a time of day has a fraction */
	int64_t v = 0;
	const char *p = text;
	if (!*p)
		return SHEET_NO_DAY;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 3000000)
			return SHEET_NO_DAY;
	}
	if (*p == '.') {
		for (p++; *p == '0'; p++)
			;
	}
	if (*p)
		return SHEET_NO_DAY;
	if (date1904)
		v += 1462;
	/* serial 60 is Lotus's 1900-02-29, which never was; 25569 is 1970-01-01 */
	if (v < 61 || v > 2958465)
		return SHEET_NO_DAY;
	return (int32_t)(v - 25569);
}
