// How SYNO.Entry.Request batches are cut: by count and by size, so no body hits a server's limit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventScheduler } from '../../lib/dsm';
import { groupCalls, type SubCall } from '../../lib/dsm/compound';
import { METHODS } from '../../lib/dsm/methods';
import { connect, startSim } from './helpers';

const call = (name: string): SubCall => ({ descriptor: METHODS.get, params: { task_name: name } });

describe('compound batches', () => {
  it('cuts by count and by size, keeping order and never an empty group', () => {
    const names = Array.from({ length: 120 }, (_, i) => `t${i}`);
    assert.deepEqual(groupCalls(names.map(call)).map((g) => g.length), [50, 50, 20]);
    const big = ['a', 'b', 'c'].map((c) => call(c.repeat(50_000)));
    assert.deepEqual(groupCalls(big).map((g) => g.length), [1, 1, 1]);
    const wide = ['é', '😀'].map((c) => call(c.repeat(20_000)));
    assert.deepEqual(groupCalls(wide).map((g) => g.length), [1, 1], 'sized by encoded bytes, not characters');
    assert.deepEqual(groupCalls([call('x'.repeat(400_000))]).map((g) => g.length), [1]);
    assert.deepEqual(groupCalls([]), []);
  });

  it('lists tasks whose long names add up to more than one request body can carry', async () => {
    const seedTasks = Array.from({ length: 12 }, (_, i) => ({ name: `${i}${'é'.repeat(60_000)}`, script: 'true' }));
    const sim = await startSim({ seedTasks });
    const connection = connect(sim);
    try {
      const tasks = await new EventScheduler(connection).list();
      assert.equal(tasks.length, 12);
      assert.ok(sim.log.filter({ api: 'SYNO.Entry.Request' }).length >= 2);
    } finally {
      await connection.close();
      await sim.close();
    }
  });
});
