/* store_pg.h - opening the PostgreSQL backend of store.h (issue 13).
 *
 * Step 0 only: the connection ops and the areas written once over the thin
 * SQL driver (today: divisions). The other areas are NULL, so store_open
 * does not hand this backend to the server yet; tests open it directly. */
#ifndef LJ_STORE_PG_H
#define LJ_STORE_PG_H
#include "store/store.h"

enum err_code store_pg_open(const char *conninfo, struct store **out, struct err *e);

#endif
