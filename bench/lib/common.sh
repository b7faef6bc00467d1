# shellcheck shell=bash disable=SC2034  # variables set here are used by the scripts that source it
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

bench_init() {
	set -euo pipefail
	trap bench_cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	cd "$ROOT"
	mkdir -p "$RESULTS" "$CACHE"
	[ -x "$BIN" ] || die "$BIN is missing: run 'make build/lianjian' first"
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
# nearly idle (< BENCH_QUIET_PCT % of all cores busy over one second), for at
# most BENCH_QUIET_WAIT seconds per call and BENCH_QUIET_BUDGET seconds per
# script. Sets QUIET to the busy % seen last. Other people's builds and tests
# on a 2-core machine otherwise decide the result.
QUIET_SPENT=0
wait_quiet() {
	local max=${BENCH_QUIET_WAIT:-60} budget=${BENCH_QUIET_BUDGET:-150} pct=${BENCH_QUIET_PCT:-10}
	local hz cpus a b waited=0
	hz=$(getconf CLK_TCK)
	cpus=$(nproc)
	while :; do
		a=$(sys_cpu_ticks)
		sleep 1
		b=$(sys_cpu_ticks)
		QUIET=$(awk -v a="$a" -v b="$b" -v hz="$hz" -v c="$cpus" 'BEGIN {
			split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / hz / c }')
		[ "$QUIET" -lt "$pct" ] && break
		if [ "$waited" -ge "$max" ] || [ "$QUIET_SPENT" -ge "$budget" ]; then
			log "machine still $QUIET% busy with other work; measuring anyway"
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
