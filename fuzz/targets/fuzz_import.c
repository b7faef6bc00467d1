/*
 * fuzz_import.c - division_import() of the china-division CSV set.
 *
 * Input: byte 0 picks which of the five files the rest of the input
 * replaces ((b & 7) % 5: provinces, cities, areas, streets, villages) and,
 * with bit 0x10, whether the import is filtered to province 44; the other
 * four files are tiny valid ones (廉江市 河唇镇 新屋仔村委会). Each choice has
 * its own directory under a per-process temporary directory (in /dev/shm
 * when there is one), so one run writes one file.
 *
 * The store is one SQLite file opened and migrated once; every run starts
 * from an empty divisions table: after the import the driver deletes the
 * rows through the backend's own connection (store/sq_int.h), as store.h
 * has no delete. So runs are independent and the database does not grow.
 *
 * Invariants: no crash or leak; on failure nothing is left in the table
 * (the import is one transaction) and the error message is valid UTF-8; on
 * success the table holds between 1 and stats.total rows and the stats add
 * up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/utf8.h"
#include "domain/division.h"
#include "fuzz_util.h"
#include "store/sq_int.h"
#include "store/store.h"
#include "store/store_division.h"

static const char *const files[5] = { "provinces.csv", "cities.csv", "areas.csv", "streets.csv",
				      "villages.csv" };
static const char *const valid[5] = {
	"code,name\n44,\"广东省\"\n",
	"code,name,provinceCode\n4408,\"湛江市\",44\n",
	"code,name,cityCode,provinceCode\n440881,\"廉江市\",4408,44\n",
	"code,name,areaCode,provinceCode,cityCode\n440881104,\"河唇镇\",440881,44,4408\n",
	("code,name,streetCode,provinceCode,cityCode,areaCode\n"
	 "440881104205,\"新屋仔村委会\",440881104,44,4408,440881\n"),
};

static char base[256];
static struct store *st;

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f)) {
		fprintf(stderr, "fuzz_import: cannot write %s: %s\n", path, strerror(errno));
		abort();
	}
}

static void cleanup(void)
{
	char path[512];
	if (st) {
		store_close(st);
		st = NULL;
	}
	for (int k = 0; k < 5; k++) {
		for (int i = 0; i < 5; i++) {
			snprintf(path, sizeof(path), "%s/%d/%s", base, k, files[i]);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/%d", base, k);
		rmdir(path);
	}
	static const char *const db[] = { "db", "db-wal", "db-shm", "db-journal" };
	for (size_t i = 0; i < sizeof(db) / sizeof(db[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", base, db[i]);
		unlink(path);
	}
	rmdir(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_set_quiet(1);
	struct stat sb;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp";
	snprintf(base, sizeof(base), "%s/lj-fuzz-import-XXXXXX", tmp);
	if (!mkdtemp(base)) {
		fprintf(stderr, "fuzz_import: mkdtemp %s: %s\n", base, strerror(errno));
		abort();
	}
	atexit(cleanup);
	char path[512];
	for (int k = 0; k < 5; k++) {
		snprintf(path, sizeof(path), "%s/%d", base, k);
		if (mkdir(path, 0700))
			abort();
		for (int i = 0; i < 5; i++) {
			snprintf(path, sizeof(path), "%s/%d/%s", base, k, files[i]);
			write_file(path, valid[i], strlen(valid[i]));
		}
	}
	struct err e;
	snprintf(path, sizeof(path), "%s/db", base);
	if (store_open(path, &st, &e) || st->ops->migrate(st, NULL, &e)) {
		fprintf(stderr, "fuzz_import: store: %s\n", e.msg);
		abort();
	}
	return 0;
}

static int64_t count_rows(void)
{
	struct err e;
	int64_t n = -1;
	if (st->division->count(st, &n, &e)) {
		fprintf(stderr, "fuzz_import: division_count: %s\n", e.msg);
		abort();
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int which = (data[0] & 7) % 5;
	int filtered = (data[0] & 0x10) != 0;
	char dir[300], path[400];
	snprintf(dir, sizeof(dir), "%s/%d", base, which);
	snprintf(path, sizeof(path), "%s/%s", dir, files[which]);
	write_file(path, data + 1, size - 1);

	static const char *const prov[] = { "44" };
	struct division_import_stats stats;
	struct err e;
	err_clear(&e);
	enum err_code rc = division_import(st, dir, filtered ? prov : NULL, filtered ? 1 : 0, NULL,
					   NULL, &stats, &e);
	int64_t rows = count_rows();
	if (rc) {
		FUZZ_CHECK(rows == 0, "failed import (%s) left %lld rows", e.msg, (long long)rows);
		FUZZ_CHECK(utf8_valid(e.msg, strlen(e.msg)), "error message not UTF-8");
	} else {
		int64_t sum = 0;
		for (int i = 0; i < 6; i++)
			sum += stats.rows[i];
		FUZZ_CHECK(sum == stats.total, "rows by level add to %lld, total %lld",
			   (long long)sum, (long long)stats.total);
		FUZZ_CHECK(rows >= 1 && rows <= stats.total, "%lld rows in the table, total %lld",
			   (long long)rows, (long long)stats.total);
		FUZZ_CHECK(filtered || stats.skipped == 0, "skipped %lld without a filter",
			   (long long)stats.skipped);
	}
	/* Reset inside a store transaction: the store refuses a change
	 * committed outside one (it would not move the answer-cache
	 * generations). */
	char *msg = NULL;
	struct err re;
	if (st->ops->begin_write(st, &re) != ERR_OK ||
	    sqlite3_exec(SQ(st)->db,
			 "DELETE FROM divisions; DELETE FROM meta WHERE key='divisions_imported_rows';",
			 NULL, NULL, &msg) != SQLITE_OK ||
	    st->ops->commit(st, &re) != ERR_OK) {
		fprintf(stderr, "fuzz_import: reset: %s\n", msg ? msg : "?");
		abort();
	}
	return 0;
}
