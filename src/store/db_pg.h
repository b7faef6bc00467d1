/* db_pg.h - connecting the PostgreSQL engine of the thin SQL driver. */
#ifndef LJ_DB_PG_H
#define LJ_DB_PG_H

#include "store/db.h"

/* A connection for a libpq conninfo ("postgresql://…" or "host=… dbname=…");
 * NULL with *e set when it fails. */
struct db_conn *db_pg_connect(const char *conninfo, struct err *e);
void db_pg_close(struct db_conn *c);

/* What the engine asks of the store that owns the connection (store_pg.c):
 * whether a transaction is open, a write transaction around a write made
 * outside one, and word that a lost connection was made again (no
 * transaction survives that). */
struct db_pg_hooks {
	void *ctx;
	int (*in_tx)(void *ctx);
	enum err_code (*begin)(void *ctx, struct err *e);
	enum err_code (*commit)(void *ctx, struct err *e);
	void (*rollback)(void *ctx);
	void (*reset)(void *ctx);
};
void db_pg_set_hooks(struct db_conn *c, const struct db_pg_hooks *h);
/* Runs sql (any number of statements, no parameters). */
enum err_code db_pg_exec(struct db_conn *c, const char *sql, struct err *e);

#endif
