// The demo's history carries the dates and actors it stands for: each demo
// matter's timeline entries and audit rows are dated on the day of the event
// they describe and name the demo person or account who acted, never the
// time the demo ran or "命令行".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh } from '../lib/dates.mjs';

let srv, admin, matters, audit;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  matters = (await admin.get('/api/v1/matters?limit=500')).json.items;
  audit = [];
  let cursor = null;
  do {
    const r = await admin.get('/api/v1/audit?limit=500' + (cursor ? `&cursor=${cursor}` : ''));
    audit.push(...r.json.items); cursor = r.json.next_cursor;
  } while (cursor);
});
after(async () => { await srv?.stop(); });

const day = (t) => t.slice(0, 10);   // times carry the +08:00 offset

test('every demo matter timeline entry is dated on its event and names a demo person', async () => {
  assert.ok(matters.length >= 10, `${matters.length} demo matters`);
  const today = todaySh();
  for (const item of matters) {
    const m = (await admin.get(`/api/v1/matters/${item.id}`)).json;
    assert.ok(m.raised_on < today, `${m.title} raised ${m.raised_on}`);
    const raised = m.timeline.find((t) => t.kind === 'raised');
    assert.equal(day(raised.at), m.raised_on, m.title);
    assert.equal(day(m.created_at), m.raised_on, m.title);
    if (m.status === 'resolved') {
      const done = m.timeline.find((t) => t.to === 'resolved');
      assert.equal(day(done.at), m.resolved_on, m.title);
    }
    let last = '';
    for (const t of m.timeline) {
      assert.notEqual(t.user.name, '命令行', `${m.title}: ${JSON.stringify(t)}`);
      assert.match(t.user.name, /（演示）$/, `${m.title}: ${t.user.name}`);
      assert.ok(day(t.at) < today, `${m.title}: ${t.at}`);
      assert.ok(t.at >= last, `${m.title}: timeline out of order`);
      last = t.at;
    }
  }
});

test('the road matter: 王坡生 raised it and resolved it at his meeting, on their days', async () => {
  const road = matters.find((m) => m.title.includes('乌石—坡子'));
  const m = (await admin.get(`/api/v1/matters/${road.id}`)).json;
  assert.equal(m.status, 'resolved');
  const raised = m.timeline.find((t) => t.kind === 'raised');
  assert.equal(raised.user.name, '王坡生（演示）');
  assert.ok(raised.user.id, 'through his account');
  const decision = m.timeline.find((t) => t.kind === 'decision');
  const meeting = (await admin.get(`/api/v1/meetings/${decision.meeting_id}`)).json;
  assert.equal(day(decision.at), meeting.held_on);
  assert.equal(m.resolved_on, meeting.held_on);
});

test('demo matters audit rows carry the event dates and the actors, not the demo run', async () => {
  const rows = audit.filter((a) => a.object_type === 'matter');
  assert.ok(rows.length >= matters.length * 2);
  for (const a of rows) {
    assert.notEqual(a.user.username, 'cli', JSON.stringify(a));
    assert.ok(day(a.at) < todaySh(), JSON.stringify(a));
  }
  for (const item of matters) {
    const created = rows.find((a) => a.action === 'matter.create' && a.object_id === String(item.id));
    assert.equal(day(created.at), item.raised_on, item.title);
    if (item.resolved_on) {
      const done = rows.filter((a) => a.object_id === String(item.id) && a.after?.status === 'resolved' &&
        a.before?.status !== 'resolved');
      assert.equal(done.length, 1, item.title);
      assert.equal(day(done[0].at), item.resolved_on, item.title);
    }
  }
});
