-- matters-mixed.lua - the mixed read/write load of bench/matters.sh.
--
--   wrk -t2 -c64 -d6s --latency -s bench/lib/matters-mixed.lua URL -- PLAN
--
-- PLAN holds one request per line, fields separated by tabs:
--   GET   path  session-token
--   POST  path  session-token  csrf-token  json-body
-- (each line carries the session of one of the signed-in accounts). Each wrk
-- thread formats the whole plan once (init) and then cycles through it from
-- its own starting point; request() only hands back a prepared string.
-- response() counts the answers by status code, and the WRKJSON line (see
-- wrk-json.lua) gets them as "statuses":{"200":…,"201":…}; at the few
-- thousand requests/s this load reaches, that costs wrk nothing noticeable
-- (on the single-URL runs it would: they use wrk-json.lua alone).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-json.lua")
setup = bench_setup

local reqs, n, i = {}, 0, 0
statuses = {}

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
  i = (tid * 397) % n
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

wrkjson_extra = function()
  local parts = {}
  for code, count in pairs(bench_sum("statuses")) do
    parts[#parts + 1] = string.format('"%d":%d', code, count)
  end
  table.sort(parts)
  return ',"statuses":{' .. table.concat(parts, ",") .. "}"
end
