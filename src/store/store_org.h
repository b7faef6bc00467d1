/*
 * store_org.h - the organisation system in the store: alliances, units (members,
 * leaders), party organisations (secretaries) and people.
 *
 * List ops return malloc'd arrays the caller frees with free().
 */
#ifndef LJ_STORE_ORG_H
#define LJ_STORE_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define ALLIANCE_MAX_COUNTIES 8
#define ALLIANCE_NAME_MAX_CHARS NAME_MAX_CHARS
#define ALLIANCE_DESC_MAX_CHARS 500
#define UNIT_NAME_MAX_CHARS NAME_MAX_CHARS
#define ORG_NAME_MAX_CHARS NAME_MAX_CHARS
#define ORG_DISSOLVE_REASON_MAX_CHARS 200
#define PERSON_NAME_MAX_CHARS 32
#define PERSON_POSITION_MAX_CHARS 32
#define PERSON_PHONE_MAX_CHARS 11
#define UNIT_MAX_DIVISIONS 32

struct alliance {
	int64_t id;
	char name[NAME_MAX_BYTES];
	char description[TEXT_BYTES(ALLIANCE_DESC_MAX_CHARS)];
	char counties[ALLIANCE_MAX_COUNTIES][8];
	size_t n_counties;
	int64_t created_at_ms;
};

struct unit {
	int64_t id;
	int64_t alliance_id;
	char tier[8];               /* county | town | village */
	char name[NAME_MAX_BYTES];
	int64_t parent_id;          /* 0: none */
	char divisions[UNIT_MAX_DIVISIONS][16];
	size_t n_divisions;
	int64_t created_at_ms;
};

struct org {
	int64_t id;
	char name[NAME_MAX_BYTES];
	char division_code[16];
	char kind[24];              /* vocab_org_kinds */
	int64_t secretary_id;       /* current secretary, 0: none */
	char secretary_name[NAME_MAX_BYTES];
	int64_t created_at_ms;
	int32_t dissolved_on;       /* 撤销: 0 while active */
	char dissolved_reason[TEXT_BYTES(ORG_DISSOLVE_REASON_MAX_CHARS)];
};

struct person {
	int64_t id;
	char name[NAME_MAX_BYTES];
	int64_t org_id;
	char org_name[NAME_MAX_BYTES];
	char division_code[16];     /* of the organisation */
	char position[NAME_MAX_BYTES];
	char phone[TEXT_BYTES(PERSON_PHONE_MAX_CHARS)];
	int is_demo;
	int64_t created_at_ms;
};

/* One holder of a post (secretary, leader) from since to until (0: now). */
struct post {
	int64_t person_id;
	char person_name[NAME_MAX_BYTES];
	int64_t since_ms;
	int64_t until_ms;
};

/* List filters. Empty strings and zeros mean "any". */
struct org_filter {
	const char *division_prefix;
	const char *q;
	int64_t unit_id;             /* current members of this unit */
	const char *county_in;       /* NULL, or ",450922,440982,": only these counties */
	int include_dissolved;       /* 0: active organisations only */
};

struct person_filter {
	int64_t org_id;
	const char *q;
	const char *county;          /* 6-digit county of the person's organisation */
	const char *county_in;       /* NULL, or ",450922,440982,": only these counties */
};

/* What grants name, for reach_alliances: ids as a JSON array of integers
 * ("[1,4]") or NULL, counties as a set (",450922,440982,") or NULL. */
struct reach_keys {
	int every;                   /* every alliance */
	const char *alliance_ids;
	const char *county_in;
	const char *unit_ids;
	const char *org_ids;
};

/* One alliance and one of its member counties ("" for one without). */
struct alliance_county {
	int64_t alliance_id;
	char county[8];
};

struct store_org_ops {
	enum err_code (*alliance_insert)(struct store *st, struct alliance *a, struct err *e);
	enum err_code (*alliance_get)(struct store *st, int64_t id, struct alliance *out,
				      struct err *e);
	/* id_in: NULL, or ",1,4," - only these alliances */
	enum err_code (*alliance_list)(struct store *st, const char *id_in, struct page pg,
				       struct alliance **out, size_t *out_n, struct err *e);
	enum err_code (*unit_insert)(struct store *st, struct unit *u, struct err *e);
	enum err_code (*unit_get)(struct store *st, int64_t id, struct unit *out, struct err *e);
	/* alliance_id 0: any; alliance_in NULL or ",1,4,": only these
	 * alliances; tier NULL: any */
	enum err_code (*unit_list)(struct store *st, int64_t alliance_id, const char *alliance_in,
				   const char *tier,
				   struct page pg, struct unit **out, size_t *out_n, struct err *e);
	enum err_code (*unit_members)(struct store *st, int64_t unit_id, struct org **out,
				      size_t *out_n, struct err *e);
	enum err_code (*unit_member_add)(struct store *st, int64_t unit_id, int64_t org_id,
					 int64_t now_ms, struct err *e);
	/* leader: current holder (0: none); set closes the open post. */
	enum err_code (*unit_leader_history)(struct store *st, int64_t unit_id, struct post **out,
					     size_t *out_n, struct err *e);
	enum err_code (*unit_leader_set)(struct store *st, int64_t unit_id, int64_t person_id,
					 int64_t now_ms, struct err *e);

	enum err_code (*org_insert)(struct store *st, struct org *o, struct err *e);
	enum err_code (*org_get)(struct store *st, int64_t id, struct org *out, struct err *e);
	enum err_code (*org_list)(struct store *st, const struct org_filter *f, struct page pg,
				  struct org **out, size_t *out_n, struct err *e);
	/* Writes name, division_code and kind. */
	enum err_code (*org_update)(struct store *st, const struct org *o, struct err *e);
	/* Writes dissolved_on and dissolved_reason. */
	enum err_code (*org_dissolve)(struct store *st, const struct org *o, struct err *e);
	/* Whether anything refers to the organisation (people, posts, units,
	 * matters, meetings, activities, grants…): out_used 1 and the
	 * referring table's name in what. */
	enum err_code (*org_in_use)(struct store *st, int64_t id, int *out_used, char *what,
				    size_t what_size, struct err *e);
	enum err_code (*org_delete)(struct store *st, int64_t id, struct err *e);
	enum err_code (*org_secretary_history)(struct store *st, int64_t org_id, struct post **out,
					       size_t *out_n, struct err *e);
	enum err_code (*org_secretary_set)(struct store *st, int64_t org_id, int64_t person_id,
					   int64_t now_ms, struct err *e);
	enum err_code (*person_insert)(struct store *st, struct person *p, struct err *e);
	enum err_code (*person_get)(struct store *st, int64_t id, struct person *out,
				    struct err *e);
	/* The alliances k names: among alliance_ids, with a member county in
	 * county_in, holding a unit among unit_ids, or with a unit whose current
	 * members include an organisation among org_ids; a row per alliance and
	 * member county, by alliance id, then county code (malloc'd). */
	enum err_code (*reach_alliances)(struct store *st, const struct reach_keys *k,
					 struct alliance_county **out, size_t *out_n,
					 struct err *e);
	enum err_code (*person_list)(struct store *st, const struct person_filter *f,
				     struct page pg, struct person **out, size_t *out_n,
				     struct err *e);
};

#endif
