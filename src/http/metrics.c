/* metrics.c - lock-free counters (C11 atomics) and their text exposition. */
#include "http/metrics.h"

#include "http/router.h"

#include <stdatomic.h>

static const double bucket_s[] = { 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5 };
#define N_BUCKETS (sizeof(bucket_s) / sizeof(bucket_s[0]))

static atomic_llong by_class[6];
static atomic_llong buckets[N_BUCKETS];
static atomic_llong dur_sum_us;
static atomic_llong dur_count;
static atomic_llong in_flight;
static atomic_llong cache_lookups[2];

void metrics_request_done(int status, int64_t duration_us)
{
	int c = status / 100;
	if (c < 1 || c > 5)
		c = 0;
	atomic_fetch_add(&by_class[c], 1);
	atomic_fetch_add(&dur_sum_us, duration_us);
	atomic_fetch_add(&dur_count, 1);
	for (unsigned i = 0; i < N_BUCKETS; i++)
		if ((double)duration_us / 1e6 <= bucket_s[i])
			atomic_fetch_add(&buckets[i], 1);
}

void metrics_answer_cache(int hit) { atomic_fetch_add(&cache_lookups[hit ? 1 : 0], 1); }
void metrics_in_flight(int delta) { atomic_fetch_add(&in_flight, delta); }
int64_t metrics_in_flight_now(void) { return atomic_load(&in_flight); }

void metrics_render(struct buf *out)
{
	buf_adds(out, "# HELP lianjian_http_requests_total HTTP requests by status class.\n"
		      "# TYPE lianjian_http_requests_total counter\n");
	for (int c = 1; c <= 5; c++)
		buf_printf(out, "lianjian_http_requests_total{class=\"%dxx\"} %lld\n", c,
			   (long long)atomic_load(&by_class[c]));
	buf_adds(out, "# HELP lianjian_http_request_duration_seconds Request durations.\n"
		      "# TYPE lianjian_http_request_duration_seconds histogram\n");
	for (unsigned i = 0; i < N_BUCKETS; i++)
		buf_printf(out, "lianjian_http_request_duration_seconds_bucket{le=\"%g\"} %lld\n",
			   bucket_s[i], (long long)atomic_load(&buckets[i]));
	long long count = atomic_load(&dur_count);
	buf_printf(out, "lianjian_http_request_duration_seconds_bucket{le=\"+Inf\"} %lld\n", count);
	buf_printf(out, "lianjian_http_request_duration_seconds_sum %.6f\n",
		   (double)atomic_load(&dur_sum_us) / 1e6);
	buf_printf(out, "lianjian_http_request_duration_seconds_count %lld\n", count);
	buf_adds(out, "# HELP lianjian_http_in_flight Requests being processed.\n"
		      "# TYPE lianjian_http_in_flight gauge\n");
	buf_printf(out, "lianjian_http_in_flight %lld\n", (long long)atomic_load(&in_flight));
	buf_adds(out, "# HELP lianjian_answer_cache_lookups_total Answer-cache lookups of "
		      "cacheable GETs, by result.\n"
		      "# TYPE lianjian_answer_cache_lookups_total counter\n");
	buf_printf(out, "lianjian_answer_cache_lookups_total{result=\"hit\"} %lld\n",
		   (long long)atomic_load(&cache_lookups[1]));
	buf_printf(out, "lianjian_answer_cache_lookups_total{result=\"miss\"} %lld\n",
		   (long long)atomic_load(&cache_lookups[0]));
}

static enum err_code metrics_get(struct request *r, struct err *e)
{
	(void)e;
	buf_reset(&r->out);
	metrics_render(&r->out);
	resp_buf(r, 200, "text/plain; version=0.0.4; charset=utf-8");
	return ERR_OK;
}

const struct route http_metrics_routes[] = {
	{ M_GET, "/metrics", metrics_get, PERM_PUBLIC, NULL, 0, 0 },
	{ 0 }
};
