// A NAS slower than the config node's timeout: a read (results) is retried once and then fails with
// TIMEOUT; a run is never retried and fails with TIMEOUT saying the task may have started.
// Requests are counted in the simulator's log, which records each one as it arrives.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { dsmConfigNode, getNode, loadFlow, startNodeRed, stopNodeRed, testFlow } from '../helpers/node-red';
import { TEST_USER, useSimulator } from '../helpers/sim';
import { nodeOn } from './support/flows';
import { errorOf, trackOutcomes } from './support/outcomes';

beforeEach(startNodeRed);
afterEach(stopNodeRed);

const TASK = 'slow-task';
const TIMEOUT_S = 1;
const SLOWER_MS = 2500;

async function slowFlow(t: { after(fn: () => Promise<void> | void): void }, method: string) {
  const sim = await useSimulator(t, { seedTasks: [{ name: TASK, script: 'true' }] });
  const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: TIMEOUT_S }), [
    nodeOn('run', 'synology-event-run', TASK),
    nodeOn('results', 'synology-event-results', TASK),
  ]);
  await loadFlow(flow, credentials);
  const outcomes = trackOutcomes();
  sim.faults.add({ api: 'SYNO.Core.EventScheduler', method, action: 'delay', ms: SLOWER_MS });
  return { sim, outcomes };
}

test('results on a slow NAS: retried once (2 requests), then TIMEOUT', async (t) => {
  const { sim, outcomes } = await slowFlow(t, 'result_list');
  getNode('results').receive({ rid: 0 });
  await outcomes.waitForEnded(1);
  assert.deepEqual(outcomes.codes(), { TIMEOUT: 1 });
  assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'result_list' }).length, 2);
});

test('run on a slow NAS: never retried (1 request), TIMEOUT says the task may have started', async (t) => {
  const { sim, outcomes } = await slowFlow(t, 'run');
  getNode('run').receive({ rid: 0 });
  await outcomes.waitForEnded(1);
  assert.deepEqual(outcomes.codes(), { TIMEOUT: 1 });
  assert.match(String(errorOf(outcomes.caught[0]).message), /may have started/i);
  assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length, 1);
  // With the NAS fast again the next message runs the task, again with one request.
  sim.faults.clear();
  getNode('run').receive({ rid: 1 });
  await outcomes.waitForEnded(2);
  assert.equal(outcomes.outputs.length, 1);
  assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length, 2);
});
