/*
 * reach.c - gets by id limited to what the account reads (see reach.h).
 * A hidden object is answered by asking the store for id 0, which no row
 * has, so the body is byte for byte that of a missing id.
 */
#include "domain/reach.h"

#include <stdlib.h>
#include <string.h>

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

int reach_hides(struct store *st, const struct principal *who, int64_t alliance_id,
		struct err *e)
{
	int ok = reads(st, who, alliance_id, NULL, e);
	return ok < 0 ? -1 : !ok;
}

enum err_code reach_list_filter(struct store *st, const struct principal *who,
				int64_t *alliance_id, struct err *e)
{
	struct policy_reach r;
	enum err_code rc = policy_reach_load(st, who, &r, e);
	if (rc)
		return rc;
	if (!r.all) {
		if (*alliance_id) {
			if (!policy_reach_alliance(&r, *alliance_id))
				*alliance_id = -1;
		} else {
			/* ",7," names exactly one alliance: list it; none: nothing */
			const char *set = r.alliance_set;
			const char *second = set && set[0] ? strchr(set + 1, ',') : NULL;
			if (!second)
				*alliance_id = -1;
			else if (second[1])
				rc = err_set(e, ERR_INVALID, "alliance_id", "可读取多个联建，请指定 alliance_id");
			else
				*alliance_id = strtoll(set + 1, NULL, 10);
		}
	}
	policy_reach_release(&r);
	return rc;
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

enum err_code reach_guard(struct store *st, const struct principal *who, int64_t alliance_id,
			  const char *noun, struct err *e)
{
	int ok = reads(st, who, alliance_id, NULL, e);
	if (ok < 0)
		return e->code;
	return ok ? ERR_OK : err_set(e, ERR_NOT_FOUND, NULL, "%s不存在", noun);
}

enum err_code reach_guard_county(struct store *st, const struct principal *who,
				 const char *division, const char *noun, struct err *e)
{
	int ok = reads(st, who, 0, division, e);
	if (ok < 0)
		return e->code;
	return ok ? ERR_OK : err_set(e, ERR_NOT_FOUND, NULL, "%s不存在", noun);
}
