// Values too long for a request line: reads switch from GET to a POST body instead of being cut off.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventScheduler } from '../../lib/dsm';
import { connect, rejection, startSim } from './helpers';

describe('long values', () => {
  it('sends a read with a 20,000-character task name as POST and gets a DSM answer', async () => {
    const sim = await startSim();
    const connection = connect(sim);
    const scheduler = new EventScheduler(connection);
    const name = 'x'.repeat(20_000);
    try {
      assert.equal((await rejection(scheduler.results(name))).code, 'TASK_NOT_FOUND');
      const reads = sim.log.filter({ api: 'SYNO.Core.EventScheduler' });
      assert.ok(reads.length >= 1);
      assert.deepEqual(new Set(reads.map((entry) => entry.httpMethod)), new Set(['POST']));
      sim.log.clear();
      await scheduler.results('short').catch(() => undefined);
      assert.deepEqual(new Set(sim.log.filter({ api: 'SYNO.Core.EventScheduler' }).map((entry) => entry.httpMethod)), new Set(['GET']));
    } finally {
      await connection.close();
      await sim.close();
    }
  });
});
