// SYNO.Entry.Request compound requests (§6).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { ADMIN_OWNER, call, login, type Login } from './sim-http';

const ES = 'SYNO.Core.EventScheduler';

describe('SYNO.Entry.Request', () => {
  let sim: Simulator;
  let s: Login;
  before(async () => {
    sim = await startSimulator({ seedTasks: [{ name: 'one', script: 'true' }, { name: 'two', script: 'true' }] });
    s = await login(sim);
    await sim.runTaskNow('one');
  });
  after(() => sim.close());

  const compound = (items: unknown[], extra: Record<string, string> = {}): Promise<import('./sim-http').Reply> =>
    call(sim, 'SYNO.Entry.Request', 'request', 1, { compound: JSON.stringify(items), _sid: s.sid, SynoToken: s.synotoken, ...extra }, { httpMethod: 'POST' });

  test('items run in order with native JSON params; has_fail and per-item results; outer success stays true', async () => {
    const reply = await compound([
      { api: ES, method: 'result_list', version: 1, task_name: 'one' },
      { api: ES, method: 'result_list', version: 1, task_name: 'missing' },
      { api: ES, method: 'get', version: 1, task_name: 'two' },
    ], { mode: '"sequential"', stop_when_error: 'false' });
    assert.equal(reply.json.success, true);
    assert.equal(reply.json.data.has_fail, true);
    const [a, b, c] = reply.json.data.result;
    assert.equal(a.api, ES);
    assert.equal(a.method, 'result_list');
    assert.equal(a.success, true);
    assert.equal(a.data.length, 1);
    assert.deepEqual(b.error, { code: 4801 });
    assert.equal(b.success, false);
    assert.equal(c.data.task_name, 'two');
  });

  test('stop_when_error stops after the first failure; parallel mode (raw) answers all in order', async () => {
    const stopped = await compound([
      { api: ES, method: 'get', version: 1, task_name: 'missing' },
      { api: ES, method: 'get', version: 1, task_name: 'one' },
    ], { stop_when_error: 'true' });
    assert.equal(stopped.json.data.result.length, 1);
    const parallel = await compound([
      { api: ES, method: 'get', version: 1, task_name: 'one' },
      { api: ES, method: 'get', version: 1, task_name: 'two' },
    ], { mode: 'parallel' });
    assert.equal(parallel.json.data.has_fail, false);
    assert.deepEqual(parallel.json.data.result.map((r: { data: { task_name: string } }) => r.data.task_name), ['one', 'two']);
  });

  test('writes in items use the outer SynoToken; sub-errors 102/103/104; error faults apply per item', async () => {
    const reply = await compound([
      { api: ES, method: 'create', version: 1, task_name: 'via compound', owner: ADMIN_OWNER, event: 'shutdown', operation: 'true', notify_mail: '' },
      { api: 'SYNO.No.Such', method: 'x', version: 1 },
      { api: ES, method: 'nope', version: 1 },
      { api: ES, method: 'get', version: 2, task_name: 'one' },
    ]);
    const codes = reply.json.data.result.map((r: { success: boolean; error?: { code: number } }) => (r.success ? 0 : r.error?.code));
    assert.deepEqual(codes, [0, 102, 103, 104]);
    assert.ok(sim.state.tasks.has('via compound'));
    sim.faults.add({ api: ES, method: 'get', action: 'error', code: 106, times: 1 });
    const faulted = await compound([{ api: ES, method: 'get', version: 1, task_name: 'one' }, { api: ES, method: 'get', version: 1, task_name: 'one' }]);
    assert.deepEqual(faulted.json.data.result.map((r: { success: boolean }) => r.success), [false, true]);
    assert.equal(faulted.json.data.result[0].error.code, 106);
  });

  test('a missing compound answers 114, a bad one 113, and no session 119', async () => {
    assert.equal((await call(sim, 'SYNO.Entry.Request', 'request', 1, { _sid: s.sid })).json.error.code, 114);
    assert.equal((await call(sim, 'SYNO.Entry.Request', 'request', 1, { _sid: s.sid, compound: '{"a":1}' })).json.error.code, 113);
    assert.equal((await call(sim, 'SYNO.Entry.Request', 'request', 1, { _sid: s.sid, compound: '[1,2]' })).json.error.code, 113);
    assert.equal((await call(sim, 'SYNO.Entry.Request', 'request', 1, { compound: '[]' })).json.error.code, 119);
  });
});
