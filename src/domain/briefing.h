/*
 * briefing.h - the 工作简报 (work briefing): an alliance's results over a
 * period, as figures grouped by the five lines (五共) with a paragraph of
 * Chinese text per line; frozen issues (期) of it; its Word document.
 *
 * Counting rules (API.md "Briefing"): a figure covers what happened in the
 * period [from, min(to, today)] by the records' own dates (resolution,
 * meeting, activity start, contribution, grant, stage change, team
 * formation, referral month); routes count when open at the period's end;
 * persons are counted once each across activities and person-times add up
 * (domain/headcount.h); only granted loans count, and an enterprise
 * financed twice counts once; only the alliance's own records count. The
 * records behind a figure are exactly those briefing_records() lists.
 *
 * Memory: a struct briefing is large (fixed arrays); callers allocate it
 * (malloc) and own it. Nothing here keeps pointers to inputs.
 */
#ifndef LJ_DOMAIN_BRIEFING_H
#define LJ_DOMAIN_BRIEFING_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_briefing.h"
#include "store/store_org.h"

#define BRIEFING_LINES 5
#define BRIEFING_LINE_FIGURES 10
#define BRIEFING_GROUPS 16

/* A figure's share of one group (a county, a fund source, a fair). */
struct briefing_group {
	char key[16];
	char label[TEXT_BYTES(100)];
	int64_t value;
};

struct briefing_figure {
	char key[32];
	char label[64];
	char unit[16];            /* count | person | person_time | fen | m */
	int64_t value;
	struct briefing_group by[BRIEFING_GROUPS];   /* for charts; may be empty */
	size_t n_by;
};

struct briefing_line {
	char line[16];            /* org | revival | talent | education | economy */
	char label[32];
	char text[TEXT_BYTES(BRIEFING_TEXT_MAX_CHARS)];
	struct briefing_figure figures[BRIEFING_LINE_FIGURES];
	size_t n_figures;
};

struct briefing {
	int64_t alliance_id;
	char alliance_name[NAME_MAX_BYTES];
	int32_t from;
	int32_t to;
	struct briefing_line lines[BRIEFING_LINES];
};

/* The figure keys in order, with their line, label and unit. */
struct briefing_key {
	const char *key;
	const char *line;
	const char *label;
	const char *unit;
	const char *unit_label;   /* 个, 人, 人次, 元, 米 ... */
};
extern const struct briefing_key briefing_keys[];
extern const size_t briefing_n_keys;
/* The key's row, or NULL when unknown; key not NULL. */
const struct briefing_key *briefing_key_find(const char *key);

/* Checks the period: both days given, from <= to, at most ten years. */
enum err_code briefing_period_check(int32_t from, int32_t to, struct err *e);

/* Computes the briefing of alliance_id over [from, to] as of today into
 * out (overwritten). ERR_NOT_FOUND when the alliance does not exist or lies
 * outside who's reach (same answer). */
enum err_code briefing_compute(struct store *st, const struct principal *who,
			       int64_t alliance_id, int32_t from, int32_t to, int32_t today,
			       struct briefing *out, struct err *e);

/* The records behind figure key: *out malloc'd (caller frees). */
enum err_code briefing_records(struct store *st, const struct principal *who, const char *key,
			       int64_t alliance_id, int32_t from, int32_t to, int32_t today,
			       struct briefing_record **out, size_t *out_n, struct err *e);

/* Writes each line's paragraph from its figures (briefing_compute does). */
void briefing_write_text(struct briefing *b);

/* A figure as the briefing shows it: "8个", "62人", "1.7亿元", "10公里". */
void briefing_figure_display(const struct briefing_figure *f, char out[64]);

/* Length in metres as briefing text: "800米", "10公里", "2.5公里". */
void briefing_format_length(int64_t m, char out[32]);

/* ---- frozen issues ---- */

/* How an issue's content is written and read back: the API layer supplies
 * it (JSON text through jansson, which the domain does not include).
 * encode returns malloc'd text (NULL: too large); decode fills *out. */
struct briefing_codec {
	char *(*encode)(const struct briefing *b);
	enum err_code (*decode)(const char *text, struct briefing *out, struct err *e);
};

struct briefing_issue_input {
	int64_t alliance_id;
	int32_t from;
	int32_t to;
	const char *title;
};

/* Freezes the briefing as of now as the alliance's next issue of today's
 * year; admin, alliance admin or a county admin of the alliance. */
enum err_code briefing_issue_create(struct store *st, const struct principal *who,
				    const struct briefing_issue_input *in, int32_t today,
				    const struct briefing_codec *codec,
				    struct briefing_issue *out, struct err *e);
/* Reads an issue within who's reach (else ERR_NOT_FOUND); who NULL: only a
 * published issue (the public pages). out->content is malloc'd. */
enum err_code briefing_issue_get(struct store *st, const struct principal *who, int64_t id,
				 struct briefing_issue *out, struct err *e);
enum err_code briefing_issue_list(struct store *st, const struct principal *who,
				  int64_t alliance_id, struct page pg,
				  struct briefing_issue **out, size_t *out_n, struct err *e);

/* New text of some lines (others unchanged); a draft only. */
struct briefing_text_edit {
	const char *line;
	const char *text;
};
enum err_code briefing_issue_edit(struct store *st, const struct principal *who, int64_t id,
				  const char *title, const struct briefing_text_edit *edits,
				  size_t n_edits, const struct briefing_codec *codec,
				  struct err *e);
/* Publishes a draft; admin or the alliance's admin. */
enum err_code briefing_issue_publish(struct store *st, const struct principal *who, int64_t id,
				     struct err *e);
/* The public flag of a route or a fair; admin or the alliance's admin. */
enum err_code briefing_set_public(struct store *st, const struct principal *who,
				  const char *kind, int64_t id, int on, struct err *e);

/* ---- the Word document ---- */

/* Writes issue b (numbered issue_no, titled title, made on made_on) as a
 * .docx into out (malloc'd bytes, *out_len). */
enum err_code briefing_docx(const struct briefing *b, const char *title, int issue_no,
			    int32_t made_on, unsigned char **out, size_t *out_len,
			    struct err *e);

#endif
