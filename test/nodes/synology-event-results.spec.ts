import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, errorCode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

interface Row { result_id: number; exit_info: { exit_code: number } }

describe('synology-event-results', () => {
  let sim: Simulator;

  beforeEach(async () => {
    // the script fails when fired by boot-up: results ok, failed, ok, failed
    sim = await startTestSimulator({ seedTasks: [{ name: 'flaky', owner: 'root', script: '[ "$TRIGGER_EVENT" = on_demand ]' }] });
    for (let i = 0; i < 4; i++) await sim.runTaskNow('flaky', i % 2 ? 'bootup' : 'on_demand');
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(props: Record<string, unknown>): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'res', type: 'synology-event-results', name: '', server: 'dsm1', task: 'flaky', taskType: 'str', limit: 0, onlyFailures: false, wires: [['out']], ...props },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  async function ask(s: Sinks): Promise<Row[]> {
    getNode('res').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    assert.equal(s.caught.length, 0, JSON.stringify(s.caught[0]?.error));
    return s.out[0].payload as Row[];
  }

  it('sends every result, newest first, with DSM field names', async () => {
    const rows = await ask(await load({}));
    assert.equal(rows.length, 4);
    const ids = rows.map((r) => r.result_id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    for (const key of ['result_id', 'task_name', 'start_time', 'stop_time', 'exit_info']) assert.ok(key in rows[0], key);
  });

  it('limits the count, keeping the newest', async () => {
    const rows = await ask(await load({ limit: 2 }));
    assert.deepEqual(rows.map((r) => r.result_id), sim.state.results('flaky').slice(0, 2).map((r) => r.result_id));
  });

  it('applies the limit after the failure filter', async () => {
    const rows = await ask(await load({ limit: 1, onlyFailures: true }));
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0].exit_info.exit_code, 0);
  });

  it('keeps only failures when asked', async () => {
    const rows = await ask(await load({ onlyFailures: true }));
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.exit_info.exit_code !== 0));
  });

  it('fails with TASK_NOT_FOUND for an unknown task', async () => {
    const s = await load({ task: 'unknown' });
    getNode('res').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TASK_NOT_FOUND');
  });
});
