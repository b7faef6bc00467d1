#!/usr/bin/env bash
# divisions.sh - the division cascader's list endpoint against nginx serving
# the very same bytes as static files (the ceiling), measured in one run.
#
#   1. fetch/cache china-division@2.7.0 (bench/.cache/), import all provinces
#      into a fresh database with `lianjian import-divisions`;
#   2. start `lianjian serve` once per --threads value (BENCH_THREADS, default
#      "2 4"), each on its own ephemeral loopback port;
#   3. for each endpoint (the province list `parent=`, a county, a town with
#      ~25 villages) fetch the server's exact response body with curl and write
#      it as a static file for a throwaway nginx (own prefix and config in a
#      temp dir, another free loopback port, access_log off, the same
#      Content-Type and the same extra headers the server sends);
#   4. per endpoint, back to back: wrk against nginx, then against each server
#      (a short unrecorded warm-up precedes every measured run);
#   5. write bench/results/divisions.{md,json}: requests/s, p50/p99, the
#      server/nginx ratio (target: >= 0.75), CPU time per request, peak RSS
#      (VmHWM) and the exact commands.
#
# Both sides run on the same 2-core machine as wrk, so wrk takes part of the
# CPU in either case; only the ratio measured in one run is meaningful.
#
# Knobs (environment): BENCH_THREADS="2 4", BENCH_DURATION=15 (seconds),
# BENCH_WARMUP=2, BENCH_CONNECTIONS=64, BENCH_WRK_THREADS=2,
# BENCH_NGINX_WORKERS=2, BENCH_TOWN=440982116 (平定镇, 25 villages),
# BENCH_COUNTY=440982 (化州市, 30 towns), LIANJIAN_BIN, DIVISIONS_DIR.
source "$(dirname "$0")/lib/common.sh"
bench_init
require_tools curl wrk nginx node timeout

THREADS=(${BENCH_THREADS:-2 4})
DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
TOWN=${BENCH_TOWN:-440982116}
COUNTY=${BENCH_COUNTY:-440982}
TARGET_RATIO=0.75
LUA=bench/lib/wrk-json.lua
ENDPOINTS=("provinces:" "county:$COUNTY" "town:$TOWN")
CLK_TCK=$(getconf CLK_TCK)

bench_tmpdir
pin_binary
RAW=$RESULTS/divisions.raw.tmp      # one JSON record per line, kept for inspection
WRKLOG=$RESULTS/divisions.wrk.tmp  # wrk's own text output
: >"$RAW"
: >"$WRKLOG"
started=$(now_ns)

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

# ---- servers ----
declare -A SPID SPORT
for th in "${THREADS[@]}"; do
	start_server "$DB" "$th" "$T/server-t$th.log"
	SPID[$th]=$SERVER_PID
	SPORT[$th]=$SERVER_PORT
	log "lianjian serve --threads $th: pid $SERVER_PID, port $SERVER_PORT"
done
first=${THREADS[0]}
srv_url() { echo "http://127.0.0.1:${SPORT[$1]}/api/v1/divisions?parent=$2"; }

# ---- the static copies ----
mkdir -p "$T/nginx/www/divisions" "$T/nginx/tmp"
ctype=""
declare -A ITEMS BYTES
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	body=$T/nginx/www/divisions/p$parent.json
	hdr=$T/hdr-$name.txt
	code=$(curl -sS --max-time 10 -o "$body" -D "$hdr" -w '%{http_code}' "$(srv_url "$first" "$parent")") ||
		die "curl to the server failed"
	[ "$code" = 200 ] || die "$name: server answered $code"
	ct=$(awk -F': *' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$hdr")
	[ -z "$ctype" ] && ctype=$ct
	[ "$ct" = "$ctype" ] || die "$name: Content-Type $ct differs from $ctype"
	# The page must be complete (no next cursor) and hold only the parent's children.
	ITEMS[$name]=$(node -e '
		const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const p = process.argv[2] || null;
		if (j.next_cursor !== null) throw new Error("response is paged (next_cursor set)");
		if (!j.items.length || j.items.some(i => i.parent_code !== p)) throw new Error("wrong items");
		console.log(j.items.length);' "$body" "$parent") || die "$name: unexpected response body"
	BYTES[$name]=$(stat -c %s "$body")
	for th in "${THREADS[@]}"; do
		curl -sS --max-time 10 "$(srv_url "$th" "$parent")" | cmp -s - "$body" ||
			die "$name: server --threads $th answers different bytes"
	done
	log "$name (parent=$parent): ${ITEMS[$name]} items, ${BYTES[$name]} bytes"
done
chmod -R a+rX "$T/nginx/www"

# ---- nginx ----
# The same extra headers as the server, so both answers are about the same size.
csp="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
write_nginx_conf() {
	cat >"$T/nginx/nginx.conf" <<EOF
# Throwaway config written by bench/divisions.sh.
worker_processes $NGINX_WORKERS;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 10000000;
    etag off;
    client_body_temp_path $T/nginx/tmp/body;
    proxy_temp_path $T/nginx/tmp/proxy;
    fastcgi_temp_path $T/nginx/tmp/fastcgi;
    uwsgi_temp_path $T/nginx/tmp/uwsgi;
    scgi_temp_path $T/nginx/tmp/scgi;
    types { }
    default_type "$ctype";
    server {
        listen 127.0.0.1:$1;
        root $T/nginx/www;
        location = /api/v1/divisions {
            add_header Cache-Control "no-store" always;
            add_header X-Content-Type-Options "nosniff" always;
            add_header X-Frame-Options "DENY" always;
            add_header Referrer-Policy "same-origin" always;
            add_header Content-Security-Policy "$csp" always;
            try_files /divisions/p\$arg_parent.json =404;
        }
    }
}
EOF
}
NGINX_PID=""
for attempt in 1 2 3 4 5; do
	NPORT=$(free_port)
	write_nginx_conf "$NPORT"
	cmd_nginx=(nginx -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -g 'daemon off;')
	"${cmd_nginx[@]}" >"$T/nginx/stdout.log" 2>&1 &
	NGINX_PID=$!
	BENCH_PIDS+=("$NGINX_PID")
	ok=""
	for i in $(seq 50); do
		kill -0 "$NGINX_PID" 2>/dev/null || break
		if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$NPORT/api/v1/divisions?parent="; then
			ok=1
			break
		fi
		sleep 0.1
	done
	[ -n "$ok" ] && break
	log "nginx did not come up on port $NPORT (attempt $attempt): $(tail -n2 "$T/nginx/error.log" 2>/dev/null)"
	stop_pid "$NGINX_PID"
	NGINX_PID=""
done
[ -n "$NGINX_PID" ] || die "could not start nginx"
ngx_url() { echo "http://127.0.0.1:$NPORT/api/v1/divisions?parent=$1"; }
nginx_workers() { ps -o pid= --ppid "$NGINX_PID" | tr -d ' '; }
log "nginx: pid $NGINX_PID, port $NPORT, workers $(nginx_workers | tr '\n' ' ')"
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	curl -sS --max-time 10 -D "$T/nhdr-$name.txt" "$(ngx_url "$parent")" |
		cmp -s - "$T/nginx/www/divisions/p$parent.json" || die "$name: nginx answers different bytes"
	nct=$(awk -F': *' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$T/nhdr-$name.txt")
	[ "$nct" = "$ctype" ] || die "$name: nginx Content-Type $nct, server $ctype"
done

# ---- wrk ----
# check_alive NAME PID...: a measured process died (crashed, or was killed by
# someone else's clean-up): say how, keep its log, stop.
check_alive() {
	local what=$1 pid
	shift
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null && [ "$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)" != Z ]; then
			continue
		fi
		local how
		how=$(exit_status_of "$pid")
		for th in "${THREADS[@]}"; do
			cp "$T/server-t$th.log" "$RESULTS/divisions.server-t$th.log.tmp" 2>/dev/null || true
		done
		die "$what (pid $pid) is gone: $how; logs in ${RESULTS#"$ROOT"/}/divisions.*.tmp"
	done
}

# run_wrk ENDPOINT SIDE THREADS URL PID...: warm-up, measured run, one record.
# Besides wrk's numbers it records the CPU time of the measured processes,
# of wrk itself and of the whole machine, so that a run disturbed by other
# work on the machine shows up as "other load".
run_wrk() {
	local ep=$1 side=$2 th=$3 url=$4
	shift 4
	timeout $((WARMUP + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" "$url" >/dev/null ||
		die "wrk warm-up failed against $url"
	check_alive "$side${th:+ --threads $th}" "$@"
	wait_quiet
	local cmd=(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$LUA" "$url")
	local c0 c1 s0 s1 w0 w1 t0 t1 out rc=0
	c0=$(cpu_ticks "$@")
	s0=$(sys_cpu_ticks)
	children_cpu
	w0=$CHILD_CPU_S
	t0=$(now_ns)
	out=$(timeout $((DURATION + 60)) "${cmd[@]}") || rc=$?
	t1=$(now_ns)
	children_cpu
	w1=$CHILD_CPU_S
	s1=$(sys_cpu_ticks)
	check_alive "$side${th:+ --threads $th}" "$@"
	[ "$rc" -eq 0 ] || die "wrk failed against $url (status $rc)"
	c1=$(cpu_ticks "$@")
	{
		echo "### $ep / $side${th:+ --threads $th}"
		echo "\$ $(show_cmd "${cmd[@]}")"
		grep -v '^WRKJSON ' <<<"$out"
		echo
	} >>"$WRKLOG"
	local js
	js=$(sed -n 's/^WRKJSON //p' <<<"$out")
	[ -n "$js" ] || die "no summary from wrk against $url"
	local load
	load=$(awk -v s0="$s0" -v s1="$s1" -v c=$((c1 - c0)) -v w0="$w0" -v w1="$w1" \
		-v ns=$((t1 - t0)) -v hz="$CLK_TCK" -v cpus="$(nproc)" 'BEGIN {
		split(s0, a, " "); split(s1, b, " ")
		busy = (b[1] - a[1]) / hz; steal = (b[2] - a[2]) / hz
		wall = ns / 1e9; target = c / hz; wrk = w1 - w0
		other = busy - target - wrk; if (other < 0) other = 0
		printf "{\"wall_s\":%.3f,\"machine_busy_s\":%.2f,\"steal_s\":%.2f,\"target_cpu_s\":%.2f,\"wrk_cpu_s\":%.2f,\"other_cpu_s\":%.2f,\"other_load_pct\":%.1f}",
			wall, busy, steal, target, wrk, other, 100 * other / (wall * cpus) }')
	printf '{"endpoint":%s,"side":%s,"threads":%s,"url":%s,"command":%s,"cpu_ticks":%d,"clk_tck":%d,"busy_before_pct":%s,"load":%s,"wrk":%s}\n' \
		"$(json_str "$ep")" "$(json_str "$side")" "${th:-null}" "$(json_str "$url")" \
		"$(json_str "$(show_cmd "${cmd[@]}")")" $((c1 - c0)) "$CLK_TCK" "$QUIET" "$load" "$js" >>"$RAW"
	node -e '
		const r = JSON.parse(process.argv[1]), l = JSON.parse(process.argv[3]);
		const e = Object.values(r.errors).reduce((a, b) => a + b, 0);
		console.error(`[bench] ${process.argv[2]}: ${r.rps.toFixed(0)} req/s, p99 ${(r.p99_us/1000).toFixed(2)} ms` +
			`${e ? `, ${e} errors` : ""}, other load ${l.other_load_pct}%`);' \
		"$js" "$ep / $side${th:+ --threads $th}" "$load"
}

for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	mapfile -t workers < <(nginx_workers)
	run_wrk "$name" nginx "" "$(ngx_url "$parent")" "$NGINX_PID" "${workers[@]}"
	for th in "${THREADS[@]}"; do
		run_wrk "$name" server "$th" "$(srv_url "$th" "$parent")" "${SPID[$th]}"
	done
done

# ---- memory, then stop ----
rss_json=""
for th in "${THREADS[@]}"; do
	rss_json+="${rss_json:+,}$(printf '{"threads":%s,"vm_hwm_kb":%s,"vm_rss_kb":%s}' \
		"$th" "$(vm_hwm_kb "${SPID[$th]}")" "$(vm_rss_kb "${SPID[$th]}")")"
done
ngx_hwm=0
for p in "$NGINX_PID" $(nginx_workers); do
	ngx_hwm=$((ngx_hwm + $(vm_hwm_kb "$p")))
done
log_bytes=0
for th in "${THREADS[@]}"; do
	stop_pid "${SPID[$th]}"
	log_bytes=$((log_bytes + $(stat -c %s "$T/server-t$th.log")))
done
stop_pid "$NGINX_PID"
finished=$(now_ns)

# ---- report ----
eps_json=""
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	eps_json+="${eps_json:+,}$(printf '{"name":%s,"parent":%s,"path":%s,"items":%s,"bytes":%s}' \
		"$(json_str "$name")" "$(json_str "$parent")" \
		"$(json_str "/api/v1/divisions?parent=$parent")" "${ITEMS[$name]}" "${BYTES[$name]}")"
done
serve_cmds=""
for th in "${THREADS[@]}"; do
	serve_cmds+="${serve_cmds:+,}$(json_str "$(show_cmd "$BIN" serve --db "$DB" --listen "127.0.0.1:${SPORT[$th]}" --threads "$th")")"
done
meta=$T/meta.json
cat >"$meta" <<EOF
{
  "benchmark": "divisions",
  "date": $(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)"),
  "commit": $(json_str "$(git_describe)"),
  "binary": {"path": $(json_str "$BIN_ORIG"), "sha256": $(json_str "$BIN_SHA256")},
  "machine": $(machine_json),
  "versions": {
    "nginx": $(json_str "$(nginx -v 2>&1 | sed 's/^nginx version: //')"),
    "wrk": $(json_str "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')")
  },
  "settings": {"duration_s": $DURATION, "warmup_s": $WARMUP, "connections": $CONNS,
               "wrk_threads": $WRK_THREADS, "nginx_workers": $NGINX_WORKERS,
               "server_threads": [$(IFS=,; echo "${THREADS[*]}")]},
  "target": {"min_ratio": $TARGET_RATIO, "meaning": "server requests/s >= 75% of nginx serving the same bytes"},
  "content_type": $(json_str "$ctype"),
  "dataset": {"package": $(json_str "$DIVISION_PKG"), "import": $(json_str "$import_line")},
  "endpoints": [$eps_json],
  "server_memory": [$rss_json],
  "nginx_memory": {"vm_hwm_kb_sum": $ngx_hwm},
  "server_access_log_bytes": $log_bytes,
  "commands": {
    "init": $(json_str "$(show_cmd "${cmd_init[@]}")"),
    "import": $(json_str "$(show_cmd "${cmd_import[@]}")"),
    "serve": [$serve_cmds],
    "nginx": $(json_str "$(show_cmd "${cmd_nginx[@]}")")
  },
  "elapsed_s": $(( (finished - started) / 1000000000 ))
}
EOF
cp "$T/nginx/nginx.conf" "$RESULTS/divisions.nginx.conf.tmp"
node bench/lib/report.mjs divisions "$meta" "$RAW" "$RESULTS/divisions.json" "$RESULTS/divisions.md"
cat "$RESULTS/divisions.md"
