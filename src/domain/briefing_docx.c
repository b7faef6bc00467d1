/*
 * briefing_docx.c - a frozen briefing issue as a Word document (.docx).
 *
 * No C library writes .docx (OOXML WordprocessingML), and the format needs
 * only a handful of small XML parts in a zip: [Content_Types].xml, the
 * package and document relationships, word/document.xml, word/styles.xml
 * and docProps/core.xml. So the XML is written here by hand, every piece of
 * text XML-escaped, and zipped with Debian's libzip (a well-kept library)
 * in memory. Fonts are named for Chinese text (宋体 for the body, 黑体 for
 * headings, as Word and WPS on a Chinese Windows have them) so the document
 * opens the same in Word and WPS. Word checks the order of the elements
 * inside w:pPr and w:rPr against the schema (spacing before ind, pBdr
 * before both; b, color, sz), so the parts keep that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/date.h"
#include "domain/briefing.h"

#define DOCX_PART_MAX (4u << 20)

/* Text as XML character data: & < > " ' escaped; control characters other
 * than tab and newline (not allowed in XML 1.0) dropped; a newline becomes
 * a line break inside the run. */
static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		case '\n': buf_adds(b, "</w:t><w:br/><w:t xml:space=\"preserve\">"); break;
		case '\t': buf_addc(b, ' '); break;
		default:
			if (c >= 0x20)
				buf_addc(b, (char)c);
		}
	}
}

/* One paragraph of style (may be NULL) holding text; bold, size in
 * half-points (0: the style's), centred, red as asked. */
static void para(struct buf *b, const char *style, const char *text, int bold, int size,
		 int center, int red)
{
	buf_adds(b, "<w:p>");
	if (style || center) {
		buf_adds(b, "<w:pPr>");
		if (style)
			buf_printf(b, "<w:pStyle w:val=\"%s\"/>", style);
		if (center)
			buf_adds(b, "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
				 "<w:jc w:val=\"center\"/>");
		buf_adds(b, "</w:pPr>");
	}
	buf_adds(b, "<w:r>");
	if (bold || size || red) {
		buf_adds(b, "<w:rPr>");
		if (bold)
			buf_adds(b, "<w:b/>");
		if (red)
			buf_adds(b, "<w:color w:val=\"C00000\"/>");
		if (size)
			buf_printf(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", size, size);
		buf_adds(b, "</w:rPr>");
	}
	buf_adds(b, "<w:t xml:space=\"preserve\">");
	xml_text(b, text);
	buf_adds(b, "</w:t></w:r></w:p>");
}

static void cell(struct buf *b, const char *text, int width, int bold)
{
	buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", width);
	para(b, "TableText", text, bold, 0, 0, 0);
	buf_adds(b, "</w:tc>");
}

static void date_cn(int32_t day, char out[40])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(out, 40, "%d年%d月%d日", y, m, d);
}

static const char *const numerals[] = { "一", "二", "三", "四", "五", "六" };

static void document_xml(struct buf *b, const struct briefing *br, const char *title,
			 int issue_no, int32_t made_on)
{
	char tmp[512], d1[40], d2[40];
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		 "<w:body>");
	para(b, "Masthead", "工作简报", 1, 0, 1, 1);
	snprintf(tmp, sizeof(tmp), "第%d期", issue_no);
	para(b, NULL, tmp, 0, 0, 1, 0);
	date_cn(made_on, d1);
	snprintf(tmp, sizeof(tmp), "%s　　　　%s", br->alliance_name, d1);
	para(b, "Issuer", tmp, 0, 0, 1, 0);
	para(b, "Title", title, 1, 0, 1, 0);
	date_cn(br->from, d1);
	date_cn(br->to, d2);
	snprintf(tmp, sizeof(tmp), "（%s至%s）", d1, d2);
	para(b, NULL, tmp, 0, 0, 1, 0);
	for (size_t l = 0; l < BRIEFING_LINES; l++) {
		const struct briefing_line *ln = &br->lines[l];
		snprintf(tmp, sizeof(tmp), "%s、%s", numerals[l], ln->label);
		para(b, "Heading1", tmp, 0, 0, 0, 0);
		para(b, NULL, ln->text, 0, 0, 0, 0);
	}
	para(b, "Heading1", "附：主要数据", 0, 0, 0, 0);
	buf_adds(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"8800\" "
		 "w:type=\"dxa\"/><w:tblBorders>"
		 "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		 "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		 "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		 "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		 "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		 "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		 "</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w=\"2600\"/>"
		 "<w:gridCol w:w=\"3800\"/><w:gridCol w:w=\"2400\"/></w:tblGrid>");
	buf_adds(b, "<w:tr>");
	cell(b, "条线", 2600, 1);
	cell(b, "指标", 3800, 1);
	cell(b, "数值", 2400, 1);
	buf_adds(b, "</w:tr>");
	for (size_t l = 0; l < BRIEFING_LINES; l++) {
		const struct briefing_line *ln = &br->lines[l];
		for (size_t i = 0; i < ln->n_figures; i++) {
			char shown[64];
			briefing_figure_display(&ln->figures[i], shown);
			buf_adds(b, "<w:tr>");
			cell(b, i == 0 ? ln->label : "", 2600, 0);
			cell(b, ln->figures[i].label, 3800, 0);
			cell(b, shown, 2400, 0);
			buf_adds(b, "</w:tr>");
		}
	}
	buf_adds(b, "</w:tbl>");
	/* A4 portrait, margins as official documents use (37/35/28/26 mm) */
	buf_adds(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
		 "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" "
		 "w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
		 "</w:body></w:document>");
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" "
	"ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" "
	"ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
	"relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"</Relationships>";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

#define FONTS(ascii, ea) "<w:rFonts w:ascii=\"" ascii "\" w:hAnsi=\"" ascii "\" w:eastAsia=\"" \
	ea "\" w:cs=\"" ascii "\"/>"

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" FONTS("Times New Roman", "宋体")
	"<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"440\" "
	"w:lineRule=\"exact\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
	"<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"560\"/></w:pPr>"
	"<w:rPr>" FONTS("Times New Roman", "仿宋") "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Masthead\"><w:name w:val=\"Masthead\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"240\" "
	"w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:rPr>"
	FONTS("Times New Roman", "宋体") "<w:sz w:val=\"72\"/><w:szCs w:val=\"72\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Issuer\"><w:name w:val=\"Issuer\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:pBdr><w:bottom "
	"w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"C00000\"/></w:pBdr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
	"</w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"360\" "
	"w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:rPr>"
	FONTS("Times New Roman", "宋体") "<w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/>"
	"<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>" FONTS("Times New Roman", "黑体")
	"</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" "
	"w:line=\"360\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"24\"/>"
	"<w:szCs w:val=\"24\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/></w:style>"
	"</w:styles>";

static void core_xml(struct buf *b, const char *title, int64_t now_ms)
{
	char iso[32];
	/* core properties take UTC (W3CDTF) */
	int64_t s = now_ms / 1000;
	int32_t day = (int32_t)(s / 86400);
	int sec = (int)(s % 86400);
	char d[11];
	date_format(day, d);
	snprintf(iso, sizeof(iso), "%sT%02d:%02d:%02dZ", d, sec / 3600, sec / 60 % 60, sec % 60);
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
		 "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
		 "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
		 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
	xml_text(b, title);
	buf_printf(b, "</dc:title><dc:creator>联建</dc:creator><dcterms:created "
		   "xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created></cp:coreProperties>", iso);
}

static enum err_code add_part(zip_t *z, const char *name, const char *data, size_t len,
			      struct err *e)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src)
		return err_set(e, ERR_INTERNAL, NULL, "生成 Word 文档失败");
	if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return err_set(e, ERR_INTERNAL, NULL, "生成 Word 文档失败");
	}
	return ERR_OK;
}

enum err_code briefing_docx(const struct briefing *br, const char *title, int issue_no,
			    int32_t made_on, unsigned char **out, size_t *out_len,
			    struct err *e)
{
	enum err_code rc = ERR_OK;
	struct buf doc, core;
	zip_error_t zerr;
	*out = NULL;
	*out_len = 0;
	buf_init(&doc, DOCX_PART_MAX);
	buf_init(&core, (size_t)64 * 1024);
	document_xml(&doc, br, title, issue_no, made_on);
	core_xml(&core, title, date_now_ms());
	if (doc.overflow || core.overflow) {
		rc = err_set(e, ERR_TOO_LARGE, NULL, "简报内容过大");
		goto done_bufs;
	}
	zip_error_init(&zerr);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &zerr);
	zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &zerr) : NULL;
	if (!z) {
		if (mem)
			zip_source_free(mem);
		zip_error_fini(&zerr);
		rc = err_set(e, ERR_INTERNAL, NULL, "生成 Word 文档失败");
		goto done_bufs;
	}
	zip_source_keep(mem);   /* read the archive back after zip_close */
	if ((rc = add_part(z, "[Content_Types].xml", content_types, sizeof(content_types) - 1, e)) ||
	    (rc = add_part(z, "_rels/.rels", package_rels, sizeof(package_rels) - 1, e)) ||
	    (rc = add_part(z, "word/document.xml", doc.data, doc.len, e)) ||
	    (rc = add_part(z, "word/_rels/document.xml.rels", document_rels,
			   sizeof(document_rels) - 1, e)) ||
	    (rc = add_part(z, "word/styles.xml", styles, sizeof(styles) - 1, e)) ||
	    (rc = add_part(z, "docProps/core.xml", core.data, core.len, e))) {
		zip_discard(z);
		zip_source_free(mem);
		zip_error_fini(&zerr);
		goto done_bufs;
	}
	if (zip_close(z) < 0) {
		zip_discard(z);
		zip_source_free(mem);
		zip_error_fini(&zerr);
		rc = err_set(e, ERR_INTERNAL, NULL, "生成 Word 文档失败");
		goto done_bufs;
	}
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_source_stat(mem, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(mem) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "生成 Word 文档失败");
	} else {
		unsigned char *bytes = malloc(zs.size ? zs.size : 1);
		if (!bytes)
			abort();
		zip_int64_t got = zip_source_read(mem, bytes, zs.size);
		zip_source_close(mem);
		if (got < 0 || (zip_uint64_t)got != zs.size) {
			free(bytes);
			rc = err_set(e, ERR_INTERNAL, NULL, "生成 Word 文档失败");
		} else {
			*out = bytes;
			*out_len = (size_t)zs.size;
		}
	}
	zip_source_free(mem);
	zip_error_fini(&zerr);
done_bufs:
	buf_release(&doc);
	buf_release(&core);
	return rc;
}
