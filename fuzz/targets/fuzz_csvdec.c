/*
 * fuzz_csvdec.c - the .csv import decoder (core/sheet.h: sheet_read_csv):
 * encoding detection (UTF-8 with or without BOM, else GB18030 through
 * iconv), then the records into a sheet, over arbitrary bytes.
 *
 * Invariants: fuzz_sheet.h, plus: for input that is valid UTF-8 and holds
 * no quote, no conversion happens and every cell's text occurs in it.
 */
#include <string.h>

#include "fuzz_sheet.h"

static int occurs(const uint8_t *data, size_t size, const char *t)
{
	size_t n = strlen(t);
	for (size_t i = 0; i + n <= size; i++)
		if (memcmp(data + i, t, n) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sheet sh;
	struct err e;
	memset(&sh, 0, sizeof(sh));
	err_clear(&e);
	enum err_code rc = sheet_read_csv(&sh, (const char *)data, size, &e);
	fuzz_check_sheet(&sh, rc, &e);
	if (!rc && size < 4096 && !memchr(data, '"', size) && utf8_valid((const char *)data, size))
		for (size_t i = 0; i < sh.n; i++)
			FUZZ_CHECK(occurs(data, size, sh.cells[i].text), "cell %zu \"%s\" not in the input",
				   i, sh.cells[i].text);
	sheet_release(&sh);
	return 0;
}
