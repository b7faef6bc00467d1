/*
 * api_ledger.c - ledgers (台账) out and in: GET /api/v1/exports/{ledger}.xlsx,
 * POST /api/v1/imports/{ledger}?dry_run= (people, orgs; enterprises and
 * financing with alliance_id=), POST
 * /api/v1/imports/activities/{id}/participants, and each import's
 * GET /api/v1/imports/{ledger}/template.xlsx.
 *
 * Workbooks are written by the domain into an unlinked temporary file that
 * the server then sends from disk (r->resp_fd), so a large export is never
 * held in memory. Uploads are the raw request body (ROUTE_RAW_BODY, at most
 * IMPORT_BODY_LIMIT): an .xlsx when it starts like a zip archive, else a
 * .csv.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "core/date.h"
#include "core/log.h"
#include "core/sheet.h"
#include "domain/ledger.h"
#include "domain/reach.h"

#define IMPORT_BODY_LIMIT ((size_t)8 << 20)
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* A temporary file for a workbook: its descriptor, the path unlinked by
 * tmp_send / tmp_drop. */
static int tmp_open(char path[64], struct err *e)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir || strlen(dir) > 40)
		dir = "/tmp";
	snprintf(path, 64, "%s/lj-xlsx-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0)
		err_set(e, ERR_INTERNAL, NULL, "无法创建临时文件");
	return fd;
}

static void tmp_drop(int fd, const char *path)
{
	unlink(path);
	close(fd);
}

/* Answers with the workbook the domain wrote to path (through fd). */
static enum err_code tmp_send(struct request *r, int fd, const char *path, const char *filename,
			      struct err *e)
{
	struct stat sb;
	unlink(path);
	if (fstat(fd, &sb) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return err_set(e, ERR_INTERNAL, NULL, "导出失败");
	}
	r->resp_fd = fd;
	r->resp_fd_size = (uint64_t)sb.st_size;
	resp_buf(r, 200, XLSX_TYPE);
	resp_header(r, "Content-Disposition", "attachment; filename=\"%s\"", filename);
	return ERR_OK;
}

/* "matters.xlsx" -> the ledger; -1 otherwise. */
static int ledger_param(const char *p)
{
	size_t n = strlen(p);
	char name[32];
	if (n <= 5 || n - 5 >= sizeof(name) || strcmp(p + n - 5, ".xlsx") != 0)
		return -1;
	memcpy(name, p, n - 5);
	name[n - 5] = '\0';
	return ledger_by_name(name);
}

static enum err_code api_export(struct request *r, struct err *e)
{
	enum err_code rc;
	int l = ledger_param(r->params[0]);
	if (l < 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "台账不存在");
	int64_t alliance_id = 0;
	int32_t from, to;
	if ((rc = req_query_id(r, "alliance_id", &alliance_id, e)) ||
	    (rc = req_query_date(r, "from", INT32_MIN, &from, e)) ||
	    (rc = req_query_date(r, "to", INT32_MAX, &to, e)))
		return rc;
	if (from != INT32_MIN && to != INT32_MAX && from > to)
		return err_set(e, ERR_INVALID, "to", "结束日期不能早于开始日期");
	if ((rc = reach_list_filter(r->st, &r->who, &alliance_id, e)))
		return rc;
	if (alliance_id == 0)   /* an account that reads every alliance */
		return err_set(e, ERR_INVALID, "alliance_id", "请指定 alliance_id");
	if (alliance_id < 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "联建不存在");
	char path[64];
	int fd = tmp_open(path, e);
	if (fd < 0)
		return e->code;
	int64_t rows = 0;
	if ((rc = ledger_export(r->st, &r->who, (enum ledger)l, alliance_id, from, to, path, &rows,
				e))) {
		tmp_drop(fd, path);
		return rc;
	}
	char filename[96], day[11];
	date_format(date_today_shanghai(), day);
	snprintf(filename, sizeof(filename), "lianjian-%s-%lld-%s.xlsx", ledger_name(l),
		 (long long)alliance_id, day);
	return tmp_send(r, fd, path, filename, e);
}

static enum err_code api_import_template(struct request *r, struct err *e)
{
	int k = ledger_import_by_name(r->params[0]);
	if (strcmp(r->params[0], "participants") == 0)
		k = IMPORT_PARTICIPANTS;
	if (k < 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "导入类型不存在");
	char path[64];
	int fd = tmp_open(path, e);
	if (fd < 0)
		return e->code;
	enum err_code rc = ledger_import_template((enum ledger_import_kind)k, path, e);
	if (rc) {
		tmp_drop(fd, path);
		return rc;
	}
	char filename[128];
	snprintf(filename, sizeof(filename), "lianjian-import-%s.xlsx", r->params[0]);
	return tmp_send(r, fd, path, filename, e);
}

static enum err_code import_run(struct request *r, enum ledger_import_kind k,
				int64_t activity_id, struct err *e)
{
	enum err_code rc;
	int dry_run = 1;
	/* every parameter is read before anything is written */
	if ((rc = req_query_bool(r, "dry_run", 1, &dry_run, e)) || (rc = req_query_unused(r, e)))
		return rc;
	if (r->body.len == 0)
		return err_set(e, ERR_INVALID, NULL, "请上传 .xlsx 或 .csv 文件");
	struct sheet sh;
	memset(&sh, 0, sizeof(sh));
	if (sheet_is_zip(r->body.data, r->body.len))
		rc = sheet_read_xlsx(&sh, r->body.data, r->body.len, e);
	else
		rc = sheet_read_csv(&sh, r->body.data, r->body.len, e);
	if (rc) {
		sheet_release(&sh);
		return rc;
	}
	struct import_result res;
	rc = ledger_import(r->st, &r->who, k, activity_id, &sh, dry_run, &res, e);
	sheet_release(&sh);
	if (rc)
		return rc;
	json_t *errors = json_array();
	for (size_t i = 0; i < res.n_errors; i++)
		json_array_append_new(errors, json_pack("{s:i, s:s, s:s}", "row",
							(int)res.errors[i].row, "column",
							res.errors[i].column, "message",
							res.errors[i].message));
	int bad = res.n_errors > 0;
	json_t *body = json_pack("{s:I, s:b, s:b, s:o, s:b}", "created",
				 (json_int_t)(bad ? 0 : res.created), "dry_run", dry_run,
				 "committed", !bad && !dry_run, "errors", errors, "more_errors",
				 res.more_errors);
	if (bad && !dry_run)
		json_object_set_new(body, "error",
				    json_pack("{s:s, s:s}", "code", "invalid_rows", "message",
					      "有数据行不符合要求，未导入任何记录"));
	ledger_import_release(&res);
	resp_json(r, bad && !dry_run ? 422 : 200, body);
	return ERR_OK;
}

static enum err_code api_import(struct request *r, struct err *e)
{
	int k = ledger_import_by_name(r->params[0]);
	if (k < 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "导入类型不存在");
	int64_t alliance_id = 0;
	if (k == IMPORT_ENTERPRISES || k == IMPORT_FINANCING) {
		enum err_code rc = req_query_id(r, "alliance_id", &alliance_id, e);
		if (rc)
			return rc;
		if (!alliance_id)
			return err_set(e, ERR_INVALID, "alliance_id", "请指定 alliance_id");
		if ((rc = api_outside_reach(r, alliance_id, e)))
			return rc == ERR_NOT_FOUND ? err_set(e, ERR_NOT_FOUND, NULL, "联建不存在") : rc;
	}
	return import_run(r, (enum ledger_import_kind)k, alliance_id, e);
}

static enum err_code api_import_participants(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	return import_run(r, IMPORT_PARTICIPANTS, id, e);
}

const struct route api_ledger_routes[] = {
	{ M_GET, "/api/v1/exports/{ledger}", api_export, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/imports/{ledger}/template.xlsx", api_import_template, PERM_SIGNED_IN,
	  NULL, 0, 0 },
	{ M_POST, "/api/v1/imports/{ledger}", api_import, PERM_SIGNED_IN, NULL, IMPORT_BODY_LIMIT,
	  ROUTE_RAW_BODY },
	{ M_POST, "/api/v1/imports/activities/{id}/participants", api_import_participants,
	  PERM_SIGNED_IN, NULL, IMPORT_BODY_LIMIT, ROUTE_RAW_BODY },
	{ 0 }
};
