import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { EventScheduler, type ConnectionState } from '../../lib/dsm';
import { connect, rejection, startSim, PASSWORD } from './helpers';

describe('DsmConnection sessions', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSim({ seedTasks: [{ name: 'probe', script: 'echo hi', owner: 'admin' }] });
  });
  after(() => sim.close());

  it('logs in once for concurrent first calls and sends SynoToken and _sid', async () => {
    sim.log.clear();
    const connection = connect(sim);
    const states: ConnectionState[] = [];
    connection.on('state', (s: ConnectionState) => states.push(s));
    const scheduler = new EventScheduler(connection);
    await Promise.all(Array.from({ length: 6 }, () => scheduler.get('probe')));
    assert.equal(connection.stats.logins, 1);
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, 1);
    const login = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' })[0];
    assert.equal(login.httpMethod, 'POST');
    assert.equal(login.params.enable_syno_token, 'yes');
    assert.equal(login.params.format, 'sid');
    assert.equal(login.params.session, 'webui', 'default session name');
    const gets = sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'get' });
    assert.ok(gets.length >= 1);
    for (const entry of gets) {
      assert.ok(entry.headers.includes('x-syno-token'), 'X-SYNO-TOKEN header');
      assert.ok('_sid' in entry.params, '_sid param');
    }
    assert.deepEqual(states, ['logging-in', 'connected']);
    await connection.close();
    assert.equal(connection.state, 'closed');
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'logout' }).length, 1);
    assert.ok('_sid' in sim.log.filter({ api: 'SYNO.API.Auth', method: 'logout' })[0].params);
  });

  it('logs in again once and replays after the session expired (119)', async () => {
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    await scheduler.get('probe');
    sim.expireSessions();
    const task = await scheduler.get('probe');
    assert.equal(task.name, 'probe');
    assert.equal(connection.stats.logins, 2);
    await connection.close();
  });

  it('shares one re-login among concurrent callers that lost the session together', async () => {
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    await scheduler.get('probe');
    sim.expireSessions();
    const tasks = await Promise.all(Array.from({ length: 5 }, () => scheduler.get('probe')));
    assert.equal(tasks.length, 5);
    assert.equal(connection.stats.logins, 2);
    await connection.close();
  });

  for (const code of [106, 107, 119, 150]) {
    it(`reports SESSION_LOST when ${code} comes again right after the re-login`, async () => {
      const connection = connect(sim);
      await connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'probe' });
      sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'config_get', action: 'error', code, times: 2 });
      const err = await rejection(connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' }));
      assert.equal(err.code, 'SESSION_LOST');
      assert.equal(err.dsmCode, code);
      assert.equal(connection.stats.logins, 2, 'one re-login, no loop');
      sim.faults.clear();
      await connection.close();
    });
  }

  it('reads 105 as NO_PERMISSION when no reconnect came before it', async () => {
    const connection = connect(sim);
    await connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'probe' });
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'config_get', action: 'error', code: 105, times: 1 });
    const err = await rejection(connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' }));
    assert.equal(err.code, 'NO_PERMISSION');
    assert.equal(connection.stats.logins, 1);
    sim.faults.clear();
    await connection.close();
  });

  it('reads a 400 from EventScheduler as DSM_400, not as wrong credentials', async () => {
    const connection = connect(sim);
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'config_get', action: 'error', code: 400, times: 1 });
    const err = await rejection(connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' }));
    assert.equal(err.code, 'DSM_400');
    assert.equal(connection.state, 'connected');
    sim.faults.clear();
    await connection.close();
  });

  it('keeps at most maxConcurrent requests in flight and serves the rest in order', async () => {
    const connection = connect(sim, { maxConcurrent: 2 });
    await connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'probe' });
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'config_get', action: 'delay', ms: 150 });
    const started = Date.now();
    const finished: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' }).then(() => finished.push(i)),
      ),
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 3 * 150 - 20, `6 requests, 2 at a time, 150 ms each took ${elapsed} ms`);
    assert.equal(finished.length, 6, 'all six finished');
    assert.ok(finished.indexOf(0) < finished.indexOf(4) && finished.indexOf(1) < finished.indexOf(5), 'queued in order');
    sim.faults.clear();
    await connection.close();
  });

  it('sends the password percent-encoded once so DSM reads it exactly, with the configured session name', async () => {
    sim.log.clear();
    const connection = connect(sim, { sessionName: 'NodeRED' });
    await connection.testLogin();
    assert.equal(connection.state, 'connected');
    assert.ok(PASSWORD.includes(' ') && PASSWORD.includes('+'));
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' })[0].params.session, 'NodeRED');
    await connection.close();
  });

  it('closes within its bound even when the logout never gets an answer', async () => {
    const connection = connect(sim, { timeoutMs: 300 });
    await connection.testLogin();
    sim.faults.add({ api: 'SYNO.API.Auth', method: 'logout', action: 'hang', times: 1 });
    const started = Date.now();
    await connection.close();
    assert.ok(Date.now() - started < 3_000, `close took ${Date.now() - started} ms`);
    assert.equal(connection.state, 'closed');
    sim.faults.clear();
  });

  it('fails calls after close without a request', async () => {
    const connection = connect(sim);
    await connection.close();
    const before = sim.log.entries().length;
    const err = await rejection(connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'probe' }));
    assert.equal(err.code, 'UNREACHABLE');
    assert.equal(sim.log.entries().length, before);
  });
});
