#!/usr/bin/env bash
# divisions.sh - the division cascader's list endpoint against nginx serving
# the very same bytes as static files (the ceiling), measured in one run.
#
#   1. fetch/cache china-division@2.7.0 (bench/.cache/), import all provinces
#      into a fresh database with `lianjian import-divisions`;
#   2. start `lianjian serve` once per server configuration (BENCH_SERVERS,
#      default "2 4 2:nocache": --threads 2 and 4 as shipped, and --threads 2
#      with LIANJIAN_NO_CACHE=1, i.e. without the per-thread answer cache),
#      each on its own ephemeral loopback port;
#   3. endpoints: the province list `parent=`, a county (30 towns), a town (25
#      villages), and "towns-mix": every 20th of the 41,352 towns, cycled by
#      wrk (bench/lib/wrk-mix.lua), so that an answer cache sees the spread of
#      keys the cascader really produces instead of one hot URL;
#   4. fetch the server's exact response bodies with curl and write them as
#      static files for a throwaway nginx (own prefix and config in a temp dir,
#      another free loopback port, access_log off, the same Content-Type and
#      the same extra headers the server sends); check every server and nginx
#      answer the same bytes;
#   5. per endpoint, in BENCH_ROUNDS rounds (default 3 of 5 s, i.e. 15 s per
#      target): wrk against nginx, then against each server configuration,
#      back to back, so that a burst of other work on the machine hits all
#      sides alike (an unrecorded warm-up precedes each target's first round;
#      when other work keeps the machine busy, wait a little: wait_quiet).
#      Per target the median round counts; the ratio is the median of the
#      per-round server/nginx ratios. BENCH_ROUNDS=1 gives one 15 s run each;
#   6. write bench/results/divisions.{md,json}: requests/s, p50/p99, the
#      server/nginx ratio (target: >= 0.75), CPU time per request, the load
#      other processes put on the machine meanwhile, peak RSS (VmHWM), and the
#      exact commands.
#
# Server, nginx and wrk share the same 2-core machine, so wrk takes part of
# the CPU in either case; only the ratio measured in one run is meaningful.
#
# Knobs (environment): BENCH_SERVERS="2 4 2:nocache", BENCH_DURATION=15 (s per
# target, split into BENCH_ROUNDS=3 rounds),
# BENCH_WARMUP=2, BENCH_CONNECTIONS=64, BENCH_WRK_THREADS=2,
# BENCH_NGINX_WORKERS=2, BENCH_TOWN=440982116 (平定镇, 25 villages),
# BENCH_COUNTY=440982 (化州市, 30 towns), BENCH_MIX_EVERY=20 (0: no towns-mix),
# LIANJIAN_BIN, DIVISIONS_DIR, BENCH_RESULTS_DIR; see bench/README.md.
source "$(dirname "$0")/lib/common.sh"
bench_init
require_tools curl wrk nginx node timeout sqlite3

read -r -a SERVER_SPECS <<<"${BENCH_SERVERS:-2 4 2:nocache}"
DURATION=${BENCH_DURATION:-15}
ROUNDS=${BENCH_ROUNDS:-3}
ROUND_S=$(( DURATION / ROUNDS ))
[ "$ROUND_S" -ge 1 ] || die "BENCH_DURATION / BENCH_ROUNDS must be at least 1 s"
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
TOWN=${BENCH_TOWN:-440982116}
COUNTY=${BENCH_COUNTY:-440982}
MIX_EVERY=${BENCH_MIX_EVERY:-20}
TARGET_RATIO=0.75
LUA=bench/lib/wrk-json.lua
LUA_MIX=bench/lib/wrk-mix.lua
ENDPOINTS=("provinces:" "county:$COUNTY" "town:$TOWN")
[ "$MIX_EVERY" -gt 0 ] && ENDPOINTS+=("towns-mix:")
CLK_TCK=$(getconf CLK_TCK)

bench_tmpdir
pin_binary
RAW=$RESULTS/divisions.raw.tmp       # one JSON record per line, kept for inspection
WRKLOG=$RESULTS/divisions.wrk.tmp    # wrk's own text output
MIXPATHS=$RESULTS/divisions.mix-paths.tmp
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
# A spec is THREADS or THREADS:nocache; its label names it in the results.
declare -A SPID SPORT STHREADS SCACHE SCMD
LABELS=()
for spec in "${SERVER_SPECS[@]}"; do
	th=${spec%%:*}
	[[ "$th" =~ ^[0-9]+$ ]] || die "bad BENCH_SERVERS entry $spec"
	label="t$th" cache=1 envs=(env -u LIANJIAN_NO_CACHE)
	if [ "$spec" != "$th" ]; then
		[ "${spec#*:}" = nocache ] || die "bad BENCH_SERVERS entry $spec (THREADS or THREADS:nocache)"
		label="t$th-nocache" cache=0 envs=(env LIANJIAN_NO_CACHE=1)
	fi
	start_server "$DB" "$th" "$T/server-$label.log" "${envs[@]}"
	LABELS+=("$label")
	SPID[$label]=$SERVER_PID
	SPORT[$label]=$SERVER_PORT
	STHREADS[$label]=$th
	SCACHE[$label]=$cache
	SCMD[$label]="$( [ "$cache" = 0 ] && printf 'LIANJIAN_NO_CACHE=1 ')$(show_cmd "$BIN" serve --db "$DB" --listen "127.0.0.1:$SERVER_PORT" --threads "$th")"
	log "${SCMD[$label]}: pid $SERVER_PID"
done
first=${LABELS[0]}
url_path() { echo "/api/v1/divisions?parent=$1"; }

# ---- the static copies ----
WWW=$T/nginx/www/divisions
mkdir -p "$WWW" "$T/nginx/tmp" "$T/check"
declare -A ITEMS BYTES NPATHS
ctype=""
# fetch_all PORT DIR: GET every path of $T/paths.<ep> from 127.0.0.1:PORT into
# DIR/p<parent>.json, one curl process with keep-alive.
fetch_all() {
	local port=$1 dir=$2 ep=$3 p
	: >"$T/curl.cfg"
	while read -r p; do
		printf 'url = "http://127.0.0.1:%s%s"\noutput = "%s/p%s.json"\n' \
			"$port" "$p" "$dir" "${p#*parent=}" >>"$T/curl.cfg"
	done <"$T/paths.$ep"
	timeout 120 curl -sS --fail --max-time 10 -K "$T/curl.cfg" || die "$ep: fetching from port $port failed"
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
	# Headers of the first answer: the Content-Type nginx must send as well.
	first_path=$(head -n1 "$T/paths.$name")
	code=$(curl -sS --max-time 10 -o /dev/null -D "$T/hdr-$name.txt" -w '%{http_code}' \
		"http://127.0.0.1:${SPORT[$first]}$first_path") || die "curl to the server failed"
	[ "$code" = 200 ] || die "$name: server answered $code for $first_path"
	ct=$(awk -F': *' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$T/hdr-$name.txt")
	[ -z "$ctype" ] && ctype=$ct
	[ "$ct" = "$ctype" ] || die "$name: Content-Type $ct differs from $ctype"
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
		[ "$label" = "$first" ] && continue
		rm -rf "$T/check" && mkdir -p "$T/check"
		fetch_all "${SPORT[$label]}" "$T/check" "$name"
		diff -rq "$WWW" "$T/check" 2>/dev/null | grep -q '^Files' &&
			die "$name: server $label answers different bytes"
	done
	log "$name: ${NPATHS[$name]} URL(s), ${ITEMS[$name]} items, ${BYTES[$name]} bytes (mean)"
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
	for _ in $(seq 50); do
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
cp "$T/nginx/nginx.conf" "$RESULTS/divisions.nginx.conf.tmp"
nginx_workers() { ps -o pid= --ppid "$NGINX_PID" | tr -d ' '; }
log "nginx: pid $NGINX_PID, port $NPORT, workers $(nginx_workers | tr '\n' ' ')"
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*}
	rm -rf "$T/check" && mkdir -p "$T/check"
	fetch_all "$NPORT" "$T/check" "$name"
	diff -rq "$WWW" "$T/check" 2>/dev/null | grep -q '^Files' && die "$name: nginx answers different bytes"
	curl -sS --max-time 10 -o /dev/null -D "$T/nhdr-$name.txt" "http://127.0.0.1:$NPORT$(head -n1 "$T/paths.$name")"
	nct=$(awk -F': *' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$T/nhdr-$name.txt")
	[ "$nct" = "$ctype" ] || die "$name: nginx Content-Type $nct, server $ctype"
done

# ---- wrk ----
# check_alive WHAT PID...: a measured process died (crashed, or was killed by
# someone else's clean-up): say how, keep the server logs, stop.
check_alive() {
	local what=$1 pid
	shift
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null && [ "$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)" != Z ]; then
			continue
		fi
		local how label
		how=$(exit_status_of "$pid")
		for label in "${LABELS[@]}"; do
			cp "$T/server-$label.log" "$RESULTS/divisions.server-$label.log.tmp" 2>/dev/null || true
		done
		die "$what (pid $pid) is gone: $how; logs in ${RESULTS#"$ROOT"/}/divisions.*.tmp"
	done
}

# run_wrk ENDPOINT SIDE LABEL ROUND PID... -- WRK-TARGET-ARGS...: warm-up (in
# round 1), measured run, one record. Besides wrk's numbers it records the CPU time of the
# measured processes, of wrk itself and of the whole machine, so that a run
# disturbed by other work on the machine shows up as "other load".
run_wrk() {
	local ep=$1 side=$2 label=$3 round=$4 pids=()
	shift 4
	while [ "$1" != -- ]; do
		pids+=("$1")
		shift
	done
	shift
	local target=("$@") what="$ep / $side${label:+ $label} / round $round"
	if [ "$round" = 1 ] && [ "$WARMUP" -gt 0 ]; then
		timeout $((WARMUP + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" "${target[@]}" >/dev/null ||
			die "wrk warm-up failed: $what"
	fi
	check_alive "$what" "${pids[@]}"
	local cmd=(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${ROUND_S}s" --latency "${target[@]}")
	local c0 c1 s0 s1 w0 w1 t0 t1 out rc=0
	c0=$(cpu_ticks "${pids[@]}")
	s0=$(sys_cpu_ticks)
	children_cpu
	w0=$CHILD_CPU_S
	t0=$(now_ns)
	out=$(timeout $((ROUND_S + 60)) "${cmd[@]}") || rc=$?
	t1=$(now_ns)
	children_cpu
	w1=$CHILD_CPU_S
	s1=$(sys_cpu_ticks)
	check_alive "$what" "${pids[@]}"
	[ "$rc" -eq 0 ] || die "wrk failed: $what (status $rc)"
	c1=$(cpu_ticks "${pids[@]}")
	{
		echo "### $what"
		echo "\$ $(show_cmd "${cmd[@]}")"
		grep -v '^WRKJSON ' <<<"$out"
		echo
	} >>"$WRKLOG"
	local js load threads=null cache=null
	if [ "$side" = server ]; then
		threads=${STHREADS[$label]}
		cache=$([ "${SCACHE[$label]}" = 1 ] && echo true || echo false)
	fi
	js=$(sed -n 's/^WRKJSON //p' <<<"$out")
	[ -n "$js" ] || die "no summary from wrk: $what"
	load=$(awk -v s0="$s0" -v s1="$s1" -v c=$((c1 - c0)) -v w0="$w0" -v w1="$w1" \
		-v ns=$((t1 - t0)) -v hz="$CLK_TCK" -v cpus="$(nproc)" 'BEGIN {
		split(s0, a, " "); split(s1, b, " ")
		busy = (b[1] - a[1]) / hz; steal = (b[2] - a[2]) / hz
		wall = ns / 1e9; target = c / hz; wrk = w1 - w0
		other = busy - target - wrk; if (other < 0) other = 0
		printf "{\"wall_s\":%.3f,\"machine_busy_s\":%.2f,\"steal_s\":%.2f,\"target_cpu_s\":%.2f,\"wrk_cpu_s\":%.2f,\"other_cpu_s\":%.2f,\"other_load_pct\":%.1f}",
			wall, busy, steal, target, wrk, other, 100 * other / (wall * cpus) }')
	printf '{"endpoint":%s,"side":%s,"label":%s,"round":%d,"threads":%s,"cache":%s,"command":%s,"cpu_ticks":%d,"clk_tck":%d,"busy_before_pct":%s,"load":%s,"wrk":%s}\n' \
		"$(json_str "$ep")" "$(json_str "$side")" "$(json_str "$label")" "$round" "$threads" "$cache" \
		"$(json_str "$(show_cmd "${cmd[@]}")")" \
		$((c1 - c0)) "$CLK_TCK" "$QUIET" "$load" "$js" >>"$RAW"
	node -e '
		const r = JSON.parse(process.argv[1]), l = JSON.parse(process.argv[3]);
		const e = Object.values(r.errors).reduce((a, b) => a + b, 0);
		console.error(`[bench] ${process.argv[2]}: ${r.rps.toFixed(0)} req/s, p99 ${(r.p99_us/1000).toFixed(2)} ms` +
			`${e ? `, ${e} errors` : ""}, other load ${l.other_load_pct}%`);' \
		"$js" "$what" "$load"
}

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
		wait_quiet
		mapfile -t workers < <(nginx_workers)
		mapfile -t targs < <(target_args "$name" "$parent" "$NPORT")
		run_wrk "$name" nginx "" "$round" "$NGINX_PID" "${workers[@]}" -- "${targs[@]}"
		for label in "${LABELS[@]}"; do
			mapfile -t targs < <(target_args "$name" "$parent" "${SPORT[$label]}")
			run_wrk "$name" server "$label" "$round" "${SPID[$label]}" -- "${targs[@]}"
		done
	done
done

# ---- memory, then stop ----
rss_json=""
for label in "${LABELS[@]}"; do
	rss_json+="${rss_json:+,}$(printf '{"label":%s,"vm_hwm_kb":%s,"vm_rss_kb":%s,"rss_anon_kb":%s,"rss_file_kb":%s}' \
		"$(json_str "$label")" "$(vm_hwm_kb "${SPID[$label]}")" "$(vm_rss_kb "${SPID[$label]}")" \
		"$(rss_anon_kb "${SPID[$label]}")" "$(rss_file_kb "${SPID[$label]}")")"
done
ngx_hwm=0
for p in "$NGINX_PID" $(nginx_workers); do
	ngx_hwm=$((ngx_hwm + $(vm_hwm_kb "$p")))
done
log_bytes=0
for label in "${LABELS[@]}"; do
	stop_pid "${SPID[$label]}"
	log_bytes=$((log_bytes + $(stat -c %s "$T/server-$label.log")))
done
stop_pid "$NGINX_PID"
finished=$(now_ns)

# ---- report ----
eps_json=""
for ep in "${ENDPOINTS[@]}"; do
	name=${ep%%:*} parent=${ep#*:}
	if [ "$name" = towns-mix ]; then
		shown="/api/v1/divisions?parent={town} (${NPATHS[$name]} towns: every ${MIX_EVERY}th, cycled)"
	else
		shown=$(url_path "$parent")
	fi
	eps_json+="${eps_json:+,}$(printf '{"name":%s,"parent":%s,"path":%s,"urls":%s,"items":%s,"bytes":%s}' \
		"$(json_str "$name")" "$(json_str "$parent")" "$(json_str "$shown")" "${NPATHS[$name]}" \
		"${ITEMS[$name]}" "${BYTES[$name]}")"
done
servers_json=""
for label in "${LABELS[@]}"; do
	servers_json+="${servers_json:+,}$(printf '{"label":%s,"threads":%s,"cache":%s,"command":%s}' \
		"$(json_str "$label")" "${STHREADS[$label]}" "$([ "${SCACHE[$label]}" = 1 ] && echo true || echo false)" \
		"$(json_str "${SCMD[$label]}")")"
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
  "settings": {"duration_s": $DURATION, "rounds": $ROUNDS, "round_s": $ROUND_S, "warmup_s": $WARMUP, "connections": $CONNS,
               "wrk_threads": $WRK_THREADS, "nginx_workers": $NGINX_WORKERS},
  "target": {"min_ratio": $TARGET_RATIO, "meaning": "server requests/s >= 75% of nginx serving the same bytes"},
  "content_type": $(json_str "$ctype"),
  "dataset": {"package": $(json_str "$DIVISION_PKG"), "import": $(json_str "$import_line")},
  "servers": [$servers_json],
  "endpoints": [$eps_json],
  "server_memory": [$rss_json],
  "nginx_memory": {"vm_hwm_kb_sum": $ngx_hwm},
  "server_log_bytes": $log_bytes,
  "commands": {
    "init": $(json_str "$(show_cmd "${cmd_init[@]}")"),
    "import": $(json_str "$(show_cmd "${cmd_import[@]}")"),
    "nginx": $(json_str "$(show_cmd "${cmd_nginx[@]}")")
  },
  "elapsed_s": $(( (finished - started) / 1000000000 ))
}
EOF
node bench/lib/report.mjs divisions "$meta" "$RAW" "$RESULTS/divisions.json" "$RESULTS/divisions.md"
cat "$RESULTS/divisions.md"
