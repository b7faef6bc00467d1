// Concurrent writes on the same matters: resolves and progress notes sent at
// once from one account, on several worker threads. Every rule is checked
// inside the write, so each matter is resolved exactly once, no progress
// note writes an old status back, and the statistics count each resolution
// once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

const N = 15;
let srv, admin, viewer, unitId, allianceId, org;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  const units = (await viewer.get('/api/v1/units?limit=500')).json.items;
  const unit = units.find((u) => u.name.startsWith('坡子'));
  unitId = unit.id;
  allianceId = unit.alliance_id;
  org = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0];
});
after(async () => { await srv?.stop(); });

async function matterInProgress(i) {
  const r = await admin.post('/api/v1/matters', {
    unit_id: unitId, title: `并发办结测试 ${i}`, description: '并发写入', category: 'revival',
    type: 'traffic', divisions: ['450922108216'], priority: 'normal', raised_by_org_id: org.id,
  });
  assert.equal(r.status, 201, r.text);
  for (const to of ['studying', 'in_progress']) {
    const t = await admin.post(`/api/v1/matters/${r.json.id}/transitions`, { to, note: '推进' });
    assert.equal(t.status, 200, t.text);
  }
  return r.json.id;
}

test('three resolves and three progress notes at once: one resolution per matter', async () => {
  const ids = [];
  for (let i = 0; i < N; i++) ids.push(await matterInProgress(i));
  const statsBefore = (await admin.get(`/api/v1/stats?alliance_id=${allianceId}`)).json.total;

  const shots = [];
  for (const id of ids) {
    for (let k = 0; k < 3; k++) {
      shots.push(admin.post(`/api/v1/matters/${id}/transitions`,
        { to: 'resolved', note: '', resolution: `第 ${k + 1} 次办结` }).then((r) => ({ id, kind: 'resolve', r })));
      shots.push(admin.post(`/api/v1/matters/${id}/progress`, { note: `进展 ${k + 1}` })
        .then((r) => ({ id, kind: 'progress', r })));
    }
  }
  const results = await Promise.all(shots);

  const ok = new Map(ids.map((id) => [id, 0]));
  for (const { id, kind, r } of results) {
    if (kind === 'resolve') {
      assert.ok(r.status === 200 || r.status === 422, `resolve ${id}: ${r.status} ${r.text}`);
      if (r.status === 200) ok.set(id, ok.get(id) + 1);
      else assert.equal(r.json.error.code, 'illegal_transition', r.text);
    } else {
      assert.ok(r.status < 300 || r.status === 422, `progress ${id}: ${r.status} ${r.text}`);
    }
  }
  for (const id of ids) {
    assert.equal(ok.get(id), 1, `matter ${id}: ${ok.get(id)} resolves answered 200`);
    const m = (await admin.get(`/api/v1/matters/${id}`)).json;
    assert.equal(m.status, 'resolved', `matter ${id} ended ${m.status}`);
    const resolves = m.timeline.filter((t) => t.to === 'resolved');
    assert.equal(resolves.length, 1, `matter ${id} has ${resolves.length} resolve events`);
    // nothing is noted after the resolution
    const last = m.timeline[m.timeline.length - 1];
    assert.equal(last.to, 'resolved', JSON.stringify(m.timeline.slice(-3)));
  }
  const statsAfter = (await admin.get(`/api/v1/stats?alliance_id=${allianceId}`)).json.total;
  assert.equal(statsAfter.resolved - statsBefore.resolved, N);
});
