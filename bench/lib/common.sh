# shellcheck shell=bash disable=SC2034,SC2016  # variables set here are used by the scripts that source it; node -e scripts in single quotes
# common.sh - shared helpers for the benchmark scripts (sourced, not run).
#
# Everything here runs on 127.0.0.1 only, bounds every external command with
# `timeout`, and remembers the processes and scratch directories it started so
# that bench_cleanup (installed on EXIT) can stop them by PID.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BIN=${LIANJIAN_BIN:-$ROOT/build/lianjian}
CACHE=$BENCH_DIR/.cache
RESULTS=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
DIVISION_PKG=china-division@2.7.0
DIVISION_FILES=(provinces cities areas streets villages)
DIVISION_VILLAGES=620573

BENCH_PIDS=()
BENCH_DIRS=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops every process we started (TERM, then KILL after 5 s) and removes the
# scratch directories. Safe to call twice.
bench_cleanup() {
	local pid i
	for pid in "${BENCH_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null || continue
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${BENCH_PIDS[@]}"; do
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "pid $pid did not stop on TERM; killing"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	done
	BENCH_PIDS=()
	local d
	for d in "${BENCH_DIRS[@]}"; do
		[ -n "$d" ] && rm -rf -- "$d"
	done
	BENCH_DIRS=()
}

# bench_init NAME: strict mode, clean-up on exit, and the common settings:
# RAW (one JSON record per measured run) and WRKLOG (wrk's text output) in
# the results directory, scratch files ending in .tmp.
bench_init() {
	set -euo pipefail
	BENCH_NAME=$1
	trap bench_cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	cd "$ROOT"
	mkdir -p "$RESULTS" "$CACHE"
	[ -x "$BIN" ] || die "$BIN is missing: run 'make build/lianjian' first"
	RAW=$RESULTS/$BENCH_NAME.raw.tmp
	WRKLOG=$RESULTS/$BENCH_NAME.wrk.tmp
	CLK_TCK=$(getconf CLK_TCK)
	CONNS=${BENCH_CONNECTIONS:-64}
	WRK_THREADS=${BENCH_WRK_THREADS:-2}
	WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-10s}
	NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
	BENCH_STARTED=$(now_ns)
}

require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || die "$t not found (bash scripts/install-deps.sh installs it)"
	done
}

# Sets T to a scratch directory removed on exit (not a $(...) helper: the
# cleanup list must be updated in this shell). World-readable so that nginx
# workers, which drop to an unprivileged user when started as root, can read it.
bench_tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/lianjian-bench.XXXXXX")
	chmod 755 "$T"
	BENCH_DIRS+=("$T")
}

# Copies the server binary into the scratch directory T and uses the copy, so
# that a rebuild of build/lianjian by someone else during the run cannot
# change what is measured. Sets BIN_SHA256.
pin_binary() {
	cp "$BIN" "$T/lianjian"
	BIN_SHA256=$(sha256sum "$BIN" | cut -d' ' -f1)
	BIN_ORIG=$BIN
	BIN=$T/lianjian
}

# JSON string literal for a shell string (enough for paths, commands, names).
json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	printf '"%s"' "$s"
}

# Prints a command line with shell quoting where needed (for the reports).
show_cmd() {
	local out="" a
	for a in "$@"; do
		if [[ "$a" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
			out+="$a "
		else
			out+="'${a//\'/\'\\\'\'}' "
		fi
	done
	printf '%s' "${out% }"
}

# Sets DIV_DIR to a directory holding the five china-division CSV files.
# $DIVISIONS_DIR overrides; otherwise the package is fetched once with
# `npm pack` and its dist/*.csv cached under bench/.cache/.
ensure_division_data() {
	if [ -n "${DIVISIONS_DIR:-}" ]; then
		DIV_DIR=$DIVISIONS_DIR
		[ -f "$DIV_DIR/villages.csv" ] || die "DIVISIONS_DIR=$DIV_DIR has no villages.csv"
		return
	fi
	local dest=$CACHE/china-division-2.7.0
	DIV_DIR=$dest/dist
	if [ -f "$dest/.complete" ]; then
		return
	fi
	log "fetching $DIVISION_PKG with npm pack (24 MB, once; cached in ${dest#"$ROOT"/})"
	local t
	t=$(mktemp -d "$CACHE/fetch.XXXXXX")
	BENCH_DIRS+=("$t")
	(cd "$t" && timeout 300 npm pack "$DIVISION_PKG" --silent --no-audit --no-fund >/dev/null) \
		|| die "npm pack $DIVISION_PKG failed"
	local tgz f members=()
	tgz=$(ls "$t"/china-division-*.tgz) || die "npm pack produced no tarball"
	for f in "${DIVISION_FILES[@]}"; do
		members+=("package/dist/$f.csv")
	done
	timeout 120 tar -xzf "$tgz" -C "$t" "${members[@]}" || die "cannot extract $tgz"
	local lines
	lines=$(wc -l <"$t/package/dist/villages.csv")
	[ "$lines" -eq $((DIVISION_VILLAGES + 1)) ] ||
		die "villages.csv has $lines lines, expected $((DIVISION_VILLAGES + 1))"
	rm -rf "$dest"
	mkdir -p "$dest"
	mv "$t/package/dist" "$dest/dist"
	(cd "$(dirname "$tgz")" && sha256sum "$(basename "$tgz")") >"$dest/SHA256"
	echo "$DIVISION_PKG" >"$dest/.complete"
	rm -rf "$t"
}

# A free TCP port on 127.0.0.1 (the kernel picks it; a tiny race remains,
# callers retry if the listen fails).
free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_server DB THREADS LOGFILE [ENV-PREFIX...]: starts `lianjian serve` on an
# ephemeral loopback port (ENV-PREFIX, e.g. `env LIANJIAN_NO_CACHE=1`, execs
# it, so the PID stays the server's); sets SERVER_PID and SERVER_PORT. The
# port is read from the "listening on http://127.0.0.1:PORT" line it prints.
start_server() {
	local db=$1 threads=$2 logf=$3 i port=""
	shift 3
	"$@" "$BIN" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" >"$logf" 2>&1 &
	SERVER_PID=$!
	BENCH_PIDS+=("$SERVER_PID")
	for i in $(seq 100); do
		port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$logf" | head -n1)
		[ -n "$port" ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; die "server exited at start"; }
		sleep 0.1
	done
	[ -n "$port" ] || die "server did not report a port within 10 s"
	SERVER_PORT=$port
}

# stop_pid PID: TERM, wait up to 10 s, then KILL.
stop_pid() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# Peak resident set (kB) of a process: VmHWM from /proc/PID/status.
vm_hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
vm_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# RssAnon and RssFile (kB): private memory vs file pages mapped (e.g. an
# mmap'ed database, shared with the page cache).
rss_anon_kb() { awk '/^RssAnon:/ {print $2}' "/proc/$1/status"; }
rss_file_kb() { awk '/^RssFile:/ {print $2}' "/proc/$1/status"; }

# Sum of user+system CPU clock ticks of the given PIDs.
cpu_ticks() {
	local pid sum=0 t
	for pid in "$@"; do
		t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')
		sum=$((sum + t))
	done
	echo "$sum"
}

# target_ticks PID...: cpu_ticks of the measured processes, plus, when the
# caller defines extra_target_ticks, what it counts (bench/pg.sh: the
# PostgreSQL processes, which come and go and so are not a PID list).
target_ticks() {
	local t
	t=$(cpu_ticks "$@")
	if declare -F extra_target_ticks >/dev/null; then t=$((t + $(extra_target_ticks))); fi
	echo "$t"
}

# matters_cache_key: the key of the generated 1M-matter database
# (bench/matters.sh, bench/pg.sh): a hash of the generator, the migrations and
# the division CSV files (call ensure_division_data first).
matters_cache_key() {
	cat bench/gen/matters.sql bench/gen/matters-gen.sh sql/migrations/*.sql \
		"$DIV_DIR"/{provinces,cities,areas,streets,villages}.csv | sha256sum | cut -c1-16
}

# Median of numbers given as arguments.
median() {
	printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'
}

now_ns() { date +%s%N; }

git_describe() {
	local c
	c=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$ROOT" status --porcelain -- src sql 2>/dev/null)" ]; then
		c="$c+dirty-src"
	fi
	echo "$c"
}

machine_json() {
	local cpu kernel
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	kernel=$(uname -r)
	printf '{"nproc":%s,"cpu":%s,"kernel":%s,"mem_total_kb":%s}' \
		"$(nproc)" "$(json_str "$cpu")" "$(json_str "$kernel")" \
		"$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
}

# System-wide CPU counters from /proc/stat, in clock ticks: "BUSY STEAL"
# (busy = user+nice+system+irq+softirq; steal = taken by the hypervisor).
sys_cpu_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $9}' /proc/stat; }

# Sets CHILD_CPU_S to the CPU seconds (user+system) of all children this
# shell has waited for. Must not run in a $(...) subshell: `times` there
# would describe the subshell's children only.
children_cpu() {
	local f=${BENCH_DIRS[0]:-/tmp}/.times
	times >"$f"
	CHILD_CPU_S=$(tail -n1 "$f" | awk '{
		s = 0
		for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); s += a[1] * 60 + a[2] }
		printf "%.3f\n", s }')
}

# wait_quiet: before a measured run, waits until the rest of the machine is
# nearly idle (< BENCH_QUIET_PCT % of all cores busy over half a second), for at
# most BENCH_QUIET_WAIT seconds per call and BENCH_QUIET_BUDGET seconds per
# script (QUIET_SPENT counts half seconds). Sets QUIET to the busy % seen
# last; QUIET_GAVE_UP counts the calls that gave up waiting (or did not wait
# at all, the budget being spent). Other people's builds and tests on a
# 2-core machine otherwise decide the result. Each call within the budget
# takes at least half a second (the sample).
QUIET_SPENT=0
QUIET_GAVE_UP=0
QUIET=-1
wait_quiet() {
	local max=${BENCH_QUIET_WAIT:-60} budget=${BENCH_QUIET_BUDGET:-150} pct=${BENCH_QUIET_PCT:-10}
	local hz cpus a b waited=0
	# budget spent: not even the sample (QUIET keeps the last one seen)
	if [ "$QUIET_SPENT" -ge $((2 * budget)) ]; then
		QUIET_GAVE_UP=$((QUIET_GAVE_UP + 1))
		return 0
	fi
	hz=$(getconf CLK_TCK)
	cpus=$(nproc)
	while :; do
		a=$(sys_cpu_ticks)
		sleep 0.5
		b=$(sys_cpu_ticks)
		QUIET=$(awk -v a="$a" -v b="$b" -v hz="$hz" -v c="$cpus" 'BEGIN {
			split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / hz / c / 0.5 }')
		[ "$QUIET" -lt "$pct" ] && break
		if [ "$waited" -ge $((2 * max)) ] || [ "$QUIET_SPENT" -ge $((2 * budget)) ]; then
			log "machine still $QUIET% busy with other work; measuring anyway"
			QUIET_GAVE_UP=$((QUIET_GAVE_UP + 1))
			break
		fi
		[ "$waited" -eq 0 ] && log "machine $QUIET% busy with other work; waiting up to ${max}s for it to calm down"
		waited=$((waited + 1))
		QUIET_SPENT=$((QUIET_SPENT + 1))
	done
}

# exit_status_of PID: waits for a dead child and describes how it ended.
exit_status_of() {
	local rc=0
	wait "$1" 2>/dev/null || rc=$?
	if [ "$rc" -gt 128 ]; then
		echo "killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null || echo '?'))"
	else
		echo "exit status $rc"
	fi
}

# round_settings DURATION ROUNDS WARMUP: DURATION seconds per target in
# ROUNDS rounds of ROUND_S seconds, WARMUP seconds of warm-up.
round_settings() {
	DURATION=$1 ROUNDS=$2 WARMUP=$3
	ROUND_S=$((DURATION / ROUNDS))
	[ "$ROUND_S" -ge 1 ] || die "the duration per target ($DURATION s) gives rounds ($ROUNDS) under 1 s"
}

elapsed_s() { awk -v a="$1" -v b="${2:-$(now_ns)}" 'BEGIN {printf "%.1f", (b - a) / 1e9}'; }
json_bool() { if [ "$1" = 1 ]; then echo true; else echo false; fi; }

# ---- HTTP headers ----

# header_value FILE NAME: the value of a header in a `curl -D` dump.
header_value() {
	awk -F': *' -v n="$2" 'tolower($1) == tolower(n) {sub(/\r$/, "", $2); print $2; exit}' "$1"
}

# extra_headers FILE: the headers of a `curl -D` dump that nginx must send as
# well (sorted; all but the status line and the per-connection, per-response
# or per-server ones: nginx adds Server, Last-Modified and Accept-Ranges of
# its own, about 80 bytes).
extra_headers() {
	tr -d '\r' <"$1" | grep -iv -E '^(HTTP/|date:|content-length:|content-type:|connection:|keep-alive:|set-cookie:|server:|last-modified:|accept-ranges:|$)' | sort
}

# check_same_headers WHO HDRFILE CTYPE EXTRA: the Content-Type and the extra
# headers in HDRFILE are the expected ones.
check_same_headers() {
	local who=$1 hdr=$2 ct
	ct=$(header_value "$hdr" content-type)
	[ "$ct" = "$3" ] || die "$who: Content-Type $ct, expected $3"
	[ "$(extra_headers "$hdr")" = "$4" ] || die "$who: other headers than the server's: $(extra_headers "$hdr" | tr '\n' ' ')"
}

# ---- the servers under test ----
# A spec is THREADS or THREADS:nocache (LIANJIAN_NO_CACHE=1: without the
# per-thread answer cache); its label is tTHREADS or tTHREADS-nocache.
# parse_server_specs "SPECS": sets LABELS, STHREADS[label], SCACHE[label].
declare -A SPID SPORT STHREADS SCACHE SCMD SCOLD
LABELS=()
parse_server_specs() {
	local spec th label cache
	for spec in $1; do
		th=${spec%%:*}
		[[ "$th" =~ ^[0-9]+$ ]] || die "bad server spec $spec (THREADS or THREADS:nocache)"
		label="t$th" cache=1
		if [ "$spec" != "$th" ]; then
			[ "${spec#*:}" = nocache ] || die "bad server spec $spec (THREADS or THREADS:nocache)"
			label="t$th-nocache" cache=0
		fi
		LABELS+=("$label")
		STHREADS[$label]=$th
		SCACHE[$label]=$cache
	done
	[ ${#LABELS[@]} -gt 0 ] || die "no server configuration given"
}

# start_servers DB: `lianjian serve` once per label, each on its own
# ephemeral loopback port, logging to $T/server-LABEL.log.
start_servers() {
	local db=$1 label envs
	for label in "${LABELS[@]}"; do
		envs=(env -u LIANJIAN_NO_CACHE)
		[ "${SCACHE[$label]}" = 0 ] && envs=(env LIANJIAN_NO_CACHE=1)
		start_server "$db" "${STHREADS[$label]}" "$T/server-$label.log" "${envs[@]}"
		SPID[$label]=$SERVER_PID
		SPORT[$label]=$SERVER_PORT
		SCOLD[$label]=1
		SCMD[$label]="$([ "${SCACHE[$label]}" = 0 ] && printf 'LIANJIAN_NO_CACHE=1 ')$(show_cmd "$BIN" serve --db "$db" --listen "127.0.0.1:$SERVER_PORT" --threads "${STHREADS[$label]}")"
		log "${SCMD[$label]}: pid $SERVER_PID"
	done
}

# server_desc LABEL: "--threads 2" or "--threads 2, no cache".
server_desc() { echo "--threads ${STHREADS[$1]}$([ "${SCACHE[$1]}" = 0 ] && echo ', no cache')"; }

# server_fields LABEL: the record members naming a server configuration.
server_fields() {
	printf '"side":"server","label":%s,"threads":%s,"cache":%s' \
		"$(json_str "$1")" "${STHREADS[$1]}" "$(json_bool "${SCACHE[$1]}")"
}

# servers_json: the configurations, with their commands and memory (call
# while they still run).
servers_json() {
	local out="" label pid
	for label in "${LABELS[@]}"; do
		pid=${SPID[$label]}
		out+="${out:+,}{$(server_fields "$label"),\"command\":$(json_str "${SCMD[$label]}")"
		out+=",\"vm_hwm_kb\":$(vm_hwm_kb "$pid"),\"vm_rss_kb\":$(vm_rss_kb "$pid"),\"rss_anon_kb\":$(rss_anon_kb "$pid"),\"rss_file_kb\":$(rss_file_kb "$pid")}"
	done
	echo "[$out]"
}

# stop_servers: stops them; sets SERVER_LOG_BYTES (what they logged).
stop_servers() {
	local label
	SERVER_LOG_BYTES=0
	for label in "${LABELS[@]}"; do
		stop_pid "${SPID[$label]}"
		SERVER_LOG_BYTES=$((SERVER_LOG_BYTES + $(stat -c %s "$T/server-$label.log")))
	done
}

# ---- nginx, the ceiling ----

# nginx_add_headers EXTRA: add_header lines for the server's extra headers.
nginx_add_headers() {
	local line
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		printf '            add_header %s "%s" always;\n' "${line%%:*}" "${line#*: }"
	done <<<"$1"
}

# start_nginx CTYPE PROBE-PATH LOCATIONS: a throwaway nginx in $T/nginx (own
# prefix and config, root $T/nginx/www, access_log off, keep-alive without
# limit, CTYPE for every answer) on a free loopback port, with the given
# location blocks; retries on another port when the listen fails. Sets
# NGINX_PID, NPORT and NGINX_CMD; copies the config to
# $RESULTS/$BENCH_NAME.nginx.conf.tmp.
start_nginx() {
	local ctype=$1 probe=$2 locations=$3 attempt ok
	mkdir -p "$T/nginx/www" "$T/nginx/tmp"
	NGINX_PID=""
	for attempt in 1 2 3 4 5; do
		NPORT=$(free_port)
		cat >"$T/nginx/nginx.conf" <<CONF
# Throwaway config written by bench/$BENCH_NAME.sh.
worker_processes ${NGINX_WORKERS:-2};
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
        listen 127.0.0.1:$NPORT;
        root $T/nginx/www;
$locations
    }
}
CONF
		NGINX_CMD=(nginx -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -g 'daemon off;')
		"${NGINX_CMD[@]}" >"$T/nginx/stdout.log" 2>&1 &
		NGINX_PID=$!
		BENCH_PIDS+=("$NGINX_PID")
		ok=""
		for _ in $(seq 50); do
			kill -0 "$NGINX_PID" 2>/dev/null || break
			if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$NPORT$probe"; then
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
	chmod -R a+rX "$T/nginx/www"
	cp "$T/nginx/nginx.conf" "$RESULTS/$BENCH_NAME.nginx.conf.tmp"
	log "nginx: pid $NGINX_PID, port $NPORT, workers $(nginx_workers | tr '\n' ' ')"
}
nginx_workers() { ps -o pid= --ppid "$NGINX_PID" | tr -d ' '; }
# Peak RSS of nginx master and workers, summed (kB).
nginx_hwm_kb() {
	local p sum=0
	for p in "$NGINX_PID" $(nginx_workers); do
		sum=$((sum + $(vm_hwm_kb "$p")))
	done
	echo "$sum"
}

# ---- wrk ----

# settle PID...: waits (at most 10 s) until the processes stopped using CPU:
# a slow server still works through the requests wrk sent before it stopped,
# and that must not land in the next run.
settle() {
	local a b
	b=$(cpu_ticks "$@")
	for _ in $(seq 50); do
		sleep 0.2
		a=$b
		b=$(cpu_ticks "$@")
		[ "$a" = "$b" ] && return 0
	done
	log "pids $* still busy 10 s after the run"
}

# check_alive WHAT PID...: a measured process died (crashed, or was killed by
# someone else's clean-up): say how, keep the server logs, stop.
check_alive() {
	local what=$1 pid how f
	shift
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null && [ "$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)" != Z ]; then
			continue
		fi
		how=$(exit_status_of "$pid")
		for f in "$T"/server-*.log; do
			[ -f "$f" ] && cp "$f" "$RESULTS/$BENCH_NAME.$(basename "$f" .log).log.tmp"
		done
		die "$what (pid $pid) is gone: $how; logs in ${RESULTS#"$ROOT"/}/$BENCH_NAME.*.tmp"
	done
}

# run_wrk WHAT FIELDS WARMUP PID... -- WRK-ARGS...: one measured wrk run of
# ROUND_S seconds (WRK_THREADS threads, CONNS connections, --timeout
# WRK_TIMEOUT) against the processes PID..., after WARMUP seconds of
# unrecorded warm-up (0: none) and wait_quiet (settle after the warm-up and
# after the run: a slow server still works through what wrk sent before it
# stopped). Appends one record to $RAW:
# the JSON members FIELDS (endpoint, side, label, round, ...), the command,
# the CPU time of the measured processes, their peak RSS so far, the load the
# rest of the machine put on it (other_load_pct: CPU of everything but the
# measured processes and wrk, in % of all cores) and wrk's figures (the
# WRKJSON line of bench/lib/wrk-json.lua); wrk's text output goes to $WRKLOG.
# Hooks, when the caller defines them: wrk_before / wrk_after run around the
# measured run (wrk_after may set WRK_EXTRA to more JSON members), and
# wrk_shown CMDLINE prints the command as the reports show it (to hide
# session tokens).
run_wrk() {
	local what=$1 fields=$2 warmup=$3 pids=()
	shift 3
	while [ "$1" != -- ]; do
		pids+=("$1")
		shift
	done
	shift
	local wargs=("$@")
	if [ "$warmup" -gt 0 ]; then
		timeout $((warmup + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${warmup}s" --timeout "$WRK_TIMEOUT" "${wargs[@]}" >/dev/null ||
			die "wrk warm-up failed: $what"
		settle "${pids[@]}"
	fi
	check_alive "$what" "${pids[@]}"
	wait_quiet
	local cmd=(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${ROUND_S}s" --latency --timeout "$WRK_TIMEOUT" "${wargs[@]}")
	local c0 c1 s0 s1 w0 w1 t0 t1 out rc=0 pid hwm=0
	WRK_EXTRA=""
	if declare -F wrk_before >/dev/null; then wrk_before; fi
	c0=$(target_ticks "${pids[@]}")
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
	c1=$(target_ticks "${pids[@]}")
	for pid in "${pids[@]}"; do
		hwm=$((hwm + $(vm_hwm_kb "$pid")))
	done
	if declare -F wrk_after >/dev/null; then wrk_after; fi
	settle "${pids[@]}"
	local shown js load
	shown=$(show_cmd "${cmd[@]}")
	if declare -F wrk_shown >/dev/null; then shown=$(wrk_shown "$shown"); fi
	{
		echo "### $what"
		echo "\$ $shown"
		grep -v '^WRKJSON ' <<<"$out"
		echo
	} >>"$WRKLOG"
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
	printf '{%s,"command":%s,"cpu_ticks":%d,"clk_tck":%d,"vm_hwm_kb":%d,"busy_before_pct":%s,"load":%s,"wrk":%s%s}\n' \
		"$fields" "$(json_str "$shown")" $((c1 - c0)) "$CLK_TCK" "$hwm" "$QUIET" "$load" "$js" \
		"${WRK_EXTRA:+,$WRK_EXTRA}" >>"$RAW"
	# one line of progress (the figures picked out of the two JSON texts)
	awk -v js="$js" -v load="$load" -v what="$what" -v t="$(date +%H:%M:%S)" 'function f(s, k) {
		return match(s, "\"" k "\":[0-9.]+") ? substr(s, RSTART + length(k) + 3, RLENGTH - length(k) - 3) : 0 }
		BEGIN { e = f(js, "connect") + f(js, "read") + f(js, "write") + f(js, "status") + f(js, "timeout")
		printf "[bench %s] %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms%s, other load %s%%\n", t, what, f(js, "rps"),
			f(js, "p50_us") / 1000, f(js, "p99_us") / 1000, e ? ", " e " errors" : "", f(load, "other_load_pct") }' >&2
}

# ---- the mixed read/write load (bench/matters.sh, bench/pg.sh) ----
# mixed_template OUT: the plan's template, 1000 requests in a cycle: 900
# reads over all accounts in turn and 100 progress notes over the writing
# accounts in turn, each on its own matters in turn; a line's account is an
# index into ANAMES. Reads: matters lists of 20 units of ALLIANCE (40%),
# statistics by unit (20%) and by month (10%) of the alliances each account
# reaches, divisions of PARENT's county and 6 of its towns (30%). Uses sq,
# ALLIANCE, ALLIANCE2, PARENT, mix_alliances, ANAMES, WRITERS and WRITES
# (name -> its matters, space-separated).
mixed_template() {
	local mix_units mix_parents r w i name ms k a sa p
	local -A wpos
	mapfile -t mix_units < <(sq "SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY tier ORDER BY id) AS r
		FROM units WHERE alliance_id = $ALLIANCE) WHERE (r - 1) % 7 = 0 ORDER BY id LIMIT 20")
	mapfile -t mix_parents < <(sq "SELECT county_code FROM alliance_counties WHERE alliance_id = $ALLIANCE
		UNION ALL SELECT * FROM (SELECT code FROM divisions WHERE parent_code = '$PARENT' ORDER BY code LIMIT 6)")
	{
		r=0 w=0
		for i in $(seq 0 999); do
			if [ $((i % 10)) -eq 9 ]; then
				name=${WRITERS[$((w % ${#WRITERS[@]}))]}
				read -r -a ms <<<"${WRITES[$name]}"
				k=${wpos[$name]:-0}
				wpos[$name]=$((k + 1))
				for a in "${!ANAMES[@]}"; do [ "${ANAMES[$a]}" = "$name" ] && break; done
				printf 'POST\t/api/v1/matters/%s/progress\t%s\t{"note":"bench-mixed %d by %s"}\n' \
					"${ms[$((k % ${#ms[@]}))]}" "$a" "$w" "$name"
				w=$((w + 1))
				continue
			fi
			# each account reads statistics of the alliances it reaches
			# (read isolation: another alliance's answer 404): the admin
			# all five, the second alliance's admin its own, the others
			# the measured alliance
			a=$((r % ${#ANAMES[@]}))
			case ${ANAMES[$a]} in
			bench_admin) sa=${mix_alliances[$((r / 10 % ${#mix_alliances[@]}))]} ;;
			bench_alliance2) sa=$ALLIANCE2 ;;
			*) sa=$ALLIANCE ;;
			esac
			case $((r % 10)) in
			0 | 1 | 2 | 3) p="/api/v1/matters?unit_id=${mix_units[$((r / 10 % ${#mix_units[@]}))]}&limit=50" ;;
			4 | 5) p="/api/v1/stats?alliance_id=$sa&by=unit" ;;
			6) p="/api/v1/stats?alliance_id=$sa&by=month" ;;
			*) p="/api/v1/divisions?parent=${mix_parents[$((r % ${#mix_parents[@]}))]}" ;;
			esac
			printf 'GET\t%s\t%s\n' "$p" "$a"
			r=$((r + 1))
		done
	} >"$1"
}

# mixed_plan TEMPLATE OUT "TOKEN..." "CSRF...": the plan, with each line's
# account index replaced by that account's session (and CSRF token).
mixed_plan() {
	awk -F'\t' -v OFS='\t' -v tok="$3" -v csrf="$4" '
		BEGIN { split(tok, t, " "); split(csrf, c, " ") }
		$1 == "GET" { print $1, $2, t[$3 + 1]; next }
		{ print $1, $2, t[$3 + 1], c[$3 + 1], $4 }' "$1" >"$2"
}

# ---- the reports ----

# meta_head_json: the members every benchmark's meta file starts with.
meta_head_json() {
	printf '"benchmark":%s,"run_id":%s,"date":%s,"commit":%s,"binary":{"path":%s,"sha256":%s},"machine":%s' \
		"$(json_str "$BENCH_NAME")" "$(json_str "${BENCH_RUN_ID:-}")" \
		"$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$(json_str "$(git_describe)")" \
		"$(json_str "$BIN_ORIG")" "$(json_str "$BIN_SHA256")" "$(machine_json)"
}
tool_versions_json() {
	printf '"nginx":%s,"wrk":%s,"sqlite3":%s' \
		"$(json_str "$(nginx -v 2>&1 | sed 's/^nginx version: //')")" \
		"$(json_str "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')")" \
		"$(json_str "$(sqlite3 --version | awk '{print $1}')")"
}
# quiet_json: how much wait_quiet waited and how often it gave up.
quiet_json() {
	printf '{"waited_s":%s,"gave_up":%d,"budget_s":%s,"threshold_pct":%s}' \
		"$(awk -v n="$QUIET_SPENT" 'BEGIN {print n / 2}')" "$QUIET_GAVE_UP" \
		"${BENCH_QUIET_BUDGET:-150}" "${BENCH_QUIET_PCT:-10}"
}

# report KIND META: bench/lib/report.mjs writes $RESULTS/KIND.{json,md,echarts.json}
# from META and $RAW, then the table is shown.
report() {
	node "$BENCH_DIR/lib/report.mjs" "$1" "$2" "$RAW" "$RESULTS" || die "report failed"
	cat "$RESULTS/$1.md"
}
