// Knobs not covered elsewhere: parameter precedence, confirm-token lifetime, the auto-block window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../lib/sim';
import { call, jsonCall, login, request } from './sim-http';

test('paramPrecedence: the body wins by default, the query string with "query"', async () => {
  for (const [precedence, expected] of [['body', 'from-body'], ['query', 'from-query']] as const) {
    const sim = await startSimulator({ paramPrecedence: precedence });
    try {
      const reply = await request(sim.url, {
        httpMethod: 'POST',
        query: { api: 'SYNO.API.Info', method: 'query', version: 1, query: 'SYNO.API.Auth' },
        params: { query: 'SYNO.Entry.Request' },
      });
      const keys = Object.keys(reply.json.data);
      assert.deepEqual(keys, [expected === 'from-body' ? 'SYNO.Entry.Request' : 'SYNO.API.Auth']);
    } finally {
      await sim.close();
    }
  }
});

test('confirmTokenTtlMs: an old SynoConfirmPWToken is refused', async () => {
  const sim = await startSimulator({ confirmTokenTtlMs: 50 });
  try {
    const s = await login(sim);
    const token = (await jsonCall(sim, s, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'synology' })).json.data.SynoConfirmPWToken;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const reply = await jsonCall(sim, s, 'SYNO.Core.EventScheduler.Root', 'create', {
      task_name: 'late', owner: { '0': 'root' }, event: 'bootup', operation: 'true', notify_mail: '', SynoConfirmPWToken: token,
    });
    assert.equal(reply.json.error.code, 105);
  } finally {
    await sim.close();
  }
});

test('autoBlockWindowMs: failures older than the window do not count', async () => {
  const sim = await startSimulator({ autoBlockAttempts: 2, autoBlockWindowMs: 1000 });
  try {
    await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'bad' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'bad' });
    assert.equal((await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' })).json.success, true);
    await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'bad' });
    await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'bad' });
    assert.equal((await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' })).json.error.code, 407);
  } finally {
    await sim.close();
  }
});
