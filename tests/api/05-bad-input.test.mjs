// Every kind of bad input gets the right 4xx and the error JSON, and writes
// nothing: each case reads the users list and the audit log back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv);
});
after(async () => { await srv?.stop(); });

async function snapshot() {
  const users = await admin.get('/api/v1/users?limit=500');
  const audit = await admin.get('/api/v1/audit?limit=500');
  return JSON.stringify([users.json.items, audit.json.items.length]);
}

const good = {
  username: 'valid_user', password: 'abcdefgh12', display_name: '有效', grants: [],
};

function expectError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.ok(r.json && r.json.error, 'error JSON: ' + r.text);
  assert.ok(typeof r.json.error.message === 'string' && r.json.error.message.length > 0);
  if (code) assert.equal(r.json.error.code, code);
}

const cases = [
  ['malformed JSON', { rawBody: '{"username": "x",', headers: { 'Content-Type': 'application/json' } }, 400, 'malformed_json'],
  ['not an object', { rawBody: '[1,2,3]', headers: { 'Content-Type': 'application/json' } }, 400, 'malformed_json'],
  ['empty body', { rawBody: '', headers: { 'Content-Type': 'application/json' } }, 400, 'malformed_json'],
  ['invalid UTF-8', { rawBody: Buffer.from([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_utf8'],
  ['duplicate keys', { rawBody: '{"username":"a","username":"b"}', headers: { 'Content-Type': 'application/json' } }, 400, 'malformed_json'],
  ['unknown field', { body: { ...good, is_root: true } }, 422, 'unknown_field'],
  ['a long Chinese unknown field name', { body: { ...good, ['a' + '坡'.repeat(30)]: 1 } }, 422, 'unknown_field'],
  ['required field null', { body: { ...good, display_name: null } }, 422, 'missing_field'],
  ['missing field', { body: { username: 'x1234', password: 'abcdefgh12', grants: [] } }, 422, 'missing_field'],
  ['wrong type', { body: { ...good, display_name: 42 } }, 422, 'wrong_type'],
  ['wrong nested type', { body: { ...good, grants: [{ role: 1, scope_type: 'county', scope_id: '440982' }] } }, 422, 'wrong_type'],
  ['unknown nested field', { body: { ...good, grants: [{ role: 'viewer', scope_type: 'deployment', scope_id: null, x: 1 }] } }, 422, 'unknown_field'],
  ['over-long string', { body: { ...good, display_name: '长'.repeat(65) } }, 422, 'invalid'],
  ['NUL in a string', { rawBody: '{"username":"ab\\u0000cd","password":"abcdefgh12","display_name":"x","grants":[]}', headers: { 'Content-Type': 'application/json' } }, 400, 'malformed_json'],
  ['wrong content type', { rawBody: 'username=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
  ['too short password', { body: { ...good, password: 'short' } }, 422, 'invalid'],
  ['bad username chars', { body: { ...good, username: '管理员' } }, 422, 'invalid'],
];

for (const [name, opts, status, code] of cases) {
  test(`POST /users with ${name}: ${status}, nothing written`, async () => {
    const before = await snapshot();
    const r = await admin.raw('POST', '/api/v1/users', opts);
    expectError(r, status, code);
    assert.equal(await snapshot(), before);
  });
}

test('body over 1 MiB: 413, nothing written', async () => {
  const before = await snapshot();
  const big = JSON.stringify({ ...good, display_name: 'x'.repeat(1100 * 1024) });
  const r = await admin.raw('POST', '/api/v1/users', { rawBody: big, headers: { 'Content-Type': 'application/json' } });
  expectError(r, 413, 'too_large');
  assert.equal(await snapshot(), before);
});

test('a huge declared Content-Length is refused at once', async () => {
  const resp = await new Promise((resolve, reject) => {
    const s = net.connect(srv.port, '127.0.0.1', () => {
      s.write('POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{');
    });
    let d = '';
    s.on('data', (x) => { d += x; });
    s.on('close', () => resolve(d));
    s.on('error', reject);
  });
  assert.match(resp, /^HTTP\/1\.1 413/);
});

test('PATCH with bad input changes nothing', async () => {
  const me = await admin.get('/api/v1/me');
  const before = await snapshot();
  for (const body of [{ disabled: 'yes' }, { disabled: null }, { display_name: '' }, { display_name: null }, { grants: 'admin' }, { nope: 1 }]) {
    const r = await admin.patch(`/api/v1/users/${me.json.id}`, body);
    assert.equal(r.status, 422, JSON.stringify(body));
  }
  const r404 = await admin.patch('/api/v1/users/999999', { display_name: 'x' });
  expectError(r404, 404, 'not_found');
  const rbad = await admin.patch('/api/v1/users/abc', { display_name: 'x' });
  expectError(rbad, 404);
  assert.equal(await snapshot(), before);
});

test('a GET with a body is refused', async () => {
  const r = await admin.raw('DELETE', '/api/v1/session', { rawBody: '{"x":1}', headers: { 'Content-Type': 'application/json' } });
  expectError(r, 400, 'bad_request');
  assert.equal((await admin.get('/api/v1/me')).status, 200, 'the session still lives');
});

test('login with bad bodies: 4xx, no session, no audit entry', async () => {
  const before = await snapshot();
  const c = new (await import('../lib/client.mjs')).Client(srv.url);
  for (const [body, status] of [[{ username: 'admin' }, 422], [{ username: 'admin', password: 1 }, 422],
    [{ username: 'admin', password: 'x', remember: true }, 422]]) {
    const r = await c.post('/api/v1/session', body);
    assert.equal(r.status, status);
    assert.equal(r.headers.get('set-cookie'), null);
  }
  assert.equal(await snapshot(), before);
});
