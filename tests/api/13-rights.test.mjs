// The rights the server reports so that pages offer only what an account
// may do: GET /me rights, can_* flags on organisations and units, and the
// duty answer's convene. Each flag agrees with what the write then does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, admin, allianceAdmin, hz, pozi, viewer;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
});
after(async () => { await srv?.stop(); });

test('GET /me reports the account’s rights', async () => {
  const r = async (c) => (await c.get('/api/v1/me')).json.rights;
  assert.deepEqual(await r(admin), { admin: true, manage_users: true, add_matter_types: true,
    create_units: true, edit_orgs: true, org_counties: null });
  assert.deepEqual(await r(hz), { admin: false, manage_users: true, add_matter_types: false,
    create_units: false, edit_orgs: true, org_counties: ['440982'] });
  const aa = await r(allianceAdmin);
  assert.equal(aa.create_units, true);
  assert.equal(aa.edit_orgs, false);
  const v = await r(viewer);
  assert.equal(v.edit_orgs || v.manage_users || v.create_units, false);
});

test('organisations carry can_edit / can_set_secretary as policy decides, and the writes agree', async () => {
  const orgs = (await hz.get('/api/v1/orgs?limit=500')).json.items;
  for (const o of orgs) {
    assert.equal(o.can_edit, o.county_code === '440982', `${o.name}`);
    assert.equal(o.can_set_secretary, o.can_edit);
  }
  const lc = orgs.find((o) => o.name === '中共陆川县委');
  const hzOrg = orgs.find((o) => o.name === '中共化州市委');
  const refused = await hz.put(`/api/v1/orgs/${lc.id}/secretary`, { person_id: lc.secretary.id });
  assert.equal(refused.status, 403);
  const ok = await hz.put(`/api/v1/orgs/${hzOrg.id}/secretary`, { person_id: hzOrg.secretary.id });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await viewer.get('/api/v1/orgs?limit=500')).json.items.some((o) => o.can_edit), false);
});

test('units carry can_raise and the unit detail the organisations pozi_secretary may raise for', async () => {
  const units = (await pozi.get('/api/v1/units?limit=500')).json.items;
  const raisable = units.filter((u) => u.can_raise);
  assert.ok(raisable.length >= 1 && raisable.length < units.length, raisable.map((u) => u.name).join());
  const other = units.find((u) => !u.can_raise);
  const od = (await pozi.get(`/api/v1/units/${other.id}`)).json;
  assert.deepEqual(od.raise_org_ids, []);
  const r = await pozi.post('/api/v1/matters', {
    unit_id: other.id, title: '越权提出', description: '不应成功', category: 'org', type: 'other',
    divisions: [od.divisions[0].code], priority: 'normal', raised_by_org_id: od.members[0].id,
  });
  assert.equal(r.status, 403, r.text);
  const unit = raisable[0];
  const d = (await pozi.get(`/api/v1/units/${unit.id}`)).json;
  assert.ok(d.raise_org_ids.length >= 1);
  const ok = await pozi.post('/api/v1/matters', {
    unit_id: unit.id, title: '权限内提出', description: '应当成功', category: 'org', type: 'other',
    divisions: [d.divisions[0].code], priority: 'normal', raised_by_org_id: d.raise_org_ids[0],
  });
  assert.equal(ok.status, 201, ok.text);
});

test('the duty answer says whether the reader may convene that day', async () => {
  const unit = (await pozi.get('/api/v1/units?limit=500')).json.items.find((u) => u.name.startsWith('坡子'));
  const me = (await pozi.get('/api/v1/me')).json;
  const terms = (await pozi.get(`/api/v1/units/${unit.id}/rotation?from=${todaySh()}&to=${addDays(todaySh(), 200)}`)).json.terms;
  const mine = terms.find((t) => t.person_id === me.person_id);
  const other = terms.find((t) => t.person_id !== me.person_id);
  const dayOf = (t) => (t.starts_on > todaySh() ? t.starts_on : todaySh());
  assert.equal((await pozi.get(`/api/v1/units/${unit.id}/duty?on=${dayOf(other)}`)).json.convene, 'none');
  if (mine) assert.equal((await pozi.get(`/api/v1/units/${unit.id}/duty?on=${dayOf(mine)}`)).json.convene, 'duty');
  assert.equal((await allianceAdmin.get(`/api/v1/units/${unit.id}/duty?on=${dayOf(other)}`)).json.convene, 'override');
  assert.equal((await viewer.get(`/api/v1/units/${unit.id}/duty?on=${dayOf(other)}`)).json.convene, 'none');
  const refused = await pozi.post('/api/v1/meetings', {
    unit_id: unit.id, title: '越权召集', held_on: dayOf(other), place_division: '450922108216',
    agenda: [], invited_org_ids: [],
  });
  assert.equal(refused.status, 403, refused.text);
});
