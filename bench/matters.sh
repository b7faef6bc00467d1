#!/usr/bin/env bash
# matters.sh - the large-data benchmark: matters lists, statistics and the
# division cascader over a database of 1,000,000 matters and 5,000,000
# timeline entries, against nginx serving the very same bytes as static
# files (the ceiling), with the server's answer cache on and off, plus a
# mixed read/write load with real sessions of several accounts. One run.
#
#   bash bench/matters.sh             # everything
#   bash bench/matters.sh --prepare   # only make sure the database is cached
#
#   1. the database: bench/gen/matters-gen.sh (init, import of Guangdong and
#      Guangxi, bench/gen/matters.sql), cached in bench/.cache/matters-KEY/
#      where KEY hashes the generator, the migrations and the division CSV
#      files, so reruns skip generation (~1.5 min; under a lock, so two
#      checkouts sharing the cache do not generate it twice; generations of
#      other keys are left alone); each run works on a copy;
#   2. eight accounts of different roles and scopes (`lianjian user add`,
#      see ACCOUNTS below), then the servers on the copy (BENCH_MATTERS_SERVERS,
#      default "2 2:nocache": --threads 2 with the answer cache, and without);
#   3. signs in (POST /api/v1/session), fetches each endpoint's exact bytes
#      with the session cookie, checks them (the list holds the unit's 50
#      newest matters; the statistics add up to what SQL counts in the
#      database; every server answers the same bytes) and writes them as
#      static files for a throwaway nginx (bench/lib/common.sh: start_nginx;
#      same Content-Type and extra headers); checks each account's grants
#      (GET /api/v1/me), that each writing account may write what the mixed
#      load makes it write (201) and that a read-only account may not (403);
#   4. per endpoint, in BENCH_MATTERS_ROUNDS rounds (default 2 of 3 s): wrk
#      against nginx, then each server, back to back (warm-up before a
#      target's first round and whenever a sign-in, which is a write, emptied
#      the answer caches; wait_quiet before each run). The single-URL runs
#      carry the cookie of the alliance's viewer account, signed in again
#      when the session gets near the age at which the server refreshes it
#      (every 5 minutes: a write that would empty the caches during a run);
#   5. the mixed load against each server (bench/lib/matters-mixed.lua): a
#      plan of 90% reads (lists of 20 units, statistics of 5 alliances,
#      divisions) spread over the sessions of all eight accounts, and 10%
#      POST /api/v1/matters/{id}/progress, each by one of the six accounts
#      allowed to write it, on its own open matters; every account signed in
#      just before the run; answers counted by status code (200 and 201
#      expected, anything else is reported as unexpected), writes counted in
#      the audit table per account;
#   6. after the servers stopped: EXPLAIN QUERY PLAN and timings of the
#      server's list and statistics SQL on this database (copies of the
#      statements in src/store/, flagged when the source has moved on);
#   7. bench/results/matters.{md,json,echarts.json} (bench/lib/report.mjs):
#      requests/s, p50/p99, ratio to nginx, CPU µs per request, peak RSS,
#      status codes, the plans, the exact commands; scratch in
#      bench/results/matters.*.tmp.
#
# Targets (the issue): list >= 75% of nginx's requests/s, statistics >= 50%;
# the divisions endpoint keeps bench/divisions.sh's 75%; the mixed load has
# no static ceiling: its target is no unexpected answer.
#
# Knobs (environment): BENCH_MATTERS_SERVERS="2 2:nocache",
# BENCH_MATTERS_DURATION=6 (s per target, split into BENCH_MATTERS_ROUNDS=2
# rounds), BENCH_MATTERS_WARMUP=1, BENCH_MATTERS_MIXED=1 (0: skip the mixed
# load), BENCH_MATTERS_MIXED_DURATION=6, BENCH_MATTERS_UNIT (default: the
# village group with the median number of matters), BENCH_CONNECTIONS=64,
# BENCH_WRK_THREADS=2, BENCH_NGINX_WORKERS=2, BENCH_QUIET_BUDGET=30,
# BENCH_QUIET_WAIT=10, LIANJIAN_BIN, DIVISIONS_DIR, BENCH_RESULTS_DIR.
# shellcheck source=lib/common.sh disable=SC2016  # node -e scripts are in single quotes on purpose
source "$(dirname "$0")/lib/common.sh"
bench_init matters
require_tools curl wrk nginx node timeout sqlite3 sha256sum flock

PREPARE_ONLY=0
case "${1:-}" in
--prepare) PREPARE_ONLY=1 ;;
"") ;;
*) die "usage: bash bench/matters.sh [--prepare]" ;;
esac
round_settings "${BENCH_MATTERS_DURATION:-6}" "${BENCH_MATTERS_ROUNDS:-2}" "${BENCH_MATTERS_WARMUP:-1}"
WITH_MIXED=${BENCH_MATTERS_MIXED:-1}
MIXED_S=${BENCH_MATTERS_MIXED_DURATION:-6}
BENCH_QUIET_BUDGET=${BENCH_QUIET_BUDGET:-30}
BENCH_QUIET_WAIT=${BENCH_QUIET_WAIT:-10}
# A session is signed in again when older than this (s): the server
# refreshes its idle clock after 300 s (SESSION_TOUCH_MS), and a run
# (warm-up, quiet wait, the run itself) must end before that.
SESSION_MAX_AGE=$((295 - WARMUP - ROUND_S - BENCH_QUIET_WAIT))
LUA=bench/lib/wrk-json.lua
MIXED_LUA=bench/lib/matters-mixed.lua
GEN=bench/gen/matters-gen.sh
parse_server_specs "${BENCH_MATTERS_SERVERS:-2 2:nocache}"

bench_tmpdir
pin_binary

# ---- the database (cached) ----
ensure_division_data
key=$(matters_cache_key)
GEN_DIR=$CACHE/matters-$key
GEN_DB=$GEN_DIR/bench.db
gen_s=null
mkdir -p "$GEN_DIR"
exec {lockfd}>"$GEN_DIR/.lock"
flock -w 900 "$lockfd" || die "${GEN_DIR#"$ROOT"/} stayed locked by another generation for 15 minutes"
if [ -f "$GEN_DIR/.complete" ] && [ -f "$GEN_DB" ]; then
	log "database from the cache: ${GEN_DB#"$ROOT"/}"
else
	log "generating the benchmark database (once; cached in ${GEN_DIR#"$ROOT"/})"
	rm -f "$GEN_DB" "$GEN_DIR"/bench.tmp.*
	g0=$(now_ns)
	gen_tmp=$GEN_DIR/bench.tmp.$$.db
	gen_line=$(timeout 600 bash "$GEN" "$BIN" "$DIV_DIR" "$gen_tmp") ||
		{ rm -f "$gen_tmp"*; die "generation failed"; }
	gen_s=$(elapsed_s "$g0")
	mv "$gen_tmp" "$GEN_DB"
	echo "$gen_line" >"$GEN_DIR/.complete"
	log "generated in ${gen_s}s"
fi
flock -u "$lockfd"
gen_line=$(cat "$GEN_DIR/.complete")
log "$gen_line"
for d in "$CACHE"/matters-*; do
	[ "$d" != "$GEN_DIR" ] && [ -d "$d" ] &&
		log "note: ${d#"$ROOT"/} ($(du -sh "$d" | cut -f1)) is a generation for other sources; remove it by hand when no checkout needs it"
done
[ "$PREPARE_ONLY" = 1 ] && exit 0

: >"$RAW"
: >"$WRKLOG"
DB=$T/matters.db
c0=$(now_ns)
cp "$GEN_DB" "$DB"
copy_s=$(elapsed_s "$c0")
sq() { sqlite3 -bail "$DB" "$@"; }
OPEN="('proposed', 'studying', 'in_progress', 'escalated')"

# ---- what to measure ----
if [ -n "${BENCH_MATTERS_UNIT:-}" ]; then
	UNIT=$BENCH_MATTERS_UNIT
else
	# the village group with the median number of matters
	UNIT=$(sq "SELECT unit_id FROM (SELECT unit_id, row_number() OVER (ORDER BY c, unit_id) AS rn,
		count(*) OVER () AS n FROM (SELECT m.unit_id, count(*) AS c FROM matters m
		JOIN units u ON u.id = m.unit_id AND u.tier = 'village' GROUP BY m.unit_id)) WHERE rn = (n + 1) / 2")
fi
ALLIANCE=$(sq "SELECT alliance_id FROM units WHERE id = $UNIT")
[ -n "$ALLIANCE" ] || die "unit $UNIT does not exist"
UNIT_MATTERS=$(sq "SELECT count(*) FROM matters WHERE unit_id = $UNIT")
ALLIANCE_MATTERS=$(sq "SELECT count(*) FROM matters WHERE alliance_id = $ALLIANCE")
PARENT=$(sq "SELECT min(county_code) FROM alliance_counties WHERE alliance_id = $ALLIANCE AND county_code LIKE '45%'")
UNIT_NAME=$(sq "SELECT name FROM units WHERE id = $UNIT")
ALLIANCE_NAME=$(sq "SELECT name FROM alliances WHERE id = $ALLIANCE")
log "unit $UNIT ($UNIT_NAME, $UNIT_MATTERS matters), alliance $ALLIANCE ($ALLIANCE_MATTERS matters), divisions of $PARENT"
# name|path|target ratio
ENDPOINTS=(
	"list|/api/v1/matters?unit_id=$UNIT&limit=50|0.75"
	"stats_unit|/api/v1/stats?alliance_id=$ALLIANCE&by=unit|0.50"
	"stats_month|/api/v1/stats?alliance_id=$ALLIANCE&by=month|0.50"
	"divisions|/api/v1/divisions?parent=$PARENT|0.75"
)

# ---- the accounts ----
# The mixed load's five alliances (the measured one first), a town
# workstation of the measured alliance and a party organisation of it, each
# the one with the most open matters.
mapfile -t mix_alliances < <(sq "SELECT id FROM alliances WHERE id >= $ALLIANCE ORDER BY id LIMIT 5")
[ ${#mix_alliances[@]} -ge 3 ] || die "need 3 alliances from $ALLIANCE on"
ALLIANCE2=${mix_alliances[1]}
TOWN_UNIT=$(sq "SELECT m.unit_id FROM matters m JOIN units u ON u.id = m.unit_id AND u.tier = 'town'
	WHERE m.alliance_id = $ALLIANCE AND m.status IN $OPEN GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
ORG=$(sq "SELECT raised_by_org_id FROM matters WHERE alliance_id = $ALLIANCE AND status IN $OPEN
	GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
# name|role|scope|the open matters it writes progress notes on (SQL; empty:
# reads only). Every account reads (any signed-in account may).
ACCOUNTS=(
	"bench_admin|admin||alliance_id IN ($(IFS=,; echo "${mix_alliances[*]:2}"))"
	"bench_alliance|alliance_admin|alliance:$ALLIANCE|alliance_id = $ALLIANCE AND unit_id NOT IN ($UNIT, $TOWN_UNIT) AND raised_by_org_id <> $ORG"
	"bench_alliance2|alliance_admin|alliance:$ALLIANCE2|alliance_id = $ALLIANCE2"
	"bench_county|county_admin|county:$PARENT|"
	"bench_leader|unit_leader|unit:$UNIT|unit_id = $UNIT"
	"bench_town_leader|unit_leader|unit:$TOWN_UNIT|unit_id = $TOWN_UNIT"
	"bench_member|member|org:$ORG|raised_by_org_id = $ORG"
	"bench_viewer|viewer|alliance:$ALLIANCE|"
)
READER=bench_viewer   # the session of the single-URL runs
declare -A PASSWORD ROLE SCOPE WRITES
ANAMES=()
WRITERS=()
accounts_json=""
for a in "${ACCOUNTS[@]}"; do
	IFS='|' read -r name role scope where <<<"$a"
	cmd_user=("$BIN" user add "$name" --role "$role" --random-password --db "$DB")
	[ -n "$scope" ] && cmd_user+=(--scope "$scope")
	user_out=$("${cmd_user[@]}" 2>&1) || { echo "$user_out" >&2; die "user add $name failed"; }
	PASSWORD[$name]=$(sed -n 's/.*with password: *//p' <<<"$user_out")
	[ -n "${PASSWORD[$name]}" ] || die "no password in: $user_out"
	ROLE[$name]=$role
	SCOPE[$name]=${scope:-deployment:}
	ANAMES+=("$name")
	WRITES[$name]=""
	if [ -n "$where" ]; then
		WRITES[$name]=$(sq "SELECT group_concat(id, ' ') FROM (SELECT id FROM matters WHERE $where AND status IN $OPEN ORDER BY id LIMIT 20)")
		[ "$(wc -w <<<"${WRITES[$name]}")" -ge 5 ] || die "$name: fewer than 5 open matters to write on ($where)"
		WRITERS+=("$name")
	fi
	accounts_json+="${accounts_json:+,}$(printf '{"username":%s,"role":%s,"scope":%s,"writes_on":%s,"matters":%s}' \
		"$(json_str "$name")" "$(json_str "$role")" "$(json_str "${scope:-deployment}")" \
		"$(json_str "${where:-nothing (reads only)}")" "$(wc -w <<<"${WRITES[$name]}")")"
	log "account $name: $role ${scope:-deployment}, writes on $(wc -w <<<"${WRITES[$name]}") open matters"
done
cmd_user_shown=$(show_cmd "$BIN" user add NAME --role ROLE --scope TYPE:ID --random-password --db "$DB")

start_servers "$DB"
first=${LABELS[0]}
srv_url() { echo "http://127.0.0.1:${SPORT[$1]}$2"; }

# login NAME: a new session of account NAME (on the first server; all share
# the database); sets TOKEN and CSRF. A sign-in is a write: it empties every
# server's answer cache, so all of them are marked cold (warm-up next run).
login() {
	local name=$1 hdr=$T/login.hdr body=$T/login.json code
	code=$(curl -sS --max-time 30 -o "$body" -D "$hdr" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data "{\"username\":\"$name\",\"password\":\"${PASSWORD[$name]}\"}" \
		"$(srv_url "$first" /api/v1/session)") || die "login request failed"
	[ "$code" = 200 ] || die "login of $name answered $code: $(cat "$body")"
	TOKEN=$(sed -n 's/^[Ss]et-[Cc]ookie: lj_session=\([^;]*\);.*/\1/p' "$hdr" | tr -d '\r')
	CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$body")
	if [ -z "$TOKEN" ] || [ -z "$CSRF" ]; then die "no session in the login answer for $name"; fi
	local label
	for label in "${LABELS[@]}"; do SCOLD[$label]=1; done
}
# fresh_reader: the reader's session, signed in again when it got old.
READER_AT=0
fresh_reader() {
	if [ $(($(date +%s) - READER_AT)) -ge "$SESSION_MAX_AGE" ]; then
		login "$READER"
		READER_TOKEN=$TOKEN
		READER_AT=$(date +%s)
		COOKIE="Cookie: lj_session=$READER_TOKEN"
	fi
}
fresh_reader
# the reports show the reader's session token as $SESSION, and the mixed
# plan (live tokens inside) by its scratch copy
wrk_shown() {
	local s=${1//\'Cookie: lj_session=$READER_TOKEN\'/\"Cookie: lj_session=\$SESSION\"}
	echo "${s//$T\/mixed.plan/bench/results/matters.mixed-plan.tmp}"
}

# ---- the answers, checked, and their static copies ----
mkdir -p "$T/nginx/www"
declare -A FILE BYTES
static_name() {   # path -> file name under www/
	local p=${1#/api/v1/}
	p=${p//[?&=]/_}
	echo "$p.json"
}
ctype="" extra=""
for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	f=$(static_name "$path")
	body=$T/nginx/www/$f
	hdr=$T/hdr-$name.txt
	code=$(curl -sS --max-time 60 -o "$body" -D "$hdr" -w '%{http_code}' -H "$COOKIE" "$(srv_url "$first" "$path")") ||
		die "curl to the server failed"
	[ "$code" = 200 ] || die "$name: server answered $code: $(head -c 300 "$body")"
	if [ -z "$ctype" ]; then
		ctype=$(header_value "$hdr" content-type)
		extra=$(extra_headers "$hdr")
	fi
	check_same_headers "$name (server)" "$hdr" "$ctype" "$extra"
	FILE[$name]=$f
	BYTES[$name]=$(stat -c %s "$body")
	for label in "${LABELS[@]}"; do
		curl -sS --max-time 60 -H "$COOKIE" "$(srv_url "$label" "$path")" | cmp -s - "$body" ||
			die "$name: server $label answers different bytes"
	done
	log "$name: $path, ${BYTES[$name]} bytes"
done

# The answers against the database (SQL counts over the 1M rows, not the
# roll-ups): the list is the unit's 50 newest matters; the statistics'
# totals are what the matters and timeline hold.
TODAY=$(TZ=Asia/Shanghai date +%F)
expect=$(sq "SELECT json_object(
  'list_ids', (SELECT json_group_array(id) FROM (SELECT id FROM matters WHERE unit_id = $UNIT ORDER BY id DESC LIMIT 50)),
  'raised', (SELECT count(*) FROM matters WHERE alliance_id = $ALLIANCE),
  'resolved', (SELECT count(*) FROM matters WHERE alliance_id = $ALLIANCE AND status = 'resolved'),
  'escalated', (SELECT count(*) FROM matter_events e JOIN matters m ON m.id = e.matter_id
                 WHERE m.alliance_id = $ALLIANCE AND e.to_status = 'escalated'),
  'overdue', (SELECT count(*) FROM matters WHERE alliance_id = $ALLIANCE
               AND status NOT IN ('resolved', 'closed') AND due_on < '$TODAY'),
  'units', (SELECT count(*) FROM units WHERE alliance_id = $ALLIANCE))")
verification=$(node -e '
	const fs = require("fs");
	const [dir, filesJson, expJson, unit, parent] = process.argv.slice(1);
	const files = JSON.parse(filesJson), x = JSON.parse(expJson);
	const rd = (n) => JSON.parse(fs.readFileSync(dir + "/" + files[n], "utf8"));
	const fail = (m) => { console.error("check failed: " + m); process.exit(1); };
	const list = rd("list");
	const ids = list.items.map((i) => i.id);
	if (JSON.stringify(ids) !== JSON.stringify(x.list_ids)) fail("list ids differ from SQL");
	if (list.items.some((i) => i.unit.id !== Number(unit))) fail("list holds other units");
	if (list.next_cursor !== String(ids[ids.length - 1])) fail("list cursor");
	for (const by of ["unit", "month"]) {
		const s = rd("stats_" + by), t = s.total;
		for (const k of ["raised", "resolved", "escalated", "overdue"])
			if (t[k] !== x[k]) fail(`stats by=${by}: total.${k} ${t[k]}, SQL says ${x[k]}`);
		const sum = s.groups.reduce((a, g) => a + g.raised, 0);
		if (sum !== t.raised) fail(`stats by=${by}: groups add up to ${sum}, total ${t.raised}`);
		if (by === "unit") {
			if (s.groups.length !== x.units) fail(`stats by=unit: ${s.groups.length} groups, ${x.units} units`);
			const top = s.groups.filter((g) => g.parent_id === null);
			if (top.length !== 1 || top[0].rollup.raised !== t.raised) fail("county roll-up is not the total");
		}
	}
	const d = rd("divisions");
	if (d.next_cursor !== null || !d.items.length || d.items.some((i) => i.parent_code !== parent))
		fail("divisions answer");
	console.log(`list = the ${ids.length} newest matters of the unit (as SQL says); stats total raised ${x.raised}, ` +
		`resolved ${x.resolved}, escalated ${x.escalated}, overdue ${x.overdue} = SQL over matters/matter_events ` +
		`for alliance ${process.argv[6]} (by=unit and by=month; groups add up; the county roll-up is the total); ` +
		`divisions: ${d.items.length} children of ${parent}`);' \
	"$T/nginx/www" "$(printf '{"list":"%s","stats_unit":"%s","stats_month":"%s","divisions":"%s"}' \
		"${FILE[list]}" "${FILE[stats_unit]}" "${FILE[stats_month]}" "${FILE[divisions]}")" \
	"$expect" "$UNIT" "$PARENT" "$ALLIANCE") || die "the answers do not match the database"
log "$verification"

# ---- nginx ----
adds=$(nginx_add_headers "$extra")
start_nginx "$ctype" "/api/v1/divisions?parent=$PARENT" "        location = /api/v1/matters {
$adds
            try_files /matters_unit_id_\${arg_unit_id}_limit_\${arg_limit}.json =404;
        }
        location = /api/v1/stats {
$adds
            try_files /stats_alliance_id_\${arg_alliance_id}_by_\${arg_by}.json =404;
        }
        location = /api/v1/divisions {
$adds
            try_files /divisions_parent_\${arg_parent}.json =404;
        }"
ngx_url() { echo "http://127.0.0.1:$NPORT$1"; }
for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	curl -sS --max-time 10 -D "$T/nhdr-$name.txt" -H "$COOKIE" "$(ngx_url "$path")" |
		cmp -s - "$T/nginx/www/${FILE[$name]}" || die "$name: nginx answers different bytes"
	check_same_headers "$name (nginx)" "$T/nhdr-$name.txt" "$ctype" "$extra"
done

# ---- the accounts, checked; the mixed plan ----
# post_progress NAME MATTER TOKEN CSRF: the status of one progress note.
post_progress() {
	curl -sS --max-time 30 -o "$T/progress.json" -w '%{http_code}' -H "Cookie: lj_session=$3" \
		-H "X-CSRF-Token: $4" -H 'Content-Type: application/json' --data "{\"note\":\"bench check by $1\"}" \
		"$(srv_url "$first" "/api/v1/matters/$2/progress")"
}
MIXED_PLAN=$T/mixed.plan
account_checks=""
if [ "$WITH_MIXED" = 1 ]; then
	first_open=$(sq "SELECT id FROM matters WHERE alliance_id = $ALLIANCE AND status IN $OPEN ORDER BY id LIMIT 1")
	for name in "${ANAMES[@]}"; do
		login "$name"
		me=$(curl -sS --max-time 30 -H "Cookie: lj_session=$TOKEN" "$(srv_url "$first" /api/v1/me)")
		node -e '
			const [me, user, role, scope] = process.argv.slice(1), m = JSON.parse(me);
			const [type, id] = scope.split(":");
			const ok = m.username === user && m.grants.length === 1 && m.grants[0].role === role &&
				m.grants[0].scope_type === type && String(m.grants[0].scope_id ?? "") === id;
			if (!ok) { console.error(`GET /api/v1/me of ${user}: ${me}`); process.exit(1); }' \
			"$me" "$name" "${ROLE[$name]}" "${SCOPE[$name]}" || die "$name does not hold the grant it was given"
		if [ -n "${WRITES[$name]}" ]; then
			m=${WRITES[$name]%% *}
			code=$(post_progress "$name" "$m" "$TOKEN" "$CSRF")
			[ "$code" = 201 ] || die "$name: POST progress on matter $m answered $code: $(head -c 300 "$T/progress.json")"
		else
			code=$(post_progress "$name" "$first_open" "$TOKEN" "$CSRF")
			[ "$code" = 403 ] || die "$name (reads only): POST progress on matter $first_open answered $code, expected 403"
		fi
	done
	account_checks="each account holds exactly its grant (GET /api/v1/me); each of the ${#WRITERS[@]} writing accounts wrote a progress note on its first matter (201); the read-only accounts were refused one on matter $first_open (403)"
	log "$account_checks"

	mixed_template "$T/mixed.template"
fi
# make_mixed_plan: every account signed in anew, the plan with their tokens
make_mixed_plan() {
	local name tokens=() csrfs=()
	for name in "${ANAMES[@]}"; do
		login "$name"
		tokens+=("$TOKEN")
		csrfs+=("$CSRF")
	done
	mixed_plan "$T/mixed.template" "$MIXED_PLAN" "${tokens[*]}" "${csrfs[*]}"
	cp "$MIXED_PLAN" "$RESULTS/matters.mixed-plan.tmp"
}

# ---- wrk ----
for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	for round in $(seq "$ROUNDS"); do
		at="\"endpoint\":$(json_str "$name"),\"round\":$round"
		fresh_reader
		mapfile -t workers < <(nginx_workers)
		run_wrk "$name / nginx / round $round" "$at,\"side\":\"nginx\",\"label\":\"nginx\",\"url\":$(json_str "$(ngx_url "$path")")" \
			"$([ "$round" = 1 ] && echo "$WARMUP" || echo 0)" "$NGINX_PID" "${workers[@]}" -- \
			-H "$COOKIE" -s "$LUA" "$(ngx_url "$path")"
		for label in "${LABELS[@]}"; do
			fresh_reader
			# warm-up in round 1, and after a sign-in emptied the answer cache
			warm=0
			if [ "$round" = 1 ] || { [ "${SCOLD[$label]}" = 1 ] && [ "${SCACHE[$label]}" = 1 ]; }; then
				warm=$WARMUP
			fi
			SCOLD[$label]=0
			run_wrk "$name / $label / round $round" "$at,$(server_fields "$label"),\"url\":$(json_str "$(srv_url "$label" "$path")")" \
				"$warm" "${SPID[$label]}" -- -H "$COOKIE" -s "$LUA" "$(srv_url "$label" "$path")"
		done
	done
done
if [ "$WITH_MIXED" = 1 ]; then
	# the progress notes committed during the measured run, per account
	audit_max() { sq "SELECT ifnull(max(id), 0) FROM audit"; }
	wrk_before() { AUDIT0=$(audit_max); }
	wrk_after() {
		WRK_EXTRA="\"writes_by_user\":$(sq "SELECT json_group_object(username, n) FROM (SELECT username, count(*) AS n
			FROM audit WHERE id > $AUDIT0 AND action = 'matter.progress' GROUP BY 1 ORDER BY 1)")"
	}
	saved_round_s=$ROUND_S
	ROUND_S=$MIXED_S
	for label in "${LABELS[@]}"; do
		make_mixed_plan
		run_wrk "mixed / $label" "\"endpoint\":\"mixed\",\"round\":1,$(server_fields "$label")" "$WARMUP" \
			"${SPID[$label]}" -- -s "$MIXED_LUA" "$(srv_url "$label" /)" -- "$MIXED_PLAN"
	done
	ROUND_S=$saved_round_s
	unset -f wrk_before wrk_after
fi

# ---- memory, then stop ----
servers=$(servers_json)
ngx_hwm=$(nginx_hwm_kb)
stop_servers
stop_pid "$NGINX_PID"
db_bytes=$(stat -c %s "$GEN_DB")

# ---- query plans and timings of the server's SQL on this database ----
# The statements are copies of src/store/store_sql_matter.c (matter_list
# builds its WHERE from the filters given, numbering its $n in order), store_sql_stats.c (the
# roll-up reads of stats_rows) and store_sql_org.c (the unit list), run
# by the sqlite3 CLI with bound parameters like the server's, after the
# servers have stopped; the "daily scan" rows show what the roll-ups replace,
# measured on the same copy. Each timing is the best of 3 (ms, wall).
MCOLS="m.id,m.alliance_id,m.unit_id,m.origin_unit_id,m.county_code,m.title,m.description,m.category,m.type,m.priority,m.status,m.due_on,m.raised_by_org_id,m.raised_by_user,m.raised_on,m.raised_at_ms,m.resolved_on,m.resolution,m.closed_reason,m.funds_fen,m.people_count,m.length_m,m.jobs,m.updated_at_ms,u.name,o.name,t.label"
MFROM="FROM matters m JOIN units u ON u.id=m.unit_id JOIN orgs o ON o.id=m.raised_by_org_id JOIN matter_types t ON t.key=m.type"
MORDER="ORDER BY m.id DESC LIMIT \$3"
ASSIGNEE_IN=" AND m.id IN (SELECT matter_id FROM matter_assignees WHERE person_id=\$)"
MSUMS="sum(raised), sum(resolved), sum(resolve_days), sum(escalated)"
STAT_TOTAL="FROM stat_matter_monthly WHERE alliance_id=\$1 AND month='*' GROUP BY 1"
STAT_MONTHS="FROM stat_matter_monthly WHERE alliance_id=\$1 AND month>=\$2 AND month<=\$3 GROUP BY 1"
STAT_DAILY="FROM stat_matter_daily WHERE alliance_id=\$1 AND day>=\$2 AND day<=\$3 GROUP BY 1"
STAT_BYMONTH="FROM stat_matter_by_month WHERE alliance_id=\$1 AND month>=\$2 AND month<=\$3"
sql_same=1
# (the list's clauses are written with a bare "$" that becomes the next $n)
for frag in 'WHERE m.id<$"' ' AND m.unit_id=$"' ' AND m.alliance_id=$"' "$ASSIGNEE_IN" \
	' ORDER BY m.id DESC LIMIT $"' "$STAT_TOTAL" "$STAT_MONTHS" "$STAT_DAILY" "$STAT_BYMONTH" \
	"FROM stat_open_due_monthly WHERE alliance_id=\$1 AND month='*'" 'case STAT_BY_UNIT: return "unit_id";'; do
	grep -rqF "$frag" src/store/store_sql_matter.c src/store/store_sql_stats.c || sql_same=0
done
ASSIGNEE_IN=${ASSIGNEE_IN/\$/\$2}
# a person with a median number of assignments, for the assignee filter
ASSIGNEE=$(sq "SELECT person_id FROM (SELECT person_id, row_number() OVER (ORDER BY c, person_id) AS rn,
	count(*) OVER () AS n FROM (SELECT person_id, count(*) AS c FROM matter_assignees GROUP BY person_id)) WHERE rn = (n + 1) / 2")
PLAN_QUERIES=(
	"list ?unit_id= (as the server builds it)|1u|SELECT $MCOLS $MFROM WHERE m.id<\$1 AND m.unit_id=\$2 $MORDER"
	"list ?alliance_id= (as the server builds it)|1a|SELECT $MCOLS $MFROM WHERE m.id<\$1 AND m.alliance_id=\$2 $MORDER"
	"list ?assignee_person_id= (as the server builds it)|1p|SELECT $MCOLS $MFROM WHERE m.id<\$1$ASSIGNEE_IN $MORDER"
	"stats by=unit, all time: the all-time roll-up rows (as served)|3|SELECT unit_id, $MSUMS $STAT_TOTAL"
	"stats by=month, all time: the by-month roll-up rows (as served)|5|SELECT month, raised, resolved, resolve_days, escalated $STAT_BYMONTH"
	"stats by=unit over whole months (bound here: all of them): the monthly roll-up rows (as served for ranges under 400 days)|5|SELECT unit_id, $MSUMS $STAT_MONTHS"
	"stats, a partial month: the daily rows (as served)|6|SELECT unit_id, $MSUMS $STAT_DAILY"
	"stats: overdue by unit, all time (as served; minus the months from today on)|3|SELECT unit_id, sum(n) FROM stat_open_due_monthly WHERE alliance_id=\$1 AND month='*' GROUP BY 1"
	"stats by=unit, all time, from the daily rows (the scan the roll-ups replace)|3|SELECT unit_id, $MSUMS $STAT_DAILY"
	"stats by=unit: unit_list|4|SELECT id,alliance_id,tier,name,parent_id,created_at_ms FROM units WHERE (?1=0 OR alliance_id=?1) AND (?2 IS NULL OR tier=?2) AND id>?3 ORDER BY id LIMIT ?4"
)
plan_params() {   # the bindings of each kind of statement
	case $1 in
	1u|1a|1p)   # $1 the cursor, $2 the filter, $3 the page size
		case $1 in 1u) v=$UNIT ;; 1a) v=$ALLIANCE ;; *) v=${ASSIGNEE:-0} ;; esac
		printf '.parameter set $1 9223372036854775807\n.parameter set $2 %s\n.parameter set $3 50\n' "$v" ;;
	3) printf ".parameter set \$1 %s\n.parameter set \$2 \"'1970-01-01'\"\n.parameter set \$3 \"'2999-12-31'\"\n" "$ALLIANCE" ;;
	5) printf ".parameter set \$1 %s\n.parameter set \$2 \"'1970-01'\"\n.parameter set \$3 \"'2999-12'\"\n" "$ALLIANCE" ;;
	6) printf ".parameter set \$1 %s\n.parameter set \$2 \"'%s'\"\n.parameter set \$3 \"'%s'\"\n" "$ALLIANCE" "${TODAY:0:8}01" "$TODAY" ;;
	4) printf '.parameter set ?1 %s\n.parameter set ?3 0\n.parameter set ?4 100000\n' "$ALLIANCE" ;;
	esac
}
for q in "${PLAN_QUERIES[@]}"; do
	IFS='|' read -r qname kind qsql <<<"$q"
	echo ".parameter clear"
	plan_params "$kind"
	echo ".print @@@ $qname"
	echo "EXPLAIN QUERY PLAN $qsql;"
	echo ".timer on"
	for _ in 1 2 3; do echo "SELECT count(*) FROM ($qsql);"; done
	echo ".timer off"
done >"$T/plans.sql"
plans_json=$(timeout 120 sqlite3 -bail "$DB" <"$T/plans.sql" 2>&1 | node -e '
	const lines = require("fs").readFileSync(0, "utf8").split("\n");
	const out = []; let cur = null;
	for (const l of lines) {
		if (l.startsWith("@@@ ")) { cur = { name: l.slice(4), plan: [], rows: null, ms: [] }; out.push(cur); continue; }
		if (!cur) continue;
		const t = /^Run Time: real ([0-9.]+)/.exec(l);
		if (t) cur.ms.push(Number(t[1]) * 1000);
		else if (/^[|`]--/.test(l) || /^ +[|`]--/.test(l) || /^\|  /.test(l)) cur.plan.push(l);
		else if (/^[0-9]+$/.test(l)) cur.rows = Number(l);
	}
	for (const q of out) q.best_ms = q.ms.length ? Math.round(Math.min(...q.ms) * 10) / 10 : null;
	console.log(JSON.stringify(out));') || plans_json="[]"
cp "$T/plans.sql" "$RESULTS/matters.plans.sql.tmp"

# ---- report ----
eps_json=""
for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	eps_json+="${eps_json:+,}$(printf '{"name":%s,"path":%s,"bytes":%s,"target_ratio":%s}' \
		"$(json_str "$name")" "$(json_str "$path")" "${BYTES[$name]}" "$target")"
done
cat >"$T/meta.json" <<EOF
{
  $(meta_head_json),
  "versions": {$(tool_versions_json)},
  "settings": {"duration_s": $DURATION, "rounds": $ROUNDS, "round_s": $ROUND_S, "warmup_s": $WARMUP,
               "mixed_s": $MIXED_S, "connections": $CONNS, "wrk_threads": $WRK_THREADS,
               "wrk_timeout": "$WRK_TIMEOUT", "nginx_workers": $NGINX_WORKERS, "session_max_age_s": $SESSION_MAX_AGE},
  "content_type": $(json_str "$ctype"),
  "dataset": {
    "generator": "bench/gen/matters-gen.sh + bench/gen/matters.sql",
    "cache_key": "$key",
    "generated_now": $([ "$gen_s" = null ] && echo false || echo true),
    "generation_s": $gen_s,
    "summary": $(json_str "$gen_line"),
    "db_bytes": $db_bytes,
    "copy_s": $copy_s
  },
  "subject": {"unit_id": $UNIT, "unit_name": $(json_str "$UNIT_NAME"), "unit_matters": $UNIT_MATTERS,
              "alliance_id": $ALLIANCE, "alliance_name": $(json_str "$ALLIANCE_NAME"),
              "alliance_matters": $ALLIANCE_MATTERS, "divisions_parent": $(json_str "$PARENT"),
              "reader": $(json_str "$READER")},
  "verification": $(json_str "$verification"),
  "accounts": [$accounts_json],
  "plans": {"sql_matches_source": $(json_bool "$sql_same"), "assignee": ${ASSIGNEE:-null}, "queries": $plans_json},
  "mixed": {"enabled": $(json_bool "$WITH_MIXED"), "checks": $(json_str "$account_checks"),
            "plan": "1000 requests in a cycle: 900 GET (40% matters lists of 20 units of the alliance, 20% stats by=unit and 10% by=month of the alliances each account reaches (the admin: 5), 30% divisions of 8 parents), each with the session of the next of the ${#ANAMES[@]} accounts in turn, and 100 POST /api/v1/matters/{id}/progress, each by the next of the ${#WRITERS[@]} writing accounts in turn on the next of its own open matters; every account signed in just before each run",
            "expected_statuses": [200, 201]},
  "endpoints": [$eps_json],
  "servers": $servers,
  "nginx_memory": {"vm_hwm_kb_sum": $ngx_hwm},
  "server_log_bytes": $SERVER_LOG_BYTES,
  "quiet": $(quiet_json),
  "commands": {
    "generate": $(json_str "bash $GEN build/lianjian $(show_cmd "${DIV_DIR#"$ROOT"/}") bench.db"),
    "copy": $(json_str "cp bench/.cache/matters-$key/bench.db $DB"),
    "user": $(json_str "$cmd_user_shown   # once per account"),
    "login": $(json_str "curl -D - -H 'Content-Type: application/json' --data '{\"username\":\"$READER\",\"password\":\"…\"}' http://127.0.0.1:${SPORT[$first]}/api/v1/session   # SESSION = the lj_session cookie"),
    "nginx": $(json_str "$(show_cmd "${NGINX_CMD[@]}")")
  },
  "elapsed_s": $(elapsed_s "$BENCH_STARTED")
}
EOF
report matters "$T/meta.json"
