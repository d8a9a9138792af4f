import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, errorCode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

describe('synology-event-delete', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: [{ name: 'old task', script: 'true', owner: 'root' }] });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(task: string): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'del', type: 'synology-event-delete', name: '', server: 'dsm1', task, taskType: 'str', wires: [['out']] },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  it('deletes a task', async () => {
    const s = await load('old task');
    getNode('del').receive({ topic: 'cleanup' });
    await waitFor(() => s.count() === 1, 'the answer');
    assert.deepEqual(s.out[0].payload, { task: 'old task', deleted: true });
    assert.equal(s.out[0].topic, 'cleanup');
    assert.equal(sim.state.tasks.has('old task'), false);
  });

  it('fails with TASK_NOT_FOUND for an unknown task', async () => {
    const s = await load('never existed');
    getNode('del').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TASK_NOT_FOUND');
  });
});
