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
#include "core/utf8.h"
#include "store/store_session.h"
#include "store/store_signin.h"
#include "domain/audit.h"

void signin_clean_agent(const char *raw, char *out, size_t size)
{
	size_t o = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)(raw ? raw : "");
	while (*p && chars < SESSION_USER_AGENT_MAX_CHARS) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 :
			   (*p & 0xF8) == 0xF0 ? 4 : 0;
		size_t avail = strnlen((const char *)p, 4);
		int ok = n && n <= avail && utf8_valid((const char *)p, n) && *p >= 0x20 &&
			 *p != 0x7F;
		if (!ok)
			n = 1;
		if (o + (ok ? n : 1) >= size)
			break;
		if (ok)
			memcpy(out + o, p, n);
		else
			out[o] = '?';
		o += ok ? n : 1;
		p += n;
		chars++;
	}
	out[o] = '\0';
}

/* Appends a row to the sign-in log and applies its retention (inside the
 * caller's write transaction). */
static enum err_code log_signin(struct store *st, int64_t now, int64_t user_id,
				const char *username, const char *client_ip,
				const char *user_agent, const char *reason, struct err *e)
{
	struct signin_rec r = { .at_ms = now, .user_id = user_id };
	utf8_copy_trunc(r.username, sizeof(r.username), username);
	snprintf(r.client_ip, sizeof(r.client_ip), "%s", client_ip);
	signin_clean_agent(user_agent, r.user_agent, sizeof(r.user_agent));
	snprintf(r.result, sizeof(r.result), "%s", strcmp(reason, "ok") == 0 ? "success" : "failure");
	snprintf(r.reason, sizeof(r.reason), "%s", reason);
	enum err_code rc = st->signin->insert(st, &r, e);
	if (!rc)
		rc = st->signin->purge(st, now - SIGNIN_KEEP_DAYS * 86400000LL, SIGNIN_KEEP_ROWS, e);
	return rc;
}

/* The account a name matches, 0 for none. */
static int64_t user_id_of(struct store *st, const char *username)
{
	struct user u;
	struct err ignore;
	return st->account->get_by_name(st, username, &u, &ignore) == ERR_OK ? u.id : 0;
}

/* Logs a throttled attempt (its own small write; failure is only logged). */
static void record_throttled(struct store *st, const char *username, const char *client_ip,
			     const char *user_agent, int64_t now)
{
	struct err e2;
	if (st->ops->begin_write(st, &e2))
		return;
	if (log_signin(st, now, user_id_of(st, username), username, client_ip, user_agent,
		       "throttled", &e2) ||
	    st->ops->commit(st, &e2))
		st->ops->rollback(st);
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
			   const char *username, int64_t user_id, const char *client_ip,
			   const char *user_agent, const char *reason, int64_t now)
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
	    st->audit->insert(st, &a, &e2) ||
	    log_signin(st, now, user_id, username, client_ip, user_agent, reason, &e2) ||
	    st->ops->commit(st, &e2))
		st->ops->rollback(st);
}

enum err_code signin_login(struct store *st, const char *username, const char *password,
			   const char *client_ip, const char *user_agent, char *out_token,
			   size_t token_size, struct principal *out, struct err *e)
{
	enum err_code rc;
	int64_t now = date_now_ms();
	char ukey[NAME_MAX_BYTES + 4], ikey[80];
	snprintf(ukey, sizeof(ukey), "u:%s", username);
	snprintf(ikey, sizeof(ikey), "ip:%s", client_ip);
	if ((rc = throttled(st, ukey, LOGIN_MAX_PER_ACCOUNT, now, e)) ||
	    (rc = throttled(st, ikey, LOGIN_MAX_PER_ADDRESS, now, e))) {
		if (rc == ERR_THROTTLED)
			record_throttled(st, username, client_ip, user_agent, now);
		return rc;
	}

	struct user u;
	struct err ignore;
	int found = st->account->get_by_name(st, username, &u, &ignore) == ERR_OK;
	/* Spend the same time whether or not the account exists. */
	rc = password_verify(found ? u.password_hash : password_dummy_hash(), password, e);
	if (rc == ERR_THROTTLED)
		return rc;
	if (rc || !found || u.disabled) {
		const char *reason = !found ? "unknown_user" : rc ? "bad_password" : "disabled";
		record_failure(st, ukey, ikey, username, found ? u.id : 0, client_ip, user_agent,
			       reason, now);
		return err_tag(e, ERR_UNAUTHENTICATED, "bad_credentials", NULL,
			       "用户名或密码错误");
	}

	char agent[TEXT_BYTES(SESSION_USER_AGENT_MAX_CHARS)];
	signin_clean_agent(user_agent, agent, sizeof(agent));
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->session->failure_clear(st, ukey, e)) ||
	    (rc = session_open(st, &u, client_ip, agent, out_token, token_size, out, e)) ||
	    (rc = log_signin(st, now, u.id, u.username, client_ip, user_agent, "ok", e)) ||
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
