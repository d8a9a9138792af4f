// The request log: what each entry holds, secrets masked (also inside a compound), filter, clear, bound.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateTotp, newTotpSecret, startSimulator } from '../../lib/sim';
import { call, login } from './sim-http';

describe('request log', () => {
  test('entries hold time, httpMethod, path, api, method, version, masked params, header names, remote address, answer', async () => {
    const secret = newTotpSecret();
    const sim = await startSimulator({ users: [{ name: 'admin', password: 'synology', uid: 1024 }, { name: 'o', password: 'op', otpSecret: secret }] });
    try {
      const s = await login(sim);
      await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'o', passwd: 'op', otp_code: generateTotp(secret), device_id: 'dev-token', device_name: 'n' }, { httpMethod: 'POST' });
      await call(sim, 'SYNO.Core.User.PasswordConfirm', 'auth', 2, { password: '"synology"', _sid: s.sid, SynoToken: s.synotoken }, { headers: { Cookie: `id=${s.sid}`, 'X-SYNO-TOKEN': s.synotoken } });
      await call(sim, 'SYNO.Entry.Request', 'request', 1, {
        _sid: s.sid,
        compound: JSON.stringify([{ api: 'SYNO.Core.EventScheduler.Root', method: 'create', version: 1, SynoConfirmPWToken: 'tok-123', password: 'synology' }]),
      });
      const entries = sim.log.entries();
      assert.equal(entries.length, 4);
      const first = entries[0];
      assert.match(first.time, /^\d{4}-\d{2}-\d{2}T/);
      assert.equal(first.httpMethod, 'GET');
      assert.equal(first.path, '/webapi/entry.cgi');
      assert.equal(first.api, 'SYNO.API.Auth');
      assert.equal(first.method, 'login');
      assert.equal(first.version, '7');
      assert.equal(first.params.account, 'admin');
      assert.equal(first.params.passwd, '***');
      assert.equal(first.remoteAddress.endsWith('127.0.0.1'), true);
      assert.ok(first.headers.includes('host'));
      assert.deepEqual(first.response, { success: true });
      assert.equal(entries[1].httpMethod, 'POST');
      assert.equal(entries[1].params.otp_code, '***');
      assert.equal(entries[1].params.device_id, '***');
      assert.equal(entries[2].params.password, '***');
      assert.equal(entries[2].params._sid, '***');
      assert.equal(entries[2].params.SynoToken, '***');
      assert.ok(entries[2].headers.includes('x-syno-token'));
      const everything = JSON.stringify(entries);
      for (const secretText of ['synology', 'op', generateTotp(secret), 'dev-token', s.sid, s.synotoken, 'tok-123']) {
        assert.equal(everything.includes(`"${secretText}"`) || everything.includes(secretText + '\\"'), false, `leaked ${secretText.length}-char secret`);
      }
      assert.equal(sim.log.filter({ api: 'SYNO.API.Auth' }).length, 2);
      assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'logout' }).length, 0);
      assert.equal(sim.log.last()?.api, 'SYNO.Entry.Request');
      sim.log.clear();
      assert.deepEqual(sim.log.entries(), []);
    } finally {
      await sim.close();
    }
  });

  test('bounded by logSize: the oldest entries go first', async () => {
    const sim = await startSimulator({ logSize: 3 });
    try {
      for (let i = 0; i < 5; i++) await call(sim, 'SYNO.API.Info', 'query', 1, { query: `q${i}` });
      assert.deepEqual(sim.log.entries().map((e) => e.params.query), ['q2', 'q3', 'q4']);
    } finally {
      await sim.close();
    }
  });
});
