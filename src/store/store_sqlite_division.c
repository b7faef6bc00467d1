/* store_sqlite_division.c - divisions in SQLite: lookups, children, name search, import. */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	V_DIV_GET = SQ_FIRST(SQ_AREA_DIVISION), V_DIV_CHILDREN, V_DIV_ROOTS, V_DIV_SEARCH,
	V_DIV_PUT, V_DIV_COUNT,
	V_LAST
};
SQ_FITS(SQ_AREA_DIVISION, V_LAST);

static void div_row(sqlite3_stmt *s, struct division *d)
{
	sq_text(s, 0, d->code, sizeof(d->code));
	sq_text(s, 1, d->name, sizeof(d->name));
	d->level = sqlite3_column_int(s, 2);
	sq_text(s, 3, d->parent_code, sizeof(d->parent_code));
}

static void div_row_any(sqlite3_stmt *s, void *row)
{
	div_row(s, row);
}

static enum err_code sq_division_get(struct store *st, const char *code, struct division *out,
			      struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, V_DIV_GET,
				  "SELECT code,name,level,parent_code FROM divisions WHERE code=?");
	if (!s)
		return sq_error(q, e, "division_get");
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	enum err_code rc = sq_one(q, s, div_row_any, out, "区划", e, "division_get");
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, "code", "区划代码 %s 不存在", code);
	return rc;
}

static enum err_code div_collect(struct sq *q, sqlite3_stmt *s, struct division **out,
				 size_t *out_n, struct err *e)
{
	void *arr = NULL;
	enum err_code rc = sq_collect(q, s, sizeof(struct division), div_row_any, &arr, out_n, e, "division list");
	*out = arr;
	return rc;
}

static enum err_code sq_division_children(struct store *st, const char *parent, struct page pg,
				   struct division **out, size_t *out_n, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s;
	if (!parent || !*parent) {
		s = sq_stmt(q, V_DIV_ROOTS,
			    "SELECT code,name,level,parent_code FROM divisions "
			    "WHERE parent_code IS NULL AND code>? ORDER BY code LIMIT ?");
		if (!s)
			return sq_error(q, e, "division_children");
		sqlite3_bind_text(s, 1, pg.after ? pg.after : "", -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, pg.limit);
	} else {
		s = sq_stmt(q, V_DIV_CHILDREN,
			    "SELECT code,name,level,parent_code FROM divisions "
			    "WHERE parent_code=? AND code>? ORDER BY code LIMIT ?");
		if (!s)
			return sq_error(q, e, "division_children");
		sqlite3_bind_text(s, 1, parent, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, pg.after ? pg.after : "", -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, pg.limit);
	}
	return div_collect(q, s, out, out_n, e);
}

static enum err_code sq_division_search(struct store *st, const char *text, int max_level,
				 struct page pg, struct division **out, size_t *out_n,
				 struct err *e)
{
	struct sq *q = SQ(st);
	/* instr() rather than LIKE: no wildcard characters to escape in user text. */
	sqlite3_stmt *s = sq_stmt(q, V_DIV_SEARCH,
				  "SELECT code,name,level,parent_code FROM divisions "
				  "WHERE instr(name, ?) > 0 AND level<=? AND code>? "
				  "ORDER BY code LIMIT ?");
	if (!s)
		return sq_error(q, e, "division_search");
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, max_level);
	sqlite3_bind_text(s, 3, pg.after ? pg.after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, pg.limit);
	return div_collect(q, s, out, out_n, e);
}

static enum err_code sq_division_put(struct store *st, const struct division *d, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, V_DIV_PUT,
				  "INSERT INTO divisions(code,name,level,parent_code) VALUES(?,?,?,?) "
				  "ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
				  "level=excluded.level, parent_code=excluded.parent_code "
				  "WHERE name<>excluded.name OR level<>excluded.level "
				  "OR parent_code IS NOT excluded.parent_code");
	if (!s)
		return sq_error(q, e, "division_put");
	sqlite3_bind_text(s, 1, d->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, d->level);
	sq_bind_opt_text(s, 4, d->parent_code);
	int r = sqlite3_step(s);
	sqlite3_reset(s);
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "division_put");
}

static enum err_code sq_division_count(struct store *st, int64_t *out, struct err *e)
{
	struct sq *q = SQ(st);
	sqlite3_stmt *s = sq_stmt(q, V_DIV_COUNT, "SELECT count(*) FROM divisions");
	if (!s || sqlite3_step(s) != SQLITE_ROW)
		return sq_error(q, e, "division_count");
	*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

const struct store_division_ops sq_division_ops = {
	.get = sq_division_get,
	.children = sq_division_children,
	.search = sq_division_search,
	.put = sq_division_put,
	.count = sq_division_count,
};
