/*
 * server.h - the HTTP server: libmicrohttpd with a pool of worker threads,
 * each owning one store connection, dispatching to a route table and
 * serving static files from one directory.
 */
#ifndef LJ_SERVER_H
#define LJ_SERVER_H

#include "http/router.h"

struct server_config {
	const char *db_location;
	const char *listen_host;    /* e.g. "127.0.0.1" */
	unsigned short port;        /* 0: pick a free port */
	const char *web_dir;        /* NULL: no static files */
	unsigned int threads;
	const struct route *routes;
	unsigned int connection_timeout_s;
	unsigned int body_timeout_s;
	int secure_cookies;         /* add Secure to the session cookie (TLS in front) */
	/* Comma-separated addresses of reverse proxies (nginx) whose
	 * X-Real-IP header names the client; NULL: trust none. */
	const char *trusted_proxies;
};

/* Runs until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to 10 s) and returns 0; -1 if it could not start.
 * Prints "listening on http://HOST:PORT" to stderr once ready. */
int server_run(const struct server_config *cfg);

/* The worker thread's store connection (opened on first use). */
struct store *server_thread_store(struct err *e);

#endif
