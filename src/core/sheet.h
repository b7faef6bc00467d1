/*
 * sheet.h - one table of text cells read from an uploaded file: the first
 * worksheet of an .xlsx workbook (sheet_xlsx.c, libzip + expat) or a .csv
 * in UTF-8 or GB18030 (sheet_csv.c, iconv + core/csv.c). The importers
 * (domain/ledger_import.c) read rows from it without caring which.
 *
 * Both readers refuse hostile input with a Chinese message and never use
 * more than the caps below: at most SHEET_MAX_ROWS rows, SHEET_MAX_COLS
 * columns, SHEET_MAX_CELLS non-empty cells, SHEET_MAX_CELL_BYTES per cell and SHEET_MAX_TEXT_BYTES of cell
 * text in all. An .xlsx is further refused when it has more than
 * XLSX_MAX_ENTRIES zip entries, when a part it reads declares or inflates
 * to more than XLSX_MAX_PART_BYTES, when a part inflates more than
 * XLSX_MAX_RATIO times its compressed size (a zip bomb), when any XML part
 * carries a DOCTYPE or entity declaration (entity expansion tricks), or
 * when a cell holds a formula (we refuse rather than trust a cached value
 * that a writer such as openpyxl may not have computed).
 *
 * Cells hold NUL-terminated UTF-8 text: a number as written in the file
 * (kind SHEET_NUMBER, e.g. "45123" for a date serial or "12.5"), text as
 * is. Rows are numbered as the user sees them: the .xlsx row number or the
 * .csv line where the record starts.
 *
 * Life cycle: sheet_read_xlsx / sheet_read_csv fill a zeroed struct sheet;
 * sheet_release frees it (also after a failed read).
 */
#ifndef LJ_SHEET_H
#define LJ_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define SHEET_MAX_ROWS 20000
#define SHEET_MAX_COLS 64
#define SHEET_MAX_CELL_BYTES 4096
#define SHEET_MAX_CELLS 200000
#define SHEET_MAX_TEXT_BYTES ((size_t)16 << 20)
#define XLSX_MAX_ENTRIES 200
#define XLSX_MAX_PART_BYTES ((size_t)64 << 20)
#define XLSX_MAX_RATIO 200

enum sheet_kind { SHEET_TEXT, SHEET_NUMBER, SHEET_BOOL };

struct sheet_cell {
	int32_t row;    /* 1-based, as the user sees it */
	int32_t col;    /* 0-based (column A is 0) */
	enum sheet_kind kind;
	char *text;
};

struct sheet {
	struct sheet_cell *cells;   /* sorted by (row, col) once read */
	size_t n;
	size_t alloc;
	size_t text_bytes;
	int date1904;               /* an .xlsx in the 1904 date system */
	/* filled by sheet_index: the distinct row numbers, and where each row's
	 * cells start in cells[] (row_start[n_rows] == n) */
	int32_t *rows;
	size_t *row_start;
	size_t n_rows;
};

/* Reads the first worksheet of the .xlsx in data (len bytes). */
enum err_code sheet_read_xlsx(struct sheet *sh, const void *data, size_t len, struct err *e);
/* Reads a .csv: UTF-8 (a BOM is dropped) when it is valid UTF-8, else
 * GB18030 converted with iconv; a UTF-16 file is refused. */
enum err_code sheet_read_csv(struct sheet *sh, const char *data, size_t len, struct err *e);
/* 1 when data looks like a zip archive (an .xlsx), 0 otherwise. */
int sheet_is_zip(const void *data, size_t len);
void sheet_release(struct sheet *sh);

/* The cell at (row index i of rows[], col), or NULL when empty. */
const struct sheet_cell *sheet_cell_at(const struct sheet *sh, size_t i, int32_t col);

/* Column letters for a 0-based index: 0 -> "A", 27 -> "AB". */
void sheet_col_name(int32_t col, char out[8]);
/* An Excel date serial (1900 system; date1904 for the 1904 one) as a day
 * number of core/date.h; SHEET_NO_DAY when the text is not a whole serial
 * of a date between 1900-03-01 and 9999-12-31. */
#define SHEET_NO_DAY INT32_MIN
int32_t sheet_serial_day(const char *text, int date1904);

/* Internal to the readers: appends a cell (takes text, a malloc'd string
 * of len bytes) after checking the caps; sorts and indexes at the end. */
enum err_code sheet_add(struct sheet *sh, int32_t row, int32_t col, enum sheet_kind kind,
			char *text, size_t len, struct err *e);
enum err_code sheet_index(struct sheet *sh, struct err *e);

#endif
