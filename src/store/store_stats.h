/*
 * store_stats.h - incremental statistics (roll-up counters) in the store.
 *
 * Writers add to day, month and all-time counters inside the caller's
 * write transaction; rows() reads them back grouped.
 */
#ifndef LJ_STORE_STATS_H
#define LJ_STORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* One group of the statistics: figures summed over counters. */
struct stat_row {
	char key[32];
	int64_t raised, resolved, resolve_days, escalated, overdue, meetings, attendance;
};

/* The answer of a statistics query: the groups, and the meetings and
 * attendance per county (key = county code) over the same range. */
struct stat_rows {
	struct stat_row *rows;               /* malloc'd */
	size_t n;
	struct stat_row *county_attendance;  /* malloc'd */
	size_t n_county;
};

enum stat_by { STAT_BY_UNIT, STAT_BY_COUNTY, STAT_BY_CATEGORY, STAT_BY_MONTH };

struct store_stats_ops {
	enum err_code (*matter_add)(struct store *st, int64_t alliance_id, int64_t unit_id,
				    const char *county, const char *category, int32_t day,
				    int64_t raised, int64_t resolved, int64_t resolve_days,
				    int64_t escalated, struct err *e);
	enum err_code (*open_due_add)(struct store *st, int64_t alliance_id, int64_t unit_id,
				      const char *county, const char *category, int32_t due_on,
				      int64_t delta, struct err *e);
	enum err_code (*meeting_add)(struct store *st, int64_t alliance_id, int64_t unit_id,
				     const char *county, int32_t day, int64_t meetings,
				     int64_t attendance, struct err *e);
	/* Figures grouped by `by` over [from, to] (overdue: the open matters
	 * due before today) and the attendance per county over [from, to];
	 * meetings and attendance over [from, min(to, today)] only: a meeting
	 * is counted under its day from convening on, but is not held, and so
	 * not reported, before that day;
	 * on success the caller frees out->rows and out->county_attendance. */
	enum err_code (*rows)(struct store *st, int64_t alliance_id, enum stat_by by, int32_t from,
			      int32_t to, int32_t today, struct stat_rows *out, struct err *e);
};

#endif
