/* api_signin.c - the sign-in log and live sessions: /signins, /sessions,
 * /me/sessions (domain/online.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/online.h"
#include "store/store_account.h"

static const char *const signin_results[] = { "success", "failure", NULL };

static const char *reason_label(const char *reason)
{
	static const struct { const char *key, *label; } labels[] = {
		{ "ok", "登录成功" }, { "bad_password", "密码错误" },
		{ "unknown_user", "账号不存在" }, { "disabled", "账号已停用" },
		{ "throttled", "失败次数过多，已限制" },
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].key, reason) == 0)
			return labels[i].label;
	return reason;
}

/* A text that is valid UTF-8 by construction; "" should it not be. */
static json_t *text(const char *s)
{
	json_t *v = json_string(s);
	return v ? v : json_string("");
}

static json_t *signin_json(const struct signin_rec *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:s, s:s, s:s}", "id", (json_int_t)s->id,
			 "at", api_time(s->at_ms), "user_id",
			 s->user_id ? json_integer(s->user_id) : json_null(), "username",
			 text(s->username), "client_ip", s->client_ip, "user_agent",
			 text(s->user_agent), "result", s->result, "reason", s->reason,
			 "reason_label", reason_label(s->reason));
}

static enum err_code api_signins_list(struct request *r, struct err *e)
{
	struct page pg;
	char cur[32];
	struct online_signin_query q = { 0 };
	const int32_t none = INT32_MIN;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (rc = req_query_id(r, "user_id", &q.user_id, e)) ||
	    (rc = req_query_enum(r, "result", signin_results, &q.result, e)) ||
	    (rc = req_query_date(r, "from", none, &q.from_day, e)) ||
	    (rc = req_query_date(r, "to", none, &q.to_day, e)))
		return rc;
	q.has_from = q.from_day != none;
	q.has_to = q.to_day != none;
	if (q.has_from && q.has_to && q.to_day < q.from_day)
		return err_set(e, ERR_INVALID, "to", "结束日期不能早于开始日期");
	struct signin_rec *s = NULL;
	size_t n = 0;
	if ((rc = online_signins(r->st, &r->who, &q, pg, &s, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, signin_json(&s[i]));
	api_list_by_id(r, items, n, pg, n ? s[n - 1].id : 0);
	free(s);
	return ERR_OK;
}

static json_t *session_json(struct request *r, const struct session_view *v)
{
	struct user u;
	struct err ignored;
	int known = r->st->account->get(r->st, v->user_id, &u, &ignored) == ERR_OK;
	return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:b}", "id", v->public_id,
			 "user_id", (json_int_t)v->user_id, "username",
			 text(known ? u.username : ""), "display_name",
			 text(known ? u.display_name : ""), "signed_in_at",
			 api_time(v->created_at_ms), "last_seen_at", api_time(v->last_seen_ms),
			 "client_ip", v->client_ip, "user_agent", text(v->user_agent), "current",
			 strcmp(v->public_id, r->who.session_id) == 0);
}

/* The session lists page by position (a live-session list is short and
 * reordered by use): the cursor is the number of rows already shown. */
static enum err_code sessions_list(struct request *r, int mine, struct err *e)
{
	struct page pg;
	char cur[32];
	int64_t user_id = 0;
	enum err_code rc;
	if ((rc = api_page(r, &pg, cur, sizeof(cur), e)) ||
	    (!mine && (rc = req_query_id(r, "user_id", &user_id, e))))
		return rc;
	int64_t offset = pg.after ? strtoll(pg.after, NULL, 10) : 0;
	struct session_view *v = NULL;
	size_t n = 0;
	if ((rc = online_sessions(r->st, &r->who, mine, user_id, offset, pg.limit, &v, &n, e)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, session_json(r, &v[i]));
	free(v);
	char next[32] = "";
	long long shown = (long long)offset + (long long)n;
	if (n == (size_t)pg.limit)
		snprintf(next, sizeof(next), "%lld", shown);
	api_list(r, items, next[0] ? next : NULL);
	return ERR_OK;
}

static enum err_code api_sessions_list(struct request *r, struct err *e)
{
	return sessions_list(r, 0, e);
}

static enum err_code api_me_sessions_list(struct request *r, struct err *e)
{
	return sessions_list(r, 1, e);
}

/* A session's public id in the path: 24 lowercase hex digits, else it
 * names no session. */
static enum err_code session_param(struct request *r, const char **out, struct err *e)
{
	const char *p = r->params[0];
	size_t n = strlen(p);
	int ok = n == SESSION_PUBLIC_ID_CHARS;
	for (size_t i = 0; ok && i < n; i++)
		ok = (p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f');
	if (!ok)
		return err_set(e, ERR_NOT_FOUND, NULL, "会话不存在");
	*out = p;
	return ERR_OK;
}

static enum err_code end_session(struct request *r, int mine, struct err *e)
{
	const char *id = NULL;
	enum err_code rc;
	if ((rc = session_param(r, &id, e)) || (rc = online_end_session(r->st, &r->who, id, mine, e)))
		return rc;
	resp_json(r, 200, json_pack("{s:b}", "ok", 1));
	return ERR_OK;
}

static enum err_code api_sessions_delete(struct request *r, struct err *e)
{
	return end_session(r, 0, e);
}

static enum err_code api_me_sessions_delete(struct request *r, struct err *e)
{
	return end_session(r, 1, e);
}

const struct route api_signin_routes[] = {
	{ M_GET, "/api/v1/signins", api_signins_list, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_GET, "/api/v1/sessions", api_sessions_list, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_DELETE, "/api/v1/sessions/{id}", api_sessions_delete, PERM_USER_ADMIN, NULL, 0, 0 },
	{ M_GET, "/api/v1/me/sessions", api_me_sessions_list, PERM_SIGNED_IN, NULL, 0, 0 },
	{ M_DELETE, "/api/v1/me/sessions/{id}", api_me_sessions_delete, PERM_SIGNED_IN, NULL, 0, 0 },
	{ 0 }
};
