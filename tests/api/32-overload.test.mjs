// Overload and slow clients, bounded in time: 512 connections over a mix of
// endpoints, 200 clients trickling headers or bodies, and a login flood.
// Uses the release build (memory figures under ASan mean little).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { ROOT, startServer } from '../lib/server.mjs';
import { loggedIn, Client } from '../lib/client.mjs';

const RELEASE = join(ROOT, 'build', 'lianjian');
let srv, admin;
before(async () => {
  srv = await startServer({ demo: true, bin: existsSync(RELEASE) ? RELEASE : undefined });
  admin = await loggedIn(srv);
});
after(async () => { await srv?.stop(); });

function peakRssKb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) : 0;
}

test('512 connections over a mix of endpoints: no crash, no 5xx, memory bounded', async (t) => {
  let out;
  try {
    // asynchronously: the test process must keep draining the server's log pipe
    ({ stdout: out } = await promisify(execFile)('wrk', ['-t2', '-c512', '-d8s', '--timeout', '5s', '-s', join(ROOT, 'tests', 'load', 'mix.lua'), srv.url], {
      encoding: 'utf8', env: { ...process.env, LJ_COOKIE: admin.cookie },
    }));
  } catch (err) {
    if (err.code === 'ENOENT') return t.skip('wrk is not installed');
    throw err;
  }
  const total = Number(out.match(/(\d+) requests in/)[1]);
  const non2xx = Number((out.match(/Non-2xx or 3xx responses: (\d+)/) || [0, 0])[1]);
  const rps = out.match(/Requests\/sec:\s+([\d.]+)/)[1];
  const rss = peakRssKb(srv.proc.pid);
  t.diagnostic(`512 conns: ${total} requests, ${rps} req/s, ${non2xx} non-2xx, peak RSS ${(rss / 1024).toFixed(1)} MiB`);
  // every request of the mix is valid: anything but 2xx is a failure
  // (the server sheds no load on reads, so not even a 503 is expected)
  assert.equal(non2xx, 0, out);
  assert.ok(total > 1000, out);
  assert.ok(rss < 512 * 1024, `peak RSS ${rss} kB`);
  assert.equal(srv.proc.exitCode, null, 'still running');
});

test('200 slow clients do not stop a normal client from getting answers within a second', async () => {
  const sockets = [];
  for (let i = 0; i < 200; i++) {
    const s = net.connect(srv.port, '127.0.0.1');
    s.on('error', () => {});
    sockets.push(s);
  }
  await Promise.all(sockets.map((s) => new Promise((r) => s.on('connect', r))));
  // half trickle headers, half trickle a body
  sockets.forEach((s, i) => s.write(i % 2 ? 'GET /api/v1/divisions?parent= HTTP/1.1\r\nHo'
    : 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"us'));
  const timer = setInterval(() => sockets.forEach((s) => { if (!s.destroyed) s.write('x'); }), 300);
  try {
    const worst = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const r = await fetch(srv.url + (i % 2 ? '/healthz' : '/api/v1/divisions?parent=450922108'));
      assert.equal(r.status, 200);
      await r.arrayBuffer();
      worst.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(Math.max(...worst) < 1000, `slowest normal request ${Math.max(...worst).toFixed(0)} ms`);
  } finally {
    clearInterval(timer);
    sockets.forEach((s) => s.destroy());
  }
});

test('a login flood is throttled without exhausting memory', async (t) => {
  const before = peakRssKb(srv.proc.pid);
  const c = new Client(srv.url);
  const statuses = {};
  const tries = [];
  for (let i = 0; i < 200; i++) {
    tries.push(c.post('/api/v1/session', { username: `flood${i % 17}`, password: 'wrong-password' })
      .then((r) => { statuses[r.status] = (statuses[r.status] || 0) + 1; }));
  }
  await Promise.all(tries);
  const after = peakRssKb(srv.proc.pid);
  t.diagnostic(`login flood statuses ${JSON.stringify(statuses)}; peak RSS ${(before / 1024).toFixed(1)} → ${(after / 1024).toFixed(1)} MiB`);
  assert.ok((statuses[429] || 0) > 100, JSON.stringify(statuses));
  assert.ok(!Object.keys(statuses).some((s) => Number(s) >= 500 && Number(s) !== 503), JSON.stringify(statuses));
  // at most PASSWORD_MAX_CONCURRENT (2) argon2id hashes of 64 MiB at a time
  assert.ok(after - before < 200 * 1024, `peak RSS grew by ${after - before} kB`);
  // and the server still answers
  assert.equal((await fetch(srv.url + '/healthz')).status, 200);
});
