// The watch node across a Node-RED restart with a file-backed context store (localfilesystem in a
// temp folder): the marks survive, so a result seen before the restart is not repeated and a result
// that arrived while Node-RED was down is not skipped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeMessage } from 'node-red';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, getNode, helper, lastStatusOf, loadFlow, sinks, type Sinks, startNodeRed, statusesOf, stopNodeRed, testFlow, waitFor } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

/** The runtime internals of node-red-node-test-helper this test drives (it ships no types). */
interface HelperInternals {
  settings(settings: object): object;
  /** The runtime's context module (init() leaves only a memory store). */
  _context: { init(settings: object): void };
  _redNodes: {
    loadContextsPlugin(): Promise<void>;
    closeContextsPlugin(): Promise<void>;
    stopFlows(): Promise<void>;
  };
}

const internals = helper as unknown as HelperInternals;

function watchFlow(sim: Simulator, disabled: boolean, tasks: string[]): ReturnType<typeof testFlow> {
  const watch = {
    id: 'w1', type: 'synology-event-watch', name: '', server: 'dsm1', tasks, interval: 60, includeOutput: false,
    emitExisting: false, wires: [['out'], ['out2']], ...(disabled ? { d: true } : {}),
  };
  return testFlow(dsmConfigNode(sim, TEST_USER), [watch]);
}

function useStore(dir: string): void {
  internals.settings({ contextStorage: { default: { module: 'localfilesystem', config: { dir, flushInterval: 1 } } } });
}

/**
 * Starts the runtime with the file-backed store in `dir`: the helper's load() sets up a memory-only
 * context, so the flow is loaded with the watch node disabled, the persistent store is loaded, and
 * the real flow is deployed on top.
 */
async function startRuntime(sim: Simulator, dir: string, tasks = ['Backup']): Promise<Sinks> {
  useStore(dir);
  await startNodeRed();
  const disabled = watchFlow(sim, true, tasks);
  await loadFlow(disabled.flow, disabled.credentials);
  await internals._redNodes.loadContextsPlugin();
  const enabled = watchFlow(sim, false, tasks);
  await helper.setFlows(enabled.flow, 'full', enabled.credentials);
  const received = sinks();
  await waitFor(() => lastStatusOf('w1').text?.startsWith('common.status.watching') === true, 'the first poll');
  return received;
}

/**
 * Stops it as Node-RED stops: flows closed, the store flushed to disk. The helper's unload() then
 * deletes every node's context (a test-only clean-up a real Node-RED does not do), so the context
 * module is reset to its memory store first and the files stay as Node-RED left them.
 */
async function stopRuntime(): Promise<void> {
  await internals._redNodes.stopFlows();
  await internals._redNodes.closeContextsPlugin();
  internals._context.init({});
  await stopNodeRed();
}

async function pollNow(): Promise<void> {
  const before = statusesOf('w1').length;
  getNode('w1').receive({ payload: 'poll' });
  await waitFor(() => statusesOf('w1').length > before, 'the poll to finish');
}

function ids(messages: NodeMessage[]): number[] {
  return messages.map((m) => (m.payload as { result_id: number }).result_id);
}

describe('synology-event-watch across a Node-RED restart', () => {
  let sim: Simulator;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-restart-'));
    sim = await startTestSimulator({
      seedTasks: ['Backup', '__proto__', 'constructor'].map((name) => ({ name, owner: 'root', script: 'echo backed up' })),
    });
  });
  after(async () => {
    internals.settings({});
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('neither repeats nor skips a result when Node-RED restarts with a persistent context store', async () => {
    const old = await sim.runTaskNow('Backup');
    let s = await startRuntime(sim, dir);
    await pollNow();
    assert.equal(s.count(), 0, 'the result from before the first start is not replayed');

    const seen = await sim.runTaskNow('Backup');
    await pollNow();
    await waitFor(() => s.out.length === 1, 'the new result');
    assert.deepEqual(ids(s.out), [seen?.result_id]);

    await stopRuntime();
    const whileDown = await sim.runTaskNow('Backup');

    s = await startRuntime(sim, dir);
    await pollNow();
    await waitFor(() => s.out.length === 1, 'the result that arrived while Node-RED was down');
    await pollNow();
    assert.deepEqual(ids(s.out), [whileDown?.result_id], 'only the result from the downtime: no repeat, no skip');
    assert.notEqual(whileDown?.result_id, old?.result_id);
    await stopRuntime();
  });

  it('keeps the marks of tasks named __proto__ and constructor in the file-backed store across a restart', async () => {
    const tasks = ['__proto__', 'constructor'];
    const storeDir = mkdtempSync(join(tmpdir(), 'watch-restart-proto-'));
    let running = false;
    try {
      for (const task of tasks) await sim.runTaskNow(task);
      running = true;
      let s = await startRuntime(sim, storeDir, tasks);
      await pollNow();
      assert.equal(s.count(), 0, 'the results from before the first start are not replayed');
      const seen: (number | undefined)[] = [];
      for (const task of tasks) seen.push((await sim.runTaskNow(task))?.result_id);
      await pollNow();
      await waitFor(() => s.out.length >= 2, 'the two new results');
      assert.deepEqual(ids(s.out).sort(), [...seen].sort(), 'each new result once');

      running = false;
      await stopRuntime();
      const whileDown = (await sim.runTaskNow('__proto__'))?.result_id;

      running = true;
      s = await startRuntime(sim, storeDir, tasks);
      await pollNow();
      await waitFor(() => s.out.length >= 1, 'the result that arrived while Node-RED was down');
      await pollNow();
      assert.deepEqual(ids(s.out), [whileDown], 'only the result from the downtime: no repeat, no skip');
    } finally {
      // A failed assertion must not leave the runtime (and its poll timer) running.
      if (running) await stopRuntime();
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});
