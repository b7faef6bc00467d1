#!/usr/bin/env bash
# matters.sh - the large-data benchmark: matters lists, statistics and the
# division cascader over a database of 1,000,000 matters and 5,000,000
# timeline entries, against nginx serving the very same bytes as static
# files (the ceiling), with the server's answer cache on and off, plus a
# mixed read/write load with real sessions. Everything in one run.
#
#   1. the database: bench/gen/matters-gen.sh (init, import of Guangdong and
#      Guangxi, bench/gen/matters.sql), cached in bench/.cache/matters-KEY/
#      where KEY hashes the generator, the migrations and the division CSV
#      files, so reruns skip generation (~1.5 min); each run works on a copy;
#   2. an admin account (`lianjian user add ... --random-password`), then per
#      --threads value (BENCH_MATTERS_THREADS, default "2") two servers on
#      the copy: the default one (answer and session caches on) and one with
#      LIANJIAN_NO_CACHE=1;
#   3. signs in (POST /api/v1/session), fetches each endpoint's exact bytes
#      with the session cookie, checks them (the list holds the unit's 50
#      newest matters; the statistics add up to what SQL counts in the
#      database; every server answers the same bytes) and writes them as
#      static files for a throwaway nginx (own prefix, free port,
#      access_log off, same Content-Type and extra headers);
#   4. per endpoint, back to back: wrk against nginx, then each server with
#      and without cache (2 s unrecorded warm-up before each measured run);
#   5. the mixed load against each server: bench/lib/matters-mixed.lua cycles
#      through a plan of 90% reads (lists of 20 units, statistics of 5
#      alliances, divisions) and 10% POST /api/v1/matters/{id}/progress on
#      open matters, over 4 sessions of the admin account;
#   6. after the servers stopped: EXPLAIN QUERY PLAN and timings of the
#      server's list and statistics SQL on this database (copies of the
#      statements in src/store/, flagged when the source has moved on);
#   7. bench/results/matters.{md,json} (+ matters.echarts.json): requests/s,
#      p50/p99, ratio to nginx, server CPU µs per request, peak RSS, the
#      plans, the exact commands; scratch in bench/results/matters.*.tmp.
# Every measured run signs in a new session just before (the server's
# once-a-minute session refresh is a write that empties the answer cache).
#
# Targets (the issue): list >= 75% of nginx's requests/s, statistics >= 50%;
# the divisions endpoint keeps bench/divisions.sh's 75%.
#
# Knobs (environment): BENCH_MATTERS_THREADS="2", BENCH_MATTERS_DURATION=10,
# BENCH_MATTERS_WARMUP=2, BENCH_CONNECTIONS=64, BENCH_WRK_THREADS=2,
# BENCH_NGINX_WORKERS=2, BENCH_MATTERS_UNIT (default: the village group with
# the median number of matters), BENCH_MATTERS_NOCACHE=1 (0: skip the
# no-cache servers), BENCH_MATTERS_MIXED=1 (0: skip the mixed load),
# BENCH_QUIET_BUDGET=30, BENCH_QUIET_WAIT=15, LIANJIAN_BIN, DIVISIONS_DIR,
# BENCH_RESULTS_DIR.
source "$(dirname "$0")/lib/common.sh"
bench_init matters
require_tools curl wrk nginx node timeout sqlite3 sha256sum

THREADS=(${BENCH_MATTERS_THREADS:-2})
DURATION=${BENCH_MATTERS_DURATION:-10}
WARMUP=${BENCH_MATTERS_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
WITH_NOCACHE=${BENCH_MATTERS_NOCACHE:-1}
WITH_MIXED=${BENCH_MATTERS_MIXED:-1}
BENCH_QUIET_BUDGET=${BENCH_QUIET_BUDGET:-30}
BENCH_QUIET_WAIT=${BENCH_QUIET_WAIT:-15}
WRK_TIMEOUT=10s
LUA=bench/lib/wrk-json.lua
MIXED_LUA=bench/lib/matters-mixed.lua
GEN=bench/gen/matters-gen.sh
CLK_TCK=$(getconf CLK_TCK)
started=$(now_ns)

bench_tmpdir
pin_binary
RAW=$RESULTS/matters.raw.tmp
WRKLOG=$RESULTS/matters.wrk.tmp
: >"$RAW"
: >"$WRKLOG"

# ---- the database (cached) ----
ensure_division_data
key=$(cat bench/gen/matters.sql bench/gen/matters-gen.sh sql/migrations/*.sql \
	"$DIV_DIR"/{provinces,cities,areas,streets,villages}.csv | sha256sum | cut -c1-16)
GEN_DIR=$CACHE/matters-$key
GEN_DB=$GEN_DIR/bench.db
gen_line=""
gen_s=null
if [ -f "$GEN_DIR/.complete" ] && [ -f "$GEN_DB" ]; then
	gen_line=$(cat "$GEN_DIR/.complete")
	log "database from the cache: ${GEN_DB#"$ROOT"/}"
else
	log "generating the benchmark database (once; cached in ${GEN_DIR#"$ROOT"/})"
	rm -rf "$GEN_DIR"
	mkdir -p "$GEN_DIR"
	g0=$(now_ns)
	gen_line=$(timeout 600 bash "$GEN" "$BIN" "$DIV_DIR" "$GEN_DIR/bench.tmp.db") ||
		{ rm -rf "$GEN_DIR"; die "generation failed"; }
	gen_s=$(awk -v a="$g0" -v b="$(now_ns)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
	mv "$GEN_DIR/bench.tmp.db" "$GEN_DB"
	echo "$gen_line" >"$GEN_DIR/.complete"
	# older generations are of no use any more
	for d in "$CACHE"/matters-*; do
		[ "$d" != "$GEN_DIR" ] && [ -d "$d" ] && rm -rf -- "$d"
	done
	log "generated in ${gen_s}s"
fi
log "$gen_line"
DB=$T/matters.db
c0=$(now_ns)
cp "$GEN_DB" "$DB"
copy_s=$(awk -v a="$c0" -v b="$(now_ns)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
sq() { sqlite3 -bail "$DB" "$@"; }

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

# ---- the account and the servers ----
cmd_user=("$BIN" user add bench_admin --role admin --random-password --db "$DB")
user_out=$("${cmd_user[@]}" 2>&1) || { echo "$user_out" >&2; die "user add failed"; }
PASSWORD=$(sed -n 's/.*with password: *//p' <<<"$user_out")
[ -n "$PASSWORD" ] || die "no password in: $user_out"

VARIANTS=()   # "threads:cache" with cache 1 (default) or 0 (LIANJIAN_NO_CACHE=1)
for th in "${THREADS[@]}"; do
	VARIANTS+=("$th:1")
	[ "$WITH_NOCACHE" = 1 ] && VARIANTS+=("$th:0")
done
declare -A SPID SPORT
for v in "${VARIANTS[@]}"; do
	th=${v%%:*} cache=${v#*:}
	if [ "$cache" = 1 ]; then
		start_server "$DB" "$th" "$T/server-$th-$cache.log"
	else
		export LIANJIAN_NO_CACHE=1
		start_server "$DB" "$th" "$T/server-$th-$cache.log"
		unset LIANJIAN_NO_CACHE
	fi
	SPID[$v]=$SERVER_PID
	SPORT[$v]=$SERVER_PORT
	log "lianjian serve --threads $th$([ "$cache" = 0 ] && echo ' (LIANJIAN_NO_CACHE=1)'): pid $SERVER_PID, port $SERVER_PORT"
done
first=${VARIANTS[0]}
vlabel() { local th=${1%%:*} c=${1#*:}; echo "server --threads $th$([ "$c" = 0 ] && echo ', no cache' || echo ', cache')"; }

# login PORT: sets TOKEN and CSRF (one new session)
login() {
	local port=$1 hdr=$T/login.hdr body=$T/login.json code
	code=$(curl -sS --max-time 30 -o "$body" -D "$hdr" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data "{\"username\":\"bench_admin\",\"password\":\"$PASSWORD\"}" \
		"http://127.0.0.1:$port/api/v1/session") || die "login request failed"
	[ "$code" = 200 ] || die "login answered $code: $(cat "$body")"
	TOKEN=$(sed -n 's/^[Ss]et-[Cc]ookie: lj_session=\([^;]*\);.*/\1/p' "$hdr" | tr -d '\r')
	CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$body")
	[ -n "$TOKEN" ] && [ -n "$CSRF" ] || die "no session in the login answer"
}
login "${SPORT[$first]}"
SESSION=$TOKEN
SESSION_CSRF=$CSRF
COOKIE="Cookie: lj_session=$SESSION"
srv_url() { echo "http://127.0.0.1:${SPORT[$1]}$2"; }

# ---- the answers, checked, and their static copies ----
mkdir -p "$T/nginx/www" "$T/nginx/tmp"
declare -A FILE BYTES
static_name() {   # path -> file name under www/
	local p=${1#/api/v1/}
	p=${p//[?&=]/_}
	echo "$p.json"
}
ctype=""
extra_headers=""
for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	f=$(static_name "$path")
	body=$T/nginx/www/$f
	hdr=$T/hdr-$name.txt
	code=$(curl -sS --max-time 60 -o "$body" -D "$hdr" -w '%{http_code}' -H "$COOKIE" "$(srv_url "$first" "$path")") ||
		die "curl to the server failed"
	[ "$code" = 200 ] || die "$name: server answered $code: $(head -c 300 "$body")"
	ct=$(awk -F': *' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$hdr")
	[ -z "$ctype" ] && ctype=$ct
	[ "$ct" = "$ctype" ] || die "$name: Content-Type $ct differs from $ctype"
	# the headers nginx must add too (everything but the per-connection ones)
	eh=$(tr -d '\r' <"$hdr" | grep -iv -E '^(HTTP/|date:|content-length:|content-type:|connection:|keep-alive:|set-cookie:|$)' | sort)
	[ -z "$extra_headers" ] && extra_headers=$eh
	[ "$eh" = "$extra_headers" ] || die "$name: the server's extra headers differ between endpoints"
	FILE[$name]=$f
	BYTES[$name]=$(stat -c %s "$body")
	for v in "${VARIANTS[@]}"; do
		curl -sS --max-time 60 -H "$COOKIE" "$(srv_url "$v" "$path")" | cmp -s - "$body" ||
			die "$name: $(vlabel "$v") answers different bytes"
	done
	log "$name: $path, ${BYTES[$name]} bytes"
done
chmod -R a+rX "$T/nginx/www"

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
nginx_add_headers() {
	local line n v
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		n=${line%%:*}
		v=${line#*: }
		printf '            add_header %s "%s" always;\n' "$n" "$v"
	done <<<"$extra_headers"
}
write_nginx_conf() {
	local adds
	adds=$(nginx_add_headers)
	cat >"$T/nginx/nginx.conf" <<EOF
# Throwaway config written by bench/matters.sh.
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
        location = /api/v1/matters {
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
		if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$NPORT/api/v1/divisions?parent=$PARENT"; then
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
ngx_url() { echo "http://127.0.0.1:$NPORT$1"; }
nginx_workers() { ps -o pid= --ppid "$NGINX_PID" | tr -d ' '; }
log "nginx: pid $NGINX_PID, port $NPORT, workers $(nginx_workers | tr '\n' ' ')"
for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	curl -sS --max-time 10 -D "$T/nhdr-$name.txt" -H "$COOKIE" "$(ngx_url "$path")" |
		cmp -s - "$T/nginx/www/${FILE[$name]}" || die "$name: nginx answers different bytes"
	nct=$(awk -F': *' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$T/nhdr-$name.txt")
	[ "$nct" = "$ctype" ] || die "$name: nginx Content-Type $nct, server $ctype"
	# nginx adds Server, Last-Modified and Accept-Ranges of its own (~80 bytes)
	neh=$(tr -d '\r' <"$T/nhdr-$name.txt" |
		grep -iv -E '^(HTTP/|date:|content-length:|content-type:|connection:|keep-alive:|set-cookie:|server:|last-modified:|accept-ranges:|$)' | sort)
	[ "$neh" = "$extra_headers" ] || die "$name: nginx sends other headers than the server: $neh"
done

# make_mixed_plan: 4 fresh sessions and the plan file (see the header)
make_mixed_plan() {
	local tokens=() csrfs=() s r=0 w=0 i p
	for s in 1 2 3 4; do
		login "${SPORT[$first]}"
		tokens+=("$TOKEN")
		csrfs+=("$CSRF")
	done
	: >"$MIXED_PLAN"
	for i in $(seq 0 999); do
		s=$((i % 4))
		if [ $((i % 10)) -eq 9 ]; then
			printf 'POST\t/api/v1/matters/%s/progress\t%s\t%s\t{"note":"bench-mixed %d"}\n' \
				"${mix_open[$((w % 200))]}" "${tokens[$s]}" "${csrfs[$s]}" "$w" >>"$MIXED_PLAN"
			w=$((w + 1))
			continue
		fi
		case $((r % 10)) in
		0 | 1 | 2 | 3) p="/api/v1/matters?unit_id=${mix_units[$((r / 10 % ${#mix_units[@]}))]}&limit=50" ;;
		4 | 5) p="/api/v1/stats?alliance_id=${mix_alliances[$((r / 10 % ${#mix_alliances[@]}))]}&by=unit" ;;
		6) p="/api/v1/stats?alliance_id=${mix_alliances[$((r / 10 % ${#mix_alliances[@]}))]}&by=month" ;;
		*) p="/api/v1/divisions?parent=${mix_parents[$((r % ${#mix_parents[@]}))]}" ;;
		esac
		printf 'GET\t%s\t%s\n' "$p" "${tokens[$s]}" >>"$MIXED_PLAN"
		r=$((r + 1))
	done
	cp "$MIXED_PLAN" "$RESULTS/matters.mixed-plan.tmp"
	MIX_TOKEN=${tokens[0]}
	MIX_CSRF=${csrfs[0]}
}

# ---- the mixed plan: 900 reads and 100 progress notes in a cycle of 1000 ----
MIXED_PLAN=$T/mixed.plan
if [ "$WITH_MIXED" = 1 ]; then
	mapfile -t mix_units < <(sq "SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY tier ORDER BY id) AS r
		FROM units WHERE alliance_id = $ALLIANCE) WHERE (r - 1) % 7 = 0 ORDER BY id LIMIT 20")
	mapfile -t mix_alliances < <(sq "SELECT id FROM alliances WHERE id >= $ALLIANCE ORDER BY id LIMIT 5")
	mapfile -t mix_parents < <(sq "SELECT county_code FROM alliance_counties WHERE alliance_id = $ALLIANCE
		UNION ALL SELECT * FROM (SELECT code FROM divisions WHERE parent_code = '$PARENT' ORDER BY code LIMIT 6)")
	mapfile -t mix_open < <(sq "SELECT id FROM matters WHERE alliance_id IN ($(IFS=,; echo "${mix_alliances[*]}"))
		AND status IN ('proposed', 'studying', 'in_progress', 'escalated') ORDER BY id LIMIT 200")
	[ ${#mix_open[@]} -eq 200 ] || die "not enough open matters for the mixed load"
	make_mixed_plan
	# one write by hand first: it must succeed
	code=$(curl -sS --max-time 30 -o "$T/progress.json" -w '%{http_code}' -H "Cookie: lj_session=$MIX_TOKEN" \
		-H "X-CSRF-Token: $MIX_CSRF" -H 'Content-Type: application/json' --data '{"note":"bench-mixed check"}' \
		"$(srv_url "$first" "/api/v1/matters/${mix_open[0]}/progress")")
	[ "$code" = 201 ] || die "POST progress answered $code: $(head -c 300 "$T/progress.json")"
fi
progress_count() { sq "SELECT count(*) FROM audit WHERE action = 'matter.progress'"; }

# ---- wrk ----
check_alive() {
	local what=$1 pid
	shift
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null && [ "$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)" != Z ]; then
			continue
		fi
		local how
		how=$(exit_status_of "$pid")
		for v in "${VARIANTS[@]}"; do
			cp "$T/server-${v%%:*}-${v#*:}.log" "$RESULTS/matters.server-${v%%:*}-${v#*:}.log.tmp" 2>/dev/null || true
		done
		die "$what (pid $pid) is gone: $how; logs in ${RESULTS#"$ROOT"/}/matters.*.tmp"
	done
}

# run_wrk ENDPOINT SIDE VARIANT URL LUA [-- PLAN] -- PID...: warm-up, measured
# run, one record (wrk's figures, CPU of the measured processes, of wrk and
# of the whole machine).
run_wrk() {
	local ep=$1 side=$2 var=$3 url=$4 lua=$5 plan=$6
	shift 6
	# A fresh session for every run: the server refreshes a session's idle
	# clock (a write, which invalidates every cached answer) once a minute,
	# and a run must not depend on whether that minute falls into it.
	if [ -n "$plan" ]; then
		make_mixed_plan
	else
		login "${SPORT[$first]}"
		SESSION=$TOKEN
		COOKIE="Cookie: lj_session=$SESSION"
	fi
	local hdr=(-H "$COOKIE")
	local extra=()
	[ -n "$plan" ] && { hdr=(); extra=(-- "$plan"); }
	local what="$ep / $side"
	[ -n "$var" ] && what="$ep / $(vlabel "$var")"
	timeout $((WARMUP + 30)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout "$WRK_TIMEOUT" \
		"${hdr[@]}" -s "$lua" "$url" "${extra[@]}" >/dev/null || die "wrk warm-up failed against $url"
	check_alive "$what" "$@"
	wait_quiet
	local cmd=(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency --timeout "$WRK_TIMEOUT"
		"${hdr[@]}" -s "$lua" "$url" "${extra[@]}")
	local c0 c1 s0 s1 w0 w1 t0 t1 out rc=0 p0=0 p1=0
	[ -n "$plan" ] && p0=$(progress_count)
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
	check_alive "$what" "$@"
	[ "$rc" -eq 0 ] || die "wrk failed against $url (status $rc)"
	c1=$(cpu_ticks "$@")
	[ -n "$plan" ] && p1=$(progress_count)
	# the reports show the session token as $SESSION
	local shown
	shown=$(show_cmd "${cmd[@]}")
	shown=${shown//\'Cookie: lj_session=$SESSION\'/\"Cookie: lj_session=\$SESSION\"}
	[ -n "$plan" ] && shown=${shown//$plan/bench/results/matters.mixed-plan.tmp}
	{
		echo "### $what"
		echo "\$ $shown"
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
	local threads=null cache=null
	if [ -n "$var" ]; then
		threads=${var%%:*}
		[ "${var#*:}" = 1 ] && cache=true || cache=false
	fi
	printf '{"endpoint":%s,"side":%s,"threads":%s,"cache":%s,"url":%s,"command":%s,"cpu_ticks":%d,"clk_tck":%d,"busy_before_pct":%s,"writes":%s,"load":%s,"wrk":%s}\n' \
		"$(json_str "$ep")" "$(json_str "$side")" "$threads" "$cache" "$(json_str "$url")" \
		"$(json_str "$shown")" $((c1 - c0)) "$CLK_TCK" "$QUIET" "$([ -n "$plan" ] && echo $((p1 - p0)) || echo null)" \
		"$load" "$js" >>"$RAW"
	node -e '
		const r = JSON.parse(process.argv[1]), l = JSON.parse(process.argv[3]);
		const e = Object.values(r.errors).reduce((a, b) => a + b, 0);
		console.error(`[bench] ${process.argv[2]}: ${r.rps.toFixed(0)} req/s, p50 ${(r.p50_us/1000).toFixed(2)} ms, ` +
			`p99 ${(r.p99_us/1000).toFixed(2)} ms${e ? `, ${e} errors` : ""}, other load ${l.other_load_pct}%`);' \
		"$js" "$what" "$load"
}

for ep in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path target <<<"$ep"
	mapfile -t workers < <(nginx_workers)
	run_wrk "$name" nginx "" "$(ngx_url "$path")" "$LUA" "" "$NGINX_PID" "${workers[@]}"
	for v in "${VARIANTS[@]}"; do
		run_wrk "$name" server "$v" "$(srv_url "$v" "$path")" "$LUA" "" "${SPID[$v]}"
	done
done
if [ "$WITH_MIXED" = 1 ]; then
	for v in "${VARIANTS[@]}"; do
		run_wrk mixed server "$v" "$(srv_url "$v" /)" "$MIXED_LUA" "$MIXED_PLAN" "${SPID[$v]}"
	done
fi

# ---- memory, then stop ----
rss_json=""
for v in "${VARIANTS[@]}"; do
	rss_json+="${rss_json:+,}$(printf '{"threads":%s,"cache":%s,"vm_hwm_kb":%s,"vm_rss_kb":%s}' \
		"${v%%:*}" "$([ "${v#*:}" = 1 ] && echo true || echo false)" \
		"$(vm_hwm_kb "${SPID[$v]}")" "$(vm_rss_kb "${SPID[$v]}")")"
done
ngx_hwm=0
for p in "$NGINX_PID" $(nginx_workers); do
	ngx_hwm=$((ngx_hwm + $(vm_hwm_kb "$p")))
done
log_bytes=0
for v in "${VARIANTS[@]}"; do
	stop_pid "${SPID[$v]}"
	log_bytes=$((log_bytes + $(stat -c %s "$T/server-${v%%:*}-${v#*:}.log")))
done
stop_pid "$NGINX_PID"
db_bytes=$(stat -c %s "$GEN_DB")
finished=$(now_ns)

# ---- query plans and timings of the server's SQL on this database ----
# The statements are copies of src/store/store_sqlite_matter.c (sq_matter_list
# builds its WHERE from the filters given; sq_stat_rows_impl) and
# store_sqlite_org.c (sq_unit_list), run by the sqlite3 CLI with bound
# parameters like the server's, after the servers have stopped; the
# "suggested" rows show an alternative (an index is created on this throwaway
# copy for them). Each timing is the best of 3 (ms, wall).
MCOLS="m.id,m.alliance_id,m.unit_id,m.origin_unit_id,m.county_code,m.title,m.description,m.category,m.type,m.priority,m.status,m.due_on,m.raised_by_org_id,m.raised_by_user,m.raised_on,m.raised_at_ms,m.resolved_on,m.resolution,m.closed_reason,m.funds_fen,m.people_count,m.length_m,m.jobs,m.updated_at_ms,u.name,o.name,t.label"
MFROM="FROM matters m JOIN units u ON u.id=m.unit_id JOIN orgs o ON o.id=m.raised_by_org_id JOIN matter_types t ON t.key=m.type"
MORDER="ORDER BY m.id DESC LIMIT ?10"
sql_same=1
for frag in 'WHERE m.id<?9' ' AND m.unit_id=?1' ' AND m.alliance_id=?2' ' AND EXISTS (SELECT 1 FROM matter_assignees a WHERE a.matter_id=m.id' \
	'FROM stat_matter_daily WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY 1'; do
	grep -qF "$frag" src/store/store_sqlite_matter.c || sql_same=0
done
# a person with a median number of assignments, for the assignee filter
ASSIGNEE=$(sq "SELECT person_id FROM (SELECT person_id, row_number() OVER (ORDER BY c, person_id) AS rn,
	count(*) OVER () AS n FROM (SELECT person_id, count(*) AS c FROM matter_assignees GROUP BY person_id)) WHERE rn = (n + 1) / 2")
PLAN_QUERIES=(
	"list ?unit_id= (as the server builds it)|1|SELECT $MCOLS $MFROM WHERE m.id<?9 AND m.unit_id=?1 $MORDER"
	"list ?alliance_id= (as the server builds it)|2|SELECT $MCOLS $MFROM WHERE m.id<?9 AND m.alliance_id=?2 $MORDER"
	"list ?alliance_id=, suggested index matters(alliance_id, id)|2i|SELECT $MCOLS $MFROM WHERE m.id<?9 AND m.alliance_id=?2 $MORDER"
	"list ?assignee_person_id= (as the server builds it)|5|SELECT $MCOLS $MFROM WHERE m.id<?9 AND EXISTS (SELECT 1 FROM matter_assignees a WHERE a.matter_id=m.id AND a.person_id=?8) $MORDER"
	"list ?assignee_person_id=, suggested m.id IN (SELECT matter_id … WHERE person_id=?8)|5|SELECT $MCOLS $MFROM WHERE m.id<?9 AND m.id IN (SELECT matter_id FROM matter_assignees WHERE person_id=?8) $MORDER"
	"stats: stat_matter_daily by unit (as served)|3|SELECT CAST(unit_id AS TEXT), sum(raised), sum(resolved), sum(resolve_days), sum(escalated) FROM stat_matter_daily WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY 1"
	"stats: stat_matter_daily by unit, suggested GROUP BY unit_id (integer, key order)|3|SELECT unit_id, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) FROM stat_matter_daily WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY unit_id"
	"stats: stat_matter_daily by month (as served)|3|SELECT substr(day,1,7), sum(raised), sum(resolved), sum(resolve_days), sum(escalated) FROM stat_matter_daily WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY 1"
	"stats: stat_matter_daily by county (a 2nd pass in every request, for attendance_by_county)|3|SELECT county_code, sum(raised), sum(resolved), sum(resolve_days), sum(escalated) FROM stat_matter_daily WHERE alliance_id=?1 AND day>=?2 AND day<=?3 GROUP BY 1"
	"stats: stat_open_due by unit (overdue)|3|SELECT CAST(unit_id AS TEXT), sum(n) FROM stat_open_due WHERE alliance_id=?1 AND due_on<?4 GROUP BY 1"
	"stats by=unit: unit_list|4|SELECT id,alliance_id,tier,name,parent_id,created_at_ms FROM units WHERE (?1=0 OR alliance_id=?1) AND (?2 IS NULL OR tier=?2) AND id>?3 ORDER BY id LIMIT ?4"
)
plan_params() {   # the bindings of each kind of statement
	case $1 in
	1 | 2 | 2i | 5)
		printf '.parameter set ?1 %s\n.parameter set ?2 %s\n.parameter set ?8 %s\n' "$UNIT" "$ALLIANCE" "${ASSIGNEE:-0}"
		printf '.parameter set ?9 9223372036854775807\n.parameter set ?10 50\n' ;;
	3) printf ".parameter set ?1 %s\n.parameter set ?2 \"'1970-01-01'\"\n.parameter set ?3 \"'2999-12-31'\"\n.parameter set ?4 \"'%s'\"\n" "$ALLIANCE" "$TODAY" ;;
	4) printf '.parameter set ?1 %s\n.parameter set ?3 0\n.parameter set ?4 100000\n' "$ALLIANCE" ;;
	esac
}
{
	index_made=0
	for q in "${PLAN_QUERIES[@]}"; do
		IFS='|' read -r qname kind qsql <<<"$q"
		if [ "$kind" = 2i ] && [ "$index_made" = 0 ]; then
			echo "CREATE INDEX bench_matters_alliance_id ON matters(alliance_id, id);"
			index_made=1
		fi
		echo ".parameter clear"
		plan_params "$kind"
		echo ".print @@@ $qname"
		echo "EXPLAIN QUERY PLAN $qsql;"
		echo ".timer on"
		for i in 1 2 3; do echo "SELECT count(*) FROM ($qsql);"; done
		echo ".timer off"
		if [ "$kind" = 2i ]; then
			echo "DROP INDEX bench_matters_alliance_id;"
			index_made=2
		fi
	done
} >"$T/plans.sql"
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
serve_cmds=""
for v in "${VARIANTS[@]}"; do
	pre=""
	[ "${v#*:}" = 0 ] && pre="LIANJIAN_NO_CACHE=1 "
	serve_cmds+="${serve_cmds:+,}$(json_str "$pre$(show_cmd "$BIN" serve --db "$DB" --listen "127.0.0.1:${SPORT[$v]}" --threads "${v%%:*}")")"
done
meta=$T/meta.json
cat >"$meta" <<EOF
{
  "benchmark": "matters",
  "date": $(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)"),
  "commit": $(json_str "$(git_describe)"),
  "binary": {"path": $(json_str "$BIN_ORIG"), "sha256": $(json_str "$BIN_SHA256")},
  "machine": $(machine_json),
  "versions": {
    "nginx": $(json_str "$(nginx -v 2>&1 | sed 's/^nginx version: //')"),
    "wrk": $(json_str "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')"),
    "sqlite3": $(json_str "$(sqlite3 --version | awk '{print $1}')")
  },
  "settings": {"duration_s": $DURATION, "warmup_s": $WARMUP, "connections": $CONNS,
               "wrk_threads": $WRK_THREADS, "wrk_timeout": "$WRK_TIMEOUT", "nginx_workers": $NGINX_WORKERS,
               "server_threads": [$(IFS=,; echo "${THREADS[*]}")], "no_cache_runs": $([ "$WITH_NOCACHE" = 1 ] && echo true || echo false)},
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
              "alliance_matters": $ALLIANCE_MATTERS, "divisions_parent": $(json_str "$PARENT")},
  "verification": $(json_str "$verification"),
  "plans": {"sql_matches_source": $([ "$sql_same" = 1 ] && echo true || echo false), "assignee": ${ASSIGNEE:-null}, "queries": $plans_json},
  "mixed": {"plan": "1000 requests in a cycle: 900 GET (40% matters lists of 20 units of the alliance, 20% stats by=unit and 10% by=month of 5 alliances, 30% divisions of 8 parents) and 100 POST /api/v1/matters/{id}/progress on 200 open matters; 4 sessions of the admin account, signed in just before each run",
            "enabled": $([ "$WITH_MIXED" = 1 ] && echo true || echo false)},
  "endpoints": [$eps_json],
  "server_memory": [$rss_json],
  "nginx_memory": {"vm_hwm_kb_sum": $ngx_hwm},
  "server_access_log_bytes": $log_bytes,
  "commands": {
    "generate": $(json_str "bash $GEN build/lianjian $(show_cmd "${DIV_DIR#"$ROOT"/}") bench.db"),
    "user": $(json_str "$(show_cmd "${cmd_user[@]}")"),
    "login": $(json_str "curl -D - -H 'Content-Type: application/json' --data '{\"username\":\"bench_admin\",\"password\":\"…\"}' http://127.0.0.1:${SPORT[$first]}/api/v1/session   # SESSION = the lj_session cookie"),
    "serve": [$serve_cmds],
    "nginx": $(json_str "$(show_cmd "${cmd_nginx[@]}")")
  },
  "elapsed_s": $(( (finished - started) / 1000000000 ))
}
EOF
cp "$T/nginx/nginx.conf" "$RESULTS/matters.nginx.conf.tmp"
node --input-type=module - "$meta" "$RAW" "$RESULTS/matters.json" "$RESULTS/matters.md" \
	"$RESULTS/matters.echarts.json" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
const [metaPath, rawPath, outJson, outMd, outEcharts] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const raw = readFileSync(rawPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ms = (us) => Math.round(us / 10) / 100;
const fix = (x, d = 2) => Number(x.toFixed(d));
const num = (x) => Math.round(x).toLocaleString('en-US');
const sumErr = (e) => Object.values(e).reduce((a, b) => a + b, 0);
const side = (r) => ({
  rps: fix(r.wrk.rps, 1), requests: r.wrk.requests,
  p50_ms: ms(r.wrk.p50_us), p90_ms: ms(r.wrk.p90_us), p99_ms: ms(r.wrk.p99_us), max_ms: ms(r.wrk.lat_max_us),
  errors: r.wrk.errors,
  cpu_us_per_request: fix((r.cpu_ticks / r.clk_tck) * 1e6 / Math.max(1, r.wrk.requests), 1),
  transfer_mb_s: fix(r.wrk.bytes / (r.wrk.duration_us / 1e6) / 1e6, 1),
  other_load_pct: r.load.other_load_pct, wrk_cpu_s: r.load.wrk_cpu_s, target_cpu_s: r.load.target_cpu_s,
  url: r.url, command: r.command,
});
const labels = {
  list: '事项列表 matters?unit_id&limit=50', stats_unit: '统计 stats?by=unit',
  stats_month: '统计 stats?by=month', divisions: '区划 divisions?parent', mixed: '混合 90% 读 / 10% 写',
};
const vname = (r) => `server --threads ${r.threads}, ${r.cache ? 'cache' : 'no cache'}`;
const variants = [...new Set(raw.filter((r) => r.side === 'server').map(vname))];
const endpoints = meta.endpoints.map((ep) => {
  const nginx = side(raw.find((r) => r.endpoint === ep.name && r.side === 'nginx'));
  const server = raw.filter((r) => r.endpoint === ep.name && r.side === 'server').map((r) => {
    const s = side(r);
    const ratio = s.rps / nginx.rps;
    return { threads: r.threads, cache: r.cache, ...s, ratio_rps: fix(ratio, 3),
      meets_target: ratio >= ep.target_ratio };
  });
  return { ...ep, label: labels[ep.name], nginx, server };
});
const mixed = raw.filter((r) => r.endpoint === 'mixed').map((r) => ({
  threads: r.threads, cache: r.cache, ...side(r), writes: r.writes,
  writes_per_s: fix(r.writes / (r.wrk.duration_us / 1e6), 1),
}));
const mem = (r) => meta.server_memory.find((m) => m.threads === r.threads && m.cache === r.cache);
const targetsDefault = endpoints.flatMap((ep) => ep.server.filter((s) => s.cache).map((s) => s.meets_target));
const summary = {
  targets_met_with_cache: targetsDefault.every(Boolean),
  targets_met_without_cache: endpoints.flatMap((ep) => ep.server.filter((s) => !s.cache)).every((s) => s.meets_target),
};
// ECharts: requests/s per endpoint and side
const xAxis = [...endpoints.map((e) => e.label), ...(mixed.length ? [labels.mixed] : [])];
const series = [
  { name: 'nginx (same bytes, static)', type: 'bar', data: [...endpoints.map((e) => e.nginx.rps), ...(mixed.length ? [null] : [])] },
  ...variants.map((v) => ({
    name: v, type: 'bar',
    data: [...endpoints.map((e) => (e.server.find((s) => `server --threads ${s.threads}, ${s.cache ? 'cache' : 'no cache'}` === v) || {}).rps ?? null),
      ...(mixed.length ? [(mixed.find((m) => `server --threads ${m.threads}, ${m.cache ? 'cache' : 'no cache'}` === v) || {}).rps ?? null] : [])],
  })),
];
const title = `Lianjian: 1,000,000 matters, requests/s vs nginx (${meta.date.slice(0, 10)})`;
const out = { title, xAxis, series, ...meta, endpoints, mixed, summary };
writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');
writeFileSync(outEcharts, JSON.stringify({
  title: { text: title, subtext: `${meta.machine.nproc} cores, wrk -t${meta.settings.wrk_threads} -c${meta.settings.connections} -d${meta.settings.duration_s}s; higher is better` },
  tooltip: { trigger: 'axis' }, legend: { top: 'bottom' },
  xAxis: { type: 'category', data: xAxis }, yAxis: { type: 'log', name: 'requests/s (log scale)' },
  series,
}, null, 2) + '\n');

const L = [];
L.push('# Matters, statistics and divisions over 1,000,000 matters vs nginx (same bytes)', '');
L.push(`Run ${meta.date} on commit \`${meta.commit}\`, ${meta.machine.nproc} cores (${meta.machine.cpu}), ` +
  `kernel ${meta.machine.kernel}, ${Math.round(meta.machine.mem_total_kb / 1048576)} GiB; nginx ${meta.versions.nginx} ` +
  `(${meta.settings.nginx_workers} workers, access_log off), wrk ${meta.versions.wrk} (${meta.settings.wrk_threads} threads, ` +
  `${meta.settings.connections} connections, ${meta.settings.duration_s} s after a ${meta.settings.warmup_s} s warm-up, ` +
  `--timeout ${meta.settings.wrk_timeout}), SQLite ${meta.versions.sqlite3}. Server, nginx and wrk share the machine.`, '');
L.push(`Data: \`${meta.dataset.summary}\` (${(meta.dataset.db_bytes / 1048576).toFixed(0)} MiB; ` +
  `${meta.dataset.generated_now ? `generated in this run in ${meta.dataset.generation_s} s` : 'from the cache, key ' + meta.dataset.cache_key}; ` +
  `copied for the run in ${meta.dataset.copy_s} s). Alliances pair the i-th county of Guangxi (45) with the i-th county of ` +
  'Guangdong (44) in code order — real adjacency is not in the division data — with real town and village codes.', '');
L.push(`Measured: unit ${meta.subject.unit_id} “${meta.subject.unit_name}” (the village group with the median number of ` +
  `matters: ${meta.subject.unit_matters}), alliance ${meta.subject.alliance_id} “${meta.subject.alliance_name}” ` +
  `(${num(meta.subject.alliance_matters)} matters), divisions under ${meta.subject.divisions_parent}. All requests carry ` +
  'the session cookie (the divisions endpoint is public but a signed-in browser sends it too).', '');
L.push(`Checked before measuring: ${meta.verification}; every server variant and nginx answer the same bytes with the same ` +
  'Content-Type and extra headers.', '');
L.push('Targets (the issue): list ≥ 75% of nginx\'s requests/s, statistics ≥ 50%; divisions ≥ 75% as in ' +
  '`bench/divisions.sh`. They are about the default server (cache on); the no-cache rows show what a cache miss costs.', '');
L.push('| endpoint | bytes | server | server req/s | nginx req/s | ratio | target | server p50 / p99 ms | ' +
  'nginx p50 / p99 ms | server CPU µs/req | nginx CPU µs/req | errors | other load % |');
L.push('|---|--:|---|--:|--:|--:|:-:|--:|--:|--:|--:|--:|--:|');
for (const ep of endpoints)
  for (const s of ep.server)
    L.push(`| \`${ep.path}\` | ${ep.bytes} | --threads ${s.threads}, ${s.cache ? 'cache' : '**no cache**'} | ${num(s.rps)} | ` +
      `${num(ep.nginx.rps)} | **${s.ratio_rps.toFixed(2)}** | ≥ ${ep.target_ratio} ${s.meets_target ? 'met' : 'MISSED'} | ` +
      `${s.p50_ms} / ${s.p99_ms} | ${ep.nginx.p50_ms} / ${ep.nginx.p99_ms} | ${s.cpu_us_per_request} | ` +
      `${ep.nginx.cpu_us_per_request} | ${sumErr(s.errors)} / ${sumErr(ep.nginx.errors)} | ${s.other_load_pct} / ${ep.nginx.other_load_pct} |`);
L.push('');
if (mixed.length) {
  L.push('## Mixed read/write load', '');
  L.push(`${meta.mixed.plan}. Script: \`bench/lib/matters-mixed.lua\` (requests prepared once per wrk thread, no ` +
    'response() callback). Writes: progress notes committed during the measured run, counted in the audit table.', '');
  L.push('| server | req/s | of which writes/s | p50 / p90 / p99 ms | max ms | server CPU µs/req | errors (non-2xx incl.) | other load % |');
  L.push('|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const m of mixed)
    L.push(`| --threads ${m.threads}, ${m.cache ? 'cache' : 'no cache'} | ${num(m.rps)} | ${m.writes_per_s} | ` +
      `${m.p50_ms} / ${m.p90_ms} / ${m.p99_ms} | ${m.max_ms} | ${m.cpu_us_per_request} | ${sumErr(m.errors)} | ${m.other_load_pct} |`);
  L.push('');
}
L.push('p50 / p99: wrk\'s latency percentiles; wrk 4 corrects them for coordinated omission (a response slower than ' +
  'the mean interval also counts the requests a steady client would have sent meanwhile), so one stall of a server ' +
  'thread shows up in p90/p99 far more than in req/s. Every run uses a session signed in just before it: the server ' +
  'refreshes a session\'s idle clock once a minute, and that write invalidates every cached answer.', '');
L.push('CPU µs/req: user+system time of the server process (or nginx master+workers) during the measured run ' +
  '(from /proc/PID/stat) divided by the requests served. Errors: wrk socket errors, timeouts and non-2xx answers, ' +
  'server / nginx. Other load: CPU used on the machine during the run by anything but the measured process(es) and ' +
  'wrk, in % of all cores, server run / nginx run; above a few % the run was disturbed by other work.', '');
const disturbed = [...endpoints.flatMap((ep) => [ep.nginx, ...ep.server]), ...mixed].filter((x) => x.other_load_pct > 5);
if (disturbed.length)
  L.push(`**Note:** ${disturbed.length} of the ${endpoints.length * (1 + variants.length) + mixed.length} runs had more ` +
    'than 5% other load on the machine (other sessions\' builds and tests); their ratios are less trustworthy.', '');
L.push('| server | peak RSS (VmHWM) | RSS at end |', '|---|--:|--:|');
for (const m of meta.server_memory)
  L.push(`| --threads ${m.threads}, ${m.cache ? 'cache' : 'no cache'} | ${(m.vm_hwm_kb / 1024).toFixed(1)} MiB | ${(m.vm_rss_kb / 1024).toFixed(1)} MiB |`);
L.push('', `nginx master + workers, peak RSS summed: ${(meta.nginx_memory.vm_hwm_kb_sum / 1024).toFixed(1)} MiB. ` +
  `The servers wrote ${(meta.server_access_log_bytes / 1048576).toFixed(0)} MiB of access log (to files); nginx had access_log off. ` +
  `The whole script took ${meta.elapsed_s} s.`, '');
if (meta.plans.queries.length) {
  L.push('## The server\'s SQL at this scale', '');
  L.push('`EXPLAIN QUERY PLAN` and the best of 3 timings (sqlite3 CLI on the same database copy, parameters bound ' +
    `like the server binds them; the list for unit ${meta.subject.unit_id}, alliance ${meta.subject.alliance_id} and ` +
    `person ${meta.plans.assignee} (median number of assignments)) of the statements behind the list and the ` +
    'statistics (copies of `src/store/store_sqlite_matter.c` and `store_sqlite_org.c`' +
    (meta.plans.sql_matches_source ? '' : '; **the server\'s SQL has changed since: these are the old statements**') +
    '; script: `bench/results/matters.plans.sql.tmp`). “Suggested” rows are alternatives measured on the same copy.', '');
  L.push('| statement | rows | best ms | plan |', '|---|--:|--:|---|');
  for (const q of meta.plans.queries)
    L.push(`| ${q.name} | ${q.rows ?? ''} | ${q.best_ms ?? ''} | ${q.plan.map((p) => {
      // "|--X", "`--X", "|  `--X": the tree drawing becomes an indent
      const m = /^([ |`-]*?)([|`]--)(.*)$/.exec(p) || ['', '', '', p];
      return '&nbsp;&nbsp;'.repeat(m[1].length / 3) + (m[1].length ? '↳ ' : '') + '`' + m[3].replace(/\|/g, '\\|') + '`';
    }).join('<br>')} |`);
  L.push('');
}
L.push('## Commands', '', '```sh');
L.push(meta.commands.generate + '   # cached in bench/.cache/matters-' + meta.dataset.cache_key + '/');
L.push(`cp bench/.cache/matters-${meta.dataset.cache_key}/bench.db ${meta.commands.user.match(/--db (\S+)/)[1]}`);
L.push(meta.commands.user);
for (const c of meta.commands.serve) L.push(c + ' &');
L.push(meta.commands.login);
L.push(meta.commands.nginx + ' &   # config: bench/results/matters.nginx.conf.tmp');
for (const ep of endpoints) {
  L.push(ep.nginx.command);
  for (const s of ep.server) L.push(s.command);
}
for (const m of mixed) L.push(m.command + '   # sessions and CSRF tokens of this run inside');
L.push('```', '', 'Reproduce with `bash bench/matters.sh`; raw wrk output of the last run: `bench/results/matters.wrk.tmp`. ' +
  'ECharts option: `bench/results/matters.echarts.json` (the same figures are at the top of `matters.json`).', '');
writeFileSync(outMd, L.join('\n'));
JS
cat "$RESULTS/matters.md"
