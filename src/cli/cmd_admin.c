/* cmd_admin.c - `lianjian init`, `import-divisions` and `backup`. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/division.h"

int cmd_init(int argc, char **argv)
{
	const char *db = NULL;
	for (int i = 0; i < argc; i++) {
		int t = cli_take(argc, argv, &i, "--db", &db);
		if (t < 0)
			return 2;
		if (!t) {
			fprintf(stderr, "error: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	struct store *st = cli_open_store(cli_db_path(db));
	if (!st)
		return 1;
	store_close(st);
	printf("database ready: %s\n", cli_db_path(db));
	return 0;
}

struct progress {
	int tty;
	const char *last_file;
};

static void show_progress(void *ctx, const char *file, int64_t done, int64_t size)
{
	struct progress *p = ctx;
	if (!p->tty)
		return;
	int pct = size ? (int)(done * 100 / size) : 100;
	int bars = pct / 4;
	char bar[26];
	memset(bar, '#', (size_t)bars);
	memset(bar + bars, '.', (size_t)(25 - bars));
	bar[25] = '\0';
	fprintf(stderr, "\r%-14s [%s] %3d%%", file, bar, pct);
	if (done >= size)
		fputc('\n', stderr);
	p->last_file = file;
}

int cmd_import_divisions(int argc, char **argv)
{
	const char *db = NULL, *provs = NULL, *dir = NULL;
	for (int i = 0; i < argc; i++) {
		int t;
		if ((t = cli_take(argc, argv, &i, "--db", &db)) ||
		    (t = cli_take(argc, argv, &i, "--provinces", &provs))) {
			if (t < 0)
				return 2;
			continue;
		}
		if (argv[i][0] == '-' || dir) {
			fprintf(stderr, "error: unexpected argument %s\n", argv[i]);
			return 2;
		}
		dir = argv[i];
	}
	if (!dir) {
		fprintf(stderr, "usage: lianjian import-divisions DIR [--provinces 44,45] [--db PATH]\n");
		return 2;
	}
	char list[256] = "";
	const char *codes[40];
	size_t n = 0;
	if (provs) {
		snprintf(list, sizeof(list), "%s", provs);
		for (char *s = list, *comma; s && *s && n < 40; s = comma ? comma + 1 : NULL) {
			comma = strchr(s, ',');
			if (comma)
				*comma = '\0';
			codes[n++] = s;
		}
	}
	struct store *st = cli_open_store(cli_db_path(db));
	if (!st)
		return 1;
	struct progress p = { .tty = isatty(STDERR_FILENO) };
	struct division_import_stats stats;
	struct err e;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum err_code rc = division_import(st, dir, codes, n, show_progress, &p, &stats, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(st);
	if (rc) {
		if (p.tty)
			fputc('\n', stderr);
		fprintf(stderr, "error: %s\n", e.msg);
		return 1;
	}
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("imported %lld divisions (%lld provinces, %lld cities, %lld counties, %lld towns, "
	       "%lld villages) in %.2fs\n",
	       (long long)stats.total, (long long)stats.rows[1], (long long)stats.rows[2],
	       (long long)stats.rows[3], (long long)stats.rows[4], (long long)stats.rows[5], secs);
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *to = NULL;
	for (int i = 0; i < argc; i++) {
		int t;
		if ((t = cli_take(argc, argv, &i, "--db", &db)) ||
		    (t = cli_take(argc, argv, &i, "--to", &to))) {
			if (t < 0)
				return 2;
			continue;
		}
		fprintf(stderr, "error: unknown option %s\n", argv[i]);
		return 2;
	}
	if (!to) {
		fprintf(stderr, "usage: lianjian backup --to FILE [--db PATH]\n");
		return 2;
	}
	if (access(to, F_OK) == 0) {
		fprintf(stderr, "error: %s exists; refusing to overwrite\n", to);
		return 1;
	}
	struct store *st = cli_open_store(cli_db_path(db));
	if (!st)
		return 1;
	struct err e;
	enum err_code rc = st->ops->backup(st, to, &e);
	store_close(st);
	if (rc) {
		fprintf(stderr, "error: %s\n", e.msg);
		return 1;
	}
	printf("backup written to %s\n", to);
	return 0;
}
