// Bad input never crashes the simulator: garbage parameters, wrong types, bad JSON, bad encodings,
// huge bodies (413), odd HTTP methods; and a burst of 500 keep-alive result_list calls completes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startSimulator, type Simulator } from '../../lib/sim';
import { call, login, request, type Login } from './sim-http';

describe('robustness', () => {
  let sim: Simulator;
  let s: Login;
  before(async () => {
    sim = await startSimulator({ maxBodyBytes: 10_000, seedTasks: [{ name: 'busy', script: 'true' }] });
    s = await login(sim);
    await sim.runTaskNow('busy');
  });
  after(() => sim.close());

  test('garbage parameters and types get DSM errors, never a crash', async () => {
    const cases: Record<string, string>[] = [
      { api: 'SYNO.Core.EventScheduler', method: 'create', version: '1', task_name: '{"a":', owner: '[[[', event: '12', operation: 'null' },
      { api: 'SYNO.Core.EventScheduler', method: 'get', version: '1', task_name: '123' },
      { api: 'SYNO.Core.EventScheduler', method: 'result_get_file', version: '1', task_name: '"busy"', result_id: '"x"' },
      { api: 'SYNO.Core.EventScheduler', method: 'set_enable', version: '1', task_name: '"busy"', enable: '"maybe"' },
      { api: 'SYNO.Core.TaskScheduler', method: 'list', version: '3', offset: 'abc', limit: '{}' },
      { api: 'SYNO.Entry.Request', method: 'request', version: '1', compound: '[{"api":null}]' },
      { api: 'SYNO.API.Auth', method: 'login', version: '7' },
      { api: '', method: '', version: '' },
      { api: 'SYNO.API.Info', method: 'query', version: '-1' },
    ];
    for (const params of cases) {
      const reply = await call(sim, params.api, params.method, Number(params.version) || 0, { ...params, _sid: s.sid, SynoToken: s.synotoken });
      assert.equal(reply.status, 200, JSON.stringify(params));
      assert.equal(typeof reply.json.success, 'boolean', reply.text);
    }
    const percent = await request(sim.url, { rawQuery: 'api=SYNO.API.Info&method=query&version=1&query=%E0%A4%A' });
    assert.equal(typeof percent.json.success, 'boolean');
    const weird = await request(sim.url, { path: '/webapi/entry.cgi/%ZZ', rawQuery: 'x=1' });
    assert.equal(typeof weird.json.success, 'boolean');
  });

  test('a body over maxBodyBytes gets 413 and the server keeps serving', async () => {
    const reply = await request(sim.url, { httpMethod: 'POST', rawBody: `api=SYNO.API.Info&method=query&version=1&x=${'a'.repeat(50_000)}` }).catch((error: Error) => error);
    if (!(reply instanceof Error)) assert.equal(reply.status, 413);
    assert.equal((await call(sim, 'SYNO.API.Info', 'query', 1)).json.success, true);
  });

  test('raw socket garbage and odd methods do not crash it', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(sim.port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n\0\0\0'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    const put = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${sim.url}/webapi/entry.cgi?api=SYNO.API.Info&method=query&version=1`, { method: 'PUT' }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end('junk');
    });
    assert.equal(put, 200);
    const json = await request(sim.url, { httpMethod: 'POST', rawBody: '{"api":"SYNO.API.Info"}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(json.json.error.code, 101);
    assert.equal((await call(sim, 'SYNO.API.Info', 'query', 1)).json.success, true);
  });

  test('a burst of 500 keep-alive result_list requests completes', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      const replies = await Promise.all(Array.from({ length: 500 }, () =>
        call(sim, 'SYNO.Core.EventScheduler', 'result_list', 1, { task_name: '"busy"', _sid: s.sid }, { agent })));
      assert.ok(replies.every((reply) => reply.json.success === true && reply.json.data.length === 1));
    } finally {
      agent.destroy();
    }
  });
});
