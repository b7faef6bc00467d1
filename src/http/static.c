/* static.c - files of the front end (see static.h). */
#include "http/static.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".ttf", "font/ttf" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".map", "application/json; charset=utf-8" },
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

static int path_safe(const char *p)
{
	if (p[0] != '/')
		return 0;
	for (const char *s = p; *s; s++) {
		if (*s == '\\' || (unsigned char)*s < 0x20)
			return 0;
		if (*s == '/' && s[1] == '.')
			return 0; /* "..", "./" and hidden files */
	}
	return 1;
}

static void not_found(struct request *r)
{
	struct err e;
	err_set(&e, ERR_NOT_FOUND, NULL, "页面不存在");
	resp_error(r, &e);
}

void static_serve(struct request *r, const char *root)
{
	char want[PATH_MAX], real_root[PATH_MAX], real[PATH_MAX];
	const char *p = r->path;
	if (!path_safe(p) || !realpath(root, real_root))
		return not_found(r);
	if (strcmp(p, "/") == 0)
		p = "/index.html";
	if ((size_t)snprintf(want, sizeof(want), "%s%s", real_root, p) >= sizeof(want))
		return not_found(r);
	if (!realpath(want, real))
		return not_found(r);
	size_t rl = strlen(real_root);
	if (strncmp(real, real_root, rl) != 0 || real[rl] != '/')
		return not_found(r);
	int fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return not_found(r);
	struct stat sb;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return not_found(r);
	}
	char etag[64];
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtime);
	resp_header(r, "ETag", "%s", etag);
	if (strncmp(p, "/assets/", 8) == 0)
		resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	else
		resp_header(r, "Cache-Control", "no-cache");
	const char *inm = req_header(r, "If-None-Match");
	r->content_type = content_type(real);
	if (inm && strcmp(inm, etag) == 0) {
		close(fd);
		r->status = 304;
		return;
	}
	r->status = 200;
	r->resp_fd = fd;
	r->resp_fd_size = (uint64_t)sb.st_size;
}
