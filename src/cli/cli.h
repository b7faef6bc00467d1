/*
 * cli.h - the command table of the lianjian binary and what commands share.
 */
#ifndef LJ_CLI_H
#define LJ_CLI_H

#include "store/store.h"

struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage;   /* full help text */
	int (*run)(int argc, char **argv);
};

extern const struct cli_cmd cli_commands[];

/* The database location: --db, else $LIANJIAN_DB, else ./data/lianjian.db. */
const char *cli_db_path(const char *flag_value);
/* Opens and migrates the database (creating its directory); prints errors. */
struct store *cli_open_store(const char *db);
/* 1 if argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Reads a password: from the terminal without echo (twice), or one line of
 * standard input when it is not a terminal. Returns 0 on success. */
int cli_read_password(char *out, size_t size);

/* Matches option name at argv[*i] ("--db X" or "--db=X"): 1 and *out set
 * (advancing *i past the value), 0 when it is another option, -1 when the
 * value is missing (printed). */
int cli_take(int argc, char **argv, int *i, const char *name, const char **out);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_import_divisions(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_demo(int argc, char **argv);

#endif
