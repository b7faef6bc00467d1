/*
 * api.h - what the handlers share: the module route tables, list paging and the
 * JSON shapes of the objects that several resources embed.
 */
#ifndef LJ_API_H
#define LJ_API_H

#include <jansson.h>

#include "core/vocab.h"
#include "domain/division.h"
#include "http/request.h"
#include "http/router.h"
#include "store/store_account.h"
#include "store/store_matter.h"
#include "store/store_rotation.h"

/* Each module's routes, terminated by a row with pattern NULL. A new module
 * adds its extern here and its name to api_route_tables in routes.c. */
extern const struct route api_session_routes[];
extern const struct route api_user_routes[];
extern const struct route api_division_routes[];
extern const struct route api_audit_routes[];
extern const struct route api_dictionary_routes[];
extern const struct route api_org_routes[];
extern const struct route api_rotation_routes[];
extern const struct route api_matter_routes[];
extern const struct route api_meeting_routes[];
extern const struct route api_stats_routes[];
extern const struct route api_inbox_routes[];
extern const struct route api_education_routes[];
extern const struct route api_talent_routes[];
extern const struct route api_briefing_routes[];
extern const struct route api_economy_routes[];
extern const struct route api_signin_routes[];
extern const struct route api_enterprise_routes[];
extern const struct route api_ledger_routes[];
/* The tables above, NULL-terminated, in matching order. */
extern const struct route *const api_route_tables[];
/* All routes as one terminated table, joined on the first call (thread-safe)
 * and kept until exit. */
const struct route *api_routes(void);

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 500

/* Reads limit (1..LIST_LIMIT_MAX) and cursor (digits only, opaque to
 * clients; empty means the first page) with the strict query getters. */
enum err_code api_page(struct request *r, struct page *pg, char *cursor_buf, size_t size,
		       struct err *e);
/* A query parameter that must be a key of vocabulary v (absent: *out NULL);
 * *out then points at the vocabulary's own key. */
enum err_code api_query_vocab(struct request *r, const char *key, const struct vocab_term *v,
			      const char **out, struct err *e);
/* ERR_NOT_FOUND (e untouched) when the account may not read alliance_id: the
 * caller then answers exactly as for a missing id; ERR_OK when it may. */
enum err_code api_outside_reach(struct request *r, int64_t alliance_id, struct err *e);
/* Lengths for req_query_code: any division level, and counties only. */
extern const int api_division_code_lengths[];
extern const int api_county_code_lengths[];
/* {"items": items, "next_cursor": cursor or null}; steals items. */
void api_list(struct request *r, json_t *items, const char *next_cursor);
/* api_list for a page of n items ordered by id: the next cursor is last_id
 * when the page is full (n == pg.limit), null otherwise; steals items. */
void api_list_by_id(struct request *r, json_t *items, size_t n, struct page pg,
		    int64_t last_id);

json_t *api_user_json(struct store *st, const struct user *u);
json_t *api_grant_json(const struct grant *g);
json_t *api_division_json(const struct division_full *d);
/* {code,name,level,path:[…]} for an embedded division; null when unknown. */
json_t *api_division_ref(struct store *st, const char *code);
/* The references an answer has built so far: a list of matters names the
 * same few divisions again and again (each reference is a path of up to
 * five lookups). Zero-initialise; release when the answer is built. */
struct api_div_memo {
	size_t n;
	struct {
		char code[16];
		json_t *ref;
	} e[32];
};
/* api_division_ref, remembered in memo (a new reference to a shared value). */
json_t *api_division_ref_memo(struct store *st, const char *code, struct api_div_memo *memo);
void api_div_memo_release(struct api_div_memo *memo);
/* ISO 8601 time in Asia/Shanghai from ms since the epoch. */
json_t *api_time(int64_t ms);

json_t *api_term_json(const struct duty_term *t);

/* memo: NULL, or the division references of the answer being built */
/* a: the matter's n_assignees assignees (domain/matter_read.h) */
json_t *api_matter_json(struct store *st, const struct matter *m,
			const struct matter_assignee *a, size_t n_assignees, int32_t today,
			struct api_div_memo *memo);
/* A page of matters as {"items":[…],"next_cursor":…} appended to b: the
 * same bytes as api_matter_json's items in api_list's object, dumped
 * (api_matter_json.c). next_cursor: NULL for null. */
struct matter_page;
void api_matter_page_write(struct buf *b, struct store *st, const struct matter_page *p,
			   int32_t today, const char *next_cursor);

/* A fair's sales {activity_id,hours,total_fen,items} (api_economy.c), JSON
 * null when none are recorded; the activity is already read within reach. */
json_t *api_fair_sales_json(struct store *st, int64_t activity_id);

#endif
