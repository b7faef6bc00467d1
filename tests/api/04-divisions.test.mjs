// The divisions API over the reference region's real data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const get = async (p) => {
  const r = await fetch(srv.url + p);
  return { status: r.status, json: await r.json() };
};
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('search 坡子 finds 坡子村委会 with its full path', async () => {
  const r = await get('/api/v1/divisions?q=' + encodeURIComponent('坡子'));
  assert.equal(r.status, 200);
  const hit = r.json.items.find((d) => d.code === '450922108216');
  assert.ok(hit, JSON.stringify(r.json));
  assert.equal(hit.name, '坡子村委会');
  assert.equal(hit.level, 'village');
  assert.deepEqual(hit.path.map((p) => p.name), ['广西壮族自治区', '玉林市', '陆川县', '乌石镇']);
  assert.deepEqual(hit.path.map((p) => p.level), ['province', 'city', 'county', 'town']);
});

test('GET /divisions/{code} for each level', async () => {
  const v = await get('/api/v1/divisions/440881104205');
  assert.equal(v.json.name, '新屋仔村委会');
  assert.equal(v.json.parent_code, '440881104');
  assert.deepEqual(v.json.path.map((p) => p.name), ['广东省', '湛江市', '廉江市', '河唇镇']);
  const t = await get('/api/v1/divisions/440982117');
  assert.equal(t.json.name, '文楼镇');
  assert.equal(t.json.level, 'town');
  const c = await get('/api/v1/divisions/450922');
  assert.equal(c.json.level, 'county');
  assert.equal(c.json.name, '陆川县');
  const p = await get('/api/v1/divisions/45');
  assert.equal(p.json.level, 'province');
  assert.equal(p.json.parent_code, null);
  assert.deepEqual(p.json.path, []);
});

test('children: provinces at the root, then down to villages', async () => {
  const root = await get('/api/v1/divisions?parent=');
  assert.equal(root.json.items.length, 31);
  assert.ok(root.json.items.some((d) => d.name === '广西壮族自治区'));
  const towns = await get('/api/v1/divisions?parent=450922&limit=500');
  assert.ok(towns.json.items.length >= 10);
  assert.ok(towns.json.items.some((d) => d.name === '乌石镇' && d.leaf === false));
  const vill = await get('/api/v1/divisions?parent=450922108&limit=500');
  assert.ok(vill.json.items.some((d) => d.code === '450922108216' && d.leaf === true));
});

test('children page with cursor and never repeat', async () => {
  const seen = new Set();
  let cursor = null; let pages = 0;
  do {
    const r = await get('/api/v1/divisions?parent=450922108&limit=7' + (cursor ? `&cursor=${cursor}` : ''));
    for (const d of r.json.items) { assert.ok(!seen.has(d.code)); seen.add(d.code); }
    cursor = r.json.next_cursor; pages++;
  } while (cursor && pages < 50);
  const all = await get('/api/v1/divisions?parent=450922108&limit=500');
  assert.equal(seen.size, all.json.items.length);
  assert.ok(pages > 1);
});

test('bad division requests get clear errors', async () => {
  assert.equal((await get('/api/v1/divisions/999999999999')).status, 404);
  assert.equal((await get('/api/v1/divisions/abc')).status, 404);
  const bad = await get('/api/v1/divisions?parent=12a');
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'parent');
  const leaf = await get('/api/v1/divisions?parent=450922108216');
  assert.equal(leaf.status, 422);
  const inv = await fetch(srv.url + '/api/v1/divisions?q=%FF%FE');
  assert.equal(inv.status, 400);
  assert.equal((await inv.json()).error.code, 'invalid_utf8');
  const long = await get('/api/v1/divisions?q=' + encodeURIComponent('村'.repeat(40)));
  assert.equal(long.status, 422);
  const empty = await get('/api/v1/divisions?q=');
  assert.equal(empty.status, 422);
});
