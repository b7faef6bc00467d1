#!/usr/bin/env bash
# matters-gen.sh - builds the large-data benchmark database of bench/matters.sh.
#
#   bash bench/gen/matters-gen.sh LIANJIAN_BIN DIVISIONS_DIR OUT.db
#
# 1. `lianjian init --db OUT.db` (the schema, sql/migrations/*.sql);
# 2. `lianjian import-divisions DIVISIONS_DIR --provinces 44,45 --db OUT.db`
#    (Guangdong and Guangxi: 46,836 real division codes);
# 3. `sqlite3 OUT.db < bench/gen/matters.sql`: 111 alliances, 7,747 units,
#    33,595 organisations, 100,000 people, 1,000,000 matters, 5,000,000
#    timeline entries and the statistics tables, in one transaction (see the
#    header of matters.sql); deterministic, so the same inputs give the same
#    rows;
# 4. checks the counts, the foreign keys of the generated tables and that the
#    statistics add up, and prints one summary line.
# Takes about 70 s of CPU (one core) on the project's kind of machine.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 LIANJIAN_BIN DIVISIONS_DIR OUT.db" >&2; exit 2; }
BIN=$1 DIV=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
command -v sqlite3 >/dev/null || { echo "sqlite3 not found" >&2; exit 1; }

rm -f -- "$OUT" "$OUT-wal" "$OUT-shm"
t0=$(date +%s%N)
"$BIN" init --db "$OUT" >/dev/null 2>&1
"$BIN" import-divisions "$DIV" --provinces 44,45 --db "$OUT" >/dev/null 2>&1
t1=$(date +%s%N)
sqlite3 -bail "$OUT" <"$HERE/matters.sql" >/dev/null
t2=$(date +%s%N)

q() { sqlite3 -bail "$OUT" "$1"; }
fail() { echo "matters-gen: check failed: $*" >&2; exit 1; }
counts=$(q "SELECT (SELECT count(*) FROM alliances), (SELECT count(*) FROM units),
  (SELECT count(*) FROM orgs), (SELECT count(*) FROM people), (SELECT count(*) FROM matters),
  (SELECT count(*) FROM matter_events), (SELECT count(*) FROM matter_divisions),
  (SELECT count(*) FROM matter_assignees), (SELECT count(*) FROM stat_matter_daily),
  (SELECT count(*) FROM stat_open_due), (SELECT count(*) FROM unit_members),
  (SELECT count(*) FROM org_secretaries)")
IFS='|' read -r n_all n_units n_orgs n_people n_matters n_events n_mdiv n_assign n_smd n_sod n_um n_sec <<<"$counts"
[ "$n_people" = 100000 ] || fail "people $n_people"
[ "$n_matters" = 1000000 ] || fail "matters $n_matters"
[ "$n_events" = 5000000 ] || fail "matter_events $n_events"
[ "$n_sec" = "$n_orgs" ] || fail "secretaries $n_sec for $n_orgs organisations"
# foreign keys of what was generated (matter_events: by the id range, the
# 5M lookups would take longer than everything else here)
fk=$(q "PRAGMA foreign_key_check(matters); PRAGMA foreign_key_check(units);
  PRAGMA foreign_key_check(unit_divisions); PRAGMA foreign_key_check(unit_members);
  PRAGMA foreign_key_check(people); PRAGMA foreign_key_check(orgs);
  PRAGMA foreign_key_check(matter_divisions); PRAGMA foreign_key_check(alliance_counties);" | head -n3)
[ -z "$fk" ] || fail "foreign keys: $fk"
[ "$(q "SELECT min(matter_id) = 1 AND max(matter_id) = 1000000 FROM matter_events")" = 1 ] ||
	fail "matter_events point outside the matters"
# the roll-ups add up to the rows they were made from
sums=$(q "SELECT (SELECT sum(raised) FROM stat_matter_daily) = (SELECT count(*) FROM matters),
  (SELECT sum(resolved) FROM stat_matter_daily) = (SELECT count(*) FROM matters WHERE status = 'resolved'),
  (SELECT sum(escalated) FROM stat_matter_daily) = (SELECT count(*) FROM matter_events WHERE to_status = 'escalated'),
  (SELECT sum(n) FROM stat_open_due) = (SELECT count(*) FROM matters WHERE status NOT IN ('resolved', 'closed') AND due_on IS NOT NULL),
  (SELECT count(*) FROM matters WHERE unit_id <> origin_unit_id) = (SELECT count(DISTINCT matter_id) FROM matter_events WHERE to_status = 'escalated')")
[ "$sums" = "1|1|1|1|1" ] || fail "statistics do not add up ($sums)"
[ "$(q 'PRAGMA journal_mode')" = wal ] || fail "journal mode is not WAL"
t3=$(date +%s%N)
status=$(q "SELECT group_concat(status || ' ' || n, ', ') FROM (SELECT status, count(*) AS n FROM matters GROUP BY 1 ORDER BY 2 DESC)")
esc=$(q "SELECT count(*) FROM matters WHERE unit_id <> origin_unit_id")
printf 'generated %s alliances, %s units, %s organisations, %s people, %s matters (%s; %s escalated), %s timeline entries, %s matter divisions, %s assignees, %s unit members, %s stat_matter_daily and %s stat_open_due rows; %s bytes; init+import %.1fs, matters.sql %.1fs, checks %.1fs\n' \
	"$n_all" "$n_units" "$n_orgs" "$n_people" "$n_matters" "$status" "$esc" "$n_events" "$n_mdiv" \
	"$n_assign" "$n_um" "$n_smd" "$n_sod" "$(stat -c %s "$OUT")" \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')" \
	"$(awk -v a="$t1" -v b="$t2" 'BEGIN {print (b - a) / 1e9}')" \
	"$(awk -v a="$t2" -v b="$t3" 'BEGIN {print (b - a) / 1e9}')"
