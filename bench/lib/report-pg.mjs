// report-pg.mjs - the results of bench/pg.sh: PostgreSQL (one instance, two
// behind nginx) against SQLite on the same data, and nginx serving the same
// bytes as the ceiling.
//
//   node bench/lib/report-pg.mjs META.json RAW.jsonl RESULTS_DIR
//     writes RESULTS_DIR/pg.json (everything, with the rows bench/lib/report.mjs's
//     summary takes in `summary_rows`), pg.md and pg.echarts.json.
//
// Records (RAW, one per wrk run, written by run_wrk in bench/lib/common.sh):
// endpoint, side, label (nginx, pg1, pg2, sqlite), db, round, cpu_ticks (all
// measured processes: nginx proxy, servers, PostgreSQL), server_cpu_ticks
// (the lianjian processes alone), pg_cpu_ticks, pg_xacts, wrk {…}, and for
// the mixed load writes_by_user.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ms = (us) => Math.round(us / 10) / 100;
const fix = (x, d = 2) => Number(x.toFixed(d));
const num = (x) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const mib = (kb) => (kb ? `${(kb / 1024).toFixed(1)} MiB` : '—');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const sumErr = (e) => sum(Object.values(e ?? {}));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return null;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const CLEAN_LOAD_PCT = 5;
const load = (r) => (r.load ? r.load.other_load_pct : 0);
const EXPECTED = new Set(['200', '201']);
const ENDPOINT_NAMES = {
  list: '事项列表 matters?unit_id&limit=50', stats_unit: '统计 stats?by=unit',
  stats_month: '统计 stats?by=month', mixed: '混合 90% 读 / 10% 写',
};

// The runs of one target folded into one row: medians of rates and
// percentiles, sums of requests, errors, statuses and CPU.
function aggregate(rs) {
  const w = rs.map((r) => r.wrk);
  const requests = Math.max(1, sum(w.map((x) => x.requests)));
  const tck = rs[0].clk_tck;
  const us = (ticks) => fix((ticks / tck) * 1e6 / requests, 1);
  const all = sum(rs.map((r) => r.cpu_ticks));
  const server = sum(rs.map((r) => r.server_cpu_ticks ?? r.cpu_ticks));
  const pg = sum(rs.map((r) => r.pg_cpu_ticks ?? 0));
  const errors = {};
  const statuses = {};
  for (const x of w) {
    for (const [k, v] of Object.entries(x.errors)) errors[k] = (errors[k] ?? 0) + v;
    for (const [k, v] of Object.entries(x.statuses ?? {})) statuses[k] = (statuses[k] ?? 0) + v;
  }
  const byUser = {};
  for (const r of rs) for (const [u, n] of Object.entries(r.writes_by_user ?? {})) byUser[u] = (byUser[u] ?? 0) + n;
  const loads = rs.map(load);
  // pg_stat_statements: the servers' statements, summed over the rounds
  const st = rs.map((r) => r.pg_statements).filter(Boolean);
  const top = {};
  for (const x of st)
    for (const q of x.top) {
      const t = (top[q.query] ??= { query: q.query, calls: 0, exec_ms: 0, rows: 0 });
      t.calls += q.calls; t.exec_ms += q.exec_ms; t.rows += q.rows;
    }
  const seconds = sum(w.map((x) => x.duration_us / 1e6));
  return {
    label: rs[0].label,
    db: rs[0].db,
    rps: fix(median(w.map((x) => x.rps)), 1),
    rps_rounds: w.map((x) => fix(x.rps, 0)),
    requests: sum(w.map((x) => x.requests)),
    p50_ms: ms(median(w.map((x) => x.p50_us))),
    p90_ms: ms(median(w.map((x) => x.p90_us))),
    p99_ms: ms(median(w.map((x) => x.p99_us))),
    max_ms: ms(Math.max(...w.map((x) => x.lat_max_us))),
    errors,
    ...(w.some((x) => x.statuses) ? { statuses } : {}),
    cpu_us_per_request: us(all),
    cpu_split_us: { lianjian: us(server), postgres: us(pg), nginx_proxy: us(Math.max(0, all - server - pg)) },
    pg_xacts_per_request: rs.some((r) => r.pg_xacts !== undefined && r.db === 'pg')
      ? fix(sum(rs.map((r) => Math.max(0, r.pg_xacts ?? 0))) / requests, 2) : null,
    pg_statements_per_request: st.length ? fix(sum(st.map((x) => x.calls)) / requests, 2) : null,
    pg_exec_us_per_request: st.length ? fix(sum(st.map((x) => x.exec_ms)) * 1000 / requests, 1) : null,
    pg_top_statements: Object.values(top).sort((a, b) => b.exec_ms - a.exec_ms).slice(0, 4).map((t) => ({
      ...t, exec_ms: fix(t.exec_ms, 1), calls_per_request: fix(t.calls / requests, 2),
      mean_us: fix((t.exec_ms * 1000) / Math.max(1, t.calls), 1),
    })),
    other_load_pct: fix(sum(loads) / loads.length, 1),
    other_load_pct_rounds: loads,
    peak_rss_kb: Math.max(...rs.map((r) => r.vm_hwm_kb ?? 0)),
    writes_by_user: byUser,
    writes_per_s: fix(sum(Object.values(byUser)) / seconds, 1),
    command: rs[0].command,
  };
}

// per-round ratio a/b of two targets' runs (paired by round), median over
// the clean pairs when there are any
function ratio(ra, rb) {
  const pairs = ra.map((r) => ({ r, n: rb.find((x) => x.round === r.round) })).filter((p) => p.n);
  if (!pairs.length) return null;
  const clean = pairs.filter((p) => load(p.r) <= CLEAN_LOAD_PCT && load(p.n) <= CLEAN_LOAD_PCT);
  const used = clean.length ? clean : pairs;
  return fix(median(used.map((p) => p.r.wrk.rps / p.n.wrk.rps)), 3);
}

const [metaPath, rawPath, dir] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const raw = readFileSync(rawPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const labels = meta.targets.map((t) => t.label);
const desc = Object.fromEntries(meta.targets.map((t) => [t.label, t.desc]));

const endpoints = meta.endpoints.map((ep) => {
  const runs = raw.filter((r) => r.endpoint === ep.name);
  const of = (l) => runs.filter((r) => r.label === l);
  const nginx = aggregate(of('nginx'));
  const rows = labels.filter((l) => of(l).length).map((l) => ({
    ...aggregate(of(l)),
    desc: desc[l],
    ratio_nginx: ratio(of(l), of('nginx')),
    ratio_sqlite: l === 'sqlite' ? 1 : ratio(of(l), of('sqlite')),
  }));
  return { ...ep, label: ENDPOINT_NAMES[ep.name] ?? ep.name, nginx, server: rows };
});
const mixedRuns = raw.filter((r) => r.endpoint === 'mixed');
const mixed = labels.filter((l) => mixedRuns.some((r) => r.label === l)).map((l) => {
  const a = aggregate(mixedRuns.filter((r) => r.label === l));
  const unexpected = sum(Object.entries(a.statuses ?? {}).filter(([k]) => !EXPECTED.has(k)).map(([, v]) => v));
  const socket = sumErr({ ...a.errors, status: 0 });
  return { ...a, desc: desc[l], unexpected_statuses: unexpected, socket_errors: socket,
    meets_target: unexpected === 0 && socket === 0 };
});
const sqliteMixed = mixed.find((m) => m.label === 'sqlite');
for (const m of mixed) m.ratio_sqlite = sqliteMixed ? fix(m.rps / sqliteMixed.rps, 3) : null;

const summary_rows = [
  ...endpoints.flatMap((ep) => ep.server.map((s) => ({
    benchmark: 'pg',
    endpoint: ep.path,
    config: `${s.desc}, --threads ${meta.settings.server_threads}`,
    unit: 'req/s',
    ours: s.rps, ceiling: ep.nginx.rps, ceiling_name: 'nginx',
    ratio: s.ratio_nginx, chart_ratio: s.ratio_nginx,
    target: `info (÷ SQLite ${s.ratio_sqlite?.toFixed(2)})`, chart_target: null, met: null,
    p50_ms: s.p50_ms, p99_ms: s.p99_ms, nginx_p50_ms: ep.nginx.p50_ms, nginx_p99_ms: ep.nginx.p99_ms,
    cpu_us: s.cpu_us_per_request, nginx_cpu_us: ep.nginx.cpu_us_per_request,
    peak_rss_kb: s.peak_rss_kb,
    errors: sumErr(s.errors) + sumErr(ep.nginx.errors),
    clean: `${s.other_load_pct_rounds.filter((x) => x <= CLEAN_LOAD_PCT).length}/${s.other_load_pct_rounds.length}`,
    other_load_pct: Math.max(s.other_load_pct, ep.nginx.other_load_pct),
  }))),
  ...mixed.map((m) => ({
    benchmark: 'pg',
    endpoint: `mixed: 90% reads / 10% writes, 8 accounts`,
    config: `${m.desc}, --threads ${meta.settings.server_threads}`,
    unit: 'req/s',
    ours: m.rps, ceiling: null, ceiling_name: 'nginx', ratio: null, chart_ratio: null,
    target: 'no unexpected answer', chart_target: null, met: m.meets_target,
    p50_ms: m.p50_ms, p99_ms: m.p99_ms, cpu_us: m.cpu_us_per_request,
    peak_rss_kb: m.peak_rss_kb,
    errors: m.unexpected_statuses + m.socket_errors,
    clean: m.other_load_pct <= CLEAN_LOAD_PCT ? '1/1' : 'none',
    other_load_pct: m.other_load_pct,
  })),
];
writeFileSync(join(dir, 'pg.json'), JSON.stringify({ ...meta, endpoints, mixed, summary_rows }, null, 2) + '\n');

writeFileSync(join(dir, 'pg.echarts.json'), JSON.stringify({
  title: { text: 'PostgreSQL vs SQLite vs nginx (same bytes): requests/s', left: 'center',
    subtext: `${meta.machine.nproc} cores; ${meta.date.slice(0, 16).replace('T', ' ')} UTC, ${meta.commit}; higher is better` },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  legend: { bottom: 0 },
  grid: { left: 80, right: 30, top: 80, bottom: 90, containLabel: true },
  xAxis: { type: 'category', data: [...endpoints.map((e) => e.label), ...(mixed.length ? [ENDPOINT_NAMES.mixed] : [])] },
  yAxis: { type: 'value', name: 'requests/s' },
  series: [
    { type: 'bar', name: 'nginx (static, same bytes)', data: [...endpoints.map((e) => e.nginx.rps), ...(mixed.length ? [null] : [])] },
    ...labels.map((l) => ({
      type: 'bar', name: desc[l],
      data: [...endpoints.map((e) => e.server.find((s) => s.label === l)?.rps ?? null),
        ...(mixed.length ? [mixed.find((m) => m.label === l)?.rps ?? null] : [])],
    })),
  ],
}, null, 2) + '\n');

const split = (s) => `${s.cpu_split_us.lianjian} / ${s.db === 'pg' ? s.cpu_split_us.postgres : '—'} / ` +
  `${s.label === 'pg2' ? s.cpu_split_us.nginx_proxy : '—'}`;
const pgq = (s) => (s.db === 'pg' ? `${s.pg_xacts_per_request ?? '—'} / ${s.pg_statements_per_request ?? '—'}` : '—');
const L = [];
L.push('# PostgreSQL vs SQLite on the same data (1M matters), with nginx static as the ceiling', '');
L.push(`Run ${meta.date} on commit \`${meta.commit}\` (binary sha256 ${meta.binary.sha256.slice(0, 12)}), ` +
  `${meta.machine.nproc} cores (${meta.machine.cpu}); PostgreSQL ${meta.versions.postgresql} (settings: ` +
  `${Object.entries(meta.settings.postgresql ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}; a Unix socket), ` +
  `SQLite ${meta.versions.sqlite3}, nginx ${meta.versions.nginx}, wrk ${meta.versions.wrk} (${meta.settings.wrk_threads} ` +
  `threads, ${meta.settings.connections} connections; per target ${meta.settings.rounds} round(s) of ${meta.settings.round_s} s ` +
  `after a ${meta.settings.warmup_s} s warm-up; nginx, PostgreSQL ×1, PostgreSQL ×2 behind nginx and SQLite back to back in each round). ` +
  `Every lianjian server runs with --threads ${meta.settings.server_threads} and its answer cache on. Everything shares the two cores.`, '');
L.push(`Data: SQLite — ${meta.dataset.sqlite}. PostgreSQL — ${meta.dataset.postgresql}` +
  `${meta.dataset.subset_alliances ? ` (**a subset: alliances 1..${meta.dataset.subset_alliances} only**)` : ' (the same rows)'}` +
  `${meta.dataset.loaded_now ? `, loaded in this run in ${meta.dataset.load_s} s` : ', from the cache'}; ` +
  `this run's copies: \`CREATE DATABASE run TEMPLATE bench\` ${meta.dataset.pg_copy_s} s, the SQLite file ${meta.dataset.sqlite_copy_s} s.`, '');
L.push(`Checked before measuring: ${meta.verification}.`, '');
L.push('| endpoint | bytes | server | req/s | ÷ nginx | ÷ SQLite | p50 / p99 ms | CPU µs/req | of which lianjian / postgres / nginx proxy | PG xacts / statements per req | PG executing µs/req | errors | other load % |');
L.push('|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const ep of endpoints) {
  const n = ep.nginx;
  L.push(`| \`${ep.path}\` | ${ep.bytes} | nginx static | ${num(n.rps)} | 1 | — | ${n.p50_ms} / ${n.p99_ms} | ` +
    `${n.cpu_us_per_request} | — | — | — | ${sumErr(n.errors)} | ${n.other_load_pct} |`);
  for (const s of ep.server)
    L.push(`| | | ${s.desc} | ${num(s.rps)} | **${s.ratio_nginx?.toFixed(2) ?? '—'}** | **${s.ratio_sqlite?.toFixed(2) ?? '—'}** | ` +
      `${s.p50_ms} / ${s.p99_ms} | ${s.cpu_us_per_request} | ${split(s)} | ${pgq(s)} | ${s.pg_exec_us_per_request ?? '—'} | ` +
      `${sumErr(s.errors)} | ${s.other_load_pct} |`);
}
L.push('');
if (mixed.length) {
  L.push('## Mixed read/write load', '');
  L.push(`${meta.mixed.plan}. Script: \`bench/lib/matters-mixed.lua\`, ${meta.settings.mixed_s} s per server.`, '');
  L.push('| server | req/s | ÷ SQLite | writes/s | p50 / p90 / p99 ms | CPU µs/req | of which lianjian / postgres / nginx proxy | PG xacts / statements per req | PG executing µs/req | answers by status | unexpected | writes per account (audit) | other load % |');
  L.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|---|--:|');
  for (const m of mixed)
    L.push(`| ${m.desc} | ${num(m.rps)} | **${m.ratio_sqlite?.toFixed(2) ?? '—'}** | ${m.writes_per_s} | ` +
      `${m.p50_ms} / ${m.p90_ms} / ${m.p99_ms} | ${m.cpu_us_per_request} | ${split(m)} | ${pgq(m)} | ${m.pg_exec_us_per_request ?? '—'} | ` +
      `${Object.entries(m.statuses ?? {}).map(([k, v]) => `${k}: ${num(v)}`).join(', ')} | **${m.unexpected_statuses + m.socket_errors}** | ` +
      `${Object.entries(m.writes_by_user).map(([u, n]) => `${u.replace(/^bench_/, '')} ${n}`).join(', ')} | ${m.other_load_pct} |`);
  L.push('');
}
L.push('Ratios: the median of the per-round ratios (the same round, back to back), over the rounds in which other ' +
  `processes used ≤ ${CLEAN_LOAD_PCT}% of the machine when there are any. CPU µs/req: user+system time per request of ` +
  'everything serving it — the lianjian process(es), every PostgreSQL process (postmaster, backends, background ' +
  'writers; from /proc, ended ones through the postmaster\'s cutime) and, for two instances, the nginx in front — ' +
  'with that split in the next column; it says where the time goes (wrk\'s own CPU is not in it). PG xacts/req: ' +
  'transactions committed or rolled back in the database (pg_stat_database) per request: the round trips a request ' +
  'costs beyond its statements. Other load: CPU used by anything else during the run, in % of all cores.', '');
const tops = [...endpoints.map((ep) => [ep.path, ep.server.find((s) => s.label === 'pg1')]),
  ...mixed.filter((m) => m.label === 'pg1').map((m) => ['mixed load', m])].filter(([, s]) => s?.pg_top_statements?.length);
if (tops.length) {
  L.push('## Where PostgreSQL spends its time (one instance)', '');
  L.push('The statements that took the most execution time in PostgreSQL during the measured runs ' +
    '(pg_stat_statements, reset before each run; the servers\' statements only). "PG executing µs/req" above is ' +
    'their execution time per request; what the postgres processes used beyond it is parsing, binding, the wire ' +
    'protocol and the transaction begin/commit.', '');
  L.push('| endpoint | statement | calls per request | mean µs | rows |', '|---|---|--:|--:|--:|');
  for (const [name, s] of tops)
    // (statements a run made only a few times, e.g. at a sign-in, are left out)
    for (const t of s.pg_top_statements.filter((x) => x.calls_per_request >= 0.01))
      L.push(`| ${name} | \`${t.query.replace(/\|/g, '\\|')}\` | ${t.calls_per_request} | ${t.mean_us} | ${num(t.rows)} |`);
  L.push('');
}
L.push('| process | peak RSS (VmHWM) | RSS at end |', '|---|--:|--:|');
for (const m of meta.memory) L.push(`| lianjian pid ${m.pid} | ${mib(m.vm_hwm_kb)} | ${mib(m.vm_rss_kb)} |`);
L.push('', `PostgreSQL backends connected to the run's database at the end: ${meta.pg_backends_at_end}; its size ` +
  `${(meta.dataset.pg_db_bytes / 1048576).toFixed(0)} MiB. The script took ${meta.elapsed_s} s.`, '');
L.push('## Commands', '', '```sh', meta.commands.load, meta.commands.postgres, meta.commands.copy);
for (const t of meta.targets) L.push(`${t.command} &`);
L.push(meta.commands.proxy + ' &   # config: bench/results/pg.proxy.conf.tmp', meta.commands.nginx + ' &');
for (const ep of endpoints) {
  L.push(ep.nginx.command);
  for (const s of ep.server) L.push(s.command);
}
for (const m of mixed) L.push(m.command + '   # sessions and CSRF tokens of this run inside');
L.push('```', '', 'Reproduce with `bash bench/pg.sh` (or `make bench`); raw wrk output: `bench/results/pg.wrk.tmp`.', '');
writeFileSync(join(dir, 'pg.md'), L.join('\n'));
