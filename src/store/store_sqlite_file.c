/*
 * store_sqlite_file.c - what the SQLite connections of one process share
 * per database file (struct sq_file, found by device and inode):
 *
 *  - the write lock. SQLite lets one writer in at a time and makes the
 *    others poll: a connection whose BEGIN IMMEDIATE finds the file locked
 *    sleeps in its busy handler, 1, 2, 5, 10 ... up to 100 ms between
 *    tries, however soon the lock is free again. Under the mixed load of
 *    bench/matters.sh the server threads slept there hundreds of times a
 *    second, and every connection a sleeping thread serves waited with it.
 *    Writers of this process now queue on a mutex taken before BEGIN
 *    IMMEDIATE and released when the transaction ends, and are woken the
 *    moment it is free; the busy handler is left for other processes on
 *    the same file (a second `serve`, the CLI).
 *
 *  - the group sync. SQLite with synchronous=FULL syncs the write-ahead
 *    log inside each COMMIT, holding the write lock: at ~0.3-1 ms a sync on
 *    our disks, the sync was most of what a write cost and writes queued
 *    behind each other's syncs. Connections with a file here run with
 *    synchronous=NORMAL (SQLite syncs the log only at checkpoints), and
 *    sq_commit, after COMMIT and after releasing the write lock, waits in
 *    sq_file_unlock until the log is synced up to its commit: the first
 *    to arrive syncs for every commit made so far, the others wait for
 *    that sync (or the next). A commit is thus on disk before the request
 *    that made it is answered, as with FULL, and one sync serves every
 *    writer that committed meanwhile. A crash can only lose commits nobody
 *    was told about: the log is replayed up to its last synced commit.
 *
 *  - the checkpointer. With SQLite's automatic checkpoint, the commit that
 *    takes the WAL past 1000 pages copies them into the database file and
 *    syncs it, inside the request that made the commit. Here every
 *    connection's WAL hook reports the log's size instead, and a thread of
 *    the file, on its own connection, runs the PASSIVE checkpoint (it
 *    waits for no reader or writer) when the log passed that size.
 *
 *  - the change counter every process on the file shares (the "-lj"
 *    companion file, mapped): see sq_data_version.
 */
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "store/sq_int.h"

#define SHARED_VERSION_BYTES 4096
/* SQLite's own default for the automatic checkpoint (pages of the log) */
#define CHECKPOINT_PAGES 1000
#define CHECKPOINT_INLINE_PAGES (8 * CHECKPOINT_PAGES)
/* as long as the busy timeout a connection waits for another process */
#define WRITE_WAIT_MS 5000

struct sq_file {
	struct sq_file *next;
	dev_t dev;
	ino_t ino;
	int refs;
	char *path;
	pthread_mutex_t write_mu;
	_Atomic uint64_t *version;
	/* the group sync of the write-ahead log (sq_file_unlock) */
	pthread_mutex_t sync_mu;
	pthread_cond_t sync_cv;
	_Atomic uint64_t committed; /* commits made, counted under write_mu */
	uint64_t synced;            /* commits known to be on disk */
	int syncing;                /* a thread is syncing the log for all */
	/* the checkpointer */
	pthread_mutex_t ck_mu;
	pthread_cond_t ck_cv;
	pthread_t ck_thread;
	int ck_started, ck_stop, ck_due;
};

static pthread_mutex_t files_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sq_file *files;

/* The 8 bytes at the start of "<file>-lj", mapped shared. Its value means
 * nothing but "moved"; a missing or stale file is harmless (it is created,
 * and counts on from what it holds). NULL when it cannot be made. */
static _Atomic uint64_t *map_shared_version(const char *path)
{
	char name[4096];
	if ((size_t)snprintf(name, sizeof(name), "%s-lj", path) >= sizeof(name))
		return NULL;
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return NULL;
	struct stat sb;
	void *p = MAP_FAILED;
	if (fstat(fd, &sb) == 0 &&
	    (sb.st_size >= SHARED_VERSION_BYTES || ftruncate(fd, SHARED_VERSION_BYTES) == 0))
		p = mmap(NULL, SHARED_VERSION_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : (_Atomic uint64_t *)p;
}

static void *checkpointer(void *arg)
{
	struct sq_file *f = arg;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		log_error("sqlite: checkpointer: open %s: %s", f->path, db ? sqlite3_errmsg(db) : "?");
		sqlite3_close_v2(db);
		db = NULL;
	}
	if (db) /* this connection commits nothing: no checkpoint of its own */
		sqlite3_wal_autocheckpoint(db, 0);
	pthread_mutex_lock(&f->ck_mu);
	for (;;) {
		while (!f->ck_due && !f->ck_stop)
			pthread_cond_wait(&f->ck_cv, &f->ck_mu);
		if (f->ck_stop)
			break;
		f->ck_due = 0;
		pthread_mutex_unlock(&f->ck_mu);
		if (db) {
			/* a read first: a connection learns the file is in WAL
			 * mode (and opens the log) at its first read */
			sqlite3_exec(db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL);
			int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
			if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
				log_error("sqlite: checkpoint: %s (%d)", sqlite3_errmsg(db), rc);
		}
		pthread_mutex_lock(&f->ck_mu);
	}
	pthread_mutex_unlock(&f->ck_mu);
	sqlite3_close_v2(db);
	return NULL;
}

/* The WAL hook of every connection of the file: runs after each commit,
 * with the log's size in pages. */
static int on_wal(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct sq_file *f = arg;
	if (pages < CHECKPOINT_PAGES)
		return SQLITE_OK;
	/* The log restarts from its start only once a checkpoint copied all of
	 * it; a writer that keeps outrunning the checkpointer makes it grow.
	 * Far past the mark, the committer checkpoints itself, as SQLite's
	 * automatic checkpoint does. */
	if (pages >= CHECKPOINT_INLINE_PAGES) {
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return SQLITE_OK;
	}
	pthread_mutex_lock(&f->ck_mu);
	if (!f->ck_due) {
		f->ck_due = 1;
		pthread_cond_signal(&f->ck_cv);
	}
	pthread_mutex_unlock(&f->ck_mu);
	return SQLITE_OK;
}

struct sq_file *sq_file_attach(struct sq *q, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return NULL; /* SQLite's automatic checkpoint and PRAGMA data_version serve */
	pthread_mutex_lock(&files_mu);
	struct sq_file *f = files;
	while (f && (f->dev != sb.st_dev || f->ino != sb.st_ino))
		f = f->next;
	if (!f) {
		f = calloc(1, sizeof(*f));
		char *p = strdup(path);
		if (!f || !p)
			abort();
		f->dev = sb.st_dev;
		f->ino = sb.st_ino;
		f->path = p;
		pthread_mutex_init(&f->write_mu, NULL);
		pthread_mutex_init(&f->ck_mu, NULL);
		pthread_mutex_init(&f->sync_mu, NULL);
		pthread_cond_init(&f->sync_cv, NULL);
		pthread_cond_init(&f->ck_cv, NULL);
		f->version = map_shared_version(path);
		f->ck_started = pthread_create(&f->ck_thread, NULL, checkpointer, f) == 0;
		f->next = files;
		files = f;
	}
	f->refs++;
	pthread_mutex_unlock(&files_mu);
	if (f->ck_started)
		sqlite3_wal_hook(q->db, on_wal, f);
	return f;
}

void sq_file_detach(struct sq_file *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&files_mu);
	if (--f->refs > 0) {
		pthread_mutex_unlock(&files_mu);
		return;
	}
	struct sq_file **pp = &files;
	while (*pp != f)
		pp = &(*pp)->next;
	*pp = f->next;
	pthread_mutex_unlock(&files_mu);
	if (f->ck_started) {
		pthread_mutex_lock(&f->ck_mu);
		f->ck_stop = 1;
		pthread_cond_signal(&f->ck_cv);
		pthread_mutex_unlock(&f->ck_mu);
		pthread_join(f->ck_thread, NULL);
	}
	if (f->version)
		munmap((void *)f->version, SHARED_VERSION_BYTES);
	pthread_mutex_destroy(&f->write_mu);
	pthread_mutex_destroy(&f->ck_mu);
	pthread_mutex_destroy(&f->sync_mu);
	pthread_cond_destroy(&f->sync_cv);
	pthread_cond_destroy(&f->ck_cv);
	free(f->path);
	free(f);
}

_Atomic uint64_t *sq_file_version(const struct sq_file *f)
{
	return f ? f->version : NULL;
}

int sq_file_lock(struct sq_file *f)
{
	if (!f)
		return 1;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WRITE_WAIT_MS / 1000;
	return pthread_mutex_timedlock(&f->write_mu, &until) == 0;
}

/* Syncs the write-ahead log through q's own handle on it (every
 * connection's handle is the same file). */
static int sync_log(struct sq *q)
{
	sqlite3_file *log = NULL;
	if (sqlite3_file_control(q->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log) != SQLITE_OK ||
	    !log || !log->pMethods)
		return -1;
	return log->pMethods->xSync(log, SQLITE_SYNC_NORMAL) == SQLITE_OK ? 0 : -1;
}

/* Returns once commit number seq is on disk: if no thread is syncing, this
 * one syncs the log for every commit made so far; else it waits for that
 * sync and, if it did not cover seq, syncs next. */
static int group_sync(struct sq_file *f, struct sq *q, uint64_t seq)
{
	pthread_mutex_lock(&f->sync_mu);
	for (;;) {
		if (f->synced >= seq) {
			pthread_mutex_unlock(&f->sync_mu);
			return 0;
		}
		if (!f->syncing)
			break;
		pthread_cond_wait(&f->sync_cv, &f->sync_mu);
	}
	f->syncing = 1;
	/* each commit counted here wrote its frames before it was counted */
	uint64_t upto = atomic_load(&f->committed);
	pthread_mutex_unlock(&f->sync_mu);
	int rc = sync_log(q);
	pthread_mutex_lock(&f->sync_mu);
	f->syncing = 0;
	if (rc == 0 && upto > f->synced)
		f->synced = upto;
	pthread_cond_broadcast(&f->sync_cv);
	pthread_mutex_unlock(&f->sync_mu);
	return rc;
}

int sq_file_unlock(struct sq_file *f, struct sq *q, int committed)
{
	if (!f)
		return 0;
	uint64_t seq = committed ? atomic_fetch_add(&f->committed, 1) + 1 : 0;
	pthread_mutex_unlock(&f->write_mu);
	return committed ? group_sync(f, q, seq) : 0;
}
