/* err.c - filling struct err (see err.h). */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>

static void err_vfill(struct err *e, enum err_code code, const char *tag,
		      const char *field, const char *fmt, va_list ap)
{
	e->code = code;
	e->field = field;
	e->tag = tag;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

enum err_code err_set(struct err *e, enum err_code code, const char *field,
		      const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		err_vfill(e, code, NULL, field, fmt, ap);
		va_end(ap);
	}
	return code;
}

enum err_code err_tag(struct err *e, enum err_code code, const char *tag,
		      const char *field, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		err_vfill(e, code, tag, field, fmt, ap);
		va_end(ap);
	}
	return code;
}

void err_clear(struct err *e)
{
	e->code = ERR_OK;
	e->field = NULL;
	e->tag = NULL;
	e->msg[0] = '\0';
}
