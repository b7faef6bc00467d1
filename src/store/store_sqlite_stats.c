/*
 * store_sqlite_stats.c - the incremental statistics counters in SQLite.
 *
 * Every counter is kept at four levels, written in the caller's
 * transaction: per day (stat_*_daily, stat_open_due), per month and for all
 * time (stat_*_monthly, month '*') by unit, county and category, and per
 * month for the alliance (stat_*_by_month). A query over [from, to] reads
 * the whole months inside the range from the monthly (or, grouped by month,
 * the by-month) rows and only the days of a partial first or last month from
 * the daily ones; a range longer than a year (all time, by default) is the
 * all-time rows minus what lies outside.
 * Its cost follows the number of groups and months asked for, not the
 * length of the alliance's history (migration 0006).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/sq_int.h"

/* Statement ids: the writers (per kind: the day's row, the month's and
 * all-time rows, the by-month row), then one query per grouping (4) and
 * source (12, see sources[]). */
enum {
	ST_MATTER_DAY = SQ_FIRST(SQ_AREA_STATS), ST_MATTER_MONTH, ST_MATTER_BYMONTH, ST_DUE_DAY,
	ST_DUE_MONTH, ST_DUE_BYMONTH, ST_MEETING_DAY, ST_MEETING_MONTH, ST_MEETING_BYMONTH,
	ST_QUERY_FIRST,
	ST_LAST = ST_QUERY_FIRST + 4 * 12
};
SQ_FITS(SQ_AREA_STATS, ST_LAST);

static void bind_month(sqlite3_stmt *s, int i, int32_t day)
{
	char d[11];
	date_format(day, d);
	sqlite3_bind_text(s, i, d, 7, SQLITE_TRANSIENT);
}

/* ---- writers: the same delta into each level's row ---- */

/* The levels a counter is kept at. */
enum level { LV_DAY, LV_MONTH, LV_TOTAL, LV_BYMONTH };
#define N_LEVELS 4

/* Binds the date column of a level's row: the day, the month, '*' (all
 * time) or the month (by-month rows). */
static void bind_level(sqlite3_stmt *s, int i, enum level level, int32_t day)
{
	if (level == LV_DAY)
		sq_bind_day(s, i, day);
	else if (level == LV_TOTAL)
		sqlite3_bind_text(s, i, "*", 1, SQLITE_STATIC);
	else
		bind_month(s, i, day);
}

/* Each writer's statements: ?1 alliance, ?2 the date column, then (except
 * by month) ?3 unit, ?4 county, ?5 category; the figures from ?6 on. */
#define UPSERT_MATTER                                                                     \
	"ON CONFLICT DO UPDATE SET raised=raised+excluded.raised, "                         \
	"resolved=resolved+excluded.resolved, resolve_days=resolve_days+excluded.resolve_days, " \
	"escalated=escalated+excluded.escalated"
#define UPSERT_MEETING                                                                    \
	"ON CONFLICT DO UPDATE SET meetings=meetings+excluded.meetings, "                    \
	"attendance=attendance+excluded.attendance"

static sqlite3_stmt *matter_stmt(struct sq *q, enum level level)
{
	switch (level) {
	case LV_DAY:
		return sq_stmt(q, ST_MATTER_DAY,
			       "INSERT INTO stat_matter_daily(alliance_id,day,unit_id,county_code,"
			       "category,raised,resolved,resolve_days,escalated) "
			       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) " UPSERT_MATTER);
	case LV_MONTH:
	case LV_TOTAL:
		return sq_stmt(q, ST_MATTER_MONTH,
			       "INSERT INTO stat_matter_monthly(alliance_id,month,unit_id,county_code,"
			       "category,raised,resolved,resolve_days,escalated) "
			       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) " UPSERT_MATTER);
	case LV_BYMONTH:
		return sq_stmt(q, ST_MATTER_BYMONTH,
			       "INSERT INTO stat_matter_by_month(alliance_id,month,raised,resolved,"
			       "resolve_days,escalated) VALUES(?1,?2,?6,?7,?8,?9) " UPSERT_MATTER);
	}
	return NULL;
}

/* One delta into every level's row of a kind: stmt gives the level's
 * statement; category NULL: the kind has none (meetings); county_by_month:
 * the by-month row keeps the county (meetings, for attendance). */
struct delta {
	int64_t alliance_id, unit_id;
	const char *county, *category;
	int32_t day;
	int64_t v[4];
	int n_v;
	int county_by_month;
};

static enum err_code add_levels(struct sq *q, sqlite3_stmt *(*stmt)(struct sq *, enum level),
				const struct delta *d, struct err *e, const char *what)
{
	for (int level = 0; level < N_LEVELS; level++) {
		sqlite3_stmt *s = stmt(q, (enum level)level);
		if (!s)
			return sq_error(q, e, what);
		sqlite3_bind_int64(s, 1, d->alliance_id);
		bind_level(s, 2, (enum level)level, d->day);
		if (level != LV_BYMONTH) {
			sqlite3_bind_int64(s, 3, d->unit_id);
			if (d->category)
				sqlite3_bind_text(s, 5, d->category, -1, SQLITE_STATIC);
		}
		if (level != LV_BYMONTH || d->county_by_month)
			sqlite3_bind_text(s, 4, d->county, -1, SQLITE_STATIC);
		for (int i = 0; i < d->n_v; i++)
			sqlite3_bind_int64(s, 6 + i, d->v[i]);
		enum err_code rc = sq_done(q, s, e, what);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

static enum err_code sq_stat_matter_add(struct store *st, int64_t alliance_id, int64_t unit_id,
					const char *county, const char *category, int32_t day,
					int64_t raised, int64_t resolved, int64_t resolve_days,
					int64_t escalated, struct err *e)
{
	const struct delta d = { alliance_id, unit_id, county, category, day,
				 { raised, resolved, resolve_days, escalated }, 4, 0 };
	return add_levels(SQ(st), matter_stmt, &d, e, "stat_matter_add");
}

static sqlite3_stmt *due_stmt(struct sq *q, enum level level)
{
	switch (level) {
	case LV_DAY:
		return sq_stmt(q, ST_DUE_DAY,
			       "INSERT INTO stat_open_due(alliance_id,due_on,unit_id,county_code,"
			       "category,n) VALUES(?1,?2,?3,?4,?5,?6) "
			       "ON CONFLICT DO UPDATE SET n=n+excluded.n");
	case LV_MONTH:
	case LV_TOTAL:
		return sq_stmt(q, ST_DUE_MONTH,
			       "INSERT INTO stat_open_due_monthly(alliance_id,month,unit_id,"
			       "county_code,category,n) VALUES(?1,?2,?3,?4,?5,?6) "
			       "ON CONFLICT DO UPDATE SET n=n+excluded.n");
	case LV_BYMONTH:
		return sq_stmt(q, ST_DUE_BYMONTH,
			       "INSERT INTO stat_open_due_by_month(alliance_id,month,n) "
			       "VALUES(?1,?2,?6) ON CONFLICT DO UPDATE SET n=n+excluded.n");
	}
	return NULL;
}

static enum err_code sq_stat_open_due_add(struct store *st, int64_t alliance_id, int64_t unit_id,
					  const char *county, const char *category,
					  int32_t due_on, int64_t delta, struct err *e)
{
	const struct delta d = { alliance_id, unit_id, county, category, due_on,
				 { delta, 0, 0, 0 }, 1, 0 };
	return add_levels(SQ(st), due_stmt, &d, e, "stat_open_due_add");
}

/* Meetings have no category; by month they keep the county (attendance). */
static sqlite3_stmt *meeting_stmt(struct sq *q, enum level level)
{
	switch (level) {
	case LV_DAY:
		return sq_stmt(q, ST_MEETING_DAY,
			       "INSERT INTO stat_meeting_daily(alliance_id,day,unit_id,county_code,"
			       "meetings,attendance) VALUES(?1,?2,?3,?4,?6,?7) " UPSERT_MEETING);
	case LV_MONTH:
	case LV_TOTAL:
		return sq_stmt(q, ST_MEETING_MONTH,
			       "INSERT INTO stat_meeting_monthly(alliance_id,month,unit_id,"
			       "county_code,meetings,attendance) VALUES(?1,?2,?3,?4,?6,?7) "
			       UPSERT_MEETING);
	case LV_BYMONTH:
		return sq_stmt(q, ST_MEETING_BYMONTH,
			       "INSERT INTO stat_meeting_by_month(alliance_id,month,county_code,"
			       "meetings,attendance) VALUES(?1,?2,?4,?6,?7) " UPSERT_MEETING);
	}
	return NULL;
}

static enum err_code sq_stat_meeting_add(struct store *st, int64_t alliance_id, int64_t unit_id,
					 const char *county, int32_t day, int64_t meetings,
					 int64_t attendance, struct err *e)
{
	const struct delta d = { alliance_id, unit_id, county, NULL, day,
				 { meetings, attendance, 0, 0 }, 2, 1 };
	return add_levels(SQ(st), meeting_stmt, &d, e, "stat_meeting_add");
}

/* ---- the query ---- */

enum source_kind { SRC_MATTER, SRC_DUE, SRC_MEETING };
#define N_SOURCES 12

/* The tables a query reads, per kind and level; "%s" is the grouping key.
 * ?1 alliance, ?2 and ?3 the inclusive bounds (days or 'YYYY-MM' months;
 * none for the all-time rows). Index: kind * N_LEVELS + level. */
static const struct source {
	enum source_kind kind;
	enum level level;
	const char *sql;
} sources[N_SOURCES] = {
	{ SRC_MATTER, LV_DAY,
	  "SELECT %s, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) "
	  "FROM stat_matter_daily WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY 1" },
	{ SRC_MATTER, LV_MONTH,
	  "SELECT %s, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) "
	  "FROM stat_matter_monthly WHERE alliance_id=?1 AND month>=?2 AND month<=?3 GROUP BY 1" },
	{ SRC_MATTER, LV_TOTAL,
	  "SELECT %s, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) "
	  "FROM stat_matter_monthly WHERE alliance_id=?1 AND month='*' GROUP BY 1" },
	{ SRC_MATTER, LV_BYMONTH,
	  "SELECT %s, raised, resolved, resolve_days, escalated "
	  "FROM stat_matter_by_month WHERE alliance_id=?1 AND month>=?2 AND month<=?3" },
	{ SRC_DUE, LV_DAY,
	  "SELECT %s, sum(n) FROM stat_open_due WHERE alliance_id=?1 AND due_on>=?2 "
	  "AND due_on<=?3 GROUP BY 1" },
	{ SRC_DUE, LV_MONTH,
	  "SELECT %s, sum(n) FROM stat_open_due_monthly WHERE alliance_id=?1 AND month>=?2 "
	  "AND month<=?3 GROUP BY 1" },
	{ SRC_DUE, LV_TOTAL,
	  "SELECT %s, sum(n) FROM stat_open_due_monthly WHERE alliance_id=?1 AND month='*' "
	  "GROUP BY 1" },
	{ SRC_DUE, LV_BYMONTH,
	  "SELECT %s, n FROM stat_open_due_by_month WHERE alliance_id=?1 AND month>=?2 "
	  "AND month<=?3" },
	/* meetings also by county, for the attendance per county */
	{ SRC_MEETING, LV_DAY,
	  "SELECT %s, county_code, sum(meetings), sum(attendance) FROM stat_meeting_daily "
	  "WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY 1, 2" },
	{ SRC_MEETING, LV_MONTH,
	  "SELECT %s, county_code, sum(meetings), sum(attendance) FROM stat_meeting_monthly "
	  "WHERE alliance_id=?1 AND month>=?2 AND month<=?3 GROUP BY 1, 2" },
	{ SRC_MEETING, LV_TOTAL,
	  "SELECT %s, county_code, sum(meetings), sum(attendance) FROM stat_meeting_monthly "
	  "WHERE alliance_id=?1 AND month='*' GROUP BY 1, 2" },
	{ SRC_MEETING, LV_BYMONTH,
	  "SELECT %s, county_code, meetings, attendance FROM stat_meeting_by_month "
	  "WHERE alliance_id=?1 AND month>=?2 AND month<=?3" },
};

/* The grouping key of a source's rows. By month only the daily and the
 * by-month rows are read; the by-month rows are read by month only. */
static const char *key_expr(enum stat_by by, const struct source *src)
{
	switch (by) {
	case STAT_BY_UNIT: return "unit_id";
	case STAT_BY_COUNTY: return "county_code";
	case STAT_BY_CATEGORY: return src->kind == SRC_MEETING ? "'none'" : "category";
	case STAT_BY_MONTH:
		return src->level != LV_DAY ? "month"
		       : src->kind == SRC_DUE ? "substr(due_on,1,7)" : "substr(day,1,7)";
	}
	return "''";
}

/* Rows are few (groups × at most a handful of sources): a linear lookup. */
static struct stat_row *row_for(struct stat_row **arr, size_t *n, size_t *alloc, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i].key, key) == 0)
			return &(*arr)[i];
	*arr = sq_grow(*arr, sizeof(**arr), *n, alloc);
	struct stat_row *r = &(*arr)[(*n)++];
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	return r;
}

struct acc {
	struct stat_row *rows, *counties;
	size_t n, alloc, n_counties, alloc_counties;
};

/* Adds (sign 1) or subtracts (sign -1) the rows of one source over [lo, hi]
 * (days; a monthly source reads the months of lo and hi, which the caller
 * has made whole; the all-time source ignores them). */
static enum err_code add_source(struct sq *q, int64_t alliance_id, enum stat_by by,
				enum source_kind kind, enum level level, int32_t lo, int32_t hi,
				int sign, struct acc *acc, struct err *e)
{
	int src_i = (int)kind * N_LEVELS + (int)level;
	const struct source *src = &sources[src_i];
	char sql[512];
	snprintf(sql, sizeof(sql), src->sql, key_expr(by, src));
	sqlite3_stmt *s = sq_stmt(q, ST_QUERY_FIRST + (int)by * N_SOURCES + src_i, sql);
	if (!s)
		return sq_error(q, e, "stat_rows");
	sqlite3_bind_int64(s, 1, alliance_id);
	if (level == LV_DAY) {
		sq_bind_day(s, 2, lo);
		sq_bind_day(s, 3, hi);
	} else if (level != LV_TOTAL) {
		bind_month(s, 2, lo);
		bind_month(s, 3, hi);
	}
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		char key[32];
		sq_text(s, 0, key, sizeof(key));
		struct stat_row *row = row_for(&acc->rows, &acc->n, &acc->alloc, key);
		if (kind == SRC_MATTER) {
			row->raised += sign * sqlite3_column_int64(s, 1);
			row->resolved += sign * sqlite3_column_int64(s, 2);
			row->resolve_days += sign * sqlite3_column_int64(s, 3);
			row->escalated += sign * sqlite3_column_int64(s, 4);
		} else if (kind == SRC_DUE) {
			row->overdue += sign * sqlite3_column_int64(s, 1);
		} else {
			char county[32];
			sq_text(s, 1, county, sizeof(county));
			struct stat_row *c = row_for(&acc->counties, &acc->n_counties,
						     &acc->alloc_counties, county);
			row->meetings += sign * sqlite3_column_int64(s, 2);
			row->attendance += sign * sqlite3_column_int64(s, 3);
			c->meetings += sign * sqlite3_column_int64(s, 2);
			c->attendance += sign * sqlite3_column_int64(s, 3);
		}
	}
	sqlite3_reset(s);
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "stat_rows");
}

static int32_t month_start(int32_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return date_from_ymd(y, m, 1);
}

static int32_t month_end(int32_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return date_from_ymd(y, m, date_days_in_month(y, m));
}

/* The days the counters can hold (dates are validated on input). */
#define DAY_MIN date_from_ymd(1900, 1, 1)
#define DAY_MAX date_from_ymd(2999, 12, 31)

/* Adds sign × a kind's figures over the days [from, to]: the whole months
 * inside from the monthly rows (by month: the by-month rows), the days
 * around them from the daily ones. */
static enum err_code add_months(struct sq *q, int64_t alliance_id, enum stat_by by,
				enum source_kind kind, int32_t from, int32_t to, int sign,
				struct acc *acc, struct err *e)
{
	if (from > to)
		return ERR_OK;
	/* first and last day of the whole months within [from, to] */
	int32_t first = from == month_start(from) ? from : month_end(from) + 1;
	int32_t last = to == month_end(to) ? to : month_start(to) - 1;
	if (first > last)
		return add_source(q, alliance_id, by, kind, LV_DAY, from, to, sign, acc, e);
	enum level months = by == STAT_BY_MONTH ? LV_BYMONTH : LV_MONTH;
	enum err_code rc = ERR_OK;
	if (from < first)
		rc = add_source(q, alliance_id, by, kind, LV_DAY, from, first - 1, sign, acc, e);
	if (!rc)
		rc = add_source(q, alliance_id, by, kind, months, first, last, sign, acc, e);
	if (!rc && last < to)
		rc = add_source(q, alliance_id, by, kind, LV_DAY, last + 1, to, sign, acc, e);
	return rc;
}

/* A kind's figures over [from, to]. A range of more than a year (all time
 * by default) is read as the all-time totals minus what lies before and
 * after it, which are usually empty or short; by month it is always read
 * month by month. */
static enum err_code add_range(struct sq *q, int64_t alliance_id, enum stat_by by,
			       enum source_kind kind, int32_t from, int32_t to, struct acc *acc,
			       struct err *e)
{
	if (by == STAT_BY_MONTH || to - from < 400)
		return add_months(q, alliance_id, by, kind, from, to, 1, acc, e);
	enum err_code rc = add_source(q, alliance_id, by, kind, LV_TOTAL, 0, 0, 1, acc, e);
	if (!rc && from > DAY_MIN)
		rc = add_months(q, alliance_id, by, kind, DAY_MIN, from - 1, -1, acc, e);
	if (!rc && to < DAY_MAX)
		rc = add_months(q, alliance_id, by, kind, to + 1, DAY_MAX, -1, acc, e);
	return rc;
}

static int row_is_zero(const struct stat_row *r)
{
	return !r->raised && !r->resolved && !r->resolve_days && !r->escalated && !r->overdue &&
	       !r->meetings && !r->attendance;
}

/* Drops the rows whose figures are all zero (a group that only had
 * figures outside the range, once subtracted). */
static size_t drop_zero_rows(struct stat_row *rows, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!row_is_zero(&rows[i]))
			rows[k++] = rows[i];
	return k;
}

static enum err_code sq_stat_rows(struct store *st, int64_t alliance_id, enum stat_by by,
				  int32_t from, int32_t to, int32_t today, struct stat_rows *out,
				  struct err *e)
{
	struct sq *q = SQ(st);
	struct acc acc = { 0 };
	/* Overdue is a figure of today: the open matters due before today; by
	 * month it is grouped by the month they were due. */
	enum err_code rc = add_range(q, alliance_id, by, SRC_MATTER, from, to, &acc, e);
	if (!rc)
		rc = add_range(q, alliance_id, by, SRC_DUE, DAY_MIN, today - 1, &acc, e);
	/* A meeting counts from its day: the counters hold a convened meeting
	 * under held_on, so the days after today are cut off (meeting.h). */
	if (!rc)
		rc = add_range(q, alliance_id, by, SRC_MEETING, from, to < today ? to : today, &acc,
			       e);
	if (rc) {
		free(acc.rows);
		free(acc.counties);
		return rc;
	}
	out->rows = acc.rows;
	out->n = drop_zero_rows(acc.rows, acc.n);
	out->county_attendance = acc.counties;
	out->n_county = drop_zero_rows(acc.counties, acc.n_counties);
	return ERR_OK;
}

const struct store_stats_ops sq_stats_ops = {
	.matter_add = sq_stat_matter_add,
	.open_due_add = sq_stat_open_due_add,
	.meeting_add = sq_stat_meeting_add,
	.rows = sq_stat_rows,
};
