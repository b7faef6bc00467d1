/*
 * routes.c - the route table: every endpoint, its permission, its body
 * schema and limit. The dispatcher (http/server.c) checks all of these
 * before the handler runs.
 */
#include "api/api.h"

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
	{ .name = "username", .type = J_STR, .required = 1, .min = 3, .max = 32 },
	{ .name = "password", .type = J_STR, .required = 1, .min = 8, .max = 128 },
	{ .name = "display_name", .type = J_STR, .required = 1, .min = 1, .max = 64 },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1 },
	{ .name = "grants", .type = J_ARR_OBJ, .required = 1, .min = 0, .max = 16,
	  .sub = &grant_schema },
	{ 0 }
};
static const struct jschema user_create_schema = { user_create_fields };

static const struct jfield user_patch_fields[] = {
	{ .name = "display_name", .type = J_STR, .min = 1, .max = 64 },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1 },
	{ .name = "grants", .type = J_ARR_OBJ, .min = 0, .max = 16, .sub = &grant_schema },
	{ .name = "disabled", .type = J_BOOL },
	{ 0 }
};
static const struct jschema user_patch_schema = { user_patch_fields };

/* ORG_SCHEMAS */

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
	{ M_GET, "/api/v1/divisions", api_divisions_list, PERM_PUBLIC, NULL, 0, 0 },
	{ M_GET, "/api/v1/divisions/{code}", api_divisions_get, PERM_PUBLIC, NULL, 0, 0 },
	{ M_GET, "/api/v1/audit", api_audit_list, PERM_ADMIN, NULL, 0, 0 },
	/* ORG_ROUTES */
	{ 0 }
};
