/*
 * fuzz_router.c - router_match() over the real route table (api_routes()).
 *
 * Input: byte 0 picks the method (modulo the enum, M_OTHER included); the
 * rest, up to the first NUL, is the path as the server hands it over
 * (already percent-decoded by libmicrohttpd, so any byte can appear).
 *
 * Invariants:
 *  - the result equals the first row chosen by a reference matcher written
 *    here (split on '/', "{x}" takes one non-empty segment of < 64 bytes,
 *    "{x}.docx" one that ends with ".docx" and is longer than it),
 *    with HEAD falling back to GET, and *out_path_known says whether some
 *    row matched the path with another method;
 *  - every parameter is NUL-terminated within its 64 bytes, non-empty and
 *    free of '/', there are as many as the pattern has, and putting them
 *    back into the pattern gives the path again.
 */
#include <string.h>

#include "api/api.h"
#include "fuzz_util.h"
#include "http/router.h"

#define PARAM_CAP sizeof(((struct request *)0)->params[0])

/* Reference: does pattern match path (and how many parameters)? */
static int ref_match(const char *pat, const char *path, int *n_params)
{
	int np = 0;
	for (;;) {
		if (*pat == '\0' || *path == '\0')
			break;
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		size_t pl = strcspn(pat, "/");
		size_t sl = strcspn(path, "/");
		const char *close = pl >= 2 && pat[0] == '{' ? memchr(pat, '}', pl) : NULL;
		if (close) {
			/* "{x}.docx": the segment ends with the literal after the
			 * brace, and the parameter is the whole segment */
			size_t suffix = pl - (size_t)(close - pat) - 1;
			if (sl == 0 || sl >= PARAM_CAP || np >= REQ_MAX_PARAMS)
				return 0;
			if (suffix && (sl <= suffix || memcmp(path + sl - suffix, close + 1, suffix) != 0))
				return 0;
			np++;
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return 0;
		}
		pat += pl;
		path += sl;
	}
	if (*pat || *path)
		return 0;
	*n_params = np;
	return 1;
}

/* The pattern with r's parameters put back in. */
static void rebuild(const char *pat, const struct request *r, char *out, size_t size)
{
	size_t o = 0;
	int i = 0;
	while (*pat && o + 1 < size) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			const char *v = i < r->n_params ? r->params[i] : "";
			i++;
			size_t vl = strlen(v);
			if (o + vl >= size)
				break;
			memcpy(out + o, v, vl);
			o += vl;
			/* the parameter holds the whole segment, suffix included */
			pat = close ? close + 1 : pat + strlen(pat);
			while (*pat && *pat != '/')
				pat++;
		} else {
			out[o++] = *pat++;
		}
	}
	out[o] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum http_method m = (enum http_method)(data[0] % (M_OTHER + 1));
	char *path = fuzz_strndup(data + 1, size - 1);

	/* reference result */
	const struct route *want = NULL;
	int want_known = 0, want_np = 0;
	for (const struct route *rt = api_routes(); rt->pattern; rt++) {
		int np;
		if (!ref_match(rt->pattern, path, &np))
			continue;
		if (rt->method == m || (m == M_HEAD && rt->method == M_GET)) {
			want = rt;
			want_np = np;
			break;
		}
		want_known = 1;
	}

	struct request *r = malloc(sizeof(*r));
	if (!r)
		abort();
	memset(r, 0xA5, sizeof(*r)); /* no parameter is NUL-terminated unless written */
	r->n_params = -7;
	int known = -7;
	const struct route *got = router_match(api_routes(), m, path, r, &known);

	FUZZ_CHECK(got == want, "method %d path \"%s\": router %s, reference %s", (int)m, path,
		   got ? got->pattern : "none", want ? want->pattern : "none");
	if (!got) {
		FUZZ_CHECK(known == want_known, "path \"%s\": path_known %d, reference %d", path,
			   known, want_known);
	} else {
		FUZZ_CHECK(known == 0 || known == 1, "path_known %d", known);
		FUZZ_CHECK(r->n_params == want_np && r->n_params >= 0 &&
				   r->n_params <= REQ_MAX_PARAMS,
			   "%s: %d parameters, pattern has %d", got->pattern, r->n_params, want_np);
		for (int i = 0; i < r->n_params; i++) {
			const char *nul = memchr(r->params[i], '\0', PARAM_CAP);
			FUZZ_CHECK(nul != NULL, "%s: parameter %d not NUL-terminated", got->pattern, i);
			FUZZ_CHECK(nul > r->params[i], "%s: parameter %d is empty", got->pattern, i);
			FUZZ_CHECK(!memchr(r->params[i], '/', (size_t)(nul - r->params[i])),
				   "%s: parameter %d holds '/'", got->pattern, i);
		}
		char back[512];
		rebuild(got->pattern, r, back, sizeof(back));
		FUZZ_CHECK(strcmp(back, path) == 0, "%s: parameters give \"%s\", path \"%s\"",
			   got->pattern, back, path);
	}
	free(r);
	free(path);
	return 0;
}
