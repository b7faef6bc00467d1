/* api_user.c - /api/v1/users: accounts and grants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/user.h"
#include "store/store_account.h"

static const struct jfield grant_fields[] = {
	{ .name = "role", .type = J_STR, .required = 1, .min = 1, .max = 32, .one_of = perm_roles,
	  JD_CHARS(struct grant, role) },
	{ .name = "scope_type", .type = J_STR, .required = 1, .min = 1, .max = 16,
	  .one_of = perm_scope_types, JD_CHARS(struct grant, scope_type) },
	{ .name = "scope_id", .type = J_ID, .nullable = 1, JD_CHARS(struct grant, scope_id) },
	{ 0 }
};
static const struct jschema grant_schema = { grant_fields };

static const struct jfield user_create_fields[] = {
	{ .name = "username", .type = J_STR, .required = 1, .min = 3, .max = USERNAME_MAX_CHARS,
	  JD_PTR(struct user_input, username) },
	{ .name = "password", .type = J_STR, .required = 1, .min = 8, .max = 128,
	  JD_PTR(struct user_input, password) },
	{ .name = "display_name", .type = J_STR, .required = 1, .min = 1, .max = DISPLAY_NAME_MAX_CHARS,
	  JD_PTR(struct user_input, display_name) },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct user_input, person_id), JD_PRESENT(struct user_input, has_person) },
	{ .name = "grants", .type = J_ARR_OBJ, .required = 1, .min = 0, .max = 16,
	  .sub = &grant_schema, JD_OBJS(struct user_input, grants, n_grants),
	  JD_PRESENT(struct user_input, has_grants) },
	{ 0 }
};
static const struct jschema user_create_schema = { user_create_fields };

static const struct jfield user_patch_fields[] = {
	{ .name = "display_name", .type = J_STR, .min = 1, .max = DISPLAY_NAME_MAX_CHARS,
	  JD_PTR(struct user_input, display_name) },
	{ .name = "person_id", .type = J_INT, .min = 1, .max = INT64_MAX, .nullable = 1,
	  JD_I64(struct user_input, person_id), JD_PRESENT(struct user_input, has_person) },
	{ .name = "grants", .type = J_ARR_OBJ, .min = 0, .max = 16, .sub = &grant_schema,
	  JD_OBJS(struct user_input, grants, n_grants), JD_PRESENT(struct user_input, has_grants) },
	{ .name = "disabled", .type = J_BOOL, JD_BOOL(struct user_input, disabled),
	  JD_PRESENT(struct user_input, has_disabled) },
	{ 0 }
};
static const struct jschema user_patch_schema = { user_patch_fields };

/* Decodes a users body (zeroed first, so grants compare whole) and refuses
 * a grant given twice. */
static enum err_code decode_user(struct request *r, const struct jschema *schema,
				 struct user_input *in, struct err *e)
{
	enum err_code rc;
	memset(in, 0, sizeof(*in));
	if ((rc = jsonx_decode_into(r->json, schema, in, e)))
		return rc;
	for (size_t i = 0; i < in->n_grants; i++)
		for (size_t k = 0; k < i; k++)
			if (memcmp(&in->grants[k], &in->grants[i], sizeof(in->grants[i])) == 0)
				return err_set(e, ERR_INVALID, "grants", "授权重复");
	return ERR_OK;
}

static enum err_code api_users_create(struct request *r, struct err *e)
{
	struct user_input in;
	struct user u;
	enum err_code rc;
	if ((rc = decode_user(r, &user_create_schema, &in, e)) ||
	    (rc = user_create(r->st, &r->who, &in, &u, e)))
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
		if ((rc = r->st->account->list(r->st, pg, &u, &n, e))) {
			json_decref(items);
			return rc;
		}
		for (size_t i = 0; i < n && json_array_size(items) < (size_t)pg.limit; i++) {
			struct grant *g = NULL;
			size_t ng = 0;
			struct err e2;
			if (r->st->account->grants(r->st, u[i].id, &g, &ng, &e2) == ERR_OK &&
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
	if ((rc = req_param_id(r, 0, &id, e)) || (rc = r->st->account->get(r->st, id, u, e)))
		return rc;
	struct grant *g = NULL;
	size_t n = 0;
	if ((rc = r->st->account->grants(r->st, id, &g, &n, e)))
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
	struct user u;
	if ((rc = decode_user(r, &user_patch_schema, &in, e)) ||
	    (rc = user_update(r->st, &r->who, id, &in, &u, e)))
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
