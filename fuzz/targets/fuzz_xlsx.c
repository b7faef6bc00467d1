/*
 * fuzz_xlsx.c - the .xlsx import reader (core/sheet.h: sheet_read_xlsx,
 * libzip + expat) over arbitrary bytes. Seeds store their parts
 * uncompressed, so mutations reach the XML (the CRC is only checked at the
 * end of a part, after it has been parsed).
 *
 * Invariants: fuzz_sheet.h.
 */
#include <string.h>

#include "fuzz_sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sheet sh;
	struct err e;
	memset(&sh, 0, sizeof(sh));
	err_clear(&e);
	enum err_code rc = sheet_read_xlsx(&sh, data, size, &e);
	fuzz_check_sheet(&sh, rc, &e);
	sheet_release(&sh);
	return 0;
}
