/* banned.h - functions that cause bugs; including this makes their use a compile error. */
#ifndef LJ_BANNED_H
#define LJ_BANNED_H
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
