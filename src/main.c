/* main.c - argv → the command table (cli/cli.c). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "domain/demo_matters.h"
#include "domain/matter.h"

static void usage(FILE *f)
{
	fprintf(f, "lianjian — 跨省党建联建平台 (cross-border party-building alliance platform)\n\n"
		   "usage: lianjian COMMAND [options]   (lianjian COMMAND --help for details)\n\n"
		   "commands:\n");
	for (const struct cli_cmd *c = cli_commands; c->name; c++)
		fprintf(f, "  %-18s %s\n", c->name, c->summary);
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	/* No global memory statistics: their mutex serialised the workers
	 * (about 30% of CPU under load; bench/results/matters.md). Must come
	 * before SQLite initialises. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (password_init()) {
		fprintf(stderr, "error: libsodium failed to initialise\n");
		return 1;
	}
	matter_init();
	demo_matters_init();
	for (const struct cli_cmd *c = cli_commands; c->name; c++) {
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (cli_wants_help(argc - 2, argv + 2)) {
			fputs(c->usage, stdout);
			return 0;
		}
		return c->run(argc - 2, argv + 2);
	}
	fprintf(stderr, "error: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
