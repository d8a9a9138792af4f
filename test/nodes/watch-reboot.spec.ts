// The watch node through a simulated NAS reboot and with many tasks: the shutdown and boot-up results
// arrive once each (no duplicate, none missing), the status says nas-down meanwhile, at most one login
// once the NAS is back, and a poll of 50 watched tasks is one HTTP request.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeMessage } from 'node-red';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, getNode, lastStatusOf, loadFlow, sinks, startNodeRed, statusesOf, stopNodeRed, testFlow, waitFor } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';
import type { SeedTask } from '../../lib/sim';

const REBOOT_SEED: SeedTask[] = [
  { name: 'Prepare for shutdown', event: 'shutdown', owner: 'root', script: 'echo stopping services' },
  { name: 'Mount backup disk', event: 'bootup', owner: 'root', script: 'echo mounted' },
  { name: 'Check RAID', event: 'bootup', owner: 'root', script: 'echo degraded >&2; exit 1' },
];

function watchFlow(sim: Simulator, props: Record<string, unknown>): ReturnType<typeof testFlow> {
  const watch = {
    id: 'w1', type: 'synology-event-watch', name: '', server: 'dsm1', tasks: [], interval: 1, includeOutput: false, emitExisting: false,
    wires: [['out'], ['out2']], ...props,
  };
  return testFlow(dsmConfigNode(sim, TEST_USER), [watch]);
}

function watching(): boolean {
  return lastStatusOf('w1').text?.startsWith('common.status.watching') === true;
}

function resultIds(messages: NodeMessage[]): number[] {
  return messages.map((m) => (m.payload as { result_id: number }).result_id);
}

describe('synology-event-watch under a reboot and with many tasks', () => {
  let sim: Simulator;

  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  describe('reboot', () => {
    beforeEach(async () => {
      sim = await startTestSimulator({ seedTasks: REBOOT_SEED });
      await startNodeRed();
    });

    it('reports the shutdown and boot-up results of a reboot once each, with one login after the NAS is back', async () => {
      const { flow, credentials } = watchFlow(sim, {});
      await loadFlow(flow, credentials);
      const s = sinks();
      await waitFor(watching, 'the first poll');
      const statusesBefore = statusesOf('w1').length;
      sim.log.clear();

      await sim.reboot({ downMs: 2500 });
      const backAt = sim.log.entries().length;
      await sim.idle();
      await waitFor(() => s.count() >= 3, 'the shutdown and the two boot-up results', 30_000);
      // A few more polls: a duplicate would show up now.
      const polls = sim.log.filter({ api: 'SYNO.Entry.Request' }).length;
      await waitFor(() => sim.log.filter({ api: 'SYNO.Entry.Request' }).length >= polls + 2, 'two more polls', 10_000);

      const okTasks = s.out.map((m) => m.topic).sort();
      assert.deepEqual(okTasks, ['Mount backup disk', 'Prepare for shutdown']);
      assert.deepEqual(s.out2.map((m) => m.topic), ['Check RAID']);
      const ids = [...resultIds(s.out), ...resultIds(s.out2)];
      assert.equal(new Set(ids).size, 3, 'no duplicate');
      assert.equal(s.caught.length, 0, 'timer-driven failures are not sent to Catch');

      const shown = statusesOf('w1').slice(statusesBefore);
      assert.ok(
        shown.some((st) => st.fill === 'yellow' && st.text === 'common.status.nas-down'),
        `the status said nas-down while the NAS was away: ${JSON.stringify(shown)}`,
      );
      assert.ok(watching(), 'watching again');
      const warnings = (getNode('w1') as unknown as { warn: { getCalls(): { thisValue: { id: string }; args: unknown[] }[] } }).warn
        .getCalls()
        .filter((c) => c.thisValue.id === 'w1')
        .map((c) => String(c.args[0]));
      assert.ok(warnings.filter((w) => w.startsWith('NAS away')).length <= 1, `one log line while the NAS is away, not one per retry: ${warnings.join(' | ')}`);
      const loginsAfterBack = sim.log.entries().slice(backAt).filter((e) => e.api === 'SYNO.API.Auth' && e.method === 'login');
      assert.ok(loginsAfterBack.length <= 1, `at most one login after the NAS is back, saw ${loginsAfterBack.length}`);
      assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, loginsAfterBack.length, 'no login while it was away');
    });
  });

  describe('50 tasks', () => {
    const names = Array.from({ length: 50 }, (_, i) => `Task ${String(i + 1).padStart(2, '0')}`);

    beforeEach(async () => {
      sim = await startTestSimulator({ seedTasks: names.map((name) => ({ name, owner: 'root', script: `echo ${name.replace(' ', '-')}` })) });
      await startNodeRed();
    });

    it('polls 50 watched tasks with exactly one HTTP request per poll', async () => {
      const { flow, credentials } = watchFlow(sim, { tasks: names });
      await loadFlow(flow, credentials);
      const s = sinks();
      await waitFor(watching, 'the first poll');
      assert.equal(lastStatusOf('w1').text, 'common.status.watching (50)');
      await sim.runTaskNow('Task 07');
      await sim.runTaskNow('Task 50');
      // The first poll may have checked unknown names once; from here on the poll is one batch.
      await waitFor(() => s.out.length === 2, 'the two new results', 10_000);
      sim.log.clear();
      await sim.runTaskNow('Task 23');
      await waitFor(() => s.out.length === 3, 'the third result', 10_000);
      await waitFor(() => sim.log.entries().length >= 3, 'three polls', 10_000);

      const entries = sim.log.entries();
      assert.deepEqual([...new Set(entries.map((e) => `${e.api}.${e.method}`))], ['SYNO.Entry.Request.request'], 'every request is one batch');
      for (const entry of entries) {
        const compound = JSON.parse(entry.params.compound ?? '[]') as { task_name?: string }[];
        assert.equal(compound.length, 50, 'one request carries all 50 tasks');
      }
      assert.deepEqual(s.out.map((m) => m.topic), ['Task 07', 'Task 50', 'Task 23']);
      assert.equal(s.out2.length, 0);
    });
  });
});
