-- matters-mixed.lua - the mixed read/write load of bench/matters.sh.
--
--   wrk -t2 -c64 -d10s --latency -s bench/lib/matters-mixed.lua URL -- PLAN
--
-- PLAN holds one request per line, fields separated by tabs:
--   GET   path  session-token
--   POST  path  session-token  csrf-token  json-body
-- Each wrk thread formats the whole plan once (init) and then cycles
-- through it from its own starting point; request() only hands back a
-- prepared string. There is deliberately no response() callback: it makes
-- wrk parse every answer in Lua and turns wrk into the bottleneck. Non-2xx
-- answers still show up in the summary (errors.status).
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

local reqs, n, i = {}, 0, 0

function init(args)
  local plan = args[1]
  if not plan then error("matters-mixed.lua: give the plan file after --") end
  for line in io.lines(plan) do
    local f = {}
    for part in string.gmatch(line, "[^\t]+") do f[#f + 1] = part end
    local headers = { ["Cookie"] = "lj_session=" .. f[3] }
    local body = nil
    if f[1] ~= "GET" then
      headers["X-CSRF-Token"] = f[4]
      headers["Content-Type"] = "application/json"
      body = f[5]
    end
    reqs[#reqs + 1] = wrk.format(f[1], f[2], headers, body)
  end
  n = #reqs
  if n == 0 then error("matters-mixed.lua: empty plan " .. plan) end
  -- threads start at different places of the cycle
  i = ((tid or 0) * 397) % n
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end

-- the same summary line as bench/lib/wrk-json.lua
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"rps":%.2f,"lat_mean_us":%.1f,"lat_stdev_us":%.1f,"lat_max_us":%d,' ..
    '"p50_us":%d,"p75_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.requests / (summary.duration / 1e6),
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9),
    e.connect, e.read, e.write, e.status, e.timeout))
end
