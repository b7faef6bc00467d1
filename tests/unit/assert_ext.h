/*
 * assert_ext.h - small helpers shared by the unit tests: assertions on
 * fields that are not NUL-terminated (csv), heap copies of exactly n bytes
 * (so that AddressSanitizer flags any read past the end), and flat
 * temporary directories under /tmp for tests that need files.
 *
 * Include after <cmocka.h>. Everything here is static inline so that a test
 * that uses only part of it still builds with -Werror.
 */
#ifndef LJ_TEST_ASSERT_EXT_H
#define LJ_TEST_ASSERT_EXT_H

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Compares s[0..len) with the C string want, printing both on failure. */
static inline void assert_span_equal_at(const char *s, size_t len, const char *want,
					const char *file, int line)
{
	char *copy = malloc(len + 1);

	if (!copy)
		abort();
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	if (strlen(copy) != len) {
		free(copy);
		fail_msg("%s:%d: span holds a NUL byte", file, line);
	}
	_assert_string_equal(copy, want, file, line);
	free(copy);
}
#define assert_span_equal(s, len, want) assert_span_equal_at((s), (len), (want), __FILE__, __LINE__)

/* A heap copy of exactly n bytes, no terminator added (malloc(1) for n = 0). */
static inline char *dup_exact(const void *p, size_t n)
{
	char *c = malloc(n ? n : 1);

	if (!c)
		abort();
	if (n)
		memcpy(c, p, n);
	return c;
}

/* Creates /tmp/lj_unit_XXXXXX; out must hold 32 bytes. */
static inline void tmpdir_make(char *out)
{
	memcpy(out, "/tmp/lj_unit_XXXXXX", sizeof("/tmp/lj_unit_XXXXXX"));
	if (!mkdtemp(out))
		fail_msg("mkdtemp failed");
}

/* Removes the regular files in dir, then dir itself (no subdirectories). */
static inline void tmpdir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512];

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Writes content (strlen bytes) to dir/name, replacing any old file. */
static inline void write_file(const char *dir, const char *name, const char *content)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
	assert_int_equal(fclose(f), 0);
}

#endif
