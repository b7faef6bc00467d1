/*
 * store_economy.h - the records of the 共兴实体经济 line: enterprises (两新
 * 组织), joint projects (联建项目) with their divisions, stage timeline,
 * funds, vanguard team (党员先锋队) and linked enterprises and talents,
 * 政金企 financing, tourism referrals (客源互送) and fair sales.
 *
 * Every record carries its alliance_id; child rows repeat it. Dates are day
 * numbers (core/date.h); money is integer fen; an optional figure that was
 * not given is -1. Lists come back malloc'd (caller frees); single records
 * are filled into caller-owned structs.
 */
#ifndef LJ_STORE_ECONOMY_H
#define LJ_STORE_ECONOMY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define ENTERPRISE_NAME_MAX_CHARS 100
#define PROJECT_NAME_MAX_CHARS 100
#define PROJECT_NOTE_MAX_CHARS 500
#define TEAM_NAME_MAX_CHARS 64
#define LENDER_MAX_CHARS 64
#define SALE_LABEL_MAX_CHARS 64
#define PROJECT_MAX_DIVISIONS 16
#define PROJECT_MAX_LINKS 64
#define TEAM_MAX_MEMBERS 200
#define FAIR_MAX_ITEMS 200

struct enterprise {
	int64_t id;
	int64_t alliance_id;
	char line[16];
	char name[TEXT_BYTES(ENTERPRISE_NAME_MAX_CHARS)];
	char uscc[20];
	char division_code[16];
	char county_code[8];
	char industry[24];
	int64_t created_by;
	int64_t created_at_ms;
};

/* Filters of the enterprise list; 0 / NULL: any. q matches name or uscc. */
struct enterprise_filter {
	int64_t alliance_id;
	const char *q;
	const char *county;
};

struct project {
	int64_t id;
	int64_t alliance_id;
	int64_t unit_id;             /* 0: none */
	char kind[24];
	char line[16];
	char name[TEXT_BYTES(PROJECT_NAME_MAX_CHARS)];
	char stage[16];
	int32_t stage_on;
	int64_t investment_fen;      /* -1: not given */
	int64_t jobs;                /* -1: not given */
	int64_t income_per_head_fen; /* -1: not given */
	int64_t length_m;            /* -1: not given */
	int64_t matter_id;           /* 0: none */
	int64_t created_by;
	int64_t created_at_ms;
	/* filled on reads */
	int64_t funds_total_fen;
	int64_t team_members;
};

struct project_filter {
	int64_t alliance_id;
	const char *kind;
	const char *stage;
};

/* One entry of the stage timeline; from "" for the first. */
struct project_stage_rec {
	int64_t id;
	int64_t project_id;
	int64_t alliance_id;
	char from[16];
	char to[16];
	int32_t on;
	char note[TEXT_BYTES(PROJECT_NOTE_MAX_CHARS)];
	int64_t user_id;             /* 0: none (demo, import) */
	int64_t at_ms;
	/* filled on reads */
	char user_name[NAME_MAX_BYTES];
};

struct project_fund {
	int64_t id;
	int64_t project_id;
	int64_t alliance_id;
	char source[16];
	char county_code[8];         /* "": not given */
	int64_t amount_fen;
	int32_t on;
	char note[TEXT_BYTES(PROJECT_NOTE_MAX_CHARS)];
	int64_t created_by;
	int64_t created_at_ms;
};

struct project_team {
	int64_t project_id;
	int64_t alliance_id;
	char name[TEXT_BYTES(TEAM_NAME_MAX_CHARS)];
	int32_t formed_on;
	int64_t members[TEAM_MAX_MEMBERS];
	size_t n_members;
	int64_t updated_by;
	int64_t updated_at_ms;
};

struct financing {
	int64_t id;
	int64_t alliance_id;
	char line[16];
	int64_t enterprise_id;
	char lender[TEXT_BYTES(LENDER_MAX_CHARS)];
	int64_t amount_fen;
	int32_t on;
	char status[16];
	int64_t created_by;
	int64_t created_at_ms;
	/* filled on reads */
	char enterprise_name[TEXT_BYTES(ENTERPRISE_NAME_MAX_CHARS)];
	char county_code[8];         /* the enterprise's */
};

struct financing_filter {
	int64_t alliance_id;
	const char *status;
	int64_t enterprise_id;
	const char *lender;
	int32_t from;                /* 0: open */
	int32_t to;                  /* 0: open */
};

struct referral {
	int64_t id;
	int64_t alliance_id;
	int64_t route_id;
	char month[8];               /* YYYY-MM */
	char from_county[8];
	char to_county[8];
	int64_t visitors;
	int64_t created_by;
	int64_t at_ms;
};

struct fair_sale_item {
	int64_t id;
	int64_t org_id;              /* 0: none */
	int64_t enterprise_id;       /* 0: none */
	char label[TEXT_BYTES(SALE_LABEL_MAX_CHARS)];   /* "": none */
	int64_t amount_fen;
	/* filled on reads */
	char org_name[NAME_MAX_BYTES];
	char enterprise_name[TEXT_BYTES(ENTERPRISE_NAME_MAX_CHARS)];
};

struct store_economy_ops {
	/* enterprises */
	enum err_code (*enterprise_insert)(struct store *st, struct enterprise *x, struct err *e);
	enum err_code (*enterprise_get)(struct store *st, int64_t id, struct enterprise *out,
					struct err *e);
	/* ERR_OK with *out_id the enterprise holding uscc, or ERR_NOT_FOUND. */
	enum err_code (*enterprise_by_uscc)(struct store *st, const char *uscc, int64_t *out_id,
					    struct err *e);
	/* Newest first. */
	enum err_code (*enterprise_list)(struct store *st, const struct enterprise_filter *f,
					 struct page pg, struct enterprise **out, size_t *out_n,
					 struct err *e);
	/* projects: the insert writes the project, its divisions, links and the
	 * first timeline entry (from "", to p->stage, on p->stage_on) */
	enum err_code (*project_insert)(struct store *st, struct project *p,
					const char (*divisions)[16], size_t n_divisions,
					const int64_t *enterprise_ids, size_t n_enterprises,
					const int64_t *talent_ids, size_t n_talents, struct err *e);
	enum err_code (*project_get)(struct store *st, int64_t id, struct project *out,
				     struct err *e);
	enum err_code (*project_list)(struct store *st, const struct project_filter *f,
				      struct page pg, struct project **out, size_t *out_n,
				      struct err *e);
	enum err_code (*project_divisions)(struct store *st, int64_t id,
					   char (*out)[16], size_t *out_n, struct err *e);
	/* Linked ids, ascending, at most PROJECT_MAX_LINKS each. */
	enum err_code (*project_links)(struct store *st, int64_t id, int64_t *enterprises,
				       size_t *n_enterprises, int64_t *talents, size_t *n_talents,
				       struct err *e);
	/* Timeline, oldest first. */
	enum err_code (*project_stages)(struct store *st, int64_t id,
					struct project_stage_rec **out, size_t *out_n,
					struct err *e);
	/* Appends s and moves the project to s->to on s->on. */
	enum err_code (*project_stage_add)(struct store *st, struct project_stage_rec *s,
					   struct err *e);
	/* Funds by date then id. */
	enum err_code (*project_funds)(struct store *st, int64_t id, struct project_fund **out,
				       size_t *out_n, struct err *e);
	enum err_code (*project_fund_add)(struct store *st, struct project_fund *f, struct err *e);
	/* ERR_NOT_FOUND when the project has no team. */
	enum err_code (*project_team_get)(struct store *st, int64_t id, struct project_team *out,
					  struct err *e);
	/* Replaces the team's name and members. */
	enum err_code (*project_team_set)(struct store *st, const struct project_team *t,
					  struct err *e);
	/* financing */
	enum err_code (*financing_insert)(struct store *st, struct financing *x, struct err *e);
	enum err_code (*financing_get)(struct store *st, int64_t id, struct financing *out,
				       struct err *e);
	/* Newest first; pg.limit 0: every row (for the summary). */
	enum err_code (*financing_list)(struct store *st, const struct financing_filter *f,
					struct page pg, struct financing **out, size_t *out_n,
					struct err *e);
	enum err_code (*financing_set_status)(struct store *st, int64_t id, const char *status,
					      int32_t on, int64_t now_ms, struct err *e);
	/* tourism referrals: one row per (route, month, from, to), replaced */
	enum err_code (*referral_put)(struct store *st, const struct referral *r, struct err *e);
	/* By month, then from, then to. */
	enum err_code (*referrals)(struct store *st, int64_t route_id, struct referral **out,
				   size_t *out_n, struct err *e);
	/* fair sales: ERR_NOT_FOUND when none recorded */
	enum err_code (*fair_sales_get)(struct store *st, int64_t activity_id, int64_t *out_minutes,
					struct fair_sale_item **out, size_t *out_n, struct err *e);
	/* Replaces the fair's duration and items. */
	enum err_code (*fair_sales_set)(struct store *st, int64_t activity_id, int64_t alliance_id,
					int64_t minutes, const struct fair_sale_item *items,
					size_t n, int64_t by, int64_t now_ms, struct err *e);
};

#endif
