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

  test('1500 seeded-random garbage calls: every answer is DSM JSON and none is an internal error (100)', async () => {
    const apis: Record<string, string[]> = {
      'SYNO.API.Info': ['query'], 'SYNO.API.Auth': ['login'],
      'SYNO.Core.EventScheduler': ['create', 'set', 'get', 'delete', 'run', 'set_enable', 'result_list', 'result_get_file', 'list', 'config_get', 'config_set'],
      'SYNO.Core.EventScheduler.Root': ['create', 'set'], 'SYNO.Core.TaskScheduler': ['list'], 'SYNO.Core.User': ['get', 'list'],
      'SYNO.Core.User.PasswordConfirm': ['auth'], 'SYNO.Entry.Request': ['request'],
    };
    const names = ['task_name', 'owner', 'event', 'operation', 'depend_on_task', 'enable', 'notify_mail', 'notify_enable', 'result_id', 'offset', 'limit',
      'sort_by', 'name', 'SynoConfirmPWToken', 'compound', 'mode', 'stop_when_error', 'query', 'account', 'otp_code', 'device_id', 'format', 'output_path'];
    const values = ['', 'null', '{}', '[]', '[[', '"x"', '123', '-1', 'true', '{"0":"root"}', '{"1024":"admin"}', '"bootup"', '1e999', '"[a]["', '%', '\u0000',
      '[{"api":"SYNO.Core.EventScheduler","method":"get","version":1}]', '[{"api":"SYNO.Entry.Request","method":"request","version":1,"compound":[]}]',
      '{"__proto__":{"x":1}}', '{"constructor":"x"}'];
    let seed = 42;
    const pick = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 1500; i++) {
        const api = Object.keys(apis)[pick(8)];
        const params: Record<string, string> = { api, method: apis[api][pick(apis[api].length)], version: String(pick(3) + 1), _sid: s.sid, SynoToken: s.synotoken };
        for (let k = 0; k < 5; k++) params[names[pick(names.length)]] = values[pick(values.length)];
        const reply = await request(sim.url, { httpMethod: 'POST', params, agent });
        assert.equal(reply.status, 200, JSON.stringify(params));
        assert.equal(typeof reply.json?.success, 'boolean', reply.text);
        assert.notEqual(reply.json.error?.code, 100, JSON.stringify(params));
      }
    } finally {
      agent.destroy();
    }
  });
});
