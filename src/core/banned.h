/*
 * banned.h - functions that cause bugs; their use is a compile error.
 *
 * The Makefile (and fuzz/run.sh) force this header into every compilation
 * unit with -include, before the unit's own includes. So that the system
 * headers still declare these functions, it includes the headers that
 * declare them first and only then redefines the names; the feature macros
 * come from the command line (-D_DEFAULT_SOURCE), never from a source file.
 * Use snprintf, memcpy, strtok_r/strsep and localtime_r instead.
 */
#ifndef LJ_BANNED_H
#define LJ_BANNED_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#undef strcpy
#define strcpy(...) BANNED_strcpy
#undef sprintf
#define sprintf(...) BANNED_sprintf
#undef strtok
#define strtok(...) BANNED_strtok
#undef localtime
#define localtime(...) BANNED_localtime
#undef gets
#define gets(...) BANNED_gets
#endif
