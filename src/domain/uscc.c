/* uscc.c - 统一社会信用代码 checks and construction (see uscc.h). */
#include "domain/uscc.h"

#include <string.h>

#include "core/banned.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 31 */
static const int code_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

#define FIELD "uscc"

/* Value of c in the GB 32100 alphabet, or -1. */
static int code_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(alphabet, c);
	return p ? (int)(p - alphabet) : -1;
}

/* Value of c in GB 11714: digits 0-9, A-Z 10-35; -1 otherwise. */
static int org_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

int uscc_normalize(const char *s, char *out, size_t out_size)
{
	size_t a = 0, b = strlen(s);

	if (out_size == 0)
		return -1;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (b - a >= out_size) {
		out[0] = '\0';
		return -1;
	}
	for (size_t i = a; i < b; i++)
		out[i - a] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	out[b - a] = '\0';
	return 0;
}

char uscc_check_char(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = code_value(s[i]);
		if (v < 0)
			return '\0';
		sum += v * code_weights[i];
	}
	return alphabet[(31 - sum % 31) % 31];
}

char uscc_org_check_char(const char *s)
{
	int sum = 0, c;

	for (int i = 0; i < 8; i++) {
		int v = org_value(s[i]);
		if (v < 0)
			return '\0';
		sum += v * org_weights[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

/* Alphabet and division digits of the first n characters of s. */
static enum err_code check_chars(const char *s, size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++)
		if (code_value(s[i]) < 0)
			return err_tag(e, ERR_INVALID, "uscc_char", FIELD,
				       "统一社会信用代码含有非法字符（不使用I、O、Z、S、V）");
	for (size_t i = 2; i < 8 && i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return err_tag(e, ERR_INVALID, "uscc_char", FIELD,
				       "统一社会信用代码第3至8位应为行政区划代码（6位数字）");
	return ERR_OK;
}

static enum err_code check_org(const char *s, struct err *e)
{
	if (uscc_org_check_char(s + 8) != s[16])
		return err_tag(e, ERR_INVALID, "uscc_org_check", FIELD,
			       "统一社会信用代码中的组织机构代码校验位错误");
	return ERR_OK;
}

enum err_code uscc_validate(const char *code, struct err *e)
{
	enum err_code rc;

	if (!code || strlen(code) != USCC_LEN)
		return err_tag(e, ERR_INVALID, "uscc_length", FIELD, "统一社会信用代码应为18位");
	if ((rc = check_chars(code, USCC_LEN, e)) || (rc = check_org(code, e)))
		return rc;
	if (uscc_check_char(code) != code[17])
		return err_tag(e, ERR_INVALID, "uscc_check", FIELD, "统一社会信用代码校验位错误");
	return ERR_OK;
}

enum err_code uscc_make(const char *prefix, char out[USCC_SIZE], struct err *e)
{
	enum err_code rc;
	size_t n = prefix ? strlen(prefix) : 0;
	char tmp[USCC_SIZE];

	if (n != 16 && n != 17)
		return err_tag(e, ERR_INVALID, "uscc_length", FIELD, "统一社会信用代码前缀应为16或17位");
	if ((rc = check_chars(prefix, n, e)))
		return rc;
	memcpy(tmp, prefix, n);
	if (n == 16)
		tmp[16] = uscc_org_check_char(prefix + 8);
	else if ((rc = check_org(prefix, e)))
		return rc;
	tmp[17] = uscc_check_char(tmp);
	tmp[18] = '\0';
	memcpy(out, tmp, USCC_SIZE);
	return ERR_OK;
}
