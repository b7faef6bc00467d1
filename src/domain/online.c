/* online.c - the sign-in log and live sessions within what who oversees (see online.h). */
#include "domain/online.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/audit.h"
#include "domain/policy.h"
#include "store/store_account.h"

#define USER_PAGE 500
#define USER_SET_CAP (1u << 22)
#define SHANGHAI_OFFSET_MS (8LL * 3600 * 1000)

/* The accounts who oversees as a set ",3,7," (malloc'd), or NULL for a
 * deployment admin (every account). */
static enum err_code overseen_set(struct store *st, const struct principal *who, char **out,
				  struct err *e)
{
	*out = NULL;
	if (policy_is_admin(who))
		return ERR_OK;
	struct buf b;
	buf_init(&b, USER_SET_CAP);
	buf_addc(&b, ',');
	char after[24] = "";
	enum err_code rc = ERR_OK;
	for (;;) {
		struct page pg = { .after = *after ? after : NULL, .limit = USER_PAGE };
		struct user *u = NULL;
		size_t n = 0;
		if ((rc = st->account->list(st, pg, &u, &n, e)))
			break;
		for (size_t i = 0; i < n && !rc; i++) {
			struct grant *g = NULL;
			size_t ng = 0;
			if ((rc = st->account->grants(st, u[i].id, &g, &ng, e)))
				break;
			if (policy_can_oversee_account(st, who, u[i].id, g, ng)) {
				buf_add_i64(&b, u[i].id);
				buf_addc(&b, ',');
			}
			free(g);
		}
		if (n)
			snprintf(after, sizeof(after), "%lld", (long long)u[n - 1].id);
		free(u);
		if (rc || n < USER_PAGE)
			break;
	}
	if (!rc && b.overflow)
		rc = err_set(e, ERR_INTERNAL, NULL, "账号过多");
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*out = buf_detach(&b, NULL);
	return ERR_OK;
}

static int64_t day_start_ms(int32_t day)
{
	return (int64_t)day * 86400000LL - SHANGHAI_OFFSET_MS;
}

enum err_code online_signins(struct store *st, const struct principal *who,
			     const struct online_signin_query *q, struct page pg,
			     struct signin_rec **out, size_t *out_n, struct err *e)
{
	*out = NULL;
	*out_n = 0;
	if (!policy_can_oversee_sessions(who))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员可以查看登录日志");
	char *set = NULL;
	enum err_code rc;
	if ((rc = st->ops->begin_read(st, e)))
		return rc;
	if ((rc = overseen_set(st, who, &set, e)))
		goto out;
	struct signin_filter f = {
		.user_id = q->user_id, .user_in = set, .result = q->result,
		.from_ms = q->has_from ? day_start_ms(q->from_day) : 0,
		.to_ms = q->has_to ? day_start_ms(q->to_day + 1) : 0,
	};
	rc = st->signin->list(st, &f, pg, out, out_n, e);
out:
	st->ops->rollback(st);
	free(set);
	return rc;
}

enum err_code online_sessions(struct store *st, const struct principal *who, int mine,
			      int64_t user_id, int64_t offset, int limit,
			      struct session_view **out, size_t *out_n, struct err *e)
{
	*out = NULL;
	*out_n = 0;
	if (!mine && !policy_can_oversee_sessions(who))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员可以查看在线用户");
	char *set = NULL;
	enum err_code rc;
	if ((rc = st->ops->begin_read(st, e)))
		return rc;
	if (mine)
		user_id = who->user_id;
	else if ((rc = overseen_set(st, who, &set, e)))
		goto out;
	int64_t now = date_now_ms();
	rc = st->session->list(st, user_id, set, now - SESSION_IDLE_MS, now - SESSION_MAX_MS,
			       offset, limit, out, out_n, e);
out:
	st->ops->rollback(st);
	free(set);
	return rc;
}

/* What the audit keeps of an ended session (never its token or hash). */
static char *session_json(const struct session *s)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_adds(&b, "{\"id\":");
	buf_json_str(&b, s->public_id);
	buf_adds(&b, ",\"user_id\":");
	buf_add_i64(&b, s->user_id);
	buf_adds(&b, ",\"client_ip\":");
	buf_json_str(&b, s->client_ip);
	buf_adds(&b, ",\"user_agent\":");
	buf_json_str(&b, s->user_agent);
	buf_adds(&b, "}");
	return buf_detach(&b, NULL);
}

/* Inside the write: the session as it is now, if who may end it. */
static enum err_code load_endable(struct store *st, const struct principal *who,
				  const char *public_id, int mine, struct session *s,
				  struct err *e)
{
	enum err_code rc = st->session->get_public(st, public_id, s, e);
	if (rc)
		return rc;
	int64_t now = date_now_ms();
	int visible = now - s->last_seen_ms <= SESSION_IDLE_MS &&
		      now - s->created_at_ms <= SESSION_MAX_MS;
	if (visible && mine) {
		visible = s->user_id == who->user_id;
	} else if (visible) {
		struct grant *g = NULL;
		size_t n = 0;
		if ((rc = st->account->grants(st, s->user_id, &g, &n, e)))
			return rc;
		visible = policy_can_oversee_account(st, who, s->user_id, g, n);
		free(g);
	}
	if (!visible)
		return err_set(e, ERR_NOT_FOUND, NULL, "会话不存在");
	if (strcmp(s->token_hash, who->session_hash) == 0)
		return err_tag(e, ERR_INVALID, "current_session", NULL,
			       "不能在这里结束当前会话，请使用“退出登录”");
	return ERR_OK;
}

enum err_code online_end_session(struct store *st, const struct principal *who,
				 const char *public_id, int mine, struct err *e)
{
	if (!mine && !policy_can_oversee_sessions(who))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员可以强制下线");
	struct session s;
	char *before = NULL;
	enum err_code rc;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = load_endable(st, who, public_id, mine, &s, e)))
		goto out;
	before = session_json(&s);
	if ((rc = st->session->delete(st, s.token_hash, e)) ||
	    (rc = audit_record_json(st, who, mine ? "session.revoke" : "session.force_end",
				    "session", s.user_id, before, NULL, e)) ||
	    (rc = st->ops->commit(st, e)))
		goto out;
out:
	if (rc)
		st->ops->rollback(st);
	free(before);
	return rc;
}
