// GET /api/v1/dictionaries: the closed vocabularies, defined once in the
// server (domain/vocab.c, auth/perm.c), served with their Chinese labels to
// anyone, and the same words the schemas accept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const keys = (list) => list.map((t) => t.key);

test('dictionaries are public and list every vocabulary with labels', async () => {
  const r = await fetch(srv.url + '/api/v1/dictionaries');
  assert.equal(r.status, 200);
  const d = await r.json();
  for (const name of ['statuses', 'categories', 'priorities', 'tiers', 'org_kinds', 'terms',
    'decision_actions', 'roles', 'scope_types', 'activity_kinds', 'site_kinds']) {
    assert.ok(Array.isArray(d[name]) && d[name].length >= 3, name);
    for (const t of d[name]) {
      assert.match(t.key, /^[a-z_]+$/, `${name}: ${JSON.stringify(t)}`);
      assert.ok(typeof t.label === 'string' && /[\u4e00-\u9fff]/.test(t.label), `${name}.${t.key}: Chinese label`);
    }
    assert.equal(new Set(keys(d[name])).size, d[name].length, `${name}: unique keys`);
  }
  assert.deepEqual(keys(d.categories), ['org', 'revival', 'talent', 'education', 'economy']);
  assert.equal(d.categories[0].label, '共建红色组织');
  assert.deepEqual(keys(d.statuses), ['proposed', 'studying', 'in_progress', 'resolved', 'escalated', 'closed']);
  assert.deepEqual(keys(d.priorities), ['low', 'normal', 'high']);
  assert.deepEqual(keys(d.tiers), ['county', 'town', 'village']);
  assert.deepEqual(keys(d.terms), ['week', 'month', 'quarter']);
  assert.deepEqual(keys(d.decision_actions), ['assign', 'set_due', 'resolve', 'escalate', 'close']);
  assert.deepEqual(keys(d.scope_types), ['deployment', 'alliance', 'county', 'unit', 'org']);
  assert.deepEqual(keys(d.site_kinds), ['education_base', 'demo_village', 'red_site', 'scenic', 'other']);
  assert.deepEqual(keys(d.route_kinds), ['red_education', 'tourism']);
  assert.deepEqual(keys(d.secondment_kinds), ['xiagua', 'dundian']);
  assert.deepEqual(keys(d.talent_kinds), ['entrepreneur', 'technician', 'returnee', 'expert', 'other']);
  assert.deepEqual(keys(d.activity_kinds), ['party_lesson', 'training_class', 'study_tour', 'border_classroom', 'fair', 'other']);
});

test('statuses carry the lifecycle: open flag and allowed next statuses', async () => {
  const d = await (await fetch(srv.url + '/api/v1/dictionaries')).json();
  const by = Object.fromEntries(d.statuses.map((t) => [t.key, t]));
  assert.equal(by.proposed.label, '提出');
  assert.equal(by.proposed.open, true);
  assert.equal(by.resolved.open, false);
  assert.equal(by.closed.open, false);
  assert.deepEqual(by.resolved.next, []);
  assert.deepEqual(by.proposed.next, ['studying', 'escalated', 'closed']);
  for (const t of d.statuses) for (const n of t.next) assert.ok(by[n], `${t.key} → ${n} is a status`);
  // only statuses have a lifecycle
  assert.equal(d.categories[0].next, undefined);
});

test('roles list the scope types they may be granted on', async () => {
  const d = await (await fetch(srv.url + '/api/v1/dictionaries')).json();
  const scopes = new Set(keys(d.scope_types));
  const by = Object.fromEntries(d.roles.map((t) => [t.key, t]));
  assert.deepEqual(by.admin.scopes, ['deployment']);
  assert.deepEqual(by.alliance_admin.scopes, ['alliance']);
  assert.deepEqual([...by.viewer.scopes].sort(), [...scopes].sort());
  for (const t of d.roles) for (const s of t.scopes) assert.ok(scopes.has(s), `${t.key}: ${s}`);
});

test('the dictionaries answer is stable and read-only (GET and HEAD)', async () => {
  const a = await (await fetch(srv.url + '/api/v1/dictionaries')).text();
  const b = await (await fetch(srv.url + '/api/v1/dictionaries')).text();
  assert.equal(a, b);
  const h = await fetch(srv.url + '/api/v1/dictionaries', { method: 'HEAD' });
  assert.equal(h.status, 200);
  const p = await fetch(srv.url + '/api/v1/dictionaries', { method: 'POST' });
  assert.equal(p.status, 405);
});
