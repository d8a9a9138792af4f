// SYNO.Core.TaskScheduler list v1-v3 (§5) and SYNO.Core.User get/list (§11).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { call, jsonCall, login, type Login } from './sim-http';

const TS = 'SYNO.Core.TaskScheduler';

describe('TaskScheduler list and User', () => {
  let sim: Simulator;
  let s: Login;
  before(async () => {
    sim = await startSimulator({
      users: [{ name: 'admin', password: 'synology', uid: 1024 }, { name: 'bob', password: 'b', admin: false }],
      seedTasks: ['c', 'a', 'b'].map((name) => ({ name, script: `echo ${name}`, owner: name === 'a' ? 'root' : 'admin' })),
    });
    s = await login(sim);
  });
  after(() => sim.close());

  test('v1-v3 list event tasks as event_script with total; v4 list answers 104', async () => {
    for (const version of [1, 2, 3]) {
      const reply = await call(sim, TS, 'list', version, { _sid: s.sid, offset: 0, limit: -1 });
      assert.equal(reply.json.success, true, reply.text);
      assert.equal(reply.json.data.total, 3);
      assert.deepEqual(reply.json.data.tasks.map((t: { name: string }) => t.name), ['a', 'b', 'c']);
      const first = reply.json.data.tasks[0];
      assert.equal(first.type, 'event_script');
      assert.equal(first.owner, 'root');
      assert.equal(first.enable, true);
      assert.equal(first.can_run, true);
      assert.equal(first.id, undefined);
    }
    assert.equal((await call(sim, TS, 'list', 4, { _sid: s.sid })).json.error.code, 104);
    assert.equal((await call(sim, TS, 'list', 5, { _sid: s.sid })).json.error.code, 104);
    assert.equal((await call(sim, TS, 'get', 3, { _sid: s.sid })).json.error.code, 103);
  });

  test('paging by offset/limit and sort direction', async () => {
    const page = await call(sim, TS, 'list', 3, { _sid: s.sid, offset: 1, limit: 1, sort_by: 'name', sort_direction: 'desc' });
    assert.equal(page.json.data.total, 3);
    assert.deepEqual(page.json.data.tasks.map((t: { name: string }) => t.name), ['b']);
  });

  test('taskSchedulerEventIds knob adds numeric ids', async () => {
    const local = await startSimulator({ taskSchedulerEventIds: true, seedTasks: [{ name: 'x', script: 'true' }] });
    try {
      const ls = await login(local);
      const reply = await call(local, TS, 'list', 3, { _sid: ls.sid });
      assert.equal(typeof reply.json.data.tasks[0].id, 'number');
    } finally {
      await local.close();
    }
  });

  test('User get by name (raw or JSON-quoted) gives the uid; unknown names give no users; list pages', async () => {
    const raw = await call(sim, 'SYNO.Core.User', 'get', 1, { _sid: s.sid, type: 'local', name: 'bob', additional: '[]' });
    assert.equal(raw.json.data.users[0].name, 'bob');
    assert.equal(raw.json.data.users[0].uid, 1026);
    const quoted = await jsonCall(sim, s, 'SYNO.Core.User', 'get', { type: 'local', name: 'admin', additional: [] });
    assert.equal(quoted.json.data.users[0].uid, 1024);
    assert.deepEqual((await jsonCall(sim, s, 'SYNO.Core.User', 'get', { name: 'root' })).json.data.users, []);
    const list = await jsonCall(sim, s, 'SYNO.Core.User', 'list', { type: 'local', offset: 0, limit: -1 });
    assert.equal(list.json.data.total, 2);
    assert.deepEqual(list.json.data.users.map((u: { name: string }) => u.name), ['admin', 'bob']);
    const page = await jsonCall(sim, s, 'SYNO.Core.User', 'list', { offset: 1, limit: 1 });
    assert.deepEqual(page.json.data.users.map((u: { name: string }) => u.name), ['bob']);
  });
});
