/*
 * sqlite_vfs.c - "lj", a thin layer over SQLite's unix VFS that keeps one
 * memory map of each database file per process, for as long as the process
 * has it open.
 *
 * Why: in WAL mode a connection that begins a read after anyone's commit
 * throws its whole page cache away (pager.c, pagerBeginReadTransaction:
 * pager_reset), and with SQLite's own memory map it also unmaps the file
 * (the unix VFS's xUnfetch(0) is munmap). Under writes every request then
 * read each page again: with no map, one pread (a system call and a 4 KiB
 * copy) per page, ~250 per uncached matters list; with SQLite's map, one
 * page fault per page after each remap. Here xUnfetch keeps the map, and
 * every connection of the process shares it: a page the kernel already
 * has is read straight from memory, however often the page caches are
 * reset. Pages written since the last checkpoint still come from the log
 * (SQLite reads those itself), and a checkpoint's pwrite into the file is
 * seen through the shared map at once.
 *
 * The map is read-only (SQLite never writes through it) and reserves more
 * address space than the file has (MAP_SHARED past the end is allowed, and
 * costs nothing until touched); xFetch hands out only pages inside the
 * file's size, checked again (fstat) when a page past the size last seen
 * is asked for. The file must not shrink while mapped: lianjian never
 * truncates its database (no VACUUM, no auto_vacuum).
 *
 * Everything else goes to the unix VFS unchanged; files other than a main
 * database (the log, journals) are the unix VFS's own files.
 */
#include "store/sqlite_vfs.h"

#include <sqlite3.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* address space reserved per database file */
#define MAP_RESERVE ((sqlite3_int64)64 << 30)

struct map {
	struct map *next;
	dev_t dev;
	ino_t ino;
	int fd;
	char *base;                /* MAP_RESERVE bytes, or NULL: no map */
	_Atomic sqlite3_int64 size; /* of the file, as last seen (it only grows) */
};

struct lj_file {
	sqlite3_file base;
	struct map *map;
	sqlite3_file *real;        /* follows this struct in the same block */
};

static sqlite3_vfs *unix_vfs;
static sqlite3_vfs lj_vfs;
static pthread_mutex_t maps_mu = PTHREAD_MUTEX_INITIALIZER;
static struct map *maps;

#define REAL(f) (((struct lj_file *)(f))->real)

/* The map of the file at name, made on first use. The descriptor it is
 * made from stays open, and the map stays, for the life of the process:
 * closing any descriptor of a file drops every POSIX lock the process
 * holds on it (SQLite's own connections' included; the unix VFS defers its
 * closes for that reason), so this one is never closed. A process opens
 * few database files; each costs one descriptor and address space. */
static struct map *map_get(const char *name)
{
	struct stat sb;
	if (stat(name, &sb) != 0)
		return NULL;
	pthread_mutex_lock(&maps_mu);
	struct map *m = maps;
	while (m && (m->dev != sb.st_dev || m->ino != sb.st_ino))
		m = m->next;
	if (!m) {
		int fd = open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			pthread_mutex_unlock(&maps_mu);
			return NULL;
		}
		(void)fstat(fd, &sb); /* the file opened; stat's answer if this fails */
		m = calloc(1, sizeof(*m));
		if (!m)
			abort();
		void *p = mmap(NULL, (size_t)MAP_RESERVE, PROT_READ, MAP_SHARED, fd, 0);
		m->base = p == MAP_FAILED ? NULL : p;
		m->fd = fd;
		m->dev = sb.st_dev;
		m->ino = sb.st_ino;
		atomic_init(&m->size, (sqlite3_int64)sb.st_size);
		m->next = maps;
		maps = m;
	}
	pthread_mutex_unlock(&maps_mu);
	return m;
}

/* ---- the main database file's methods: the unix VFS's, but the map ---- */

static int x_close(sqlite3_file *f)
{
	struct lj_file *p = (struct lj_file *)f;
	int rc = p->real->pMethods ? p->real->pMethods->xClose(p->real) : SQLITE_OK;
	p->map = NULL; /* it stays: see map_get */
	return rc;
}

static int x_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}

static int x_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}

static int x_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int x_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int x_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int x_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int x_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int x_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int x_file_control(sqlite3_file *f, int op, void *arg)
{
	/* the map size SQLite asks for is noted by its pager (which then uses
	 * xFetch); the unix VFS must not map the file itself */
	if (op == SQLITE_FCNTL_MMAP_SIZE)
		return SQLITE_OK;
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int x_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int x_device_characteristics(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int x_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int x_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void x_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int x_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int x_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	struct lj_file *p = (struct lj_file *)f;
	struct map *m = p->map;
	*pp = NULL; /* SQLite then reads the page with xRead */
	if (!m || !m->base || off < 0 || n <= 0 || off + n > MAP_RESERVE)
		return SQLITE_OK;
	sqlite3_int64 size = atomic_load_explicit(&m->size, memory_order_relaxed);
	if (off + n > size) {
		/* the file grew (a checkpoint) since the size was last seen */
		sqlite3_int64 now = 0;
		if (p->real->pMethods->xFileSize(p->real, &now) == SQLITE_OK && now > size) {
			/* keep the larger of two racing updates */
			while (!atomic_compare_exchange_weak(&m->size, &size, now) && size < now)
				;
			size = now;
		}
	}
	if (off + n <= size)
		*pp = m->base + off;
	return SQLITE_OK;
}

static int x_unfetch(sqlite3_file *f, sqlite3_int64 off, void *page)
{
	/* the map stays: see the top of this file */
	(void)f;
	(void)off;
	(void)page;
	return SQLITE_OK;
}

static const sqlite3_io_methods lj_methods = {
	3,
	x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
	x_check_reserved, x_file_control, x_sector_size, x_device_characteristics,
	x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap, x_fetch, x_unfetch,
};

/* ---- the VFS ---- */

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	(void)vfs;
	if (!(flags & SQLITE_OPEN_MAIN_DB) || !name)
		return unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);
	struct lj_file *p = (struct lj_file *)f;
	memset(p, 0, sizeof(*p));
	p->real = (sqlite3_file *)(p + 1);
	int rc = unix_vfs->xOpen(unix_vfs, name, p->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		p->base.pMethods = NULL;
		return rc;
	}
	p->map = map_get(name);
	p->base.pMethods = &lj_methods;
	return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return unix_vfs->xDelete(unix_vfs, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return unix_vfs->xAccess(unix_vfs, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xFullPathname(unix_vfs, name, n, out);
}

static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return unix_vfs->xDlOpen(unix_vfs, name);
}

static void v_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	unix_vfs->xDlError(unix_vfs, n, msg);
}

static void (*v_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return unix_vfs->xDlSym(unix_vfs, h, sym);
}

static void v_dl_close(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	unix_vfs->xDlClose(unix_vfs, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xRandomness(unix_vfs, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return unix_vfs->xSleep(unix_vfs, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return unix_vfs->xCurrentTime(unix_vfs, out);
}

static int v_get_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xGetLastError(unix_vfs, n, out);
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return unix_vfs->xCurrentTimeInt64(unix_vfs, out);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registered;

static void do_register(void)
{
	unix_vfs = sqlite3_vfs_find("unix");
	if (!unix_vfs || unix_vfs->iVersion < 2)
		return;
	lj_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct lj_file) + unix_vfs->szOsFile,
		.mxPathname = unix_vfs->mxPathname,
		.zName = SQLITE_VFS_LJ,
		.xOpen = v_open,
		.xDelete = v_delete,
		.xAccess = v_access,
		.xFullPathname = v_full_pathname,
		.xDlOpen = v_dl_open,
		.xDlError = v_dl_error,
		.xDlSym = v_dl_sym,
		.xDlClose = v_dl_close,
		.xRandomness = v_randomness,
		.xSleep = v_sleep,
		.xCurrentTime = v_current_time,
		.xGetLastError = v_get_last_error,
		.xCurrentTimeInt64 = v_current_time_int64,
	};
	registered = sqlite3_vfs_register(&lj_vfs, 0) == SQLITE_OK;
}

const char *sqlite_vfs_lj(void)
{
	pthread_once(&once, do_register);
	return registered ? SQLITE_VFS_LJ : NULL;
}
