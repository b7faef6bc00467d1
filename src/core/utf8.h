/* utf8.h - strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). */
#ifndef LJ_UTF8_H
#define LJ_UTF8_H
#include <stddef.h>

/* 1 if s[0..n) is valid UTF-8 with no NUL byte, else 0. */
int utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_chars(const char *s);

/* Copies at most size-1 bytes of valid UTF-8 src into dst without splitting
 * a character; always NUL-terminates (size >= 1). Returns dst. */
char *utf8_copy_trunc(char *dst, size_t size, const char *src);

#endif
