/* store_sqlite_scope.c - facts about scope objects for permission checks. */
#include <stdlib.h>
#include <string.h>

#include "store/sq_int.h"

enum {
	C_SCOPE_COUNTY = SQ_FIRST(SQ_AREA_SCOPE), C_SCOPE_ALLIANCE, C_SCOPE_UNIT, C_SCOPE_ORG,
	C_SCOPE_PERSON,
	C_LAST
};
SQ_FITS(SQ_AREA_SCOPE, C_LAST);

static enum err_code collect_counties(struct sq *q, sqlite3_stmt *s, struct scope_facts *out,
				      struct err *e)
{
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		out->exists = 1;
		if (sqlite3_column_type(s, 0) != SQLITE_NULL)
			out->alliance_id = sqlite3_column_int64(s, 0);
		if (sqlite3_column_type(s, 1) != SQLITE_NULL && out->n_counties < SCOPE_MAX_COUNTIES) {
			char c[8];
			sq_text(s, 1, c, sizeof(c));
			int dup = 0;
			for (size_t i = 0; i < out->n_counties; i++)
				if (strcmp(out->counties[i], c) == 0)
					dup = 1;
			if (!dup)
				memcpy(out->counties[out->n_counties++], c, sizeof(c));
		}
	}
	sqlite3_reset(s);
	return r == SQLITE_DONE ? ERR_OK : sq_error(q, e, "scope_facts");
}

/* Per scope type: the object's alliance (or NULL) and its county codes, one
 * row per county. */
static const struct {
	const char *type;
	int stmt;
	const char *sql;
} scope_sql[] = {
	{ "county", C_SCOPE_COUNTY, "SELECT NULL, code FROM divisions WHERE code=? AND level=3" },
	{ "alliance", C_SCOPE_ALLIANCE,
	  "SELECT a.id, c.county_code FROM alliances a "
	  "LEFT JOIN alliance_counties c ON c.alliance_id=a.id WHERE a.id=?" },
	{ "unit", C_SCOPE_UNIT,
	  "SELECT u.alliance_id, substr(d.code,1,6) FROM units u "
	  "LEFT JOIN unit_divisions d ON d.unit_id=u.id WHERE u.id=?" },
	{ "org", C_SCOPE_ORG, "SELECT NULL, substr(division_code,1,6) FROM orgs WHERE id=?" },
	{ "person", C_SCOPE_PERSON,
	  "SELECT NULL, substr(o.division_code,1,6) FROM people p "
	  "JOIN orgs o ON o.id=p.org_id WHERE p.id=?" },
};

static enum err_code sq_scope_facts(struct store *st, const char *type, const char *id,
			     struct scope_facts *out, struct err *e)
{
	struct sq *q = SQ(st);
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(scope_sql) / sizeof(scope_sql[0]); i++) {
		if (strcmp(type, scope_sql[i].type) != 0)
			continue;
		sqlite3_stmt *s = sq_stmt(q, scope_sql[i].stmt, scope_sql[i].sql);
		if (!s)
			return sq_error(q, e, "scope_facts");
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		return collect_counties(q, s, out, e);
	}
	return ERR_OK;
}

const struct store_scope_ops sq_scope_ops = {
	.facts = sq_scope_facts,
};
