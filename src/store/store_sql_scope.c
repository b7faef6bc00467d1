/*
 * store_sql_scope.c - facts about scope objects for permission checks,
 * written once over the thin SQL driver (db.h) for SQLite and PostgreSQL.
 *
 * An id that is not a decimal number in range names no alliance, unit,
 * organisation or person: it is told here, without a query (PostgreSQL
 * would refuse to compare such a text with a BIGINT id).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/slots.h"
#include "store/store_scope.h"
#include "store/store_sql.h"

enum {
	C_SCOPE_COUNTY = SQ_FIRST(SQ_AREA_SCOPE), C_SCOPE_ALLIANCE, C_SCOPE_UNIT, C_SCOPE_ORG,
	C_SCOPE_PERSON,
	C_LAST
};
SQ_FITS(SQ_AREA_SCOPE, C_LAST);

static enum err_code collect_counties(struct store *st, struct db_stmt *s,
				      struct scope_facts *out, struct err *e)
{
	enum db_rc r;
	int cut = 0;
	while ((r = db_step(s)) == DB_ROW) {
		out->exists = 1;
		if (!db_col_null(s, 0))
			out->alliance_id = db_col_i64(s, 0);
		if (db_col_null(s, 1) || out->n_counties >= SCOPE_MAX_COUNTIES)
			continue;
		size_t len = 0;
		const char *c = s->drv->col_text(s, 1, &len);
		if (len >= sizeof(out->counties[0])) {
			cut = 1; /* never a cut code */
			continue;
		}
		int dup = 0;
		for (size_t i = 0; i < out->n_counties; i++)
			if (strlen(out->counties[i]) == len && memcmp(out->counties[i], c, len) == 0)
				dup = 1;
		if (!dup) {
			memcpy(out->counties[out->n_counties], c, len);
			out->counties[out->n_counties++][len] = '\0';
		}
	}
	enum err_code rc = r == DB_DONE ? ERR_OK : db_error(st->db, e, "scope_facts");
	db_reset(s);
	if (!rc && cut)
		rc = err_set(e, ERR_STORE, NULL, "数据库错误");
	return rc;
}

/* Per scope type: the object's alliance (or NULL) and its county codes, one
 * row per county; by_id: $1 is a BIGINT id (else a division code). */
static const struct {
	const char *type;
	int stmt;
	int by_id;
	const char *sql;
} scope_sql[] = {
	{ "county", C_SCOPE_COUNTY, 0,
	  "SELECT NULL, code FROM divisions WHERE code=$1 AND level=3" },
	{ "alliance", C_SCOPE_ALLIANCE, 1,
	  "SELECT a.id, c.county_code FROM alliances a "
	  "LEFT JOIN alliance_counties c ON c.alliance_id=a.id WHERE a.id=$1" },
	{ "unit", C_SCOPE_UNIT, 1,
	  "SELECT u.alliance_id, substr(d.code,1,6) FROM units u "
	  "LEFT JOIN unit_divisions d ON d.unit_id=u.id WHERE u.id=$1" },
	{ "org", C_SCOPE_ORG, 1,
	  "SELECT NULL, substr(division_code,1,6) FROM orgs WHERE id=$1" },
	{ "person", C_SCOPE_PERSON, 1,
	  "SELECT NULL, substr(o.division_code,1,6) FROM people p "
	  "JOIN orgs o ON o.id=p.org_id WHERE p.id=$1" },
};

/* id as a BIGINT: decimal digits only, in range; 0 when it is none. */
static int parse_id(const char *id, int64_t *out)
{
	if (!*id)
		return 0;
	for (const char *p = id; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	errno = 0;
	long long v = strtoll(id, NULL, 10);
	if (errno == ERANGE)
		return 0;
	*out = v;
	return 1;
}

static enum err_code scope_facts(struct store *st, const char *type, const char *id,
				 struct scope_facts *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(scope_sql) / sizeof(scope_sql[0]); i++) {
		if (strcmp(type, scope_sql[i].type) != 0)
			continue;
		int64_t n = 0;
		if (scope_sql[i].by_id && !parse_id(id, &n))
			return ERR_OK;
		struct db_stmt *s = db_stmt(st->db, scope_sql[i].stmt, scope_sql[i].sql);
		if (!s)
			return db_error(st->db, e, "scope_facts");
		if (scope_sql[i].by_id)
			db_bind_i64(s, 1, n);
		else
			db_bind_text(s, 1, id);
		return collect_counties(st, s, out, e);
	}
	return ERR_OK;
}

const struct store_scope_ops sql_scope_ops = {
	.facts = scope_facts,
};
