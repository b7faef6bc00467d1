/* api_user.c - /api/v1/users: accounts and grants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/user.h"

static const struct jfield grant_fields[] = {
	{ .name = "role", .type = J_STR, .required = 1, .min = 1, .max = 32, .one_of = perm_roles },
	{ .name = "scope_type", .type = J_STR, .required = 1, .min = 1, .max = 16,
	  .one_of = perm_scope_types },
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

static enum err_code read_grants(json_t *arr, struct user_input *in, struct err *e)
{
	size_t i;
	json_t *g;
	in->has_grants = 1;
	in->n_grants = 0;
	json_array_foreach(arr, i, g) {
		struct grant *o = &in->grants[in->n_grants++];
		memset(o, 0, sizeof(*o));
		snprintf(o->role, sizeof(o->role), "%s", jsonx_str(g, "role", ""));
		snprintf(o->scope_type, sizeof(o->scope_type), "%s", jsonx_str(g, "scope_type", ""));
		json_t *id = json_object_get(g, "scope_id");
		if (id && !json_is_null(id))
			jsonx_id_text(id, o->scope_id, sizeof(o->scope_id));
		for (size_t k = 0; k + 1 < in->n_grants; k++)
			if (memcmp(&in->grants[k], o, sizeof(*o)) == 0)
				return err_set(e, ERR_INVALID, "grants", "授权重复");
	}
	return ERR_OK;
}

static void read_person(json_t *body, struct user_input *in)
{
	json_t *p = json_object_get(body, "person_id");
	if (!p)
		return;
	in->has_person = 1;
	in->person_id = json_is_integer(p) ? json_integer_value(p) : 0;
}

static enum err_code api_users_create(struct request *r, struct err *e)
{
	struct user_input in;
	memset(&in, 0, sizeof(in));
	in.username = jsonx_str(r->json, "username", "");
	in.password = jsonx_str(r->json, "password", "");
	in.display_name = jsonx_str(r->json, "display_name", "");
	read_person(r->json, &in);
	enum err_code rc;
	if ((rc = read_grants(json_object_get(r->json, "grants"), &in, e)))
		return rc;
	struct user u;
	if ((rc = user_create(r->st, &r->who, &in, &u, e)))
		return rc;
	resp_json(r, 201, api_user_json(r->st, &u));
	return ERR_OK;
}

static enum err_code api_users_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	enum err_code rc = api_page(r, &pg, cur, sizeof(cur), e);
	if (rc)
		return rc;
	json_t *items = json_array();
	char next[32] = "";
	/* Read pages until the window is full of accounts this admin may see. */
	for (int rounds = 0; rounds < 20 && json_array_size(items) < (size_t)pg.limit; rounds++) {
		struct user *u = NULL;
		size_t n = 0;
		if ((rc = r->st->ops->user_list(r->st, pg, &u, &n, e))) {
			json_decref(items);
			return rc;
		}
		for (size_t i = 0; i < n && json_array_size(items) < (size_t)pg.limit; i++) {
			struct grant *g = NULL;
			size_t ng = 0;
			struct err e2;
			if (r->st->ops->grants_get(r->st, u[i].id, &g, &ng, &e2) == ERR_OK &&
			    user_manageable(r->st, &r->who, u[i].id, g, ng))
				json_array_append_new(items, api_user_json(r->st, &u[i]));
			free(g);
			snprintf(next, sizeof(next), "%lld", (long long)u[i].id);
		}
		int more = n == (size_t)pg.limit;
		free(u);
		if (!more) {
			next[0] = '\0';
			break;
		}
		snprintf(cur, sizeof(cur), "%s", next);
		pg.after = cur;
	}
	api_list(r, items, next[0] ? next : NULL);
	return ERR_OK;
}

static enum err_code load(struct request *r, struct user *u, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = r->st->ops->user_get(r->st, id, u, e)))
		return rc;
	struct grant *g = NULL;
	size_t n = 0;
	if ((rc = r->st->ops->grants_get(r->st, id, &g, &n, e)))
		return rc;
	int ok = user_manageable(r->st, &r->who, id, g, n);
	free(g);
	return ok ? ERR_OK : err_set(e, ERR_NOT_FOUND, NULL, "账号不存在");
}

static enum err_code api_users_get(struct request *r, struct err *e)
{
	struct user u;
	enum err_code rc = load(r, &u, e);
	if (rc)
		return rc;
	resp_json(r, 200, api_user_json(r->st, &u));
	return ERR_OK;
}

static enum err_code api_users_patch(struct request *r, struct err *e)
{
	int64_t id;
	enum err_code rc;
	if ((rc = req_param_id(r, 0, &id, e)))
		return rc;
	struct user_input in;
	memset(&in, 0, sizeof(in));
	in.display_name = jsonx_str(r->json, "display_name", NULL);
	read_person(r->json, &in);
	json_t *g = json_object_get(r->json, "grants");
	if (g && (rc = read_grants(g, &in, e)))
		return rc;
	if (jsonx_has(r->json, "disabled")) {
		in.has_disabled = 1;
		in.disabled = jsonx_bool(r->json, "disabled", 0);
	}
	struct user u;
	if ((rc = user_update(r->st, &r->who, id, &in, &u, e)))
		return rc;
	resp_json(r, 200, api_user_json(r->st, &u));
	return ERR_OK;
}

const struct route api_user_routes[] = {
	{ M_POST, "/api/v1/users", api_users_create, PERM_USER_ADMIN, &user_create_schema, 0, 0 },
	{ M_GET, "/api/v1/users", api_users_list, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_GET, "/api/v1/users/{id}", api_users_get, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_PATCH, "/api/v1/users/{id}", api_users_patch, PERM_USER_ADMIN, &user_patch_schema, 0, 0 },
	{ 0 }
};
