/* api_stats.c - /api/v1/stats: the alliance's figures by unit, county, category or month. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "domain/reach.h"
#include "domain/stats.h"

static json_t *figures(const struct stat_row *r)
{
	json_t *mean = r->resolved ? json_real((double)r->resolve_days / (double)r->resolved)
				   : json_null();
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:I, s:I}", "raised", (json_int_t)r->raised,
			 "resolved", (json_int_t)r->resolved, "escalated", (json_int_t)r->escalated,
			 "overdue", (json_int_t)r->overdue, "mean_days_to_resolve", mean,
			 "meetings", (json_int_t)r->meetings, "attendance", (json_int_t)r->attendance);
}

static enum err_code api_stats_get(struct request *r, struct err *e)
{
	int64_t alliance_id;
	int32_t from, to;
	const char *bys;
	enum stat_by by = STAT_BY_UNIT;
	enum err_code rc;
	static const char *const bys_known[] = { "unit", "county", "category", "month", NULL };
	if ((rc = req_query_id(r, "alliance_id", &alliance_id, e)) ||
	    (rc = req_query_date(r, "from", date_from_ymd(1970, 1, 1), &from, e)) ||
	    (rc = req_query_date(r, "to", date_from_ymd(2999, 12, 31), &to, e)) ||
	    (rc = req_query_enum(r, "by", bys_known, &bys, e)))
		return rc;
	if (!alliance_id)
		return err_set(e, ERR_INVALID, "alliance_id", "请指定 alliance_id");
	if (bys && stats_by_parse(bys, &by))
		return err_set(e, ERR_INVALID, "by", "by 应为 unit、county、category 或 month");
	if (to < from)
		return err_set(e, ERR_INVALID, "to", "结束日期早于开始日期");
	struct stats_result res;
	/* what stats_compute reads: the alliance's roll-ups, and its units,
	 * counties and their names (global data) */
	req_cache_reads_stats(r, alliance_id);
	if ((rc = reach_check_alliance(r->st, &r->who, alliance_id, e)) ||
	    (rc = stats_compute(r->st, alliance_id, by, from, to, date_today_shanghai(), &res, e)))
		return rc;
	json_t *total = figures(&res.total);
	json_t *abc = json_array();
	for (size_t i = 0; i < res.n_attendance; i++)
		json_array_append_new(abc, json_pack("{s:s, s:s, s:I}", "code",
			res.attendance_by_county[i].key, "name", res.attendance_by_county[i].label,
			"n", (json_int_t)res.attendance_by_county[i].own.attendance));
	json_object_set_new(total, "attendance_by_county", abc);
	json_t *groups = json_array();
	for (size_t i = 0; i < res.n_groups; i++) {
		struct stats_group *g = &res.groups[i];
		json_t *j = figures(&g->own);
		json_object_set_new(j, "key", json_string(g->key));
		json_object_set_new(j, "label", json_string(g->label));
		if (by == STAT_BY_UNIT) {
			json_object_set_new(j, "tier", json_string(g->tier));
			json_object_set_new(j, "parent_id", g->parent_id ? json_integer(g->parent_id)
									 : json_null());
			json_object_set_new(j, "rollup", figures(&g->rollup));
		}
		json_array_append_new(groups, j);
	}
	static const char *const by_names[] = { "unit", "county", "category", "month" };
	resp_json(r, 200, json_pack("{s:I, s:s, s:o, s:o}", "alliance_id", (json_int_t)alliance_id,
				    "by", by_names[by], "total", total, "groups", groups));
	stats_result_release(&res);
	return ERR_OK;
}

const struct route api_stats_routes[] = {
	{ M_GET, "/api/v1/stats", api_stats_get, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE | ROUTE_SHARED },
	{ 0 }
};
