// The per-worker answer cache (src/http/cache.c): large answers are served
// from a prepared response (a memory file sent with sendfile), byte for byte
// the answer the handler gives, with the same headers; a write is seen by
// the next read; the cache never lets an anonymous caller read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';

let srv, nocache, viewer, viewerNc, pozi, alliance, unitId, orgId;
const N = 45;
before(async () => {
  srv = await startServer({ demo: true });
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  alliance = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  const units = (await viewer.get('/api/v1/units?limit=500')).json.items;
  unitId = units.find((u) => u.name.startsWith('坡子')).id;
  orgId = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0].id;
  for (let i = 0; i < N; i++) {
    const r = await pozi.post('/api/v1/matters', {
      unit_id: unitId, title: `缓存测试事项 ${i}：边界道路照明与排水的联合整治`,
      description: '用于检验应答缓存：足够长的列表，'.repeat(4),
      category: 'revival', type: 'traffic', divisions: ['450922108216', '440982117213'],
      priority: 'normal', raised_by_org_id: orgId,
    });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  // both stop cleanly (under ASan: nothing leaked, responses released)
  if (nocache) assert.equal((await nocache.stop()).code, 0);
  assert.equal((await srv.stop()).code, 0);
});

const url = () => `/api/v1/matters?unit_id=${unitId}&limit=100`;
const pick = (r) => ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options',
  'x-frame-options', 'referrer-policy', 'content-length'].map((h) => [h, r.headers.get(h)]);

test('a large cached answer is the handler\'s answer, byte for byte, with the same headers', async () => {
  const first = await viewer.get(url());
  assert.equal(first.status, 200);
  assert.ok(first.text.length > 16384, `answer of ${first.text.length} bytes should be large`);
  assert.ok(first.json.items.length >= N);
  for (let i = 0; i < 20; i++) {
    const again = await viewer.get(url());
    assert.equal(again.status, 200);
    assert.equal(again.text, first.text);
    assert.deepEqual(pick(again), pick(first));
  }
  // the same database served without any cache gives the same bytes
  nocache = await launch(srv.dbPath, { env: { LIANJIAN_NO_CACHE: '1' } });
  viewerNc = await loggedIn(nocache, 'viewer', 'demo-2026');
  const plain = await viewerNc.get(url());
  assert.equal(plain.text, first.text);
  assert.deepEqual(pick(plain), pick(first));
});

test('a write is seen by the very next read', async () => {
  const before = (await viewer.get(url())).json.items;
  const m = before[0];
  assert.equal(m.status, 'proposed');
  const t = await alliance.post(`/api/v1/matters/${m.id}/transitions`, { to: 'studying', note: '缓存' });
  assert.equal(t.status, 200, t.text);
  const after = (await viewer.get(url())).json.items;
  assert.equal(after.find((x) => x.id === m.id).status, 'studying');
  assert.equal(after.length, before.length);
});

test('a cached answer is not served to an anonymous caller', async () => {
  await viewer.get(url());
  const anon = new Client(srv.url);
  const r = await anon.get(url());
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'unauthenticated');
});
