/*
 * static.h - serving the front end's files from one directory.
 *
 * The path is resolved with realpath() and must stay inside the root; any
 * ".." segment, NUL, backslash or hidden file is refused before that. Content
 * types by extension; ETag from size and mtime; hashed assets are immutable,
 * index.html is revalidated on every load.
 */
#ifndef LJ_STATIC_H
#define LJ_STATIC_H

#include "http/request.h"

/* Fills r with a file response, 304, or a 404 error. */
void static_serve(struct request *r, const char *root);

#endif
