/*
 * stats.h - the alliance's statistics, from the incremental counters.
 *
 * Attribution, so that groups always add up to the total:
 *  - matter figures (raised, resolved, escalated, overdue, days to resolve)
 *    count for the unit where the matter was raised, the county of the
 *    raising organisation, the matter's category, and the month of the event
 *    (raised: the day raised; resolved: the day resolved; escalated: the day
 *    escalated; overdue: the month it was due);
 *  - meetings count for their unit, the county of their place and their
 *    month; attendance for the attendee's county; by category both fall in
 *    one group "none" (meetings have no category).
 * For by=unit each group also carries `rollup`: its own figures plus those
 * of every unit below it, so a county task force's roll-up is the total.
 * Overdue is always as of today, whatever from/to say.
 */
#ifndef LJ_STATS_H
#define LJ_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_stats.h"

struct stats_group {
	char key[32];
	char label[NAME_MAX_BYTES];
	struct stat_row own;
	/* by=unit only */
	char tier[8];
	int64_t parent_id;
	struct stat_row rollup;
};

struct stats_result {
	struct stat_row total;
	struct stats_group *groups;   /* malloc'd */
	size_t n_groups;
	struct stats_group *attendance_by_county;   /* malloc'd: key = county code */
	size_t n_attendance;
};

int stats_by_parse(const char *s, enum stat_by *out);
enum err_code stats_compute(struct store *st, int64_t alliance_id, enum stat_by by,
			    int32_t from, int32_t to, int32_t today, struct stats_result *out,
			    struct err *e);
void stats_result_release(struct stats_result *r);

#endif
