/*
 * fuzz_utf8.c - utf8_valid(), utf8_chars() and utf8_copy_trunc() against a
 * reference decoder written here the slow, obvious way (decode the code
 * point, then reject what RFC 3629 forbids).
 *
 * Invariants:
 *  - utf8_valid(s, n) == reference(s, n), where the reference also rejects
 *    NUL (as utf8.h documents);
 *  - for valid input, utf8_chars() counts the reference's code points;
 *  - for valid input and a range of sizes, utf8_copy_trunc() writes within
 *    size bytes a NUL-terminated prefix of the source that is valid UTF-8,
 *    the whole source when it fits, and otherwise stops less than one
 *    character short of the limit.
 */
#include <string.h>

#include "core/utf8.h"
#include "fuzz_util.h"

/* Number of code points, or -1 if s[0..n) is not strict UTF-8 without NUL. */
static long ref_decode(const unsigned char *s, size_t n)
{
	long count = 0;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned long cp, min;
		if (c < 0x80) {
			len = 1;
			cp = c;
			min = 0;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2;
			cp = c & 0x1F;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			cp = c & 0x0F;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return -1; /* continuation byte or 0xF8..0xFF as a lead */
		}
		if (n - i < len)
			return -1;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp == 0 || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		count++;
		i += len;
	}
	return count;
}

static void check_trunc(const char *src, size_t n, size_t size)
{
	char *dst = malloc(size); /* exact size: ASan catches a write past it */
	if (!dst)
		abort();
	memset(dst, 0xA5, size);
	char *ret = utf8_copy_trunc(dst, size, src);
	FUZZ_CHECK(ret == dst, "utf8_copy_trunc did not return dst");
	const char *nul = memchr(dst, '\0', size);
	FUZZ_CHECK(nul != NULL, "size %zu: result not NUL-terminated within size", size);
	size_t m = (size_t)(nul - dst);
	FUZZ_CHECK(m <= n && memcmp(dst, src, m) == 0, "size %zu: result is not a prefix", size);
	FUZZ_CHECK(utf8_valid(dst, m), "size %zu: %zu-byte result is not valid UTF-8", size, m);
	if (n < size) {
		FUZZ_CHECK(m == n, "size %zu: source of %zu bytes fits but only %zu copied", size, n,
			   m);
	} else {
		/* the next character would not have fitted */
		size_t next = 1;
		while (m + next < n && ((unsigned char)src[m + next] & 0xC0) == 0x80)
			next++;
		FUZZ_CHECK(m + next > size - 1, "size %zu: stopped at %zu, next char of %zu fits",
			   size, m, next);
	}
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	long ref = ref_decode(data, size);
	int got = utf8_valid(s, size);
	FUZZ_CHECK(got == (ref >= 0), "utf8_valid says %d, reference %ld (size %zu)", got, ref,
		   size);
	if (ref < 0)
		return 0;

	char *z = fuzz_strndup(data, size);
	FUZZ_CHECK(utf8_chars(z) == (size_t)ref, "utf8_chars %zu, reference %ld", utf8_chars(z),
		   ref);
	/* utf8.h requires size >= 1 */
	size_t sizes[] = { 1, 2, 3, 4, 5, 6, 7, 64, size > 2 ? size - 2 : 1,
			   size > 1 ? size - 1 : 1, size ? size : 1, size + 1, size + 2 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_trunc(z, size, sizes[i]);
	free(z);
	return 0;
}
