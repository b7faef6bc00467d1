/*
 * signin.c - signing in and out (see signin.h): the credential check,
 * throttling of failed attempts per account and per client address, and the
 * audit of both; the session itself is auth/session.c's.
 */
#include "domain/signin.h"

#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "auth/session.h"
#include "core/date.h"
#include "store/store_account.h"
#include "store/store_audit.h"
#include "store/store_session.h"
#include "domain/audit.h"

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

enum err_code signin_login(struct store *st, const char *username, const char *password,
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

	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->session->failure_clear(st, ukey, e)) ||
	    (rc = session_open(st, &u, out_token, token_size, out, e)) ||
	    (rc = audit_record(st, out, "session.create", "session", u.id, NULL, e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return session_load_grants(st, out, e);
}

enum err_code signin_logout(struct store *st, const struct principal *p, struct err *e)
{
	enum err_code rc;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = session_close(st, p, e)) ||
	    (rc = audit_record(st, p, "session.delete", "session", p->user_id, NULL, e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return ERR_OK;
}
