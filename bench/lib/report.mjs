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

function side(r) {
  const w = r.wrk;
  return {
    rps: fix(w.rps, 1),
    requests: w.requests,
    p50_ms: ms(w.p50_us),
    p90_ms: ms(w.p90_us),
    p99_ms: ms(w.p99_us),
    p999_ms: ms(w.p999_us),
    max_ms: ms(w.lat_max_us),
    errors: w.errors,
    cpu_us_per_request: fix((r.cpu_ticks / r.clk_tck) * 1e6 / Math.max(1, w.requests), 1),
    transfer_mb_s: fix(w.bytes / (w.duration_us / 1e6) / 1e6, 1),
    other_load_pct: r.load ? r.load.other_load_pct : null,
    url: r.url,
    command: r.command,
  };
}

function divisions() {
  const target = meta.target.min_ratio;
  const endpoints = meta.endpoints.map((ep) => {
    const ng = raw.find((r) => r.endpoint === ep.name && r.side === 'nginx');
    const nginx = side(ng);
    const server = raw
      .filter((r) => r.endpoint === ep.name && r.side === 'server')
      .map((r) => {
        const s = side(r);
        return {
          threads: r.threads,
          ...s,
          ratio_rps: fix(s.rps / nginx.rps, 3),
          ratio_p99: fix(s.p99_ms / nginx.p99_ms, 2),
          meets_target: s.rps / nginx.rps >= target,
        };
      });
    return { ...ep, nginx, server };
  });
  const byThreads = {};
  for (const ep of endpoints)
    for (const s of ep.server) (byThreads[s.threads] ??= []).push(s.ratio_rps);
  const summary = Object.entries(byThreads).map(([t, rs]) => ({
    threads: Number(t),
    min_ratio: Math.min(...rs),
    meets_target_everywhere: rs.every((r) => r >= target),
  }));
  const out = { ...meta, endpoints, summary };
  writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');

  const L = [];
  L.push('# Divisions list endpoint vs nginx (same bytes)', '');
  L.push(`Run ${meta.date} on commit \`${meta.commit}\`, ${meta.machine.nproc} cores (${meta.machine.cpu}), ` +
    `kernel ${meta.machine.kernel}; nginx ${meta.versions.nginx} (${meta.settings.nginx_workers} workers, ` +
    `access_log off), wrk ${meta.versions.wrk} (${meta.settings.wrk_threads} threads, ` +
    `${meta.settings.connections} connections, ${meta.settings.duration_s} s after a ` +
    `${meta.settings.warmup_s} s warm-up). Server, nginx and wrk share the machine.`, '');
  L.push(`Target: server requests/s ≥ ${target * 100}% of nginx's. Data: ${meta.dataset.package}, ` +
    `\`${meta.dataset.import}\`.`, '');
  L.push('| endpoint | items | bytes | server --threads | server req/s | nginx req/s | ratio | target | ' +
    'server p50 / p99 ms | nginx p50 / p99 ms | server CPU µs/req | nginx CPU µs/req | errors | other load % |');
  L.push('|---|--:|--:|--:|--:|--:|--:|:-:|--:|--:|--:|--:|--:|--:|');
  for (const ep of endpoints)
    for (const s of ep.server)
      L.push(`| \`${ep.path}\` | ${ep.items} | ${ep.bytes} | ${s.threads} | ${num(s.rps)} | ` +
        `${num(ep.nginx.rps)} | **${s.ratio_rps.toFixed(2)}** | ${s.meets_target ? 'met' : 'MISSED'} | ` +
        `${s.p50_ms} / ${s.p99_ms} | ${ep.nginx.p50_ms} / ${ep.nginx.p99_ms} | ` +
        `${s.cpu_us_per_request} | ${ep.nginx.cpu_us_per_request} | ` +
        `${sumErr(s.errors)} / ${sumErr(ep.nginx.errors)} | ${s.other_load_pct} / ${ep.nginx.other_load_pct} |`);
  L.push('');
  L.push('CPU µs/req: user+system time of the server process (or nginx master+workers) during the ' +
    'measured run divided by the requests served. Errors: wrk socket errors and non-2xx answers, ' +
    'server / nginx. Other load: CPU used on the machine during the run by anything but the measured ' +
    'process(es) and wrk, in % of all cores, server run / nginx run; above a few % the run was disturbed ' +
    'by other work and its ratio is less trustworthy.', '');
  const disturbed = endpoints.flatMap((ep) => [ep.nginx, ...ep.server]).filter((x) => x.other_load_pct > 5);
  if (disturbed.length)
    L.push(`**Note:** ${disturbed.length} of the runs had more than 5% other load on the machine.`, '');
  L.push('| server --threads | lowest ratio | target on every endpoint | peak RSS (VmHWM) | RSS at end |');
  L.push('|--:|--:|:-:|--:|--:|');
  for (const s of summary) {
    const m = meta.server_memory.find((x) => x.threads === s.threads);
    L.push(`| ${s.threads} | ${s.min_ratio.toFixed(2)} | ${s.meets_target_everywhere ? 'met' : 'MISSED'} | ` +
      `${(m.vm_hwm_kb / 1024).toFixed(1)} MiB | ${(m.vm_rss_kb / 1024).toFixed(1)} MiB |`);
  }
  L.push('', `nginx master + workers, peak RSS summed: ${(meta.nginx_memory.vm_hwm_kb_sum / 1024).toFixed(1)} MiB. ` +
    `The server wrote ${(meta.server_access_log_bytes / 1048576).toFixed(0)} MiB of access log (to a file) ` +
    'during the runs; nginx had access_log off.', '');
  L.push('## Commands', '', '```sh');
  L.push(meta.commands.init, meta.commands.import);
  for (const c of meta.commands.serve) L.push(c + ' &');
  L.push(meta.commands.nginx + ' &   # config: bench/results/divisions.nginx.conf.tmp');
  for (const ep of endpoints) {
    L.push(ep.nginx.command);
    for (const s of ep.server) L.push(s.command);
  }
  L.push('```', '', 'Reproduce with `bash bench/divisions.sh` (or `make bench`); raw wrk output of the ' +
    'last run: `bench/results/divisions.wrk.tmp`.', '');
  writeFileSync(outMd, L.join('\n'));
}

function imports() {
  const runs = raw;
  const side = (name) => {
    const rs = runs.filter((r) => r.side === name);
    return {
      runs_s: rs.map((r) => r.wall_s),
      median_s: fix(median(rs.map((r) => r.wall_s)), 3),
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
  const out = {
    ...meta,
    lianjian: ours,
    sqlite3: sqlite,
    ratio,
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
  L.push('', `Ratio ours / sqlite3: **${ratio.toFixed(2)}** — target ${out.meets_target ? 'met' : 'MISSED'}.`);
  if (ours.reported) L.push('', `lianjian's own report: \`${ours.reported[0]}\`.`);
  L.push('', `Both databases hold identical rows: ${meta.verification}.`, '');
  L.push('## Commands', '', '```sh');
  L.push(...meta.commands.prepare_lianjian, ours.command, '', ...meta.commands.prepare_sqlite3, sqlite.command);
  L.push('```', '', '`import.sql` is `bench/lib/import-sqlite3.sql` with the data directory ' +
    'substituted (also stored in import.json as sqlite3_script); see bench/import.sh for why it is the fair ' +
    'counterpart. Reproduce with `bash bench/import.sh`.', '');
  writeFileSync(outMd, L.join('\n'));
}

if (kind === 'divisions') divisions();
else if (kind === 'import') imports();
else throw new Error(`unknown report kind ${kind}`);
