import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DsmConnection, EventScheduler } from '../../lib/dsm';
import { startSim, USER, PASSWORD } from './helpers';
import { startInfoFilterProxy } from './info-filter-proxy';

describe('a DSM without SYNO.Entry.Request', () => {
  it('lists tasks and reads results of many tasks with single calls', async () => {
    const sim = await startSim({ seedTasks: [
      { name: 'one', script: 'true', owner: 'admin' },
      { name: 'two', script: 'true', owner: 'admin', event: 'shutdown' },
    ] });
    const proxy = await startInfoFilterProxy(sim.port, ['SYNO.Entry.Request']);
    const connection = new DsmConnection({ host: '127.0.0.1', port: proxy.port, https: false, username: USER, password: PASSWORD });
    const scheduler = new EventScheduler(connection);
    try {
      const tasks = await scheduler.list();
      assert.deepEqual(tasks.map((t) => t.name).sort(), ['one', 'two']);
      assert.equal(tasks.find((t) => t.name === 'two')?.event, 'shutdown');
      await scheduler.run('one');
      const map = await scheduler.resultsOfMany(['one', 'two', 'ghost']);
      assert.ok(Array.isArray(map.get('one')));
      assert.ok(Array.isArray(map.get('two')));
      assert.equal((map.get('ghost') as { code?: string }).code, 'TASK_NOT_FOUND');
      assert.equal(sim.log.filter({ api: 'SYNO.Entry.Request' }).length, 0, 'never called');
      assert.ok(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'get' }).length >= 2);
    } finally {
      await connection.close();
      await proxy.close();
      await sim.close();
    }
  });
});
