/*
 * log.c - stderr logging, one line per record.
 *
 * Unbuffered by default: each record is one write(2), so lines never
 * interleave. A server calls log_start_buffered(): records then collect in
 * one buffer under a mutex and reach stderr when it holds 32 KiB, every
 * 250 ms (a small flusher thread), on every error record, and at
 * log_stop_buffered() — so a busy server does not pay a system call per
 * request, and a quiet one shows its lines within a quarter second.
 */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_BUF_BYTES (32 * 1024)

static int log_quiet;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static char pending[LOG_BUF_BYTES];
static size_t pending_len;
static int buffered, stopping;
static pthread_t flusher;

void log_set_quiet(int quiet) { log_quiet = quiet; }

static void write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, p, n);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* Caller holds mu. */
static void flush_locked(void)
{
	write_all(pending, pending_len);
	pending_len = 0;
}

static void *flush_loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&cv, &mu, &until);
		flush_locked();
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void log_start_buffered(void)
{
	pthread_mutex_lock(&mu);
	if (!buffered) {
		buffered = 1;
		stopping = 0;
		if (pthread_create(&flusher, NULL, flush_loop, NULL) != 0)
			buffered = 0;
	}
	pthread_mutex_unlock(&mu);
}

void log_stop_buffered(void)
{
	pthread_mutex_lock(&mu);
	if (!buffered) {
		pthread_mutex_unlock(&mu);
		return;
	}
	stopping = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(flusher, NULL);
	pthread_mutex_lock(&mu);
	flush_locked();
	buffered = 0;
	pthread_mutex_unlock(&mu);
}

/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ LEVEL " into line; returns its length.
 * The date and time to the second are formatted once a second per thread
 * (gmtime_r takes glibc's time-zone lock, shared by all threads). */
static size_t put_prefix(char *line, size_t size, const char *level)
{
	static _Thread_local time_t stamp_sec = -1;
	static _Thread_local char stamp[64];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != stamp_sec) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		stamp_sec = ts.tv_sec;
	}
	int n = snprintf(line, size, "%s.%03ldZ %s ", stamp, ts.tv_nsec / 1000000, level);
	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

/* Ends the record in line (len bytes, room for one more) and writes or
 * queues it. */
static void emit(char *line, size_t len, int urgent)
{
	line[len++] = '\n';
	pthread_mutex_lock(&mu);
	if (!buffered) {
		pthread_mutex_unlock(&mu);
		write_all(line, len);
		return;
	}
	if (pending_len + len > sizeof(pending))
		flush_locked();
	memcpy(pending + pending_len, line, len);
	pending_len += len;
	if (urgent)
		flush_locked();
	pthread_mutex_unlock(&mu);
}

static void log_v(const char *level, int urgent, const char *fmt, va_list ap)
{
	char line[2048];
	size_t n = put_prefix(line, sizeof(line), level);
	int m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	size_t len = n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	emit(line, len, urgent);
}

/* Appends s (at most up to end - 1). */
static char *put_str(char *p, const char *end, const char *s)
{
	while (*s && p < end - 1)
		*p++ = *s++;
	return p;
}

static char *put_uint(char *p, const char *end, unsigned long long v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < (int)sizeof(tmp));
	while (n && p < end - 1)
		*p++ = tmp[--n];
	return p;
}

void log_access(const char *method, const char *path, int status, int64_t dur_us,
		const char *user, const char *error_code)
{
	if (log_quiet)
		return;
	/* the access line of every request, built without printf (it is on the
	 * path of each answer): "GET /path 200 1.3ms user=x[ error=code]" */
	char line[2048];
	const char *end = line + sizeof(line) - 1;
	char *p = line + put_prefix(line, sizeof(line), "INFO");
	p = put_str(p, end, method);
	p = put_str(p, end, " ");
	p = put_str(p, end, path);
	p = put_str(p, end, " ");
	p = put_uint(p, end, status < 0 ? 0 : (unsigned)status);
	p = put_str(p, end, " ");
	unsigned long long tenths = dur_us < 0 ? 0 : ((unsigned long long)dur_us + 50) / 100;
	p = put_uint(p, end, tenths / 10);
	p = put_str(p, end, ".");
	p = put_uint(p, end, tenths % 10);
	p = put_str(p, end, "ms user=");
	p = put_str(p, end, user);
	if (error_code) {
		p = put_str(p, end, " error=");
		p = put_str(p, end, error_code);
	}
	emit(line, (size_t)(p - line), 0);
}

void log_info(const char *fmt, ...)
{
	if (log_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_v("INFO", 0, fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("ERROR", 1, fmt, ap);
	va_end(ap);
}
