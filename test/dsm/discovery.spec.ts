import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventScheduler } from '../../lib/dsm';
import { connect, rejection, startSim, waitFor } from './helpers';

describe('discovery and DSM variants', () => {
  it('works with a DSM 6 profile: auth.cgi, Auth v6, TaskScheduler v2, no .Root', async () => {
    // DSM 6 has no .Root API (§1); whether its plain API takes a root owner is not documented.
    const sim = await startSim({ profile: 'dsm6', rootViaPlainApi: 'allow' });
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    try {
      const task = await scheduler.create({ name: 'dsm6 task', owner: 'root', script: 'echo six' });
      assert.equal(task.owner, 'root');
      const login = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' })[0];
      assert.match(login.path, /auth\.cgi/);
      assert.equal(login.version, '6');
      assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'create' }).length, 1);
      assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root' }).length, 0);
      const tasks = await scheduler.list();
      assert.deepEqual(tasks.map((t) => t.name), ['dsm6 task']);
      assert.equal(sim.log.filter({ api: 'SYNO.Core.TaskScheduler', method: 'list' })[0].version, '2');
    } finally {
      await connection.close();
      await sim.close();
    }
  });

  it('picks the highest version both sides speak (TaskScheduler list v3 of 1-4) and strips padded paths', async () => {
    const sim = await startSim({ paddedPaths: true, seedTasks: [{ name: 'a', script: 'true' }] });
    const connection = connect(sim);
    try {
      const tasks = await new EventScheduler(connection).list();
      assert.equal(tasks.length, 1);
      const list = sim.log.filter({ api: 'SYNO.Core.TaskScheduler', method: 'list' })[0];
      assert.equal(list.version, '3');
      assert.match(list.path, /^\/webapi\/entry\.cgi/);
      assert.equal(sim.log.filter({ api: 'SYNO.API.Info' }).length, 1, 'discovery once');
      await connection.request('SYNO.Core.EventScheduler', 'config_get', { type: 'esynoscheduler' });
      assert.equal(sim.log.filter({ api: 'SYNO.API.Info' }).length, 1, 'still once');
    } finally {
      await connection.close();
      await sim.close();
    }
  });

  it('answers NOT_AVAILABLE for an API DSM does not list, without calling it', async () => {
    const sim = await startSim({ profile: 'dsm6' });
    const connection = connect(sim);
    try {
      const err = await rejection(connection.request('SYNO.Core.Nonexistent', 'get'));
      assert.equal(err.code, 'NOT_AVAILABLE');
      assert.equal(sim.log.filter({ api: 'SYNO.Core.Nonexistent' }).length, 0);
      const root = await rejection(connection.request('SYNO.Core.EventScheduler.Root', 'create', {}, { write: true }));
      assert.equal(root.code, 'NOT_AVAILABLE');
      assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root' }).length, 0);
    } finally {
      await connection.close();
      await sim.close();
    }
  });

  it('tolerates every form of a missing task, owner and dependencies in get', async () => {
    const sim = await startSim({ missingTask: 'empty', getOwnerForm: 'uid', getDependForm: 'array' });
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    try {
      await scheduler.create({ name: 'base', owner: 'admin', script: 'true' });
      const task = await scheduler.create({ name: 'child task', owner: 'root', script: 'echo "x y"', dependsOn: ['base'] });
      assert.equal(task.owner, 'root');
      assert.deepEqual(task.dependsOn, ['base']);
      assert.equal((await scheduler.get('base')).owner, 'admin');
      for (const call of [() => scheduler.get('ghost'), () => scheduler.run('ghost'), () => scheduler.results('ghost')]) {
        assert.equal((await rejection(call())).code, 'TASK_NOT_FOUND');
      }
      assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).filter((e) => e.params.task_name === '"ghost"').length, 0);
      const many = await scheduler.resultsOfMany(['child task', 'ghost']);
      assert.equal((many.get('ghost') as { code?: string }).code, 'TASK_NOT_FOUND');
      await scheduler.run('child task');
      await waitFor(() => sim.state.results('child task').length > 0, 10_000, 'a result');
    } finally {
      await connection.close();
      await sim.close();
    }
  });

  it('works against a strict DSM that rejects unquoted values and reads a query "+" literally', async () => {
    const sim = await startSim({ strict: true });
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    try {
      const task = await scheduler.create({ name: 'strict + spaced', owner: 'admin', script: 'echo "a+b c"', notifyEmail: '' });
      assert.equal(task.name, 'strict + spaced');
      await scheduler.run('strict + spaced');
      await waitFor(() => sim.state.results('strict + spaced').length > 0, 10_000, 'a result');
      const [result] = await scheduler.results('strict + spaced');
      assert.equal((await scheduler.output('strict + spaced', result.result_id)).script_out.trim(), 'a+b c');
    } finally {
      await connection.close();
      await sim.close();
    }
  });

  it('reads the owner when get returns only its name', async () => {
    const sim = await startSim({ getOwnerForm: 'name', seedTasks: [{ name: 'n', owner: 'admin', script: 'true', dependsOn: [] }] });
    const connection = connect(sim);
    try {
      const task = await new EventScheduler(connection).get('n');
      assert.equal(task.owner, 'admin');
      assert.deepEqual(task.dependsOn, []);
    } finally {
      await connection.close();
      await sim.close();
    }
  });
});
