/* cmd_user.c - `lianjian user add|list|passwd|disable|enable`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "domain/user.h"
#include "store/store_account.h"

static int user_add(struct store *st, int argc, char **argv)
{
	const char *name = NULL, *role = NULL, *scope = NULL, *person = NULL, *display = NULL;
	int random_pw = 0;
	for (int i = 0; i < argc; i++) {
		int t;
		if ((t = cli_take(argc, argv, &i, "--role", &role)) ||
		    (t = cli_take(argc, argv, &i, "--scope", &scope)) ||
		    (t = cli_take(argc, argv, &i, "--person", &person)) ||
		    (t = cli_take(argc, argv, &i, "--display-name", &display))) {
			if (t < 0)
				return 2;
			continue;
		}
		if (strcmp(argv[i], "--random-password") == 0) {
			random_pw = 1;
			continue;
		}
		if (argv[i][0] == '-' || name) {
			fprintf(stderr, "error: unexpected argument %s\n", argv[i]);
			return 2;
		}
		name = argv[i];
	}
	if (!name || !role) {
		fprintf(stderr, "usage: lianjian user add NAME --role ROLE [--scope TYPE:ID] [--person ID]\n");
		return 2;
	}
	struct user_input in;
	memset(&in, 0, sizeof(in));
	in.username = name;
	in.display_name = display ? display : name;
	in.n_grants = 1;
	in.has_grants = 1;
	struct grant *g = &in.grants[0];
	snprintf(g->role, sizeof(g->role), "%s", role);
	if (!scope)
		scope = strcmp(role, "admin") == 0 ? "deployment" : NULL;
	if (!scope) {
		fprintf(stderr, "error: role %s needs --scope TYPE:ID\n", role);
		return 2;
	}
	const char *colon = strchr(scope, ':');
	if (colon) {
		snprintf(g->scope_type, sizeof(g->scope_type), "%.*s", (int)(colon - scope), scope);
		snprintf(g->scope_id, sizeof(g->scope_id), "%s", colon + 1);
	} else {
		snprintf(g->scope_type, sizeof(g->scope_type), "%s", scope);
	}
	if (person) {
		in.has_person = 1;
		in.person_id = strtoll(person, NULL, 10);
	}
	char pw[512];
	if (random_pw) {
		password_generate(pw, sizeof(pw));
	} else if (cli_read_password(pw, sizeof(pw))) {
		fprintf(stderr, "error: no password given\n");
		return 1;
	}
	in.password = pw;
	struct principal cli;
	user_cli_principal(&cli);
	struct user u;
	struct err e;
	if (user_create(st, &cli, &in, &u, &e)) {
		fprintf(stderr, "error: %s\n", e.msg);
		return 1;
	}
	if (random_pw)
		printf("created user %s (id %lld) with password: %s\n", u.username,
		       (long long)u.id, pw);
	else
		printf("created user %s (id %lld)\n", u.username, (long long)u.id);
	return 0;
}

static int user_list(struct store *st)
{
	struct page pg = { .after = NULL, .limit = 500 };
	char cur[32];
	printf("%-6s %-24s %-20s %-8s %s\n", "id", "username", "display_name", "status", "grants");
	for (;;) {
		struct user *u = NULL;
		size_t n = 0;
		struct err e;
		if (st->account->list(st, pg, &u, &n, &e)) {
			fprintf(stderr, "error: %s\n", e.msg);
			return 1;
		}
		for (size_t i = 0; i < n; i++) {
			struct grant *g = NULL;
			size_t ng = 0;
			st->account->grants(st, u[i].id, &g, &ng, &e);
			printf("%-6lld %-24s %-20s %-8s", (long long)u[i].id, u[i].username,
			       u[i].display_name, u[i].disabled ? "disabled" : "active");
			for (size_t k = 0; k < ng; k++)
				printf(" %s@%s%s%s", g[k].role, g[k].scope_type, g[k].scope_id[0] ? ":" : "",
				       g[k].scope_id);
			printf("\n");
			free(g);
		}
		int more = n == (size_t)pg.limit;
		if (more)
			snprintf(cur, sizeof(cur), "%lld", (long long)u[n - 1].id);
		free(u);
		if (!more)
			return 0;
		pg.after = cur;
	}
}

int cmd_user(int argc, char **argv)
{
	const char *db = NULL;
	char *rest[32] = { 0 };
	int nrest = 0;
	for (int i = 0; i < argc; i++) {
		int t = cli_take(argc, argv, &i, "--db", &db);
		if (t < 0)
			return 2;
		if (!t && nrest < 32)
			rest[nrest++] = argv[i];
	}
	if (nrest < 1) {
		fprintf(stderr, "usage: lianjian user add|list|passwd|disable|enable ... (see --help)\n");
		return 2;
	}
	const char *sub = rest[0];
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "passwd") &&
	    strcmp(sub, "disable") && strcmp(sub, "enable")) {
		fprintf(stderr, "error: unknown subcommand user %s\n", sub);
		return 2;
	}
	if (strcmp(sub, "list") && strcmp(sub, "add") && nrest != 2) {
		fprintf(stderr, "usage: lianjian user %s NAME\n", sub);
		return 2;
	}
	struct store *st = cli_open_store(cli_db_path(db));
	if (!st)
		return 1;
	int rc = 0;
	struct principal cli;
	user_cli_principal(&cli);
	struct err e;
	if (strcmp(sub, "add") == 0) {
		rc = user_add(st, nrest - 1, rest + 1);
	} else if (strcmp(sub, "list") == 0) {
		rc = user_list(st);
	} else if (strcmp(sub, "passwd") == 0) {
		char pw[512];
		if (cli_read_password(pw, sizeof(pw))) {
			fprintf(stderr, "error: no password given\n");
			rc = 1;
		} else if (user_set_password(st, &cli, rest[1], pw, &e)) {
			fprintf(stderr, "error: %s\n", e.msg);
			rc = 1;
		} else {
			printf("password changed for %s; their sessions have ended\n", rest[1]);
		}
	} else {
		int disable = strcmp(sub, "disable") == 0;
		if (user_set_disabled(st, &cli, rest[1], disable, &e)) {
			fprintf(stderr, "error: %s\n", e.msg);
			rc = 1;
		} else {
			printf("user %s %s\n", rest[1], disable ? "disabled" : "enabled");
		}
	}
	store_close(st);
	return rc;
}
