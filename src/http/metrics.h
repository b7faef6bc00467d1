/* metrics.h - process-wide request counters, exposed as Prometheus text. */
#ifndef LJ_METRICS_H
#define LJ_METRICS_H

#include <stdint.h>

#include "core/buf.h"

void metrics_request_done(int status, int64_t duration_us);
void metrics_in_flight(int delta);
int64_t metrics_in_flight_now(void);
void metrics_render(struct buf *out);

#endif
