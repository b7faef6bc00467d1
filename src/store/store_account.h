/*
 * store_account.h - accounts (users) and their grants in the store.
 *
 * Sessions live apart (store_session.h): they may move to another database.
 * List ops return malloc'd arrays the caller frees with free().
 */
#ifndef LJ_STORE_ACCOUNT_H
#define LJ_STORE_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define USERNAME_MAX_CHARS 32
#define DISPLAY_NAME_MAX_CHARS NAME_MAX_CHARS

struct user {
	int64_t id;
	char username[NAME_MAX_BYTES];
	char password_hash[160];
	char display_name[TEXT_BYTES(DISPLAY_NAME_MAX_CHARS)];
	int64_t person_id;      /* 0 when not linked */
	int disabled;
	int64_t created_at_ms;
	int64_t updated_at_ms;
};

struct grant {
	char role[32];
	char scope_type[16];
	char scope_id[32];      /* "" for deployment */
};

struct store_account_ops {
	enum err_code (*insert)(struct store *st, struct user *u, struct err *e);
	enum err_code (*update)(struct store *st, const struct user *u, struct err *e);
	enum err_code (*get)(struct store *st, int64_t id, struct user *out, struct err *e);
	enum err_code (*get_by_name)(struct store *st, const char *username, struct user *out,
				     struct err *e);
	enum err_code (*list)(struct store *st, struct page pg, struct user **out, size_t *out_n,
			      struct err *e);
	enum err_code (*grants)(struct store *st, int64_t user_id, struct grant **out,
				size_t *out_n, struct err *e);
	enum err_code (*grants_replace)(struct store *st, int64_t user_id, const struct grant *g,
					size_t n, struct err *e);
};

#endif
