// Options are checked up front: a bad value rejects startSimulator with the option's name, before
// anything listens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_KNOBS, startSimulator, type SimulatorOptions } from '../../lib/sim';
import { call } from './sim-http';

test('bad options are named in the error', async () => {
  const cases: [SimulatorOptions, RegExp][] = [
    [{ port: 70000 }, /"port"/],
    [{ profile: 'dsm5' as never }, /"profile"/],
    [{ users: [{ name: 'a', password: 'x' }, { name: 'a', password: 'y' }] }, /"users".*twice/],
    [{ users: [{ name: 'a', password: 'x', uid: 1030 }, { name: 'b', password: 'y', uid: 1030 }] }, /uid 1030 twice/],
    [{ users: [{ name: 'root', password: 'x' }] }, /root/],
    [{ users: [{ name: 'o', password: 'x', otpSecret: 'not base32!' }] }, /base32/],
    [{ sessionTtlMs: -1 }, /"sessionTtlMs"/],
    [{ missingTask: 'maybe' as never }, /"missingTask"/],
    [{ duplicateCreate: 'x' as never }, /"duplicateCreate"/],
    [{ tls: { cert: 1 } as never }, /"tls"/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(startSimulator(options), message);
  }
});

test('defaults are the documented ones', async () => {
  assert.equal(DEFAULT_KNOBS.autoBlockAttempts, 5);
  assert.equal(DEFAULT_KNOBS.sessionTtlMs, 7 * 24 * 3600 * 1000);
  assert.equal(DEFAULT_KNOBS.duplicateCreate, 4804);
  assert.equal(DEFAULT_KNOBS.missingTaskCode, 4801);
  const sim = await startSimulator();
  try {
    assert.equal(sim.host, '127.0.0.1');
    assert.ok(sim.port > 0);
    assert.equal(sim.profile, 'dsm7');
    assert.deepEqual(sim.state.userList().map((u) => [u.name, u.uid, u.admin]), [['admin', 1024, true]]);
    const quoted = await call(sim, 'SYNO.API.Info', 'query', 1, { query: '"SYNO.API.Auth"' });
    assert.deepEqual(Object.keys(quoted.json.data), ['SYNO.API.Auth']);
  } finally {
    await sim.close();
  }
});

test('an IPv6 host gives a bracketed url', async (t) => {
  let sim;
  try {
    sim = await startSimulator({ host: '::1' });
  } catch (error) {
    // A machine without IPv6 loopback cannot listen on ::1; only that error is acceptable.
    assert.match(String((error as Error).message), /EADDRNOTAVAIL|EAFNOSUPPORT/);
    t.diagnostic('no IPv6 loopback on this machine');
    return;
  }
  try {
    assert.equal(sim.url, `http://[::1]:${sim.port}`);
    assert.equal((await call(sim, 'SYNO.API.Info', 'query', 1)).json.success, true);
  } finally {
    await sim.close();
  }
});
