#!/usr/bin/env bash
# run.sh - `make bench`: the foundation benchmarks, in under 10 minutes.
#   bench/import.sh     import of the national division set vs sqlite3 .import
#   bench/divisions.sh  the divisions list endpoint vs nginx serving the same bytes
# Results: bench/results/{import,divisions}.{md,json} (committed); scratch
# output next to them as *.tmp (ignored). Exits non-zero when a benchmark
# could not run; a missed target is reported, and fails the run only with
# BENCH_STRICT=1 (results are ratios measured in one run, see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each script is bounded so that the whole stays under 10 minutes even when
# both have to wait for a busy machine (bench/lib/common.sh: wait_quiet).
IMPORT_LIMIT=150
DIVISIONS_LIMIT=430
started=$(date +%s)
export RES=${BENCH_RESULTS_DIR:-$PWD/bench/results}
failed=()
import_ok=0
divisions_ok=0

echo "== bench/import.sh (limit ${IMPORT_LIMIT}s)"
BENCH_QUIET_BUDGET=${BENCH_QUIET_BUDGET_IMPORT:-45} \
	timeout "$IMPORT_LIMIT" bash bench/import.sh && import_ok=1 || failed+=("import.sh (status $?)")

echo "== bench/divisions.sh (limit ${DIVISIONS_LIMIT}s)"
BENCH_QUIET_BUDGET=${BENCH_QUIET_BUDGET_DIVISIONS:-90} \
	timeout "$DIVISIONS_LIMIT" bash bench/divisions.sh && divisions_ok=1 || failed+=("divisions.sh (status $?)")

echo
echo "== summary ($(($(date +%s) - started))s)"
missed=0
if [ "$import_ok" = 1 ]; then
	node -e '
		const r = require(process.env.RES + "/import.json");
		console.log(`import: lianjian ${r.lianjian.median_s}s, sqlite3 ${r.sqlite3.median_s}s (medians of ${r.runs}), ` +
			`ratio ${r.ratio} (target <= ${r.target.max_ratio}): ${r.meets_target ? "met" : "MISSED"}; CPU-time ratio ${r.ratio_cpu}`);
		process.exit(r.meets_target ? 0 : 3);' || missed=1
fi
if [ "$divisions_ok" = 1 ]; then
	node -e '
		const r = require(process.env.RES + "/divisions.json");
		let ok = true;
		for (const ep of r.endpoints)
			for (const s of ep.server) {
				ok &&= s.meets_target;
				console.log(`divisions ${ep.name} --threads ${s.threads}${s.cache ? "" : " no-cache"}: ${Math.round(s.rps)} req/s vs nginx ` +
					`${Math.round(s.nginx_rps)}, ratio ${s.ratio_rps} (target >= ${r.target.min_ratio}; clean rounds ${s.clean_rounds}/${s.ratio_rps_rounds.length}): ` +
					`${s.meets_target ? "met" : "MISSED"}; p99 ${s.p99_ms} ms vs ${s.nginx_p99_ms} ms; CPU ${s.cpu_us_per_request} vs ${s.nginx_cpu_us_per_request} us/req`);
			}
		process.exit(ok ? 0 : 3);' || missed=1
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo "benchmark failures: ${failed[*]}"
	exit 1
fi
if [ "$missed" -ne 0 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
	echo "a target was missed (BENCH_STRICT=1)"
	exit 2
fi
exit 0
