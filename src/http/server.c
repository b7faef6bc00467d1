/*
 * server.c - libmicrohttpd glue: connection life cycle, body limits and
 * timeouts, dispatch (route → session → CSRF → permission → body schema →
 * handler), static files, security headers, the access log and shutdown.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <linux/memfd.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/session.h"
#include "core/date.h"
#include "core/log.h"
#include "domain/policy.h"
#include "http/cache.h"
#include "http/metrics.h"
#include "http/static.h"

/* epoll with a pool of polling threads (STYLE.md: measured best here). */
#ifndef LJ_MHD_POLL
#define LJ_MHD_POLL MHD_USE_EPOLL
#endif
#define BODY_HARD_CAP ((size_t)64 << 20)

static const struct server_config *cfg;
/* LIANJIAN_NO_CACHE=1 turns the answer and session caches off (benchmarks
 * compare both). */
static int cache_disabled;
static pthread_key_t store_key;
static void session_cache_release(void);

static void gens_release(void);

static void store_key_free(void *p)
{
	cache_thread_release();
	session_cache_release();
	policy_reach_memo_release();
	gens_release();
	store_close(p);
}

struct store *server_thread_store(struct err *e)
{
	struct store *st = pthread_getspecific(store_key);
	if (st)
		return st;
	if (store_open(cfg->db_location, &st, e))
		return NULL;
	pthread_setspecific(store_key, st);
	return st;
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static enum http_method method_of(const char *m)
{
	static const struct { const char *n; enum http_method m; } t[] = {
		{ "GET", M_GET }, { "POST", M_POST }, { "PUT", M_PUT }, { "PATCH", M_PATCH },
		{ "DELETE", M_DELETE }, { "HEAD", M_HEAD }, { "OPTIONS", M_OPTIONS },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, m) == 0)
			return t[i].m;
	return M_OTHER;
}

/* Whether addr is one of the comma-separated addresses in list. */
static int listed_addr(const char *list, const char *addr)
{
	size_t n = strlen(addr);
	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, addr, n) == 0)
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* The client's address: the peer's, or, when the peer is a trusted
 * reverse proxy (--trusted-proxy), the X-Real-IP it set, if that is a
 * well-formed address (anything else keeps the proxy's). Sign-in records
 * and the per-address login throttle use it: behind nginx every peer is
 * the proxy. */
static void client_ip(struct MHD_Connection *c, const char *trusted, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, size, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)size);
	if (!trusted || !listed_addr(trusted, out))
		return;
	const char *real = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	unsigned char bin[sizeof(struct in6_addr)];
	if (real && strlen(real) < size &&
	    (inet_pton(AF_INET, real, bin) == 1 || inet_pton(AF_INET6, real, bin) == 1))
		snprintf(out, size, "%s", real);
}

static void fail(struct request *r, enum err_code code, const char *tag, const char *field,
		 const char *msg)
{
	struct err e;
	err_tag(&e, code, tag, field, "%s", msg);
	resp_error(r, &e);
}

/* Appends s[0..n) with '%', '&' and '=' escaped, so that the key of
 * "?q=a%26b%3D1" differs from that of "?q=a&b=1". */
static void add_key_part(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' || s[i] == '&' || s[i] == '=') {
			char esc[4];
			snprintf(esc, sizeof(esc), "%%%02X", (unsigned char)s[i]);
			buf_add(b, esc, 3);
		} else {
			buf_addc(b, s[i]);
		}
	}
}

/* The cache key of a request: what the reader reaches, today's date
 * (answers such as "overdue" change at midnight), its path and its query
 * arguments in order (as checked by req_query_load, so no NUL cuts one
 * short). An answer of a signed-in route depends on what the reader may
 * read: the alliances its grants reach (policy_reach_load, remembered per
 * worker until the next global write), so accounts that reach the same
 * alliances share answers and no other account is ever handed one: "*"
 * for a deployment-wide reader, "r,1,4," for alliances 1 and 4, "u<id>"
 * (the account alone) when the reach cannot be had or is too long to be a
 * key; "0" on public routes, whose answers are the same for everyone. A
 * change of grants, units or alliances is a global write: it moves every
 * answer's generations. */
static void reach_key(struct request *r, struct buf *b)
{
	struct policy_reach reach;
	struct err e;
	if (r->route->perm == PERM_PUBLIC) {
		buf_addc(b, '0');
		return;
	}
	/* Answers with per-account fields (can_* rights, phones shown or
	 * masked by policy) are the asking account's own. */
	if (!(r->route->flags & ROUTE_SHARED)) {
		buf_printf(b, "u%lld", (long long)r->who.user_id);
		return;
	}
	if (policy_reach_load(r->st, &r->who, &reach, &e) == ERR_OK) {
		if (reach.all)
			buf_addc(b, '*');
		else if (reach.alliance_set && strlen(reach.alliance_set) < 200)
			buf_printf(b, "r%s", reach.alliance_set);
		else
			buf_printf(b, "u%lld", (long long)r->who.user_id);
		policy_reach_release(&reach);
		return;
	}
	buf_printf(b, "u%lld", (long long)r->who.user_id);
}

static void cache_key(struct request *r, struct buf *b)
{
	char today[11];
	date_format(date_today_shanghai(), today);
	reach_key(r, b);
	buf_addc(b, '/');
	buf_adds(b, today);
	buf_adds(b, r->path);
	buf_addc(b, '?');
	for (size_t i = 0; i < r->query.n; i++) {
		const struct query_param *p = &r->query.p[i];
		buf_addc(b, '&');
		add_key_part(b, p->name, p->name_len);
		buf_addc(b, '=');
		add_key_part(b, p->value, p->value_len);
	}
}

/* The worker's last resolved sessions, valid while the global and the
 * sessions' generations are unchanged (a logout or a forced one changes a
 * session row; a disabled account or a new grant is a global change; the
 * idle-clock refresh moves neither) and for 30 s at most (so idle and
 * absolute expiry are seen). Saves three queries per authenticated
 * request. */
#define SESSION_SLOTS 64
struct session_slot {
	char token[64];
	uint64_t gen_global, gen_sessions;
	int64_t at_ms;      /* entries live 30 s at most, so expiry by time is seen */
	struct principal who;
};
static _Thread_local struct session_slot *session_slots;

static void session_cache_release(void)
{
	free(session_slots);
	session_slots = NULL;
}

/* The store's data version, read once per request (each read is a read
 * transaction: locks on the shared-memory index). */
static enum err_code req_data_version(struct request *r, uint64_t *out, struct err *e)
{
	if (!r->have_version) {
		enum err_code rc = r->st->ops->data_version(r->st, &r->data_version, e);
		if (rc)
			return rc;
		r->have_version = 1;
	}
	*out = r->data_version;
	return ERR_OK;
}

/* The worker's memory of the store's generations: the counters it read
 * since the data version last moved, forgotten when it moves (a commit by
 * anyone, in any process), so reading a scope's counter costs one indexed
 * lookup per commit. A counter read inside an answer's snapshot is that
 * snapshot's (cache_deps_stamp runs before the snapshot ends); one read
 * earlier is older or equal, which can only make an entry miss sooner. */
#define GEN_MEMO 64
static _Thread_local struct gen_memo {
	uint64_t version;
	int have;
	size_t n;
	int64_t scope[GEN_MEMO];
	uint64_t gen[GEN_MEMO];
} gm;

static void gens_release(void)
{
	memset(&gm, 0, sizeof(gm));
}

/* cache_gens.get: UINT64_MAX (never a stamp that stays valid, and the
 * request caches nothing: r->gen_failed) when the store fails. */
static uint64_t gen_get(void *ctx, int64_t scope)
{
	struct request *r = ctx;
	for (size_t i = 0; i < gm.n; i++)
		if (gm.scope[i] == scope)
			return gm.gen[i];
	uint64_t v;
	struct err e;
	if (r->st->ops->generation(r->st, scope, &v, &e)) {
		r->gen_failed = 1;
		return UINT64_MAX;
	}
	if (gm.n < GEN_MEMO) {
		gm.scope[gm.n] = scope;
		gm.gen[gm.n++] = v;
	}
	return v;
}

static enum err_code req_gens(struct request *r, struct cache_gens *out, struct err *e)
{
	uint64_t v;
	enum err_code rc = req_data_version(r, &v, e);
	if (rc)
		return rc;
	if (!gm.have || v != gm.version) {
		gm.n = 0;
		gm.version = v;
		gm.have = 1;
	}
	out->get = gen_get;
	out->ctx = r;
	return ERR_OK;
}

static enum err_code resolve_cached(struct request *r, const char *token, struct err *e)
{
	struct cache_gens now;
	if (cache_disabled || strlen(token) >= sizeof(session_slots[0].token) ||
	    req_gens(r, &now, e))
		return session_resolve(r->st, token, &r->who, e);
	if (!session_slots) {
		session_slots = calloc(SESSION_SLOTS, sizeof(*session_slots));
		if (!session_slots)
			abort();
	}
	unsigned h = 0;
	for (const char *p = token; *p; p++)
		h = h * 31 + (unsigned char)*p;
	struct session_slot *s = &session_slots[h % SESSION_SLOTS];
	int64_t now_ms = date_now_ms();
	uint64_t g_global = cache_gen_of(&now, STORE_GEN_GLOBAL);
	uint64_t g_sessions = cache_gen_of(&now, STORE_GEN_SESSIONS);
	if (r->gen_failed)
		return session_resolve(r->st, token, &r->who, e);
	if (s->gen_global == g_global && s->gen_sessions == g_sessions && now_ms - s->at_ms < 30000 &&
	    strcmp(s->token, token) == 0) {
		r->who = s->who;
		return ERR_OK;
	}
	enum err_code rc = session_resolve(r->st, token, &r->who, e);
	/* resolving may itself write (the idle clock, or an expired session's
	 * deletion): read the version again before anything else is cached */
	r->have_version = 0;
	if (!rc) {
		/* stamped with the generations read before resolving: never newer
		 * than what was resolved */
		snprintf(s->token, sizeof(s->token), "%s", token);
		s->gen_global = g_global;
		s->gen_sessions = g_sessions;
		s->at_ms = now_ms;
		s->who = r->who;
	}
	return rc;
}

static struct MHD_Response *build_response(struct request *r);
static void release_response(void *resp);
static void release_file_response(void *resp);

/* Large cached answers are kept in an anonymous memory file, so that the
 * kernel sends them from its pages (sendfile) instead of copying them from
 * ours on every request, as nginx does with static files. One descriptor
 * each: at most FILE_RESPONSES_MAX per worker, the rest stay in memory. */
#define FILE_RESPONSE_MIN ((size_t)16 * 1024)
#define FILE_RESPONSES_MAX 128
static _Thread_local int file_responses;

/* Moves r's body into a memory file (r->resp_fd) when it is worth it;
 * returns 1 if it did. r->out keeps the bytes (for their length). */
static int body_to_file(struct request *r)
{
	if (r->out.len < FILE_RESPONSE_MIN || file_responses >= FILE_RESPONSES_MAX ||
	    r->resp_fd >= 0)
		return 0;
	/* the raw system call: memfd_create() itself would need _GNU_SOURCE
	 * before any header, and every unit starts with core/banned.h */
	int fd = (int)syscall(SYS_memfd_create, "lianjian-answer", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t done = 0;
	while (done < r->out.len) {
		ssize_t n = write(fd, r->out.data + done, r->out.len - done);
		if (n <= 0) {
			close(fd);
			return 0;
		}
		done += (size_t)n;
	}
	r->resp_fd = fd;
	r->resp_fd_size = r->out.len;
	return 1;
}

static int is_write(enum http_method m)
{
	return m == M_POST || m == M_PUT || m == M_PATCH || m == M_DELETE;
}

static void dispatch_api(struct request *r)
{
	struct err e;
	err_clear(&e);
	int path_known = 0;
	const struct route *rt = router_match(cfg->routes, r->method, r->path, r, &path_known);
	if (!rt) {
		if (path_known)
			return fail(r, ERR_INVALID, "method_not_allowed", NULL, "不支持该请求方法"),
			       (void)(r->status = 405);
		return fail(r, ERR_NOT_FOUND, "not_found", NULL, "接口不存在");
	}
	r->route = rt;
	size_t limit = rt->body_limit ? rt->body_limit : BODY_LIMIT_DEFAULT;
	if (r->body_too_large || r->body.len > limit)
		return fail(r, ERR_TOO_LARGE, "too_large", NULL, "请求体过大");
	/* The query is read strictly before anything else looks at it: NUL,
	 * invalid UTF-8 or a repeated name is 400. No write takes a query
	 * parameter, so a write refuses any before it runs; a read's handler
	 * reads each of its parameters with a typed getter, and whatever it did
	 * not read is refused after it (below). */
	if (req_query_load(r, &e) ||
	    (r->method != M_GET && r->method != M_HEAD && !(rt->flags & ROUTE_RAW_BODY) &&
	     req_query_unused(r, &e)))
		return resp_error(r, &e);

	r->st = server_thread_store(&e);
	if (!r->st)
		return resp_error(r, &e);

	/* Session: anonymous unless a valid cookie is presented. */
	const char *cookie = req_cookie(r, "lj_session");
	if (cookie) {
		enum err_code rc = resolve_cached(r, cookie, &e);
		if (rc && rc != ERR_UNAUTHENTICATED)
			return resp_error(r, &e);
		if (rc)
			memset(&r->who, 0, sizeof(r->who));
	}
	if (rt->perm != PERM_PUBLIC && !r->who.user_id)
		return fail(r, ERR_UNAUTHENTICATED, "unauthenticated", NULL, "请先登录");
	if (r->who.user_id && !cache_disabled) {
		/* the generations before any of the request's reads: what the
		 * account reaches may be remembered at this epoch (principal.h) */
		struct cache_gens g;
		struct err ge;
		if (req_gens(r, &g, &ge) == ERR_OK)
			r->who.reach_epoch = cache_gen_of(&g, STORE_GEN_GLOBAL) + 1;
	}
	if (is_write(r->method) && !(rt->flags & ROUTE_NO_CSRF)) {
		const char *tok = req_header(r, "X-CSRF-Token");
		if (!r->who.user_id)
			return fail(r, ERR_UNAUTHENTICATED, "unauthenticated", NULL, "请先登录");
		if (!tok || strcmp(tok, r->who.csrf_token) != 0)
			return fail(r, ERR_FORBIDDEN, "csrf", NULL, "缺少或错误的 CSRF 令牌");
	}
	if (!perm_allows(&r->who, rt->perm))
		return fail(r, ERR_FORBIDDEN, "forbidden", NULL, "没有权限执行此操作");

	if (rt->schema) {
		if (r->body.len == 0 && (rt->flags & ROUTE_OPTIONAL_BODY)) {
			r->json = json_object();
		} else {
			const char *ct = req_header(r, "Content-Type");
			if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
				fail(r, ERR_INVALID, "unsupported_media_type", NULL,
				     "请求体应为 application/json");
				r->status = 415;
				return;
			}
			if (jsonx_decode(r->body.data ? r->body.data : "", r->body.len, rt->schema,
					 &r->json, &e))
				return resp_error(r, &e);
		}
	} else if (r->body.len > 0 && !(rt->flags & ROUTE_RAW_BODY)) {
		return fail(r, ERR_INVALID, "bad_request", NULL, "此接口不接受请求体");
	}
	struct cache_gens now = { 0 };
	struct buf key;
	buf_init(&key, CACHE_MAX_KEY);
	int cacheable = !cache_disabled && (rt->flags & ROUTE_CACHE) && r->method == M_GET &&
			req_gens(r, &now, &e) == ERR_OK;
	if (cacheable) {
		cache_key(r, &key);
		void *hit = key.overflow ? NULL : cache_get(key.data, &now);
		metrics_answer_cache(hit != NULL);
		if (hit) {
			r->shared_resp = hit;
			r->status = 200;
			buf_release(&key);
			return;
		}
	}
	/* A cacheable answer only reads: it is computed from one snapshot (one
	 * read transaction instead of one per statement), at least as new as
	 * the generations it is stamped with. */
	int snapshot = (rt->flags & ROUTE_CACHE) && r->st->ops->begin_read(r->st, &e) == ERR_OK;
	enum err_code hrc = rt->handler(r, &e);
	if (!hrc && (hrc = req_query_unused(r, &e)))
		resp_reset(r); /* an unknown parameter: the answer is not for this URL */
	if (cacheable && snapshot && !hrc) {
		if (!r->cache_scoped)
			req_cache_reads_any_alliance(r); /* it said nothing: any write moves it */
		/* inside the answer's snapshot: never newer than its data */
		cache_deps_stamp(&r->cache_deps, &now);
	}
	struct err ce;
	if (snapshot && r->st->ops->commit(r->st, &ce))
		r->st->ops->rollback(r->st);
	if (hrc) {
		resp_error(r, &e);
	} else if (cacheable && snapshot && !r->gen_failed && !key.overflow && r->status == 200 &&
		   !r->out.overflow && r->out.len <= CACHE_MAX_BODY) {
		/* built once here, then handed to every request for this URL */
		int in_file = body_to_file(r);
		struct MHD_Response *resp = build_response(r);
		if (resp && cache_put(key.data, &r->cache_deps, resp, r->out.len,
				      in_file ? release_file_response : release_response)) {
			r->shared_resp = resp;
			file_responses += in_file;
		} else if (resp) {
			MHD_destroy_response(resp);
		}
	}
	buf_release(&key);
}

static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; "
				"style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
				"font-src 'self' data:; connect-src 'self'; "
				"frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
}

/* The transport response for r: its body (buffer or file) and headers. */
static struct MHD_Response *build_response(struct request *r)
{
	struct MHD_Response *resp;
	if (r->resp_fd >= 0 && r->method != M_HEAD) {
		resp = MHD_create_response_from_fd(r->resp_fd_size, r->resp_fd);
		if (!resp)
			close(r->resp_fd);
		r->resp_fd = -1; /* MHD owns it now (or it is closed) */
	} else {
		if (r->resp_fd >= 0) {
			close(r->resp_fd);
			r->resp_fd = -1;
		}
		size_t len = r->method == M_HEAD ? 0 : r->out.len;
		resp = MHD_create_response_from_buffer(len, r->out.data ? r->out.data : (char *)"",
						       MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return NULL;
	if (r->content_type && r->status != 304)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (int i = 0; i < r->n_headers; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	if (strncmp(r->path, "/api/", 5) == 0)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	add_security_headers(resp);
	return resp;
}

static void release_response(void *resp)
{
	MHD_destroy_response(resp);
}

static void release_file_response(void *resp)
{
	file_responses--;
	MHD_destroy_response(resp);
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct request *r)
{
	if (r->shared_resp) /* the cache keeps its reference; MHD takes one more */
		return MHD_queue_response(c, (unsigned int)r->status, r->shared_resp);
	struct MHD_Response *resp = build_response(r);
	if (!resp)
		return MHD_NO;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void handle(struct request *r)
{
	if (strcmp(r->path, "/api") == 0 || strncmp(r->path, "/api/", 5) == 0 ||
	    strcmp(r->path, "/healthz") == 0 || strcmp(r->path, "/metrics") == 0)
		return dispatch_api(r);
	if (r->method != M_GET && r->method != M_HEAD)
		return fail(r, ERR_INVALID, "method_not_allowed", NULL, "不支持该请求方法"),
		       (void)(r->status = 405);
	if (!cfg->web_dir)
		return fail(r, ERR_NOT_FOUND, "not_found", NULL, "页面不存在");
	static_serve(r, cfg->web_dir);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct request *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			abort();
		r->conn = c;
		r->method_name = method;
		r->method = method_of(method);
		r->path = url;
		r->started_us = now_us();
		r->resp_fd = -1;
		r->status = 500;
		r->secure_cookies = cfg->secure_cookies;
		buf_init(&r->body, BODY_LIMIT_DEFAULT * 8);
		buf_init(&r->out, 0);
		client_ip(c, cfg->trusted_proxies, r->client_ip, sizeof(r->client_ip));
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > BODY_HARD_CAP)
			r->body_too_large = 2;
		metrics_in_flight(1);
		*con_cls = r;
		if (r->body_too_large == 2) {
			/* Too big to even drain: answer now; MHD closes afterwards. */
			fail(r, ERR_TOO_LARGE, "too_large", NULL, "请求体过大");
			return send_response(c, r);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (now_us() - r->started_us > (int64_t)cfg->body_timeout_s * 1000000) {
			log_info("%s %s: body not finished in %us, closing", method, url,
				 cfg->body_timeout_s);
			r->status = 408;
			return MHD_NO;
		}
		if (!r->body_too_large) {
			buf_add(&r->body, upload_data, *upload_size);
			/* The largest route limit is BODY_LIMIT_DEFAULT * 8. */
			if (r->body.overflow)
				r->body_too_large = 1;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->body_too_large == 2)
		return MHD_YES;
	handle(r);
	return send_response(c, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	struct request *r = *con_cls;
	if (!r)
		return;
	int64_t dur = now_us() - r->started_us;
	int status = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? r->status : 499;
	metrics_request_done(status, dur);
	metrics_in_flight(-1);
	if (strcmp(r->path, "/metrics") != 0 && strcmp(r->path, "/healthz") != 0)
		log_access(r->method_name, r->path, status, dur,
			   r->who.user_id ? r->who.username : "-", r->log_error_code);
	if (r->json)
		json_decref(r->json);
	if (r->resp_fd >= 0)
		close(r->resp_fd);
	buf_release(&r->body);
	buf_release(&r->out);
	free(r);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	log_info("httpd: %s", line);
}

int server_run(const struct server_config *c)
{
	cfg = c;
	pthread_key_create(&store_key, store_key_free);
	const char *nc = getenv("LIANJIAN_NO_CACHE");
	cache_disabled = nc && *nc && strcmp(nc, "0") != 0;

	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(c->port);
	if (inet_pton(AF_INET, c->listen_host, &sa.sin_addr) != 1) {
		log_error("listen address %s is not an IPv4 address", c->listen_host);
		return -1;
	}

	/* Signals go to the main thread's sigwait only. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | LJ_MHD_POLL | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)c->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)c->connection_timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)2048,
		/* 16 KiB: headers beyond that are refused; libmicrohttpd 0.9.75 clears
		 * this buffer on every request, so a larger one costs CPU per request */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	if (!d) {
		log_error("could not listen on %s:%u", c->listen_host, c->port);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di ? di->port : c->port;
	fprintf(stderr, "listening on http://%s:%u\n", c->listen_host, port);
	fflush(stderr);
	log_start_buffered();

	int sig = 0;
	sigwait(&set, &sig);
	log_info("signal %d: stopping, finishing requests in flight", sig);
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < 1000 && metrics_in_flight_now() > 0; i++)
		usleep(10000);
	MHD_stop_daemon(d);
	log_info("stopped");
	log_stop_buffered();
	return 0;
}
