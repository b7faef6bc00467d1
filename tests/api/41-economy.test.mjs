// The 共兴实体经济 line: enterprises (统一社会信用代码 checked), projects with
// their stage timeline, funds by source and vanguard team, 政金企 financing
// and its totals, tourism referrals and a fair's sales, against a real
// server with the demo alliance (A) and a second alliance (B). After each
// refused write the data and the audit log are read back to prove nothing
// changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

// GB 32100 / GB 11714 check characters, to build valid test codes.
const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const OW = [3, 7, 9, 10, 5, 8, 4, 2];
const ov = (c) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
function orgCheck(body) {
  const c = 11 - ([...body].reduce((t, ch, i) => t + ov(ch) * OW[i], 0) % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
function finalCheck(s17) {
  return ALPHA[(31 - ([...s17].reduce((t, ch, i) => t + ALPHA.indexOf(ch) * W[i], 0) % 31)) % 31];
}
function uscc(prefix16) {
  const s17 = prefix16 + orgCheck(prefix16.slice(8, 16));
  return s17 + finalCheck(s17);
}
const other = (c) => ALPHA[(ALPHA.indexOf(c) + 1) % 31];

let srv, admin, aa, lc, lj, hz, viewer, pozi, bAdmin;
let A, B, poziOrg, poziUnit, people, bPerson, matterA, matterB;

async function ok(p, status = 201) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  aa = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  lc = await loggedIn(srv, 'lc_admin', 'demo-2026');
  lj = await loggedIn(srv, 'lj_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  A = (await admin.get('/api/v1/alliances')).json.items.find((x) => x.name === '陆廉化党建联建').id;
  poziOrg = (await admin.get('/api/v1/orgs?division=450922108216')).json.items[0];
  const units = (await admin.get(`/api/v1/units?alliance_id=${A}&limit=500`)).json.items;
  poziUnit = units.find((u) => u.name.startsWith('坡子')).id;
  people = (await admin.get(`/api/v1/people?org_id=${poziOrg.id}`)).json.items;
  matterA = (await ok(pozi.post('/api/v1/matters', {
    unit_id: poziUnit, title: '乌石—坡子道路（测试）', description: '边界道路年久失修',
    category: 'economy', type: 'traffic', divisions: ['450922108216', '440982116'],
    priority: 'normal', raised_by_org_id: poziOrg.id,
  }))).id;
  B = (await ok(admin.post('/api/v1/alliances', { name: '容雷党建联建', counties: ['450921', '440882'] }))).id;
  const bUnit = (await ok(admin.post('/api/v1/units', {
    alliance_id: B, tier: 'county', name: '容雷联建工作专班', divisions: ['450921', '440882'],
  }))).id;
  const bOrg = (await ok(admin.post('/api/v1/orgs', { name: '新南社区党支部', division: '450921100003', kind: 'village_branch' }))).id;
  bPerson = (await ok(admin.post('/api/v1/people', { name: '容乙', org_id: bOrg, position: '书记' }))).id;
  await ok(admin.post(`/api/v1/units/${bUnit}/members`, { org_id: bOrg }));
  matterB = (await ok(admin.post('/api/v1/matters', {
    unit_id: bUnit, title: '乙联建事项', description: '乙', category: 'economy', type: 'traffic',
    divisions: ['450921100003'], priority: 'normal', raised_by_org_id: bOrg,
  }))).id;
  await ok(admin.post('/api/v1/users', {
    username: 'b_admin', password: 'economy-2026', display_name: 'b_admin',
    grants: [{ role: 'alliance_admin', scope_type: 'alliance', scope_id: B }],
  }));
  bAdmin = await loggedIn(srv, 'b_admin', 'economy-2026');
});
after(async () => { assert.equal((await srv.stop()).code, 0); });

async function snapshot() {
  const parts = await Promise.all([
    admin.get(`/api/v1/enterprises?alliance_id=${A}&limit=500`),
    admin.get(`/api/v1/projects?alliance_id=${A}&limit=500`),
    admin.get(`/api/v1/financing?alliance_id=${A}&limit=500`),
    admin.get('/api/v1/audit?limit=500'),
  ]);
  return JSON.stringify([parts[0].json.items, parts[1].json.items, parts[2].json.items, parts[3].json.items.length]);
}

let serial = 0;
const code = (county = '450922') => uscc(`92${county}${String(7000000 + ++serial).padStart(8, '0')}`);
const ent = (extra = {}) => ({ alliance_id: A, name: '陆川测试企业', uscc: code(), division: '450922108216', industry: 'processing', ...extra });

// Runs first, before the tests below add records to the demo alliance.
test('the demo holds the alliance\'s economic record', async () => {
  const s = (await viewer.get(`/api/v1/financing/summary?alliance_id=${A}`)).json;
  assert.equal(s.enterprises_financed, 19);
  assert.equal(s.granted_fen, 17000000000, '1.7亿元 granted');
  assert.ok(s.applied_count > 0 && s.declined_count > 0);
  const ents = (await viewer.get(`/api/v1/enterprises?alliance_id=${A}&limit=500`)).json.items;
  assert.equal(ents.length, 19);
  assert.ok(ents.every((x) => x.name.includes('演示') && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(x.uscc)));
  const projects = (await viewer.get(`/api/v1/projects?alliance_id=${A}&limit=500`)).json.items;
  const road = projects.find((p) => p.name.includes('乌石—坡子'));
  assert.equal(road.kind, 'infrastructure');
  assert.equal(road.stage, 'completed');
  assert.equal(road.length_m, 10000);
  assert.equal(road.funds_total_fen, 500000000);
  assert.equal(road.team_members, 11);
  const detail = (await viewer.get(`/api/v1/projects/${road.id}`)).json;
  assert.equal(detail.matter.status, 'resolved');
  assert.ok(detail.funds_by_source.filter((x) => x.amount_fen > 0).length >= 3, 'several sources');
  assert.deepEqual(detail.stages.map((x) => x.to), ['planned', 'signed', 'building', 'completed']);
  const year = todaySh().slice(0, 4);
  assert.ok(detail.stages.every((x) => x.on.startsWith(year) && x.on <= todaySh()));
  const juhong = projects.find((p) => p.name.includes('陆橘红'));
  assert.equal(juhong.kind, 'industry');
  assert.ok(juhong.investment_fen >= 20000000000 && juhong.jobs >= 200 && juhong.income_per_head_fen >= 300000);
  assert.ok(juhong.divisions.some((d) => d.code === '450922109210'));
  assert.ok(projects.find((p) => p.kind === 'chain' && p.name.includes('生猪产业党建共建联合体')));
  const routes = (await viewer.get(`/api/v1/routes?alliance_id=${A}&kind=tourism&limit=500`)).json.items;
  assert.equal(routes.length, 6);
  const fairs = (await viewer.get(`/api/v1/activities?alliance_id=${A}&kind=fair&limit=500`)).json.items;
  const fair = (await viewer.get(`/api/v1/activities/${fairs.find((a) => a.title.includes('乌石—文楼')).id}`)).json;
  assert.equal(fair.sales.total_fen, 5200000);
  assert.equal(fair.sales.hours, 4);
});

test('dictionaries carry the economy vocabularies', async () => {
  const d = (await viewer.get('/api/v1/dictionaries')).json;
  assert.deepEqual(d.project_stages.map((t) => t.key), ['planned', 'signed', 'building', 'operating', 'completed']);
  assert.deepEqual(d.fund_sources.map((t) => t.key), ['government', 'social', 'enterprise', 'donation', 'bank']);
  assert.deepEqual(d.financing_statuses.map((t) => t.key), ['applied', 'granted', 'declined']);
  assert.ok(d.project_kinds.find((t) => t.key === 'chain'));
  assert.ok(d.industries.find((t) => t.key === 'processing'));
});

test('enterprises: create (code normalised), read, list by q and county', async () => {
  const c = code();
  const r = await aa.post('/api/v1/enterprises', ent({ name: '橘红深加工测试公司', uscc: ` ${c.toLowerCase()} ` }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.uscc, c);
  assert.equal(r.json.county_code, '450922');
  assert.equal(r.json.division.name, '坡子村委会');
  assert.equal(r.json.industry_label, '农产品加工');
  const r2 = await hz.post('/api/v1/enterprises', ent({ name: '化州测试合作社', uscc: code('440982'), division: '440982116', industry: 'agriculture' }));
  assert.equal(r2.status, 201, 'a county admin records an enterprise of their county: ' + r2.text);
  const one = await viewer.get(`/api/v1/enterprises/${r.json.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.name, '橘红深加工测试公司');
  assert.deepEqual(one.json.financing, { granted_fen: 0, granted_count: 0, applied_count: 0, declined_count: 0 });
  const byQ = await viewer.get(`/api/v1/enterprises?alliance_id=${A}&q=${encodeURIComponent('橘红深加工测试')}`);
  assert.deepEqual(byQ.json.items.map((x) => x.id), [r.json.id]);
  const byCode = await viewer.get(`/api/v1/enterprises?alliance_id=${A}&q=${c.slice(2, 17)}`);
  assert.deepEqual(byCode.json.items.map((x) => x.id), [r.json.id]);
  const byCounty = await viewer.get(`/api/v1/enterprises?alliance_id=${A}&county=440982&limit=500`);
  assert.ok(byCounty.json.items.some((x) => x.id === r2.json.id));
  assert.ok(byCounty.json.items.every((x) => x.county_code === '440982'));
  assert.equal((await viewer.get(`/api/v1/enterprises?alliance_id=${A}&county=4509`)).status, 422);
  assert.equal((await viewer.get(`/api/v1/enterprises?alliance_id=${A}&colour=red`)).status, 400);
});

test('enterprises: each kind of bad code, a duplicate, outsiders and bad input change nothing', async () => {
  const dup = code();
  await ok(aa.post('/api/v1/enterprises', ent({ uscc: dup })));
  const good = code();
  const badOrg = good.slice(0, 16) + other(good[16]);
  const badOrgFixed = badOrg + finalCheck(badOrg.slice(0, 17)); // final check right, org check wrong
  const before = await snapshot();
  const usccCases = [
    [good.slice(0, 17), 'uscc_length', /18位/],
    [good + '1', 'uscc_length', /18位/],
    ['I' + good.slice(1), 'uscc_char', /非法字符/],
    [good.slice(0, 17) + other(good[17]), 'uscc_check', /校验位错误/],
    [badOrgFixed, 'uscc_org_check', /组织机构代码校验位错误/],
  ];
  const messages = new Set();
  for (const [u, tag, msg] of usccCases) {
    const r = await aa.post('/api/v1/enterprises', ent({ uscc: u }));
    assert.equal(r.status, 422, `${u} (${tag}) ${r.text}`);
    assert.equal(r.json.error.field, 'uscc', u);
    assert.match(r.json.error.message, msg, u);
    messages.add(r.json.error.message);
  }
  assert.ok(messages.size >= 4, 'each kind of wrong code has its own message');
  const d = await aa.post('/api/v1/enterprises', ent({ uscc: dup.toLowerCase() }));
  assert.equal(d.status, 409, d.text);
  assert.equal(d.json.error.field, 'uscc');
  const cases = [
    [hz, ent(), 403],                                       // 化州 admin, a 陆川 enterprise
    [lj, ent(), 403],
    [viewer, ent(), 403],
    [bAdmin, ent(), 422],                                   // another alliance's: 联建不存在
    [aa, ent({ division: '450921100003' }), 422],           // outside the alliance
    [aa, ent({ division: '4509' }), 422],
    [aa, ent({ industry: 'mining' }), 422],
    [aa, ent({ colour: 'red' }), 422],                      // unknown field
    [aa, ent({ name: 5 }), 422],                            // wrong type
    [aa, ent({ name: '   ' }), 422],
    [aa, ent({ alliance_id: '1' }), 422],
  ];
  for (const [c, b, status] of cases) {
    const r = await c.post('/api/v1/enterprises', b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
  }
  assert.equal(await snapshot(), before);
});

test('enterprises: another alliance reads them as missing', async () => {
  const e = await ok(aa.post('/api/v1/enterprises', ent()));
  const hidden = await bAdmin.get(`/api/v1/enterprises/${e.id}`);
  const missing = await bAdmin.get('/api/v1/enterprises/99999999');
  assert.equal(hidden.status, 404);
  assert.deepEqual(hidden.json, missing.json);
  assert.equal((await bAdmin.get(`/api/v1/enterprises?alliance_id=${A}`)).json.items.length, 0);
  assert.equal((await bAdmin.get('/api/v1/enterprises')).json.items.length, 0);
});

const project = (extra = {}) => ({
  alliance_id: A, kind: 'infrastructure', name: '乌石—坡子道路（测试）', line: 'revival',
  divisions: ['450922108216', '440982116'], stage: 'building', stage_on: addDays(todaySh(), -60),
  length_m: 10000, matter_id: matterA, ...extra,
});

test('projects: create with links, read with everything, list with filters and pages', async () => {
  const e1 = await ok(aa.post('/api/v1/enterprises', ent({ name: '道路施工测试公司' })));
  const t1 = await ok(aa.post('/api/v1/talents', { name: '测试能人', kind: 'entrepreneur', from_county: '450922', division: '450922108216' }));
  const r = await aa.post('/api/v1/projects', project({ enterprise_ids: [e1.id], talent_ids: [t1.id], investment_fen: 500000000 }));
  assert.equal(r.status, 201, r.text);
  const p = r.json;
  assert.equal(p.kind_label, '基础设施');
  assert.equal(p.stage, 'building');
  assert.equal(p.length_m, 10000);
  assert.equal(p.jobs, null);
  assert.deepEqual(p.divisions.map((d) => d.code), ['440982116', '450922108216']);
  assert.deepEqual(p.divisions.map((d) => d.name), ['平定镇', '坡子村委会']);
  assert.deepEqual(p.matter, { id: matterA, title: '乌石—坡子道路（测试）', status: 'proposed', status_label: p.matter.status_label });
  assert.equal(p.funds_total_fen, 0);
  assert.deepEqual(p.funds_by_source.map((s) => [s.source, s.amount_fen]),
    [['government', 0], ['social', 0], ['enterprise', 0], ['donation', 0], ['bank', 0]]);
  assert.equal(p.stages.length, 1);
  assert.equal(p.stages[0].from, null);
  assert.equal(p.stages[0].to, 'building');
  assert.equal(p.stages[0].on, addDays(todaySh(), -60));
  assert.equal(p.team, null);
  assert.deepEqual(p.enterprises.map((x) => x.id), [e1.id]);
  assert.deepEqual(p.talents.map((x) => x.name), ['测试能人']);
  assert.equal(p.can_manage, true);
  const one = await viewer.get(`/api/v1/projects/${p.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.can_manage, false);
  const ind = await ok(lc.post('/api/v1/projects', {
    alliance_id: A, kind: 'industry', name: '陆橘红深加工（测试）', divisions: ['450922109210'], stage: 'operating',
    investment_fen: 20000000000, jobs: 200, income_per_head_fen: 300000,
  }));
  assert.equal(ind.line, 'economy');
  assert.equal(ind.income_per_head_fen, 300000);
  const list = await viewer.get(`/api/v1/projects?alliance_id=${A}&kind=industry&limit=500`);
  assert.ok(list.json.items.some((x) => x.id === ind.id));
  assert.ok(list.json.items.every((x) => x.kind === 'industry'));
  const byStage = await viewer.get(`/api/v1/projects?alliance_id=${A}&stage=operating&limit=500`);
  assert.ok(byStage.json.items.every((x) => x.stage === 'operating'));
  assert.ok(byStage.json.items.some((x) => x.id === ind.id));
  const page1 = await viewer.get(`/api/v1/projects?alliance_id=${A}&limit=1`);
  assert.equal(page1.json.items.length, 1);
  assert.ok(page1.json.next_cursor);
  const page2 = await viewer.get(`/api/v1/projects?alliance_id=${A}&limit=1&cursor=${page1.json.next_cursor}`);
  assert.ok(page2.json.items[0].id < page1.json.items[0].id);
  assert.equal((await viewer.get(`/api/v1/projects?alliance_id=${A}&stage=done`)).status, 422);
});

test('projects: outside the alliance, bad links and bad input are refused and write nothing', async () => {
  const eB = null;
  void eB;
  const before = await snapshot();
  const cases = [
    [aa, project({ divisions: ['450921100003'] }), 422, 'divisions'],   // another alliance's county
    [aa, project({ divisions: [] }), 422, 'divisions'],
    [aa, project({ divisions: ['450922108216', '450922108216'] }), 422, 'divisions'],
    [aa, project({ matter_id: matterB }), 422, 'matter_id'],
    [aa, project({ matter_id: 99999999 }), 422, 'matter_id'],
    [aa, project({ enterprise_ids: [99999999] }), 422, 'enterprise_ids'],
    [aa, project({ unit_id: 99999999 }), 422, 'unit_id'],
    [aa, project({ stage: 'done' }), 422, 'stage'],
    [aa, project({ stage_on: '1999-12-31' }), 422, 'stage_on'],
    [aa, project({ investment_fen: -1 }), 422, 'investment_fen'],
    [aa, project({ investment_fen: 1e15 }), 422, 'investment_fen'],
    [aa, project({ length_m: '10km' }), 422, 'length_m'],
    [aa, project({ colour: 'red' }), 422, 'colour'],
    [bAdmin, project(), 422, 'alliance_id'],
    [lj, project(), 403, undefined],                     // 廉江 admin: not a county of the project
    [viewer, project(), 403, undefined],
  ];
  for (const [c, b, status, field] of cases) {
    const r = await c.post('/api/v1/projects', b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
    if (field) assert.equal(r.json.error.field, field, r.text);
  }
  assert.equal(await snapshot(), before);
});

test('projects: stage moves forward, backwards only with a reason, never before the last change', async () => {
  const p = await ok(aa.post('/api/v1/projects', project({ name: '阶段测试项目' })));
  const d0 = addDays(todaySh(), -60);
  const fwd = await hz.post(`/api/v1/projects/${p.id}/stage`, { to: 'completed', on: addDays(d0, 30) });
  assert.equal(fwd.status, 200, 'a county admin of one of its counties moves it: ' + fwd.text);
  assert.equal(fwd.json.stage, 'completed');
  assert.equal(fwd.json.stage_on, addDays(d0, 30));
  assert.equal(fwd.json.stages.length, 2);
  assert.equal(fwd.json.stages[1].from, 'building');
  assert.equal(fwd.json.stages[1].to, 'completed');
  assert.ok(fwd.json.stages[1].user.name);

  const before = await snapshot();
  const beforeP = JSON.stringify((await admin.get(`/api/v1/projects/${p.id}`)).json);
  const cases = [
    [aa, { to: 'building', on: addDays(d0, 31) }, 422, 'note'],
    [aa, { to: 'building', on: addDays(d0, 31), note: '   ' }, 422, 'note'],
    [aa, { to: 'completed', on: addDays(d0, 31) }, 422, 'to'],
    [aa, { to: 'building', on: addDays(d0, 29), note: '返工' }, 422, 'on'],
    [aa, { to: 'building', on: addDays(todaySh(), 400), note: '返工' }, 422, 'on'],
    [aa, { to: 'started', on: addDays(d0, 31) }, 422, 'to'],
    [aa, { to: 'building', on: '2026-02-30', note: 'x' }, 422, 'on'],
    [aa, { to: 'building', on: addDays(d0, 31), note: 'x', extra: 1 }, 422, 'extra'],
    [lj, { to: 'building', on: addDays(d0, 31), note: '返工' }, 403, undefined],
    [viewer, { to: 'building', on: addDays(d0, 31), note: '返工' }, 403, undefined],
  ];
  for (const [c, b, status, field] of cases) {
    const r = await c.post(`/api/v1/projects/${p.id}/stage`, b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
    if (field) assert.equal(r.json.error.field, field, r.text);
  }
  const hidden = await bAdmin.post(`/api/v1/projects/${p.id}/stage`, { to: 'building', on: addDays(d0, 31), note: 'x' });
  assert.equal(hidden.status, 404);
  assert.equal((await aa.post('/api/v1/projects/99999999/stage', { to: 'building', on: d0, note: 'x' })).status, 404);
  assert.equal(await snapshot(), before);
  assert.equal(JSON.stringify((await admin.get(`/api/v1/projects/${p.id}`)).json), beforeP);

  const back = await aa.post(`/api/v1/projects/${p.id}/stage`, { to: 'building', on: addDays(d0, 30), note: '路面返修' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.stages[2].note, '路面返修');
  assert.equal(back.json.stage, 'building');
});

test('projects: funds by source add up, bad amounts and overflow are refused', async () => {
  const p = await ok(aa.post('/api/v1/projects', project({ name: '资金测试项目' })));
  const on = addDays(todaySh(), -10);
  let r = await aa.post(`/api/v1/projects/${p.id}/funds`, { source: 'government', county_code: '450922', amount_fen: 300000000, on, note: '财政奖补' });
  assert.equal(r.status, 201, r.text);
  r = await hz.post(`/api/v1/projects/${p.id}/funds`, { source: 'bank', county_code: '440982', amount_fen: 150000000, on });
  assert.equal(r.status, 201, r.text);
  r = await aa.post(`/api/v1/projects/${p.id}/funds`, { source: 'bank', amount_fen: 50000000, on });
  assert.equal(r.json.funds_total_fen, 500000000);
  assert.deepEqual(r.json.funds_by_source.map((s) => s.amount_fen), [300000000, 0, 0, 0, 200000000]);
  assert.equal(r.json.funds.length, 3);
  assert.equal(r.json.funds[0].county_code, '450922');
  const list = await viewer.get(`/api/v1/projects?alliance_id=${A}&limit=500`);
  assert.equal(list.json.items.find((x) => x.id === p.id).funds_total_fen, 500000000);
  const audit = (await admin.get('/api/v1/audit?limit=1')).json.items[0];
  assert.equal(audit.action, 'project.fund_add');
  assert.equal(Number(audit.object_id), p.id);
  assert.equal(audit.before.funds_total_fen, 450000000);
  assert.equal(audit.after.funds_total_fen, 500000000);

  const before = await snapshot();
  const beforeP = JSON.stringify((await admin.get(`/api/v1/projects/${p.id}`)).json);
  const cases = [
    [{ source: 'bank', amount_fen: -100, on }, 422, 'amount_fen'],
    [{ source: 'bank', amount_fen: 0, on }, 422, 'amount_fen'],
    [{ source: 'bank', amount_fen: 10000000000001, on }, 422, 'amount_fen'],
    [{ source: 'bank', amount_fen: 1e18, on }, 422, 'amount_fen'],
    [{ source: 'bank', amount_fen: 12.5, on }, 422, 'amount_fen'],
    [{ source: 'bank', amount_fen: '100', on }, 422, 'amount_fen'],
    [{ source: 'lottery', amount_fen: 100, on }, 422, 'source'],
    [{ source: 'bank', amount_fen: 100, on, county_code: '450921' }, 422, 'county_code'],
    [{ source: 'bank', amount_fen: 100, on: '1999-12-31' }, 422, 'on'],
    [{ source: 'bank', amount_fen: 100, on: addDays(todaySh(), 400) }, 422, 'on'],
    [{ source: 'bank', amount_fen: 100 }, 422, 'on'],
    [{ source: 'bank', amount_fen: 100, on, fee: 1 }, 422, 'fee'],
  ];
  for (const [b, status, field] of cases) {
    const x = await aa.post(`/api/v1/projects/${p.id}/funds`, b);
    assert.equal(x.status, status, JSON.stringify(b) + ' ' + x.text);
    assert.equal(x.json.error.field, field, x.text);
  }
  const huge = await aa.raw('POST', `/api/v1/projects/${p.id}/funds`, {
    rawBody: `{"source":"bank","amount_fen":99999999999999999999,"on":"${on}"}`, headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(huge.status, 400, 'an amount past the int64 range is not a number the server takes: ' + huge.text);
  assert.equal((await lj.post(`/api/v1/projects/${p.id}/funds`, { source: 'bank', amount_fen: 100, on })).status, 403);
  assert.equal((await bAdmin.post(`/api/v1/projects/${p.id}/funds`, { source: 'bank', amount_fen: 100, on })).status, 404);
  assert.equal(await snapshot(), before);
  assert.equal(JSON.stringify((await admin.get(`/api/v1/projects/${p.id}`)).json), beforeP);

  // The total is capped at 1万亿元 (10^14 fen): ten of the largest amounts fit
  // only up to the cap, the one that would pass it is refused.
  const big = await ok(aa.post('/api/v1/projects', project({ name: '上限测试项目' })));
  for (let i = 0; i < 10; i++) await ok(aa.post(`/api/v1/projects/${big.id}/funds`, { source: 'social', amount_fen: 1e13, on }));
  const full = JSON.stringify((await admin.get(`/api/v1/projects/${big.id}`)).json);
  const over = await aa.post(`/api/v1/projects/${big.id}/funds`, { source: 'social', amount_fen: 1, on });
  assert.equal(over.status, 422, over.text);
  assert.equal(over.json.error.field, 'amount_fen');
  assert.equal(JSON.stringify((await admin.get(`/api/v1/projects/${big.id}`)).json), full);
  assert.equal((await admin.get(`/api/v1/projects/${big.id}`)).json.funds_total_fen, 1e14);
});

test('projects: the vanguard team holds people of the alliance, phones follow the policy', async () => {
  const p = await ok(aa.post('/api/v1/projects', project({ name: '先锋队测试项目' })));
  const ids = people.slice(0, 3).map((x) => x.id);
  const r = await aa.put(`/api/v1/projects/${p.id}/team`, { name: '乌石—坡子道路党员先锋队', person_ids: ids });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.team.name, '乌石—坡子道路党员先锋队');
  assert.deepEqual(r.json.team.members.map((m) => m.id).sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  assert.ok(r.json.team.members.every((m) => m.name && m.org_name));
  assert.equal(r.json.team_members, ids.length);
  const asViewer = (await viewer.get(`/api/v1/projects/${p.id}`)).json;
  assert.ok(asViewer.team.members.every((m) => m.phone === null));
  const asLc = (await lc.get(`/api/v1/projects/${p.id}`)).json;
  const withPhone = asLc.team.members.filter((m) => m.phone);
  assert.equal(withPhone.length, asViewer.team.members.filter((m) => m.phone_hidden).length);

  const before = await snapshot();
  const beforeP = JSON.stringify((await admin.get(`/api/v1/projects/${p.id}`)).json);
  const cases = [
    [aa, { name: 'x', person_ids: [bPerson] }, 422],
    [aa, { name: 'x', person_ids: [ids[0], ids[0]] }, 422],
    [aa, { name: 'x', person_ids: [99999999] }, 422],
    [aa, { name: '', person_ids: [] }, 422],
    [aa, { name: 'x', person_ids: 'all' }, 422],
    [aa, { name: 'x' }, 422],
    [lj, { name: 'x', person_ids: [] }, 403],
    [bAdmin, { name: 'x', person_ids: [] }, 404],
  ];
  for (const [c, b, status] of cases) {
    const x = await c.put(`/api/v1/projects/${p.id}/team`, b);
    assert.equal(x.status, status, JSON.stringify(b) + ' ' + x.text);
  }
  assert.equal(await snapshot(), before);
  assert.equal(JSON.stringify((await admin.get(`/api/v1/projects/${p.id}`)).json), beforeP);
  const replaced = await ok(aa.put(`/api/v1/projects/${p.id}/team`, { name: '先锋队', person_ids: [ids[0]] }), 200);
  assert.equal(replaced.team.members.length, 1);
});

test('projects: another alliance reads them as missing; a unit leader manages the unit\'s projects', async () => {
  const p = await ok(aa.post('/api/v1/projects', project({ name: '隔离测试项目', unit_id: poziUnit })));
  const hidden = await bAdmin.get(`/api/v1/projects/${p.id}`);
  const missing = await bAdmin.get('/api/v1/projects/99999999');
  assert.equal(hidden.status, 404);
  assert.deepEqual(hidden.json, missing.json);
  assert.equal((await bAdmin.get(`/api/v1/projects?alliance_id=${A}`)).json.items.length, 0);
  assert.equal((await lj.get(`/api/v1/projects/${p.id}`)).status, 200, 'a county admin of the alliance reads');

  const leader = await loggedIn(srv, 'wushi_leader', 'demo-2026');
  const units = (await admin.get(`/api/v1/units?alliance_id=${A}&limit=500`)).json.items;
  const wushiUnit = units.find((u) => u.name.startsWith('乌石')).id;
  const own = await ok(aa.post('/api/v1/projects', project({ name: '工作站项目', unit_id: wushiUnit, divisions: ['440881104'] })));
  const notOwn = await ok(aa.post('/api/v1/projects', project({ name: '非本单位项目', divisions: ['440881104'] })));
  const move = { to: 'completed', on: todaySh() };
  const r = await leader.post(`/api/v1/projects/${own.id}/stage`, move);
  assert.equal(r.status, 200, 'the unit leader manages the unit\'s project: ' + r.text);
  assert.equal((await leader.get(`/api/v1/projects/${own.id}`)).json.can_manage, true);
  const before = await snapshot();
  assert.equal((await leader.post(`/api/v1/projects/${notOwn.id}/stage`, move)).status, 403);
  assert.equal((await pozi.post(`/api/v1/projects/${notOwn.id}/stage`, move)).status, 403);
  assert.equal(await snapshot(), before);
  const created = await leader.post('/api/v1/projects', project({ name: '站长登记的项目', unit_id: wushiUnit, divisions: ['440881104'] }));
  assert.equal(created.status, 201, created.text);
});

test('financing: records, status changes, totals count an enterprise once', async () => {
  const e1 = await ok(aa.post('/api/v1/enterprises', ent({ name: '融资测试甲' })));
  const e2 = await ok(hz.post('/api/v1/enterprises', ent({ name: '融资测试乙', uscc: code('440982'), division: '440982116' })));
  const on = addDays(todaySh(), -20);
  const f = (extra) => ({ alliance_id: A, enterprise_id: e1.id, lender: '陆川农商银行', amount_fen: 100000000, on, status: 'granted', ...extra });
  const sumBefore = (await viewer.get(`/api/v1/financing/summary?alliance_id=${A}`)).json;
  const g1 = await ok(aa.post('/api/v1/financing', f()));
  assert.equal(g1.enterprise.name, '融资测试甲');
  assert.equal(g1.status_label, '已获批');
  await ok(lc.post('/api/v1/financing', f({ amount_fen: 50000000 })));
  await ok(hz.post('/api/v1/financing', f({ enterprise_id: e2.id, lender: '化州农商银行', amount_fen: 200000000 })));
  const ap = await ok(aa.post('/api/v1/financing', f({ enterprise_id: e2.id, status: 'applied', amount_fen: 30000000 })));
  await ok(aa.post('/api/v1/financing', f({ status: 'declined', amount_fen: 70000000 })));
  const s = (await viewer.get(`/api/v1/financing/summary?alliance_id=${A}`)).json;
  assert.equal(s.enterprises_financed - sumBefore.enterprises_financed, 2);
  assert.equal(s.granted_fen - sumBefore.granted_fen, 350000000);
  assert.equal(s.granted_count - sumBefore.granted_count, 3);
  assert.equal(s.applied_count - sumBefore.applied_count, 1);
  assert.equal(s.declined_count - sumBefore.declined_count, 1);
  assert.equal(s.by_county.reduce((t, c) => t + c.granted_fen, 0), s.granted_fen);
  assert.equal(s.by_lender.reduce((t, c) => t + c.granted_fen, 0), s.granted_fen);
  const lcRow = s.by_county.find((c) => c.code === '450922');
  assert.equal(lcRow.name, '陆川县');
  const lender = s.by_lender.find((c) => c.lender === '陆川农商银行');
  const lenderBefore = sumBefore.by_lender.find((c) => c.lender === '陆川农商银行') || { granted_fen: 0, enterprises: 0 };
  assert.equal(lender.granted_fen - lenderBefore.granted_fen, 150000000);
  const period = (await viewer.get(`/api/v1/financing/summary?alliance_id=${A}&from=${addDays(on, 1)}&to=${todaySh()}`)).json;
  assert.ok(period.granted_fen <= s.granted_fen - 350000000);
  const one = (await viewer.get(`/api/v1/enterprises/${e1.id}`)).json;
  assert.deepEqual(one.financing, { granted_fen: 150000000, granted_count: 2, applied_count: 0, declined_count: 1 });
  const list = await viewer.get(`/api/v1/financing?alliance_id=${A}&enterprise_id=${e1.id}&status=granted`);
  assert.equal(list.json.items.length, 2);
  const byLender = await viewer.get(`/api/v1/financing?alliance_id=${A}&lender=${encodeURIComponent('化州农商银行')}&limit=500`);
  assert.ok(byLender.json.items.every((x) => x.lender === '化州农商银行'));

  const granted = await hz.post(`/api/v1/financing/${ap.id}/status`, { status: 'granted', on: todaySh() });
  assert.equal(granted.status, 200, granted.text);
  assert.equal(granted.json.status, 'granted');
  assert.equal(granted.json.on, todaySh());
  assert.equal((await viewer.get(`/api/v1/financing/${ap.id}`)).json.status, 'granted');

  const before = await snapshot();
  const bad = [
    [aa, f({ amount_fen: -5 }), 422],
    [aa, f({ amount_fen: 0 }), 422],
    [aa, f({ amount_fen: 1e14 }), 422],
    [aa, f({ lender: ' ' }), 422],
    [aa, f({ status: 'pending' }), 422],
    [aa, f({ on: '2000-13-01' }), 422],
    [aa, f({ enterprise_id: 99999999 }), 422],
    [aa, f({ rate: 3.5 }), 422],
    [hz, f(), 403],                              // a 陆川 enterprise
    [lj, f(), 403],
    [bAdmin, f(), 422],
  ];
  for (const [c, b, status] of bad) {
    const r = await c.post('/api/v1/financing', b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
  }
  const st = [
    [aa, g1.id, { status: 'declined' }, 422],   // granted is final
    [aa, ap.id, { status: 'applied' }, 422],
    [aa, g1.id, { status: 'maybe' }, 422],
    [hz, g1.id, { status: 'declined' }, 403],
    [bAdmin, g1.id, { status: 'declined' }, 404],
    [aa, 99999999, { status: 'granted' }, 404],
  ];
  for (const [c, id, b, status] of st) {
    const r = await c.post(`/api/v1/financing/${id}/status`, b);
    assert.equal(r.status, status, JSON.stringify(b) + ' ' + r.text);
  }
  assert.equal(await snapshot(), before);
  const hidden = await bAdmin.get(`/api/v1/financing/${g1.id}`);
  assert.equal(hidden.status, 404);
  assert.deepEqual(hidden.json, (await bAdmin.get('/api/v1/financing/99999999')).json);
  assert.equal((await bAdmin.get(`/api/v1/financing?alliance_id=${A}`)).json.items.length, 0);
  assert.equal((await bAdmin.get(`/api/v1/financing/summary?alliance_id=${A}`)).json.granted_fen, 0);
  assert.equal((await viewer.get(`/api/v1/financing/summary?alliance_id=${A}&from=2026-13-01`)).status, 422);
});

async function route(kind, name) {
  const a = await ok(aa.post('/api/v1/sites', { alliance_id: A, kind: 'scenic', name: `${name}甲`, division: '450922108216' }));
  const b = await ok(aa.post('/api/v1/sites', { alliance_id: A, kind: 'scenic', name: `${name}乙`, division: '440982116' }));
  return ok(aa.post('/api/v1/routes', { alliance_id: A, kind, name, stops: [a.id, b.id] }));
}

test('referrals: tourism routes only, per month, a repeat replaces', async () => {
  const t = await route('tourism', '边界文旅测试线');
  const red = await route('red_education', '红色研学测试线');
  let r = await lc.post(`/api/v1/routes/${t.id}/referrals`, { month: '2026-03', from_county: '450922', to_county: '440982', visitors: 1200 });
  assert.equal(r.status, 201, r.text);
  r = await hz.post(`/api/v1/routes/${t.id}/referrals`, { month: '2026-03', from_county: '440982', to_county: '450922', visitors: 800 });
  assert.equal(r.status, 201, r.text);
  r = await aa.post(`/api/v1/routes/${t.id}/referrals`, { month: '2026-04', from_county: '450922', to_county: '440881', visitors: 500 });
  assert.deepEqual(r.json.months, [{ month: '2026-03', visitors: 2000 }, { month: '2026-04', visitors: 500 }]);
  assert.equal(r.json.total_visitors, 2500);
  assert.equal(r.json.items[0].from_county.name, '化州市');
  r = await aa.post(`/api/v1/routes/${t.id}/referrals`, { month: '2026-04', from_county: '450922', to_county: '440881', visitors: 600 });
  assert.equal(r.json.total_visitors, 2600, 'a repeated month and pair replaces the number');
  const g = await viewer.get(`/api/v1/routes/${t.id}/referrals`);
  assert.deepEqual(g.json, r.json);

  const before = JSON.stringify([g.json, (await admin.get('/api/v1/audit?limit=500')).json.items.length]);
  const body = (extra) => ({ month: '2026-05', from_county: '450922', to_county: '440982', visitors: 10, ...extra });
  const cases = [
    [aa, red.id, body(), 422],
    [aa, t.id, body({ to_county: '450922' }), 422],
    [aa, t.id, body({ to_county: '450921' }), 422],
    [aa, t.id, body({ visitors: 0 }), 422],
    [aa, t.id, body({ visitors: -3 }), 422],
    [aa, t.id, body({ month: '2026-13' }), 422],
    [aa, t.id, body({ month: '1999-12' }), 422],
    [aa, t.id, body({ month: '202605' }), 422],
    [aa, t.id, body({ bus: 1 }), 422],
    [lj, t.id, body(), 403],
    [viewer, t.id, body(), 403],
    [bAdmin, t.id, body(), 404],
    [aa, 99999999, body(), 404],
  ];
  for (const [c, id, b, status] of cases) {
    const x = await c.post(`/api/v1/routes/${id}/referrals`, b);
    assert.equal(x.status, status, JSON.stringify(b) + ' ' + x.text);
  }
  const after = JSON.stringify([(await viewer.get(`/api/v1/routes/${t.id}/referrals`)).json, (await admin.get('/api/v1/audit?limit=500')).json.items.length]);
  assert.equal(after, before);
  assert.equal((await bAdmin.get(`/api/v1/routes/${t.id}/referrals`)).status, 404);
});

test('fair sales: a fair only, one seller per item, totals on the activity', async () => {
  const fair = await ok(aa.post('/api/v1/activities', {
    alliance_id: A, kind: 'fair', title: '乌石—文楼特色产品展销会（测试）', starts_on: addDays(todaySh(), -5),
    place_division: '450922108216', host_org_id: poziOrg.id,
  }));
  const lesson = await ok(aa.post('/api/v1/activities', {
    alliance_id: A, kind: 'party_lesson', title: '联党课（测试）', starts_on: addDays(todaySh(), -5),
    place_division: '450922108216', host_org_id: poziOrg.id,
  }));
  assert.equal((await viewer.get(`/api/v1/activities/${fair.id}`)).json.sales, null);
  const e1 = await ok(aa.post('/api/v1/enterprises', ent({ name: '展销测试企业' })));
  const sales = { hours: 4, items: [
    { org_id: poziOrg.id, amount_fen: 2000000 },
    { enterprise_id: e1.id, amount_fen: 2500000 },
    { label: '文楼镇农户', amount_fen: 700000 },
  ] };
  const r = await aa.put(`/api/v1/activities/${fair.id}/sales`, sales);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total_fen, 5200000);
  assert.equal(r.json.hours, 4);
  const a = (await viewer.get(`/api/v1/activities/${fair.id}`)).json;
  assert.equal(a.sales.total_fen, 5200000);
  assert.equal(a.sales.hours, 4);
  assert.equal(a.sales.items[0].org.name, poziOrg.name);
  assert.equal(a.sales.items[1].enterprise.name, '展销测试企业');
  assert.equal(a.sales.items[2].label, '文楼镇农户');
  assert.equal((await viewer.get(`/api/v1/activities/${lesson.id}`)).json.sales, undefined);

  const before = JSON.stringify([a, (await admin.get('/api/v1/audit?limit=500')).json.items.length]);
  const cases = [
    [aa, lesson.id, sales, 422],
    [aa, fair.id, { ...sales, hours: 0 }, 422],
    [aa, fair.id, { ...sales, hours: -1 }, 422],
    [aa, fair.id, { hours: 4, items: [{ org_id: poziOrg.id, label: '两者', amount_fen: 1 }] }, 422],
    [aa, fair.id, { hours: 4, items: [{ amount_fen: 1 }] }, 422],
    [aa, fair.id, { hours: 4, items: [{ label: 'x', amount_fen: -1 }] }, 422],
    [aa, fair.id, { hours: 4, items: [{ label: 'x', amount_fen: 1e14 }] }, 422],
    [aa, fair.id, { hours: 4, items: [{ enterprise_id: 99999999, amount_fen: 1 }] }, 422],
    [aa, fair.id, { hours: 4, items: [{ label: 'x', amount_fen: 1, price: 2 }] }, 422],
    [aa, fair.id, { hours: '4', items: [] }, 422],
    [lj, fair.id, sales, 403],
    [viewer, fair.id, sales, 403],
    [bAdmin, fair.id, sales, 404],
  ];
  for (const [c, id, b, status] of cases) {
    const x = await c.put(`/api/v1/activities/${id}/sales`, b);
    assert.equal(x.status, status, JSON.stringify(b) + ' ' + x.text);
  }
  const after = JSON.stringify([(await viewer.get(`/api/v1/activities/${fair.id}`)).json, (await admin.get('/api/v1/audit?limit=500')).json.items.length]);
  assert.equal(after, before);
  const replaced = await ok(aa.put(`/api/v1/activities/${fair.id}/sales`, { hours: 0.5, items: [{ label: '散户', amount_fen: 0 }] }), 200);
  assert.equal(replaced.total_fen, 0);
  assert.equal(replaced.items.length, 1);
});
