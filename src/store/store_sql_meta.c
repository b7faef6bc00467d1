/* store_sql_meta.c - the key/value meta table, written once over the thin
 * SQL driver (db.h) for every engine. */
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_sql.h"

enum { M_META_GET = SQ_FIRST(SQ_AREA_META), M_META_SET, M_LAST };
SQ_FITS(SQ_AREA_META, M_LAST);

enum err_code sql_meta_get(struct store *st, const char *key, char *out, size_t size,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_META_GET, "SELECT value FROM meta WHERE key=$1");
	if (!s)
		return db_error(st->db, e, "meta_get");
	db_bind_text(s, 1, key);
	enum db_rc r = db_step(s);
	if (r == DB_ROW) {
		size_t n;
		const char *t = st->db->drv->col_text(s, 0, &n);
		/* A short buffer truncates, at a character boundary, and stays
		 * terminated: meta values go into callers' buffers of any size. */
		if (n >= size) {
			n = size ? size - 1 : 0;
			while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
				n--;
		}
		if (n)
			memcpy(out, t, n);
		if (size)
			out[n] = '\0';
	}
	db_reset(s);
	if (r == DB_ROW)
		return ERR_OK;
	if (r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "未找到");
	return db_error(st->db, e, "meta_get");
}

enum err_code sql_meta_set(struct store *st, const char *key, const char *value,
				  struct err *e)
{
	struct db_stmt *s = db_stmt(st->db, M_META_SET,
				    "INSERT INTO meta(key,value) VALUES($1,$2) "
				    "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
	if (!s)
		return db_error(st->db, e, "meta_set");
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	return db_run(st->db, s, e, "meta_set");
}
