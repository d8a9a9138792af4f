// The watch node against the simulator where a tester broke it: an interval above setTimeout's limit
// (must not turn into a 1 ms busy loop), task names that are Object.prototype's own names (`__proto__`,
// `constructor`: the marks must hold them like any other name), and a status that tells when the
// watched tasks cannot be read (red when all fail, a count when some do, green again afterwards).
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeMessage } from 'node-red';
import type { SeedTask, Simulator } from '../../lib/sim';
import type { DsmServer } from '../../nodes/shared/dsm-server';
import { dsmConfigNode, getNode, lastStatusOf, loadFlow, sinks, startNodeRed, statusesOf, stopNodeRed, testFlow, waitFor } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

function watchFlow(sim: Simulator, props: Record<string, unknown>): ReturnType<typeof testFlow> {
  const watch = {
    id: 'w1', type: 'synology-event-watch', name: '', server: 'dsm1', tasks: [], interval: 60, includeOutput: false, emitExisting: false,
    wires: [['out'], ['out2']], ...props,
  };
  return testFlow(dsmConfigNode(sim, TEST_USER), [watch]);
}

function watching(): boolean {
  return lastStatusOf('w1').text?.startsWith('common.status.watching') === true;
}

/** Requests that read results (a batch, or a single result_list): one per poll. */
function pollRequests(sim: Simulator): number {
  return sim.log.entries().filter((e) => e.api === 'SYNO.Entry.Request' || (e.api === 'SYNO.Core.EventScheduler' && e.method === 'result_list')).length;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function pollNow(): Promise<void> {
  const before = statusesOf('w1').length;
  getNode('w1').receive({ payload: 'poll' });
  await waitFor(() => statusesOf('w1').length > before, 'the poll to finish');
}

function topics(messages: NodeMessage[]): string[] {
  return messages.map((m) => String(m.topic)).sort();
}

describe('synology-event-watch robustness', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await stopNodeRed();
    await sim?.close();
    sim = undefined;
  });

  it('polls once and then waits when the interval is above the timer limit (30 days), without a TimeoutOverflowWarning', async () => {
    sim = await startTestSimulator({ seedTasks: [{ name: 'Backup', owner: 'root', script: 'true' }] });
    await startNodeRed();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const { flow, credentials } = watchFlow(sim, { tasks: ['Backup'], interval: 2_592_000 });
      await loadFlow(flow, credentials);
      await waitFor(watching, 'the first poll');
      const afterFirstPoll = sim.log.entries().length;
      assert.ok(pollRequests(sim) >= 1, 'the initial poll read the results');
      await sleep(2000);
      const later = sim.log.entries().slice(afterFirstPoll).map((e) => `${e.api} ${e.method}`);
      assert.deepEqual(later, [], 'no request after the initial poll within 2 s');
      assert.deepEqual(warnings.filter((w) => w === 'TimeoutOverflowWarning'), []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('keeps marks for tasks named __proto__ and constructor: no old result at start, each new result exactly once', async () => {
    const seed: SeedTask[] = ['__proto__', 'constructor', 'normal'].map((name) => ({ name, owner: 'root', script: 'echo failing; exit 1' }));
    sim = await startTestSimulator({ seedTasks: seed });
    for (const task of seed) assert.ok(await sim.runTaskNow(task.name), `${task.name} ran before the start`);
    await startNodeRed();
    const { flow, credentials } = watchFlow(sim, { tasks: [], interval: 1 });
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(watching, 'the first poll');
    assert.equal(lastStatusOf('w1').text, 'common.status.watching (3)');
    const start = pollRequests(sim);
    await waitFor(() => pollRequests(sim as Simulator) >= start + 4, 'four more polls', 15_000);
    assert.deepEqual(topics([...s.out, ...s.out2]), [], 'old results are not emitted (emitExisting is off)');

    for (const task of seed) await sim.runTaskNow(task.name);
    await waitFor(() => s.count() >= 3, 'the three new results', 15_000);
    const after = pollRequests(sim);
    await waitFor(() => pollRequests(sim as Simulator) >= after + 3, 'three more polls', 15_000);
    assert.deepEqual(topics(s.out2), ['__proto__', 'constructor', 'normal'], 'exactly one message per task');
    assert.equal(s.out.length + s.caught.length, 0);
  });

  it('shows a red status when every watched task fails, the failed count when some do, and green again when they read fine', async () => {
    sim = await startTestSimulator({
      seedTasks: [
        { name: 'Backup', owner: 'root', script: 'true' },
        { name: 'Mount', owner: 'root', script: 'true' },
      ],
    });
    await startNodeRed();
    const { flow, credentials } = watchFlow(sim, { tasks: ['Backup', 'Mount'] });
    await loadFlow(flow, credentials);
    const s = sinks();
    await waitFor(watching, 'the first poll');
    assert.deepEqual(lastStatusOf('w1'), { fill: 'green', shape: 'dot', text: 'common.status.watching (2)' });

    // Every item of the batch answers 105.
    const rule = sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'result_list', action: 'error', code: 105 });
    await pollNow();
    const failed = lastStatusOf('w1');
    assert.equal(failed.fill, 'red');
    assert.equal(failed.shape, 'ring');
    assert.match(String(failed.text), /^common\.status\.failed: NO_PERMISSION/);
    await pollNow();
    await pollNow();
    assert.equal(lastStatusOf('w1').fill, 'red', 'still red while the tasks keep failing');
    const warn = (getNode('w1') as unknown as { warn: { getCalls(): { thisValue: { id: string }; args: unknown[] }[] } }).warn;
    const warnings = (): string[] => warn.getCalls().filter((c) => c.thisValue.id === 'w1').map((c) => String(c.args[0]));
    assert.equal(warnings().filter((w) => w.startsWith('Backup:')).length, 1, 'one warning per task and kind, not one per poll');
    assert.equal(warnings().filter((w) => w.startsWith('Mount:')).length, 1, 'one warning per task and kind, not one per poll');

    sim.faults.remove(rule);
    await pollNow();
    assert.deepEqual(lastStatusOf('w1'), { fill: 'green', shape: 'dot', text: 'common.status.watching (2)' }, 'green again');

    // One of the two fails: the status says how many of how many are read.
    await getNode<DsmServer>('dsm1').scheduler().delete('Mount');
    await pollNow();
    const partial = lastStatusOf('w1');
    assert.notEqual(partial.fill, 'green', 'not green while a watched task fails');
    assert.match(String(partial.text), /TASK_NOT_FOUND/);
    assert.match(String(partial.text), /1\/2/);
    await pollNow();
    assert.equal(warnings().filter((w) => w.startsWith('Mount: TASK_NOT_FOUND')).length, 1);
    assert.equal(s.caught.length, 0, 'timer and input polls that only had per-task errors do not fail');
  });
});
