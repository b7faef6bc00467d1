/* migrate.h - the embedded, versioned, forward-only schema migrations. */
#ifndef LJ_MIGRATE_H
#define LJ_MIGRATE_H

struct migration {
	int version;       /* from the file name's number prefix; 0 ends the table */
	const char *name;
	const char *sql;
};

/* Generated from sql/migrations/ by scripts/embed-sql.sh, in version order. */
extern const struct migration migrations[];
/* The PostgreSQL schema, from sql/pg/ (the areas ported so far). */
extern const struct migration pg_migrations[];

#endif
