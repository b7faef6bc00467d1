#!/usr/bin/env bash
# activities.sh - the 联育平台 activities list over 10,000 activities of one
# alliance, against nginx serving the very same bytes as static files (the
# ceiling), with the server's answer cache on and off. One run.
#
#   1. a fresh database: `lianjian init`, `import-divisions data/divisions`
#      (the reference region the tests use), `lianjian demo`, then
#      bench/gen/activities.sql adds BENCH_ACTIVITIES (10,000) activities to
#      the demo alliance, each with three people on record, counted headcount
#      and, every fourth, two sittings with attendance (about 1 s);
#   2. servers per BENCH_ACTIVITIES_SERVERS (default "2 2:nocache": --threads 2
#      with the answer cache, and with LIANJIAN_NO_CACHE=1);
#   3. signs in as the demo's `viewer`, fetches GET
#      /api/v1/activities?alliance_id=1&limit=50 with the session cookie,
#      checks it (the 50 newest activities as SQL lists them, each one's
#      persons and person-times as SQL counts them; every server and nginx
#      answer the same bytes with the same headers) and writes it as the
#      static file of a throwaway nginx (bench/lib/common.sh: start_nginx);
#   4. in BENCH_ACTIVITIES_ROUNDS rounds (default 2 of 3 s): wrk against
#      nginx, then each server, back to back (a warm-up before the first);
#   5. bench/results/activities.{md,json,echarts.json} (bench/lib/report.mjs).
#
# Target: the list >= 75% of nginx's requests/s with the cache (as the
# matters list); the no-cache row is for information (what a miss costs:
# the list counts each activity's people, headcount and sittings).
#
# Knobs (environment): BENCH_ACTIVITIES=10000, BENCH_ACTIVITIES_SERVERS,
# BENCH_ACTIVITIES_DURATION=6, BENCH_ACTIVITIES_ROUNDS=2,
# BENCH_ACTIVITIES_WARMUP=1, and the common ones (bench/README.md).
# shellcheck source=lib/common.sh disable=SC2016  # node -e scripts are in single quotes on purpose
source "$(dirname "$0")/lib/common.sh"
bench_init activities
require_tools curl wrk nginx node timeout sqlite3

round_settings "${BENCH_ACTIVITIES_DURATION:-6}" "${BENCH_ACTIVITIES_ROUNDS:-2}" "${BENCH_ACTIVITIES_WARMUP:-1}"
N=${BENCH_ACTIVITIES:-10000}
case "$N" in '' | *[!0-9]*) die "BENCH_ACTIVITIES must be a number" ;; esac
TARGET_RATIO=0.75
LUA=bench/lib/wrk-json.lua
READER=viewer
PATH_LIST="/api/v1/activities?alliance_id=1&limit=50"
parse_server_specs "${BENCH_ACTIVITIES_SERVERS:-2 2:nocache}"

bench_tmpdir
pin_binary
: >"$RAW"
: >"$WRKLOG"

# ---- the database ----
DB=$T/activities.db
g0=$(now_ns)
"$BIN" init --db "$DB" >/dev/null 2>&1 || die "lianjian init failed"
"$BIN" import-divisions data/divisions --db "$DB" >/dev/null 2>&1 || die "import-divisions failed"
"$BIN" demo --db "$DB" >/dev/null 2>&1 || die "lianjian demo failed"
sqlite3 -bail "$DB" "CREATE TEMP TABLE gen(n); INSERT INTO gen VALUES($N);" ".read bench/gen/activities.sql" ||
	die "bench/gen/activities.sql failed"
gen_s=$(elapsed_s "$g0")
sq() { sqlite3 -bail "$DB" "$@"; }
counts=$(sq "SELECT (SELECT count(*) FROM activities WHERE alliance_id = 1), (SELECT count(*) FROM activity_participants),
  (SELECT count(*) FROM activity_headcount), (SELECT count(*) FROM sittings), (SELECT count(*) FROM sitting_attendance)")
IFS='|' read -r n_act n_part n_hc n_sit n_att <<<"$counts"
[ "$n_act" -ge "$N" ] || die "generated $n_act activities, wanted $N"
gen_line="alliance 1: $n_act activities ($N generated on top of the demo), $n_part people on record, $n_hc headcount rows, $n_sit sittings, $n_att attendance rows; ${gen_s}s"
log "$gen_line"

start_servers "$DB"
first=${LABELS[0]}
srv_url() { echo "http://127.0.0.1:${SPORT[$1]}$2"; }

# ---- sign in (a write: before anything is cached) ----
hdr=$T/login.hdr
code=$(curl -sS --max-time 30 -o "$T/login.json" -D "$hdr" -w '%{http_code}' -H 'Content-Type: application/json' \
	--data "{\"username\":\"$READER\",\"password\":\"demo-2026\"}" "$(srv_url "$first" /api/v1/session)") ||
	die "login request failed"
[ "$code" = 200 ] || die "login of $READER answered $code"
TOKEN=$(sed -n 's/^[Ss]et-[Cc]ookie: lj_session=\([^;]*\);.*/\1/p' "$hdr" | tr -d '\r')
[ -n "$TOKEN" ] || die "no session cookie"
COOKIE="Cookie: lj_session=$TOKEN"
# the reports show the session token as $SESSION
wrk_shown() { echo "${1//\'Cookie: lj_session=$TOKEN\'/\"Cookie: lj_session=\$SESSION\"}"; }

# ---- the answer, checked, and its static copy ----
mkdir -p "$T/nginx/www"
BODY=$T/nginx/www/activities.json
code=$(curl -sS --max-time 60 -o "$BODY" -D "$T/hdr.txt" -w '%{http_code}' -H "$COOKIE" "$(srv_url "$first" "$PATH_LIST")") ||
	die "curl to the server failed"
[ "$code" = 200 ] || die "list: server answered $code: $(head -c 300 "$BODY")"
ctype=$(header_value "$T/hdr.txt" content-type)
extra=$(extra_headers "$T/hdr.txt")
for label in "${LABELS[@]}"; do
	curl -sS --max-time 60 -H "$COOKIE" "$(srv_url "$label" "$PATH_LIST")" | cmp -s - "$BODY" ||
		die "list: server $label answers different bytes"
done
BYTES=$(stat -c %s "$BODY")
# persons = distinct people on record or present + counted headcount;
# person-times = the sittings' attendance when there are sittings, else persons.
expect=$(sq "SELECT json_group_array(json_array(id, persons, times)) FROM (
  SELECT a.id,
    (SELECT count(*) FROM (SELECT person_id FROM activity_participants WHERE activity_id = a.id UNION
       SELECT sa.person_id FROM sitting_attendance sa JOIN sittings s ON s.id = sa.sitting_id WHERE s.activity_id = a.id))
    + (SELECT ifnull(sum(persons), 0) FROM activity_headcount WHERE activity_id = a.id) AS persons,
    CASE WHEN EXISTS (SELECT 1 FROM sittings WHERE activity_id = a.id)
      THEN (SELECT count(*) FROM sitting_attendance sa JOIN sittings s ON s.id = sa.sitting_id WHERE s.activity_id = a.id)
      ELSE NULL END AS times
  FROM activities a WHERE a.alliance_id = 1 ORDER BY a.id DESC LIMIT 50)")
verification=$(node -e '
	const fs = require("fs");
	const [file, expJson, n] = process.argv.slice(1);
	const list = JSON.parse(fs.readFileSync(file, "utf8")), x = JSON.parse(expJson);
	const fail = (m) => { console.error("check failed: " + m); process.exit(1); };
	if (JSON.stringify(list.items.map((i) => i.id)) !== JSON.stringify(x.map((r) => r[0]))) fail("ids differ from SQL");
	list.items.forEach((it, k) => {
		const [, persons, times] = x[k];
		if (it.persons !== persons) fail(`activity ${it.id}: persons ${it.persons}, SQL ${persons}`);
		if (it.person_times !== (times ?? persons)) fail(`activity ${it.id}: person_times ${it.person_times}`);
	});
	if (list.next_cursor !== String(x[x.length - 1][0])) fail("next_cursor");
	console.log(`list = the ${x.length} newest of ${n} activities as SQL lists them, persons and person-times as SQL counts them`);' \
	"$BODY" "$expect" "$n_act") || die "the answer does not match the database"
log "$verification; $BYTES bytes"

# ---- nginx ----
start_nginx "$ctype" "$PATH_LIST" "        location = /api/v1/activities {
$(nginx_add_headers "$extra")
            try_files /activities.json =404;
        }"
curl -sS --max-time 10 -D "$T/nhdr.txt" -H "$COOKIE" "http://127.0.0.1:$NPORT$PATH_LIST" | cmp -s - "$BODY" ||
	die "list: nginx answers different bytes"
check_same_headers "list (nginx)" "$T/nhdr.txt" "$ctype" "$extra"

# ---- wrk ----
for round in $(seq "$ROUNDS"); do
	warm=0
	[ "$round" = 1 ] && warm=$WARMUP
	at="\"endpoint\":\"list\",\"round\":$round"
	mapfile -t workers < <(nginx_workers)
	run_wrk "list / nginx / round $round" "$at,\"side\":\"nginx\",\"label\":\"nginx\"" "$warm" \
		"$NGINX_PID" "${workers[@]}" -- -H "$COOKIE" -s "$LUA" "http://127.0.0.1:$NPORT$PATH_LIST"
	for label in "${LABELS[@]}"; do
		run_wrk "list / $label / round $round" "$at,$(server_fields "$label")" "$warm" \
			"${SPID[$label]}" -- -H "$COOKIE" -s "$LUA" "$(srv_url "$label" "$PATH_LIST")"
	done
done

# ---- memory, then stop ----
servers=$(servers_json)
ngx_hwm=$(nginx_hwm_kb)
stop_servers
stop_pid "$NGINX_PID"

# ---- report ----
cat >"$T/meta.json" <<EOF2
{
  $(meta_head_json),
  "versions": {$(tool_versions_json)},
  "settings": {"duration_s": $DURATION, "rounds": $ROUNDS, "round_s": $ROUND_S, "warmup_s": $WARMUP, "connections": $CONNS,
               "wrk_threads": $WRK_THREADS, "wrk_timeout": "$WRK_TIMEOUT", "nginx_workers": $NGINX_WORKERS},
  "target": {"min_ratio": $TARGET_RATIO, "meaning": "server requests/s >= 75% of nginx serving the same bytes"},
  "content_type": $(json_str "$ctype"),
  "dataset": {"generator": "lianjian demo + bench/gen/activities.sql", "activities": $n_act, "summary": $(json_str "$gen_line")},
  "verification": $(json_str "$verification"),
  "servers": $servers,
  "endpoints": [{"name": "list", "path": $(json_str "$PATH_LIST"), "items": 50, "urls": 1, "bytes": $BYTES, "target_ratio": $TARGET_RATIO}],
  "nginx_memory": {"vm_hwm_kb_sum": $ngx_hwm},
  "server_log_bytes": $SERVER_LOG_BYTES,
  "quiet": $(quiet_json),
  "commands": {
    "generate": $(json_str "lianjian init; lianjian import-divisions data/divisions; lianjian demo; sqlite3 DB \"CREATE TEMP TABLE gen(n); INSERT INTO gen VALUES($N);\" \".read bench/gen/activities.sql\""),
    "login": $(json_str "curl -D - -H 'Content-Type: application/json' --data '{\"username\":\"$READER\",\"password\":\"demo-2026\"}' http://127.0.0.1:${SPORT[$first]}/api/v1/session   # SESSION = the lj_session cookie"),
    "nginx": $(json_str "$(show_cmd "${NGINX_CMD[@]}")")
  },
  "elapsed_s": $(elapsed_s "$BENCH_STARTED")
}
EOF2
report activities "$T/meta.json"
