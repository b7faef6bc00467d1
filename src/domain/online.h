/*
 * online.h - sign-ins and live sessions as people see them: the sign-in
 * log (登录日志) and live sessions (在线用户) of the accounts an
 * administrator oversees (policy_can_oversee_account), ending one of them
 * at once (强制下线), and every account's own sessions (我的会话).
 *
 * A session is named by its public id (store_session.h), never by its
 * token or the token's hash. A session or account outside who's view
 * answers as a missing one. Ending a session deletes it inside one write
 * transaction with its audit entry; the next request with its cookie is
 * refused (401), exactly as after signing out.
 */
#ifndef LJ_ONLINE_H
#define LJ_ONLINE_H

#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_session.h"
#include "store/store_signin.h"

/* Filters of the sign-in log: zero / NULL members do not filter. Days are
 * Asia/Shanghai dates, both ends included. */
struct online_signin_query {
	int64_t user_id;
	const char *result;      /* "success" or "failure" */
	int32_t from_day, to_day;
	int has_from, has_to;
};

/* One page of the sign-in log that who may see, newest first; *out is
 * malloc'd (free()). */
enum err_code online_signins(struct store *st, const struct principal *who,
			     const struct online_signin_query *q, struct page pg,
			     struct signin_rec **out, size_t *out_n, struct err *e);
/* Live sessions, most recently used first: who's own (mine), or those of
 * the accounts who oversees (user_id 0: all of them). offset rows are
 * skipped. *out is malloc'd (free()). */
enum err_code online_sessions(struct store *st, const struct principal *who, int mine,
			      int64_t user_id, int64_t offset, int limit,
			      struct session_view **out, size_t *out_n, struct err *e);
/* Ends the live session public_id: who's own (mine), or one of an account
 * who oversees. The session of the request itself is refused (ERR_INVALID:
 * sign out instead). Audited as session.revoke (own) or session.force_end. */
enum err_code online_end_session(struct store *st, const struct principal *who,
				 const char *public_id, int mine, struct err *e);

#endif
