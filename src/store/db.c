/* db.c - engine-neutral helpers over the thin SQL driver (db.h). */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "store/db.h"

/* Set by db_text when a value does not fit its record field; cleared when
 * a statement is stepped by the helpers below. One connection per thread,
 * so a thread-local flag is the connection's. */
static _Thread_local int db_overflow;

void db_bind_opt_id(struct db_stmt *s, int n, int64_t v)
{
	if (v)
		db_bind_i64(s, n, v);
	else
		db_bind_text(s, n, NULL);
}

void db_bind_opt_text(struct db_stmt *s, int n, const char *t)
{
	db_bind_text(s, n, t && *t ? t : NULL);
}

void db_bind_day(struct db_stmt *s, int n, int32_t day)
{
	/* d dies with this frame: the engine keeps a copy. */
	char d[11];
	date_format(day, d);
	s->drv->bind_text_copy(s, n, d);
}

void db_bind_opt_day(struct db_stmt *s, int n, int32_t day)
{
	if (day)
		db_bind_day(s, n, day);
	else
		db_bind_text(s, n, NULL);
}

int32_t db_col_day(struct db_stmt *s, int col)
{
	int32_t d = 0;
	size_t len = 0;
	if (db_col_null(s, col))
		return 0;
	const char *t = s->drv->col_text(s, col, &len);
	date_parse(t, &d);
	return d;
}

char *db_dup(struct db_stmt *s, int col)
{
	size_t n = 0;
	if (db_col_null(s, col))
		return NULL;
	const char *t = s->drv->col_text(s, col, &n);
	char *p = malloc(n + 1);
	if (!p)
		abort();
	memcpy(p, t, n);
	p[n] = '\0';
	return p;
}

void db_text(struct db_stmt *s, int col, char *out, size_t size)
{
	size_t n = 0;
	const char *t = s->drv->col_text(s, col, &n);
	if (size == 0)
		return;
	out[0] = '\0';
	if (n >= size) {
		/* Never a cut string: it could end inside a UTF-8 sequence and
		 * would silently lose data. */
		log_error("%s: column %d: %zu bytes do not fit in %zu", s->drv->name, col, n, size - 1);
		db_overflow = 1;
		return;
	}
	memcpy(out, t, n);
	out[n] = '\0';
}

void *db_grow(void *arr, size_t elem, size_t n, size_t *alloc)
{
	if (n < *alloc)
		return arr;
	*alloc = *alloc ? *alloc * 2 : 16;
	void *p = realloc(arr, elem * *alloc);
	if (!p)
		abort();
	return p;
}

enum err_code db_collect(struct db_conn *c, struct db_stmt *s, size_t elem, db_row_fn row,
			 void **out, size_t *out_n, struct err *e, const char *what)
{
	return db_collect_ex(c, s, elem, row, NULL, NULL, out, out_n, e, what);
}

enum err_code db_collect_ex(struct db_conn *c, struct db_stmt *s, size_t elem, db_row_fn row,
			    const struct db_collect_hooks *hooks, void *ctx, void **out,
			    size_t *out_n, struct err *e, const char *what)
{
	char *arr = NULL;
	size_t n = 0, alloc = 0;
	enum db_rc r;
	db_overflow = 0;
	while ((r = db_step(s)) == DB_ROW) {
		arr = db_grow(arr, elem, n, &alloc);
		memset(arr + n * elem, 0, elem);
		row(s, arr + n * elem);
		n++;
	}
	enum err_code rc = ERR_OK;
	if (r != DB_DONE)
		rc = db_error(c, e, what);
	else if (db_overflow)
		rc = err_set(e, ERR_STORE, NULL, "数据库错误");
	db_reset(s);
	db_overflow = 0;
	for (size_t i = 0; !rc && hooks && hooks->each && i < n; i++)
		rc = hooks->each(ctx, arr + elem * i, e);
	if (rc != ERR_OK) {
		if (hooks && hooks->release)
			hooks->release(arr, n);
		else
			free(arr);
		*out = NULL;
		*out_n = 0;
		return rc;
	}
	*out = arr;
	*out_n = n;
	return ERR_OK;
}

enum err_code db_page(struct db_conn *c, int slot, const char *sql, int64_t alliance_id,
		      const char *kind, struct page pg, size_t elem, db_row_fn row,
		      const struct db_collect_hooks *hooks, void *ctx, void **out, size_t *out_n,
		      struct err *e, const char *what)
{
	struct db_stmt *s = db_stmt(c, slot, sql);
	*out = NULL;
	*out_n = 0;
	if (!s)
		return db_error(c, e, what);
	db_bind_i64(s, 1, alliance_id);
	db_bind_i64(s, 2, pg.after ? strtoll(pg.after, NULL, 10) : INT64_MAX);
	db_bind_i64(s, 3, pg.limit);
	if (kind)
		db_bind_text(s, 4, kind);
	return db_collect_ex(c, s, elem, row, hooks, ctx, out, out_n, e, what);
}

enum err_code db_code_column(struct db_conn *c, int slot, const char *sql, int64_t key,
			     char *arr, size_t size, size_t max, size_t *n, struct err *e,
			     const char *what)
{
	struct db_stmt *s = db_stmt(c, slot, sql);
	*n = 0;
	if (!s)
		return db_error(c, e, what);
	db_bind_i64(s, 1, key);
	db_overflow = 0;
	enum db_rc r;
	while ((r = db_step(s)) == DB_ROW && *n < max) {
		db_text(s, 0, arr + size * *n, size);
		(*n)++;
	}
	enum err_code rc = ERR_OK;
	if (r == DB_FAIL)
		rc = db_error(c, e, what);
	else if (db_overflow)
		rc = err_set(e, ERR_STORE, NULL, "数据库错误");
	db_reset(s);
	db_overflow = 0;
	return rc;
}

enum err_code db_id_column(struct db_conn *c, int slot, const char *sql, int64_t key,
			   int64_t *arr, size_t max, size_t *n, struct err *e, const char *what)
{
	struct db_stmt *s = db_stmt(c, slot, sql);
	*n = 0;
	if (!s)
		return db_error(c, e, what);
	db_bind_i64(s, 1, key);
	enum db_rc r;
	while ((r = db_step(s)) == DB_ROW && *n < max)
		arr[(*n)++] = db_col_i64(s, 0);
	enum err_code rc = r == DB_FAIL ? db_error(c, e, what) : ERR_OK;
	db_reset(s);
	return rc;
}

enum err_code db_one(struct db_conn *c, struct db_stmt *s, db_row_fn row, void *out,
		     const char *noun, struct err *e, const char *what)
{
	db_overflow = 0;
	enum db_rc r = db_step(s);
	enum err_code rc = ERR_OK;
	if (r == DB_ROW) {
		row(s, out);
		if (db_overflow)
			rc = err_set(e, ERR_STORE, NULL, "数据库错误");
	} else if (r == DB_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, NULL, "%s不存在", noun);
	} else {
		rc = db_error(c, e, what);
	}
	db_reset(s);
	db_overflow = 0;
	return rc;
}

enum err_code db_run(struct db_conn *c, struct db_stmt *s, struct err *e, const char *what)
{
	enum db_rc r = db_step(s);
	enum err_code rc = r == DB_DONE || r == DB_ROW ? ERR_OK : db_error(c, e, what);
	db_reset(s);
	return rc;
}

static enum err_code named_conflict(enum err_code rc, struct err *e, const char *what)
{
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, NULL, "数据冲突：%s", what);
	return rc;
}

enum err_code db_write(struct db_conn *c, struct db_stmt *s, struct err *e, const char *what)
{
	return named_conflict(db_run(c, s, e, what), e, what);
}

enum err_code db_insert_id(struct db_conn *c, struct db_stmt *s, int64_t *id, struct err *e,
			   const char *what)
{
	enum db_rc r = db_step(s);
	enum err_code rc = ERR_OK;
	if (r == DB_ROW)
		*id = db_col_i64(s, 0);
	else
		rc = named_conflict(db_error(c, e, what), e, what);
	db_reset(s);
	return rc;
}
