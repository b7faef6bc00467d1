/*
 * sheet_csv.c - a .csv upload as a sheet (sheet.h). Excel on a Chinese
 * Windows saves "CSV" in GB18030 (code page 936), newer versions UTF-8 with
 * a BOM: valid UTF-8 is taken as UTF-8, anything else is converted from
 * GB18030 with iconv (glibc's converter; GB18030 is a superset of GBK and
 * GB2312). The records are then read by core/csv.c.
 */
#include "core/sheet.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/utf8.h"

int sheet_is_zip(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* GB18030 -> UTF-8 into a malloc'd buffer; NULL when the text is not
 * GB18030 either. A GB18030 character of n bytes takes at most 2n bytes of
 * UTF-8 (1 -> 1, 2 -> 3, 4 -> 4), so 2*len+1 is always enough. */
static char *from_gb18030(const char *data, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = 2 * len + 1;
	char *out = malloc(cap);
	if (!out)
		abort();
	char *in = (char *)data; /* iconv's prototype is not const-correct */
	size_t in_left = len;
	char *o = out;
	size_t o_left = cap - 1;
	size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
	if (rc != (size_t)-1)
		rc = iconv(cd, NULL, NULL, &o, &o_left);
	iconv_close(cd);
	if (rc == (size_t)-1 || in_left) {
		free(out);
		return NULL;
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}

enum err_code sheet_read_csv(struct sheet *sh, const char *data, size_t len, struct err *e)
{
	enum err_code rc = ERR_OK;
	char *conv = NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	} else if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
		return err_set(e, ERR_INVALID, NULL,
			       "不支持 UTF-16 编码的文件，请另存为“CSV UTF-8”或 Excel 工作簿");
	}
	if (memchr(data, '\0', len))
		return err_set(e, ERR_INVALID, NULL, "文件含有空字符，不是文本格式的 CSV");
	if (!utf8_valid(data, len)) {
		size_t n = 0;
		conv = from_gb18030(data, len, &n);
		if (!conv || !utf8_valid(conv, n)) {
			free(conv);
			return err_set(e, ERR_INVALID, NULL,
				       "无法识别文件编码（应为 UTF-8 或 GB18030）");
		}
		data = conv;
		len = n;
	}
	struct csv_reader *r = malloc(sizeof(*r));
	if (!r)
		abort();
	csv_init(r, data, len);
	/* room for more fields than allowed, to tell "too many columns" apart */
	struct csv_field f[4 * SHEET_MAX_COLS];
	for (;;) {
		int n = csv_next(r, f, 4 * SHEET_MAX_COLS);
		if (n == 0)
			break;
		if (n < 0) {
			rc = err_set(e, ERR_INVALID, NULL,
				     "第 %zu 行格式错误（引号不成对、列数过多或内容过长）", r->line);
			goto out;
		}
		if (n > SHEET_MAX_COLS) {
			rc = err_set(e, ERR_TOO_LARGE, NULL, "表格列数过多（最多 %d 列）",
				     SHEET_MAX_COLS);
			goto out;
		}
		if (r->line > SHEET_MAX_ROWS + 1) {
			rc = err_set(e, ERR_TOO_LARGE, NULL, "表格行数过多（最多 %d 行数据）",
				     SHEET_MAX_ROWS);
			goto out;
		}
		for (int i = 0; i < n; i++) {
			if (!f[i].len)
				continue;
			char *t = malloc(f[i].len + 1);
			if (!t)
				abort();
			memcpy(t, f[i].s, f[i].len);
			t[f[i].len] = '\0';
			if ((rc = sheet_add(sh, (int32_t)r->line, i, SHEET_TEXT, t, f[i].len, e)))
				goto out;
		}
	}
	rc = sheet_index(sh, e);
out:
	free(r);
	free(conv);
	return rc;
}
