/* session.c - session tokens stored hashed: opening, resolving, closing (see session.h). */
#include "auth/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/store_account.h"
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

/* An id that names a session to people: random, unrelated to the token. */
static void public_id(char out[SESSION_PUBLIC_ID_CHARS + 1])
{
	unsigned char raw[SESSION_PUBLIC_ID_CHARS / 2];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, SESSION_PUBLIC_ID_CHARS + 1, raw, sizeof(raw));
}

enum err_code session_open(struct store *st, const struct user *u, const char *client_ip,
			   const char *user_agent, char *out_token, size_t token_size,
			   struct principal *out, struct err *e)
{
	int64_t now = date_now_ms();
	struct session s = { .user_id = u->id, .created_at_ms = now, .last_seen_ms = now };
	random_token(out_token, token_size, 32);
	token_hash(out_token, s.token_hash);
	random_token(s.csrf_token, sizeof(s.csrf_token), 24);
	public_id(s.public_id);
	snprintf(s.client_ip, sizeof(s.client_ip), "%s", client_ip ? client_ip : "");
	snprintf(s.user_agent, sizeof(s.user_agent), "%s", user_agent ? user_agent : "");
	principal_from_user(out, u);
	snprintf(out->session_id, sizeof(out->session_id), "%s", s.public_id);
	snprintf(out->session_hash, sizeof(out->session_hash), "%s", s.token_hash);
	snprintf(out->csrf_token, sizeof(out->csrf_token), "%s", s.csrf_token);
	return st->session->insert(st, &s, e);
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
	snprintf(out->session_id, sizeof(out->session_id), "%s", s.public_id);
	snprintf(out->csrf_token, sizeof(out->csrf_token), "%s", s.csrf_token);
	/* Refresh the idle clock at most every SESSION_TOUCH_MS: no write per
	 * request (each write also empties every worker's answer cache). */
	if (now - s.last_seen_ms > SESSION_TOUCH_MS)
		st->session->touch(st, h, now, &ignore);
	return session_load_grants(st, out, e);
}

enum err_code session_close(struct store *st, const struct principal *p, struct err *e)
{
	return st->session->delete(st, p->session_hash, e);
}
