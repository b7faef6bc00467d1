/*
 * store_session.h - login sessions and login throttling in the store.
 *
 * Kept apart from accounts: nothing here joins other tables, so the table
 * can later live in a database of its own.
 */
#ifndef LJ_STORE_SESSION_H
#define LJ_STORE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define SESSION_PUBLIC_ID_CHARS 24
#define SESSION_CLIENT_IP_BYTES 64
/* A browser's User-Agent is kept to this many characters. */
#define SESSION_USER_AGENT_MAX_CHARS 200

struct session {
	char token_hash[65];
	int64_t user_id;
	char csrf_token[48];
	int64_t created_at_ms;
	int64_t last_seen_ms;
	/* Shown to people: an opaque random id, the address and browser. */
	char public_id[SESSION_PUBLIC_ID_CHARS + 1];
	char client_ip[SESSION_CLIENT_IP_BYTES];
	char user_agent[TEXT_BYTES(SESSION_USER_AGENT_MAX_CHARS)];
};

/* A live session as the session lists show it (no token, no hash). */
struct session_view {
	char public_id[SESSION_PUBLIC_ID_CHARS + 1];
	int64_t user_id;
	int64_t created_at_ms;
	int64_t last_seen_ms;
	char client_ip[SESSION_CLIENT_IP_BYTES];
	char user_agent[TEXT_BYTES(SESSION_USER_AGENT_MAX_CHARS)];
};

struct store_session_ops {
	enum err_code (*insert)(struct store *st, const struct session *s, struct err *e);
	enum err_code (*get)(struct store *st, const char *token_hash, struct session *out,
			     struct err *e);
	enum err_code (*touch)(struct store *st, const char *token_hash, int64_t now_ms,
			       struct err *e);
	enum err_code (*delete)(struct store *st, const char *token_hash, struct err *e);
	enum err_code (*delete_user)(struct store *st, int64_t user_id, struct err *e);
	enum err_code (*purge)(struct store *st, int64_t older_than_ms, struct err *e);
	enum err_code (*failure_add)(struct store *st, const char *key, int64_t at_ms,
				     struct err *e);
	enum err_code (*failure_count)(struct store *st, const char *key, int64_t since_ms,
				       int64_t *out, struct err *e);
	enum err_code (*failure_clear)(struct store *st, const char *key, struct err *e);
	/* Live-session lists (在线用户, 我的会话): sessions last used at or after
	 * seen_since_ms and opened at or after created_since_ms, newest use
	 * first, of user_id (0: any) among user_in (",3,7," or NULL: any);
	 * offset rows skipped. */
	enum err_code (*list)(struct store *st, int64_t user_id, const char *user_in,
			      int64_t seen_since_ms, int64_t created_since_ms, int64_t offset,
			      int limit, struct session_view **out, size_t *out_n, struct err *e);
	/* The session with this public id ("会话不存在" when none). */
	enum err_code (*get_public)(struct store *st, const char *public_id, struct session *out,
				    struct err *e);
};

#endif
