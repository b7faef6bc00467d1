/* store.c - choosing a backend by the database location. */
#include "store/store.h"

#include <string.h>

#include "store/store_pg.h"
#include "store/store_sqlite.h"

/* Whether every area of st has its table (a backend still being built
 * would leave one NULL, and the server must not start on it). */
static int complete(const struct store *st)
{
	const void *areas[] = {
		st->account, st->session, st->division, st->org, st->rotation, st->matter,
		st->meeting, st->inbox, st->stats, st->audit, st->scope, st->edu,
		st->talent, st->briefing, st->economy, st->signin, st->ledger,
	};
	for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		if (!areas[i])
			return 0;
	return 1;
}

enum err_code store_open(const char *location, struct store **out, struct err *e)
{
	if (strncmp(location, "postgres://", 11) == 0 ||
	    strncmp(location, "postgresql://", 13) == 0) {
		enum err_code rc = store_pg_open(location, out, e);
		if (rc)
			return rc;
		if (!complete(*out)) {
			store_close(*out);
			*out = NULL;
			return err_set(e, ERR_INVALID, NULL, "此版本的 PostgreSQL 后端尚不完整");
		}
		return ERR_OK;
	}
	return store_sqlite_open(location, out, e);
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}
