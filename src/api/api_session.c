/* api_session.c - sign-in, sign-out, the current account; /healthz. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/policy.h"
#include "auth/session.h"
#include "domain/signin.h"
#include "core/log.h"

struct login_body {
	const char *username, *password;
};

static const struct jfield login_fields[] = {
	{ .name = "username", .type = J_STR, .required = 1, .min = 1, .max = 64,
	  JD_PTR(struct login_body, username) },
	{ .name = "password", .type = J_STR, .required = 1, .min = 1, .max = 256,
	  JD_PTR(struct login_body, password) },
	{ 0 }
};
static const struct jschema login_schema = { login_fields };

static enum err_code api_healthz(struct request *r, struct err *e)
{
	enum err_code rc = r->st->ops->ping(r->st, e);
	if (rc) {
		resp_json(r, 503, json_pack("{s:s}", "status", "unavailable"));
		return ERR_OK;
	}
	resp_json(r, 200, json_pack("{s:s}", "status", "ok"));
	return ERR_OK;
}

static json_t *me_json(struct request *r, const struct principal *p)
{
	json_t *grants = json_array();
	for (size_t i = 0; i < p->n_grants; i++)
		json_array_append_new(grants, api_grant_json(&p->grants[i]));
	(void)r;
	struct policy_rights rt;
	policy_rights_of(p, &rt);
	json_t *counties = json_array();
	for (size_t i = 0; i < rt.n_org_counties; i++)
		json_array_append_new(counties, json_string(rt.org_counties[i]));
	json_t *rights = json_pack("{s:b, s:b, s:b, s:b, s:b, s:o}", "admin", rt.admin,
				   "manage_users", rt.manage_users, "add_matter_types",
				   rt.add_matter_types, "create_units", rt.create_units,
				   "edit_orgs", rt.edit_orgs, "org_counties",
				   rt.edit_orgs_anywhere ? json_null() : counties);
	if (rt.edit_orgs_anywhere)
		json_decref(counties);
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)p->user_id, "username",
			 p->username, "display_name", p->display_name, "person_id",
			 p->person_id ? json_integer(p->person_id) : json_null(), "grants", grants,
			 "rights", rights);
}

static enum err_code api_session_create(struct request *r, struct err *e)
{
	char token[64];
	struct principal p;
	struct login_body b = { "", "" };
	enum err_code rc = jsonx_decode_into(r->json, &login_schema, &b, e);
	if (!rc)
		rc = signin_login(r->st, b.username, b.password, r->client_ip,
				  req_header(r, "User-Agent"), token, sizeof(token), &p, e);
	if (rc) {
		if (rc == ERR_THROTTLED)
			resp_header(r, "Retry-After", "%d", 900);
		return rc;
	}
	r->who = p;
	resp_header(r, "Set-Cookie",
		    "lj_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", token,
		    (long long)(SESSION_MAX_MS / 1000), r->secure_cookies ? "; Secure" : "");
	resp_json(r, 200, json_pack("{s:o, s:s}", "user", me_json(r, &p), "csrf_token",
				    p.csrf_token));
	return ERR_OK;
}

static enum err_code api_session_delete(struct request *r, struct err *e)
{
	enum err_code rc = signin_logout(r->st, &r->who, e);
	if (rc)
		return rc;
	resp_header(r, "Set-Cookie", "lj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
		    r->secure_cookies ? "; Secure" : "");
	resp_json(r, 200, json_pack("{s:b}", "ok", 1));
	return ERR_OK;
}

static enum err_code api_me(struct request *r, struct err *e)
{
	(void)e;
	json_t *o = me_json(r, &r->who);
	json_object_set_new(o, "csrf_token", json_string(r->who.csrf_token));
	resp_json(r, 200, o);
	return ERR_OK;
}

const struct route api_session_routes[] = {
	{ M_GET, "/healthz", api_healthz, PERM_PUBLIC, NULL, 0, 0 },
	{ M_POST, "/api/v1/session", api_session_create, PERM_PUBLIC, &login_schema, 4096,
	  ROUTE_NO_CSRF },
	{ M_DELETE, "/api/v1/session", api_session_delete, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_GET, "/api/v1/me", api_me, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
