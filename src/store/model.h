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

/* ---- the organisation system ---- */

#define ALLIANCE_MAX_COUNTIES 8
#define UNIT_MAX_DIVISIONS 32
#define ROSTER_MAX 64

struct alliance {
	int64_t id;
	char name[NAME_MAX_BYTES];
	char description[2048];
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
	char kind[16];              /* town_committee | village_branch | other */
	int64_t secretary_id;       /* current secretary, 0: none */
	char secretary_name[NAME_MAX_BYTES];
	int64_t created_at_ms;
};

struct person {
	int64_t id;
	char name[NAME_MAX_BYTES];
	int64_t org_id;
	char org_name[NAME_MAX_BYTES];
	char division_code[16];     /* of the organisation */
	char position[NAME_MAX_BYTES];
	char phone[32];
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

struct roster {
	int64_t unit_id;
	int version;
	char term[8];
	int32_t starts_on;
	int64_t person_ids[ROSTER_MAX];
	size_t n;
	int64_t first_idx;
	int64_t created_at_ms;
};

struct duty_term {
	int64_t unit_id;
	int64_t idx;
	int64_t person_id;
	int64_t planned_person_id;
	char county_code[8];
	int32_t starts_on;
	int32_t ends_on;
	char swap_reason[512];      /* "" when served as planned */
	/* filled on reads */
	char person_name[NAME_MAX_BYTES];
	int64_t org_id;
	char org_name[NAME_MAX_BYTES];
	char county_name[NAME_MAX_BYTES];
};

struct swap_record {
	int64_t unit_id;
	int64_t term_idx;
	int32_t on_date;
	int64_t original_person_id;
	int64_t substitute_person_id;
	int64_t exchanged_term_idx;  /* -1: none */
	char reason[512];
	int64_t created_by;
	int64_t created_at_ms;
};

struct handover {
	int64_t id;
	int64_t unit_id;
	int64_t term_idx;
	int32_t on_date;
	int64_t outgoing_person_id;
	int64_t incoming_person_id;
	char outgoing_name[NAME_MAX_BYTES];
	char incoming_name[NAME_MAX_BYTES];
	char *open_matters;          /* JSON text, malloc'd on reads */
	char *last_decisions;        /* JSON text, malloc'd on reads */
	int64_t created_at_ms;
};

/* List filters. Empty strings and zeros mean "any". */
struct org_filter {
	const char *division_prefix;
	const char *q;
	int64_t unit_id;             /* current members of this unit */
};
struct person_filter {
	int64_t org_id;
	const char *q;
	const char *county;          /* 6-digit county of the person's organisation */
};

/* ---- matters, meetings, inbox, statistics ---- */

#define MATTER_MAX_DIVISIONS 16
#define MEETING_MAX_AGENDA 32
#define MEETING_MAX_INVITES 64
#define MEETING_MAX_ATTENDEES 256

struct matter {
	int64_t id;
	int64_t alliance_id;
	int64_t unit_id;
	int64_t origin_unit_id;
	char county_code[8];
	char title[512];
	char description[TEXT_MAX_BYTES];
	char category[16];
	char type[32];
	char priority[8];
	char status[16];
	int32_t due_on;              /* 0: none */
	int64_t raised_by_org_id;
	int64_t raised_by_user;
	int32_t raised_on;
	int64_t raised_at_ms;
	int32_t resolved_on;         /* 0: not resolved */
	char resolution[TEXT_MAX_BYTES];
	char closed_reason[1024];
	/* figures: -1 when not recorded */
	int64_t funds_fen;
	int64_t people_count;
	int64_t length_m;
	int64_t jobs;
	int64_t updated_at_ms;
	char divisions[MATTER_MAX_DIVISIONS][16];
	size_t n_divisions;
	/* filled on reads */
	char unit_name[NAME_MAX_BYTES];
	char raised_by_org_name[NAME_MAX_BYTES];
	char type_label[64];
};

struct matter_event {
	int64_t id;
	int64_t matter_id;
	int64_t at_ms;
	int64_t user_id;
	char username[NAME_MAX_BYTES];
	char kind[24];               /* raised, transition, progress, assign, set_due, figures, decision */
	char from_status[16];
	char to_status[16];
	int64_t unit_id;
	int64_t meeting_id;
	char note[TEXT_MAX_BYTES];
};

struct matter_assignee {
	int64_t matter_id;
	int64_t org_id;
	char org_name[NAME_MAX_BYTES];
	int64_t person_id;
	char person_name[NAME_MAX_BYTES];
};

struct matter_type {
	char key[32];
	char label[64];
	int builtin;
};

struct matter_filter {
	int64_t unit_id;
	int64_t alliance_id;
	const char *status;
	const char *category;
	int overdue;                 /* only open matters due before today */
	int32_t today;
	const char *q;
	int64_t assignee_person_id;
};

struct meeting {
	int64_t id;
	int64_t alliance_id;
	int64_t unit_id;
	char title[512];
	int32_t held_on;
	char place_division[16];
	int64_t convener_person;
	int64_t convener_user;
	char override_reason[512];
	char minutes[16384];
	int64_t created_at_ms;
	int64_t agenda[MEETING_MAX_AGENDA];
	size_t n_agenda;
	int64_t invites[MEETING_MAX_INVITES];
	size_t n_invites;
	int64_t attendees[MEETING_MAX_ATTENDEES];
	size_t n_attendees;
	/* filled on reads */
	char unit_name[NAME_MAX_BYTES];
	char convener_name[NAME_MAX_BYTES];
};

struct decision {
	int64_t id;
	int64_t meeting_id;
	int64_t matter_id;
	char action[16];
	char note[2048];
	char detail[1024];           /* JSON object text */
	int64_t user_id;
	int64_t created_at_ms;
	char matter_title[512];
};

struct notification {
	int64_t id;
	int64_t person_id;
	char kind[24];
	char title[512];
	char body[1024];
	char object_type[16];
	int64_t object_id;
	char dedup_key[96];          /* "" for none */
	int64_t created_at_ms;
	int64_t read_at_ms;
};

/* One group of the statistics: figures summed over counters. */
struct stat_row {
	char key[32];
	int64_t raised, resolved, resolve_days, escalated, overdue, meetings, attendance;
};

/* The answer of a statistics query: the groups, and the meetings and
 * attendance per county (key = county code) over the same range. */
struct stat_rows {
	struct stat_row *rows;               /* malloc'd */
	size_t n;
	struct stat_row *county_attendance;  /* malloc'd */
	size_t n_county;
};

enum stat_by { STAT_BY_UNIT, STAT_BY_COUNTY, STAT_BY_CATEGORY, STAT_BY_MONTH };

/* What permission checks need to know about a scope object. */
#define SCOPE_MAX_COUNTIES 16
struct scope_facts {
	int exists;
	int64_t alliance_id;     /* alliance, unit: the alliance; else 0 */
	char counties[SCOPE_MAX_COUNTIES][8]; /* the county codes the object covers */
	size_t n_counties;
};

#endif
