/* csv.c - RFC 4180 record reader (see csv.h). */
#include "core/csv.h"

#include <string.h>

void csv_init(struct csv_reader *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data + len;
	r->line = 0;
	r->scratch_len = 0;
	/* UTF-8 byte order mark */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

static int csv_quoted(struct csv_reader *r, struct csv_field *f)
{
	const char *p = r->p + 1; /* after the opening quote */
	const char *start = p;
	int copied = 0;
	size_t s0 = r->scratch_len;
	while (p < r->end) {
		if (*p == '"') {
			if (p + 1 < r->end && p[1] == '"') {
				/* doubled quote: from here on the field lives in scratch */
				size_t chunk = (size_t)(p + 1 - start);
				if (r->scratch_len + chunk > sizeof(r->scratch))
					return -1;
				memcpy(r->scratch + r->scratch_len, start, chunk);
				r->scratch_len += chunk;
				copied = 1;
				p += 2;
				start = p;
				continue;
			}
			break;
		}
		if (*p == '\n')
			r->line++;
		p++;
	}
	if (p >= r->end)
		return -1; /* unterminated */
	if (copied) {
		size_t chunk = (size_t)(p - start);
		if (r->scratch_len + chunk > sizeof(r->scratch))
			return -1;
		memcpy(r->scratch + r->scratch_len, start, chunk);
		r->scratch_len += chunk;
		f->s = r->scratch + s0;
		f->len = r->scratch_len - s0;
	} else {
		f->s = start;
		f->len = (size_t)(p - start);
	}
	r->p = p + 1;
	return 0;
}

int csv_next(struct csv_reader *r, struct csv_field *fields, int max)
{
	/* skip empty lines */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	r->line++;
	r->scratch_len = 0;
	int n = 0;
	for (;;) {
		if (n >= max)
			return -1;
		struct csv_field *f = &fields[n++];
		if (r->p < r->end && *r->p == '"') {
			if (csv_quoted(r, f))
				return -1;
		} else {
			const char *s = r->p;
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				if (*r->p == '"')
					return -1; /* a quote inside an unquoted field */
				r->p++;
			}
			f->s = s;
			f->len = (size_t)(r->p - s);
		}
		if (r->p >= r->end)
			return n;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p == '\r') {
			r->p++;
			if (r->p < r->end && *r->p != '\n')
				return -1;
		}
		if (r->p < r->end) {
			if (*r->p != '\n')
				return -1;
			r->p++;
		}
		return n;
	}
}
