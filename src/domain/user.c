/* user.c - account rules (see user.h). */
#include "domain/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/password.h"
#include "auth/perm.h"
#include "core/date.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/reach.h"
#include "domain/scope.h"
#include "store/store_account.h"
#include "store/store_session.h"

void user_cli_principal(struct principal *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->username, sizeof(out->username), "cli");
	snprintf(out->display_name, sizeof(out->display_name), "命令行");
	out->n_grants = 1;
	snprintf(out->grants[0].role, sizeof(out->grants[0].role), "admin");
	snprintf(out->grants[0].scope_type, sizeof(out->grants[0].scope_type), "deployment");
}

static enum err_code check_username(const char *u, struct err *e)
{
	size_t n = strlen(u);
	if (n < 3 || n > 32)
		return err_set(e, ERR_INVALID, "username", "用户名长度应为 3–32 个字符");
	for (const char *p = u; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return err_set(e, ERR_INVALID, "username",
				       "用户名只能包含字母、数字、下划线、点和连字符");
	}
	return ERR_OK;
}

/* A grant on an alliance, unit or organisation who does not read answers as
 * one on a missing scope (scope_exists's words), not as a refusal. */
static enum err_code scope_hidden(struct store *st, const struct principal *who,
				  const struct grant *g, struct err *e)
{
	struct err ignored;
	int64_t id = strtoll(g->scope_id, NULL, 10);
	int hidden = 0;
	const char *label = "";
	if (strcmp(g->scope_type, "alliance") == 0) {
		struct alliance a;
		hidden = reach_alliance_get(st, who, id, &a, &ignored) != ERR_OK;
		label = "联建";
	} else if (strcmp(g->scope_type, "unit") == 0) {
		struct unit u;
		hidden = reach_unit_get(st, who, id, &u, &ignored) != ERR_OK;
		label = "联建单位";
	} else if (strcmp(g->scope_type, "org") == 0) {
		struct org o;
		hidden = reach_org_get(st, who, id, &o, &ignored) != ERR_OK;
		label = "党组织";
	}
	if (hidden)
		return err_set(e, ERR_INVALID, "grants", "授权范围不存在：%s %s", label, g->scope_id);
	return ERR_OK;
}

enum err_code user_check_grant(struct store *st, const struct principal *who,
			       const struct grant *g, struct err *e)
{
	if (!perm_role_valid(g->role))
		return err_set(e, ERR_INVALID, "grants", "未知角色：%s", g->role);
	if (!perm_scope_type_valid(g->scope_type))
		return err_set(e, ERR_INVALID, "grants", "未知授权范围类型：%s", g->scope_type);
	if (!perm_role_scope_ok(g->role, g->scope_type))
		return err_set(e, ERR_INVALID, "grants", "角色 %s 不能授予在 %s 范围上", g->role,
			       g->scope_type);
	enum err_code rc = scope_exists(st, g->scope_type, g->scope_id, e);
	if (rc)
		return rc;
	if (perm_is_admin(who))
		return ERR_OK;
	if ((rc = scope_hidden(st, who, g, e)))
		return rc;
	if (strcmp(g->role, "admin") == 0 || strcmp(g->role, "alliance_admin") == 0)
		return err_set(e, ERR_FORBIDDEN, "grants", "没有权限授予角色 %s", g->role);
	if (!scope_within_principal(st, who, g->scope_type, g->scope_id))
		return err_set(e, ERR_FORBIDDEN, "grants", "授权范围超出您的管理范围");
	return ERR_OK;
}

int user_manageable(struct store *st, const struct principal *who, int64_t user_id,
		    const struct grant *g, size_t n)
{
	if (perm_is_admin(who) || who->user_id == user_id)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(g[i].role, "admin") == 0)
			return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (scope_within_principal(st, who, g[i].scope_type, g[i].scope_id))
			return 1;
	return 0;
}

static enum err_code check_grants(struct store *st, const struct principal *who,
				  const struct user_input *in, struct err *e)
{
	for (size_t i = 0; i < in->n_grants; i++) {
		enum err_code rc = user_check_grant(st, who, &in->grants[i], e);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

static enum err_code check_person(struct store *st, int64_t person_id, struct err *e)
{
	if (!person_id)
		return ERR_OK;
	return scope_person_exists(st, person_id, e);
}

enum err_code user_create(struct store *st, const struct principal *who,
			  const struct user_input *in, struct user *out, struct err *e)
{
	enum err_code rc;
	struct user u;
	memset(&u, 0, sizeof(u));
	if ((rc = check_username(in->username, e)) || (rc = password_check_policy(in->password, e)))
		return rc;
	if (!in->display_name || !*in->display_name)
		return err_set(e, ERR_INVALID, "display_name", "姓名不能为空");
	if (!perm_is_admin(who) && in->n_grants == 0)
		return err_set(e, ERR_INVALID, "grants", "请至少授予一个您管理范围内的角色");
	if ((rc = check_grants(st, who, in, e)) || (rc = check_person(st, in->person_id, e)))
		return rc;
	/* Hash outside the write transaction: it takes ~170 ms. */
	if ((rc = password_hash(in->password, u.password_hash, sizeof(u.password_hash), e)))
		return rc;
	snprintf(u.username, sizeof(u.username), "%s", in->username);
	snprintf(u.display_name, sizeof(u.display_name), "%s", in->display_name);
	u.person_id = in->person_id;
	u.disabled = in->has_disabled ? in->disabled : 0;
	u.created_at_ms = u.updated_at_ms = date_now_ms();
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->account->insert(st, &u, e)) ||
	    (rc = st->account->grants_replace(st, u.id, in->grants, in->n_grants, e)) ||
	    (rc = audit_record(st, who, "user.create", "user", u.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	*out = u;
	return ERR_OK;
}

static enum err_code load_manageable(struct store *st, const struct principal *who, int64_t id,
				     struct user *u, struct err *e)
{
	enum err_code rc = st->account->get(st, id, u, e);
	if (rc)
		return rc;
	struct grant *g = NULL;
	size_t n = 0;
	if ((rc = st->account->grants(st, id, &g, &n, e)))
		return rc;
	int ok = user_manageable(st, who, id, g, n);
	free(g);
	if (!ok)
		return err_set(e, ERR_NOT_FOUND, NULL, "账号不存在");
	return ERR_OK;
}

/* The checks and the new row of an account change, on the row read inside
 * the write (a concurrent password or grant change is not written back). */
static enum err_code update_checked(struct store *st, const struct principal *who, int64_t id,
				    const struct user_input *in, struct user *u, struct err *e)
{
	enum err_code rc;
	if ((rc = load_manageable(st, who, id, u, e)))
		return rc;
	int self = who->user_id == id;
	if (self && !perm_is_admin(who) && (in->has_grants || in->has_disabled))
		return err_set(e, ERR_FORBIDDEN, NULL, "不能修改自己的角色或停用状态");
	if (self && in->has_disabled && in->disabled)
		return err_set(e, ERR_FORBIDDEN, "disabled", "不能停用自己的账号");
	if (in->has_grants && (rc = check_grants(st, who, in, e)))
		return rc;
	if (self && in->has_grants) {
		int keeps_admin = 0;
		for (size_t i = 0; i < in->n_grants; i++)
			if (strcmp(in->grants[i].role, "admin") == 0)
				keeps_admin = 1;
		if (!keeps_admin)
			return err_set(e, ERR_FORBIDDEN, "grants", "不能撤销自己的管理员角色");
	}
	if (in->has_person && (rc = check_person(st, in->person_id, e)))
		return rc;
	return ERR_OK;
}

enum err_code user_update(struct store *st, const struct principal *who, int64_t id,
			  const struct user_input *in, struct user *out, struct err *e)
{
	enum err_code rc;
	struct user u;
	char *before = NULL;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = update_checked(st, who, id, in, &u, e)))
		goto out;
	if (in->display_name)
		snprintf(u.display_name, sizeof(u.display_name), "%s", in->display_name);
	if (in->has_person)
		u.person_id = in->person_id;
	int disabling = in->has_disabled && in->disabled && !u.disabled;
	if (in->has_disabled)
		u.disabled = in->disabled;
	u.updated_at_ms = date_now_ms();
	before = audit_snapshot(st, "user", id);
	if ((rc = st->account->update(st, &u, e)) ||
	    (in->has_grants && (rc = st->account->grants_replace(st, id, in->grants, in->n_grants, e))) ||
	    (disabling && (rc = st->session->delete_user(st, id, e))) ||
	    (rc = audit_record(st, who, "user.update", "user", id, before, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
	*out = u;
out:
	if (rc)
		st->ops->rollback(st);
	free(before);
	return rc;
}

enum err_code user_set_password(struct store *st, const struct principal *who,
				const char *username, const char *password, struct err *e)
{
	enum err_code rc;
	struct user u;
	char hash[sizeof(u.password_hash)];
	if ((rc = password_check_policy(password, e)))
		return rc;
	if ((rc = st->account->get_by_name(st, username, &u, e)))
		return rc;
	/* Hash outside the write (it takes a while); write it on the row as
	 * it is inside the write. */
	if ((rc = password_hash(password, hash, sizeof(hash), e)))
		return rc;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->account->get_by_name(st, username, &u, e)))
		goto out;
	snprintf(u.password_hash, sizeof(u.password_hash), "%s", hash);
	u.updated_at_ms = date_now_ms();
	/* A new password ends every session of the account. */
	if ((rc = st->account->update(st, &u, e)) ||
	    (rc = st->session->delete_user(st, u.id, e)) ||
	    (rc = audit_record(st, who, "user.password", "user", u.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
out:
	if (rc)
		st->ops->rollback(st);
	return rc;
}

enum err_code user_set_disabled(struct store *st, const struct principal *who,
				const char *username, int disabled, struct err *e)
{
	enum err_code rc;
	struct user u;
	if ((rc = st->account->get_by_name(st, username, &u, e)))
		return rc;
	struct user_input in = { .has_disabled = 1, .disabled = disabled };
	struct user out;
	return user_update(st, who, u.id, &in, &out, e);
}
