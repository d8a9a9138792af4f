// The watch node against the simulator: no replay on deploy, each new result once, failures to out 2
// with their output, an input message polls now, emitExisting, per-task errors, status shapes.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeMessage } from 'node-red';
import type { Simulator } from '../../lib/sim';
import {
  dsmConfigNode, everythingShown, getNode, lastStatusOf, loadFlow, sinks, startNodeRed, statusesOf, stopNodeRed, testFlow, waitFor,
} from '../helpers/node-red';
import { TEST_USER, sessionSecrets, startTestSimulator } from '../helpers/sim';

const SEED = [
  { name: 'Mount disk', event: 'bootup' as const, owner: 'root', script: 'echo mounted /volume1/backup' },
  { name: 'Check RAID', event: 'bootup' as const, owner: 'root', script: 'echo "md2 degraded" >&2; exit 3' },
  { name: 'Quiet', event: 'shutdown' as const, owner: 'root', script: 'true' },
];

function watchNode(props: Record<string, unknown> = {}): Record<string, unknown> & { id: string; type: string } {
  return {
    id: 'w1', type: 'synology-event-watch', name: '', server: 'dsm1', tasks: ['Mount disk', 'Check RAID'], interval: 60,
    includeOutput: false, emitExisting: false, wires: [['out'], ['out2']], ...props,
  };
}

interface ResultPayload {
  result_id: number;
  task_name: string;
  exit_info: { exit_code: number; exit_type: string };
  output?: { script_in: string; script_out: string };
}

function payloadOf(msg: NodeMessage): ResultPayload {
  return msg.payload as ResultPayload;
}

/** testFlow with the watch node. */
function watchFlow(sim: Simulator, props: Record<string, unknown> = {}): ReturnType<typeof testFlow> {
  return testFlow(dsmConfigNode(sim, TEST_USER), [watchNode(props)]);
}

function watching(): boolean {
  return lastStatusOf('w1').text?.startsWith('common.status.watching') === true;
}

/** Sends a message into the watch node and waits until it has been handled (done called). */
async function pollNow(): Promise<void> {
  const node = getNode('w1');
  const before = statusesOf('w1').length;
  node.receive({ payload: 'poll' });
  await waitFor(() => statusesOf('w1').length > before, 'the poll to finish');
}

describe('synology-event-watch', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  it('replays nothing on deploy, then emits each new result exactly once: successes on out 1, failures on out 2', async () => {
    await sim.runTaskNow('Mount disk');
    await sim.runTaskNow('Check RAID');
    const { flow, credentials } = watchFlow(sim);
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(watching, 'the first poll');
    assert.deepEqual(lastStatusOf('w1'), { fill: 'green', shape: 'dot', text: 'common.status.watching (2)' });
    assert.equal(s.count(), 0, 'old results are not replayed on deploy');

    const ok = await sim.runTaskNow('Mount disk');
    const failed = await sim.runTaskNow('Check RAID');
    await pollNow();
    await waitFor(() => s.count() === 2, 'two new results');
    assert.equal(s.out.length, 1);
    assert.equal(s.out2.length, 1);
    assert.equal(payloadOf(s.out[0]).result_id, ok?.result_id);
    assert.equal(s.out[0].topic, 'Mount disk');
    assert.equal((s.out[0] as NodeMessage & { task?: string }).task, 'Mount disk');
    assert.equal(payloadOf(s.out[0]).exit_info.exit_code, 0);
    assert.equal(payloadOf(s.out2[0]).result_id, failed?.result_id);
    assert.equal(payloadOf(s.out2[0]).exit_info.exit_code, 3);
    assert.equal(s.out2[0].topic, 'Check RAID');
    assert.equal(payloadOf(s.out[0]).output, undefined, 'no output unless asked for');

    await pollNow();
    await pollNow();
    assert.equal(s.count(), 2, 'nothing is emitted twice');
    assert.equal(s.caught.length, 0);
    const shown = everythingShown('w1');
    for (const secret of [TEST_USER.password, ...sessionSecrets(sim)]) assert.equal(shown.includes(secret), false, 'a secret leaked');
  });

  it('adds the script output to failures on out 2 (and to successes) with includeOutput', async () => {
    const { flow, credentials } = watchFlow(sim, { includeOutput: true });
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(watching, 'the first poll');
    await sim.runTaskNow('Check RAID');
    await sim.runTaskNow('Mount disk');
    await pollNow();
    await waitFor(() => s.count() === 2, 'two new results');
    assert.match(payloadOf(s.out2[0]).output?.script_out ?? '', /md2 degraded/);
    assert.match(payloadOf(s.out2[0]).output?.script_in ?? '', /exit 3/);
    assert.match(payloadOf(s.out[0]).output?.script_out ?? '', /mounted \/volume1\/backup/);
  });

  it('emits the results that exist at the first start with emitExisting, oldest first', async () => {
    const first = await sim.runTaskNow('Mount disk');
    const second = await sim.runTaskNow('Mount disk');
    const { flow, credentials } = watchFlow(sim, { emitExisting: true, tasks: ['Mount disk'] });
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(() => s.out.length === 2, 'the existing results');
    assert.deepEqual(s.out.map((m) => payloadOf(m).result_id), [first?.result_id, second?.result_id]);
    await pollNow();
    assert.equal(s.count(), 2);
  });

  it('watches every event task when the list is empty, and polls on an input message without waiting for the interval', async () => {
    const { flow, credentials } = watchFlow(sim, { tasks: [] });
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(watching, 'the first poll');
    assert.equal(lastStatusOf('w1').text, 'common.status.watching (3)');
    const result = await sim.runTaskNow('Quiet', 'shutdown');
    const started = Date.now();
    await pollNow();
    await waitFor(() => s.out.length === 1, 'the new result');
    assert.ok(Date.now() - started < 10_000, 'an input poll does not wait for the 60 s interval');
    assert.equal(payloadOf(s.out[0]).result_id, result?.result_id);
    assert.equal(s.out[0].topic, 'Quiet');
  });

  it('warns once about a watched task that does not exist and keeps watching the others', async () => {
    const { flow, credentials } = watchFlow(sim, { tasks: ['Mount disk', 'No such task'] });
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(() => lastStatusOf('w1').text?.startsWith('common.status.failed') === true, 'the first poll');
    assert.deepEqual(lastStatusOf('w1'), { fill: 'red', shape: 'ring', text: 'common.status.failed: TASK_NOT_FOUND (1/2)' }, 'one of two tasks fails');
    await pollNow();
    await pollNow();
    const warnings = everythingShown('w1').split('No such task: TASK_NOT_FOUND').length - 1;
    assert.ok(warnings >= 1, 'the missing task is reported');
    await sim.runTaskNow('Mount disk');
    await pollNow();
    await waitFor(() => s.out.length === 1, 'the result of the task that exists');
    const warnCalls = (getNode('w1') as unknown as { warn: { getCalls(): { thisValue: { id: string }; args: unknown[] }[] } }).warn
      .getCalls()
      .filter((c) => c.thisValue.id === 'w1' && String(c.args[0]).includes('No such task'));
    assert.equal(warnCalls.length, 1, 'one warning, not one per poll');
  });

  it('fails an input-triggered poll through done(err) when the NAS refuses, with a nas-down status', async () => {
    const { flow, credentials } = watchFlow(sim);
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(watching, 'the first poll');
    await sim.close();
    getNode('w1').receive({ payload: 'poll', keep: 'me' });
    await waitFor(() => s.caught.length === 1, 'the caught error', 40_000);
    const error = s.caught[0].error as { code?: string; message?: string };
    assert.equal(error.code, 'UNREACHABLE');
    assert.deepEqual(lastStatusOf('w1'), { fill: 'yellow', shape: 'ring', text: 'common.status.nas-down' });
    assert.equal(s.out.length + s.out2.length, 0);
  });
});
