/* qr_svg.c - QR code as SVG through libqrencode (see qr_svg.h). */
#include "core/qr_svg.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/banned.h"

/* Version 40 is 177 modules wide; the path stays far below this. */
#define QR_SVG_MAX_BYTES ((size_t)1024 * 1024)

static void add_runs(struct buf *b, const QRcode *qr)
{
	int w = qr->width;

	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int start = x;
			while (x < w && (row[x] & 1))
				x++;
			buf_printf(b, "M%d %dh%dv1h-%dz", start + QR_SVG_QUIET, y + QR_SVG_QUIET,
				   x - start, x - start);
		}
	}
}

enum err_code qr_svg_render(const char *text, char **out_svg, size_t *out_len,
			    struct err *e)
{
	enum err_code rc = ERR_OK;
	QRcode *qr = NULL;
	struct buf b;

	buf_init(&b, QR_SVG_MAX_BYTES);
	*out_svg = NULL;
	if (!text || !*text) {
		rc = err_set(e, ERR_INVALID, NULL, "二维码内容不能为空");
		goto out;
	}
	errno = 0;
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		if (errno == ENOMEM)
			abort();
		if (errno == ERANGE)
			rc = err_set(e, ERR_TOO_LARGE, NULL, "二维码内容过长");
		else
			rc = err_set(e, ERR_INTERNAL, NULL, "二维码生成失败");
		goto out;
	}

	int side = qr->width + 2 * QR_SVG_QUIET;
	buf_printf(&b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		   "shape-rendering=\"crispEdges\">"
		   "<path fill=\"#fff\" d=\"M0 0h%dv%dH0z\"/><path fill=\"#000\" d=\"",
		   side, side, side, side);
	add_runs(&b, qr);
	buf_adds(&b, "\"/></svg>");
	if (b.overflow) {
		rc = err_set(e, ERR_INTERNAL, NULL, "二维码生成失败");
		goto out;
	}
	*out_svg = buf_detach(&b, out_len);
out:
	if (qr)
		QRcode_free(qr);
	buf_release(&b);
	return rc;
}
