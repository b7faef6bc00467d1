/* utf8.h - strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). */
#ifndef LJ_UTF8_H
#define LJ_UTF8_H
#include <stddef.h>

/* 1 if s[0..n) is valid UTF-8 with no NUL byte, else 0. */
int utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_chars(const char *s);

#endif
