// Fault injection (delay, reset, hang, html, empty502, error; times; matching) and the loopback
// control endpoint under /sim/.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { call, login, request } from './sim-http';

const info = (sim: Simulator, timeoutMs?: number): ReturnType<typeof call> =>
  call(sim, 'SYNO.API.Info', 'query', 1, { query: 'all' }, { path: '/webapi/query.cgi', timeoutMs });

describe('fault rules', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator(); });
  after(() => sim.close());
  beforeEach(() => sim.faults.clear());

  test('delay holds the answer for ms, then serves it normally', async () => {
    sim.faults.add({ api: 'SYNO.API.Info', action: 'delay', ms: 300, times: 1 });
    const started = Date.now();
    const reply = await info(sim);
    assert.ok(Date.now() - started >= 280);
    assert.equal(reply.json.success, true);
    assert.equal(sim.faults.size, 0);
  });

  test('reset destroys the connection', async () => {
    sim.faults.add({ path: 'query.cgi', action: 'reset' });
    await assert.rejects(info(sim), (error: NodeJS.ErrnoException) => ['ECONNRESET', 'socket hang up'].some((s) => String(error.code ?? error.message).includes(s) || error.message.includes(s)));
  });

  test('hang never answers (the client times out)', async () => {
    sim.faults.add({ api: 'SYNO.API.Info', action: 'hang', times: 1 });
    await assert.rejects(info(sim, 300), /timeout/);
  });

  test('html answers a 200 HTML page; empty502 an empty 502', async () => {
    sim.faults.add({ api: 'SYNO.API.Info', action: 'html', times: 1 });
    const html = await info(sim);
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /text\/html/);
    assert.match(html.text, /<html>/);
    sim.faults.add({ api: 'SYNO.API.Info', action: 'empty502', times: 1 });
    const bad = await info(sim);
    assert.equal(bad.status, 502);
    assert.equal(bad.text, '');
  });

  test('error answers the DSM code; times N then the rule expires; only matching api/method', async () => {
    sim.faults.add({ api: 'SYNO.API.Auth', method: 'login', action: 'error', code: 117, times: 2 });
    assert.equal((await info(sim)).json.success, true);
    for (let i = 0; i < 2; i++) {
      const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' });
      assert.deepEqual(reply.json, { success: false, error: { code: 117 } });
    }
    assert.equal((await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' })).json.success, true);
  });

  test('rules are checked up front', () => {
    assert.throws(() => sim.faults.add({ action: 'explode' } as never), /action/);
    assert.throws(() => sim.faults.add({ action: 'error' }), /code/);
    assert.throws(() => sim.faults.add({ action: 'delay', ms: -1 }), /ms/);
    assert.throws(() => sim.faults.add({ action: 'reset', times: 0 }), /times/);
  });
});

describe('control endpoint', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator({ seedTasks: [{ name: 'ctl', script: 'echo ctl' }] }); });
  after(() => sim.close());

  const control = (httpMethod: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: { ok: boolean; [key: string]: unknown } }> =>
    fetch(`${sim.url}${path}`, { method: httpMethod, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } })
      .then(async (res) => ({ status: res.status, json: await res.json() as { ok: boolean } }));

  test('POST/GET/DELETE /sim/faults', async () => {
    const added = await control('POST', '/sim/faults', [{ api: 'SYNO.API.Info', action: 'error', code: 150 }]);
    assert.equal(added.json.ok, true);
    assert.equal((await info(sim)).json.error.code, 150);
    assert.equal(((await control('GET', '/sim/faults')).json.faults as unknown[]).length, 1);
    assert.equal((await control('POST', '/sim/faults', { action: 'nope' })).status, 400);
    await control('DELETE', '/sim/faults');
    assert.equal((await info(sim)).json.success, true);
  });

  test('POST /sim/run runs a task; GET /sim/state shows results, never passwords; /sim/log masks secrets', async () => {
    const run = await control('POST', '/sim/run', { task: 'ctl' });
    assert.equal(run.status, 200);
    assert.equal((run.json.result as { task_name: string }).task_name, 'ctl');
    await login(sim);
    const state = await control('GET', '/sim/state');
    assert.equal((state.json.results as Record<string, unknown[]>).ctl.length, 1);
    assert.doesNotMatch(JSON.stringify(state.json), /synology/);
    const log = await control('GET', '/sim/log');
    assert.doesNotMatch(JSON.stringify(log.json), /synology/);
    assert.equal((await control('POST', '/sim/run', { task: 'missing' })).status, 404);
    assert.equal((await control('GET', '/sim/nothing')).status, 404);
  });

  test('POST /sim/expire-sessions and /sim/unblock', async () => {
    const s = await login(sim);
    await control('POST', '/sim/expire-sessions');
    assert.equal((await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: s.sid })).json.error.code, 119);
    assert.equal((await control('POST', '/sim/unblock')).json.ok, true);
  });

  test('refuses browser requests: a cross-site Origin or a rebound Host name', async () => {
    const before = sim.state.results('ctl').length;
    const crossSite = await request(sim.url, { httpMethod: 'POST', path: '/sim/run', rawBody: '{"task":"ctl"}', headers: { Origin: 'http://evil.example' } });
    assert.equal(crossSite.status, 403);
    const rebound = await request(sim.url, { httpMethod: 'POST', path: '/sim/run', rawBody: '{"task":"ctl"}', headers: { Host: 'evil.example' } });
    assert.equal(rebound.status, 403);
    assert.equal(sim.state.results('ctl').length, before);
    const local = await request(sim.url, { httpMethod: 'POST', path: '/sim/run', rawBody: '{"task":"ctl"}', headers: { Host: `localhost:${sim.port}` } });
    assert.equal(local.status, 200);
  });

  test('controlEndpoint false: /sim/ is an unrouted DSM path', async () => {
    const off = await startSimulator({ controlEndpoint: false });
    try {
      const reply = await request(off.url, { path: '/sim/state' });
      assert.equal(reply.status, 404);
      assert.equal(reply.json.error.code, 102);
    } finally {
      await off.close();
    }
  });
});

test('the control endpoint answers loopback clients only', async () => {
  const { isLoopback } = await import('../../lib/sim/control');
  for (const address of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(address), true, address);
  for (const address of ['', '10.0.0.5', '::ffff:192.168.1.2', 'fe80::1', '128.0.0.1', '1127.0.0.1']) assert.equal(isLoopback(address), false, address);
});
