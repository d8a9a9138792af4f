import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Simulator } from '../../lib/sim';
import { DsmConnection, EventScheduler } from '../../lib/dsm';
import { connect, rejection, startSim, waitFor, USER, PASSWORD } from './helpers';
import { json, startFake } from './fake-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('transport failures against the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSim({ seedTasks: [{ name: 't', script: 'true', owner: 'admin' }] });
  });
  after(() => sim.close());

  it('turns an HTML page into NOT_JSON', async () => {
    const connection = connect(sim);
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', action: 'html', times: 1 });
    const err = await rejection(new EventScheduler(connection).get('t'));
    assert.equal(err.code, 'NOT_JSON');
    assert.match(err.message, /HTML/);
    sim.faults.clear();
    await connection.close();
  });

  it('turns a 502 into HTTP_ERROR with the status code', async () => {
    const connection = connect(sim);
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', action: 'empty502', times: 1 });
    const err = await rejection(new EventScheduler(connection).get('t'));
    assert.equal(err.code, 'HTTP_ERROR');
    assert.equal(err.statusCode, 502);
    sim.faults.clear();
    await connection.close();
  });

  it('turns a reset connection into CONNECTION_RESET', async () => {
    const connection = connect(sim);
    await connection.testLogin();
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'run', action: 'reset', times: 1 });
    const err = await rejection(connection.request('SYNO.Core.EventScheduler', 'run', { task_name: 't' }, { write: true }));
    assert.equal(err.code, 'CONNECTION_RESET');
    sim.faults.clear();
    await connection.close();
  });

  it('retries an idempotent read once after a timeout, and then reports TIMEOUT', async () => {
    const connection = connect(sim, { timeoutMs: 300 });
    await connection.testLogin();
    sim.log.clear();
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'get', action: 'hang', times: 1 });
    const task = await new EventScheduler(connection).get('t');
    assert.equal(task.name, 't');
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'get' }).length, 2);
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'get', action: 'hang', times: 2 });
    const err = await rejection(connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 't' }));
    assert.equal(err.code, 'TIMEOUT');
    sim.faults.clear();
    await connection.close();
  });

  it('never repeats run after a timeout and says the task may have started', async () => {
    const connection = connect(sim, { timeoutMs: 300 });
    const scheduler = new EventScheduler(connection);
    await scheduler.get('t');
    sim.log.clear();
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'run', action: 'hang', times: 1 });
    const err = await rejection(scheduler.run('t'));
    assert.equal(err.code, 'TIMEOUT');
    assert.match(err.message, /may have started/);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length, 1);
    sim.faults.clear();
    await connection.close();
  });

  it('logs in again once after a reboot answered 105 right after the reconnect', async () => {
    const rebootSim = await startSim({ afterRebootCode: 105, seedTasks: [{ name: 'r', script: 'true', owner: 'admin' }] });
    const connection = connect(rebootSim, { backoff: { initialMs: 50, maxMs: 100 } });
    const scheduler = new EventScheduler(connection);
    try {
      await scheduler.get('r');
      const rebooting = rebootSim.reboot({ downMs: 400 });
      await waitFor(async () => {
        try {
          await scheduler.get('r');
          return false;
        } catch (err) {
          return (err as { code?: string }).code === 'UNREACHABLE';
        }
      }, 5_000, 'the NAS to go away');
      assert.equal(connection.state, 'unreachable');
      await rebooting;
      let task;
      await waitFor(async () => {
        try {
          task = await scheduler.get('r');
          return true;
        } catch {
          return false;
        }
      }, 5_000, 'the NAS to come back');
      assert.equal(task!.name, 'r');
      assert.equal(connection.stats.logins, 2);
      assert.equal(connection.state, 'connected');
      const entries = rebootSim.log.entries();
      const lastLogin = entries.map((e) => e.method).lastIndexOf('login');
      const lastInfo = entries.map((e) => e.api).lastIndexOf('SYNO.API.Info');
      assert.equal(rebootSim.log.filter({ api: 'SYNO.API.Info' }).length, 2, 'discovery again after the NAS came back');
      assert.ok(lastInfo < lastLogin, 'the probe came before the new login');
    } finally {
      await connection.close();
      await rebootSim.close();
    }
  });
});

describe('unreachable NAS', () => {
  it('backs off: fails fast with UNREACHABLE and never tries to log in while refused', async () => {
    const port = await freePort();
    const connection = new DsmConnection({
      host: '127.0.0.1', port, https: false, username: USER, password: PASSWORD, timeoutMs: 2_000, backoff: { initialMs: 300, maxMs: 1_000 },
    });
    const states: string[] = [];
    connection.on('state', (s: string) => states.push(s));
    const first = await rejection(connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'x' }));
    assert.equal(first.code, 'UNREACHABLE');
    const sent = connection.stats.httpRequests;
    const second = await rejection(connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'x' }));
    assert.equal(second.code, 'UNREACHABLE');
    assert.match(second.message, /next attempt/);
    assert.equal(connection.stats.httpRequests, sent, 'no request during the back-off');
    await new Promise((resolve) => setTimeout(resolve, 350));
    await rejection(connection.request('SYNO.Core.EventScheduler', 'get', { task_name: 'x' }));
    assert.equal(connection.stats.httpRequests, sent + 1, 'one probe after the window');
    assert.equal(connection.stats.logins, 0, 'never a login while refused');
    assert.deepEqual(states, ['unreachable']);
    await connection.close();
  });

  it('accepts host names and IPv6 addresses with or without brackets (no I/O: only 127.0.0.1 is contacted in tests)', async () => {
    for (const [host, origin] of [['nas.local', 'http://nas.local:5000'], ['::1', 'http://[::1]:5000'], ['[::1]', 'http://[::1]:5000'], ['192.168.1.2', 'http://192.168.1.2:5000']]) {
      const connection = new DsmConnection({ host, https: false, username: USER, password: PASSWORD });
      assert.equal(connection.origin, origin);
      await connection.close();
    }
  });
});

describe('answers the simulator does not give', () => {
  it('reports REDIRECT without following it, NOT_JSON for an empty body and for plain HTTP on an HTTPS port', async () => {
    let mode = 'redirect';
    const fake = await startFake((_req, _body, res) => {
      if (mode === 'redirect') {
        res.writeHead(302, { location: 'https://127.0.0.1:1/' });
        res.end();
      } else if (mode === 'empty') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end();
      } else if (mode === 'nginx') {
        res.writeHead(400, { 'content-type': 'text/html' });
        res.end('<html><body><center>The plain HTTP request was sent to HTTPS port</center></body></html>');
      } else {
        json(res, { hello: 'world' });
      }
    });
    const connection = new DsmConnection({ host: '127.0.0.1', port: fake.port, https: false, username: USER, password: PASSWORD });
    try {
      const redirect = await rejection(connection.testLogin());
      assert.equal(redirect.code, 'REDIRECT');
      assert.equal(redirect.statusCode, 302);
      assert.equal(fake.requests.filter((r) => r.url.startsWith('/webapi/entry.cgi')).length, 1, 'not followed');
      mode = 'empty';
      assert.equal((await rejection(connection.testLogin())).code, 'NOT_JSON');
      mode = 'nginx';
      const nginx = await rejection(connection.testLogin());
      assert.equal(nginx.code, 'NOT_JSON');
      assert.match(nginx.message, /switch HTTPS on/);
      mode = 'other';
      assert.equal((await rejection(connection.testLogin())).code, 'NOT_JSON');
    } finally {
      await connection.close();
      await fake.close();
    }
  });
});
