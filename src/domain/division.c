/* division.c - division codes, paths and the CSV import (see division.h). */
#include "domain/division.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/log.h"
#include "core/utf8.h"
#include "store/store_division.h"

int division_level_of(const char *code)
{
	size_t n = 0;
	for (const char *p = code; *p; p++, n++)
		if (*p < '0' || *p > '9' || n > 12)
			return 0;
	switch (n) {
	case 2: return LEVEL_PROVINCE;
	case 4: return LEVEL_CITY;
	case 6: return LEVEL_COUNTY;
	case 9: return LEVEL_TOWN;
	case 12: return LEVEL_VILLAGE;
	default: return 0;
	}
}

const char *division_level_name(int level)
{
	static const char *const n[] = { "?", "province", "city", "county", "town", "village" };
	return level >= 1 && level <= 5 ? n[level] : "?";
}

const char *division_level_label(int level)
{
	static const char *const n[] = { "?", "省", "市", "县", "镇", "村" };
	return level >= 1 && level <= 5 ? n[level] : "?";
}

int division_county_of(const char *code, char out[7])
{
	if (division_level_of(code) < LEVEL_COUNTY)
		return -1;
	memcpy(out, code, 6);
	out[6] = '\0';
	return 0;
}

enum err_code division_get_full(struct store *st, const char *code, struct division_full *out,
				struct err *e)
{
	enum err_code rc;
	if (!division_level_of(code))
		return err_set(e, ERR_NOT_FOUND, "code", "区划代码不存在");
	if ((rc = st->division->get(st, code, &out->d, e)))
		return rc;
	struct division chain[DIVISION_PATH_MAX];
	size_t n = 0;
	const char *parent = out->d.parent_code;
	out->n_path = 0;
	while (*parent && n < DIVISION_PATH_MAX) {
		struct err gap;
		if ((rc = st->division->get(st, parent, &chain[n], &gap))) {
			if (rc != ERR_NOT_FOUND)
				return err_set(e, rc, NULL, "%s", gap.msg);
			break; /* a gap in the data ends the path */
		}
		parent = chain[n].parent_code;
		n++;
	}
	out->n_path = n;
	for (size_t i = 0; i < n; i++)
		out->path[i] = chain[n - 1 - i];
	return ERR_OK;
}

/* ---- import ---- */

struct csv_spec {
	const char *file;
	int level;
	const char *parent_col;   /* NULL for provinces */
};

static const struct csv_spec specs[] = {
	{ "provinces.csv", LEVEL_PROVINCE, NULL },
	{ "cities.csv", LEVEL_CITY, "provinceCode" },
	{ "areas.csv", LEVEL_COUNTY, "cityCode" },
	{ "streets.csv", LEVEL_TOWN, "areaCode" },
	{ "villages.csv", LEVEL_VILLAGE, "streetCode" },
};

static int field_is(const struct csv_field *f, const char *name)
{
	return f->len == strlen(name) && memcmp(f->s, name, f->len) == 0;
}

static int copy_field(const struct csv_field *f, char *out, size_t size)
{
	if (f->len == 0 || f->len >= size)
		return -1;
	memcpy(out, f->s, f->len);
	out[f->len] = '\0';
	return 0;
}

static int province_wanted(const char *code, const char *const *prov, size_t n)
{
	if (!prov)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (strncmp(code, prov[i], 2) == 0)
			return 1;
	return 0;
}

static enum err_code import_file(struct store *st, const char *dir, const struct csv_spec *sp,
				 const char *const *prov, size_t n_prov,
				 division_progress_fn progress, void *ctx,
				 struct division_import_stats *stats, struct err *e)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sp->file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, ERR_INVALID, "dir", "找不到文件 %s", path);
	struct stat sb;
	if (fstat(fd, &sb) || sb.st_size == 0) {
		close(fd);
		return err_set(e, ERR_INVALID, "dir", "文件 %s 为空", path);
	}
	const char *data = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return err_set(e, ERR_INTERNAL, NULL, "无法读取 %s", path);
	madvise((void *)data, (size_t)sb.st_size, MADV_SEQUENTIAL);

	enum err_code rc = ERR_OK;
	struct csv_reader r;
	struct csv_field f[8];
	csv_init(&r, data, (size_t)sb.st_size);
	int n = csv_next(&r, f, 8);
	int c_code = -1, c_name = -1, c_parent = -1;
	for (int i = 0; i < n; i++) {
		if (field_is(&f[i], "code"))
			c_code = i;
		else if (field_is(&f[i], "name"))
			c_name = i;
		else if (sp->parent_col && field_is(&f[i], sp->parent_col))
			c_parent = i;
	}
	if (n <= 0 || c_code < 0 || c_name < 0 || (sp->parent_col && c_parent < 0)) {
		rc = err_set(e, ERR_INVALID, "dir", "%s 的表头不符合 china-division 格式", sp->file);
		goto out;
	}
	int64_t done = 0;
	while ((n = csv_next(&r, f, 8)) != 0) {
		struct division d;
		memset(&d, 0, sizeof(d));
		if (n < 0 || n <= c_code || n <= c_name || (c_parent >= 0 && n <= c_parent) ||
		    copy_field(&f[c_code], d.code, sizeof(d.code)) ||
		    copy_field(&f[c_name], d.name, sizeof(d.name)) ||
		    (c_parent >= 0 && copy_field(&f[c_parent], d.parent_code, sizeof(d.parent_code))) ||
		    division_level_of(d.code) != sp->level ||
		    (c_parent >= 0 && division_level_of(d.parent_code) == 0) ||
		    !utf8_valid(d.name, strlen(d.name))) {
			rc = err_set(e, ERR_INVALID, "dir", "%s 第 %zu 行格式错误", sp->file, r.line);
			goto out;
		}
		d.level = sp->level;
		if (!province_wanted(d.code, prov, n_prov)) {
			stats->skipped++;
			continue;
		}
		if ((rc = st->division->put(st, &d, e)))
			goto out;
		stats->rows[sp->level]++;
		stats->total++;
		if (progress && ++done % 10000 == 0)
			progress(ctx, sp->file, (int64_t)(r.p - data), (int64_t)sb.st_size);
	}
	if (progress)
		progress(ctx, sp->file, (int64_t)sb.st_size, (int64_t)sb.st_size);
out:
	munmap((void *)data, (size_t)sb.st_size);
	return rc;
}

enum err_code division_import(struct store *st, const char *dir, const char *const *provinces,
			      size_t n_provinces, division_progress_fn progress, void *ctx,
			      struct division_import_stats *out, struct err *e)
{
	enum err_code rc;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n_provinces; i++)
		if (division_level_of(provinces[i]) != LEVEL_PROVINCE)
			return err_set(e, ERR_INVALID, "provinces", "省级代码应为 2 位数字：%s",
				       provinces[i]);
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	/* PostgreSQL loads the rows with COPY (one stream, not 665,000 round
	 * trips); SQLite upserts them one by one in the same transaction. */
	if ((rc = st->division->bulk_begin(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		rc = import_file(st, dir, &specs[i], n_provinces ? provinces : NULL, n_provinces,
				 progress, ctx, out, e);
		if (rc) {
			struct err ignored;
			st->division->bulk_end(st, 1, &ignored);
			st->ops->rollback(st);
			return rc;
		}
	}
	if ((rc = st->division->bulk_end(st, 0, e))) {
		st->ops->rollback(st);
		return rc;
	}
	char when[32];
	snprintf(when, sizeof(when), "%lld", (long long)out->total);
	if ((rc = st->ops->meta_set(st, "divisions_imported_rows", when, e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return ERR_OK;
}
