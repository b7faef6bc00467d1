/*
 * economy.h - the 共兴实体经济 line: enterprises (统一社会信用代码 checked,
 * domain/uscc.h), joint projects with their stage timeline, funds by
 * source, vanguard team and links, 政金企 financing and its totals, tourism
 * referrals (客源互送) on tourism routes and a fair's sales.
 *
 * Every write opens its own write transaction, reads what it decides on,
 * checks the input and the rights (domain/policy.h) on those rows, writes
 * and records an audit entry; on any error nothing is written. Reads check
 * read isolation (domain/reach.h): outside the reach answers as missing.
 * Money is integer fen, summed with core/money.h (overflow refused).
 */
#ifndef LJ_ECONOMY_H
#define LJ_ECONOMY_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_economy.h"

/* Largest single amount (a contribution, a loan, a sale, an investment):
 * 10^13 fen = 1000亿元; largest total of one project's funds: 10^14 fen = 1万亿元. */
#define ECONOMY_AMOUNT_MAX_FEN 10000000000000LL
#define ECONOMY_FUNDS_TOTAL_MAX_FEN 100000000000000LL
#define ECONOMY_N_SOURCES 5

/* ---- pure rules (unit-tested) ---- */

/* Position of a stage in vocab_project_stages, -1 when unknown. */
int economy_stage_index(const char *stage);
/* May a project at stage from (entered on from_on) move to `to` on `on`
 * with note? Same stage: 422 on "to"; backwards without a non-blank note:
 * 422 on "note"; on before from_on: 422 on "on". */
enum err_code economy_check_stage_move(const char *from, int32_t from_on, const char *to,
				       int32_t on, const char *note, struct err *e);
/* *out = total + amount within ECONOMY_FUNDS_TOTAL_MAX_FEN (422 on
 * "amount_fen" otherwise, overflow included). */
enum err_code economy_funds_add(int64_t total, int64_t amount, int64_t *out, struct err *e);
/* Sums funds per source in vocab_fund_sources order (out[5]) and in all;
 * -1 on overflow. */
int economy_funds_by_source(const struct project_fund *f, size_t n,
			    int64_t out[ECONOMY_N_SOURCES], int64_t *out_total);
/* "YYYY-MM" with a real month: 0 and the month's first day, else -1. */
int economy_month_parse(const char *s, int32_t *out_first_day);

/* Financing totals: only granted rows count as financed; an enterprise
 * financed several times counts once (in all, per county, per lender). */
struct financing_group {
	char key[TEXT_BYTES(LENDER_MAX_CHARS)];   /* county code or lender */
	int64_t enterprises;
	int64_t granted_fen;
	int64_t granted_count;
};
struct financing_summary {
	int64_t enterprises_financed;
	int64_t granted_fen;
	int64_t granted_count;
	int64_t applied_count;
	int64_t applied_fen;
	int64_t declined_count;
	struct financing_group *by_county;   /* malloc'd, by granted_fen desc */
	size_t n_by_county;
	struct financing_group *by_lender;   /* malloc'd, by granted_fen desc */
	size_t n_by_lender;
};
/* ERR_INVALID on an overflowing sum. */
enum err_code financing_summarize(const struct financing *rows, size_t n,
				  struct financing_summary *out, struct err *e);
void financing_summary_release(struct financing_summary *s);

/* ---- enterprises ---- */

struct enterprise_input {
	int64_t alliance_id;
	const char *name;
	const char *uscc;
	const char *division;
	const char *industry;
};
/* Validates the code (422 naming "uscc"), 409 naming "uscc" when the code is
 * on record, the division inside the alliance's counties. Who: the
 * alliance's admin or the division county's admin. */
enum err_code enterprise_create(struct store *st, const struct principal *who,
				const struct enterprise_input *in, struct enterprise *out,
				struct err *e);
enum err_code enterprise_read(struct store *st, const struct principal *who, int64_t id,
			      struct enterprise *out, struct err *e);

/* ---- projects ---- */

struct project_input {
	int64_t alliance_id;
	int64_t unit_id;             /* 0: none */
	const char *kind;
	const char *name;
	const char *line;            /* NULL: economy */
	const char *divisions[PROJECT_MAX_DIVISIONS];
	size_t n_divisions;
	const char *stage;
	int32_t stage_on;            /* 0: today */
	int64_t investment_fen;      /* -1: not given */
	int64_t jobs;
	int64_t income_per_head_fen;
	int64_t length_m;
	int64_t enterprise_ids[PROJECT_MAX_LINKS];
	size_t n_enterprise_ids;
	int64_t talent_ids[PROJECT_MAX_LINKS];
	size_t n_talent_ids;
	int64_t matter_id;           /* 0: none */
};
/* Sets the optional figures of in to "not given" (-1) before decoding. */
void project_input_init(struct project_input *in);
enum err_code project_create(struct store *st, const struct principal *who,
			     const struct project_input *in, int32_t today, int64_t *out_id,
			     struct err *e);

struct stage_input {
	const char *to;
	int32_t on;
	const char *note;            /* NULL: none */
};
enum err_code project_change_stage(struct store *st, const struct principal *who, int64_t id,
				   const struct stage_input *in, int32_t today, struct err *e);

struct fund_input {
	const char *source;
	const char *county_code;     /* NULL: none */
	int64_t amount_fen;
	int32_t on;
	const char *note;            /* NULL: none */
};
enum err_code project_add_fund(struct store *st, const struct principal *who, int64_t id,
			       const struct fund_input *in, int32_t today, struct err *e);

struct team_input {
	const char *name;
	int64_t person_ids[TEAM_MAX_MEMBERS];
	size_t n_person_ids;
};
enum err_code project_set_team(struct store *st, const struct principal *who, int64_t id,
			       const struct team_input *in, int32_t today, struct err *e);

/* One project with everything its page shows. */
struct project_view {
	struct project p;
	char divisions[PROJECT_MAX_DIVISIONS][16];
	size_t n_divisions;
	struct project_stage_rec *stages;    /* malloc'd, oldest first */
	size_t n_stages;
	struct project_fund *funds;          /* malloc'd */
	size_t n_funds;
	int64_t by_source[ECONOMY_N_SOURCES];
	int has_team;
	struct project_team team;
	int64_t enterprise_ids[PROJECT_MAX_LINKS];
	size_t n_enterprise_ids;
	int64_t talent_ids[PROJECT_MAX_LINKS];
	size_t n_talent_ids;
	int can_manage;
};
enum err_code project_view_get(struct store *st, const struct principal *who, int64_t id,
			       struct project_view *out, struct err *e);
void project_view_release(struct project_view *v);

/* ---- financing ---- */

struct financing_input {
	int64_t alliance_id;
	int64_t enterprise_id;
	const char *lender;
	int64_t amount_fen;
	int32_t on;
	const char *status;
};
enum err_code financing_create(struct store *st, const struct principal *who,
			       const struct financing_input *in, int32_t today,
			       struct financing *out, struct err *e);
/* applied -> granted | declined only; on 0: keep the date. */
enum err_code financing_change_status(struct store *st, const struct principal *who,
				      int64_t id, const char *status, int32_t on, int32_t today,
				      struct financing *out, struct err *e);
enum err_code financing_read(struct store *st, const struct principal *who, int64_t id,
			     struct financing *out, struct err *e);

/* ---- tourism referrals and fair sales ---- */

struct referral_input {
	const char *month;
	const char *from_county;
	const char *to_county;
	int64_t visitors;
};
enum err_code referral_record(struct store *st, const struct principal *who, int64_t route_id,
			      const struct referral_input *in, int32_t today, struct err *e);
/* The route (within reach) and its referrals (malloc'd). */
enum err_code referrals_read(struct store *st, const struct principal *who, int64_t route_id,
			     struct referral **out, size_t *out_n, struct err *e);

struct sale_input {
	int64_t org_id;              /* 0: none */
	int64_t enterprise_id;       /* 0: none */
	const char *label;           /* NULL: none */
	int64_t amount_fen;
};
struct sales_input {
	double hours;
	struct sale_input items[FAIR_MAX_ITEMS];
	size_t n_items;
};
enum err_code fair_sales_record(struct store *st, const struct principal *who,
				int64_t activity_id, const struct sales_input *in, struct err *e);

/* A fair's sales as the activity page shows them. */
struct fair_sales_view {
	int recorded;                /* 0: none recorded yet */
	int64_t minutes;
	int64_t total_fen;
	struct fair_sale_item *items;   /* malloc'd */
	size_t n_items;
};
/* Reads the sales of activity_id (already read within reach by the caller). */
enum err_code fair_sales_view_get(struct store *st, int64_t activity_id,
				  struct fair_sales_view *out, struct err *e);
void fair_sales_view_release(struct fair_sales_view *v);

#endif
