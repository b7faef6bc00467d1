// Service endpoints, security headers, static files and shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('GET /healthz answers ok when the database answers', async () => {
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ok' });
});

test('GET /metrics is Prometheus text and counts requests', async () => {
  await fetch(srv.url + '/api/v1/divisions?parent=');
  const r = await fetch(srv.url + '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  const t = await r.text();
  const m = t.match(/lianjian_http_requests_total\{class="2xx"\} (\d+)/);
  assert.ok(m && Number(m[1]) >= 1, t);
  assert.match(t, /lianjian_http_request_duration_seconds_count \d+/);
});

test('every answer carries the security headers', async () => {
  for (const p of ['/healthz', '/api/v1/me', '/', '/nope']) {
    const r = await fetch(srv.url + p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, p);
  }
});

test('unknown API path: 404 with the error JSON', async () => {
  const r = await fetch(srv.url + '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  const j = await r.json();
  assert.equal(j.error.code, 'not_found');
  assert.ok(j.error.message.length > 0);
});

test('wrong method on a known path: 405', async () => {
  const r = await fetch(srv.url + '/api/v1/me', { method: 'PUT' });
  assert.equal(r.status, 405);
  assert.equal((await r.json()).error.code, 'method_not_allowed');
});

test('static files: index with content type and ETag, 304 on revalidation', async (t) => {
  const r = await fetch(srv.url + '/');
  if (r.status === 404) return t.skip('web/dist not built');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const r2 = await fetch(srv.url + '/', { headers: { 'If-None-Match': etag } });
  assert.equal(r2.status, 304);
});

// fetch() normalises "..", so path escapes are sent on a raw socket.
function rawGet(path) {
  return new Promise((resolve, reject) => {
    const s = net.connect(srv.port, '127.0.0.1', () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

test('static files: no way out of the web directory', async () => {
  for (const p of ['/../Makefile', '/../../etc/passwd', '/%2e%2e/Makefile', '/assets/../../Makefile',
    '/.git/config', '/..%2fMakefile']) {
    const resp = await rawGet(p);
    const status = Number(resp.split(' ')[1]);
    assert.ok(status === 404 || status === 400, `${p} gave ${status}`);
    assert.ok(!resp.includes('CFLAGS'), `${p} leaked a file`);
  }
});

test('a client that never finishes its body is cut off without holding up others', async () => {
  const s = net.connect(srv.port, '127.0.0.1');
  await new Promise((r) => s.on('connect', r));
  s.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user');
  // Meanwhile another client is served at once.
  const t0 = Date.now();
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200);
  assert.ok(Date.now() - t0 < 2000);
  const closed = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 40000);
    s.on('close', () => { clearTimeout(timer); resolve(true); });
    s.on('error', () => {});
  });
  assert.ok(closed, 'the stalled connection was closed by the server');
});

test('SIGTERM stops the server cleanly', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, srv.log());
  srv = null;
});
