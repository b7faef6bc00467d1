/* router.c - matching "/a/{x}/b" patterns segment by segment. */
#include "http/router.h"

#include <stdlib.h>
#include <string.h>

static const char *segment_end(const char *s)
{
	while (*s && *s != '/')
		s++;
	return s;
}

/* One pass over pattern and path; a literal segment is rejected at its first
 * differing byte (most routes are, at "/api/v1/" plus one or two bytes). */
static int match(const char *pat, const char *path, struct request *r)
{
	int np = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		if (pat[0] == '{' && pat[1] && pat[1] != '/') {
			const char *pe = segment_end(pat), *se = segment_end(path);
			size_t sl = (size_t)(se - path);
			if (sl == 0 || sl >= sizeof(r->params[0]) || np >= REQ_MAX_PARAMS)
				return 0;
			/* "{id}.docx": the segment must end with the literal after
			 * the brace (the parameter keeps the whole segment), so
			 * "/x/{id}.docx" listed before "/x/{id}" takes only "/x/5.docx" */
			const char *close = memchr(pat, '}', (size_t)(pe - pat));
			size_t suffix = close ? (size_t)(pe - close - 1) : 0;
			if (suffix && (sl <= suffix || memcmp(se - suffix, close + 1, suffix) != 0))
				return 0;
			memcpy(r->params[np], path, sl);
			r->params[np][sl] = '\0';
			np++;
			pat = pe;
			path = se;
			continue;
		}
		while (*pat && *pat != '/' && *pat == *path) {
			pat++;
			path++;
		}
		if ((*pat && *pat != '/') || (*path && *path != '/'))
			return 0;
	}
	if (*pat || *path)
		return 0;
	r->n_params = np;
	return 1;
}

const struct route *router_match(const struct route *table, enum http_method m,
				 const char *path, struct request *r, int *out_path_known)
{
	*out_path_known = 0;
	/* the routes of this method first; the others only to tell 405 from 404 */
	for (const struct route *rt = table; rt->pattern; rt++)
		if ((rt->method == m || (m == M_HEAD && rt->method == M_GET)) &&
		    match(rt->pattern, path, r))
			return rt;
	for (const struct route *rt = table; rt->pattern; rt++)
		if (match(rt->pattern, path, r)) {
			*out_path_known = 1;
			break;
		}
	return NULL;
}

struct route *router_join(const struct route *const *tables)
{
	size_t n = 0;
	for (const struct route *const *t = tables; *t; t++)
		for (const struct route *rt = *t; rt->pattern; rt++)
			n++;
	struct route *out = calloc(n + 1, sizeof(*out));
	if (!out)
		abort();
	n = 0;
	for (const struct route *const *t = tables; *t; t++)
		for (const struct route *rt = *t; rt->pattern; rt++)
			out[n++] = *rt;
	return out;
}
