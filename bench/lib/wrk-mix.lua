-- wrk-mix.lua - cycles through many request paths instead of one URL, so a
-- server's answer cache sees a realistic spread of keys (the cascader over
-- all towns) rather than one hot entry. Usage:
--   wrk ... -s bench/lib/wrk-mix.lua http://127.0.0.1:PORT -- PATHS_FILE
-- PATHS_FILE holds one path (with query) per line. Each wrk thread walks the
-- list from its own offset, in the same order on every target, so nginx and
-- the server get the same request sequence. Prints the same WRKJSON summary
-- as wrk-json.lua.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-json.lua")
setup = bench_setup

local paths, i
function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. tostring(args[1]))
  i = (tid * 7919) % #paths
end

function request()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
