/* store_sqlite.h - opening the SQLite backend of store.h. */
#ifndef LJ_STORE_SQLITE_H
#define LJ_STORE_SQLITE_H
#include "store/store.h"

enum err_code store_sqlite_open(const char *path, struct store **out, struct err *e);

#endif
