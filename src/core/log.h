/* log.h - one-line log records to stderr, with a UTC timestamp. Thread safe. */
#ifndef LJ_LOG_H
#define LJ_LOG_H

#include <stdint.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The access-log record of one request (an INFO record):
 * "METHOD PATH STATUS 1.3ms user=NAME[ error=CODE]". */
void log_access(const char *method, const char *path, int status, int64_t dur_us,
		const char *user, const char *error_code);
/* When quiet, log_info prints nothing (tests and CLI tools). */
void log_set_quiet(int quiet);
/* Server mode: records are batched and flushed every 250 ms, at 32 KiB, on
 * each error, and by log_stop_buffered() (see log.c). */
void log_start_buffered(void);
void log_stop_buffered(void);

#endif
