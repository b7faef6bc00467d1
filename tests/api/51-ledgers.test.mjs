// Ledgers (台账) out and in. Exports are opened with openpyxl (Debian
// python3-openpyxl, a writer and reader that is not ours) and checked cell by
// cell: title row, Chinese headers, dates that are dates, money that is a
// number with two decimals, a frozen header and an autofilter. Imports are
// fed GB18030 and UTF-8-BOM CSVs and .xlsx files written by openpyxl (shared
// and inline strings, numbers); bad rows are listed by row and column and
// nothing is written (proved by re-reading); hostile files are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

const PY = '/usr/bin/python3';
const TOOL = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'xlsx_tool.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// GB 32100 / GB 11714 check characters, to build valid credit codes (as in
// 41-economy.test.mjs).
const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const OW = [3, 7, 9, 10, 5, 8, 4, 2];
const ov = (c) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
function uscc(prefix16) {
  const oc = 11 - ([...prefix16.slice(8, 16)].reduce((t, ch, i) => t + ov(ch) * OW[i], 0) % 11);
  const s17 = prefix16 + (oc === 10 ? 'X' : oc === 11 ? '0' : String(oc));
  return s17 + ALPHA[(31 - ([...s17].reduce((t, ch, i) => t + ALPHA.indexOf(ch) * W[i], 0) % 31)) % 31];
}

let srv, admin, viewer, lc, hz, alliance, poziOrg, outsider;
const tmp = mkdtempSync(join(tmpdir(), 'lj-ledgers-'));
// The hostile files are made before the server starts: making the bomb
// takes a while, and a keep-alive connection left idle meanwhile may be
// closed by the server under the client.
const hostile = {
  bomb: tool('bomb'),
  entities: tool('entities'),
  formula: xlsx([['姓名', '党组织', '职务'], ['公式', '坡子村党支部', { formula: '=1+1' }]]),
};
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  lc = await loggedIn(srv, 'lc_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  alliance = (await admin.get('/api/v1/alliances')).json.items[0];
  poziOrg = (await admin.get('/api/v1/orgs?division=450922108216')).json.items[0];
  // An alliance admin of a second alliance reads nothing of the demo's.
  const b = await admin.post('/api/v1/alliances', { name: '容雷党建联建', counties: ['450921', '440882'] });
  assert.equal(b.status, 201, b.text);
  const u = await admin.post('/api/v1/users', {
    username: 'b_admin', password: 'ledgers-2026', display_name: 'B',
    grants: [{ role: 'alliance_admin', scope_type: 'alliance', scope_id: b.json.id }],
  });
  assert.equal(u.status, 201, u.text);
  outsider = await loggedIn(srv, 'b_admin', 'ledgers-2026');
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await srv?.stop();
});

// GET a binary answer with c's session.
async function download(c, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: c.cookie } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), buf, text: buf.toString() };
}
// POST a file as the raw body.
async function upload(c, path, bytes) {
  return c.raw('POST', path, { rawBody: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
}
function dump(buf) {
  const f = join(tmp, `dump-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(f, buf);
  return JSON.parse(execFileSync(PY, [TOOL, 'dump', f], { encoding: 'utf8' }));
}
function tool(...args) {
  const f = join(tmp, `f-${Math.random().toString(36).slice(2)}`);
  execFileSync(PY, [TOOL, args[0], f, ...args.slice(1)], { maxBuffer: 1 << 20 });
  return readFileSync(f);
}
function xlsx(rows, inline = false) {
  const spec = join(tmp, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(spec, JSON.stringify({ rows, inline }));
  return tool('write', spec);
}
const csv = (encoding, text) => tool('csv', encoding, text);

async function peopleOf(orgId) {
  const r = await admin.get(`/api/v1/people?org_id=${orgId}&limit=500`);
  return r.json.items.map((p) => `${p.name}/${p.position}/${p.phone ?? ''}`).sort();
}
async function auditLen() {
  return (await admin.get('/api/v1/audit?limit=500')).json.items.length;
}
const headers = (d) => d.rows[1].map((c) => c.v);
const col = (d, title) => headers(d).indexOf(title);

test('matters export: title, Chinese headers, dates, money, frozen header, autofilter', async () => {
  const r = await download(admin, `/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.type, XLSX);
  const d = dump(r.buf);
  assert.equal(d.freeze, 'A3');
  const title = d.rows[0][0].v;
  assert.match(title, new RegExp(alliance.name));
  assert.match(title, /重大事项台账/);
  assert.match(title, /期间：全部/);
  assert.match(title, /导出时间：\d{4}-\d\d-\d\d \d\d:\d\d/);
  for (const h of ['编号', '事项名称', '类别', '状态', '提出日期', '解决日期', '资金（元）']) {
    assert.ok(headers(d).includes(h), h);
  }
  const data = d.rows.slice(2);
  assert.ok(data.length >= 8, `demo matters: ${data.length}`);
  assert.match(d.autofilter, new RegExp(`^A2:[A-Z]+${data.length + 2}$`));
  const raised = col(d, '提出日期');
  for (const row of data) {
    assert.equal(row[raised].t, 'date', JSON.stringify(row[raised]));
    assert.equal(row[raised].fmt, 'yyyy-mm-dd');
  }
  const resolved = data.filter((row) => row[col(d, '状态')].v === '已解决');
  assert.ok(resolved.length >= 1);
  for (const row of resolved) assert.equal(row[col(d, '解决日期')].t, 'date');
  // The demo's 500万元 raised: a number of yuan with two decimals, exact.
  const money = data.map((row) => row[col(d, '资金（元）')]).filter((c) => c.t !== 'none');
  assert.ok(money.length >= 1);
  for (const c of money) {
    assert.equal(c.t, 'number');
    assert.equal(c.fmt, '0.00');
  }
  assert.ok(money.some((c) => c.v === 5000000), JSON.stringify(money));
  // Ids match the API's list
  const api = (await admin.get(`/api/v1/matters?limit=500`)).json.items.map((m) => m.id).sort((a, b) => a - b);
  assert.deepEqual(data.map((row) => row[0].v), api);
});

test('exports of each ledger open; a period narrows them', async () => {
  for (const l of ['matters', 'meetings', 'activities', 'projects', 'financing', 'people']) {
    const r = await download(admin, `/api/v1/exports/${l}.xlsx?alliance_id=${alliance.id}&from=2000-01-01&to=2099-12-31`);
    assert.equal(r.status, 200, `${l}: ${r.text}`);
    const d = dump(r.buf);
    assert.equal(d.freeze, 'A3', l);
    assert.match(d.rows[0][0].v, /期间：2000-01-01 至 2099-12-31/);
    assert.equal(d.rows[1][0].v, '编号', l);
  }
  const none = dump((await download(admin, `/api/v1/exports/meetings.xlsx?alliance_id=${alliance.id}&from=2001-01-01&to=2001-12-31`)).buf);
  assert.equal(none.rows.length, 2, 'no meeting in 2001: title and header only');
  const all = dump((await download(admin, `/api/v1/exports/meetings.xlsx?alliance_id=${alliance.id}`)).buf);
  assert.ok(all.rows.length > 2);
  const held = col(all, '召开日期');
  for (const row of all.rows.slice(2)) assert.equal(row[held].t, 'date');
});

test('exports: bad requests and read isolation answer as missing', async () => {
  const cases = [
    [admin, `/api/v1/exports/secrets.xlsx?alliance_id=${alliance.id}`, 404],
    [admin, `/api/v1/exports/matters.csv?alliance_id=${alliance.id}`, 404],
    [admin, `/api/v1/exports/matters.xlsx?alliance_id=999999`, 404],
    [admin, '/api/v1/exports/matters.xlsx', 422],            // reads every alliance: name one
    [outsider, `/api/v1/exports/people.xlsx?alliance_id=${alliance.id}`, 404],
    [outsider, `/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}`, 404],
    [admin, `/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}&from=2026-13-01`, 422],
    [admin, `/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}&from=2026-02-01&to=2026-01-01`, 422],
    [admin, `/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}&colour=red`, 400],
  ];
  for (const [c, path, status] of cases) {
    const r = await download(c, path);
    assert.equal(r.status, status, `${path}: ${r.text}`);
  }
  const missing = await download(admin, '/api/v1/exports/matters.xlsx?alliance_id=999999');
  const hidden = await download(outsider, `/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}`);
  assert.equal(hidden.text, missing.text, 'outside the reach reads exactly as missing');
  const anon = await fetch(`${srv.url}/api/v1/exports/matters.xlsx?alliance_id=${alliance.id}`);
  assert.equal(anon.status, 401);
});

test('people export: phones masked unless the account may see them; the export is audited', async () => {
  const created = await admin.post('/api/v1/people', { name: '导出测试', org_id: poziOrg.id, position: '委员', phone: '13912345678' });
  assert.equal(created.status, 201, created.text);
  const find = (d) => d.rows.slice(2).find((row) => row[col(d, '姓名')].v === '导出测试');
  const full = dump((await download(admin, `/api/v1/exports/people.xlsx?alliance_id=${alliance.id}`)).buf);
  assert.equal(find(full)[col(full, '手机')].v, '13912345678');
  assert.equal(find(full)[col(full, '党组织')].v, poziOrg.name);
  const masked = dump((await download(viewer, `/api/v1/exports/people.xlsx?alliance_id=${alliance.id}`)).buf);
  assert.equal(find(masked)[col(masked, '手机')].v, '139****5678');
  assert.equal(masked.rows.length, full.rows.length);
  const audit = (await admin.get('/api/v1/audit?limit=50')).json.items;
  const entry = audit.find((a) => a.action === 'ledger.export');
  assert.ok(entry, JSON.stringify(audit.slice(0, 3)));
  const after = typeof entry.after === 'string' ? JSON.parse(entry.after) : entry.after;
  assert.equal(after.ledger, 'people');
  assert.equal(after.rows, masked.rows.length - 2);
});

test('templates: one per import, with the titles of the layout', async () => {
  const expect = { people: ['姓名', '党组织', '职务', '手机'], orgs: ['名称', '区划代码', '类型'], participants: ['姓名', '党组织', '县（市）代码', '人数'] };
  for (const [k, titles] of Object.entries(expect)) {
    const r = await download(admin, `/api/v1/imports/${k}/template.xlsx`);
    assert.equal(r.status, 200, r.text);
    const d = dump(r.buf);
    assert.deepEqual(d.rows[0].map((c) => c.v).slice(0, titles.length), titles);
  }
  assert.equal((await download(admin, '/api/v1/imports/secrets/template.xlsx')).status, 404);
});

test('people import from a GB18030 CSV: dry run, then real, audited', async () => {
  const text = `姓名,党组织,职务,手机\r\n李国强,${poziOrg.name},党员,13800001111\r\n王秀英,${poziOrg.id},妇女主任,\r\n`;
  const body = csv('gb18030', text);
  assert.ok(!body.equals(Buffer.from(text)), 'really GB18030 bytes');
  const before = await peopleOf(poziOrg.id);
  const a0 = await auditLen();
  const dry = await upload(admin, '/api/v1/imports/people?dry_run=true', body);
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.json.errors, []);
  assert.equal(dry.json.created, 2);
  assert.equal(dry.json.committed, false);
  assert.deepEqual(await peopleOf(poziOrg.id), before, 'a dry run writes nothing');
  assert.equal(await auditLen(), a0);
  const real = await upload(admin, '/api/v1/imports/people?dry_run=false', body);
  assert.equal(real.status, 200, real.text);
  assert.equal(real.json.created, 2);
  assert.equal(real.json.committed, true);
  const now = await peopleOf(poziOrg.id);
  assert.ok(now.includes('李国强/党员/13800001111'), now.join());
  assert.ok(now.includes('王秀英/妇女主任/'), now.join());
  const audit = (await admin.get('/api/v1/audit?limit=10')).json.items;
  assert.ok(audit.some((x) => x.action === 'ledger.import'));
});

test('people import: bad rows are listed by row and column; nothing is written', async () => {
  const text = '\uFEFF姓名,党组织,职务,手机\n' +
    `赵一,${poziOrg.name},党员,13800002222\n` +   // good
    `,${poziOrg.name},党员,\n` +                   // row 3: no name
    `钱二,不存在的党组织,党员,\n` +                  // row 4: unknown org
    `孙三,${poziOrg.name},党员,12345\n` +          // row 5: bad phone
    `${'长'.repeat(40)},${poziOrg.name},党员,\n`;   // row 6: name too long
  const body = csv('utf-8', text);
  const before = await peopleOf(poziOrg.id);
  const a0 = await auditLen();
  for (const dryRun of [true, false]) {
    const r = await upload(admin, `/api/v1/imports/people?dry_run=${dryRun}`, body);
    assert.equal(r.status, dryRun ? 200 : 422, r.text);
    assert.equal(r.json.created, 0);
    const errs = r.json.errors.map((x) => [x.row, x.column]);
    assert.deepEqual(errs, [[3, '姓名'], [4, '党组织'], [5, '手机'], [6, '姓名']], r.text);
    for (const x of r.json.errors) assert.match(x.message, /[\u4e00-\u9fff]/);
  }
  assert.deepEqual(await peopleOf(poziOrg.id), before, 'the good row was not written either');
  assert.equal(await auditLen(), a0);
  // a county admin of 化州 may not add people of 陆川's organisations
  const hzr = await upload(hz, '/api/v1/imports/people?dry_run=false', csv('utf-8', `姓名,党组织,职务\n周四,${poziOrg.id},党员\n`));
  assert.equal(hzr.status, 422, hzr.text);
  assert.deepEqual(hzr.json.errors.map((x) => x.row), [2]);
  assert.deepEqual(await peopleOf(poziOrg.id), before);
  // header problems: an unknown column and a missing one
  const h = await upload(admin, '/api/v1/imports/people', csv('utf-8', '姓名,部门\n吴五,x\n'));
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.errors.map((x) => [x.row, x.column]).sort(), [[1, '党组织'], [1, '职务'], [1, '部门']]);
});

test('people import from .xlsx written by openpyxl: shared strings, inline strings, numbers', async () => {
  for (const inline of [false, true]) {
    const tag = inline ? '内联' : '共享';
    const body = xlsx([
      ['姓名', '党组织', '职务', '手机'],
      [`${tag}甲`, poziOrg.name, '党员', 13800003333],       // phone as a number
      [`${tag}乙`, poziOrg.id, '组织委员', null],             // org by id, a number
    ], inline);
    assert.equal(body.toString('latin1').includes('xl/sharedStrings.xml'), !inline);
    const dry = await upload(lc, '/api/v1/imports/people?dry_run=true', body);
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual(dry.json.errors, []);
    assert.equal(dry.json.created, 2);
    const real = await upload(lc, '/api/v1/imports/people?dry_run=false', body);
    assert.equal(real.status, 200, real.text);
    const now = await peopleOf(poziOrg.id);
    assert.ok(now.includes(`${tag}甲/党员/13800003333`), now.join());
    assert.ok(now.includes(`${tag}乙/组织委员/`), now.join());
  }
  // a bad row in an .xlsx
  const before = await peopleOf(poziOrg.id);
  const bad = xlsx([['姓名', '党组织', '职务', '手机'], ['好人', poziOrg.name, '党员', null], ['坏人', poziOrg.name, '党员', 'abc']]);
  const r = await upload(lc, '/api/v1/imports/people?dry_run=false', bad);
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((x) => [x.row, x.column]), [[3, '手机']]);
  assert.deepEqual(await peopleOf(poziOrg.id), before);
});

test('orgs import creates organisations through the same rules', async () => {
  const body = csv('gb18030', '名称,区划代码,类型\r\n坡子村第二党支部,450922108216,村党组织\r\n乌石镇党委（导入）,450922108,镇党委\r\n');
  const r = await upload(lc, '/api/v1/imports/orgs?dry_run=false', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 2);
  const orgs = (await admin.get('/api/v1/orgs?division=450922108216&limit=500')).json.items.map((o) => o.name);
  assert.ok(orgs.includes('坡子村第二党支部'));
  const bad = await upload(lc, '/api/v1/imports/orgs?dry_run=false', csv('utf-8', '名称,区划代码,类型\n某支部,440982117213,村党组织\n某某,450922108216,合作社\n'));
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.json.errors.map((x) => [x.row, x.column]), [[2, ''], [3, '类型']]);
});

test('participants import: named people and headcount by county', async () => {
  const act = await admin.post('/api/v1/activities', {
    alliance_id: alliance.id, kind: 'training_class', title: '导入测试培训班', starts_on: '2026-03-01',
    place_division: '450922108216', host_org_id: poziOrg.id,
  });
  assert.equal(act.status, 201, act.text);
  const person = (await admin.get(`/api/v1/people?org_id=${poziOrg.id}`)).json.items[0];
  const body = xlsx([['姓名', '党组织', '县（市）代码', '人数'], [person.name, poziOrg.name, null, null], [null, null, '440881', 25]]);
  const r = await upload(admin, `/api/v1/imports/activities/${act.json.id}/participants?dry_run=false`, body);
  assert.equal(r.status, 200, r.text);
  const a = (await admin.get(`/api/v1/activities/${act.json.id}`)).json;
  assert.equal(a.persons, 26, JSON.stringify(a));
  const bad = await upload(admin, `/api/v1/imports/activities/${act.json.id}/participants?dry_run=false`,
    csv('utf-8', '姓名,党组织,县（市）代码,人数\n查无此人,' + poziOrg.name + ',,\n,,440881,-3\n'));
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.json.errors.map((x) => [x.row, x.column]), [[2, '姓名'], [3, '人数']]);
  assert.equal((await admin.get(`/api/v1/activities/${act.json.id}`)).json.persons, 26);
  assert.equal((await upload(outsider, `/api/v1/imports/activities/${act.json.id}/participants`, body)).status, 404);
});

test('hostile and malformed files are refused cleanly and write nothing', async () => {
  const cases = [
    ['zip bomb', hostile.bomb, 413, /压缩/],
    ['entity expansion', hostile.entities, 422, /DOCTYPE|实体/],
    ['formula', hostile.formula, 422, /公式/],
    ['not a zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]), 422, /Excel/],
    ['UTF-16', Buffer.from('\uFEFF姓名', 'utf16le'), 422, /UTF-16/],
    ['binary', Buffer.from([0xff, 0x00, 0xfe, 0x01]), 422, /空字符|编码/],
    ['unbalanced quote', Buffer.from('姓名,党组织,职务\n"abc,d,e\n'), 422, /格式错误/],
    ['too many rows', Buffer.from('姓名,党组织,职务\n' + 'a,b,c\n'.repeat(20001)), 413, /行数/],
    ['too many columns', Buffer.from('x,'.repeat(70) + 'x\n'), 413, /列/],
    ['empty', Buffer.alloc(0), 422, /上传/],
    ['oversized', Buffer.alloc(9 << 20, 0x41), 413, /过大/],
  ];
  const before = await peopleOf(poziOrg.id);
  const a0 = await auditLen();
  for (const [name, body, status, msg] of cases) {
    let r;
    try {
      r = await upload(admin, '/api/v1/imports/people?dry_run=false', body);
    } catch (e) {
      assert.fail(`${name}: ${e.cause ?? e}`);
    }
    assert.equal(r.status, status, `${name}: ${r.text.slice(0, 300)}`);
    assert.match(r.json.error.message, msg, name);
  }
  assert.deepEqual(await peopleOf(poziOrg.id), before);
  assert.equal(await auditLen(), a0);
  // the server is still fine
  assert.equal((await admin.get('/healthz')).status, 200);
});

test('imports: unknown kinds, parameters, anonymous and CSRF', async () => {
  const body = csv('utf-8', '姓名,党组织,职务\n张,1,党员\n');
  assert.equal((await upload(admin, '/api/v1/imports/matters', body)).status, 404);
  assert.equal((await upload(admin, '/api/v1/imports/people?dry_run=maybe', body)).status, 422);
  assert.equal((await upload(admin, '/api/v1/imports/people?colour=red', body)).status, 400);
  const anon = await fetch(`${srv.url}/api/v1/imports/people`, { method: 'POST', body });
  assert.equal(anon.status, 401);
  const noCsrf = await admin.raw('POST', '/api/v1/imports/people', { rawBody: body, headers: { 'X-CSRF-Token': 'x' } });
  assert.equal(noCsrf.status, 403);
});

test('enterprises and financing import (economy rules), then the financing ledger shows them', async () => {
  const c1 = uscc('92450922' + '81000001'), c2 = uscc('92450922' + '81000002');
  const ents = xlsx([
    ['企业名称', '统一社会信用代码', '区划代码', '行业'],
    ['导入测试合作社甲', c1, '450922108216', '种养殖业'],
    ['导入测试合作社乙', c2, '450922108216', 'processing'],
  ]);
  assert.equal((await upload(admin, '/api/v1/imports/enterprises?dry_run=false', ents)).status, 422, 'alliance_id required');
  assert.equal((await upload(outsider, `/api/v1/imports/enterprises?alliance_id=${alliance.id}`, ents)).status, 404);
  const r = await upload(admin, `/api/v1/imports/enterprises?alliance_id=${alliance.id}&dry_run=false`, ents);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 2);
  // bad rows: a wrong check character, an unknown enterprise, money with three decimals, a bad date, a bad status
  const fin = csv('gb18030', '统一社会信用代码,金融机构,金额（元）,日期,状态\r\n' +
    `${c1},陆川农商行,1234.56,2026-03-01,已获批\r\n` +
    `${c2},陆川农商行,0.5,2026-03-02,已申请\r\n` +
    `${uscc('92450922' + '81000099')},某银行,1,2026-03-01,已获批\r\n` +
    `${c1},某银行,1.005,2026-03-01,已获批\r\n` +
    `${c1},某银行,1,2026-13-01,已获批\r\n` +
    `${c1},某银行,1,2026-03-01,批了\r\n`);
  const finBefore = dump((await download(admin, `/api/v1/exports/financing.xlsx?alliance_id=${alliance.id}`)).buf).rows.length;
  const bad = await upload(admin, `/api/v1/imports/financing?alliance_id=${alliance.id}&dry_run=false`, fin);
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.json.errors.map((x) => [x.row, x.column]),
    [[4, '统一社会信用代码'], [5, '金额（元）'], [6, '日期'], [7, '状态']]);
  assert.equal(dump((await download(admin, `/api/v1/exports/financing.xlsx?alliance_id=${alliance.id}`)).buf).rows.length, finBefore);
  // the two good rows, with the date as an Excel date and the amount as a number
  const good = xlsx([
    ['统一社会信用代码', '金融机构', '金额（元）', '日期', '状态'],
    [c1, '陆川农商行', 1234.56, { date: '2026-03-01' }, '已获批'],
    [c2, '陆川农商行', '0.5', '2026-03-02', 'applied'],
  ]);
  const ok = await upload(admin, `/api/v1/imports/financing?alliance_id=${alliance.id}&dry_run=false`, good);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.created, 2);
  const d = dump((await download(admin, `/api/v1/exports/financing.xlsx?alliance_id=${alliance.id}&from=2026-03-01&to=2026-03-02`)).buf);
  const rows = d.rows.slice(2).filter((row) => row[col(d, '统一社会信用代码')].v === c1 || row[col(d, '统一社会信用代码')].v === c2);
  assert.equal(rows.length, 2);
  const amount = rows.map((row) => row[col(d, '金额（元）')]);
  assert.deepEqual(amount.map((c) => [c.t, c.fmt, c.v]), [['number', '0.00', 1234.56], ['number', '0.00', 0.5]]);
  assert.deepEqual(rows.map((row) => [row[col(d, '日期')].t, row[col(d, '日期')].v]), [['date', '2026-03-01'], ['date', '2026-03-02']]);
  assert.deepEqual(rows.map((row) => row[col(d, '状态')].v), ['已获批', '已申请']);
});
