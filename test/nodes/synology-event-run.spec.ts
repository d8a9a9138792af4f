import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import {
  dsmConfigNode, errorCode, getNode, lastStatusOf, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks,
} from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

const SEED = [
  { name: 'ok task', script: 'echo hello from ok', owner: 'root' },
  { name: 'failing task', script: 'echo about to fail; exit 3', owner: 'root' },
  { name: 'slow task', script: 'sleep 5', owner: 'root' },
];

describe('synology-event-run', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(props: Record<string, unknown>): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'run', type: 'synology-event-run', name: '', server: 'dsm1', task: 'ok task', taskType: 'str', wait: false, includeOutput: false, waitTimeout: 300, wires: [['out'], ['out2']], ...props },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  it('starts a task and says so without waiting', async () => {
    const s = await load({});
    getNode('run').receive({ topic: 'ups' });
    await waitFor(() => s.count() === 1, 'the answer');
    assert.deepEqual(s.out[0].payload, { task: 'ok task', started: true });
    assert.equal(s.out[0].topic, 'ups');
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length, 1);
    assert.equal(lastStatusOf('run').fill, 'green');
    assert.match(String(lastStatusOf('run').text), /^common\.status\.started \d\d:\d\d$/);
  });

  it('waits for the result of its own run and sends it on out 1, with the output', async () => {
    await sim.runTaskNow('ok task');
    const oldId = sim.state.results('ok task')[0].result_id;
    const s = await load({ wait: true, includeOutput: true });
    getNode('run').receive({});
    await waitFor(() => s.count() === 1, 'the result');
    const payload = s.out[0].payload as { result_id: number; exit_info: { exit_code: number }; output: { script_in: string; script_out: string } };
    assert.ok(payload.result_id > oldId, 'a result newer than the run');
    assert.equal(payload.exit_info.exit_code, 0);
    assert.equal(payload.output.script_in, 'echo hello from ok');
    assert.match(payload.output.script_out, /hello from ok/);
    assert.equal(lastStatusOf('run').fill, 'green');
  });

  it('sends a failed result (non-zero exit) to out 2 with a red ring', async () => {
    const s = await load({ task: 'failing task', wait: true });
    getNode('run').receive({});
    await waitFor(() => s.count() === 1, 'the result');
    assert.equal(s.out.length, 0);
    const payload = s.out2[0].payload as { exit_info: { exit_code: number }; output?: unknown };
    assert.equal(payload.exit_info.exit_code, 3);
    assert.equal(payload.output, undefined, 'no output unless asked for');
    assert.equal(lastStatusOf('run').fill, 'red');
    assert.match(String(lastStatusOf('run').text), /exit 3/);
  });

  it('gives up with WAIT_TIMEOUT after waitTimeout seconds', async () => {
    const s = await load({ task: 'slow task', wait: true, waitTimeout: 1 });
    const started = Date.now();
    getNode('run').receive({});
    await waitFor(() => s.count() === 1, 'the timeout', 10_000);
    assert.equal(errorCode(s.caught[0]), 'WAIT_TIMEOUT');
    assert.ok(Date.now() - started >= 900, 'it waited about a second');
  });

  it('fails with TASK_NOT_FOUND for an unknown task and does not wait', async () => {
    const s = await load({ task: 'nope', wait: true });
    getNode('run').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TASK_NOT_FOUND');
  });
});
