/*
 * store_sql_division.c - divisions: lookups, children, name search, import.
 *
 * Written once over the thin SQL driver (db.h), for SQLite and PostgreSQL
 * alike: the first area ported as issue 13's step 0. The one dialect
 * difference is the substring test (instr in SQLite, strpos in
 * PostgreSQL; both avoid LIKE, so user text needs no wildcard escaping).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_sql.h"
#include "store/store_division.h"

enum {
	V_DIV_GET = SQ_FIRST(SQ_AREA_DIVISION), V_DIV_CHILDREN, V_DIV_ROOTS, V_DIV_SEARCH,
	V_DIV_PUT, V_DIV_COUNT, V_DIV_BULK_TMP, V_DIV_BULK_PUT, V_DIV_BULK_DROP,
	V_LAST
};
SQ_FITS(SQ_AREA_DIVISION, V_LAST);

#define DIV_COLS "SELECT code,name,level,coalesce(parent_code,'') FROM divisions "

static void div_row(struct db_stmt *s, void *row)
{
	struct division *d = row;
	db_text(s, 0, d->code, sizeof(d->code));
	db_text(s, 1, d->name, sizeof(d->name));
	d->level = (int)db_col_i64(s, 2);
	db_text(s, 3, d->parent_code, sizeof(d->parent_code));
}

static enum err_code division_get(struct store *st, const char *code, struct division *out,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, V_DIV_GET, DIV_COLS "WHERE code=$1");
	if (!s)
		return db_error(st->db, e, "division_get");
	db_bind_text(s, 1, code);
	enum err_code rc = db_one(st->db, s, div_row, out, "区划", e, "division_get");
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, "code", "区划代码 %s 不存在", code);
	return rc;
}

static enum err_code div_collect(struct store *st, struct db_stmt *s, struct division **out,
				 size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = db_collect(st->db, s, sizeof(struct division), div_row, &arr, out_n, e,
				      "division list");
	*out = arr;
	return rc;
}

static enum err_code division_children(struct store *st, const char *parent, struct page pg,
				       struct division **out, size_t *out_n, struct err *e)
{
	const char *after = pg.after ? pg.after : "";
	struct db_stmt *s;
	if (!parent || !*parent) {
		s = db_stmt(st->db, V_DIV_ROOTS,
			    DIV_COLS "WHERE parent_code IS NULL AND code>$1 ORDER BY code LIMIT $2");
		if (!s)
			return db_error(st->db, e, "division_children");
		db_bind_text(s, 1, after);
		db_bind_i64(s, 2, pg.limit);
	} else {
		s = db_stmt(st->db, V_DIV_CHILDREN,
			    DIV_COLS "WHERE parent_code=$1 AND code>$2 ORDER BY code LIMIT $3");
		if (!s)
			return db_error(st->db, e, "division_children");
		db_bind_text(s, 1, parent);
		db_bind_text(s, 2, after);
		db_bind_i64(s, 3, pg.limit);
	}
	return div_collect(st, s, out, out_n, e);
}

static enum err_code division_search(struct store *st, const char *text, int max_level,
				     struct page pg, struct division **out, size_t *out_n,
				     struct err *e)
{
	struct db_stmt *s = db_stmt(
		st->db, V_DIV_SEARCH,
		db_sql(st->db,
		       DIV_COLS "WHERE instr(name,$1)>0 AND level<=$2 AND code>$3 ORDER BY code LIMIT $4",
		       DIV_COLS "WHERE strpos(name,$1)>0 AND level<=$2 AND code>$3 ORDER BY code LIMIT $4"));
	if (!s)
		return db_error(st->db, e, "division_search");
	db_bind_text(s, 1, text);
	db_bind_i64(s, 2, max_level);
	db_bind_text(s, 3, pg.after ? pg.after : "");
	db_bind_i64(s, 4, pg.limit);
	return div_collect(st, s, out, out_n, e);
}

/* Whether this thread's connection is inside bulk_begin..bulk_end with
 * COPY running (one connection per thread, as db.c's overflow flag). */
static _Thread_local int bulk_copy;

static enum err_code division_bulk_begin(struct store *st, struct err *e)
{
	const struct db_driver *d = st->db->drv;
	if (!d->copy_begin)
		return ERR_OK; /* row by row */
	struct db_stmt *s = db_stmt(st->db, V_DIV_BULK_TMP,
		"CREATE TEMP TABLE IF NOT EXISTS division_import (code TEXT, name TEXT, "
		"level INTEGER, parent_code TEXT) ON COMMIT DROP");
	enum err_code rc;
	if (!s)
		return db_error(st->db, e, "division_bulk");
	if ((rc = db_run(st->db, s, e, "division_bulk")) ||
	    (rc = d->copy_begin(st->db, "COPY division_import FROM STDIN", e)))
		return rc;
	bulk_copy = 1;
	return ERR_OK;
}

/* One row in COPY's text format: tab-separated, \N for NULL, and the
 * characters that format gives a meaning escaped (the CSV reader already
 * refused anything that is not a code or a one-line UTF-8 name). */
static size_t copy_field(char *out, const char *v)
{
	size_t n = 0;
	if (!v || !*v) {
		out[0] = '\\';
		out[1] = 'N';
		return 2;
	}
	for (; *v; v++) {
		if (*v == '\\' || *v == '\t' || *v == '\n' || *v == '\r') {
			out[n++] = '\\';
			out[n++] = *v == '\t' ? 't' : *v == '\n' ? 'n' : *v == '\r' ? 'r' : '\\';
		} else {
			out[n++] = *v;
		}
	}
	return n;
}

static enum err_code division_put_copy(struct store *st, const struct division *d,
				       struct err *e)
{
	char line[2 * (sizeof(d->code) + sizeof(d->name) + sizeof(d->parent_code)) + 16];
	size_t n = copy_field(line, d->code);
	line[n++] = '\t';
	n += copy_field(line + n, d->name);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "\t%d\t", d->level);
	n += copy_field(line + n, d->parent_code);
	line[n++] = '\n';
	return st->db->drv->copy_put(st->db, line, n, e);
}

static enum err_code division_bulk_end(struct store *st, int abort, struct err *e)
{
	if (!bulk_copy)
		return ERR_OK;
	bulk_copy = 0;
	enum err_code rc = st->db->drv->copy_end(st->db, abort, e);
	if (rc || abort)
		return rc;
	/* as division_put: an unchanged row is not written again */
	struct db_stmt *s = db_stmt(st->db, V_DIV_BULK_PUT,
		"INSERT INTO divisions(code,name,level,parent_code) "
		"SELECT code,name,level,parent_code FROM division_import "
		"ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
		"level=excluded.level, parent_code=excluded.parent_code "
		"WHERE divisions.name<>excluded.name OR divisions.level<>excluded.level "
		"OR divisions.parent_code IS DISTINCT FROM excluded.parent_code");
	if (!s)
		return db_error(st->db, e, "division_bulk");
	if ((rc = db_run(st->db, s, e, "division_bulk")))
		return rc;
	s = db_stmt(st->db, V_DIV_BULK_DROP, "DROP TABLE division_import");
	if (!s)
		return db_error(st->db, e, "division_bulk");
	return db_run(st->db, s, e, "division_bulk");
}

static enum err_code division_put(struct store *st, const struct division *d, struct err *e)
{
	if (bulk_copy)
		return division_put_copy(st, d, e);
	/* The update only when something changed, so that a re-import of the
	 * same data set writes nothing. */
	struct db_stmt *s = db_stmt(st->db, V_DIV_PUT,
				    "INSERT INTO divisions(code,name,level,parent_code) VALUES($1,$2,$3,$4) "
				    "ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
				    "level=excluded.level, parent_code=excluded.parent_code "
				    "WHERE divisions.name<>excluded.name OR divisions.level<>excluded.level "
				    "OR divisions.parent_code IS DISTINCT FROM excluded.parent_code");
	if (!s)
		return db_error(st->db, e, "division_put");
	db_bind_text(s, 1, d->code);
	db_bind_text(s, 2, d->name);
	db_bind_i64(s, 3, d->level);
	db_bind_opt_text(s, 4, d->parent_code);
	return db_run(st->db, s, e, "division_put");
}

static enum err_code division_count(struct store *st, int64_t *out, struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, V_DIV_COUNT, "SELECT count(*) FROM divisions");
	if (!s)
		return db_error(st->db, e, "division_count");
	enum db_rc r = db_step(s);
	if (r == DB_ROW)
		*out = db_col_i64(s, 0);
	db_reset(s);
	return r == DB_ROW ? ERR_OK : db_error(st->db, e, "division_count");
}

const struct store_division_ops sql_division_ops = {
	.get = division_get,
	.children = division_children,
	.search = division_search,
	.put = division_put,
	.bulk_begin = division_bulk_begin,
	.bulk_end = division_bulk_end,
	.count = division_count,
};
