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

enum err_code db_collect(struct db_conn *c, struct db_stmt *s, size_t elem, db_row_fn row,
			 void **out, size_t *out_n, struct err *e, const char *what)
{
	return db_collect_ex(c, s, elem, row, NULL, out, out_n, e, what);
}

enum err_code db_collect_ex(struct db_conn *c, struct db_stmt *s, size_t elem, db_row_fn row,
			    db_release_fn release, void **out, size_t *out_n, struct err *e,
			    const char *what)
{
	char *arr = NULL;
	size_t n = 0, alloc = 0;
	enum db_rc r;
	db_overflow = 0;
	while ((r = db_step(s)) == DB_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			char *p = realloc(arr, elem * alloc);
			if (!p)
				abort();
			arr = p;
		}
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
	if (rc != ERR_OK) {
		if (release)
			release(arr, n);
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
