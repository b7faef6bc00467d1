/* cli.c - the command table and helpers shared by the commands. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "core/log.h"

const struct cli_cmd cli_commands[] = {
	{ "serve", "启动 HTTP 服务 (start the HTTP server)",
	  "usage: lianjian serve [--db PATH] [--listen HOST:PORT] [--web DIR] [--threads N]\n"
	  "                      [--secure-cookies] [--trusted-proxy ADDR[,ADDR…]]\n"
	  "  Serves the API under /api/v1 and the front end from DIR.\n"
	  "  --db PATH|URL      a SQLite file, or a postgresql:// URL (env LIANJIAN_DB;\n"
	  "                     default ./data/lianjian.db)\n"
	  "  --listen HOST:PORT address to listen on (env LIANJIAN_LISTEN; default 127.0.0.1:8080;\n"
	  "                     port 0 picks a free port, printed on stderr)\n"
	  "  --web DIR          static files (env LIANJIAN_WEB; default ./web/dist if present)\n"
	  "  --threads N        worker threads (default 4)\n"
	  "  --secure-cookies   mark the lj_session cookie Secure, for a deployment reached\n"
	  "                     only over HTTPS (TLS at nginx in front); env\n"
	  "                     LIANJIAN_SECURE_COOKIES=1. Leave off for plain-HTTP local use.\n"
	  "  --trusted-proxy A  requests from these proxy addresses (nginx, e.g. 127.0.0.1)\n"
	  "                     name the client in X-Real-IP (sign-in log, login throttle);\n"
	  "                     env LIANJIAN_TRUSTED_PROXY. Default: trust no header.\n"
	  "  Stops cleanly on SIGTERM or SIGINT, finishing requests in flight.\n",
	  cmd_serve },
	{ "init", "创建或升级数据库 (create or migrate the database)",
	  "usage: lianjian init [--db PATH]\n"
	  "  Creates the database if absent and applies pending migrations, each in a\n"
	  "  transaction. Safe to run again.\n",
	  cmd_init },
	{ "import-divisions", "导入行政区划 (import china-division CSV files)",
	  "usage: lianjian import-divisions DIR [--provinces 44,45] [--db PATH]\n"
	  "  Imports provinces.csv, cities.csv, areas.csv, streets.csv and villages.csv\n"
	  "  from DIR (the dist/ folder of the npm package china-division@2.7.0).\n"
	  "  --provinces LIST   only these 2-digit province codes (default: all)\n"
	  "  Idempotent: rows are inserted or updated in one transaction. Shows a\n"
	  "  progress bar on a terminal, prints only a summary otherwise.\n",
	  cmd_import_divisions },
	{ "user", "管理账号 (manage accounts)",
	  "usage: lianjian user add NAME --role ROLE [--scope TYPE:ID] [--person ID]\n"
	  "                         [--display-name TEXT] [--random-password]\n"
	  "       lianjian user list\n"
	  "       lianjian user passwd NAME\n"
	  "       lianjian user disable NAME\n"
	  "       lianjian user enable NAME\n"
	  "  (all take --db PATH or a postgresql:// URL)\n"
	  "  ROLE: admin (scope deployment), alliance_admin (alliance:ID),\n"
	  "        county_admin (county:CODE), unit_leader (unit:ID), member (org:ID),\n"
	  "        viewer (any scope). The password is read from standard input when it is\n"
	  "        not a terminal, else asked twice; --random-password makes one and prints it.\n",
	  cmd_user },
	{ "backup", "在线备份 (online backup)",
	  "usage: lianjian backup --to FILE [--db PATH]\n"
	  "  Writes a consistent copy of the database while the server runs (SQLite\n"
	  "  online backup API). To restore: stop the server, replace the database file\n"
	  "  with the copy (and delete any PATH-wal and PATH-shm files), start again.\n",
	  cmd_backup },
	{ "demo", "生成演示数据 (build the reference demo alliance)",
	  "usage: lianjian demo [--db PATH] [--password TEXT]\n"
	  "  Builds the reference alliance 陆廉化党建联建 on the imported divisions (run\n"
	  "  import-divisions first): units, organisations, demo people (marked as demo\n"
	  "  data), a year of rotation with one swap, and a demo account per role whose\n"
	  "  password is TEXT (default: demo-2026). Idempotent: does nothing if present.\n",
	  cmd_demo },
	{ 0 }
};

const char *cli_db_path(const char *flag_value)
{
	if (flag_value)
		return flag_value;
	const char *env = getenv("LIANJIAN_DB");
	return env && *env ? env : "./data/lianjian.db";
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

static void make_parent_dir(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0750) && errno != EEXIST)
		fprintf(stderr, "warning: cannot create %s: %s\n", dir, strerror(errno));
}

struct store *cli_open_store(const char *db)
{
	struct store *st;
	struct err e;
	if (strstr(db, "://") == NULL)
		make_parent_dir(db);
	if (store_open(db, &st, &e)) {
		fprintf(stderr, "error: %s (%s)\n", e.msg, db);
		return NULL;
	}
	int applied = 0;
	if (st->ops->migrate(st, &applied, &e)) {
		fprintf(stderr, "error: migration failed: %s\n", e.msg);
		store_close(st);
		return NULL;
	}
	if (applied)
		log_info("applied %d migration(s) to %s", applied, db);
	return st;
}

int cli_read_password(char *out, size_t size)
{
	if (!isatty(STDIN_FILENO)) {
		if (!fgets(out, (int)size, stdin))
			return -1;
		out[strcspn(out, "\r\n")] = '\0';
		return 0;
	}
	struct termios old, quiet;
	char again[512];
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	fprintf(stderr, "密码 (password): ");
	char *a = fgets(out, (int)size, stdin);
	fprintf(stderr, "\n再次输入 (again): ");
	char *b = fgets(again, sizeof(again), stdin);
	fprintf(stderr, "\n");
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	if (!a || !b)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	again[strcspn(again, "\r\n")] = '\0';
	if (strcmp(out, again) != 0) {
		fprintf(stderr, "error: the two passwords differ\n");
		return -1;
	}
	return 0;
}

int cli_take(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "error: %s needs a value\n", name);
		return -1;
	}
	*out = argv[++*i];
	return 1;
}
