// report.mjs - turns the raw records of a benchmark run into the committed
// results: bench/results/<name>.json (everything, machine-readable) and
// bench/results/<name>.md (the table people read).
//
//   node bench/lib/report.mjs divisions META.json RAW.jsonl OUT.json OUT.md
//   node bench/lib/report.mjs import    META.json RAW.jsonl OUT.json OUT.md
import { readFileSync, writeFileSync } from 'node:fs';

const [kind, metaPath, rawPath, outJson, outMd] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const raw = readFileSync(rawPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const ms = (us) => Math.round(us / 10) / 100;
const fix = (x, d = 2) => Number(x.toFixed(d));
const num = (x) => Math.round(x).toLocaleString('en-US');
const sumErr = (e) => Object.values(e).reduce((a, b) => a + b, 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

// One target's rounds (records of the same endpoint, side and server label)
// folded into one row: the median round for rates and percentiles, sums for
// requests, errors and CPU.
function aggregate(rs) {
  rs = [...rs].sort((a, b) => a.round - b.round);
  const w = rs.map((r) => r.wrk);
  const med = (f) => median(w.map(f));
  const requests = w.reduce((a, x) => a + x.requests, 0);
  const ticks = rs.reduce((a, r) => a + r.cpu_ticks, 0);
  const errors = {};
  for (const x of w) for (const [k, v] of Object.entries(x.errors)) errors[k] = (errors[k] ?? 0) + v;
  const loads = rs.map((r) => (r.load ? r.load.other_load_pct : 0));
  return {
    rps: fix(med((x) => x.rps), 1),
    rps_rounds: w.map((x) => fix(x.rps, 0)),
    requests,
    p50_ms: ms(med((x) => x.p50_us)),
    p90_ms: ms(med((x) => x.p90_us)),
    p99_ms: ms(med((x) => x.p99_us)),
    p99_ms_rounds: w.map((x) => ms(x.p99_us)),
    p999_ms: ms(med((x) => x.p999_us)),
    max_ms: ms(Math.max(...w.map((x) => x.lat_max_us))),
    errors,
    cpu_us_per_request: fix((ticks / rs[0].clk_tck) * 1e6 / Math.max(1, requests), 1),
    transfer_mb_s: fix(med((x) => x.bytes / (x.duration_us / 1e6)) / 1e6, 1),
    other_load_pct: fix(loads.reduce((a, b) => a + b, 0) / loads.length, 1),
    other_load_pct_rounds: loads,
    command: rs[0].command,
  };
}

// A round counts as clean when other processes used at most this share of
// the machine (in % of all cores) while it ran.
const CLEAN_LOAD_PCT = 5;

function divisions() {
  const target = meta.target.min_ratio;
  const cfg = Object.fromEntries(meta.servers.map((s) => [s.label, s]));
  const cfgName = (label) => {
    const c = cfg[label];
    return `--threads ${c.threads}${c.cache ? '' : ', no cache'}`;
  };
  const endpoints = meta.endpoints.map((ep) => {
    const ngr = raw.filter((r) => r.endpoint === ep.name && r.side === 'nginx');
    const load = (r) => (r.load ? r.load.other_load_pct : 0);
    const nginx = aggregate(ngr);
    const server = meta.servers.map((c) => {
      const all = raw.filter((r) => r.endpoint === ep.name && r.side === 'server' && r.label === c.label);
      // paired by round: server and nginx measured back to back. When some
      // rounds ran on a quiet machine (both sides), only those count.
      const pairs = all.map((r) => ({ r, n: ngr.find((x) => x.round === r.round) }));
      const clean = pairs.filter((p) => load(p.r) <= CLEAN_LOAD_PCT && load(p.n) <= CLEAN_LOAD_PCT);
      const used = clean.length ? clean : pairs;
      const rounds = pairs.map((p) => fix(p.r.wrk.rps / p.n.wrk.rps, 3));
      const ratio = median(used.map((p) => p.r.wrk.rps / p.n.wrk.rps));
      const s = aggregate(used.map((p) => p.r));
      const n = aggregate(used.map((p) => p.n));
      return {
        label: c.label,
        threads: c.threads,
        cache: c.cache,
        ...s,
        nginx_rps: n.rps,
        nginx_p50_ms: n.p50_ms,
        nginx_p99_ms: n.p99_ms,
        nginx_cpu_us_per_request: n.cpu_us_per_request,
        nginx_other_load_pct: n.other_load_pct,
        nginx_errors: n.errors,
        rounds_used: used.map((p) => p.r.round),
        clean_rounds: clean.length,
        ratio_rps: fix(ratio, 3),
        ratio_rps_rounds: rounds,
        ratio_p99: fix(s.p99_ms / n.p99_ms, 2),
        ratio_cpu: fix(n.cpu_us_per_request / s.cpu_us_per_request, 3),
        meets_target: ratio >= target,
      };
    });
    return { ...ep, nginx, server };
  });
  const summary = meta.servers.map((c) => {
    const rs = endpoints.flatMap((ep) => ep.server.filter((s) => s.label === c.label).map((s) => s.ratio_rps));
    const m = meta.server_memory.find((x) => x.label === c.label);
    return {
      ...c,
      min_ratio: Math.min(...rs),
      meets_target_everywhere: rs.every((x) => x >= target),
      vm_hwm_kb: m.vm_hwm_kb,
      vm_rss_kb: m.vm_rss_kb,
      rss_anon_kb: m.rss_anon_kb,
      rss_file_kb: m.rss_file_kb,
    };
  });
  const out = { ...meta, endpoints, summary };
  writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');

  const L = [];
  L.push('# Divisions list endpoint vs nginx (same bytes)', '');
  L.push(`Run ${meta.date} on commit \`${meta.commit}\` (binary sha256 ${meta.binary.sha256.slice(0, 12)}), ` +
    `${meta.machine.nproc} cores (${meta.machine.cpu}), kernel ${meta.machine.kernel}; nginx ${meta.versions.nginx} ` +
    `(${meta.settings.nginx_workers} workers, access_log off), wrk ${meta.versions.wrk} (${meta.settings.wrk_threads} ` +
    `threads, ${meta.settings.connections} connections; per target ${meta.settings.rounds} round(s) of ` +
    `${meta.settings.round_s} s after a ${meta.settings.warmup_s} s warm-up, nginx and the servers back to back in ` +
    'each round). Server, nginx and wrk share the machine. Ratio: the median of the per-round server/nginx ' +
    `ratios over the clean rounds (other processes used ≤ ${CLEAN_LOAD_PCT}% of the machine during both runs of ` +
    'the round) when there are any, else over all rounds ("none" clean: read that row with care); ' +
    'req/s and latencies: the median of the same rounds. All rounds are in divisions.json.', '');
  L.push(`Target: server requests/s ≥ ${target * 100}% of nginx's. Data: ${meta.dataset.package}, ` +
    `\`${meta.dataset.import}\`. "no cache": the server run with LIANJIAN_NO_CACHE=1 (its per-thread ` +
    'answer cache off). towns-mix cycles through many towns, so a cache sees realistic spread; the other ' +
    'rows repeat one URL (a cache\'s best case).', '');
  L.push('| endpoint | items | bytes | server | server req/s | nginx req/s | ratio | target | clean rounds | ' +
    'server p50 / p99 ms | nginx p50 / p99 ms | server CPU µs/req | nginx CPU µs/req | CPU ratio | errors | other load % |');
  L.push('|---|--:|--:|---|--:|--:|--:|:-:|:-:|--:|--:|--:|--:|--:|--:|--:|');
  for (const ep of endpoints)
    for (const s of ep.server)
      L.push(`| ${ep.name === 'towns-mix' ? 'towns-mix: ' + ep.urls + ' towns' : '`' + ep.path + '`'} | ` +
        `${ep.items}${ep.urls > 1 ? ' (mean)' : ''} | ${ep.bytes} | ${cfgName(s.label)} | ${num(s.rps)} | ` +
        `${num(s.nginx_rps)} | **${s.ratio_rps.toFixed(2)}** | ${s.meets_target ? 'met' : 'MISSED'} | ` +
        `${s.clean_rounds ? s.clean_rounds + '/' + s.ratio_rps_rounds.length : 'none'} | ` +
        `${s.p50_ms} / ${s.p99_ms} | ${s.nginx_p50_ms} / ${s.nginx_p99_ms} | ` +
        `${s.cpu_us_per_request} | ${s.nginx_cpu_us_per_request} | ${s.ratio_cpu.toFixed(2)} | ` +
        `${sumErr(s.errors)} / ${sumErr(s.nginx_errors)} | ${s.other_load_pct} / ${s.nginx_other_load_pct} |`);
  L.push('');
  L.push('CPU µs/req: user+system time of the server process (or nginx master+workers) during the ' +
    'measured runs divided by the requests served; CPU ratio: nginx µs/req ÷ server µs/req, which ' +
    'other load on the machine disturbs far less than req/s (not the target, a cross-check). Errors: wrk socket errors and non-2xx answers, ' +
    'server / nginx. Other load: CPU used on the machine during the run by anything but the measured ' +
    'process(es) and wrk, in % of all cores, server run / nginx run; above a few % the run was disturbed ' +
    'by other work and its ratio is less trustworthy.', '');
  const all = endpoints.flatMap((ep) => [ep.nginx, ...ep.server]).flatMap((x) => x.other_load_pct_rounds);
  const disturbed = all.filter((x) => x > 5).length;
  if (disturbed)
    L.push(`**Note:** ${disturbed} of the ${all.length} measured runs had more than 5% other load on the machine.`, '');
  L.push('| server | lowest ratio | target on every endpoint | peak RSS (VmHWM) | RSS at end | of which private (RssAnon) / file-mapped (RssFile) |');
  L.push('|---|--:|:-:|--:|--:|--:|');
  for (const s of summary)
    L.push(`| ${cfgName(s.label)} | ${s.min_ratio.toFixed(2)} | ${s.meets_target_everywhere ? 'met' : 'MISSED'} | ` +
      `${(s.vm_hwm_kb / 1024).toFixed(1)} MiB | ${(s.vm_rss_kb / 1024).toFixed(1)} MiB | ` +
      `${(s.rss_anon_kb / 1024).toFixed(1)} / ${(s.rss_file_kb / 1024).toFixed(1)} MiB |`);
  L.push('', `nginx master + workers, peak RSS summed: ${(meta.nginx_memory.vm_hwm_kb_sum / 1024).toFixed(1)} MiB. ` +
    `The servers wrote ${(meta.server_log_bytes / 1048576).toFixed(1)} MiB of log (access log included) to files ` +
    'during the runs; nginx had access_log off.', '');
  L.push('## Commands', '', `\`…/lianjian\` below is a copy of \`${meta.binary.path}\` (sha256 ${meta.binary.sha256}) ` +
    'taken at the start of the run, in its scratch directory.', '', '```sh');
  L.push(meta.commands.init, meta.commands.import);
  for (const c of meta.servers) L.push(c.command + ' &');
  L.push(meta.commands.nginx + ' &   # config: bench/results/divisions.nginx.conf.tmp');
  for (const ep of endpoints) {
    L.push(ep.nginx.command);
    for (const s of ep.server) L.push(s.command);
  }
  L.push('```', '', 'Reproduce with `bash bench/divisions.sh` (or `make bench`); raw wrk output of the ' +
    'last run: `bench/results/divisions.wrk.tmp`; the towns-mix path list: `bench/results/divisions.mix-paths.tmp`.', '');
  writeFileSync(outMd, L.join('\n'));
}

function imports() {
  const runs = raw;
  const quiet = (r) => (r.load ? r.load.other_load_pct : 0) <= CLEAN_LOAD_PCT;
  // Only runs on a quiet machine count when both tools have at least one.
  const useClean = ['lianjian', 'sqlite3'].every((n) => runs.some((r) => r.side === n && quiet(r)));
  const side = (name) => {
    const rs = runs.filter((r) => r.side === name);
    const used = useClean ? rs.filter(quiet) : rs;
    return {
      runs_s: rs.map((r) => r.wall_s),
      runs_used: used.map((r) => r.run),
      median_s: fix(median(used.map((r) => r.wall_s)), 3),
      min_s: Math.min(...rs.map((r) => r.wall_s)),
      max_s: Math.max(...rs.map((r) => r.wall_s)),
      db_bytes: rs.map((r) => r.db_bytes),
      cpu_s: rs.map((r) => (r.load ? r.load.cpu_s : null)),
      other_load_pct: rs.map((r) => (r.load ? r.load.other_load_pct : null)),
      command: rs[0].command,
      ...(rs[0].reported ? { reported: rs.map((r) => r.reported) } : {}),
    };
  };
  const ours = side('lianjian');
  const sqlite = side('sqlite3');
  const ratio = fix(ours.median_s / sqlite.median_s, 3);
  const cpuMed = (s) => median(s.cpu_s.filter((x, i) => x !== null && s.runs_used.includes(i + 1)));
  const ratioCpu = fix(cpuMed(ours) / cpuMed(sqlite), 3);
  const out = {
    ...meta,
    lianjian: ours,
    sqlite3: sqlite,
    ratio,
    ratio_cpu: ratioCpu,
    medians_over: useClean ? 'quiet runs' : 'all runs',
    meets_target: ratio <= meta.target.max_ratio,
  };
  writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');

  const L = [];
  L.push('# Importing the national division set', '');
  L.push(`Run ${meta.date} on commit \`${meta.commit}\`, ${meta.machine.nproc} cores (${meta.machine.cpu}), ` +
    `kernel ${meta.machine.kernel}, SQLite ${meta.versions.sqlite3}. Data: ${meta.dataset.package}, ` +
    `${num(meta.dataset.rows)} rows in five CSV files. Each run starts from a fresh database; ` +
    'the two tools alternate, `sync` before each run; wall time of the whole process.', '');
  L.push(`Target: ours ≤ ${meta.target.max_ratio}× sqlite3's median.`, '');
  L.push('| tool | runs, wall (s) | median (s) | CPU per run (s) | other load % | database size after import |');
  L.push('|---|---|--:|---|---|--:|');
  L.push(`| \`lianjian import-divisions\` | ${ours.runs_s.join(', ')} | **${ours.median_s.toFixed(3)}** | ` +
    `${ours.cpu_s.join(', ')} | ${ours.other_load_pct.join(', ')} | ${(ours.db_bytes[0] / 1048576).toFixed(1)} MiB |`);
  L.push(`| \`sqlite3\` \`.import\` + \`INSERT … SELECT\` | ${sqlite.runs_s.join(', ')} | ` +
    `**${sqlite.median_s.toFixed(3)}** | ${sqlite.cpu_s.join(', ')} | ${sqlite.other_load_pct.join(', ')} | ` +
    `${(sqlite.db_bytes[0] / 1048576).toFixed(1)} MiB |`);
  L.push('', 'CPU: user+system time of the importing process. Other load: CPU used on the machine during ' +
    'the run by anything else, in % of all cores (above a few %, the run was disturbed).');
  L.push('', useClean
    ? `Medians over the runs with ≤ ${CLEAN_LOAD_PCT}% other load: lianjian runs ${ours.runs_used.join(', ')}, sqlite3 runs ${sqlite.runs_used.join(', ')}.`
    : `No run pair was free of other load (≤ ${CLEAN_LOAD_PCT}%): medians over all runs, read with care.`);
  L.push('', `Ratio ours / sqlite3 (median wall time): **${ratio.toFixed(2)}** — target ${out.meets_target ? 'met' : 'MISSED'}. ` +
    `Cross-check by median CPU time, which other load disturbs less: ${ratioCpu.toFixed(2)}.`);
  if (ours.reported) L.push('', `lianjian's own report: \`${ours.reported[0]}\`.`);
  L.push('', `Both databases hold identical rows: ${meta.verification}.`, '');
  L.push('## Commands', '', `\`…/lianjian\` below is a copy of \`${meta.binary.path}\` (sha256 ${meta.binary.sha256}) ` +
    'taken at the start of the run, in its scratch directory.', '', '```sh');
  L.push(...meta.commands.prepare_lianjian, ours.command, '', ...meta.commands.prepare_sqlite3, sqlite.command);
  L.push('```', '', '`import.sql` is `bench/lib/import-sqlite3.sql` with the data directory ' +
    'substituted (also stored in import.json as sqlite3_script); see bench/import.sh for why it is the fair ' +
    'counterpart. Reproduce with `bash bench/import.sh`.', '');
  writeFileSync(outMd, L.join('\n'));
}

if (kind === 'divisions') divisions();
else if (kind === 'import') imports();
else throw new Error(`unknown report kind ${kind}`);
