// Closing and failing without loose ends: a run that waits stops polling on close, the config node
// finishes closing in time even when logout hangs, and nothing rejects unhandled.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

describe('node lifecycle', () => {
  let sim: Simulator;
  let running = false;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: [{ name: 'slow', script: 'sleep 5', owner: 'root' }] });
    await startNodeRed();
    running = true;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    if (running) await stopNodeRed();
    await sim.close();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no promise rejected unhandled');
  });

  it('stops polling for a result when the node closes', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'run', type: 'synology-event-run', name: '', server: 'dsm1', task: 'slow', taskType: 'str', wait: true, includeOutput: false, waitTimeout: 60, wires: [['out'], ['out2']] },
    ]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('run').receive({});
    await waitFor(() => sim.log.filter({ method: 'result_list' }).length >= 2, 'the first poll');
    const started = Date.now();
    running = false;
    await stopNodeRed();
    assert.ok(Date.now() - started < 5000, 'close did not wait for the task');
    const polls = sim.log.filter({ method: 'result_list' }).length;
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(sim.log.filter({ method: 'result_list' }).length, polls, 'no poll after close');
    assert.equal(s.count(), 0, 'nothing was sent after close');
  });

  it('finishes closing within Node-RED\'s limit when logout hangs', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: 1 }), [
      { id: 'res', type: 'synology-event-results', name: '', server: 'dsm1', task: 'slow', taskType: 'str', wires: [['out']] },
    ]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('res').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    sim.faults.add({ api: 'SYNO.API.Auth', method: 'logout', action: 'hang' });
    const started = Date.now();
    running = false;
    await stopNodeRed();
    assert.ok(Date.now() - started < 14_000, `close took ${Date.now() - started} ms`);
  });

  it('fails 50 messages at once on a dead NAS without an unhandled rejection', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode({ url: 'http://127.0.0.1:1' }, TEST_USER), [
      { id: 'res', type: 'synology-event-results', name: '', server: 'dsm1', task: 'slow', taskType: 'str', wires: [['out']] },
    ]);
    await loadFlow(flow, credentials);
    const s = sinks();
    for (let i = 0; i < 50; i++) getNode('res').receive({ i });
    await waitFor(() => s.count() === 50, '50 failures');
    assert.equal(s.caught.length, 50);
    assert.ok(s.caught.every((m) => typeof (m.error as { code?: unknown }).code === 'string'));
  });
});
