/*
 * uscc.h - the unified social credit code (统一社会信用代码, GB 32100-2015)
 * of an enterprise or other organisation: validation and construction.
 *
 * Invariants
 *  - A code is 18 characters from the 31-character alphabet
 *    0-9 A-H J-N P-R T-U W-Y (no I, O, Z, S, V), upper case:
 *      1      registration department (登记管理部门码: 1 机构编制, 5 民政,
 *             9 工商, Y 其他 ...)
 *      2      organisation category (机构类别码)
 *      3-8    administrative division code (登记管理机关行政区划码), 6 digits
 *      9-17   organisation code (组织机构代码, GB 11714): 8 characters and
 *             its own check character (0-9 or X) as the 9th
 *      18     check character over the first 17 (GB 32100 §5, mod 31)
 *  - Department and category are not checked against the list of codes in
 *    use (new ones get issued; a wrong one still fails the check character
 *    only if mistyped), only against the alphabet.
 *  - Validation is strict: upper case, no blanks. uscc_normalize() makes
 *    user input (lower case, blanks around) strict first; store the
 *    normalised form, so UNIQUE catches the same code written twice.
 *  - Nothing allocates; buffers belong to the caller.
 */
#ifndef LJ_DOMAIN_USCC_H
#define LJ_DOMAIN_USCC_H

#include <stddef.h>

#include "core/err.h"

#define USCC_LEN 18
#define USCC_SIZE (USCC_LEN + 1)

/* Copies s into out with surrounding ASCII blanks removed and a-z raised to
 * A-Z; nothing else changes (so a bad code stays bad). Returns 0, or -1
 * when the result would not fit out (then out holds "" ). */
int uscc_normalize(const char *s, char *out, size_t out_size);

/* Checks a code; the error (field "uscc") says which rule failed, each with
 * its own stable tag and Chinese message:
 *   uscc_length     "统一社会信用代码应为18位"
 *   uscc_char       "统一社会信用代码含有非法字符（不使用I、O、Z、S、V）" or,
 *                   for a non-digit in positions 3-8, "…第3至8位应为行政区划代码"
 *   uscc_org_check  "统一社会信用代码中的组织机构代码校验位错误"
 *   uscc_check      "统一社会信用代码校验位错误"
 * all ERR_INVALID. */
enum err_code uscc_validate(const char *code, struct err *e);

/* The check character (18th) for the first 17 characters of s, or '\0'
 * when one of them is outside the alphabet. */
char uscc_check_char(const char *s);

/* The GB 11714 check character ('0'-'9' or 'X') of the 8-character
 * organisation code body s (digits and A-Z), or '\0' for another character. */
char uscc_org_check_char(const char *s);

/* Builds a valid code from a prefix (for the demo data and tests):
 *  - 16 characters: department, category, division, 8 organisation-code
 *    characters; the organisation check and the final check are computed;
 *  - 17 characters: as above with the organisation check given, which must
 *    be right.
 * out receives the 18 characters and a NUL. Errors as uscc_validate (a
 * wrong length says "统一社会信用代码前缀应为16或17位"). */
enum err_code uscc_make(const char *prefix, char out[USCC_SIZE], struct err *e);

#endif
