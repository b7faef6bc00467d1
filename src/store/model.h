/*
 * model.h - the records that cross the storage interface.
 *
 * Plain structs with fixed-size, NUL-terminated UTF-8 strings: the sizes are
 * byte limits that the API's input limits stay well inside, so a record can
 * live on the stack and be copied without ownership questions.
 */
#ifndef LJ_MODEL_H
#define LJ_MODEL_H

#include <stdint.h>

#define NAME_MAX_BYTES 256   /* names: 64 characters of 4 bytes */
#define TEXT_MAX_BYTES 4096

enum division_level {
	LEVEL_PROVINCE = 1,
	LEVEL_CITY = 2,
	LEVEL_COUNTY = 3,
	LEVEL_TOWN = 4,
	LEVEL_VILLAGE = 5
};

struct division {
	char code[16];
	char name[NAME_MAX_BYTES];
	int level;
	char parent_code[16];   /* "" for provinces */
};

struct user {
	int64_t id;
	char username[NAME_MAX_BYTES];
	char password_hash[160];
	char display_name[NAME_MAX_BYTES];
	int64_t person_id;      /* 0 when not linked */
	int disabled;
	int64_t created_at_ms;
	int64_t updated_at_ms;
};

struct grant {
	char role[32];
	char scope_type[16];
	char scope_id[32];      /* "" for deployment */
};

struct session {
	char token_hash[65];
	int64_t user_id;
	char csrf_token[48];
	int64_t created_at_ms;
	int64_t last_seen_ms;
};

/* before/after are JSON texts owned by the entry (malloc'd) when read from a
 * list, borrowed when inserting. */
struct audit_entry {
	int64_t id;
	int64_t at_ms;
	int64_t user_id;
	char username[NAME_MAX_BYTES];
	char action[64];
	char object_type[32];
	char object_id[32];
	char *before;
	char *after;
};

/* What permission checks need to know about a scope object. */
#define SCOPE_MAX_COUNTIES 16
struct scope_facts {
	int exists;
	int64_t alliance_id;     /* alliance, unit: the alliance; else 0 */
	char counties[SCOPE_MAX_COUNTIES][8]; /* the county codes the object covers */
	size_t n_counties;
};

#endif
