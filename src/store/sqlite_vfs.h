/* sqlite_vfs.h - the "lj" VFS: SQLite's unix VFS with one lasting memory
 * map of each database file per process (sqlite_vfs.c). */
#ifndef LJ_SQLITE_VFS_H
#define LJ_SQLITE_VFS_H

#define SQLITE_VFS_LJ "lj"

/* Registers the VFS (once); its name, or NULL if it could not be. */
const char *sqlite_vfs_lj(void);

#endif
