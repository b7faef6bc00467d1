// The 联育平台 line: sites, routes, activities with their people, sittings,
// attendance, counting (persons / person-times) and QR check-in, against a
// real server with the demo alliance. After each refused write the data is
// read back to prove nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, admin, allianceAdmin, lc, hz, viewer, pozi, alliance, poziOrg, nalouOrg, poziPerson, nalouPerson;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  lc = await loggedIn(srv, 'lc_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  alliance = (await viewer.get('/api/v1/alliances')).json.items[0];
  poziOrg = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0];
  nalouOrg = (await viewer.get('/api/v1/orgs?division=440982117213')).json.items[0];
  poziPerson = (await admin.get(`/api/v1/people?org_id=${poziOrg.id}`)).json.items[0];
  nalouPerson = (await admin.get(`/api/v1/people?org_id=${nalouOrg.id}`)).json.items[0];
});
after(async () => { await srv?.stop(); });

const site = (extra = {}) => ({ alliance_id: alliance.id, kind: 'education_base', name: '坡子红色教育基地', division: '450922108216', ...extra });
const activity = (extra = {}) => ({
  alliance_id: alliance.id, kind: 'party_lesson', title: '边界联党课', starts_on: addDays(todaySh(), -3),
  place_division: '450922108216', host_org_id: poziOrg.id, ...extra,
});
async function snapshot() {
  const s = await admin.get(`/api/v1/sites?alliance_id=${alliance.id}&limit=500`);
  const r = await admin.get(`/api/v1/routes?alliance_id=${alliance.id}&limit=500`);
  const a = await admin.get(`/api/v1/activities?alliance_id=${alliance.id}&limit=500`);
  const au = await admin.get('/api/v1/audit?limit=500');
  return JSON.stringify([s.json.items, r.json.items, a.json.items, au.json.items.length]);
}

test('sites: create, list by alliance and kind, read one', async () => {
  const r = await allianceAdmin.post('/api/v1/sites', site({ description: '坡子村党史陈列馆' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'education_base');
  assert.equal(r.json.county_code, '450922');
  assert.equal(r.json.division.code, '450922108216');
  assert.equal(r.json.division.name, '坡子村委会');
  const r2 = await lc.post('/api/v1/sites', site({ kind: 'red_site', name: '乌石镇红色资源点', division: '450922108' }));
  assert.equal(r2.status, 201, 'a county admin records a site of their county: ' + r2.text);
  const one = await viewer.get(`/api/v1/sites/${r.json.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.name, '坡子红色教育基地');
  const list = await viewer.get(`/api/v1/sites?alliance_id=${alliance.id}&kind=red_site`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((x) => x.id), [r2.json.id]);
  assert.equal((await viewer.get('/api/v1/sites?kind=castle')).status, 422);
  assert.equal((await viewer.get('/api/v1/sites?colour=red')).status, 400);
});

test('sites: outsiders and bad input are refused and write nothing', async () => {
  const before = await snapshot();
  const cases = [
    [hz, site(), 403],                                     // 化州 admin, a 陆川 site
    [viewer, site(), 403],
    [pozi, site(), 403],
    [allianceAdmin, site({ division: '440811100234' }), 422], // outside the alliance
    [allianceAdmin, site({ division: '4509' }), 422],        // a city
    [allianceAdmin, site({ division: '450922999999' }), 422], // no such division
    [allianceAdmin, site({ kind: 'castle' }), 422],
    [allianceAdmin, site({ colour: 'red' }), 422],           // unknown field
    [allianceAdmin, site({ name: '' }), 422],
    [allianceAdmin, site({ alliance_id: 99999 }), 422],
  ];
  for (const [c, b, status] of cases) {
    const r = await c.post('/api/v1/sites', b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
  }
  const r = await allianceAdmin.post('/api/v1/sites', site({ division: '440811100234' }));
  assert.equal(r.json.error.field, 'division');
  assert.equal(await snapshot(), before);
});

test('routes: stops in order, counties in order of first visit', async () => {
  const a = (await allianceAdmin.post('/api/v1/sites', site({ name: '站点甲', division: '440982117213' }))).json;
  const b = (await allianceAdmin.post('/api/v1/sites', site({ name: '站点乙', division: '450922108216' }))).json;
  const c = (await allianceAdmin.post('/api/v1/sites', site({ name: '站点丙', division: '440982117216' }))).json;
  const r = await allianceAdmin.post('/api/v1/routes', { alliance_id: alliance.id, kind: 'red_education', name: '边界红色研学线', stops: [a.id, b.id, c.id] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.stops.map((s) => s.site_id), [a.id, b.id, c.id]);
  assert.deepEqual(r.json.counties.map((x) => x.code), ['440982', '450922']);
  assert.ok(r.json.counties.every((x) => x.name));
  const one = await viewer.get(`/api/v1/routes/${r.json.id}`);
  assert.deepEqual(one.json, r.json);
  const list = await viewer.get(`/api/v1/routes?alliance_id=${alliance.id}&kind=red_education`);
  assert.deepEqual(list.json.items.map((x) => x.id), [r.json.id]);
  assert.ok(!(await viewer.get(`/api/v1/routes?alliance_id=${alliance.id}&kind=tourism&limit=500`)).json.items.some((x) => x.id === r.json.id));

  const before = await snapshot();
  const bad = [
    [allianceAdmin, { alliance_id: alliance.id, kind: 'red_education', name: '单站', stops: [a.id] }, 422],
    [allianceAdmin, { alliance_id: alliance.id, kind: 'red_education', name: '无此站', stops: [a.id, 99999] }, 422],
    [allianceAdmin, { alliance_id: alliance.id, kind: 'bus', name: 'x', stops: [a.id, b.id] }, 422],
    [allianceAdmin, { alliance_id: alliance.id, kind: 'tourism', name: 'x', stops: [a.id, b.id], extra: 1 }, 422],
    [hz, { alliance_id: alliance.id, kind: 'tourism', name: 'x', stops: [a.id, b.id] }, 403],
  ];
  for (const [cl, body, status] of bad) {
    const x = await cl.post('/api/v1/routes', body);
    assert.equal(x.status, status, JSON.stringify(body) + ' ' + x.text);
  }
  assert.equal(await snapshot(), before);
});

test('activities: create with defaults, list with filters, read one', async () => {
  const r = await allianceAdmin.post('/api/v1/activities', activity());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.line, 'education');
  assert.equal(r.json.host_org.id, poziOrg.id);
  assert.equal(r.json.place_division.code, '450922108216');
  assert.equal(r.json.persons, 0);
  assert.equal(r.json.person_times, 0);
  assert.deepEqual(r.json.sessions, []);
  assert.equal(r.json.can_manage, true);
  const fair = await lc.post('/api/v1/activities', activity({ kind: 'fair', title: '特产展销会', starts_on: '2019-05-01', ends_on: '2019-05-03' }));
  assert.equal(fair.status, 201, fair.text);
  assert.equal(fair.json.line, 'economy');
  assert.equal(fair.json.ends_on, '2019-05-03');
  const list = await viewer.get(`/api/v1/activities?alliance_id=${alliance.id}&kind=fair&limit=500`);
  assert.equal(list.json.items[0].id, fair.json.id);     // the demo may hold fairs of its own
  assert.ok(list.json.items.every((x) => x.kind === 'fair'));
  const old = await viewer.get(`/api/v1/activities?alliance_id=${alliance.id}&from=2019-01-01&to=2019-12-31`);
  assert.deepEqual(old.json.items.map((x) => x.id), [fair.json.id]);
  const one = await viewer.get(`/api/v1/activities/${r.json.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.title, '边界联党课');
  assert.equal(one.json.can_manage, false);
  assert.equal((await viewer.get('/api/v1/activities/99999')).status, 404);
});

test('activities: outsiders and bad input are refused and write nothing', async () => {
  const before = await snapshot();
  const cases = [
    [hz, activity(), 403],                                  // 化州 admin, a 陆川 host
    [viewer, activity(), 403],
    [allianceAdmin, activity({ starts_on: '1999-12-31' }), 422],
    [allianceAdmin, activity({ starts_on: addDays(todaySh(), 400) }), 422],
    [allianceAdmin, activity({ ends_on: addDays(todaySh(), -10) }), 422],
    [allianceAdmin, activity({ place_division: '440811100234' }), 422],
    [allianceAdmin, activity({ host_org_id: 99999 }), 422],
    [allianceAdmin, activity({ kind: 'party' }), 422],
    [allianceAdmin, activity({ line: 'sports' }), 422],
    [allianceAdmin, activity({ venue: 'x' }), 422],
    [allianceAdmin, activity({ site_id: 99999 }), 422],
  ];
  for (const [c, b, status] of cases) {
    const r = await c.post('/api/v1/activities', b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
  }
  assert.equal(await snapshot(), before);
});

test('counting: named people, headcount, sittings, one person in two sittings', async () => {
  const a = (await allianceAdmin.post('/api/v1/activities', activity({ title: '计数测试', kind: 'training_class' }))).json;
  let r = await pozi.put(`/api/v1/activities/${a.id}/participants`, {
    person_ids: [poziPerson.id, nalouPerson.id], headcount: [{ county_code: '440881', persons: 5 }],
  });
  assert.equal(r.status, 200, 'the host secretary records the people: ' + r.text);
  assert.equal(r.json.persons, 7);
  assert.equal(r.json.person_times, 7);
  const by = (j) => Object.fromEntries(j.by_county.map((c) => [c.code, [c.persons, c.person_times]]));
  assert.deepEqual(by(r.json), { 440881: [5, 5], 440982: [1, 1], 450922: [1, 1] });
  assert.deepEqual(r.json.participants.map((p) => p.id).sort(), [poziPerson.id, nalouPerson.id].sort());
  assert.deepEqual(r.json.headcount, [{ county_code: '440881', persons: 5 }]);

  r = await allianceAdmin.post(`/api/v1/activities/${a.id}/sessions`, { on: a.starts_on, title: '第一课', hours: 1.5 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.sessions[0].hours, 1.5);
  const s1 = r.json.sessions[0].id;
  r = await allianceAdmin.post(`/api/v1/activities/${a.id}/sessions`, { on: a.starts_on, title: '第二课', hours: 2 });
  const s2 = r.json.sessions[1].id;
  r = await pozi.put(`/api/v1/activities/${a.id}/sessions/${s1}/attendance`, { person_ids: [poziPerson.id, nalouPerson.id] });
  assert.equal(r.status, 200, r.text);
  r = await pozi.put(`/api/v1/activities/${a.id}/sessions/${s2}/attendance`, { person_ids: [poziPerson.id] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.persons, 7, 'persons: 2 named + 5 counted');
  assert.equal(r.json.person_times, 3, 'person-times: the sittings\' attendance');
  assert.deepEqual(by(r.json), { 440881: [5, 0], 440982: [1, 1], 450922: [1, 2] });
  assert.deepEqual(r.json.sessions.map((s) => s.present), [2, 1]);
  const listed = (await viewer.get(`/api/v1/activities?alliance_id=${alliance.id}&kind=training_class`)).json.items[0];
  assert.equal(listed.persons, 7);
  assert.equal(listed.person_times, 3);

  // refused: nothing changes
  const before = JSON.stringify((await admin.get(`/api/v1/activities/${a.id}`)).json);
  const bad = [
    [allianceAdmin, 'put', 'participants', { person_ids: [], headcount: [{ county_code: '440881', persons: -1 }] }, 422],
    [allianceAdmin, 'put', 'participants', { person_ids: [], headcount: [{ county_code: '440811', persons: 3 }] }, 422],
    [allianceAdmin, 'put', 'participants', { person_ids: [99999], headcount: [] }, 422],
    [allianceAdmin, 'put', 'participants', { person_ids: [] }, 422],
    [hz, 'put', 'participants', { person_ids: [], headcount: [] }, 403],
    [viewer, 'post', 'sessions', { on: a.starts_on, title: 'x', hours: 1 }, 403],
    [allianceAdmin, 'post', 'sessions', { on: '2000-01-01', title: 'x', hours: 1 }, 422],
    [allianceAdmin, 'post', 'sessions', { on: a.starts_on, title: 'x', hours: -1 }, 422],
    [allianceAdmin, 'put', `sessions/${s1}/attendance`, { person_ids: [99999] }, 422],
    [hz, 'put', `sessions/${s1}/attendance`, { person_ids: [] }, 403],
  ];
  for (const [c, m, path, b, status] of bad) {
    const x = await c[m](`/api/v1/activities/${a.id}/${path}`, b);
    assert.equal(x.status, status, path + ' ' + JSON.stringify(b) + ' ' + x.text);
  }
  assert.equal(JSON.stringify((await admin.get(`/api/v1/activities/${a.id}`)).json), before);
});

test('check-in: a real code marks the person present, a replay is idempotent, forged codes fail', async () => {
  const a = (await allianceAdmin.post('/api/v1/activities', activity({ title: '签到测试', kind: 'border_classroom' }))).json;
  const s = (await allianceAdmin.post(`/api/v1/activities/${a.id}/sessions`, { on: a.starts_on, title: '边界课堂', hours: 1 })).json.sessions[0];
  const code = await allianceAdmin.post(`/api/v1/activities/${a.id}/sessions/${s.id}/checkin-codes`, {});
  assert.equal(code.status, 201, code.text);
  assert.match(code.json.token, /^[A-Za-z0-9_-]{32}$/);
  assert.match(code.json.svg, /^<svg/);
  assert.ok(Date.parse(code.json.expires_at) > Date.now());
  assert.equal((await viewer.post(`/api/v1/activities/${a.id}/sessions/${s.id}/checkin-codes`, {})).status, 403);

  let r = await pozi.post('/api/v1/checkin', { token: code.json.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.already, false);
  assert.equal(r.json.person.id, poziPerson.id);
  assert.equal(r.json.activity_id, a.id);
  r = await pozi.post('/api/v1/checkin', { token: code.json.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.already, true);
  const after = (await viewer.get(`/api/v1/activities/${a.id}`)).json;
  assert.deepEqual(after.sessions[0].attendance, [poziPerson.id]);
  assert.deepEqual(after.participants.map((p) => p.id), [poziPerson.id], 'added as a participant');
  assert.equal(after.persons, 1);
  assert.equal(after.person_times, 1);

  for (const token of ['A'.repeat(32), 'short', code.json.token.slice(0, 31) + '!']) {
    const x = await pozi.post('/api/v1/checkin', { token });
    assert.ok(x.status >= 400 && x.status < 500, x.text);
    assert.equal(x.json.error.code, 'checkin_invalid', x.text);
  }
  const noPerson = await viewer.post('/api/v1/checkin', { token: code.json.token });
  assert.equal(noPerson.status, 403, noPerson.text);
  assert.equal(JSON.stringify((await viewer.get(`/api/v1/activities/${a.id}`)).json), JSON.stringify(after));
});

test('secondments: record, list, read; outsiders and bad input write nothing', async () => {
  const countyOrg = (await viewer.get('/api/v1/orgs?division=450922')).json.items[0];
  const body = (extra = {}) => ({
    alliance_id: alliance.id, person_id: poziPerson.id, kind: 'xiagua', from_org_id: countyOrg.id,
    to_org_id: nalouOrg.id, starts_on: '2024-03-01', ...extra,
  });
  const r = await allianceAdmin.post('/api/v1/secondments', body({ ends_on: '2024-09-01' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.person.id, poziPerson.id);
  assert.equal(r.json.to_org.id, nalouOrg.id);
  assert.equal(r.json.county_code, '440982');
  assert.equal(r.json.line, 'talent');
  const r2 = await hz.post('/api/v1/secondments', body({ kind: 'dundian' }));
  assert.equal(r2.status, 201, 'the receiving county admin records it: ' + r2.text);
  assert.equal(r2.json.ends_on, null);
  assert.deepEqual((await viewer.get(`/api/v1/secondments/${r.json.id}`)).json, r.json);
  const list = await viewer.get(`/api/v1/secondments?alliance_id=${alliance.id}`);
  assert.deepEqual(list.json.items.map((x) => x.id), [r2.json.id, r.json.id]);

  const before = JSON.stringify((await admin.get('/api/v1/secondments?limit=500')).json);
  const cases = [
    [lc, body(), 403],
    [viewer, body(), 403],
    [allianceAdmin, body({ to_org_id: countyOrg.id }), 422],
    [allianceAdmin, body({ person_id: 99999 }), 422],
    [allianceAdmin, body({ kind: 'loan' }), 422],
    [allianceAdmin, body({ starts_on: '1999-01-01' }), 422],
    [allianceAdmin, body({ ends_on: '2024-01-01' }), 422],
    [allianceAdmin, body({ note: 'x' }), 422],
  ];
  for (const [c, b, status] of cases) {
    const x = await c.post('/api/v1/secondments', b);
    assert.equal(x.status, status, JSON.stringify(b) + ' ' + x.text);
  }
  assert.equal(JSON.stringify((await admin.get('/api/v1/secondments?limit=500')).json), before);
});

test('talents: record with the alliance found from the county, list, read; refusals write nothing', async () => {
  const r = await lc.post('/api/v1/talents', { name: '李能人', kind: 'entrepreneur', from_county: '440881', division: '450922108216', introduced_on: '2023-06-01', note: '返乡办合作社' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.alliance_id, alliance.id);
  assert.equal(r.json.from_county.code, '440881');
  assert.ok(r.json.from_county.name);
  assert.equal(r.json.division.code, '450922108216');
  assert.equal(r.json.introduced_on, '2023-06-01');
  const r2 = await allianceAdmin.post('/api/v1/talents', { name: '王技术', kind: 'technician', from_county: '440982' });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.division, null);
  assert.deepEqual((await viewer.get(`/api/v1/talents/${r.json.id}`)).json, r.json);
  assert.deepEqual((await viewer.get(`/api/v1/talents?alliance_id=${alliance.id}`)).json.items.map((x) => x.id), [r2.json.id, r.json.id]);

  const before = JSON.stringify((await admin.get('/api/v1/talents?limit=500')).json);
  const cases = [
    [hz, { name: 'x', kind: 'expert', from_county: '440982', division: '450922108216' }, 403],
    [viewer, { name: 'x', kind: 'expert', from_county: '440982' }, 403],
    [allianceAdmin, { name: 'x', kind: 'expert', from_county: '440811' }, 422],
    [allianceAdmin, { name: 'x', kind: 'expert', from_county: '4409' }, 422],
    [allianceAdmin, { name: 'x', kind: 'wizard', from_county: '440982' }, 422],
    [allianceAdmin, { name: 'x', kind: 'expert', from_county: '440982', enterprise_id: 99999 }, 422],
    [allianceAdmin, { name: 'x', kind: 'expert', from_county: '440982', introduced_on: '1999-01-01' }, 422],
    [allianceAdmin, { name: 'x', kind: 'expert', from_county: '440982', alliance_id: alliance.id }, 422],
  ];
  for (const [c, b, status] of cases) {
    const x = await c.post('/api/v1/talents', b);
    assert.equal(x.status, status, JSON.stringify(b) + ' ' + x.text);
  }
  assert.equal(JSON.stringify((await admin.get('/api/v1/talents?limit=500')).json), before);
});
