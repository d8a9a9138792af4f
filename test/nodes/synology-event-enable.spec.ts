import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, errorCode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

describe('synology-event-enable', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: [{ name: 'ups shutdown', script: 'true', owner: 'root', enabled: true }] });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(props: Record<string, unknown>): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'en', type: 'synology-event-enable', name: '', server: 'dsm1', task: 'ups shutdown', taskType: 'str', wires: [['out']], ...props },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  it('disables and enables a task as the node says', async () => {
    const s = await load({ action: 'disable' });
    getNode('en').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    assert.deepEqual(s.out[0].payload, { task: 'ups shutdown', enabled: false });
    assert.equal(sim.state.tasks.get('ups shutdown')?.enable, false);
  });

  it('enables when an old flow has no action', async () => {
    const s = await load({});
    getNode('en').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    assert.deepEqual(s.out[0].payload, { task: 'ups shutdown', enabled: true });
  });

  it('takes the action from msg.payload: booleans and the four words', async () => {
    const s = await load({ action: 'payload' });
    const inputs: unknown[] = [false, 'on', 'OFF', true, 'disable', 'enable'];
    for (const payload of inputs) {
      const before = s.count();
      getNode('en').receive({ payload });
      await waitFor(() => s.count() === before + 1, `the answer to ${String(payload)}`);
    }
    assert.deepEqual(s.out.map((m) => (m.payload as { enabled: boolean }).enabled), [false, true, false, true, false, true]);
    assert.equal(sim.state.tasks.get('ups shutdown')?.enable, true);
  });

  it('refuses any other payload with INVALID_INPUT before asking DSM', async () => {
    const s = await load({ action: 'payload' });
    getNode('en').receive({ payload: 'yes please' });
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(sim.log.filter({ method: 'set_enable' }).length, 0);
  });

  it('fails with TASK_NOT_FOUND for an unknown task', async () => {
    const s = await load({ task: 'missing', action: 'enable' });
    getNode('en').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TASK_NOT_FOUND');
  });
});
