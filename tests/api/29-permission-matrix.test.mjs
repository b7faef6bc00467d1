// The permission matrix: who may do what to the objects of two alliances.
//
// Two alliances share a county, all built through the API below:
//   A = 陆川县 450922 + 廉江市 440881, B = 化州市 440982 + 廉江市 440881.
// Each has a town unit (A: 乌石镇 + 河唇镇, B: 笪桥镇 + 石角镇), an organisation
// in the county that is its alone (o.org: A 坡子村 in 陆川, B 柑村 in 化州) and
// one in 廉江 (o.orgS), their secretaries, a roster (A's duty secretary today
// is orgS's secretary), a matter, a meeting, sites, a route, an activity with
// a sitting, a secondment, a talent, an enterprise, a project, a financing
// record, a tourism route with a referral, a fair with sales, briefing issues
// (frozen, draft, published) and a member account.
//
// ACCOUNTS (the columns of every row, in this order):
//   ad   admin, the deployment's
//   aa   alliance_admin of A
//   cA   county_admin of 陆川县, a county of A only
//   cB   county_admin of 化州市, a county of B only
//   cAB  county_admin of 廉江市, a county of both A and B
//   ul   unit_leader of A's town unit (its person: the secretary of A's o.org)
//   mb   member of A's o.org (its person: a party member there, no post)
//   dy   duty secretary of A's town unit today (member grant on A's orgS, its secretary)
//   vw   viewer of A
//
// NOTATION. One row per operation of docs/openapi.yaml (the test fails when
// the spec lists an operation without a row, or a row names none):
//
//   row('METHOD /path/as/in/openapi', A, B, (o, c) => ({ path, body }), opts)
//
// A and B are the statuses each account gets (in the column order above) when
// the request names the objects of alliance A and of alliance B: o is that
// alliance's fixture object (o.alliance, o.unit, o.org, ...), c the call's
// context (c.n: a number unique to the call, c.who: the account's column name).
// Shorthands: RA / RB = a read of an object of A / B (whoever reads the alliance
// 200, everyone else 404 as for a missing id); ALL(s) = every account s;
// '-' for B = the operation names no alliance's object (one request, with A's o).
// opts: prep(o, c) - async, returns fields merged into o for this one call (a
// fresh object for a write that consumes one); reread(o) - the path admin reads
// before and after each refused write (status >= 400), which must be identical;
// fresh - send with a new session of the account (sign-in, sign-out).
// Every refused write must also leave the audit log as it was.
//
// What the table says, in words: a write naming an object the account cannot
// read answers exactly as a missing id (404 for the path's object, 422 for an
// id in the body); 403 only where it reads but may not write. A check-in code
// is the capability itself: any account linked to a person may use it.
// Summaries (activities, financing) filter by reach as lists do: 200 with
// nothing counted outside it. A people import checks each row as POST /people
// would and lists refusals as row errors (422, nothing written).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startServer } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

const COLS = ['ad', 'aa', 'cA', 'cB', 'cAB', 'ul', 'mb', 'dy', 'vw'];
const RA = '200 200 200 404 200 200 200 200 200';
const RB = '200 404 404 200 200 404 404 404 404';
const ALL = (s) => COLS.map(() => s).join(' ');
const today = todaySh();

const ROWS = [];
const row = (key, A, B, req, opts = {}) => ROWS.push({ key, A, B, req, opts });

// ---- service, session, public data ----
row('GET /healthz', ALL(200), '-', () => ({ path: '/healthz' }));
row('GET /metrics', ALL(200), '-', () => ({ path: '/metrics' }));
row('POST /api/v1/session', ALL(200), '-', (o, c) => ({ path: '/api/v1/session', body: { username: c.username, password: pw(c.username) } }), { fresh: true });
row('DELETE /api/v1/session', ALL(200), '-', () => ({ path: '/api/v1/session' }), { fresh: true });
row('GET /api/v1/me', ALL(200), '-', () => ({ path: '/api/v1/me' }));
row('GET /api/v1/dictionaries', ALL(200), '-', () => ({ path: '/api/v1/dictionaries' }));
row('GET /api/v1/divisions', ALL(200), '-', () => ({ path: '/api/v1/divisions?parent=450922' }));
row('GET /api/v1/divisions/{code}', ALL(200), '-', () => ({ path: '/api/v1/divisions/450922108216' }));
// ---- accounts ----
row('GET /api/v1/users', '200 200 200 200 200 403 403 403 403', '-', () => ({ path: '/api/v1/users' }));
row('POST /api/v1/users', '201 201 201 422 403 403 403 403 403', '201 422 422 201 403 403 403 403 403', (o, c) => ({ path: '/api/v1/users', body: { username: `m_${c.n}`, password: PW, display_name: `矩阵${c.n}`, grants: [{ role: 'member', scope_type: 'org', scope_id: o.org }] } }));
row('GET /api/v1/users/{id}', '200 200 200 404 404 403 403 403 403', '200 404 404 200 404 403 403 403 403', (o) => ({ path: `/api/v1/users/${o.user}` }));
row('PATCH /api/v1/users/{id}', '200 200 200 404 404 403 403 403 403', '200 404 404 200 404 403 403 403 403', (o, c) => ({ path: `/api/v1/users/${o.user}`, body: { display_name: `成员${c.n}` } }), { reread: (o) => `/api/v1/users/${o.user}` });
row('GET /api/v1/audit', '200 403 403 403 403 403 403 403 403', '-', () => ({ path: '/api/v1/audit?limit=1' }));
// ---- alliances and units ----
row('POST /api/v1/alliances', '201 403 403 403 403 403 403 403 403', '-', (o, c) => ({ path: '/api/v1/alliances', body: { name: `新联建${c.n}`, counties: ['450921', '440882'] } }), { reread: () => '/api/v1/alliances?limit=500' });
row('GET /api/v1/alliances', ALL(200), '-', () => ({ path: '/api/v1/alliances' }));
row('GET /api/v1/alliances/{id}', RA, RB, (o) => ({ path: `/api/v1/alliances/${o.alliance}` }));
row('POST /api/v1/units', '201 201 403 422 403 403 403 403 403', '201 422 422 403 403 422 422 422 422', (o, c) => ({ path: '/api/v1/units', body: { alliance_id: o.alliance, tier: 'town', name: `矩阵工作站${c.n}`, divisions: o.towns } }), { reread: (o) => `/api/v1/units?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/units', ALL(200), '-', () => ({ path: '/api/v1/units?limit=500' }));
row('GET /api/v1/units/{id}', RA, RB, (o) => ({ path: `/api/v1/units/${o.unit}` }));
row('POST /api/v1/units/{id}/members', '201 201 403 404 403 403 403 403 403', '201 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/units/${o.unit}/members`, body: { org_id: o.fresh } }), { prep: async (o, c) => ({ fresh: await mkOrg(o.village2, `新成员${c.n}`) }), reread: (o) => `/api/v1/units/${o.unit}` });
row('PUT /api/v1/units/{id}/leader', '200 200 403 404 403 403 403 403 403', '200 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/units/${o.unit}/leader`, body: { person_id: o.person } }), { reread: (o) => `/api/v1/units/${o.unit}` });
row('PUT /api/v1/units/{id}/roster', '200 200 403 404 403 403 403 403 403', '200 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/units/${o.unit}/roster`, body: o.roster }), { reread: (o) => `/api/v1/units/${o.unit}/rotation?from=${today}&to=${addDays(today, 120)}` });
row('GET /api/v1/units/{id}/rotation', RA, RB, (o) => ({ path: `/api/v1/units/${o.unit}/rotation` }));
row('GET /api/v1/units/{id}/duty', RA, RB, (o) => ({ path: `/api/v1/units/${o.unit}/duty` }));
row('POST /api/v1/units/{id}/rotation/swaps', '201 201 403 404 403 201 403 403 403', '201 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/units/${o.unit}/rotation/swaps`, body: { on: o.swapOn, person_id: o.swapTo, reason: '矩阵测试调换' } }), { prep: swapPrep, reread: (o) => `/api/v1/units/${o.unit}/rotation?from=${today}&to=${addDays(today, 400)}` });
row('GET /api/v1/units/{id}/handovers', RA, RB, (o) => ({ path: `/api/v1/units/${o.unit}/handovers` }));
// ---- organisations and people ----
row('POST /api/v1/orgs', '201 403 201 403 403 403 403 403 403', '201 403 403 201 403 403 403 403 403', (o, c) => ({ path: '/api/v1/orgs', body: { name: `矩阵支部${c.n}`, division: o.village2, kind: 'village_branch' } }), { reread: () => '/api/v1/orgs?limit=500' });
row('GET /api/v1/orgs', ALL(200), '-', () => ({ path: '/api/v1/orgs?limit=500' }));
row('GET /api/v1/orgs/{id}', RA, RB, (o) => ({ path: `/api/v1/orgs/${o.org}` }));
row('PUT /api/v1/orgs/{id}/secretary', '200 403 200 404 403 403 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/orgs/${o.org}/secretary`, body: { person_id: o.person } }), { reread: (o) => `/api/v1/orgs/${o.org}` });
row('POST /api/v1/people', '201 403 201 422 403 403 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/people', body: { name: `矩阵人${c.n}`, org_id: o.org, position: '党员' } }), { reread: (o) => `/api/v1/people?org_id=${o.org}&limit=500` });
row('GET /api/v1/people', ALL(200), '-', () => ({ path: '/api/v1/people?limit=500' }));
row('GET /api/v1/people/{id}', RA, RB, (o) => ({ path: `/api/v1/people/${o.person}` }));
// ---- matters ----
row('POST /api/v1/matters', '201 201 403 422 403 201 201 201 403', '201 422 422 403 403 422 422 422 422', (o, c) => ({ path: '/api/v1/matters', body: matterBody(o, `矩阵事项${c.n}`) }), { reread: (o) => `/api/v1/matters?unit_id=${o.unit}&limit=500` });
row('GET /api/v1/matters', ALL(200), '-', () => ({ path: '/api/v1/matters?limit=500' }));
row('GET /api/v1/matters/{id}', RA, RB, (o) => ({ path: `/api/v1/matters/${o.matter}` }));
row('PATCH /api/v1/matters/{id}', '200 200 403 404 403 200 403 200 403', '200 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/matters/${o.matter}`, body: { priority: 'high' } }), { reread: (o) => `/api/v1/matters/${o.matter}` });
row('POST /api/v1/matters/{id}/transitions', '200 200 403 404 403 200 403 200 403', '200 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/matters/${o.fresh}/transitions`, body: { to: 'studying', note: '列入研判' } }), { prep: async (o, c) => ({ fresh: await mkMatter(o, `待研判${c.n}`) }), reread: (o) => `/api/v1/matters/${o.fresh}` });
row('POST /api/v1/matters/{id}/progress', '201 201 403 404 403 201 201 201 403', '201 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/matters/${o.matter}/progress`, body: { note: `进展${c.n}` } }), { reread: (o) => `/api/v1/matters/${o.matter}` });
row('GET /api/v1/matter-types', ALL(200), '-', () => ({ path: '/api/v1/matter-types' }));
row('POST /api/v1/matter-types', '201 201 403 403 403 403 403 403 403', '-', (o, c) => ({ path: '/api/v1/matter-types', body: { key: `mx${c.n}`, label: `矩阵类型${c.n}` } }), { reread: () => '/api/v1/matter-types' });
// ---- meetings ----
row('POST /api/v1/meetings', '201 201 403 422 403 403 403 201 403', '201 422 422 403 403 422 422 422 422', (o, c) => ({ path: '/api/v1/meetings', body: { unit_id: o.unit, title: `矩阵会议${c.n}`, held_on: today, place_division: o.village, agenda: [], invited_org_ids: [], override_reason: '矩阵测试' } }), { reread: (o) => `/api/v1/meetings?unit_id=${o.unit}&limit=500` });
row('GET /api/v1/meetings', ALL(200), '-', () => ({ path: '/api/v1/meetings?limit=500' }));
row('GET /api/v1/meetings/{id}', RA, RB, (o) => ({ path: `/api/v1/meetings/${o.meeting}` }));
row('PATCH /api/v1/meetings/{id}', '200 200 403 404 403 200 403 200 403', '200 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/meetings/${o.fresh}`, body: { title: `改名会议${c.n}` } }), { prep: async (o, c) => ({ fresh: await mkMeeting(o, `待改会议${c.n}`) }), reread: (o) => `/api/v1/meetings/${o.fresh}` });
row('POST /api/v1/meetings/{id}/cancel', '200 200 403 404 403 200 403 200 403', '200 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/meetings/${o.fresh}/cancel`, body: { reason: `矩阵取消${c.n}` } }), { prep: async (o, c) => ({ fresh: await mkMeeting(o, `待取消会议${c.n}`) }), reread: (o) => `/api/v1/meetings/${o.fresh}` });
row('PUT /api/v1/meetings/{id}/attendance', '200 200 403 404 403 200 403 200 403', '200 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/meetings/${o.meeting}/attendance`, body: { person_ids: [o.person] } }), { reread: (o) => `/api/v1/meetings/${o.meeting}` });
row('PUT /api/v1/meetings/{id}/minutes', '200 200 403 404 403 200 403 200 403', '200 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/meetings/${o.meeting}/minutes`, body: { text: `纪要${c.n}` } }), { reread: (o) => `/api/v1/meetings/${o.meeting}` });
row('POST /api/v1/meetings/{id}/decisions', '201 201 403 404 403 201 403 201 403', '201 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/meetings/${o.meeting}/decisions`, body: { matter_id: o.matter, action: 'set_due', note: `调整期限${c.n}`, due_on: addDays(today, 30 + (c.n % 200)) } }), { reread: (o) => `/api/v1/meetings/${o.meeting}` });
// ---- statistics, inbox ----
row('GET /api/v1/stats', RA, RB, (o) => ({ path: `/api/v1/stats?alliance_id=${o.alliance}` }));
row('GET /api/v1/inbox', ALL(200), '-', () => ({ path: '/api/v1/inbox' }));
row('POST /api/v1/inbox/{id}/read', '404 404 404 404 404 404 404 200 404', ALL(404), (o) => ({ path: `/api/v1/inbox/${o.message}/read` }));
// ---- the five lines: sites, routes, activities, check-in ----
row('POST /api/v1/sites', '201 201 201 422 403 403 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/sites', body: { alliance_id: o.alliance, kind: 'red_site', name: `矩阵阵地${c.n}`, division: o.village } }), { reread: (o) => `/api/v1/sites?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/sites', ALL(200), ALL(200), (o) => ({ path: `/api/v1/sites?alliance_id=${o.alliance}` }));
row('GET /api/v1/sites/{id}', RA, RB, (o) => ({ path: `/api/v1/sites/${o.site}` }));
row('POST /api/v1/routes', '201 201 403 422 403 403 403 403 403', '201 422 422 403 403 422 422 422 422', (o, c) => ({ path: '/api/v1/routes', body: { alliance_id: o.alliance, kind: 'red_education', name: `矩阵线路${c.n}`, stops: [o.site, o.site2] } }), { reread: (o) => `/api/v1/routes?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/routes', ALL(200), ALL(200), (o) => ({ path: `/api/v1/routes?alliance_id=${o.alliance}` }));
row('GET /api/v1/routes/{id}', RA, RB, (o) => ({ path: `/api/v1/routes/${o.route}` }));
row('POST /api/v1/activities', '201 201 201 422 403 201 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/activities', body: activityBody(o, `矩阵活动${c.n}`) }), { reread: (o) => `/api/v1/activities?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/activities', ALL(200), ALL(200), (o) => ({ path: `/api/v1/activities?alliance_id=${o.alliance}` }));
row('GET /api/v1/activities/{id}', RA, RB, (o) => ({ path: `/api/v1/activities/${o.activity}` }));
row('PUT /api/v1/activities/{id}/participants', '200 200 200 404 403 200 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/activities/${o.activity}/participants`, body: { person_ids: [o.person], headcount: [] } }), { reread: (o) => `/api/v1/activities/${o.activity}` });
row('POST /api/v1/activities/{id}/sessions', '201 201 201 404 403 201 403 403 403', '201 404 404 201 403 404 404 404 404', (o, c) => ({ path: `/api/v1/activities/${o.activity}/sessions`, body: { on: today, title: `课次${c.n}`, hours: 2 } }), { reread: (o) => `/api/v1/activities/${o.activity}` });
row('PUT /api/v1/activities/{id}/sessions/{sid}/attendance', '200 200 200 404 403 200 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/activities/${o.activity}/sessions/${o.sitting}/attendance`, body: { person_ids: [o.person] } }), { reread: (o) => `/api/v1/activities/${o.activity}` });
row('POST /api/v1/activities/{id}/sessions/{sid}/checkin-codes', '201 201 201 404 403 201 403 403 403', '201 404 404 201 403 404 404 404 404', (o) => ({ path: `/api/v1/activities/${o.activity}/sessions/${o.sitting}/checkin-codes` }), { reread: (o) => `/api/v1/activities/${o.activity}` });
row('POST /api/v1/checkin', '403 403 403 403 403 200 200 200 403', '403 403 403 403 403 200 200 200 403', (o) => ({ path: '/api/v1/checkin', body: { token: o.token } }), { prep: async (o) => ({ token: await mkCode(o) }), reread: (o) => `/api/v1/activities/${o.activity}` });
// ---- talent ----
row('POST /api/v1/secondments', '201 201 201 422 403 403 403 403 403', '201 422 422 201 403 422 422 422 422', (o) => ({ path: '/api/v1/secondments', body: { alliance_id: o.alliance, person_id: o.person, kind: 'xiagua', from_org_id: o.orgS, to_org_id: o.org, starts_on: today } }), { reread: (o) => `/api/v1/secondments?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/secondments', ALL(200), ALL(200), (o) => ({ path: `/api/v1/secondments?alliance_id=${o.alliance}` }));
row('GET /api/v1/secondments/{id}', RA, RB, (o) => ({ path: `/api/v1/secondments/${o.secondment}` }));
row('POST /api/v1/talents', '201 201 201 422 403 403 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/talents', body: { name: `矩阵人才${c.n}`, kind: 'technician', from_county: o.county } }), { reread: (o) => `/api/v1/talents?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/talents', ALL(200), ALL(200), (o) => ({ path: `/api/v1/talents?alliance_id=${o.alliance}` }));
row('GET /api/v1/talents/{id}', RA, RB, (o) => ({ path: `/api/v1/talents/${o.talent}` }));
// ---- sign-ins and sessions ----
row('GET /api/v1/signins', '200 200 200 200 200 403 403 403 403', '-', () => ({ path: '/api/v1/signins' }));
row('GET /api/v1/sessions', '200 200 200 200 200 403 403 403 403', '-', () => ({ path: '/api/v1/sessions' }));
row('DELETE /api/v1/sessions/{id}', '200 200 200 404 404 403 403 403 403', '200 404 404 200 404 403 403 403 403', (o) => ({ path: `/api/v1/sessions/${o.session}` }), { prep: async (o) => ({ session: await mkSession(o.username) }), reread: () => '/api/v1/sessions?limit=500' });
row('GET /api/v1/me/sessions', ALL(200), '-', () => ({ path: '/api/v1/me/sessions' }));
row('DELETE /api/v1/me/sessions/{id}', ALL(200), '-', (o) => ({ path: `/api/v1/me/sessions/${o.session}` }), { prep: async (o, c) => ({ session: await mkSession(c.username) }) });

// ---- organisations: edits, deletion, dissolution ----
row('PATCH /api/v1/orgs/{id}', '200 403 200 404 403 403 403 403 403', '200 404 404 200 403 404 404 404 404', (o, c) => ({ path: `/api/v1/orgs/${o.org}`, body: { name: `本县支部${o.county}改${c.n}` } }), { reread: (o) => `/api/v1/orgs/${o.org}` });
row('DELETE /api/v1/orgs/{id}', '200 403 200 404 403 403 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/orgs/${o.fresh}` }), { prep: async (o, c) => ({ fresh: await mkOrg(o.village2, `待删支部${c.n}`) }), reread: (o) => `/api/v1/orgs?division=${o.village2}&limit=500` });
row('POST /api/v1/orgs/{id}/dissolve', '200 403 200 404 403 403 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/orgs/${o.fresh}/dissolve`, body: { on: today, reason: '矩阵测试撤销' } }), { prep: async (o, c) => ({ fresh: await mkOrg(o.village2, `待撤支部${c.n}`) }), reread: (o) => `/api/v1/orgs/${o.fresh}` });
// ---- the five lines: summaries, tourism referrals, fairs, public flags ----
row('GET /api/v1/activities/summary', ALL(200), ALL(200), (o) => ({ path: `/api/v1/activities/summary?alliance_id=${o.alliance}` }));
row('GET /api/v1/routes/{id}/referrals', RA, RB, (o) => ({ path: `/api/v1/routes/${o.tour}/referrals` }));
row('POST /api/v1/routes/{id}/referrals', '201 201 201 404 201 403 403 403 403', '201 404 404 201 201 404 404 404 404', (o, c) => ({ path: `/api/v1/routes/${o.tour}/referrals`, body: { month: o.month, from_county: o.county, to_county: '440881', visitors: 100 + c.n } }), { reread: (o) => `/api/v1/routes/${o.tour}/referrals` });
row('PUT /api/v1/activities/{id}/sales', '200 200 200 404 403 200 403 403 403', '200 404 404 200 403 404 404 404 404', (o, c) => ({ path: `/api/v1/activities/${o.fair}/sales`, body: { hours: 3, items: [{ org_id: o.org, amount_fen: 1000 + c.n }] } }), { reread: (o) => `/api/v1/activities/${o.fair}` });
row('PUT /api/v1/routes/{id}/public', '200 200 403 404 403 403 403 403 403', '200 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/routes/${o.tour}/public`, body: { public: c.n % 2 === 0 } }), { reread: (o) => `/api/v1/routes/${o.tour}` });
row('PUT /api/v1/activities/{id}/public', '200 200 403 404 403 403 403 403 403', '200 404 404 403 403 404 404 404 404', (o, c) => ({ path: `/api/v1/activities/${o.fair}/public`, body: { public: c.n % 2 === 0 } }), { reread: (o) => `/api/v1/activities/${o.fair}` });
// ---- enterprises, projects, financing ----
row('POST /api/v1/enterprises', '201 201 201 422 403 403 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/enterprises', body: entBody(o, `矩阵企业${c.n}`) }), { reread: (o) => `/api/v1/enterprises?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/enterprises', ALL(200), ALL(200), (o) => ({ path: `/api/v1/enterprises?alliance_id=${o.alliance}` }));
row('GET /api/v1/enterprises/{id}', RA, RB, (o) => ({ path: `/api/v1/enterprises/${o.enterprise}` }));
row('POST /api/v1/projects', '201 201 201 422 403 201 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/projects', body: projectBody(o, `矩阵项目${c.n}`) }), { reread: (o) => `/api/v1/projects?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/projects', ALL(200), ALL(200), (o) => ({ path: `/api/v1/projects?alliance_id=${o.alliance}` }));
row('GET /api/v1/projects/{id}', RA, RB, (o) => ({ path: `/api/v1/projects/${o.project}` }));
row('POST /api/v1/projects/{id}/stage', '200 200 200 404 403 200 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/projects/${o.fresh}/stage`, body: { to: 'signed', on: today, note: '矩阵测试签约' } }), { prep: async (o, c) => ({ fresh: await mkProject(o, `阶段项目${c.n}`) }), reread: (o) => `/api/v1/projects/${o.fresh}` });
row('POST /api/v1/projects/{id}/funds', '201 201 201 404 403 201 403 403 403', '201 404 404 201 403 404 404 404 404', (o, c) => ({ path: `/api/v1/projects/${o.project}/funds`, body: { source: 'government', county_code: o.county, amount_fen: 100 + c.n, on: today } }), { reread: (o) => `/api/v1/projects/${o.project}` });
row('PUT /api/v1/projects/{id}/team', '200 200 200 404 403 200 403 403 403', '200 404 404 200 403 404 404 404 404', (o, c) => ({ path: `/api/v1/projects/${o.project}/team`, body: { name: `先锋队${c.n}`, person_ids: [o.person, o.member] } }), { reread: (o) => `/api/v1/projects/${o.project}` });
row('POST /api/v1/financing', '201 201 201 422 403 403 403 403 403', '201 422 422 201 403 422 422 422 422', (o, c) => ({ path: '/api/v1/financing', body: financingBody(o, 1000 + c.n) }), { reread: (o) => `/api/v1/financing?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/financing', ALL(200), ALL(200), (o) => ({ path: `/api/v1/financing?alliance_id=${o.alliance}` }));
row('GET /api/v1/financing/summary', ALL(200), ALL(200), (o) => ({ path: `/api/v1/financing/summary?alliance_id=${o.alliance}` }));
row('GET /api/v1/financing/{id}', RA, RB, (o) => ({ path: `/api/v1/financing/${o.financing}` }));
row('POST /api/v1/financing/{id}/status', '200 200 200 404 403 403 403 403 403', '200 404 404 200 403 404 404 404 404', (o) => ({ path: `/api/v1/financing/${o.fresh}/status`, body: { status: 'granted', on: today } }), { prep: async (o, c) => ({ fresh: (await ok(admin.post('/api/v1/financing', financingBody(o, 5000 + c.n)))).id }), reread: (o) => `/api/v1/financing/${o.fresh}` });
// ---- briefing, ledgers ----
row('GET /api/v1/briefing', RA, RB, (o) => ({ path: `/api/v1/briefing?alliance_id=${o.alliance}&${PERIOD}` }));
row('GET /api/v1/briefing/records', RA, RB, (o) => ({ path: `/api/v1/briefing/records?key=fairs&alliance_id=${o.alliance}&${PERIOD}` }));
row('GET /api/v1/briefings', RA, RB, (o) => ({ path: `/api/v1/briefings?alliance_id=${o.alliance}` }));
row('POST /api/v1/briefings', '201 201 201 422 201 403 403 403 403', '201 422 422 201 201 422 422 422 422', (o, c) => ({ path: '/api/v1/briefings', body: briefingBody(o, `矩阵简报${c.n}`) }), { reread: (o) => `/api/v1/briefings?alliance_id=${o.alliance}&limit=500` });
row('GET /api/v1/briefings/{id}', RA, RB, (o) => ({ path: `/api/v1/briefings/${o.briefing}` }));
row('PATCH /api/v1/briefings/{id}', '200 200 200 404 200 403 403 403 403', '200 404 404 200 200 404 404 404 404', (o, c) => ({ path: `/api/v1/briefings/${o.draft}`, body: { lines: [{ line: 'org', text: `共建红色组织：矩阵测试${c.n}。` }] } }), { reread: (o) => `/api/v1/briefings/${o.draft}` });
row('GET /api/v1/briefings/{id}.docx', RA, RB, (o) => ({ path: `/api/v1/briefings/${o.briefing}.docx` }));
row('POST /api/v1/briefings/{id}/publish', '200 200 403 404 403 403 403 403 403', '200 404 404 403 403 404 404 404 404', (o) => ({ path: `/api/v1/briefings/${o.fresh}/publish`, body: {} }), { prep: async (o, c) => ({ fresh: (await ok(admin.post('/api/v1/briefings', briefingBody(o, `待发布${c.n}`)))).id }), reread: (o) => `/api/v1/briefings/${o.fresh}` });
row('GET /api/v1/exports/{ledger}', RA, RB, (o) => ({ path: `/api/v1/exports/activities.xlsx?alliance_id=${o.alliance}` }));
row('GET /api/v1/imports/{ledger}/template.xlsx', ALL(200), '-', () => ({ path: '/api/v1/imports/people/template.xlsx' }));
row('POST /api/v1/imports/{ledger}', '200 422 200 422 422 422 422 422 422', '200 422 422 200 422 422 422 422 422', (o, c) => ({ path: '/api/v1/imports/people?dry_run=false', raw: Buffer.from(`姓名,党组织,职务\n导入人${c.n},${o.org},党员\n`) }), { reread: (o) => `/api/v1/people?org_id=${o.org}&limit=500` });
row('POST /api/v1/imports/activities/{id}/participants', '200 200 200 404 403 200 403 403 403', '200 404 404 200 403 404 404 404 404', (o, c) => ({ path: `/api/v1/imports/activities/${o.activity}/participants?dry_run=false`, raw: Buffer.from(`姓名,党组织,县（市）代码,人数\n,,${o.county},${1 + (c.n % 50)}\n`) }), { reread: (o) => `/api/v1/activities/${o.activity}` });
// ---- public pages (no sign-in needed; every account sees the same) ----
row('GET /api/v1/public/briefings', ALL(200), ALL(200), (o) => ({ path: `/api/v1/public/briefings?alliance_id=${o.alliance}` }));
row('GET /api/v1/public/briefings/{id}', ALL(200), ALL(200), (o) => ({ path: `/api/v1/public/briefings/${o.published}` }));
row('GET /api/v1/public/routes', ALL(200), ALL(200), (o) => ({ path: `/api/v1/public/routes?alliance_id=${o.alliance}` }));
row('GET /api/v1/public/fairs', ALL(200), ALL(200), (o) => ({ path: `/api/v1/public/fairs?alliance_id=${o.alliance}` }));

// ---------------------------------------------------------------------------

const PW = 'matrix-pass-2026';
let srv;
let admin;
const who = {};       // column name -> signed-in Client
const names = {};     // column name -> username
const obj = { A: {}, B: {} };
let counter = 0;

async function ok(p, status = 201) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

const pw = (username) => (username === srv.adminUser ? srv.adminPassword : PW);

async function mkOrg(division, name) {
  return (await ok(admin.post('/api/v1/orgs', { name, division, kind: 'village_branch' }))).id;
}
function matterBody(o, title) {
  return { unit_id: o.unit, title, description: '矩阵测试', category: 'revival', type: o.matterType,
    divisions: [o.village, o.villageS], priority: 'normal', raised_by_org_id: o.org };
}
async function mkMatter(o, title) {
  return (await ok(admin.post('/api/v1/matters', matterBody(o, title)))).id;
}
// A planned meeting (in three days) that a row may change or cancel.
async function mkMeeting(o, title) {
  return (await ok(admin.post('/api/v1/meetings', { unit_id: o.unit, title, held_on: addDays(today, 3), place_division: o.village, agenda: [], invited_org_ids: [o.org], override_reason: '矩阵测试' }))).id;
}
function activityBody(o, title) {
  return { alliance_id: o.alliance, unit_id: o.unit, kind: 'party_lesson', title, starts_on: today,
    place_division: o.village, host_org_id: o.org };
}
async function mkCode(o) {
  return (await ok(admin.post(`/api/v1/activities/${o.activity}/sessions/${o.sitting}/checkin-codes`))).token;
}
// A new session of username; its public id, as the admin's list shows it.
async function mkSession(username) {
  const c = new Client(srv.url);
  const ua = `matrix-${++counter}`;
  const r = await c.post('/api/v1/session', { username, password: pw(username) }, { headers: { 'User-Agent': ua } });
  assert.equal(r.status, 200, r.text);
  const s = (await admin.get('/api/v1/sessions?limit=500')).json.items.find((x) => x.user_agent === ua);
  assert.ok(s, 'new session not listed');
  return s.id;
}
// A future term of the unit and the roster member not serving it.
async function swapPrep(o) {
  const on = addDays(today, 14 + 7 * (counter++ % 40));
  const duty = (await ok(admin.get(`/api/v1/units/${o.unit}/duty?on=${on}`), 200));
  const to = o.roster.person_ids.find((p) => p !== duty.person_id);
  return { swapOn: on, swapTo: to };
}

// GB 32100 check characters, to build valid 统一社会信用代码 for the fixtures.
const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const OW = [3, 7, 9, 10, 5, 8, 4, 2];
const ov = (ch) => (/[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
function uscc(county, serial) {
  const p16 = `92${county}${String(7000000 + serial).padStart(8, '0')}`;
  const k = 11 - ([...p16.slice(8, 16)].reduce((t, ch, i) => t + ov(ch) * OW[i], 0) % 11);
  const s17 = p16 + (k === 10 ? 'X' : k === 11 ? '0' : String(k));
  return s17 + ALPHA[(31 - ([...s17].reduce((t, ch, i) => t + ALPHA.indexOf(ch) * W[i], 0) % 31)) % 31];
}
const PERIOD = `from=${addDays(today, -365)}&to=${today}`;
function entBody(o, name) {
  return { alliance_id: o.alliance, name, uscc: uscc(o.county, ++counter), division: o.village, industry: 'processing' };
}
function projectBody(o, name) {
  return { alliance_id: o.alliance, unit_id: o.unit, kind: 'infrastructure', name, divisions: [o.village], stage: 'planned' };
}
async function mkProject(o, name) {
  return (await ok(admin.post('/api/v1/projects', projectBody(o, name)))).id;
}
function financingBody(o, amount) {
  return { alliance_id: o.alliance, enterprise_id: o.enterprise, lender: '农商银行', amount_fen: amount, on: today, status: 'applied' };
}
function briefingBody(o, title) {
  return { alliance_id: o.alliance, from: addDays(today, -365), to: today, title };
}

async function auditHead() {
  const r = await admin.get('/api/v1/audit?limit=1');
  return r.json.items[0]?.id ?? 0;
}

before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv);
  const A = obj.A, B = obj.B;
  A.alliance = (await ok(admin.post('/api/v1/alliances', { name: '陆廉联建（矩阵）', counties: ['450922', '440881'] }))).id;
  B.alliance = (await ok(admin.post('/api/v1/alliances', { name: '化廉联建（矩阵）', counties: ['440982', '440881'] }))).id;
  A.county = '450922'; B.county = '440982';
  A.towns = ['450922108', '440881104']; B.towns = ['440982104', '440881105'];
  A.village = '450922108216'; A.villageS = '440881104205'; A.village2 = '450922108201';
  B.village = '440982104204'; B.villageS = '440881105001'; B.village2 = '440982104201';
  const types = (await ok(admin.get('/api/v1/matter-types'), 200)).items;
  for (const X of [A, B]) {
    X.matterType = types[0].key;
    X.unit = (await ok(admin.post('/api/v1/units', { alliance_id: X.alliance, tier: 'town', name: `工作站${X.county}`, divisions: X.towns }))).id;
    X.org = await mkOrg(X.village, `本县支部${X.county}`);
    X.orgS = await mkOrg(X.villageS, `廉江支部${X.county}`);
    X.person = (await ok(admin.post('/api/v1/people', { name: `书记${X.county}`, org_id: X.org, position: '书记' }))).id;
    X.personS = (await ok(admin.post('/api/v1/people', { name: `廉江书记${X.county}`, org_id: X.orgS, position: '书记' }))).id;
    X.member = (await ok(admin.post('/api/v1/people', { name: `党员${X.county}`, org_id: X.org, position: '党员' }))).id;
    await ok(admin.put(`/api/v1/orgs/${X.org}/secretary`, { person_id: X.person }), 200);
    await ok(admin.put(`/api/v1/orgs/${X.orgS}/secretary`, { person_id: X.personS }), 200);
    await ok(admin.post(`/api/v1/units/${X.unit}/members`, { org_id: X.org }));
    await ok(admin.post(`/api/v1/units/${X.unit}/members`, { org_id: X.orgS }));
    await ok(admin.put(`/api/v1/units/${X.unit}/leader`, { person_id: X.person }), 200);
    // Weekly terms from today: orgS's secretary serves this week.
    X.roster = { person_ids: [X.personS, X.person], term: 'week', starts_on: today };
    await ok(admin.put(`/api/v1/units/${X.unit}/roster`, X.roster), 200);
    X.matter = await mkMatter(X, `矩阵基准事项${X.county}`);
    X.meeting = (await ok(admin.post('/api/v1/meetings', { unit_id: X.unit, title: `基准会议${X.county}`, held_on: today, place_division: X.village, agenda: [X.matter], invited_org_ids: [], override_reason: '矩阵测试' }))).id;
    X.site = (await ok(admin.post('/api/v1/sites', { alliance_id: X.alliance, kind: 'red_site', name: `阵地${X.county}`, division: X.village }))).id;
    X.site2 = (await ok(admin.post('/api/v1/sites', { alliance_id: X.alliance, kind: 'scenic', name: `景点${X.county}`, division: X.villageS }))).id;
    X.route = (await ok(admin.post('/api/v1/routes', { alliance_id: X.alliance, kind: 'red_education', name: `线路${X.county}`, stops: [X.site, X.site2] }))).id;
    X.activity = (await ok(admin.post('/api/v1/activities', activityBody(X, `基准活动${X.county}`)))).id;
    X.sitting = (await ok(admin.post(`/api/v1/activities/${X.activity}/sessions`, { on: today, title: '第一课', hours: 2 }))).sessions[0].id;
    X.secondment = (await ok(admin.post('/api/v1/secondments', { alliance_id: X.alliance, person_id: X.person, kind: 'xiagua', from_org_id: X.orgS, to_org_id: X.org, starts_on: today }))).id;
    X.talent = (await ok(admin.post('/api/v1/talents', { name: `人才${X.county}`, kind: 'technician', from_county: X.county }))).id;
    X.enterprise = (await ok(admin.post('/api/v1/enterprises', entBody(X, `企业${X.county}`)))).id;
    X.project = await mkProject(X, `基准项目${X.county}`);
    X.financing = (await ok(admin.post('/api/v1/financing', financingBody(X, 100000)))).id;
    X.tour = (await ok(admin.post('/api/v1/routes', { alliance_id: X.alliance, kind: 'tourism', name: `旅游线路${X.county}`, stops: [X.site2, X.site] }))).id;
    X.month = today.slice(0, 7);
    await ok(admin.post(`/api/v1/routes/${X.tour}/referrals`, { month: X.month, from_county: X.county, to_county: '440881', visitors: 50 }));
    X.fair = (await ok(admin.post('/api/v1/activities', { ...activityBody(X, `展销会${X.county}`), kind: 'fair' }))).id;
    await ok(admin.put(`/api/v1/activities/${X.fair}/sales`, { hours: 2, items: [{ org_id: X.org, amount_fen: 500 }] }), 200);
    X.briefing = (await ok(admin.post('/api/v1/briefings', briefingBody(X, `基准简报${X.county}`)))).id;
    X.draft = (await ok(admin.post('/api/v1/briefings', briefingBody(X, `草稿简报${X.county}`)))).id;
    X.published = (await ok(admin.post('/api/v1/briefings', briefingBody(X, `公开简报${X.county}`)))).id;
    await ok(admin.post(`/api/v1/briefings/${X.published}/publish`, {}), 200);
  }
  // The accounts of the columns, and one member account in each alliance (the object of /users/{id}).
  const g = (role, scope_type, scope_id) => [{ role, scope_type, scope_id }];
  const accounts = {
    aa: ['m_aa', g('alliance_admin', 'alliance', A.alliance)],
    cA: ['m_ca', g('county_admin', 'county', '450922')],
    cB: ['m_cb', g('county_admin', 'county', '440982')],
    cAB: ['m_cab', g('county_admin', 'county', '440881')],
    ul: ['m_ul', g('unit_leader', 'unit', A.unit), A.person],
    mb: ['m_mb', g('member', 'org', A.org), A.member],
    dy: ['m_dy', g('member', 'org', A.orgS), A.personS],
    vw: ['m_vw', g('viewer', 'alliance', A.alliance)],
    memberB: ['m_mbb', g('member', 'org', B.org), B.member],
    secretaryB: ['m_secb', g('member', 'org', B.orgS), B.personS],
  };
  for (const [col, [username, grants, person_id]] of Object.entries(accounts)) {
    const u = await ok(admin.post('/api/v1/users', { username, password: PW, display_name: username, grants, ...(person_id ? { person_id } : {}) }));
    names[col] = username;
    if (col === 'memberB') { B.user = u.id; B.username = username; continue; }
    if (col === 'secretaryB') {
      const c = await loggedIn(srv, username, PW);
      B.message = (await ok(c.get('/api/v1/inbox'), 200)).items[0].id;
      continue;
    }
    if (col === 'mb') { A.user = u.id; A.username = username; }
    who[col] = await loggedIn(srv, username, PW);
  }
  names.ad = srv.adminUser;
  who.ad = admin;
  // An inbox message of the duty secretary (raising a matter tells the
  // unit's member organisations' secretaries); B's (above) is of B's orgS
  // secretary, whom no column is.
  const msgs = (await ok(who.dy.get('/api/v1/inbox'), 200)).items;
  assert.ok(msgs.length > 0, 'no inbox message for the duty secretary');
  A.message = msgs[0].id;
  assert.notEqual(A.message, B.message);
  const dyDuty = await ok(admin.get(`/api/v1/units/${A.unit}/duty?on=${today}`), 200);
  assert.equal(dyDuty.person_id, A.personS, 'the duty secretary serves today');
});
after(async () => { if (srv) assert.equal((await srv.stop()).code, 0); });

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

test('every operation of docs/openapi.yaml has a row, and every row an operation', () => {
  const doc = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'));
  const ops = new Set();
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) if (item[m]) ops.add(`${m.toUpperCase()} ${p}`);
  const rows = new Set(ROWS.map((r) => r.key));
  assert.equal(rows.size, ROWS.length, 'a row is listed twice');
  const missing = [...ops].filter((k) => !rows.has(k));
  const extra = [...rows].filter((k) => !ops.has(k));
  assert.deepEqual(missing, [], `operations without a row in the permission matrix:\n  ${missing.join('\n  ')}`);
  assert.deepEqual(extra, [], `rows naming no operation of docs/openapi.yaml:\n  ${extra.join('\n  ')}`);
  for (const r of ROWS)
    for (const line of [r.A, r.B])
      if (line !== '-') assert.equal(line.split(' ').length, COLS.length, `${r.key}: one status per account`);
});

for (const r of ROWS) {
  test(r.key, async () => {
    const [method] = r.key.split(' ');
    const bad = [];
    for (const X of r.B === '-' ? ['A'] : ['A', 'B']) {
      const want = r[X].split(' ').map(Number);
      for (let i = 0; i < COLS.length; i++) {
        const col = COLS[i];
        const c = { n: ++counter, who: col, username: names[col] };
        const o = { ...obj[X], ...(r.opts.prep ? await r.opts.prep(obj[X], c) : {}) };
        const { path, body, raw } = r.req(o, c);
        let client = who[col];
        if (r.opts.fresh) {
          client = new Client(srv.url);
          if (method !== 'POST') await client.login(names[col], pw(names[col]));
        }
        const write = WRITE.has(method);
        const before = write && r.opts.reread ? (await admin.get(r.opts.reread(o))).text : null;
        const head = write ? await auditHead() : 0;
        const res = await client.raw(method, path, raw !== undefined ? { rawBody: raw, headers: { 'Content-Type': 'application/octet-stream' } } : body === undefined ? {} : { body });
        if (res.status !== want[i]) bad.push(`${X} ${col}: ${res.status} (want ${want[i]}) ${res.text.slice(0, 160)}`);
        if (write && res.status >= 400) {
          if ((await auditHead()) !== head) bad.push(`${X} ${col}: a refused write left an audit entry`);
          if (before !== null) {
            const now = (await admin.get(r.opts.reread(o))).text;
            if (now !== before) bad.push(`${X} ${col}: a refused write changed ${r.opts.reread(o)}`);
          }
        }
      }
    }
    assert.deepEqual(bad, [], `${r.key}:\n  ${bad.join('\n  ')}`);
  });
}
