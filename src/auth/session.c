/* session.c - sign-in with throttling, session tokens stored hashed (see session.h). */
#include "auth/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/audit.h"
#include "store/store_account.h"
#include "store/store_audit.h"
#include "store/store_session.h"

static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void random_token(char *out, size_t out_size, size_t nbytes)
{
	unsigned char raw[32];
	randombytes_buf(raw, nbytes);
	sodium_bin2base64(out, out_size, raw, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum err_code session_load_grants(struct store *st, struct principal *p, struct err *e)
{
	struct grant *g = NULL;
	size_t n = 0;
	enum err_code rc = st->account->grants(st, p->user_id, &g, &n, e);
	if (rc)
		return rc;
	p->n_grants = n < PRINCIPAL_MAX_GRANTS ? n : PRINCIPAL_MAX_GRANTS;
	if (p->n_grants)
		memcpy(p->grants, g, p->n_grants * sizeof(*g));
	free(g);
	return ERR_OK;
}

static void principal_from_user(struct principal *p, const struct user *u)
{
	memset(p, 0, sizeof(*p));
	p->user_id = u->id;
	snprintf(p->username, sizeof(p->username), "%s", u->username);
	snprintf(p->display_name, sizeof(p->display_name), "%s", u->display_name);
	p->person_id = u->person_id;
}

static enum err_code throttled(struct store *st, const char *key, int64_t limit, int64_t now,
			       struct err *e)
{
	int64_t n = 0;
	enum err_code rc = st->session->failure_count(st, key, now - LOGIN_WINDOW_MS, &n, e);
	if (rc)
		return rc;
	if (n >= limit)
		return err_tag(e, ERR_THROTTLED, "too_many_attempts", NULL,
			       "登录失败次数过多，请 15 分钟后再试");
	return ERR_OK;
}

static void record_failure(struct store *st, const char *ukey, const char *ikey,
			   const char *username, int64_t now)
{
	struct err e2;
	if (st->ops->begin_write(st, &e2))
		return;
	struct audit_entry a = { .at_ms = now };
	snprintf(a.username, sizeof(a.username), "%s", username);
	snprintf(a.action, sizeof(a.action), "session.login_failed");
	snprintf(a.object_type, sizeof(a.object_type), "session");
	if (st->session->failure_add(st, ukey, now, &e2) ||
	    st->session->failure_add(st, ikey, now, &e2) ||
	    st->audit->insert(st, &a, &e2) || st->ops->commit(st, &e2))
		st->ops->rollback(st);
}

enum err_code session_login(struct store *st, const char *username, const char *password,
			    const char *client_ip, char *out_token, size_t token_size,
			    struct principal *out, struct err *e)
{
	enum err_code rc;
	int64_t now = date_now_ms();
	char ukey[NAME_MAX_BYTES + 4], ikey[80];
	snprintf(ukey, sizeof(ukey), "u:%s", username);
	snprintf(ikey, sizeof(ikey), "ip:%s", client_ip);
	if ((rc = throttled(st, ukey, LOGIN_MAX_PER_ACCOUNT, now, e)) ||
	    (rc = throttled(st, ikey, LOGIN_MAX_PER_ADDRESS, now, e)))
		return rc;

	struct user u;
	struct err ignore;
	int found = st->account->get_by_name(st, username, &u, &ignore) == ERR_OK;
	/* Spend the same time whether or not the account exists. */
	rc = password_verify(found ? u.password_hash : password_dummy_hash(), password, e);
	if (rc == ERR_THROTTLED)
		return rc;
	if (rc || !found || u.disabled) {
		record_failure(st, ukey, ikey, username, now);
		return err_tag(e, ERR_UNAUTHENTICATED, "bad_credentials", NULL,
			       "用户名或密码错误");
	}

	struct session s = { .user_id = u.id, .created_at_ms = now, .last_seen_ms = now };
	random_token(out_token, token_size, 32);
	token_hash(out_token, s.token_hash);
	random_token(s.csrf_token, sizeof(s.csrf_token), 24);

	principal_from_user(out, &u);
	snprintf(out->session_hash, sizeof(out->session_hash), "%s", s.token_hash);
	snprintf(out->csrf_token, sizeof(out->csrf_token), "%s", s.csrf_token);

	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->session->failure_clear(st, ukey, e)) ||
	    (rc = st->session->insert(st, &s, e)) ||
	    (rc = audit_record(st, out, "session.create", "session", u.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return session_load_grants(st, out, e);
}

enum err_code session_resolve(struct store *st, const char *token, struct principal *out,
			      struct err *e)
{
	struct session s;
	struct user u;
	char h[65];
	struct err ignore;
	enum err_code rc;
	if (!token || strlen(token) != SESSION_TOKEN_CHARS - 1)
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "请先登录");
	token_hash(token, h);
	if ((rc = st->session->get(st, h, &s, &ignore))) {
		if (rc == ERR_NOT_FOUND)
			return err_set(e, ERR_UNAUTHENTICATED, NULL, "登录已失效，请重新登录");
		return err_set(e, rc, NULL, "%s", ignore.msg);
	}
	int64_t now = date_now_ms();
	if (now - s.last_seen_ms > SESSION_IDLE_MS || now - s.created_at_ms > SESSION_MAX_MS) {
		st->session->delete(st, h, &ignore);
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "登录已超时，请重新登录");
	}
	if ((rc = st->account->get(st, s.user_id, &u, e)))
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_UNAUTHENTICATED, NULL, "请先登录") : rc;
	if (u.disabled)
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "账号已停用");
	principal_from_user(out, &u);
	snprintf(out->session_hash, sizeof(out->session_hash), "%s", h);
	snprintf(out->csrf_token, sizeof(out->csrf_token), "%s", s.csrf_token);
	/* Refresh the idle clock at most every SESSION_TOUCH_MS: no write per
	 * request (each write also empties every worker's answer cache). */
	if (now - s.last_seen_ms > SESSION_TOUCH_MS)
		st->session->touch(st, h, now, &ignore);
	return session_load_grants(st, out, e);
}

enum err_code session_logout(struct store *st, const struct principal *p, struct err *e)
{
	enum err_code rc;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->session->delete(st, p->session_hash, e)) ||
	    (rc = audit_record(st, p, "session.delete", "session", p->user_id, NULL, e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return ERR_OK;
}
