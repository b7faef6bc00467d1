/*
 * qr_svg.h - a string as a QR code in SVG (libqrencode), for the check-in
 * codes shown on a screen or printed.
 *
 * Invariants
 *  - Symbol: the smallest version that holds the text in 8-bit mode (case
 *    kept), error correction level M (15% of the symbol may be damaged).
 *  - Drawing: one module is one user unit; a quiet zone of QR_SVG_QUIET
 *    modules surrounds the symbol, so the viewBox is
 *    "0 0 W W" with W = width + 2 * QR_SVG_QUIET. A white background path
 *    and one black path of unit-high runs: "M<x> <y>h<n>v1h-<n>z" per run of
 *    n dark modules in a row, x and y already offset by the quiet zone.
 *    shape-rendering="crispEdges"; no width/height attributes, so the page
 *    sizes it (CSS) and it scales without blur.
 *  - The output is plain ASCII; the text itself is not written into it.
 */
#ifndef LJ_CORE_QR_SVG_H
#define LJ_CORE_QR_SVG_H

#include <stddef.h>

#include "core/err.h"

#define QR_SVG_QUIET 4

/* Renders text as described above. On success *out_svg is a malloc'd,
 * NUL-terminated string (the caller frees it) and *out_len its length
 * (out_len may be NULL). Errors (*out_svg = NULL):
 *   ERR_INVALID  "二维码内容不能为空" for NULL or ""
 *   ERR_TOO_LARGE "二维码内容过长" when no version holds it (> ~2,300 bytes)
 *   ERR_INTERNAL for any other libqrencode failure. Out of memory aborts. */
enum err_code qr_svg_render(const char *text, char **out_svg, size_t *out_len,
			    struct err *e);

#endif
