// Failed sign-ins are throttled per client address too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('30 failures from one address over many accounts: 429 for everyone from it', async () => {
  const c = new Client(srv.url);
  for (let i = 0; i < 30; i++) {
    const r = await c.post('/api/v1/session', { username: `guess${i}`, password: 'wrong-password' });
    assert.equal(r.status, 401);
  }
  const r = await c.post('/api/v1/session', { username: srv.adminUser, password: srv.adminPassword });
  assert.equal(r.status, 429);
  assert.equal(r.json.error.code, 'too_many_attempts');
});
