/*
 * fuzz_sheet.h - the invariants of a sheet read from an upload
 * (core/sheet.h), shared by fuzz_xlsx and fuzz_csvdec: the result is
 * ERR_OK, ERR_INVALID or ERR_TOO_LARGE; a failure carries a non-empty,
 * valid UTF-8 message; a success gives cells sorted by (row, col) without
 * repeats, within the row, column, cell and text caps, each valid UTF-8,
 * and a row index that covers every cell.
 */
#ifndef LJ_FUZZ_SHEET_H
#define LJ_FUZZ_SHEET_H

#include <string.h>

#include "core/sheet.h"
#include "core/utf8.h"
#include "fuzz_util.h"

static inline void fuzz_check_sheet(const struct sheet *sh, enum err_code rc, const struct err *e)
{
	FUZZ_CHECK(rc == ERR_OK || rc == ERR_INVALID || rc == ERR_TOO_LARGE, "rc %d", (int)rc);
	if (rc) {
		FUZZ_CHECK(e->msg[0] && utf8_valid(e->msg, strlen(e->msg)), "bad message \"%s\"",
			   e->msg);
		return;
	}
	FUZZ_CHECK(sh->n <= SHEET_MAX_CELLS, "%zu cells", sh->n);
	FUZZ_CHECK(sh->text_bytes <= SHEET_MAX_TEXT_BYTES, "%zu text bytes", sh->text_bytes);
	size_t covered = 0;
	for (size_t i = 0; i < sh->n_rows; i++) {
		FUZZ_CHECK(sh->row_start[i] < sh->row_start[i + 1], "empty row %zu in the index", i);
		covered += sh->row_start[i + 1] - sh->row_start[i];
		if (i)
			FUZZ_CHECK(sh->rows[i] > sh->rows[i - 1], "rows out of order at %zu", i);
	}
	FUZZ_CHECK(covered == sh->n, "index covers %zu of %zu cells", covered, sh->n);
	for (size_t i = 0; i < sh->n; i++) {
		const struct sheet_cell *c = &sh->cells[i];
		FUZZ_CHECK(c->row >= 1 && c->row <= SHEET_MAX_ROWS + 1, "row %d", (int)c->row);
		FUZZ_CHECK(c->col >= 0 && c->col < SHEET_MAX_COLS, "col %d", (int)c->col);
		size_t len = strlen(c->text);
		FUZZ_CHECK(len <= SHEET_MAX_CELL_BYTES, "cell of %zu bytes", len);
		FUZZ_CHECK(utf8_valid(c->text, len), "cell %zu is not UTF-8", i);
		if (i) {
			const struct sheet_cell *p = &sh->cells[i - 1];
			FUZZ_CHECK(p->row < c->row || (p->row == c->row && p->col < c->col),
				   "cells out of order at %zu", i);
		}
	}
}

#endif
