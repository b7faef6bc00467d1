/*
 * ledger.h - the ledgers (台账): export as .xlsx (libxlsxwriter) and import
 * from a sheet (core/sheet.h) read from an .xlsx or .csv upload.
 *
 * Exports stream from the store into libxlsxwriter's constant_memory mode,
 * row by row, so memory does not grow with the ledger; the workbook is
 * written to a file the caller names and owns. Each export is audited
 * (ledger.export: which ledger, which alliance and period, how many rows).
 *
 * An import runs every row through the same domain operation a form uses
 * (person_create, org_create, ...), inside one write transaction, each row
 * in its own savepoint: a row's errors are collected with its row number
 * and column title, and the transaction is rolled back when any row failed
 * or when it is a dry run. Only a clean, real import commits, with one
 * audit entry (ledger.import) besides each record's own.
 */
#ifndef LJ_LEDGER_H
#define LJ_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "core/sheet.h"
#include "store/store.h"
#include "store/store_ledger.h"

/* "matters" -> LEDGER_MATTERS; -1 when unknown. */
int ledger_by_name(const char *name);
const char *ledger_name(enum ledger l);
/* The ledger's Chinese name: "重大事项", ... */
const char *ledger_label(enum ledger l);

/* Writes ledger l of the alliance for [from, to] (INT32_MIN / INT32_MAX:
 * open) to the .xlsx file path (created or truncated), after checking that
 * who reads the alliance (ERR_NOT_FOUND as for a missing alliance
 * otherwise); *out_rows is the number of data rows. */
enum err_code ledger_export(struct store *st, const struct principal *who, enum ledger l,
			    int64_t alliance_id, int32_t from, int32_t to, const char *path,
			    int64_t *out_rows, struct err *e);

/* ---- import ---- */

enum ledger_import_kind {
	IMPORT_PEOPLE,
	IMPORT_ORGS,
	IMPORT_PARTICIPANTS,   /* of one activity: named people and headcount */
	IMPORT_ENTERPRISES,    /* of one alliance */
	IMPORT_FINANCING,      /* of one alliance; enterprises by their uscc */
	IMPORT_COUNT
};

/* "people", "orgs", "enterprises", "financing" -> the kind; -1 when
 * unknown (the participants import has its own path). */
int ledger_import_by_name(const char *name);

struct import_error {
	int32_t row;
	char column[64];
	char message[256];
};

#define IMPORT_MAX_ERRORS 500

struct import_result {
	int64_t created;              /* rows that were (or would be) written */
	struct import_error *errors;  /* malloc'd; at most IMPORT_MAX_ERRORS */
	size_t n_errors;
	int more_errors;              /* more rows were wrong than listed */
};

/* Imports the rows of sh (row 1: the column titles) as records of kind k;
 * scope_id is the activity of IMPORT_PARTICIPANTS, the alliance of
 * IMPORT_ENTERPRISES and IMPORT_FINANCING (0 otherwise).
 * Returns ERR_OK with out filled whether or not rows were wrong (then
 * nothing is written); an error return is for the file as a whole (no
 * title row, an unknown activity, a store failure). Release out with
 * ledger_import_release. */
enum err_code ledger_import(struct store *st, const struct principal *who,
			    enum ledger_import_kind k, int64_t scope_id, const struct sheet *sh,
			    int dry_run, struct import_result *out, struct err *e);
void ledger_import_release(struct import_result *r);

/* Writes the template .xlsx of k (title row and one example row). */
enum err_code ledger_import_template(enum ledger_import_kind k, const char *path,
				     struct err *e);

#endif
