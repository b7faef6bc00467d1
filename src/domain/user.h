/*
 * user.h - accounts and their grants: creation, changes and who may make them.
 *
 * Deployment admins manage every account. Alliance and county admins manage
 * accounts within their scope: they may grant roles other than admin and
 * alliance_admin, on scopes inside their own (their county, or their
 * alliance and its member counties, units and organisations); they see the
 * accounts that hold at least one grant inside their scope.
 */
#ifndef LJ_USER_H
#define LJ_USER_H

#include <stddef.h>

#include "auth/principal.h"
#include "core/err.h"
#include "store/store.h"
#include "store/store_account.h"

#define USER_MAX_GRANTS 16

struct user_input {
	const char *username;
	const char *password;        /* plain text; hashed here */
	const char *display_name;
	int has_person;
	int64_t person_id;           /* 0: unlink */
	int has_grants;
	struct grant grants[USER_MAX_GRANTS];
	size_t n_grants;
	int has_disabled;
	int disabled;
};

/* The principal of command-line tools: a deployment admin named "cli". */
void user_cli_principal(struct principal *out);

enum err_code user_create(struct store *st, const struct principal *who,
			  const struct user_input *in, struct user *out, struct err *e);
enum err_code user_update(struct store *st, const struct principal *who, int64_t id,
			  const struct user_input *in, struct user *out, struct err *e);
enum err_code user_set_password(struct store *st, const struct principal *who,
				const char *username, const char *password, struct err *e);
enum err_code user_set_disabled(struct store *st, const struct principal *who,
				const char *username, int disabled, struct err *e);
/* 1 when who may see or manage the account with these grants. */
int user_manageable(struct store *st, const struct principal *who, int64_t user_id,
		    const struct grant *g, size_t n);
/* Validates and checks that who may hand out grant g (exists, in scope). */
enum err_code user_check_grant(struct store *st, const struct principal *who,
			       const struct grant *g, struct err *e);

#endif
