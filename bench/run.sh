#!/usr/bin/env bash
# run.sh - `make bench`: all benchmarks, in under 10 minutes on 2 cores.
#   bench/matters.sh --prepare  the 1M-matter database, generated once (~1.5 min)
#                               and cached in bench/.cache/
#   bench/import.sh             import of the national division set vs sqlite3 .import
#   bench/divisions.sh          the divisions list endpoint vs nginx serving the same bytes
#   bench/matters.sh            matters list, statistics, divisions over 1M matters vs
#                               nginx, and a mixed read/write load with real sessions
#   bench/activities.sh         the activities list over 10,000 activities vs nginx
#   bench/pg.sh --prepare       the same data loaded into a cached PostgreSQL 15 cluster
#                               (once, ~2-4 min; bench/.cache/pg-KEY/)
#   bench/pg.sh                 list, statistics and the mixed load on PostgreSQL (one
#                               instance, two behind nginx) vs SQLite vs nginx static
# Results: bench/results/{import,divisions,matters,activities,pg}.{md,json,echarts.json} and
# bench/results/summary.{md,echarts.json} (committed); scratch next to them as
# *.tmp (ignored). Exits 1 when a benchmark could not run; a missed target is
# reported, and fails the run only with BENCH_STRICT=1 (results are ratios
# measured in one run, see bench/README.md).
#
# Time: every step runs under `timeout`. A step's limit is its own cap, cut
# down so that the steps after it still have their usual time within
# BENCH_BUDGET (default 560 s: make's own work stays inside 10 minutes); its
# budget for waiting on a quiet machine (bench/lib/common.sh: wait_quiet) is
# what the limit leaves over its usual time, at most its default.
# shellcheck disable=SC2016  # node -e scripts are in single quotes on purpose
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET=${BENCH_BUDGET:-560}
started=$(date +%s)
export RES=${BENCH_RESULTS_DIR:-$PWD/bench/results}
BENCH_RUN_ID=$(date -u +%Y-%m-%dT%H:%M:%SZ)
export BENCH_RUN_ID
mkdir -p "$RES"

# name|command|usual seconds|cap|quiet-wait budget (default)
STEPS=(
	"prepare|bash bench/matters.sh --prepare|5|240|0"
	"import|bash bench/import.sh|30|70|15"
	"divisions|env BENCH_DURATION=4 BENCH_ROUNDS=2 bash bench/divisions.sh|100|160|25"
	"matters|bash bench/matters.sh|175|230|20"
	"activities|bash bench/activities.sh|40|70|10"
	"pg-prepare|bash bench/pg.sh --prepare|5|300|0"
	"pg|bash bench/pg.sh|120|170|10"
)
# (the usual times are those of a busy machine, without the quiet waits)
failed=()
steps_json=""
no_db=""
no_pg=""
for i in "${!STEPS[@]}"; do
	IFS='|' read -r name cmd usual cap quiet <<<"${STEPS[$i]}"
	# without the database there is nothing for matters.sh and pg.sh to measure
	why=""
	case $name in
	matters | pg-prepare) why=$no_db ;;
	pg) why=$no_pg ;;
	esac
	if [ -n "$why" ]; then
		failed+=("$name (not run: $why)")
		steps_json+=",{\"name\":\"$name\",\"seconds\":0,\"limit\":0,\"status\":\"not run: $why\"}"
		continue
	fi
	rest=0
	for later in "${STEPS[@]:$((i + 1))}"; do
		IFS='|' read -r _ _ u _ _ <<<"$later"
		rest=$((rest + u))
	done
	left=$((BUDGET - ($(date +%s) - started) - rest))
	limit=$((left < cap ? left : cap))
	[ "$limit" -ge 10 ] || limit=10
	# Filling a cache (generating the SQLite database, loading the PostgreSQL
	# cluster) happens once per cache key and cannot resume: cut short, it
	# would start over at every run. It always gets its cap, and the time it
	# took over its usual time extends the budget (that one run takes longer;
	# bench/README.md, "Time budget").
	case $name in prepare | pg-prepare) limit=$cap ;; esac
	spare=$((limit - usual))
	[ "$spare" -ge 0 ] || spare=0
	[ "$spare" -lt "$quiet" ] && quiet=$spare
	echo "== $cmd (limit ${limit}s, quiet-wait budget ${quiet}s)"
	t0=$(date +%s)
	status=""
	# shellcheck disable=SC2086  # cmd is a command line of this file
	BENCH_QUIET_BUDGET=$quiet BENCH_QUIET_WAIT=10 timeout "$limit" $cmd || {
		rc=$?
		status="failed with status $rc$([ "$rc" = 124 ] && echo ": over its ${limit}s limit")"
		failed+=("$name ($status)")
	}
	secs=$(($(date +%s) - t0))
	echo "== $name: ${secs}s${status:+, $status}"
	steps_json+="${steps_json:+,}{\"name\":\"$name\",\"seconds\":$secs,\"limit\":$limit,\"status\":\"$status\"}"
	if [ "$name" = prepare ] && [ -n "$status" ]; then no_db="the database could not be prepared"; fi
	if [ "$name" = prepare ] && [ -n "$status" ]; then no_pg="the database could not be prepared"; fi
	if [ "$name" = pg-prepare ] && [ -n "$status" ]; then no_pg="the PostgreSQL cluster could not be loaded"; fi
	if { [ "$name" = prepare ] || [ "$name" = pg-prepare ]; } && [ "$secs" -gt "$usual" ]; then
		BUDGET=$((BUDGET + secs - usual))
		echo "== $name filled its cache in this run: budget extended to ${BUDGET}s"
	fi
done

total=$(($(date +%s) - started))
printf '{"run_id":"%s","total_s":%d,"budget_s":%d,"steps":[%s]}\n' \
	"$BENCH_RUN_ID" "$total" "$BUDGET" "$steps_json" >"$RES/run.json.tmp"
echo
echo "== summary"
node bench/lib/report.mjs summary "$RES" "$RES/run.json.tmp"
missed=$(node -e '
	const fs = require("fs"), dir = process.argv[1], id = process.argv[2];
	let n = 0;
	for (const b of ["import", "divisions", "matters", "activities", "pg"]) {
		const p = `${dir}/${b}.json`;
		if (!fs.existsSync(p)) continue;
		const r = JSON.parse(fs.readFileSync(p, "utf8"));
		if (r.run_id === id) n += (r.summary_rows || []).filter((x) => x.met === false).length;
	}
	console.log(n);' "$RES" "$BENCH_RUN_ID")
echo
echo "== total: ${total}s (budget ${BUDGET}s, limit 600s)"
if [ ${#failed[@]} -gt 0 ]; then
	echo "benchmark failures: ${failed[*]}"
	exit 1
fi
if [ "$missed" -ne 0 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
	echo "$missed target(s) missed (BENCH_STRICT=1)"
	exit 2
fi
exit 0
