// Client behaviours found in review: a 2FA login shared with callers arriving meanwhile, and a
// .Root write after a session loss repeated with a fresh password-confirm token (§4.5).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateTotp, newTotpSecret } from '../../lib/sim';
import { EventScheduler } from '../../lib/dsm';
import { connect, startSim } from './helpers';

describe('review fixes', () => {
  it('a call made while loginWithOtp runs waits for that login instead of failing with OTP_REQUIRED', async () => {
    const secret = newTotpSecret();
    const sim = await startSim({ users: [{ name: 'otp', password: 'pw', otpSecret: secret, admin: true }] });
    const connection = connect(sim, { username: 'otp', password: 'pw' });
    try {
      await connection.apis();
      const trusting = connection.loginWithOtp(generateTotp(secret));
      await new Promise((resolve) => setImmediate(resolve)); // the 2FA login is under way now
      const [trusted, config] = await Promise.all([
        trusting,
        connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' }),
      ]);
      assert.ok(trusted.deviceToken);
      assert.ok(config);
      assert.equal(connection.state, 'connected');
      assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, 1, 'one login, with the code');
    } finally {
      await connection.close();
      await sim.close();
    }
  });

  it('repeats a root-owned write after a session loss with a new session and a new token', async () => {
    const sim = await startSim();
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    try {
      await scheduler.create({ name: 'as root', owner: 'root', script: 'echo one' });
      sim.faults.add({ api: 'SYNO.Core.EventScheduler.Root', method: 'set', action: 'error', code: 119, times: 1 });
      const task = await scheduler.modify({ name: 'as root', owner: 'root', script: 'echo two' });
      assert.equal(task.script, 'echo two');
      assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root', method: 'set' }).length, 2);
      assert.equal(sim.log.filter({ api: 'SYNO.Core.User.PasswordConfirm', method: 'auth' }).length, 3, 'a fresh token for every write');
      assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, 2, 'one re-login');
    } finally {
      await connection.close();
      await sim.close();
    }
  });
});

