/*
 * store_sql_stats.c - the incremental statistics counters, written once
 * over the thin SQL driver (db.h) for SQLite and PostgreSQL.
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
 *
 * The same SQL serves both engines: the upserts name their conflict target
 * and qualify the stored figure (t.raised+excluded.raised), as PostgreSQL
 * requires; a month key is substr(day,1,7) in both; PostgreSQL's sum() of a
 * BIGINT is a numeric, read back as its text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/db.h"
#include "store/slots.h"
#include "store/store_sql.h"
#include "store/store_stats.h"

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

/* Binds the 'YYYY-MM' of a day (a copy: d dies with this frame). */
static void bind_month(struct db_stmt *s, int n, int32_t day)
{
	char d[11];
	date_format(day, d);
	d[7] = '\0';
	s->drv->bind_text_copy(s, n, d);
}

/* ---- writers: the same delta into each level's row ---- */

/* The levels a counter is kept at. */
enum level { LV_DAY, LV_MONTH, LV_TOTAL, LV_BYMONTH };
#define N_LEVELS 4

/* Binds the date column of a level's row: the day, the month, '*' (all
 * time) or the month (by-month rows). */
static void bind_level(struct db_stmt *s, int n, enum level level, int32_t day)
{
	if (level == LV_DAY)
		db_bind_day(s, n, day);
	else if (level == LV_TOTAL)
		db_bind_text(s, n, "*");
	else
		bind_month(s, n, day);
}

/* Each writer's statements number their parameters in this order, each
 * present only where the level's table has the column: alliance, the date
 * column, unit, county, category; then the figures. The tables are aliased
 * t, their primary key is the conflict target. */
#define UPSERT_MATTER(key)                                                                 \
	"ON CONFLICT(" key ") DO UPDATE SET raised=t.raised+excluded.raised, "               \
	"resolved=t.resolved+excluded.resolved, "                                            \
	"resolve_days=t.resolve_days+excluded.resolve_days, "                                \
	"escalated=t.escalated+excluded.escalated"
#define UPSERT_MEETING(key)                                                                \
	"ON CONFLICT(" key ") DO UPDATE SET meetings=t.meetings+excluded.meetings, "          \
	"attendance=t.attendance+excluded.attendance"

static struct db_stmt *matter_stmt(struct db_conn *c, enum level level)
{
	switch (level) {
	case LV_DAY:
		return db_stmt(c, ST_MATTER_DAY,
			       "INSERT INTO stat_matter_daily AS t(alliance_id,day,unit_id,county_code,"
			       "category,raised,resolved,resolve_days,escalated) "
			       "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) "
			       UPSERT_MATTER("alliance_id,day,unit_id,county_code,category"));
	case LV_MONTH:
	case LV_TOTAL:
		return db_stmt(c, ST_MATTER_MONTH,
			       "INSERT INTO stat_matter_monthly AS t(alliance_id,month,unit_id,"
			       "county_code,category,raised,resolved,resolve_days,escalated) "
			       "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) "
			       UPSERT_MATTER("alliance_id,month,unit_id,county_code,category"));
	case LV_BYMONTH:
		return db_stmt(c, ST_MATTER_BYMONTH,
			       "INSERT INTO stat_matter_by_month AS t(alliance_id,month,raised,resolved,"
			       "resolve_days,escalated) VALUES($1,$2,$3,$4,$5,$6) "
			       UPSERT_MATTER("alliance_id,month"));
	}
	return NULL;
}

/* One delta into every level's row of a kind: stmt gives the level's
 * statement; has_category: the kind's rows have one (not meetings);
 * county_by_month: the by-month row keeps the county (meetings, for
 * attendance). */
struct delta {
	int64_t alliance_id, unit_id;
	const char *county, *category;
	int32_t day;
	int64_t v[4];
	int n_v;
	int has_category;
	int county_by_month;
};

static enum err_code add_levels(struct store *st,
				struct db_stmt *(*stmt)(struct db_conn *, enum level),
				const struct delta *d, struct err *e, const char *what)
{
	for (int level = 0; level < N_LEVELS; level++) {
		struct db_stmt *s = stmt(st->db, (enum level)level);
		if (!s)
			return db_error(st->db, e, what);
		int n = 1;
		db_bind_i64(s, n++, d->alliance_id);
		bind_level(s, n++, (enum level)level, d->day);
		if (level != LV_BYMONTH)
			db_bind_i64(s, n++, d->unit_id);
		if (level != LV_BYMONTH || d->county_by_month)
			db_bind_text(s, n++, d->county);
		if (level != LV_BYMONTH && d->has_category)
			db_bind_text(s, n++, d->category);
		for (int i = 0; i < d->n_v; i++)
			db_bind_i64(s, n++, d->v[i]);
		enum err_code rc = db_run(st->db, s, e, what);
		if (rc == ERR_CONFLICT)
			return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", what);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

static enum err_code stat_matter_add(struct store *st, int64_t alliance_id, int64_t unit_id,
					const char *county, const char *category, int32_t day,
					int64_t raised, int64_t resolved, int64_t resolve_days,
					int64_t escalated, struct err *e)
{
	const struct delta d = { alliance_id, unit_id, county, category, day,
				 { raised, resolved, resolve_days, escalated }, 4, 1, 0 };
	return add_levels(st, matter_stmt, &d, e, "stat_matter_add");
}

static struct db_stmt *due_stmt(struct db_conn *c, enum level level)
{
	switch (level) {
	case LV_DAY:
		return db_stmt(c, ST_DUE_DAY,
			       "INSERT INTO stat_open_due AS t(alliance_id,due_on,unit_id,county_code,"
			       "category,n) VALUES($1,$2,$3,$4,$5,$6) "
			       "ON CONFLICT(alliance_id,due_on,unit_id,county_code,category) "
			       "DO UPDATE SET n=t.n+excluded.n");
	case LV_MONTH:
	case LV_TOTAL:
		return db_stmt(c, ST_DUE_MONTH,
			       "INSERT INTO stat_open_due_monthly AS t(alliance_id,month,unit_id,"
			       "county_code,category,n) VALUES($1,$2,$3,$4,$5,$6) "
			       "ON CONFLICT(alliance_id,month,unit_id,county_code,category) "
			       "DO UPDATE SET n=t.n+excluded.n");
	case LV_BYMONTH:
		return db_stmt(c, ST_DUE_BYMONTH,
			       "INSERT INTO stat_open_due_by_month AS t(alliance_id,month,n) "
			       "VALUES($1,$2,$3) ON CONFLICT(alliance_id,month) "
			       "DO UPDATE SET n=t.n+excluded.n");
	}
	return NULL;
}

static enum err_code stat_open_due_add(struct store *st, int64_t alliance_id, int64_t unit_id,
					  const char *county, const char *category,
					  int32_t due_on, int64_t delta, struct err *e)
{
	const struct delta d = { alliance_id, unit_id, county, category, due_on,
				 { delta, 0, 0, 0 }, 1, 1, 0 };
	return add_levels(st, due_stmt, &d, e, "stat_open_due_add");
}

/* Meetings have no category; by month they keep the county (attendance). */
static struct db_stmt *meeting_stmt(struct db_conn *c, enum level level)
{
	switch (level) {
	case LV_DAY:
		return db_stmt(c, ST_MEETING_DAY,
			       "INSERT INTO stat_meeting_daily AS t(alliance_id,day,unit_id,county_code,"
			       "meetings,attendance) VALUES($1,$2,$3,$4,$5,$6) "
			       UPSERT_MEETING("alliance_id,day,unit_id,county_code"));
	case LV_MONTH:
	case LV_TOTAL:
		return db_stmt(c, ST_MEETING_MONTH,
			       "INSERT INTO stat_meeting_monthly AS t(alliance_id,month,unit_id,"
			       "county_code,meetings,attendance) VALUES($1,$2,$3,$4,$5,$6) "
			       UPSERT_MEETING("alliance_id,month,unit_id,county_code"));
	case LV_BYMONTH:
		return db_stmt(c, ST_MEETING_BYMONTH,
			       "INSERT INTO stat_meeting_by_month AS t(alliance_id,month,county_code,"
			       "meetings,attendance) VALUES($1,$2,$3,$4,$5) "
			       UPSERT_MEETING("alliance_id,month,county_code"));
	}
	return NULL;
}

static enum err_code stat_meeting_add(struct store *st, int64_t alliance_id, int64_t unit_id,
					 const char *county, int32_t day, int64_t meetings,
					 int64_t attendance, struct err *e)
{
	const struct delta d = { alliance_id, unit_id, county, NULL, day,
				 { meetings, attendance, 0, 0 }, 2, 0, 1 };
	return add_levels(st, meeting_stmt, &d, e, "stat_meeting_add");
}

/* ---- the query ---- */

enum source_kind { SRC_MATTER, SRC_DUE, SRC_MEETING };
#define N_SOURCES 12

/* The tables a query reads, per kind and level; "%s" is the grouping key.
 * $1 alliance, $2 and $3 the inclusive bounds (days or 'YYYY-MM' months;
 * none for the all-time rows). Index: kind * N_LEVELS + level. */
static const struct source {
	enum source_kind kind;
	enum level level;
	const char *sql;
} sources[N_SOURCES] = {
	{ SRC_MATTER, LV_DAY,
	  "SELECT %s, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) "
	  "FROM stat_matter_daily WHERE alliance_id=$1 AND day>=$2 AND day<=$3 GROUP BY 1" },
	{ SRC_MATTER, LV_MONTH,
	  "SELECT %s, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) "
	  "FROM stat_matter_monthly WHERE alliance_id=$1 AND month>=$2 AND month<=$3 GROUP BY 1" },
	{ SRC_MATTER, LV_TOTAL,
	  "SELECT %s, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) "
	  "FROM stat_matter_monthly WHERE alliance_id=$1 AND month='*' GROUP BY 1" },
	{ SRC_MATTER, LV_BYMONTH,
	  "SELECT %s, raised, resolved, resolve_days, escalated "
	  "FROM stat_matter_by_month WHERE alliance_id=$1 AND month>=$2 AND month<=$3" },
	{ SRC_DUE, LV_DAY,
	  "SELECT %s, sum(n) FROM stat_open_due WHERE alliance_id=$1 AND due_on>=$2 "
	  "AND due_on<=$3 GROUP BY 1" },
	{ SRC_DUE, LV_MONTH,
	  "SELECT %s, sum(n) FROM stat_open_due_monthly WHERE alliance_id=$1 AND month>=$2 "
	  "AND month<=$3 GROUP BY 1" },
	{ SRC_DUE, LV_TOTAL,
	  "SELECT %s, sum(n) FROM stat_open_due_monthly WHERE alliance_id=$1 AND month='*' "
	  "GROUP BY 1" },
	{ SRC_DUE, LV_BYMONTH,
	  "SELECT %s, n FROM stat_open_due_by_month WHERE alliance_id=$1 AND month>=$2 "
	  "AND month<=$3" },
	/* meetings also by county, for the attendance per county */
	{ SRC_MEETING, LV_DAY,
	  "SELECT %s, county_code, sum(meetings), sum(attendance) FROM stat_meeting_daily "
	  "WHERE alliance_id=$1 AND day>=$2 AND day<=$3 GROUP BY 1, 2" },
	{ SRC_MEETING, LV_MONTH,
	  "SELECT %s, county_code, sum(meetings), sum(attendance) FROM stat_meeting_monthly "
	  "WHERE alliance_id=$1 AND month>=$2 AND month<=$3 GROUP BY 1, 2" },
	{ SRC_MEETING, LV_TOTAL,
	  "SELECT %s, county_code, sum(meetings), sum(attendance) FROM stat_meeting_monthly "
	  "WHERE alliance_id=$1 AND month='*' GROUP BY 1, 2" },
	{ SRC_MEETING, LV_BYMONTH,
	  "SELECT %s, county_code, meetings, attendance FROM stat_meeting_by_month "
	  "WHERE alliance_id=$1 AND month>=$2 AND month<=$3" },
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
	*arr = db_grow(*arr, sizeof(**arr), *n, alloc);
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
static enum err_code add_source(struct store *st, int64_t alliance_id, enum stat_by by,
				enum source_kind kind, enum level level, int32_t lo, int32_t hi,
				int sign, struct acc *acc, struct err *e)
{
	int src_i = (int)kind * N_LEVELS + (int)level;
	const struct source *src = &sources[src_i];
	char sql[512];
	snprintf(sql, sizeof(sql), src->sql, key_expr(by, src));
	struct db_stmt *s = db_stmt(st->db, ST_QUERY_FIRST + (int)by * N_SOURCES + src_i, sql);
	if (!s)
		return db_error(st->db, e, "stat_rows");
	db_bind_i64(s, 1, alliance_id);
	if (level == LV_DAY) {
		db_bind_day(s, 2, lo);
		db_bind_day(s, 3, hi);
	} else if (level != LV_TOTAL) {
		bind_month(s, 2, lo);
		bind_month(s, 3, hi);
	}
	enum db_rc r;
	while ((r = db_step(s)) == DB_ROW) {
		char key[32];
		db_text(s, 0, key, sizeof(key));
		struct stat_row *row = row_for(&acc->rows, &acc->n, &acc->alloc, key);
		if (kind == SRC_MATTER) {
			row->raised += sign * db_col_i64(s, 1);
			row->resolved += sign * db_col_i64(s, 2);
			row->resolve_days += sign * db_col_i64(s, 3);
			row->escalated += sign * db_col_i64(s, 4);
		} else if (kind == SRC_DUE) {
			row->overdue += sign * db_col_i64(s, 1);
		} else {
			char county[32];
			db_text(s, 1, county, sizeof(county));
			struct stat_row *c = row_for(&acc->counties, &acc->n_counties,
						     &acc->alloc_counties, county);
			row->meetings += sign * db_col_i64(s, 2);
			row->attendance += sign * db_col_i64(s, 3);
			c->meetings += sign * db_col_i64(s, 2);
			c->attendance += sign * db_col_i64(s, 3);
		}
	}
	enum err_code rc = r == DB_DONE ? ERR_OK : db_error(st->db, e, "stat_rows");
	db_reset(s);
	return rc;
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
static enum err_code add_months(struct store *st, int64_t alliance_id, enum stat_by by,
				enum source_kind kind, int32_t from, int32_t to, int sign,
				struct acc *acc, struct err *e)
{
	if (from > to)
		return ERR_OK;
	/* first and last day of the whole months within [from, to] */
	int32_t first = from == month_start(from) ? from : month_end(from) + 1;
	int32_t last = to == month_end(to) ? to : month_start(to) - 1;
	if (first > last)
		return add_source(st, alliance_id, by, kind, LV_DAY, from, to, sign, acc, e);
	enum level months = by == STAT_BY_MONTH ? LV_BYMONTH : LV_MONTH;
	enum err_code rc = ERR_OK;
	if (from < first)
		rc = add_source(st, alliance_id, by, kind, LV_DAY, from, first - 1, sign, acc, e);
	if (!rc)
		rc = add_source(st, alliance_id, by, kind, months, first, last, sign, acc, e);
	if (!rc && last < to)
		rc = add_source(st, alliance_id, by, kind, LV_DAY, last + 1, to, sign, acc, e);
	return rc;
}

/* A kind's figures over [from, to]. A range of more than a year (all time
 * by default) is read as the all-time totals minus what lies before and
 * after it, which are usually empty or short; by month it is always read
 * month by month. */
static enum err_code add_range(struct store *st, int64_t alliance_id, enum stat_by by,
			       enum source_kind kind, int32_t from, int32_t to, struct acc *acc,
			       struct err *e)
{
	if (by == STAT_BY_MONTH || to - from < 400)
		return add_months(st, alliance_id, by, kind, from, to, 1, acc, e);
	enum err_code rc = add_source(st, alliance_id, by, kind, LV_TOTAL, 0, 0, 1, acc, e);
	if (!rc && from > DAY_MIN)
		rc = add_months(st, alliance_id, by, kind, DAY_MIN, from - 1, -1, acc, e);
	if (!rc && to < DAY_MAX)
		rc = add_months(st, alliance_id, by, kind, to + 1, DAY_MAX, -1, acc, e);
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

static enum err_code stats_rows(struct store *st, int64_t alliance_id, enum stat_by by,
				  int32_t from, int32_t to, int32_t today, struct stat_rows *out,
				  struct err *e)
{
	struct acc acc = { 0 };
	/* Overdue is a figure of today: the open matters due before today; by
	 * month it is grouped by the month they were due. */
	enum err_code rc = add_range(st, alliance_id, by, SRC_MATTER, from, to, &acc, e);
	if (!rc)
		rc = add_range(st, alliance_id, by, SRC_DUE, DAY_MIN, today - 1, &acc, e);
	/* A meeting counts from its day: the counters hold a convened meeting
	 * under held_on, so the days after today are cut off (meeting.h). */
	if (!rc)
		rc = add_range(st, alliance_id, by, SRC_MEETING, from, to < today ? to : today, &acc,
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

const struct store_stats_ops sql_stats_ops = {
	.matter_add = stat_matter_add,
	.open_due_add = stat_open_due_add,
	.meeting_add = stat_meeting_add,
	.rows = stats_rows,
};
