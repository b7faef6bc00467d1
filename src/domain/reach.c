/*
 * reach.c - gets by id limited to what the account reads (see reach.h).
 * A hidden object is answered by asking the store for id 0, which no row
 * has, so the body is byte for byte that of a missing id.
 */
#include "domain/reach.h"

#include "domain/policy.h"

/* 1 if who reads the alliance / the county of division; -1 on a store error. */
static int reads(struct store *st, const struct principal *who, int64_t alliance_id,
		 const char *division, struct err *e)
{
	struct policy_reach r;
	if (policy_reach_load(st, who, &r, e))
		return -1;
	int ok = division ? policy_reach_county(&r, division) : policy_reach_alliance(&r, alliance_id);
	policy_reach_release(&r);
	return ok;
}

enum err_code reach_alliance_get(struct store *st, const struct principal *who, int64_t id,
				 struct alliance *out, struct err *e)
{
	enum err_code rc = st->org->alliance_get(st, id, out, e);
	if (rc)
		return rc;
	int ok = reads(st, who, out->id, NULL, e);
	if (ok < 0)
		return e->code;
	return ok ? ERR_OK : st->org->alliance_get(st, 0, out, e);
}

enum err_code reach_check_alliance(struct store *st, const struct principal *who,
				   int64_t alliance_id, struct err *e)
{
	struct alliance a;
	return reach_alliance_get(st, who, alliance_id, &a, e);
}

enum err_code reach_unit_get(struct store *st, const struct principal *who, int64_t id,
			     struct unit *out, struct err *e)
{
	enum err_code rc = st->org->unit_get(st, id, out, e);
	if (rc)
		return rc;
	int ok = reads(st, who, out->alliance_id, NULL, e);
	if (ok < 0)
		return e->code;
	return ok ? ERR_OK : st->org->unit_get(st, 0, out, e);
}

enum err_code reach_org_get(struct store *st, const struct principal *who, int64_t id,
			    struct org *out, struct err *e)
{
	enum err_code rc = st->org->org_get(st, id, out, e);
	if (rc)
		return rc;
	int ok = reads(st, who, 0, out->division_code, e);
	if (ok < 0)
		return e->code;
	return ok ? ERR_OK : st->org->org_get(st, 0, out, e);
}

enum err_code reach_person_get(struct store *st, const struct principal *who, int64_t id,
			       struct person *out, struct err *e)
{
	enum err_code rc = st->org->person_get(st, id, out, e);
	if (rc)
		return rc;
	int ok = reads(st, who, 0, out->division_code, e);
	if (ok < 0)
		return e->code;
	return ok ? ERR_OK : st->org->person_get(st, 0, out, e);
}
