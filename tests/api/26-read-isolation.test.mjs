// Alliances see only their own: an account reads the alliances its grants
// reach (and their units, matters, meetings, rosters, stats, and the
// organisations and people of their member counties). Anything else
// answers 404 with the body of a truly missing id, and lists leave it out
// (a list filtered on someone else's unit, org or alliance is empty).
// A deployment admin and a deployment-wide viewer (an auditor) read all.
//
// The table below is the documentation: for each account, which of the two
// alliances (A: the demo's 陆廉化, B: a second one of 容县 and 雷州市) it reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh } from '../lib/dates.mjs';

const READS = {
  admin: ['A', 'B'],
  auditor: ['A', 'B'],          // viewer on the deployment
  alliance_admin: ['A'],
  lc_admin: ['A'],              // county admin of 陆川县, a member county of A only
  pozi_secretary: ['A'],        // member of an organisation in one of A's units
  viewer: ['A'],                // viewer scoped to alliance A
  rx_admin: ['B'],              // county admin of 容县, a member county of B only
  b_admin: ['B'],               // alliance admin of B
  b_unit_viewer: ['B'],         // viewer scoped to one of B's units
};

let srv;
const who = {};
const obj = { A: {}, B: {} };

async function ok(p, status = 201) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer({ demo: true });
  const admin = who.admin = await loggedIn(srv);
  for (const u of ['alliance_admin', 'lc_admin', 'pozi_secretary', 'viewer']) {
    who[u] = await loggedIn(srv, u, 'demo-2026');
  }
  // Alliance A: the demo's.
  const A = obj.A;
  const a = (await admin.get('/api/v1/alliances')).json.items.find((x) => x.name === '陆廉化党建联建');
  A.alliance = a.id;
  const units = (await admin.get(`/api/v1/units?alliance_id=${a.id}&limit=500`)).json.items;
  A.unit = units.find((u) => u.name.startsWith('坡子')).id;
  A.org = (await admin.get('/api/v1/orgs?division=450922108216')).json.items[0].id;
  A.person = (await admin.get(`/api/v1/people?org_id=${A.org}`)).json.items[0].id;
  A.matter = (await ok(who.pozi_secretary.post('/api/v1/matters', {
    unit_id: A.unit, title: '隔离测试事项（甲）', description: '仅本联建可见的事项说明',
    category: 'revival', type: 'water', divisions: ['450922108216', '440982117213'],
    priority: 'normal', raised_by_org_id: A.org,
  }))).id;
  A.meeting = (await ok(admin.post('/api/v1/meetings', {
    unit_id: A.unit, title: '隔离测试会议（甲）', held_on: todaySh(), place_division: '450922108216',
    agenda: [A.matter], invited_org_ids: [], override_reason: '隔离测试',
  }))).id;
  // A record of the five lines: it follows its alliance like the rest.
  A.site = (await ok(admin.post('/api/v1/sites', {
    alliance_id: A.alliance, kind: 'red_site', name: '隔离测试阵地（甲）', division: '450922108216',
  }))).id;
  A.toOrg = (await admin.get('/api/v1/orgs?division=440982117213')).json.items[0].id;

  // Alliance B: two other counties, a unit, an organisation, a person, a matter, a meeting.
  const B = obj.B;
  B.alliance = (await ok(admin.post('/api/v1/alliances', {
    name: '容雷党建联建', counties: ['450921', '440882'], description: '另一个联建',
  }))).id;
  B.unit = (await ok(admin.post('/api/v1/units', {
    alliance_id: B.alliance, tier: 'county', name: '容雷联建工作专班', divisions: ['450921', '440882'],
  }))).id;
  B.org = (await ok(admin.post('/api/v1/orgs', {
    name: '新南社区党支部', division: '450921100003', kind: 'village_branch',
  }))).id;
  B.person = (await ok(admin.post('/api/v1/people', {
    name: '容乙', org_id: B.org, position: '书记', phone: '13800000000',
  }))).id;
  await ok(admin.post(`/api/v1/units/${B.unit}/members`, { org_id: B.org }));
  B.toOrg = (await ok(admin.post('/api/v1/orgs', {
    name: '雷州隔离测试党支部', division: '440882001001', kind: 'village_branch',
  }))).id;
  B.site = (await ok(admin.post('/api/v1/sites', {
    alliance_id: B.alliance, kind: 'red_site', name: '隔离测试阵地（乙）', division: '450921100003',
  }))).id;
  B.matter = (await ok(admin.post('/api/v1/matters', {
    unit_id: B.unit, title: '隔离测试事项（乙）', description: '乙联建内部事项说明',
    category: 'revival', type: 'water', divisions: ['450921100003', '440882001001'],
    priority: 'normal', raised_by_org_id: B.org,
  }))).id;
  B.meeting = (await ok(admin.post('/api/v1/meetings', {
    unit_id: B.unit, title: '隔离测试会议（乙）', held_on: todaySh(), place_division: '450921100003',
    agenda: [B.matter], invited_org_ids: [], override_reason: '隔离测试',
  }))).id;

  // The five lines' records of each alliance: a route, an activity, a
  // secondment and a talent.
  for (const [o, division, county, from] of [[A, '440982117213', '440982', '440881'], [B, '440882001001', '440882', '450921']]) {
    const second = (await ok(admin.post('/api/v1/sites', {
      alliance_id: o.alliance, kind: 'education_base', name: '隔离测试基地', division,
    }))).id;
    o.route = (await ok(admin.post('/api/v1/routes', {
      alliance_id: o.alliance, kind: 'red_education', name: '隔离测试线路', stops: [o.site, second],
    }))).id;
    o.activity = (await ok(admin.post('/api/v1/activities', {
      alliance_id: o.alliance, kind: 'party_lesson', title: '隔离测试活动', starts_on: todaySh(),
      place_division: division, host_org_id: o.org,
    }))).id;
    o.secondment = (await ok(admin.post('/api/v1/secondments', {
      alliance_id: o.alliance, person_id: o.person, kind: 'xiagua', from_org_id: o.org,
      to_org_id: o.toOrg, starts_on: todaySh(),
    }))).id;
    o.talent = (await ok(admin.post('/api/v1/talents', {
      name: '隔离测试人才', kind: 'expert', from_county: from, division,
    }))).id;
    assert.equal((await admin.get(`/api/v1/talents/${o.talent}`)).json.alliance_id, o.alliance, county);
  }

  const grant = (role, scope_type, scope_id) => ({ role, scope_type, scope_id });
  const accounts = {
    auditor: grant('viewer', 'deployment', null),
    rx_admin: grant('county_admin', 'county', '450921'),
    b_admin: grant('alliance_admin', 'alliance', B.alliance),
    b_unit_viewer: grant('viewer', 'unit', B.unit),
  };
  for (const [username, g] of Object.entries(accounts)) {
    await ok(admin.post('/api/v1/users', {
      username, password: 'isolation-2026', display_name: username, grants: [g],
    }));
    who[username] = await loggedIn(srv, username, 'isolation-2026');
  }
});
after(async () => { assert.equal((await srv.stop()).code, 0); });

// Reads of one object by id: [path, the same kind of path with a missing id].
const GETS = (o) => [
  [`/api/v1/alliances/${o.alliance}`, '/api/v1/alliances/999999'],
  [`/api/v1/units/${o.unit}`, '/api/v1/units/999999'],
  [`/api/v1/units/${o.unit}/rotation`, '/api/v1/units/999999/rotation'],
  [`/api/v1/units/${o.unit}/duty`, '/api/v1/units/999999/duty'],
  [`/api/v1/units/${o.unit}/handovers`, '/api/v1/units/999999/handovers'],
  [`/api/v1/orgs/${o.org}`, '/api/v1/orgs/999999'],
  [`/api/v1/people/${o.person}`, '/api/v1/people/999999'],
  [`/api/v1/matters/${o.matter}`, '/api/v1/matters/999999'],
  [`/api/v1/meetings/${o.meeting}`, '/api/v1/meetings/999999'],
  [`/api/v1/stats?alliance_id=${o.alliance}`, '/api/v1/stats?alliance_id=999999'],
  [`/api/v1/sites/${o.site}`, '/api/v1/sites/999999'],
  [`/api/v1/routes/${o.route}`, '/api/v1/routes/999999'],
  [`/api/v1/activities/${o.activity}`, '/api/v1/activities/999999'],
  [`/api/v1/secondments/${o.secondment}`, '/api/v1/secondments/999999'],
  [`/api/v1/talents/${o.talent}`, '/api/v1/talents/999999'],
];
// Lists: [path, the id that should (or should not) be an item].
const LISTS = (o) => [
  ['/api/v1/alliances?limit=500', o.alliance],
  ['/api/v1/units?limit=500', o.unit],
  [`/api/v1/units?alliance_id=${o.alliance}&limit=500`, o.unit],
  ['/api/v1/orgs?limit=500', o.org],
  [`/api/v1/orgs?unit_id=${o.unit}&limit=500`, o.org],
  ['/api/v1/people?limit=500', o.person],
  [`/api/v1/people?org_id=${o.org}&limit=500`, o.person],
  ['/api/v1/matters?limit=500', o.matter],
  [`/api/v1/matters?unit_id=${o.unit}&limit=500`, o.matter],
  [`/api/v1/matters?alliance_id=${o.alliance}&limit=500`, o.matter],
  ['/api/v1/meetings?limit=500', o.meeting],
  [`/api/v1/meetings?unit_id=${o.unit}&limit=500`, o.meeting],
  [`/api/v1/sites?alliance_id=${o.alliance}&limit=500`, o.site],
  ['/api/v1/sites?limit=500', o.site],
  [`/api/v1/routes?alliance_id=${o.alliance}&limit=500`, o.route],
  ['/api/v1/routes?limit=500', o.route],
  [`/api/v1/activities?alliance_id=${o.alliance}&limit=500`, o.activity],
  ['/api/v1/activities?limit=500', o.activity],
  [`/api/v1/secondments?alliance_id=${o.alliance}&limit=500`, o.secondment],
  ['/api/v1/secondments?limit=500', o.secondment],
  [`/api/v1/talents?alliance_id=${o.alliance}&limit=500`, o.talent],
  ['/api/v1/talents?limit=500', o.talent],
];
// Filtered lists that must be empty, not only lack the object, when hidden.
const FILTERED = /[?&](alliance_id|unit_id|org_id)=/;

for (const [account, reads] of Object.entries(READS)) {
  for (const side of ['A', 'B']) {
    const visible = reads.includes(side);
    test(`${account} ${visible ? 'reads' : 'does not see'} alliance ${side}`, async () => {
      const c = who[account];
      const o = obj[side];
      for (const [path, missing] of GETS(o)) {
        const r = await c.get(path);
        if (visible) {
          const base = await who.admin.get(path);
          assert.equal(r.status, base.status, `${account} ${path}: ${r.text}`);
          if (!path.endsWith('/duty')) assert.equal(r.status, 200, `${account} ${path}: ${r.text}`);
        } else {
          const m = await c.get(missing);
          assert.equal(r.status, 404, `${account} ${path}: ${r.text}`);
          assert.deepEqual(r.json, m.json, `${account} ${path} answers as a missing id`);
        }
      }
      for (const [path, id] of LISTS(o)) {
        const r = await c.get(path);
        assert.equal(r.status, 200, `${account} ${path}: ${r.text}`);
        const ids = r.json.items.map((x) => x.id);
        assert.equal(ids.includes(id), visible, `${account} ${path} lists ${id}: ${visible}`);
        if (!visible && FILTERED.test(path)) assert.deepEqual(ids, [], `${account} ${path} is empty`);
      }
    });
  }
}

test('the activities summary counts only the alliances an account reads', async () => {
  for (const [account, reads] of Object.entries(READS)) {
    for (const side of ['A', 'B']) {
      const r = await who[account].get(`/api/v1/activities/summary?alliance_id=${obj[side].alliance}`);
      assert.equal(r.status, 200, `${account} ${side}: ${r.text}`);
      assert.equal(r.json.activities > 0, reads.includes(side), `${account} ${side}: ${r.text}`);
    }
  }
});

test('no answer reveals the other alliance\'s matter text', async () => {
  for (const path of ['/api/v1/matters?limit=500', `/api/v1/matters/${obj.B.matter}`,
    `/api/v1/meetings/${obj.B.meeting}`, '/api/v1/meetings?limit=500']) {
    const r = await who.viewer.get(path);
    assert.ok(!r.text.includes('乙联建内部事项说明') && !r.text.includes('隔离测试事项（乙）'), path);
  }
});

test('the answer cache does not hand one account\'s list to another', async () => {
  // /matters and /stats are cached: read as B first, then as A, then B again.
  const path = '/api/v1/matters?limit=500';
  for (let i = 0; i < 2; i++) {
    const b = (await who.rx_admin.get(path)).json.items.map((x) => x.id);
    const a = (await who.viewer.get(path)).json.items.map((x) => x.id);
    assert.ok(b.includes(obj.B.matter) && !b.includes(obj.A.matter));
    assert.ok(a.includes(obj.A.matter) && !a.includes(obj.B.matter));
  }
  const s = `/api/v1/stats?alliance_id=${obj.B.alliance}`;
  assert.equal((await who.rx_admin.get(s)).status, 200);
  assert.equal((await who.viewer.get(s)).status, 404);
});

test('division data stays readable by every signed-in account', async () => {
  for (const account of Object.keys(READS)) {
    const r = await who[account].get('/api/v1/divisions/450921');
    assert.equal(r.status, 200, account);
  }
});
