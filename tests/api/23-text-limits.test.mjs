// Text at the API's limits comes back whole: every text field of every
// write endpoint, filled to its limit with 4-byte characters, reads back
// equal; one character more is refused and changes nothing. Refused means
// 422 "invalid", the status this API gives any over-long string
// (05-bad-input.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

const C = '𠀀'; // U+20000: four bytes in UTF-8
// n four-byte characters; distinct strings start with a distinct character.
let seq = 0;
const at = (n) => String.fromCodePoint(0x20001 + seq++) + C.repeat(n - 1);
const over = (n) => C.repeat(n + 1);

let srv, admin, allianceAdmin, viewer, units;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  units = (await viewer.get('/api/v1/units?limit=500')).json.items;
});
after(async () => { await srv?.stop(); });

const unit = (prefix) => units.find((u) => u.name.startsWith(prefix));
const auditCount = async () => (await admin.get('/api/v1/audit?limit=500')).json.items.length;

// Sends body with a field one character over its limit: 422, and neither the
// audit log nor what `read` returns changes.
async function refused(c, method, path, body, read) {
  const n = await auditCount();
  const beforeRead = read ? JSON.stringify(await read()) : null;
  const r = await c.raw(method, path, { body });
  assert.equal(r.status, 422, `${method} ${path} ${r.text}`);
  assert.equal(r.json.error.code, 'invalid', r.text);
  assert.equal(await auditCount(), n, `${method} ${path} wrote an audit entry`);
  if (read) assert.equal(JSON.stringify(await read()), beforeRead, `${method} ${path} changed data`);
}

test('users: display_name at 64 characters', async () => {
  const dn = at(64);
  const r = await admin.post('/api/v1/users', {
    username: 'limit_user', password: 'limit-user-1', display_name: dn, grants: [],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal((await admin.get(`/api/v1/users/${r.json.id}`)).json.display_name, dn);
  const dn2 = at(64);
  const p = await admin.patch(`/api/v1/users/${r.json.id}`, { display_name: dn2 });
  assert.equal(p.status, 200, p.text);
  assert.equal((await admin.get(`/api/v1/users/${r.json.id}`)).json.display_name, dn2);
  const read = async () => (await admin.get('/api/v1/users?limit=500')).json.items;
  await refused(admin, 'POST', '/api/v1/users', {
    username: 'limit_user2', password: 'limit-user-1', display_name: over(64), grants: [],
  }, read);
  await refused(admin, 'PATCH', `/api/v1/users/${r.json.id}`, { display_name: over(64) }, read);
});

test('alliances, units, orgs and people at their limits', async () => {
  const a = { name: at(64), counties: ['450922', '440982'], description: at(500) };
  const ra = await admin.post('/api/v1/alliances', a);
  assert.equal(ra.status, 201, ra.text);
  const ga = (await admin.get(`/api/v1/alliances/${ra.json.id}`)).json;
  assert.equal(ga.name, a.name);
  assert.equal(ga.description, a.description);
  const alliances = async () => (await admin.get('/api/v1/alliances?limit=500')).json.items;
  await refused(admin, 'POST', '/api/v1/alliances', { ...a, name: over(64) }, alliances);
  await refused(admin, 'POST', '/api/v1/alliances', { ...a, name: 'x', description: over(500) }, alliances);

  const u = { alliance_id: ra.json.id, tier: 'town', name: at(64), divisions: ['450922108', '440982117'] };
  const ru = await admin.post('/api/v1/units', u);
  assert.equal(ru.status, 201, ru.text);
  assert.equal((await admin.get(`/api/v1/units/${ru.json.id}`)).json.name, u.name);
  const unitList = async () => (await admin.get('/api/v1/units?limit=500')).json.items;
  await refused(admin, 'POST', '/api/v1/units', { ...u, name: over(64) }, unitList);

  const o = { name: at(64), division: '450922108216', kind: 'village_branch' };
  const ro = await admin.post('/api/v1/orgs', o);
  assert.equal(ro.status, 201, ro.text);
  assert.equal((await admin.get(`/api/v1/orgs/${ro.json.id}`)).json.name, o.name);
  const orgList = async () => (await admin.get('/api/v1/orgs?limit=500')).json.items;
  await refused(admin, 'POST', '/api/v1/orgs', { ...o, name: over(64) }, orgList);

  const p = { name: at(32), org_id: ro.json.id, position: at(32), phone: '13800000000' };
  const rp = await admin.post('/api/v1/people', p);
  assert.equal(rp.status, 201, rp.text);
  const gp = (await admin.get(`/api/v1/people/${rp.json.id}`)).json;
  assert.equal(gp.name, p.name);
  assert.equal(gp.position, p.position);
  const people = async () => (await admin.get(`/api/v1/people?org_id=${ro.json.id}&limit=500`)).json.items;
  await refused(admin, 'POST', '/api/v1/people', { ...p, name: over(32) }, people);
  await refused(admin, 'POST', '/api/v1/people', { ...p, position: over(32) }, people);
});

test('rotation: a swap reason at 200 characters', async () => {
  const u = unit('坡子');
  const rotation = async () => (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const terms = await rotation();
  const target = terms.find((t) => t.starts_on > addDays(todaySh(), 70) && !t.swapped);
  const sub = terms.find((t) => t.starts_on > target.ends_on && t.person_id !== target.person_id);
  const body = { on: target.starts_on, person_id: sub.person_id, reason: over(200) };
  await refused(allianceAdmin, 'POST', `/api/v1/units/${u.id}/rotation/swaps`, body, rotation);
  const reason = at(200);
  const r = await allianceAdmin.post(`/api/v1/units/${u.id}/rotation/swaps`, { ...body, reason });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.swap_reason, reason);
  const after = (await rotation()).find((t) => t.idx === target.idx);
  assert.equal(after.swap_reason, reason);
  // the term given in exchange names the original and keeps the whole
  // reason (it was once cut inside a 4-byte character)
  const exchanged = (await rotation()).filter((t) => t.idx !== target.idx && t.swap_reason && t.swap_reason.startsWith('与'));
  assert.ok(exchanged.some((t) => t.swap_reason.endsWith('调换：' + reason)),
    JSON.stringify(exchanged.map((t) => [t.idx, t.swap_reason.length, t.swap_reason.slice(0, 20)])));
});

let matterUnit, matterOrg;
async function newMatter(extra = {}) {
  const r = await admin.post('/api/v1/matters', {
    unit_id: matterUnit.id, title: '限长测试', description: '测试事项', category: 'revival',
    type: 'traffic', divisions: ['450922108216'], priority: 'normal', raised_by_org_id: matterOrg.id,
    ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('matters: types, title, description, notes and resolution at their limits', async () => {
  matterUnit = unit('坡子');
  matterOrg = (await viewer.get(`/api/v1/orgs?unit_id=${matterUnit.id}`)).json.items[0];
  const types = async () => (await admin.get('/api/v1/matter-types')).json;
  const key = 'k'.repeat(24);
  const label = at(16);
  await refused(admin, 'POST', '/api/v1/matter-types', { key, label: over(16) }, types);
  const rt = await admin.post('/api/v1/matter-types', { key, label });
  assert.equal(rt.status, 201, rt.text);
  const listed = JSON.stringify(await types());
  assert.ok(listed.includes(label), 'the label reads back whole');

  const title = at(100);
  const description = at(1000);
  const m = await newMatter({ title, description, type: key });
  const g = (await viewer.get(`/api/v1/matters/${m.id}`)).json;
  assert.equal(g.title, title);
  assert.equal(g.description, description);
  assert.equal(g.type, key);
  const matters = async () => (await admin.get('/api/v1/matters?limit=500')).json.items.map((x) => x.id);
  await refused(admin, 'POST', '/api/v1/matters', {
    unit_id: matterUnit.id, title: over(100), description: 'x', category: 'revival', type: 'traffic',
    divisions: ['450922108216'], priority: 'normal', raised_by_org_id: matterOrg.id,
  }, matters);
  await refused(admin, 'POST', '/api/v1/matters', {
    unit_id: matterUnit.id, title: 'x', description: over(1000), category: 'revival', type: 'traffic',
    divisions: ['450922108216'], priority: 'normal', raised_by_org_id: matterOrg.id,
  }, matters);

  const one = async () => (await viewer.get(`/api/v1/matters/${m.id}`)).json;
  const note = at(1000);
  const t1 = await admin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'studying', note });
  assert.equal(t1.status, 200, t1.text);
  assert.ok((await one()).timeline.some((ev) => ev.note.includes(note)), 'transition note whole');
  await refused(admin, 'POST', `/api/v1/matters/${m.id}/transitions`, { to: 'in_progress', note: over(1000) }, one);
  const progress = at(1000);
  const pr = await admin.post(`/api/v1/matters/${m.id}/progress`, { note: progress });
  assert.ok(pr.status === 200 || pr.status === 201, pr.text);
  assert.ok((await one()).timeline.some((ev) => ev.note.includes(progress)), 'progress note whole');
  await refused(admin, 'POST', `/api/v1/matters/${m.id}/progress`, { note: over(1000) }, one);
  const patchNote = at(1000);
  const pa = await admin.patch(`/api/v1/matters/${m.id}`, { priority: 'high', note: patchNote });
  assert.equal(pa.status, 200, pa.text);
  assert.ok((await one()).timeline.some((ev) => ev.note.includes(patchNote)), 'patch note whole');
  await refused(admin, 'PATCH', `/api/v1/matters/${m.id}`, { priority: 'low', note: over(1000) }, one);
  await admin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'in_progress', note: '推进' });
  await refused(admin, 'POST', `/api/v1/matters/${m.id}/transitions`, { to: 'resolved', note: 'x', resolution: over(1000) }, one);
  const resolution = at(1000);
  const t3 = await admin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'resolved', note, resolution });
  assert.equal(t3.status, 200, t3.text);
  assert.equal((await one()).resolution, resolution);
});

test('meetings: title, override reason, minutes and decisions at their limits', async () => {
  const u = matterUnit;
  const m = await newMatter();
  await admin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'studying', note: '研判' });
  await admin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'in_progress', note: '推进' });
  const body = {
    unit_id: u.id, title: at(100), held_on: todaySh(), place_division: '450922108216',
    agenda: [m.id], invited_org_ids: [], override_reason: at(200),
  };
  const meetings = async () => (await admin.get('/api/v1/meetings?limit=500')).json.items.map((x) => x.id);
  await refused(allianceAdmin, 'POST', '/api/v1/meetings', { ...body, title: over(100) }, meetings);
  await refused(allianceAdmin, 'POST', '/api/v1/meetings', { ...body, override_reason: over(200) }, meetings);
  const r = await allianceAdmin.post('/api/v1/meetings', body);
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const one = async () => (await viewer.get(`/api/v1/meetings/${id}`)).json;
  let g = await one();
  assert.equal(g.title, body.title);
  assert.equal(g.override_reason, body.override_reason);

  const minutes = at(5000);
  const pm = await allianceAdmin.put(`/api/v1/meetings/${id}/minutes`, { text: minutes });
  assert.equal(pm.status, 200, pm.text);
  g = await one();
  assert.equal(g.minutes, minutes, 'minutes of 5,000 four-byte characters read back whole');
  await refused(allianceAdmin, 'PUT', `/api/v1/meetings/${id}/minutes`, { text: over(5000) }, one);

  const dnote = at(500);
  const resolution = at(1000);
  await refused(allianceAdmin, 'POST', `/api/v1/meetings/${id}/decisions`,
    { matter_id: m.id, action: 'resolve', note: over(500), resolution: 'x' }, one);
  await refused(allianceAdmin, 'POST', `/api/v1/meetings/${id}/decisions`,
    { matter_id: m.id, action: 'resolve', note: 'x', resolution: over(1000) }, one);
  const d = await allianceAdmin.post(`/api/v1/meetings/${id}/decisions`,
    { matter_id: m.id, action: 'resolve', note: dnote, resolution });
  assert.equal(d.status, 201, d.text);
  g = await one();
  assert.equal(g.decisions.at(-1).note, dnote);
  assert.equal((await viewer.get(`/api/v1/matters/${m.id}`)).json.resolution, resolution);
  assert.equal(g.minutes, minutes);
});
