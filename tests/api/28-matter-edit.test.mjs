// Editing a matter raised with a wrong title, village or category: its
// managers change title, description, category, type and divisions while it
// is open; each change is on its timeline and in the audit log; a resolved or
// closed matter, a bad value or someone who does not manage it changes
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

let srv, admin, allianceAdmin, hz, pozi, unitId, allianceId, poziOrg;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  const units = (await allianceAdmin.get('/api/v1/units?limit=500')).json.items;
  unitId = units.find((u) => u.name.startsWith('坡子')).id;
  allianceId = units[0].alliance_id;
  poziOrg = (await allianceAdmin.get('/api/v1/orgs?division=450922108216')).json.items[0];
});
after(async () => { await srv?.stop(); });

async function newMatter(title) {
  const r = await pozi.post('/api/v1/matters', {
    unit_id: unitId, title, description: '原始描述：村道损毁', category: 'revival', type: 'traffic',
    divisions: ['450922108216'], priority: 'normal', raised_by_org_id: poziOrg.id,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function auditCount() {
  let n = 0; let cursor = null;
  do {
    const r = await admin.get('/api/v1/audit?limit=500' + (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(r.status, 200, r.text);
    n += r.json.items.length; cursor = r.json.next_cursor;
  } while (cursor);
  return n;
}

async function byCategory() {
  const r = await allianceAdmin.get(`/api/v1/stats?alliance_id=${allianceId}&by=category`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.groups.map((g) => [g.key, g.raised]));
}

// The matter as read back, its timeline included, and the audit count.
async function state(id) {
  const m = await allianceAdmin.get(`/api/v1/matters/${id}`);
  assert.equal(m.status, 200, m.text);
  return { matter: m.json, audit: await auditCount() };
}

test('its managers edit title, description, category, type and divisions; timeline and audit say what changed', async () => {
  const m = await newMatter('坡子村道路修复');
  const statsBefore = await byCategory();
  const auditBefore = await auditCount();
  const r = await allianceAdmin.patch(`/api/v1/matters/${m.id}`, {
    title: '坡子—那楼跨省道路修复', description: '更正：坡子村至那楼村道路损毁',
    category: 'economy', type: 'water', divisions: ['450922108216', '440982117213'],
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.title, '坡子—那楼跨省道路修复');
  assert.equal(r.json.description, '更正：坡子村至那楼村道路损毁');
  assert.equal(r.json.category, 'economy');
  assert.equal(r.json.type, 'water');
  assert.deepEqual(r.json.divisions.map((d) => d.code).sort(), ['440982117213', '450922108216']);

  const again = (await allianceAdmin.get(`/api/v1/matters/${m.id}`)).json;
  assert.equal(again.title, '坡子—那楼跨省道路修复');
  const last = again.timeline[again.timeline.length - 1];
  assert.equal(last.kind, 'edit');
  assert.equal(again.timeline.length, m.timeline.length + 1);
  assert.ok(last.note.includes('标题：“坡子村道路修复” → “坡子—那楼跨省道路修复”'), last.note);
  assert.ok(last.note.includes('描述：“原始描述：村道损毁” → “更正：坡子村至那楼村道路损毁”'), last.note);
  assert.ok(last.note.includes('类别：共推乡村振兴 → 共兴实体经济'), last.note);
  assert.ok(last.note.includes('类型：交通 → 水利'), last.note);
  assert.match(last.note, /涉及区划：坡子村[^→]* → .*那楼村/);
  assert.equal(last.user.name, '联建管理员（演示）');

  assert.equal(await auditCount(), auditBefore + 1);
  const entry = (await admin.get('/api/v1/audit?limit=1')).json.items[0];
  assert.equal(entry.action, 'matter.update');
  assert.equal(entry.object_id, String(m.id));
  assert.equal(entry.before.title, '坡子村道路修复');
  assert.equal(entry.after.title, '坡子—那楼跨省道路修复');
  assert.equal(entry.before.category, 'revival');
  assert.equal(entry.after.category, 'economy');

  // the statistics count the matter under its new category
  const statsAfter = await byCategory();
  assert.equal(statsAfter.revival, statsBefore.revival - 1);
  assert.equal(statsAfter.economy, statsBefore.economy + 1);

  // the unit's leader (坡子村 secretary) may edit too; only what changed is listed
  const p = await pozi.patch(`/api/v1/matters/${m.id}`, { title: '坡子—那楼道路修复', category: 'economy' });
  assert.equal(p.status, 200, p.text);
  const tl = p.json.timeline;
  assert.equal(tl[tl.length - 1].kind, 'edit');
  assert.ok(!tl[tl.length - 1].note.includes('类别'), tl[tl.length - 1].note);
});

test('bad values are refused with 422 and change nothing', async () => {
  const m = await newMatter('校验测试事项');
  const bodies = [
    [{ category: 'bogus' }, 'category'],
    [{ type: 'no_such_type' }, 'type'],
    [{ divisions: ['110101'] }, 'divisions'],            // outside the alliance
    [{ divisions: ['450922108216', '450922108216'] }, 'divisions'],
    [{ divisions: ['4509'] }, 'divisions'],
    [{ divisions: [] }, 'divisions'],
    [{ title: '' }, 'title'],
    [{ title: '长'.repeat(101) }, 'title'],
    [{ description: '' }, 'description'],
    [{ title: 12 }, 'title'],
    // a good title with a bad category: the title is not kept either
    [{ title: '不应保存的标题', category: 'bogus' }, 'category'],
    [{ title: '不应保存的标题', divisions: ['110101'] }, 'divisions'],
  ];
  const before = await state(m.id);
  for (const [body, field] of bodies) {
    const r = await allianceAdmin.patch(`/api/v1/matters/${m.id}`, body);
    assert.ok(r.status === 422 || r.status === 400, `${JSON.stringify(body)}: ${r.status} ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
    assert.match(r.json.error.message, /[\u4e00-\u9fff]/);
  }
  const unknown = await allianceAdmin.patch(`/api/v1/matters/${m.id}`, { colour: 'red' });
  assert.ok(unknown.status >= 400 && unknown.status < 500, unknown.text);
  assert.deepEqual(await state(m.id), before);
});

test('someone who does not manage the matter is refused and nothing changes', async () => {
  const m = await newMatter('权限测试事项');
  const before = await state(m.id);
  const r = await hz.patch(`/api/v1/matters/${m.id}`, { title: '化州改的标题' });
  assert.equal(r.status, 403, r.text);
  assert.deepEqual(await state(m.id), before);
});

test('a resolved or closed matter refuses edits (422 matter_closed) and nothing changes', async () => {
  const resolved = await newMatter('已解决的事项');
  for (const to of ['studying', 'in_progress']) {
    const t = await allianceAdmin.post(`/api/v1/matters/${resolved.id}/transitions`, { to, note: '' });
    assert.equal(t.status, 200, t.text);
  }
  const done = await allianceAdmin.post(`/api/v1/matters/${resolved.id}/transitions`,
    { to: 'resolved', note: '', resolution: '已修复' });
  assert.equal(done.status, 200, done.text);
  const closed = await newMatter('已关闭的事项');
  const c = await allianceAdmin.post(`/api/v1/matters/${closed.id}/transitions`, { to: 'closed', note: '重复提出' });
  assert.equal(c.status, 200, c.text);

  for (const [m, word] of [[resolved, '已解决'], [closed, '已关闭']]) {
    const before = await state(m.id);
    for (const body of [{ title: '结案后改标题' }, { category: 'economy' }, { type: 'water' },
      { divisions: ['440982117213'] }, { description: '结案后改描述' }]) {
      const r = await allianceAdmin.patch(`/api/v1/matters/${m.id}`, body);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.code, 'matter_closed');
      assert.ok(r.json.error.message.includes(word), r.text);
    }
    assert.deepEqual(await state(m.id), before);
  }
});
