-- wrk-json.lua - prints one machine-readable summary line after a wrk run:
--   WRKJSON {"requests":…,"rps":…,"p50_us":…,…,"errors":{…}}
-- Latencies are in microseconds, as wrk records them.
--
-- Used on its own (`wrk -s bench/lib/wrk-json.lua URL`): only done() is
-- defined, so wrk keeps its fast path (no per-request Lua). The other
-- scripts load it with bench_load("wrk-json.lua") and may use:
--   bench_setup     as their setup(): numbers the threads (global `tid` in
--                   each thread) and keeps them for bench_sum();
--   bench_sum(name) the sum over all threads of a table of counters each
--                   thread keeps in the global `name`;
--   wrkjson_extra   a function returning more JSON members for the line.

bench_threads = {}
function bench_setup(thread)
  thread:set("tid", #bench_threads)
  bench_threads[#bench_threads + 1] = thread
end

function bench_sum(name)
  local total = {}
  for _, t in ipairs(bench_threads) do
    for k, v in pairs(t:get(name) or {}) do total[k] = (total[k] or 0) + v end
  end
  return total
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"rps":%.2f,"lat_mean_us":%.1f,"lat_stdev_us":%.1f,"lat_max_us":%d,' ..
    '"p50_us":%d,"p75_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}%s}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.requests / (summary.duration / 1e6),
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9),
    e.connect, e.read, e.write, e.status, e.timeout,
    wrkjson_extra and wrkjson_extra() or ""))
end
