/*
 * store_ledger.h - the rows of the ledgers (台账) an alliance exports, and
 * the look-ups the importers need (an organisation or a person by name).
 *
 * A ledger is streamed: each() runs one query and hands every row to the
 * caller's function as it steps, so on SQLite an export of 100,000
 * matters never holds them all (on PostgreSQL the driver's result still
 * holds every row of the query: see store_sql_ledger.c). The values of a row are valid only during the call.
 * Columns come in the order documented per ledger below; what they mean
 * (titles, vocabularies, units) is the domain's (domain/ledger.c).
 */
#ifndef LJ_STORE_LEDGER_H
#define LJ_STORE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum ledger {
	/* id, title, category, type label, priority, status, raising org,
	 * county name, unit, raised_on, due_on, resolved_on, resolution,
	 * funds_fen, people_count, length_m, jobs: matters open at some time
	 * in the period (raised by its end, not resolved before its start) */
	LEDGER_MATTERS,
	/* id, title, held_on, unit, place name, agenda items, attendance,
	 * minutes: meetings held in the period */
	LEDGER_MEETINGS,
	/* id, title, kind, line, starts_on, ends_on, place name, host org,
	 * county name, persons, person_times, sales_fen: started in the period */
	LEDGER_ACTIVITIES,
	/* id, name, kind, line, stage, stage_on, investment_fen, funds_fen (in
	 * the period), jobs, income_per_head_fen, length_m, team members:
	 * entered by the period's end */
	LEDGER_PROJECTS,
	/* id, enterprise, uscc, lender, amount_fen, on, status: dated in the
	 * period */
	LEDGER_FINANCING,
	/* id, name, org, county code, county name, position, phone: the people
	 * of the organisations in the alliance's counties (no period) */
	LEDGER_PEOPLE,
	LEDGER_COUNT
};

struct ledger_value {
	int is_null;
	int is_int;
	int64_t i;
	const char *text;   /* "" for NULL and integers */
};

/* Called once per row; an error stops the stream and is returned. */
typedef enum err_code (*ledger_row_fn)(void *ctx, const struct ledger_value *v, int n,
				       struct err *e);

struct store_ledger_ops {
	/* Streams ledger l of the alliance, ordered by id; from/to are
	 * inclusive day numbers (INT32_MIN / INT32_MAX: open). */
	enum err_code (*each)(struct store *st, enum ledger l, int64_t alliance_id, int32_t from,
			      int32_t to, ledger_row_fn fn, void *ctx, struct err *e);
	/* Ids of the organisations named exactly name: at most max, *n of them. */
	enum err_code (*org_ids_by_name)(struct store *st, const char *name, int64_t *ids,
					 size_t max, size_t *n, struct err *e);
	/* Ids of the people of org_id named exactly name. */
	enum err_code (*person_ids_by_name)(struct store *st, int64_t org_id, const char *name,
					    int64_t *ids, size_t max, size_t *n, struct err *e);
};

#endif
