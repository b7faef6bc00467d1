/* cmd_demo.c - `lianjian demo`: the reference demo alliance. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/date.h"
#include "domain/demo.h"

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *password = "demo-2026";
	for (int i = 0; i < argc; i++) {
		int t;
		if ((t = cli_take(argc, argv, &i, "--db", &db)) ||
		    (t = cli_take(argc, argv, &i, "--password", &password))) {
			if (t < 0)
				return 2;
			continue;
		}
		fprintf(stderr, "error: unknown option %s\n", argv[i]);
		return 2;
	}
	struct store *st = cli_open_store(cli_db_path(db));
	if (!st)
		return 1;
	struct err e;
	int created = 0;
	enum err_code rc = demo_build(st, date_today_shanghai(), password, &created, &e);
	store_close(st);
	if (rc) {
		fprintf(stderr, "error: %s%s%s\n", e.msg, e.field ? " — " : "", e.field ? e.field : "");
		return 1;
	}
	if (!created) {
		printf("demo alliance %s already present; nothing changed\n", DEMO_ALLIANCE_NAME);
		return 0;
	}
	printf("demo alliance %s created. Demo accounts (password: %s):\n", DEMO_ALLIANCE_NAME,
	       password);
	for (const struct demo_account *a = demo_accounts; a->username; a++)
		printf("  %-16s %-15s %s\n", a->username, a->role, a->what);
	return 0;
}
