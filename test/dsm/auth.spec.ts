import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateTotp, newTotpSecret, type Simulator } from '../../lib/sim';
import { DsmConnection, type ConnectionState } from '../../lib/dsm';
import { connect, rejection, startSim } from './helpers';
import { json, startFake } from './fake-server';

describe('login failures and 2FA', () => {
  let sim: Simulator;
  const secrets = { otp1: newTotpSecret(), otp2: newTotpSecret(), otp3: newTotpSecret() };
  before(async () => {
    sim = await startSim({
      autoBlockAttempts: 0,
      users: [
        { name: 'admin', password: 'right', admin: true },
        { name: 'off', password: 'pw', disabled: true },
        { name: 'otp1', password: 'pw', otpSecret: secrets.otp1 },
        { name: 'otp2', password: 'pw', otpSecret: secrets.otp2 },
        { name: 'otp3', password: 'pw', otpSecret: secrets.otp3 },
        { name: 'enrol', password: 'pw', otpEnforced: true },
      ],
    });
  });
  after(() => sim.close());

  it('stops logging in after wrong credentials: later calls fail fast with zero requests', async () => {
    const connection = connect(sim, { password: 'wrong' });
    const states: ConnectionState[] = [];
    connection.on('state', (s: ConnectionState) => states.push(s));
    const first = await rejection(connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' }));
    assert.equal(first.code, 'WRONG_CREDENTIALS');
    assert.equal(connection.state, 'login-failed');
    const count = sim.log.entries().length;
    for (let i = 0; i < 3; i++) {
      assert.equal((await rejection(connection.request('SYNO.Core.EventScheduler', 'config_get'))).code, 'WRONG_CREDENTIALS');
    }
    assert.equal(sim.log.entries().length, count, 'nothing sent');
    assert.equal(connection.stats.logins, 1);
    assert.deepEqual(states, ['logging-in', 'login-failed']);
    await connection.close();
    const fixed = connect(sim, { password: 'right' });
    await fixed.testLogin();
    assert.equal(fixed.state, 'connected');
    await fixed.close();
  });

  it('tries again after the lockout time', async () => {
    const connection = connect(sim, { password: 'wrong', backoff: { lockoutMs: 150 } });
    await rejection(connection.testLogin());
    await rejection(connection.testLogin());
    assert.equal(connection.stats.logins, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await rejection(connection.testLogin());
    assert.equal(connection.stats.logins, 2);
    await connection.close();
  });

  it('reports ACCOUNT_DISABLED and OTP_REQUIRED (406) without retrying', async () => {
    const disabled = connect(sim, { username: 'off', password: 'pw' });
    assert.equal((await rejection(disabled.testLogin())).code, 'ACCOUNT_DISABLED');
    assert.equal((await rejection(disabled.testLogin())).code, 'ACCOUNT_DISABLED');
    assert.equal(disabled.stats.logins, 1);
    await disabled.close();
    const enrol = connect(sim, { username: 'enrol', password: 'pw' });
    const err = await rejection(enrol.testLogin());
    assert.equal(err.code, 'OTP_REQUIRED');
    assert.equal(err.dsmCode, 406);
    assert.equal(enrol.state, 'otp-required');
    await enrol.close();
  });

  it('needs a 2FA code, trusts the device with loginWithOtp, and later logs in with the device token', async () => {
    const connection = connect(sim, { username: 'otp1', password: 'pw', deviceName: 'flows box' });
    const err = await rejection(connection.testLogin());
    assert.equal(err.code, 'OTP_REQUIRED');
    assert.equal(connection.state, 'otp-required');
    assert.equal((await rejection(connection.testLogin())).code, 'OTP_REQUIRED');
    assert.equal(connection.stats.logins, 1);
    sim.log.clear();
    const { deviceToken } = await connection.loginWithOtp(generateTotp(secrets.otp1));
    assert.ok(deviceToken.length > 0);
    assert.equal(connection.state, 'connected');
    const trust = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' })[0];
    assert.equal(trust.params.enable_device_token, 'yes');
    assert.equal(trust.params.device_name, 'flows box');
    assert.equal(trust.params.format, undefined, 'no format=sid when asking for a device token (§2.4)');
    await connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' });
    await connection.close();

    sim.log.clear();
    const later = connect(sim, { username: 'otp1', password: 'pw', deviceName: 'flows box', deviceToken });
    await later.testLogin();
    const login = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' })[0];
    assert.equal(login.params.device_name, 'flows box');
    assert.ok('device_id' in login.params);
    assert.equal(login.params.otp_code, undefined);
    await later.close();
  });

  it('reports OTP_REJECTED for a wrong code and rejects a malformed code before sending', async () => {
    const connection = connect(sim, { username: 'otp2', password: 'pw' });
    const before = connection.stats.httpRequests;
    assert.equal((await rejection(connection.loginWithOtp('12ab'))).code, 'INVALID_INPUT');
    assert.equal(connection.stats.httpRequests, before);
    const good = generateTotp(secrets.otp2);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    const err = await rejection(connection.loginWithOtp(wrong));
    assert.equal(err.code, 'OTP_REJECTED');
    assert.equal(connection.state, 'otp-required');
    assert.equal((await rejection(connection.request('SYNO.Core.EventScheduler', 'config_get'))).code, 'OTP_REJECTED');
    await connection.close();
  });

  it('reports IP_BLOCKED once DSM blocks the address, and stops', async () => {
    const blocking = await startSim({ autoBlockAttempts: 2 });
    try {
      for (let i = 0; i < 2; i++) {
        const c = connect(blocking, { password: 'wrong' });
        assert.equal((await rejection(c.testLogin())).code, 'WRONG_CREDENTIALS');
        await c.close();
      }
      const connection = connect(blocking);
      const err = await rejection(connection.testLogin());
      assert.equal(err.code, 'IP_BLOCKED');
      assert.equal(connection.state, 'ip-blocked');
      assert.equal((await rejection(connection.testLogin())).code, 'IP_BLOCKED');
      assert.equal(connection.stats.logins, 1);
      await connection.close();
    } finally {
      await blocking.close();
    }
  });
});

describe('device token quirks', () => {
  it('emits a warning event (not a log) when DSM issues an empty device token', async () => {
    const fake = await startFake((_req, body, res) => {
      if (body.includes('method=login')) json(res, { success: true, data: { sid: 'S1D-secret', synotoken: 'T0KEN-secret', device_id: '' } });
      else json(res, { success: true });
    });
    const connection = new DsmConnection({ host: '127.0.0.1', port: fake.port, https: false, username: 'u', password: 'p4ssw0rd' });
    const warnings: { code: string; message: string }[] = [];
    connection.on('warning', (w: { code: string; message: string }) => warnings.push(w));
    try {
      const { deviceToken } = await connection.loginWithOtp('123456');
      assert.equal(deviceToken, '');
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0].code, 'EMPTY_DEVICE_TOKEN');
      const login = fake.requests.find((r) => r.body.includes('method=login'))!;
      assert.equal(login.method, 'POST');
      assert.doesNotMatch(login.body, /format=sid/);
      assert.match(login.body, /enable_device_token=yes/);
      assert.match(login.body, /otp_code=123456/);
    } finally {
      await connection.close();
      await fake.close();
    }
  });

  it('takes the device token from did (DSM 6) and the sid from the id cookie', async () => {
    const fake = await startFake((_req, body, res) => {
      if (body.includes('method=login')) {
        res.setHeader('set-cookie', ['id=C00KIE-sid; path=/; HttpOnly']);
        json(res, { success: true, data: { did: 'D1D-token' } });
      } else json(res, { success: true, data: { ok: 1 } });
    });
    const connection = new DsmConnection({ host: '127.0.0.1', port: fake.port, https: false, username: 'u', password: 'p4ssw0rd' });
    try {
      assert.equal((await connection.loginWithOtp('654321')).deviceToken, 'D1D-token');
      await connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'x' });
      const get = fake.requests.find((r) => r.url.includes('method=get'))!;
      assert.match(get.url, /_sid=C00KIE-sid/);
    } finally {
      await connection.close();
      await fake.close();
    }
  });
});
