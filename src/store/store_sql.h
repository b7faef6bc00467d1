/* store_sql.h - store ops written once over the thin SQL driver (db.h) and
 * shared by every engine's backend: the connection-level ones here, the
 * areas' tables (sql_<area>_ops) where each backend assembles its store. */
#ifndef LJ_STORE_SQL_H
#define LJ_STORE_SQL_H

#include "store/store.h"
#include "store/store_account.h"
#include "store/store_briefing.h"
#include "store/store_division.h"
#include "store/store_edu.h"
#include "store/store_economy.h"
#include "store/store_inbox.h"
#include "store/store_org.h"
#include "store/store_ledger.h"
#include "store/store_meeting.h"
#include "store/store_rotation.h"
#include "store/store_talent.h"
#include "store/store_audit.h"
#include "store/store_scope.h"
#include "store/store_session.h"
#include "store/store_signin.h"
#include "store/store_matter.h"
#include "store/store_stats.h"

enum err_code sql_meta_get(struct store *st, const char *key, char *out, size_t size,
			   struct err *e);
enum err_code sql_meta_set(struct store *st, const char *key, const char *value,
			   struct err *e);

extern const struct store_division_ops sql_division_ops;
extern const struct store_account_ops sql_account_ops;
extern const struct store_rotation_ops sql_rotation_ops;
extern const struct store_inbox_ops sql_inbox_ops;
extern const struct store_org_ops sql_org_ops;
extern const struct store_talent_ops sql_talent_ops;
extern const struct store_edu_ops sql_edu_ops;
extern const struct store_economy_ops sql_economy_ops;
extern const struct store_meeting_ops sql_meeting_ops;
extern const struct store_briefing_ops sql_briefing_ops;
extern const struct store_ledger_ops sql_ledger_ops;
extern const struct store_session_ops sql_session_ops;
extern const struct store_signin_ops sql_signin_ops;
extern const struct store_scope_ops sql_scope_ops;
extern const struct store_audit_ops sql_audit_ops;

/* The writes made between on=1 and on=0 are bookkeeping that moves no
 * answer-cache generation (store.h: the sessions' idle-clock refresh). An
 * engine that finds the changed tables by itself (SQLite's pre-update hook,
 * store_sqlite_gen.c) skips their rows; PostgreSQL's triggers leave the
 * idle clock out by its column (sql/pg/0007), so it ignores the call.
 * Defined in store_sqlite.c. */
void sql_bookkeeping(struct store *st, int on);
extern const struct store_matter_ops sql_matter_ops;
extern const struct store_stats_ops sql_stats_ops;

#endif
