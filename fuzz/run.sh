#!/usr/bin/env bash
# fuzz/run.sh [SECONDS] - build every libFuzzer target, replay its committed
# corpus, then fuzz it for SECONDS (default 60; 0 = replay only).
#
#   build   fuzz/targets/fuzz_<name>.c + every src/*/*.c but src/main.c, all
#           with clang -fsanitize=fuzzer,address,undefined, into build/fuzz/
#   replay  build/fuzz/fuzz_<name> -runs=0 fuzz/corpus/<name>  (any crash,
#           leak or UBSan report fails the target)
#   fuzz    on a copy of the corpus in build/fuzz/work/<name>, with
#           fuzz/dict/<name>.dict, -max_total_time=SECONDS -timeout=10
#           -rss_limit_mb=2048; any finding fails the target and its input is
#           left in build/fuzz/artifacts/<name>/
#
# The tree is not written to: everything goes under build/fuzz/. Promote new
# inputs by hand with -merge=1 (fuzz/README.md). Last line: "N passed, N failed".
# Environment: FUZZ_TARGETS="json csv" to run some targets only, FUZZ_CC
# (default clang), FUZZ_JOBS (parallel compiles, default nproc).
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD

SECS=${1:-${FUZZ_SECONDS:-60}}
case $SECS in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
CC=${FUZZ_CC:-clang}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
OUT=build/fuzz
PKGS="libmicrohttpd sqlite3 jansson libsodium libqrencode xlsxwriter libzip expat libpq"

if [ -n "${FUZZ_TARGETS:-}" ]; then
	read -r -a TARGETS <<<"$FUZZ_TARGETS"
else
	TARGETS=()
	for f in fuzz/targets/fuzz_*.c; do
		n=${f#fuzz/targets/fuzz_}
		TARGETS+=("${n%.c}")
	done
fi

START=$(date +%s)
declare -A RESULT NOTE

log() { printf '%s\n' "$*"; }

finish() {
	local pass=0 fail=0 t
	log ""
	log "== summary (${SECS}s per target, $(($(date +%s) - START))s wall)"
	for t in "${TARGETS[@]}"; do
		if [ "${RESULT[$t]:-FAIL}" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		printf '%-5s %-7s %s\n' "${RESULT[$t]:-FAIL}" "$t" "${NOTE[$t]:-}"
	done
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

fail_all() {
	local t
	for t in "${TARGETS[@]}"; do RESULT[$t]=FAIL; NOTE[$t]="$1"; done
	finish
}

# ---- build -------------------------------------------------------------------

command -v "$CC" >/dev/null || fail_all "no $CC (needs clang and libclang-rt-14-dev)"
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || fail_all "pkg-config: $PKGS"
PKG_LIBS=$(pkg-config --libs $PKGS) || fail_all "pkg-config: $PKGS"

BASE="-std=c11 -D_DEFAULT_SOURCE -Isrc -include src/core/banned.h -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all"
LIB_CFLAGS="$BASE -Wall -Wextra -fsanitize=fuzzer-no-link,address,undefined $PKG_CFLAGS"
DRV_CFLAGS="$BASE -Wall -Wextra -Werror -Ifuzz/targets -fsanitize=fuzzer,address,undefined $PKG_CFLAGS"
LIBS="$PKG_LIBS -lpthread -lm"

mkdir -p "$OUT/obj" "$OUT/logs" "$OUT/work" "$OUT/artifacts"

log "== build ($CC, $JOBS jobs)"
make -s build/gen/migrations.c >"$OUT/logs/build.log" 2>&1 ||
	{ cat "$OUT/logs/build.log"; fail_all "make build/gen/migrations.c failed"; }

# A flag change rebuilds everything.
FLAGS_NOW="$CC $LIB_CFLAGS | $DRV_CFLAGS | $LIBS"
if [ "$(cat "$OUT/flags" 2>/dev/null)" != "$FLAGS_NOW" ]; then
	rm -rf "$OUT/obj" "$OUT"/fuzz_* "$OUT/liblj.a"
	mkdir -p "$OUT/obj"
	printf '%s' "$FLAGS_NOW" >"$OUT/flags"
fi

# stale OUTPUT DEPFILE: 0 when OUTPUT is missing or older than a dependency.
stale() {
	local out=$1 dep=$2 f
	[ -e "$out" ] && [ -e "$dep" ] || return 0
	for f in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$dep"); do
		[ -e "$f" ] && [ "$f" -nt "$out" ] && return 0
		[ -e "$f" ] || return 0
	done
	return 1
}

SRCS=()
for f in src/*/*.c; do SRCS+=("$f"); done
SRCS+=(build/gen/migrations.c)
OBJS=()
: >"$OUT/compile.cmds"
for f in "${SRCS[@]}"; do
	o="$OUT/obj/$(printf '%s' "${f%.c}" | tr '/' '_').o"
	OBJS+=("$o")
	if stale "$o" "${o%.o}.d"; then
		printf '%s\n' "$CC $LIB_CFLAGS -MMD -MF ${o%.o}.d -c $f -o $o" >>"$OUT/compile.cmds"
	fi
done
n_cmds=$(wc -l <"$OUT/compile.cmds")
if [ "$n_cmds" -gt 0 ]; then
	log "compiling $n_cmds source files"
	if ! xargs -P "$JOBS" -d '\n' -I{} sh -c '{}' <"$OUT/compile.cmds" >"$OUT/logs/build.log" 2>&1; then
		cat "$OUT/logs/build.log"
		fail_all "compiling src/ failed (see $OUT/logs/build.log)"
	fi
	grep -E 'warning:' "$OUT/logs/build.log" | head -20
	rm -f "$OUT/liblj.a"
fi
if [ ! -e "$OUT/liblj.a" ]; then
	ar rcs "$OUT/liblj.a" "${OBJS[@]}" || fail_all "ar failed"
fi

: >"$OUT/link.cmds"
for t in "${TARGETS[@]}"; do
	src="fuzz/targets/fuzz_$t.c"
	bin="$OUT/fuzz_$t"
	[ -e "$src" ] || { RESULT[$t]=FAIL; NOTE[$t]="no $src"; continue; }
	if stale "$bin" "$bin.d" || [ "$OUT/liblj.a" -nt "$bin" ]; then
		printf '%s\n' "$CC $DRV_CFLAGS -MMD -MF $bin.d -o $bin $src $OUT/liblj.a $LIBS >$OUT/logs/$t.build.log 2>&1" >>"$OUT/link.cmds"
	fi
done
if [ -s "$OUT/link.cmds" ]; then
	log "linking $(wc -l <"$OUT/link.cmds") targets"
	xargs -P "$JOBS" -d '\n' -I{} sh -c '{}' <"$OUT/link.cmds"
fi
for t in "${TARGETS[@]}"; do
	[ -n "${RESULT[$t]:-}" ] && continue
	if [ ! -x "$OUT/fuzz_$t" ] || [ "$OUT/fuzz_$t" -ot "fuzz/targets/fuzz_$t.c" ]; then
		cat "$OUT/logs/$t.build.log" 2>/dev/null
		RESULT[$t]=FAIL
		NOTE[$t]="build failed (see $OUT/logs/$t.build.log)"
	fi
done
log "build done in $(($(date +%s) - START))s"

# ---- replay and fuzz -----------------------------------------------------------

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

# Show what a failed run left behind: the log's report and the input.
report_failure() {
	local t=$1 logf=$2 a
	log "---- $t: $logf (last 40 lines)"
	tail -n 40 "$logf"
	for a in "$OUT/artifacts/$t"/*; do
		[ -f "$a" ] || continue
		log "---- $t: finding $a ($(wc -c <"$a") bytes), base64:"
		base64 -w 76 "$a" | head -c 4000
		echo
	done
}

count_files() { find "$1" -type f 2>/dev/null | wc -l; }

for t in "${TARGETS[@]}"; do
	[ -n "${RESULT[$t]:-}" ] && continue
	bin="$OUT/fuzz_$t"
	corpus="fuzz/corpus/$t"
	art="$OUT/artifacts/$t"
	rm -rf "$art"
	mkdir -p "$art" "$corpus"
	n_seed=$(count_files "$corpus")
	log ""
	log "== $t: replay $n_seed inputs"
	rlog="$OUT/logs/$t.replay.log"
	if ! "$bin" -runs=0 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/" "$corpus" \
		>"$rlog" 2>&1; then
		report_failure "$t" "$rlog"
		RESULT[$t]=FAIL
		NOTE[$t]="replay of $corpus failed (see $rlog)"
		continue
	fi
	if [ "$SECS" -eq 0 ]; then
		RESULT[$t]=PASS
		NOTE[$t]="replayed $n_seed inputs"
		continue
	fi

	work="$OUT/work/$t"
	rm -rf "$work"
	mkdir -p "$work"
	cp -R "$corpus"/. "$work"/
	dict=()
	[ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
	log "== $t: fuzz ${SECS}s"
	flog="$OUT/logs/$t.fuzz.log"
	"$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art/" "${dict[@]}" "$work" >"$flog" 2>&1
	rc=$?
	last=$(grep -E '#[0-9]+.*cov:' "$flog" | tail -n 1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$flog")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$flog")
	n_work=$(count_files "$work")
	summary="corpus $n_seed -> $n_work, cov ${cov:-?} ft ${ft:-?}, ${execs:-?} runs, ${eps:-?} exec/s"
	log "$summary"
	if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$art")" ]; then
		report_failure "$t" "$flog"
		RESULT[$t]=FAIL
		NOTE[$t]="finding (exit $rc) in $art; $summary"
	else
		RESULT[$t]=PASS
		NOTE[$t]="$summary"
	fi
done

finish
