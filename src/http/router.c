/* router.c - matching "/a/{x}/b" patterns segment by segment. */
#include "http/router.h"

#include <string.h>

static int match(const char *pat, const char *path, struct request *r)
{
	int np = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		const char *pe = strchr(pat, '/');
		const char *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl >= 2 && pat[0] == '{') {
			if (sl == 0 || sl >= sizeof(r->params[0]) || np >= REQ_MAX_PARAMS)
				return 0;
			memcpy(r->params[np], path, sl);
			r->params[np][sl] = '\0';
			np++;
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return 0;
		}
		pat += pl;
		path += sl;
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
	for (const struct route *rt = table; rt->pattern; rt++) {
		if (!match(rt->pattern, path, r))
			continue;
		if (rt->method == m || (m == M_HEAD && rt->method == M_GET))
			return rt;
		*out_path_known = 1;
	}
	return NULL;
}
