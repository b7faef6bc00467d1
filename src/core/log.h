/* log.h - one-line log records to stderr, with a UTC timestamp. Thread safe. */
#ifndef LJ_LOG_H
#define LJ_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* When quiet, log_info prints nothing (tests and CLI tools). */
void log_set_quiet(int quiet);

#endif
