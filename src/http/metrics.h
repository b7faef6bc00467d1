/* metrics.h - process-wide request counters, exposed as Prometheus text. */
#ifndef LJ_METRICS_H
#define LJ_METRICS_H

#include <stdint.h>

#include "core/buf.h"

void metrics_request_done(int status, int64_t duration_us);
void metrics_in_flight(int delta);
/* A lookup in a worker's answer cache: hit (1) or miss (0). */
void metrics_answer_cache(int hit);
int64_t metrics_in_flight_now(void);
void metrics_render(struct buf *out);

#endif
