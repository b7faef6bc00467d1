/*
 * fuzz_json.c - jsonx_decode() against the real route schemas.
 *
 * Input: byte 0 picks the route (among the rows of api_routes() that take a
 * body, in table order, modulo their count); the rest is the request body.
 *
 * Invariants checked (abort() on violation):
 *  - on failure *out is NULL, the error is filled, e.msg is NUL-terminated
 *    valid UTF-8 (it is sent to the client as a JSON string), e.field and
 *    e.tag, when set, are valid UTF-8;
 *  - on success *out is an object that passes jsonx_check() again, and its
 *    compact dump decodes and passes once more (no value that only the
 *    first decode accepts).
 */
#include <string.h>

#include "api/api.h"
#include "core/utf8.h"
#include "fuzz_util.h"
#include "json/jsonx.h"

static const struct route *with_body[128];
static size_t n_with_body;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (const struct route *rt = api_routes(); rt->pattern; rt++)
		if (rt->schema && n_with_body < sizeof(with_body) / sizeof(with_body[0]))
			with_body[n_with_body++] = rt;
	if (!n_with_body)
		abort();
	return 0;
}

static void check_err(enum err_code rc, const struct err *e)
{
	FUZZ_CHECK(e->code == rc, "e.code %d, returned %d", (int)e->code, (int)rc);
	const char *end = memchr(e->msg, '\0', sizeof(e->msg));
	FUZZ_CHECK(end != NULL, "e.msg is not NUL-terminated");
	FUZZ_CHECK(end > e->msg, "e.msg is empty");
	FUZZ_CHECK(utf8_valid(e->msg, (size_t)(end - e->msg)), "e.msg is not valid UTF-8: %s",
		   e->msg);
	if (e->field)
		FUZZ_CHECK(utf8_valid(e->field, strlen(e->field)),
			   "e.field is not valid UTF-8: %s", e->field);
	if (e->tag)
		FUZZ_CHECK(utf8_valid(e->tag, strlen(e->tag)), "e.tag is not valid UTF-8");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct route *rt = with_body[data[0] % n_with_body];
	const char *body = (const char *)data + 1;
	size_t len = size - 1;

	json_t *out = (json_t *)&out; /* must be overwritten */
	struct err e;
	err_clear(&e);
	enum err_code rc = jsonx_decode(body, len, rt->schema, &out, &e);
	if (rc != ERR_OK) {
		FUZZ_CHECK(out == NULL, "%s: failure (%d) but out is set", rt->pattern, (int)rc);
		check_err(rc, &e);
		return 0;
	}
	FUZZ_CHECK(out != NULL && json_is_object(out), "%s: success without an object",
		   rt->pattern);

	struct err e2;
	err_clear(&e2);
	rc = jsonx_check(out, rt->schema, &e2);
	FUZZ_CHECK(rc == ERR_OK, "%s: accepted body fails jsonx_check: %s", rt->pattern, e2.msg);

	char *dump = jsonx_dump(out);
	json_t *again = NULL;
	err_clear(&e2);
	rc = jsonx_decode(dump, strlen(dump), rt->schema, &again, &e2);
	FUZZ_CHECK(rc == ERR_OK, "%s: dump of an accepted body is rejected: %s (dump %s)",
		   rt->pattern, e2.msg, dump);
	FUZZ_CHECK(json_equal(out, again), "%s: dump does not round-trip: %s", rt->pattern,
		   dump);
	json_decref(again);
	free(dump);
	json_decref(out);
	return 0;
}
