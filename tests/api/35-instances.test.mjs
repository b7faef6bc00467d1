// Several server instances on one database behave as one system (issue 13,
// point 3): two `lianjian serve` processes share the database (one SQLite
// file, or one PostgreSQL database under `make api-test-pg`). A session
// made on one works on the other; a logout on either ends it on both at
// once; failed logins count across instances; and neither serves an answer
// from its cache after a write on the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';

let a, b;
before(async () => {
  a = await startServer({ demo: true });
  b = await launch(a.dbPath);
});
after(async () => {
  assert.equal((await b.stop()).code, 0);
  assert.equal((await a.stop()).code, 0);
});

// The same signed-in client, pointed at one instance or the other.
function on(c, srv) {
  c.base = srv.url;
  return c;
}

test('a session made on one instance works on the other, and a logout on either ends it on both', async () => {
  const c = await loggedIn(a, 'viewer', 'demo-2026');
  assert.equal((await on(c, a).get('/api/v1/me')).status, 200);
  // warm both instances' session caches
  for (let i = 0; i < 3; i++) {
    assert.equal((await on(c, b).get('/api/v1/me')).status, 200);
    assert.equal((await on(c, a).get('/api/v1/me')).status, 200);
  }
  const cookie = c.cookie;
  const out = await on(c, b).del('/api/v1/session');
  assert.ok([200, 204].includes(out.status), out.text);
  const stale = new Client(a.url);
  stale.cookie = cookie;
  assert.equal((await stale.get('/api/v1/me')).status, 401, 'logged out on b, still in on a');
  stale.base = b.url;
  assert.equal((await stale.get('/api/v1/me')).status, 401);
});

test('failed logins are counted across instances', async () => {
  const admin = await loggedIn(a);
  const cr = await admin.post('/api/v1/users', {
    username: 'two_instances', password: 'abcdefgh12', display_name: '双实例', grants: [
      { role: 'viewer', scope_type: 'deployment', scope_id: null }],
  });
  assert.equal(cr.status, 201, cr.text);
  // five failures, alternating between the instances: neither saw five
  for (let i = 0; i < 5; i++) {
    const c = new Client(i % 2 ? b.url : a.url);
    const r = await c.post('/api/v1/session', { username: 'two_instances', password: 'bad-' + i });
    assert.equal(r.status, 401);
  }
  for (const srv of [a, b]) {
    const r = await new Client(srv.url).post('/api/v1/session', { username: 'two_instances', password: 'abcdefgh12' });
    assert.equal(r.status, 429, `on ${srv.url}`);
    assert.equal(r.json.error.code, 'too_many_attempts');
  }
});

test('no instance serves a cached answer after a write on the other', async () => {
  const viewer = await loggedIn(a, 'viewer', 'demo-2026');
  const pozi = await loggedIn(a, 'pozi_secretary', 'demo-2026');
  const units = (await viewer.get('/api/v1/units?limit=500')).json.items;
  const unitId = units.find((u) => u.name.startsWith('坡子')).id;
  const orgId = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0].id;
  const url = `/api/v1/matters?unit_id=${unitId}&limit=100`;
  for (let round = 0; round < 5; round++) {
    // read on both until each serves the list from its cache
    const seen = {};
    for (const srv of [a, b]) {
      for (let i = 0; i < 3; i++) seen[srv.url] = (await on(viewer, srv).get(url)).json.items.map((m) => m.id);
    }
    assert.deepEqual(seen[a.url], seen[b.url]);
    const writer = round % 2 ? a : b;
    const reader = round % 2 ? b : a;
    const r = await on(pozi, writer).post('/api/v1/matters', {
      unit_id: unitId, title: `双实例缓存检验 ${round}`, description: '另一个实例写入后，本实例不得再给出缓存中的旧答案',
      category: 'revival', type: 'traffic', divisions: ['450922108216'], priority: 'normal', raised_by_org_id: orgId,
    });
    assert.equal(r.status, 201, r.text);
    const after = (await on(viewer, reader).get(url)).json.items.map((m) => m.id);
    assert.ok(after.includes(r.json.id), `round ${round}: ${reader.url} served a stale list after a write on ${writer.url}`);
    // and a change to a matter, not only a new one
    const note = await on(pozi, writer).post(`/api/v1/matters/${r.json.id}/progress`, { note: `进展 ${round}` });
    assert.equal(note.status, 201, note.text);
    const detail = await on(viewer, reader).get(`/api/v1/matters/${r.json.id}`);
    assert.equal(detail.status, 200);
    assert.ok(JSON.stringify(detail.json).includes(`进展 ${round}`), `round ${round}: progress not seen on ${reader.url}`);
  }
});
