/*
 * gen.h - what a write transaction changed, and which answer-cache
 * generations (store.h) its commit bumps: the decision every engine shares.
 * Store-internal. How the changes are seen is the engine's (SQLite: its
 * pre-update hook, store_sqlite_gen.c; PostgreSQL: statement triggers that
 * mark the transaction, sql/pg/0007_generations.sql, read by store_pg.c).
 */
#ifndef LJ_GEN_H
#define LJ_GEN_H

#include <stddef.h>
#include <stdint.h>

/* Declared (alliance, unit) pairs a transaction may list; one more means
 * "too many to list" and bumps GLOBAL. */
#define GEN_ALLIANCES 8
/* At most this many scopes from gen_scopes. */
#define GEN_MAX_SCOPES (2 + 3 * GEN_ALLIANCES)

/* Every commit that bumps anything also bumps this scope: the data
 * version of an engine with no cheaper change counter (PostgreSQL). */
#define STORE_GEN_VERSION (-3)

struct gen_writes {
	int global;           /* a table not partitioned by alliance changed */
	int alliance_rows;    /* a table partitioned by alliance changed */
	int stat_rows;        /* among them, statistics roll-ups (stat_*) */
	int sessions;         /* session rows changed (not an idle-clock refresh) */
	size_t n_alliances;   /* declared; GEN_ALLIANCES + 1: too many to list */
	int64_t alliances[GEN_ALLIANCES];
	int64_t units[GEN_ALLIANCES];   /* of alliances[i]; 0: not named */
};

/* writes_alliance() of store.h: alliance_id's unit_id (0: units not named). */
void gen_declare(struct gen_writes *w, int64_t alliance_id, int64_t unit_id);
/* Whether the commit must bump anything. */
int gen_pending(const struct gen_writes *w);
/* The scopes the commit bumps into out (GEN_MAX_SCOPES); returns how many. */
size_t gen_scopes(const struct gen_writes *w, int64_t *out);

#endif
