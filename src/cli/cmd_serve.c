/* cmd_serve.c - `lianjian serve`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api.h"
#include "cli/cli.h"
#include "domain/education.h"
#include "http/server.h"

int cmd_serve(int argc, char **argv)
{
	const char *db = NULL, *listen = getenv("LIANJIAN_LISTEN"), *web = getenv("LIANJIAN_WEB");
	const char *threads = "4";
	/* Behind nginx with TLS the browser must never send the session over
	 * plain HTTP; a flag (not X-Forwarded-Proto) because the app only ever
	 * listens on loopback behind the proxy and a header is easy to forge. */
	const char *sc = getenv("LIANJIAN_SECURE_COOKIES");
	int secure_cookies = sc && *sc && strcmp(sc, "0") != 0;
	/* Behind nginx every peer is the proxy: its X-Real-IP names the client
	 * (sign-in records, the per-address login throttle). */
	const char *proxies = getenv("LIANJIAN_TRUSTED_PROXY");
	for (int i = 0; i < argc; i++) {
		int t;
		if (strcmp(argv[i], "--secure-cookies") == 0) {
			secure_cookies = 1;
			continue;
		}
		if ((t = cli_take(argc, argv, &i, "--db", &db)) ||
		    (t = cli_take(argc, argv, &i, "--listen", &listen)) ||
		    (t = cli_take(argc, argv, &i, "--web", &web)) ||
		    (t = cli_take(argc, argv, &i, "--threads", &threads)) ||
		    (t = cli_take(argc, argv, &i, "--trusted-proxy", &proxies))) {
			if (t < 0)
				return 2;
			continue;
		}
		fprintf(stderr, "error: unknown option %s (see lianjian serve --help)\n", argv[i]);
		return 2;
	}
	/* For tests of expired check-in codes: how long new codes live. */
	const char *ttl = getenv("LIANJIAN_CHECKIN_TTL_MS");
	if (ttl && *ttl)
		education_set_checkin_ttl_ms(strtoll(ttl, NULL, 10));
	if (!listen || !*listen)
		listen = "127.0.0.1:8080";
	struct stat sb;
	if ((!web || !*web) && stat("web/dist/index.html", &sb) == 0)
		web = "web/dist";
	if (web && *web && (stat(web, &sb) || !S_ISDIR(sb.st_mode))) {
		fprintf(stderr, "error: --web %s is not a directory\n", web);
		return 2;
	}
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host)) {
		fprintf(stderr, "error: --listen wants HOST:PORT\n");
		return 2;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	long nthreads = strtol(threads, NULL, 10);
	if (*end || port < 0 || port > 65535 || nthreads < 1 || nthreads > 64) {
		fprintf(stderr, "error: bad port or thread count\n");
		return 2;
	}
	db = cli_db_path(db);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	store_close(st);

	struct server_config cfg = {
		.db_location = db,
		.listen_host = host,
		.port = (unsigned short)port,
		.web_dir = web && *web ? web : NULL,
		.threads = (unsigned)nthreads,
		.routes = api_routes(),
		.connection_timeout_s = 15,
		.body_timeout_s = 20,
		.secure_cookies = secure_cookies,
		.trusted_proxies = proxies && *proxies ? proxies : NULL,
	};
	return server_run(&cfg) ? 1 : 0;
}
