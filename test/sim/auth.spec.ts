// SYNO.API.Auth login/logout (§2): GET and POST, merged params, format, SynoToken, response fields per
// version, account states, 2FA with TOTP and device tokens, and the auto-block after failed logins.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateTotp, newTotpSecret, startSimulator, type Simulator } from '../../lib/sim';
import { call, jsonCall, request } from './sim-http';

const secret = newTotpSecret();
const users = [
  { name: 'admin', password: 'synology', uid: 1024 },
  { name: 'viewer', password: 'pw-viewer', admin: false },
  { name: 'gone', password: 'pw-gone', disabled: true },
  { name: 'otp', password: 'pw-otp', otpSecret: secret },
  { name: 'enforced', password: 'pw-enforced', otpEnforced: true },
];

describe('SYNO.API.Auth', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator({ users, autoBlockAttempts: 0 }); });
  after(() => sim.close());

  test('GET login v7 with format=sid: sid, synotoken, device_id "", account, is_portal_port, ik_message, no cookie', async () => {
    const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology', format: 'sid', enable_syno_token: 'yes' });
    assert.equal(reply.json.success, true);
    const data = reply.json.data;
    assert.equal(typeof data.sid, 'string');
    assert.ok(data.sid.length > 20);
    assert.notEqual(data.synotoken, '--------');
    assert.equal(data.device_id, '');
    assert.equal(data.account, 'admin');
    assert.equal(data.is_portal_port, false);
    assert.equal(data.ik_message, '');
    assert.equal(reply.headers['set-cookie'], undefined);
  });

  test('POST form login with format=cookie sets the id cookie; no enable_syno_token gives the placeholder', async () => {
    const reply = await call(sim, 'SYNO.API.Auth', 'login', 6, { account: 'admin', passwd: 'synology', session: 'webui' }, { httpMethod: 'POST', path: '/webapi/auth.cgi' });
    assert.equal(reply.json.success, true);
    assert.equal(reply.json.data.synotoken, '--------');
    assert.equal(reply.json.data.account, undefined);
    assert.equal(reply.json.data.did, undefined);
    const cookie = (reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('id='));
    assert.ok(cookie);
    assert.equal(cookie, `id=${reply.json.data.sid}; max-age=604800; path=/; HttpOnly`);
    const viaCookie = await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, {}, { headers: { Cookie: `other=1; id=${reply.json.data.sid}` } });
    assert.equal(viaCookie.json.success, true);
  });

  test('parameters split between query string and body are merged', async () => {
    const reply = await request(sim.url, {
      httpMethod: 'POST',
      query: { api: 'SYNO.API.Auth', version: 3, method: 'login' },
      params: { account: 'admin', passwd: 'synology', format: 'sid' },
    });
    assert.equal(reply.json.success, true);
    assert.equal(reply.json.data.device_id, undefined);
  });

  test('logout removes the session; logout without a sid still succeeds', async () => {
    const login = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology', format: 'sid' });
    const sid: string = login.json.data.sid;
    assert.ok(sim.state.sessions.has(sid));
    const out = await call(sim, 'SYNO.API.Auth', 'logout', 7, { _sid: sid });
    assert.deepEqual(out.json, { success: true });
    assert.equal(sim.state.sessions.has(sid), false);
    const after = await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: sid });
    assert.equal(after.json.error.code, 119);
    assert.deepEqual((await call(sim, 'SYNO.API.Auth', 'logout', 1)).json, { success: true });
  });

  test('wrong password 400, unknown account 400, disabled 401, enforced 2FA 406', async () => {
    const code = async (account: string, passwd: string): Promise<number> =>
      (await call(sim, 'SYNO.API.Auth', 'login', 7, { account, passwd })).json.error.code;
    assert.equal(await code('admin', 'wrong'), 400);
    assert.equal(await code('nobody', 'x'), 400);
    assert.equal(await code('gone', 'pw-gone'), 401);
    assert.equal(await code('enforced', 'pw-enforced'), 406);
  });

  test('a non-admin logs in but gets 105 on Core APIs', async () => {
    const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'viewer', passwd: 'pw-viewer', format: 'sid' });
    assert.equal(reply.json.success, true);
    const session = { sid: reply.json.data.sid, synotoken: '' };
    assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.error.code, 105);
    assert.equal((await jsonCall(sim, session, 'SYNO.Core.TaskScheduler', 'list')).json.error.code, 105);
    assert.equal((await jsonCall(sim, session, 'SYNO.Core.User', 'get', { name: 'admin' })).json.error.code, 105);
  });

  test('2FA: 403 with errors.token/types without a code, 404 for a wrong code, success with the TOTP, 404 when reused', async () => {
    const first = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'pw-otp' });
    assert.equal(first.json.success, false);
    assert.equal(first.json.error.code, 403);
    assert.equal(typeof first.json.error.errors.token, 'string');
    assert.ok(Array.isArray(first.json.error.errors.types));
    assert.ok(first.json.error.errors.types.some((t: { type: string }) => t.type === 'otp'));
    const good = generateTotp(secret);
    const wrong = good === '000000' ? '111111' : '000000';
    assert.equal((await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'pw-otp', otp_code: wrong })).json.error.code, 404);
    const ok = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'pw-otp', otp_code: good, format: 'sid' });
    assert.equal(ok.json.success, true, ok.text);
    assert.equal(ok.json.data.device_id, '');
    const reused = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'pw-otp', otp_code: good });
    assert.equal(reused.json.error.code, 404);
  });

  test('device tokens skip the OTP with the same device_name only (device_id on v7, did below)', async () => {
    const secretB = newTotpSecret();
    const local = await startSimulator({ users: [{ name: 'otp', password: 'p', otpSecret: secretB }] });
    try {
      const v7 = await call(local, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'p', otp_code: generateTotp(secretB), enable_device_token: 'yes', device_name: 'node-red' });
      const token: string = v7.json.data.device_id;
      assert.ok(token.length > 10);
      assert.ok((v7.headers['set-cookie'] ?? []).some((c) => c.startsWith('did=')));
      const again = await call(local, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'p', device_id: token, device_name: 'node-red' });
      assert.equal(again.json.success, true);
      const otherName = await call(local, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'p', device_id: token, device_name: 'laptop' });
      assert.equal(otherName.json.error.code, 403);
      const v6 = await call(local, 'SYNO.API.Auth', 'login', 6, { account: 'otp', passwd: 'p', otp_code: generateTotp(secretB, Date.now() + 30_000), enable_device_token: 'yes', device_name: 'x' });
      assert.equal(v6.json.success, true, v6.text);
      assert.equal(typeof v6.json.data.did, 'string');
      assert.equal(v6.json.data.device_id, undefined);
    } finally {
      await local.close();
    }
  });

  test('badDeviceToken knob: an unknown device token answers 404', async () => {
    const local = await startSimulator({ users: [{ name: 'otp', password: 'p', otpSecret: newTotpSecret() }], badDeviceToken: 'otp-rejected' });
    try {
      const reply = await call(local, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'p', device_id: 'stale', device_name: 'node-red' });
      assert.equal(reply.json.error.code, 404);
    } finally {
      await local.close();
    }
  });

  test('emptyDeviceIdWithFormatSid knob reproduces the DSM 7.0.1 quirk', async () => {
    const secretC = newTotpSecret();
    const local = await startSimulator({ users: [{ name: 'otp', password: 'p', otpSecret: secretC }], emptyDeviceIdWithFormatSid: true });
    try {
      const reply = await call(local, 'SYNO.API.Auth', 'login', 7, { account: 'otp', passwd: 'p', otp_code: generateTotp(secretC), enable_device_token: 'yes', device_name: 'n', format: 'sid' });
      assert.equal(reply.json.success, true);
      assert.equal(reply.json.data.device_id, '');
    } finally {
      await local.close();
    }
  });
});

describe('auto-block', () => {
  test('after N failed logins from one IP within the window: 407 even with the right password; counts in state', async () => {
    const sim = await startSimulator({ autoBlockAttempts: 3, autoBlockWindowMs: 60_000, autoBlockMs: 400 });
    try {
      for (let i = 0; i < 3; i++) {
        const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: `wrong${i}` });
        assert.equal(reply.json.error.code, 400);
      }
      const blocked = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' });
      assert.equal(blocked.json.error.code, 407);
      const logins = sim.state.logins;
      assert.equal(logins.failed, 4);
      assert.equal(logins.succeeded, 0);
      assert.deepEqual(logins.attempts.map((a) => a.code), [400, 400, 400, 407]);
      assert.equal(logins.blockedIps.length, 1);
      // The block lifts after autoBlockMs.
      const deadline = Date.now() + 5000;
      let code = 407;
      while (code === 407 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' });
        code = reply.json.success ? 0 : reply.json.error.code;
      }
      assert.equal(code, 0);
      assert.equal(sim.state.logins.succeeded, 1);
    } finally {
      await sim.close();
    }
  });

  test('default threshold is 5 failed logins', async () => {
    const sim = await startSimulator();
    try {
      for (let i = 0; i < 5; i++) await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'bad' });
      assert.equal((await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' })).json.error.code, 407);
    } finally {
      await sim.close();
    }
  });
});
