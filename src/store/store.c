/* store.c - choosing a backend by the database location. */
#include "store/store.h"

#include <string.h>

#include "store/store_sqlite.h"

enum err_code store_open(const char *location, struct store **out, struct err *e)
{
	if (strncmp(location, "postgres://", 11) == 0 ||
	    strncmp(location, "postgresql://", 13) == 0)
		return err_set(e, ERR_INVALID, NULL, "此版本尚未包含 PostgreSQL 后端");
	return store_sqlite_open(location, out, e);
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}
