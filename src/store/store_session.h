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

struct session {
	char token_hash[65];
	int64_t user_id;
	char csrf_token[48];
	int64_t created_at_ms;
	int64_t last_seen_ms;
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
};

#endif
