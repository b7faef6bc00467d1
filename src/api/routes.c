/*
 * routes.c - the route table: every endpoint, its permission, its body
 * schema and limit. The dispatcher (http/server.c) checks all of these
 * before the handler runs.
 */
#include "api/api.h"
#include "store/store_account.h"
#include "store/store_matter.h"
#include "store/store_meeting.h"
#include "store/store_org.h"
#include "store/store_rotation.h"

static const char *const role_names[] = { "admin", "alliance_admin", "county_admin",
					  "unit_leader", "member", "viewer", NULL };
static const char *const scope_names[] = { "deployment", "alliance", "county", "unit", "org",
					   NULL };

static const struct jfield login_fields[] = {
	{ .name = "username", .type = J_STR, .required = 1, .min = 1, .max = 64 },
	{ .name = "password", .type = J_STR, .required = 1, .min = 1, .max = 256 },
	{ 0 }
};
static const struct jschema login_schema = { login_fields };

static const struct jfield grant_fields[] = {
	{ .name = "role", .type = J_STR, .required = 1, .min = 1, .max = 32, .one_of = role_names },
	{ .name = "scope_type", .type = J_STR, .required = 1, .min = 1, .max = 16,
	  .one_of = scope_names },
	{ .name = "scope_id", .type = J_ID, .nullable = 1 },
	{ 0 }
};
static const struct jschema grant_schema = { grant_fields };

static const struct jfield user_create_fields[] = {
	{ .name = "username", .type = J_STR, .required = 1, .min = 3, .max = USERNAME_MAX_CHARS },
	{ .name = "password", .type = J_STR, .required = 1, .min = 8, .max = 128 },
	{ .name = "display_name", .type = J_STR, .required = 1, .min = 1, .max = DISPLAY_NAME_MAX_CHARS },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1 },
	{ .name = "grants", .type = J_ARR_OBJ, .required = 1, .min = 0, .max = 16,
	  .sub = &grant_schema },
	{ 0 }
};
static const struct jschema user_create_schema = { user_create_fields };

static const struct jfield user_patch_fields[] = {
	{ .name = "display_name", .type = J_STR, .min = 1, .max = DISPLAY_NAME_MAX_CHARS },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1 },
	{ .name = "grants", .type = J_ARR_OBJ, .min = 0, .max = 16, .sub = &grant_schema },
	{ .name = "disabled", .type = J_BOOL },
	{ 0 }
};
static const struct jschema user_patch_schema = { user_patch_fields };

static const char *const tiers[] = { "county", "town", "village", NULL };
static const char *const org_kinds[] = { "town_committee", "village_branch", "other", NULL };
static const char *const terms[] = { "week", "month", "quarter", NULL };

static const struct jfield alliance_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = ALLIANCE_NAME_MAX_CHARS },
	{ .name = "counties", .type = J_ARR_STR, .required = 1, .min = 2, .max = 8 },
	{ .name = "description", .type = J_STR, .min = 0, .max = ALLIANCE_DESC_MAX_CHARS },
	{ 0 }
};
static const struct jschema alliance_schema = { alliance_fields };

static const struct jfield unit_fields[] = {
	{ .name = "alliance_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "tier", .type = J_STR, .required = 1, .min = 1, .max = 8, .one_of = tiers },
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = UNIT_NAME_MAX_CHARS },
	{ .name = "parent_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1 },
	{ .name = "divisions", .type = J_ARR_STR, .min = 0, .max = 32 },
	{ 0 }
};
static const struct jschema unit_schema = { unit_fields };

static const struct jfield org_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = ORG_NAME_MAX_CHARS },
	{ .name = "division", .type = J_STR, .required = 1, .min = 6, .max = 12 },
	{ .name = "kind", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = org_kinds },
	{ 0 }
};
static const struct jschema org_schema = { org_fields };

static const struct jfield person_fields[] = {
	{ .name = "name", .type = J_STR, .required = 1, .min = 1, .max = PERSON_NAME_MAX_CHARS },
	{ .name = "org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "position", .type = J_STR, .required = 1, .min = 1, .max = PERSON_POSITION_MAX_CHARS },
	{ .name = "phone", .type = J_STR, .min = 0, .max = PERSON_PHONE_MAX_CHARS, .nullable = 1 },
	{ 0 }
};
static const struct jschema person_schema = { person_fields };

static const struct jfield person_id_fields[] = {
	{ .name = "person_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ 0 }
};
static const struct jschema person_id_schema = { person_id_fields };

static const struct jfield org_id_fields[] = {
	{ .name = "org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ 0 }
};
static const struct jschema org_id_schema = { org_id_fields };

static const struct jfield roster_fields[] = {
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 1, .max = 64 },
	{ .name = "term", .type = J_STR, .required = 1, .min = 1, .max = 8, .one_of = terms },
	{ .name = "starts_on", .type = J_DATE, .required = 1 },
	{ 0 }
};
static const struct jschema roster_schema = { roster_fields };

static const struct jfield swap_fields[] = {
	{ .name = "on", .type = J_DATE, .required = 1 },
	{ .name = "person_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "reason", .type = J_STR, .required = 1, .min = 1, .max = SWAP_REASON_MAX_CHARS },
	{ 0 }
};
static const struct jschema swap_schema = { swap_fields };

static const char *const categories[] = { "org", "revival", "talent", "education", "economy", NULL };
static const char *const priorities[] = { "low", "normal", "high", NULL };
static const char *const statuses[] = { "proposed", "studying", "in_progress", "resolved",
					"escalated", "closed", NULL };
static const char *const actions[] = { "assign", "set_due", "resolve", "escalate", "close", NULL };

static const struct jfield figure_fields[] = {
	{ .name = "funds_fen", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1 },
	{ .name = "people_count", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1 },
	{ .name = "length_m", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1 },
	{ .name = "jobs", .type = J_INT, .min = 0, .max = INT64_MAX, .nullable = 1 },
	{ 0 }
};
static const struct jschema figure_schema = { figure_fields };

static const struct jfield matter_fields[] = {
	{ .name = "unit_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = MATTER_TITLE_MAX_CHARS },
	{ .name = "description", .type = J_STR, .required = 1, .min = 1, .max = MATTER_DESC_MAX_CHARS },
	{ .name = "category", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = categories },
	{ .name = "type", .type = J_STR, .required = 1, .min = 1, .max = MATTER_TYPE_KEY_MAX_CHARS },
	{ .name = "divisions", .type = J_ARR_STR, .required = 1, .min = 1, .max = 16 },
	{ .name = "priority", .type = J_STR, .required = 1, .min = 1, .max = 8, .one_of = priorities },
	{ .name = "due_on", .type = J_DATE, .nullable = 1 },
	{ .name = "raised_by_org_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "assignee_org_ids", .type = J_ARR_INT, .min = 0, .max = 16 },
	{ .name = "assignee_person_ids", .type = J_ARR_INT, .min = 0, .max = 16 },
	{ .name = "figures", .type = J_OBJ, .sub = &figure_schema },
	{ 0 }
};
static const struct jschema matter_schema = { matter_fields };

static const struct jfield transition_fields[] = {
	{ .name = "to", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = statuses },
	{ .name = "note", .type = J_STR, .required = 1, .min = 0, .max = MATTER_NOTE_MAX_CHARS },
	{ .name = "resolution", .type = J_STR, .min = 1, .max = MATTER_NOTE_MAX_CHARS, .nullable = 1 },
	{ 0 }
};
static const struct jschema transition_schema = { transition_fields };

static const struct jfield note_fields[] = {
	{ .name = "note", .type = J_STR, .required = 1, .min = 1, .max = MATTER_NOTE_MAX_CHARS },
	{ 0 }
};
static const struct jschema note_schema = { note_fields };

static const struct jfield matter_patch_fields[] = {
	{ .name = "due_on", .type = J_DATE, .nullable = 1 },
	{ .name = "priority", .type = J_STR, .min = 1, .max = 8, .one_of = priorities },
	{ .name = "figures", .type = J_OBJ, .sub = &figure_schema },
	{ .name = "assignee_person_id", .type = J_INT, .min = 1, .max = INT64_MAX },
	{ .name = "assignee_org_id", .type = J_INT, .min = 1, .max = INT64_MAX },
	{ .name = "note", .type = J_STR, .min = 0, .max = MATTER_NOTE_MAX_CHARS },
	{ 0 }
};
static const struct jschema matter_patch_schema = { matter_patch_fields };

static const struct jfield matter_type_fields[] = {
	{ .name = "key", .type = J_STR, .required = 1, .min = 2, .max = MATTER_TYPE_KEY_MAX_CHARS },
	{ .name = "label", .type = J_STR, .required = 1, .min = 1, .max = MATTER_TYPE_LABEL_MAX_CHARS },
	{ 0 }
};
static const struct jschema matter_type_schema = { matter_type_fields };

static const struct jfield meeting_fields[] = {
	{ .name = "unit_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "title", .type = J_STR, .required = 1, .min = 1, .max = MEETING_TITLE_MAX_CHARS },
	{ .name = "held_on", .type = J_DATE, .required = 1 },
	{ .name = "place_division", .type = J_STR, .required = 1, .min = 6, .max = 12 },
	{ .name = "agenda", .type = J_ARR_INT, .required = 1, .min = 0, .max = 32 },
	{ .name = "invited_org_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 64 },
	{ .name = "override_reason", .type = J_STR, .min = 1, .max = MEETING_REASON_MAX_CHARS, .nullable = 1 },
	{ 0 }
};
static const struct jschema meeting_schema = { meeting_fields };

static const struct jfield attendance_fields[] = {
	{ .name = "person_ids", .type = J_ARR_INT, .required = 1, .min = 0, .max = 256 },
	{ 0 }
};
static const struct jschema attendance_schema = { attendance_fields };

static const struct jfield minutes_fields[] = {
	{ .name = "text", .type = J_STR, .required = 1, .min = 0, .max = MINUTES_MAX_CHARS },
	{ 0 }
};
static const struct jschema minutes_schema = { minutes_fields };

static const struct jfield decision_fields[] = {
	{ .name = "matter_id", .type = J_INT, .required = 1, .min = 1, .max = INT64_MAX },
	{ .name = "action", .type = J_STR, .required = 1, .min = 1, .max = 16, .one_of = actions },
	{ .name = "note", .type = J_STR, .required = 1, .min = 1, .max = DECISION_NOTE_MAX_CHARS },
	{ .name = "due_on", .type = J_DATE },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX },
	{ .name = "org_id", .type = J_INT, .min = 1, .max = INT64_MAX },
	{ .name = "resolution", .type = J_STR, .min = 1, .max = MATTER_NOTE_MAX_CHARS },
	{ 0 }
};
static const struct jschema decision_schema = { decision_fields };

const struct route api_routes[] = {
	{ M_GET, "/healthz", api_healthz, PERM_PUBLIC, NULL, 0, 0 },
	{ M_GET, "/metrics", api_metrics, PERM_PUBLIC, NULL, 0, 0 },
	{ M_POST, "/api/v1/session", api_session_create, PERM_PUBLIC, &login_schema, 4096,
	  ROUTE_NO_CSRF },
	{ M_DELETE, "/api/v1/session", api_session_delete, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/me", api_me, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/users", api_users_create, PERM_USER_ADMIN, &user_create_schema, 0, 0 },
	{ M_GET, "/api/v1/users", api_users_list, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_GET, "/api/v1/users/{id}", api_users_get, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/users/{id}", api_users_patch, PERM_USER_ADMIN, &user_patch_schema, 0, 0 },
	{ M_GET, "/api/v1/divisions", api_divisions_list, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/divisions/{code}", api_divisions_get, PERM_PUBLIC, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/audit", api_audit_list, PERM_ADMIN, NULL, 0, 0 },
	{ M_POST, "/api/v1/alliances", api_alliances_create, PERM_SIGNED_IN, &alliance_schema, 0, 0 },
	{ M_GET, "/api/v1/alliances", api_alliances_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/alliances/{id}", api_alliances_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/units", api_units_create, PERM_SIGNED_IN, &unit_schema, 0, 0 },
	{ M_GET, "/api/v1/units", api_units_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/units/{id}", api_units_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/units/{id}/members", api_units_add_member, PERM_SIGNED_IN, &org_id_schema, 0, 0 },
	{ M_PUT, "/api/v1/units/{id}/leader", api_units_set_leader, PERM_SIGNED_IN, &person_id_schema, 0, 0 },
	{ M_PUT, "/api/v1/units/{id}/roster", api_roster_put, PERM_SIGNED_IN, &roster_schema, 0, 0 },
	{ M_GET, "/api/v1/units/{id}/rotation", api_rotation_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/units/{id}/duty", api_duty_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/units/{id}/rotation/swaps", api_swaps_create, PERM_SIGNED_IN, &swap_schema, 0, 0 },
	{ M_GET, "/api/v1/units/{id}/handovers", api_handovers_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/orgs", api_orgs_create, PERM_SIGNED_IN, &org_schema, 0, 0 },
	{ M_GET, "/api/v1/orgs", api_orgs_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/orgs/{id}", api_orgs_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PUT, "/api/v1/orgs/{id}/secretary", api_orgs_set_secretary, PERM_SIGNED_IN, &person_id_schema, 0, 0 },
	{ M_POST, "/api/v1/people", api_people_create, PERM_SIGNED_IN, &person_schema, 0, 0 },
	{ M_GET, "/api/v1/people", api_people_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/people/{id}", api_people_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/matters", api_matters_create, PERM_SIGNED_IN, &matter_schema, 0, 0 },
	{ M_GET, "/api/v1/matters", api_matters_list, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/matters/{id}", api_matters_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/matters/{id}", api_matters_patch, PERM_SIGNED_IN, &matter_patch_schema, 0, 0 },
	{ M_POST, "/api/v1/matters/{id}/transitions", api_matters_transition, PERM_SIGNED_IN, &transition_schema, 0, 0 },
	{ M_POST, "/api/v1/matters/{id}/progress", api_matters_progress, PERM_SIGNED_IN, &note_schema, 0, 0 },
	{ M_GET, "/api/v1/matter-types", api_matter_types_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/matter-types", api_matter_types_create, PERM_SIGNED_IN, &matter_type_schema, 0, 0 },
	{ M_POST, "/api/v1/meetings", api_meetings_create, PERM_SIGNED_IN, &meeting_schema, 0, 0 },
	{ M_GET, "/api/v1/meetings", api_meetings_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/meetings/{id}", api_meetings_get, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_PUT, "/api/v1/meetings/{id}/attendance", api_meetings_attendance, PERM_SIGNED_IN, &attendance_schema, 0, 0 },
	{ M_PUT, "/api/v1/meetings/{id}/minutes", api_meetings_minutes, PERM_SIGNED_IN, &minutes_schema, 0, 0 },
	{ M_POST, "/api/v1/meetings/{id}/decisions", api_meetings_decide, PERM_SIGNED_IN, &decision_schema, 0, 0 },
	{ M_GET, "/api/v1/stats", api_stats_get, PERM_SIGNED_IN, NULL, 0, ROUTE_CACHE },
	{ M_GET, "/api/v1/inbox", api_inbox_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_POST, "/api/v1/inbox/{id}/read", api_inbox_read, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
