-- wrk script: a mix of read endpoints with a real session cookie.
-- (No response() callback: wrk's Lua body handling would be the bottleneck;
-- wrk itself reports "Non-2xx or 3xx responses".)
local paths = {
  "/api/v1/divisions?parent=450922108",
  "/healthz",
  "/api/v1/me",
  "/api/v1/divisions/450922108216",
  "/api/v1/units?limit=20",
  "/api/v1/matters?limit=20",
  "/api/v1/divisions?q=%E5%9D%A1%E5%AD%90",
}
local cookie = os.getenv("LJ_COOKIE") or ""
local i = 0

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Cookie"] = cookie })
end
