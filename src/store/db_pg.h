/* db_pg.h - connecting the PostgreSQL engine of the thin SQL driver. */
#ifndef LJ_DB_PG_H
#define LJ_DB_PG_H

#include "store/db.h"

/* A connection for a libpq conninfo ("postgresql://…" or "host=… dbname=…");
 * NULL with *e set when it fails. */
struct db_conn *db_pg_connect(const char *conninfo, struct err *e);
void db_pg_close(struct db_conn *c);
/* Runs sql (any number of statements, no parameters). */
enum err_code db_pg_exec(struct db_conn *c, const char *sql, struct err *e);

#endif
