#!/usr/bin/env bash
# divisions.sh - the division cascader's list endpoint against nginx serving
# the very same bytes as static files (the ceiling), measured in one run.
#
#   1. fetch/cache china-division@2.7.0 (bench/.cache/), import all provinces
#      into a fresh database with `lianjian import-divisions`;
#   2. start `lianjian serve` once per server configuration (BENCH_SERVERS,
#      default "2 2:nocache": --threads 2 as shipped, and --threads 2 with
#      LIANJIAN_NO_CACHE=1, i.e. without the per-thread answer cache), each on
#      its own ephemeral loopback port;
#   3. endpoints: the province list `parent=`, a county (30 towns), a town (25
#      villages), and "towns-mix": every 20th of the 41,352 towns, cycled by
#      wrk (bench/lib/wrk-mix.lua), so that an answer cache sees the spread of
#      keys the cascader really produces instead of one hot URL;
#   4. fetch the server's exact response bodies with curl and write them as
#      static files for a throwaway nginx (bench/lib/common.sh: start_nginx;
#      access_log off, the same Content-Type and the same extra headers the
#      server sends); check every server and nginx answer the same bytes;
#   5. per endpoint, in BENCH_ROUNDS rounds (default 3 of 2 s): wrk against
#      nginx, then against each server configuration, back to back, so that a
#      burst of other work on the machine hits all sides alike (an unrecorded
#      warm-up precedes each target's first round; before every run,
#      wait_quiet waits a little for other work on the machine to end). Per
#      target the median round counts; the ratio is the median of the
#      per-round server/nginx ratios;
#   6. bench/results/divisions.{md,json,echarts.json} (bench/lib/report.mjs):
#      requests/s, p50/p99, the server/nginx ratio (target: >= 0.75), CPU
#      time per request, the load other processes put on the machine
#      meanwhile, peak RSS (VmHWM), and the exact commands.
#
# Server, nginx and wrk share the same 2-core machine, so wrk takes part of
# the CPU in either case; only the ratio measured in one run is meaningful.
#
# Knobs (environment): BENCH_SERVERS="2 2:nocache" (e.g. "2 4 2:nocache"),
# BENCH_DURATION=6 (s per target, split into BENCH_ROUNDS=3 rounds),
# BENCH_WARMUP=1, BENCH_CONNECTIONS=64, BENCH_WRK_THREADS=2,
# BENCH_NGINX_WORKERS=2, BENCH_TOWN=440982116 (平定镇, 25 villages),
# BENCH_COUNTY=440982 (化州市, 30 towns), BENCH_MIX_EVERY=20 (0: no towns-mix),
# LIANJIAN_BIN, DIVISIONS_DIR, BENCH_RESULTS_DIR; see bench/README.md.
# shellcheck source=lib/common.sh disable=SC2016  # node -e scripts are in single quotes on purpose
source "$(dirname "$0")/lib/common.sh"
bench_init divisions
require_tools curl wrk nginx node timeout sqlite3

round_settings "${BENCH_DURATION:-6}" "${BENCH_ROUNDS:-3}" "${BENCH_WARMUP:-1}"
TOWN=${BENCH_TOWN:-440982116}
COUNTY=${BENCH_COUNTY:-440982}
MIX_EVERY=${BENCH_MIX_EVERY:-20}
TARGET_RATIO=0.75
LUA=bench/lib/wrk-json.lua
LUA_MIX=bench/lib/wrk-mix.lua
ENDPOINTS=("provinces:" "county:$COUNTY" "town:$TOWN")
[ "$MIX_EVERY" -gt 0 ] && ENDPOINTS+=("towns-mix:")
parse_server_specs "${BENCH_SERVERS:-2 2:nocache}"

bench_tmpdir
pin_binary
MIXPATHS=$RESULTS/divisions.mix-paths.tmp
: >"$RAW"
: >"$WRKLOG"

# ---- data and database ----
ensure_division_data
DB=$T/divisions.db
cmd_init=("$BIN" init --db "$DB")
cmd_import=("$BIN" import-divisions "$DIV_DIR" --db "$DB")
"${cmd_init[@]}" >/dev/null 2>&1 || die "lianjian init failed"
log "importing the national division set into a fresh database"
import_out=$(timeout 300 "${cmd_import[@]}" 2>&1) || { echo "$import_out" >&2; die "import failed"; }
import_line=$(grep -m1 '^imported' <<<"$import_out")
log "$import_line"

start_servers "$DB"
first=${LABELS[0]}
url_path() { echo "/api/v1/divisions?parent=$1"; }

# ---- the static copies ----
WWW=$T/nginx/www/divisions
mkdir -p "$WWW" "$T/check"
declare -A ITEMS BYTES NPATHS
ctype="" extra=""
# fetch_all PORT DIR ENDPOINT: GET every path of $T/paths.ENDPOINT from
# 127.0.0.1:PORT into DIR/p<parent>.json, one curl process with keep-alive.
fetch_all() {
	local port=$1 dir=$2 ep=$3 p
	: >"$T/curl.cfg"
	while read -r p; do
		printf 'url = "http://127.0.0.1:%s%s"\noutput = "%s/p%s.json"\n' \
			"$port" "$p" "$dir" "${p#*parent=}" >>"$T/curl.cfg"
	done <"$T/paths.$ep"
	timeout 120 curl -sS --fail --max-time 10 -K "$T/curl.cfg" || die "$ep: fetching from port $port failed"
}
# same_bytes PORT ENDPOINT WHO: every answer from PORT equals the static copy.
same_bytes() {
	rm -rf "$T/check" && mkdir -p "$T/check"
	fetch_all "$1" "$T/check" "$2"
	diff -rq "$WWW" "$T/check" 2>/dev/null | grep -q '^Files' && die "$2: $3 answers different bytes"
	return 0
}
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	if [ "$name" = towns-mix ]; then
		sqlite3 "$DB" "SELECT code FROM divisions WHERE level = 4 ORDER BY code" |
			awk -v k="$MIX_EVERY" 'NR % k == 1 {print "/api/v1/divisions?parent=" $1}' >"$T/paths.$name"
		cp "$T/paths.$name" "$MIXPATHS"
	else
		url_path "$parent" >"$T/paths.$name"
	fi
	NPATHS[$name]=$(wc -l <"$T/paths.$name")
	# Headers of the first answer: the Content-Type and the extra headers
	# nginx must send as well.
	first_path=$(head -n1 "$T/paths.$name")
	code=$(curl -sS --max-time 10 -o /dev/null -D "$T/hdr-$name.txt" -w '%{http_code}' \
		"http://127.0.0.1:${SPORT[$first]}$first_path") || die "curl to the server failed"
	[ "$code" = 200 ] || die "$name: server answered $code for $first_path"
	if [ -z "$ctype" ]; then
		ctype=$(header_value "$T/hdr-$name.txt" content-type)
		extra=$(extra_headers "$T/hdr-$name.txt")
	fi
	check_same_headers "$name (server)" "$T/hdr-$name.txt" "$ctype" "$extra"
	fetch_all "${SPORT[$first]}" "$WWW" "$name"
	# Each page holds only the parent's children; the single-URL endpoints must
	# be complete pages (no next cursor).
	ITEMS[$name]=$(node -e '
		const fs = require("fs"), [dir, list, single] = process.argv.slice(1);
		let items = 0, n = 0;
		for (const path of fs.readFileSync(list, "utf8").split("\n").filter(Boolean)) {
			const p = path.split("parent=")[1];
			const j = JSON.parse(fs.readFileSync(`${dir}/p${p}.json`, "utf8"));
			if (single === "1" && j.next_cursor !== null) throw new Error("paged answer for " + path);
			if (!j.items.length || j.items.some((i) => i.parent_code !== (p || null)))
				throw new Error("wrong items for " + path);
			items += j.items.length; n++;
		}
		console.log(single === "1" ? items : (items / n).toFixed(1));' \
		"$WWW" "$T/paths.$name" "$([ "$name" = towns-mix ] && echo 0 || echo 1)") ||
		die "$name: unexpected response body"
	BYTES[$name]=$(sed 's|.*parent=||' "$T/paths.$name" | while read -r p; do stat -c %s "$WWW/p$p.json"; done |
		awk '{s += $1} END {printf "%.0f", s / NR}')
	for label in "${LABELS[@]}"; do
		[ "$label" = "$first" ] || same_bytes "${SPORT[$label]}" "$name" "server $label"
	done
	log "$name: ${NPATHS[$name]} URL(s), ${ITEMS[$name]} items, ${BYTES[$name]} bytes (mean)"
done

# ---- nginx ----
start_nginx "$ctype" "/api/v1/divisions?parent=" "        location = /api/v1/divisions {
$(nginx_add_headers "$extra")
            try_files /divisions/p\$arg_parent.json =404;
        }"
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*}
	same_bytes "$NPORT" "$name" nginx
	curl -sS --max-time 10 -o /dev/null -D "$T/nhdr-$name.txt" "http://127.0.0.1:$NPORT$(head -n1 "$T/paths.$name")"
	check_same_headers "$name (nginx)" "$T/nhdr-$name.txt" "$ctype" "$extra"
done

# ---- wrk ----
# wrk's target arguments for an endpoint on a port.
target_args() {
	local name=$1 parent=$2 port=$3
	if [ "$name" = towns-mix ]; then
		echo "-s"; echo "$LUA_MIX"; echo "http://127.0.0.1:$port"; echo "--"; echo "$MIXPATHS"
	else
		echo "-s"; echo "$LUA"; echo "http://127.0.0.1:$port$(url_path "$parent")"
	fi
}
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	for round in $(seq "$ROUNDS"); do
		warm=0
		[ "$round" = 1 ] && warm=$WARMUP
		at="\"endpoint\":$(json_str "$name"),\"round\":$round"
		mapfile -t workers < <(nginx_workers)
		mapfile -t targs < <(target_args "$name" "$parent" "$NPORT")
		run_wrk "$name / nginx / round $round" "$at,\"side\":\"nginx\",\"label\":\"nginx\"" "$warm" \
			"$NGINX_PID" "${workers[@]}" -- "${targs[@]}"
		for label in "${LABELS[@]}"; do
			mapfile -t targs < <(target_args "$name" "$parent" "${SPORT[$label]}")
			run_wrk "$name / $label / round $round" "$at,$(server_fields "$label")" "$warm" \
				"${SPID[$label]}" -- "${targs[@]}"
		done
	done
done

# ---- memory, then stop ----
servers=$(servers_json)
ngx_hwm=$(nginx_hwm_kb)
stop_servers
stop_pid "$NGINX_PID"

# ---- report ----
eps_json=""
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	if [ "$name" = towns-mix ]; then
		shown="/api/v1/divisions?parent={town} (${NPATHS[$name]} towns: every ${MIX_EVERY}th, cycled)"
	else
		shown=$(url_path "$parent")
	fi
	eps_json+="${eps_json:+,}$(printf '{"name":%s,"parent":%s,"path":%s,"urls":%s,"items":%s,"bytes":%s,"target_ratio":%s}' \
		"$(json_str "$name")" "$(json_str "$parent")" "$(json_str "$shown")" "${NPATHS[$name]}" \
		"${ITEMS[$name]}" "${BYTES[$name]}" "$TARGET_RATIO")"
done
cat >"$T/meta.json" <<EOF
{
  $(meta_head_json),
  "versions": {$(tool_versions_json)},
  "settings": {"duration_s": $DURATION, "rounds": $ROUNDS, "round_s": $ROUND_S, "warmup_s": $WARMUP, "connections": $CONNS,
               "wrk_threads": $WRK_THREADS, "wrk_timeout": "$WRK_TIMEOUT", "nginx_workers": $NGINX_WORKERS},
  "target": {"min_ratio": $TARGET_RATIO, "meaning": "server requests/s >= 75% of nginx serving the same bytes"},
  "content_type": $(json_str "$ctype"),
  "dataset": {"package": $(json_str "$DIVISION_PKG"), "import": $(json_str "$import_line")},
  "servers": $servers,
  "endpoints": [$eps_json],
  "nginx_memory": {"vm_hwm_kb_sum": $ngx_hwm},
  "server_log_bytes": $SERVER_LOG_BYTES,
  "quiet": $(quiet_json),
  "commands": {
    "init": $(json_str "$(show_cmd "${cmd_init[@]}")"),
    "import": $(json_str "$(show_cmd "${cmd_import[@]}")"),
    "nginx": $(json_str "$(show_cmd "${NGINX_CMD[@]}")")
  },
  "elapsed_s": $(elapsed_s "$BENCH_STARTED")
}
EOF
report divisions "$T/meta.json"
