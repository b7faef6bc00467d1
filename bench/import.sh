#!/usr/bin/env bash
# import.sh - `lianjian import-divisions` of the national set (620,573
# villages, 665,276 rows) against the sqlite3 CLI loading the same five CSV
# files, in the same run. Target: our median wall time <= 1.5x sqlite3's.
#
# The counterpart (bench/lib/import-sqlite3.sql), and why it is the fair one:
# - Same end state. The same divisions table and index as
#   sql/migrations/ (0001_init.sql, 0004_divisions_covering.sql) in a fresh database, with the pragmas our
#   store sets on every connection (WAL, synchronous=FULL, a 64 MiB page cache,
#   temp_store=MEMORY), everything in ONE transaction, and the importer's own
#   upsert statement. The script checks that both databases end up with
#   identical rows and the same divisions schema.
# - sqlite3's own CSV path. `.import` cannot load the files straight into
#   divisions: each level has different columns and the level and parent code
#   are not in the files. So each file goes with `.import --csv --skip 1` into
#   a column-for-column temp table (in memory), and one INSERT ... SELECT per
#   file computes level and parent_code (provinceCode, cityCode, areaCode,
#   streetCode). That is what a person would do with the CLI; the alternatives
#   (a view with an INSTEAD OF trigger, or a virtual table) only add per-row
#   work to sqlite3's side.
# - Work that is not counted for sqlite3 but is for us: we also validate every
#   code, level and name (UTF-8) and write one meta row. Work counted for
#   sqlite3 but not for us: creating the table (a few ms); `lianjian init`
#   (all migrations) is done before the clock starts.
# - Wall time of the whole process (start, open, load, commit, the WAL
#   checkpoint at close), measured with date +%s%N; `sync` before each run so
#   one run's write-back does not land in the next; the two tools alternate
#   which goes first; BENCH_IMPORT_RUNS (default 3) runs each, median reported.
#
# Knobs: BENCH_IMPORT_RUNS=3, LIANJIAN_BIN, DIVISIONS_DIR.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
bench_init import
require_tools sqlite3 node timeout sync md5sum

RUNS=${BENCH_IMPORT_RUNS:-3}
TARGET=1.5
bench_tmpdir
pin_binary
: >"$RAW"

ensure_division_data
sed "s|@DIR@|$DIV_DIR|g" bench/lib/import-sqlite3.sql >"$T/import.sql"
cat "$DIV_DIR"/*.csv >/dev/null # both tools then read the CSV files from the page cache

dump_md5() {
	sqlite3 "$1" "SELECT code, name, level, ifnull(parent_code, 'NULL') FROM divisions ORDER BY code" | md5sum | cut -d' ' -f1
}
schema_of() {
	sqlite3 "$1" "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'divisions' ORDER BY name" |
		tr -s ' \n' ' '
}
db_bytes() { stat -c %s "$1"; }

# timed CMD...: runs CMD (stdin from $TIMED_STDIN, output kept in TIMED_OUT);
# sets WALL (s) and LOAD (JSON: the machine's other CPU use during the run).
TIMED_STDIN=/dev/null
timed() {
	local t0 t1 s0 s1 w0 w1 rc=0
	s0=$(sys_cpu_ticks)
	children_cpu
	w0=$CHILD_CPU_S
	t0=$(now_ns)
	TIMED_OUT=$(timeout 300 "$@" <"$TIMED_STDIN" 2>&1) || rc=$?
	t1=$(now_ns)
	children_cpu
	w1=$CHILD_CPU_S
	s1=$(sys_cpu_ticks)
	[ "$rc" -eq 0 ] || { echo "$TIMED_OUT" >&2; die "$(show_cmd "$@") failed (status $rc)"; }
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
	LOAD=$(awk -v s0="$s0" -v s1="$s1" -v w0="$w0" -v w1="$w1" -v wall="$WALL" \
		-v hz="$(getconf CLK_TCK)" -v cpus="$(nproc)" 'BEGIN {
		split(s0, a, " "); split(s1, b, " ")
		busy = (b[1] - a[1]) / hz; own = w1 - w0; other = busy - own; if (other < 0) other = 0
		printf "{\"cpu_s\":%.2f,\"machine_busy_s\":%.2f,\"other_cpu_s\":%.2f,\"other_load_pct\":%.1f}",
			own, busy, other, 100 * other / (wall * cpus) }')
}

# One timed run of either tool; appends a record to $RAW.
run_ours() {
	local i=$1 db=$T/ours-$1.db
	"$BIN" init --db "$db" >/dev/null 2>&1 || die "lianjian init failed"
	local cmd=("$BIN" import-divisions "$DIV_DIR" --db "$db")
	sync
	wait_quiet
	TIMED_STDIN=/dev/null timed "${cmd[@]}"
	local line
	line=$(grep -m1 '^imported' <<<"$TIMED_OUT")
	log "run $i lianjian: ${WALL}s ($line), other load $(sed 's/.*other_load_pct"://; s/}//' <<<"$LOAD")%"
	printf '{"side":"lianjian","run":%d,"wall_s":%s,"db_bytes":%s,"busy_before_pct":%s,"load":%s,"reported":%s,"command":%s}\n' \
		"$i" "$WALL" "$(db_bytes "$db")" "$QUIET" "$LOAD" "$(json_str "$line")" \
		"$(json_str "$(show_cmd "${cmd[@]}")")" >>"$RAW"
	LAST_OURS=$db
}
run_sqlite() {
	local i=$1 db=$T/sqlite-$1.db
	local cmd=(sqlite3 -bail "$db")
	sync
	wait_quiet
	TIMED_STDIN=$T/import.sql timed "${cmd[@]}"
	log "run $i sqlite3: ${WALL}s, other load $(sed 's/.*other_load_pct"://; s/}//' <<<"$LOAD")%"
	printf '{"side":"sqlite3","run":%d,"wall_s":%s,"db_bytes":%s,"busy_before_pct":%s,"load":%s,"command":%s}\n' \
		"$i" "$WALL" "$(db_bytes "$db")" "$QUIET" "$LOAD" "$(json_str "$(show_cmd "${cmd[@]}") < import.sql")" >>"$RAW"
	LAST_SQLITE=$db
}

verification=""
for i in $(seq "$RUNS"); do
	if [ $((i % 2)) -eq 1 ]; then
		run_ours "$i"
		run_sqlite "$i"
	else
		run_sqlite "$i"
		run_ours "$i"
	fi
	if [ "$i" -eq 1 ]; then
		m1=$(dump_md5 "$LAST_OURS")
		m2=$(dump_md5 "$LAST_SQLITE")
		[ "$m1" = "$m2" ] || die "the two databases differ (md5 $m1 vs $m2)"
		[ "$(schema_of "$LAST_OURS")" = "$(schema_of "$LAST_SQLITE")" ] ||
			die "divisions schema differs: $(schema_of "$LAST_OURS") vs $(schema_of "$LAST_SQLITE")"
		rows=$(sqlite3 "$LAST_OURS" "SELECT count(*) FROM divisions")
		verification="$rows rows, md5 of the ordered dump $m1 on both sides, same table and index definitions"
		log "verified: $verification"
	fi
	rm -f "$T"/ours-"$i".db* "$T"/sqlite-"$i".db*
done

cat >"$T/meta.json" <<EOF
{
  $(meta_head_json),
  "versions": {"sqlite3": $(json_str "$(sqlite3 --version | awk '{print $1}')")},
  "dataset": {"package": $(json_str "$DIVISION_PKG"), "rows": $rows},
  "target": {"max_ratio": $TARGET, "meaning": "lianjian median wall time <= 1.5x sqlite3's"},
  "runs": $RUNS,
  "quiet": $(quiet_json),
  "verification": $(json_str "$verification"),
  "commands": {
    "prepare_lianjian": [$(json_str "$(show_cmd "$BIN" init --db "$T/ours-N.db")   # untimed")],
    "prepare_sqlite3": [$(json_str "sed 's|@DIR@|$DIV_DIR|g' bench/lib/import-sqlite3.sql > import.sql")]
  },
  "sqlite3_script": $(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' bench/lib/import-sqlite3.sql),
  "elapsed_s": $(elapsed_s "$BENCH_STARTED")
}
EOF
report import "$T/meta.json"
