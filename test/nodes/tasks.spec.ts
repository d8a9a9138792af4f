// The tasks node: the event tasks with their settings in msg.payload (the incoming msg travels on),
// and failures through done(err) with a code and a red status.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, getNode, lastStatusOf, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

const SEED = [
  { name: 'Mount backup disk', event: 'bootup' as const, owner: 'root', script: 'mount /dev/sdq1 /volume1/backup' },
  { name: 'Prepare for shutdown', event: 'shutdown' as const, owner: TEST_USER.name, script: 'sync', dependsOn: [], enabled: false, notifyEmail: 'ops@example.com', notifyOnlyOnError: true },
  { name: 'After mount', event: 'bootup' as const, owner: 'root', script: 'echo after', dependsOn: ['Mount backup disk'] },
];

function tasksFlow(sim: Simulator, server = 'dsm1', password: string = TEST_USER.password): ReturnType<typeof testFlow> {
  return testFlow(dsmConfigNode(sim, { name: TEST_USER.name, password }), [
    { id: 'l1', type: 'synology-event-tasks', name: '', server, wires: [['out']] },
  ]);
}

describe('synology-event-tasks', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  it('sends every event task with its settings, keeping the incoming message', async () => {
    const { flow, credentials } = tasksFlow(sim);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('l1').receive({ payload: 'go', topic: 'keep', custom: { a: 1 } });
    await waitFor(() => s.count() === 1, 'the answer');
    const msg = s.out[0];
    assert.equal(msg.topic, 'keep');
    assert.deepEqual((msg as unknown as { custom: unknown }).custom, { a: 1 });
    const tasks = msg.payload as Record<string, unknown>[];
    const byName = new Map(tasks.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ['After mount', 'Mount backup disk', 'Prepare for shutdown']);
    assert.deepEqual(byName.get('Prepare for shutdown'), {
      name: 'Prepare for shutdown', event: 'shutdown', enabled: false, owner: TEST_USER.name, script: 'sync', dependsOn: [],
      notifyEmail: 'ops@example.com', notifyOnlyOnError: true,
    });
    assert.deepEqual(byName.get('After mount')?.dependsOn, ['Mount backup disk']);
    assert.equal(byName.get('Mount backup disk')?.owner, 'root');
    for (const task of tasks) assert.deepEqual(Object.keys(task), ['name', 'event', 'enabled', 'owner', 'script', 'dependsOn', 'notifyEmail', 'notifyOnlyOnError']);
    assert.equal(lastStatusOf('l1').fill, 'green');
    assert.match(String(lastStatusOf('l1').text), /^common\.status\.ok \d\d:\d\d$/);
  });

  it('fails through done(err) with WRONG_CREDENTIALS and a red ring when the login is refused', async () => {
    const { flow, credentials } = tasksFlow(sim, 'dsm1', 'wrong-password');
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('l1').receive({ payload: 'go' });
    await waitFor(() => s.caught.length === 1, 'the caught error');
    assert.equal((s.caught[0].error as { code?: string }).code, 'WRONG_CREDENTIALS');
    assert.equal(s.out.length, 0);
    await waitFor(() => lastStatusOf('l1').fill === 'red', 'a red status');
    assert.equal(lastStatusOf('l1').shape, 'ring');
    assert.equal(JSON.stringify(s.caught[0]).includes('wrong-password'), false, 'the password is not in the error');
  });

  it('fails with UNREACHABLE when the NAS is away', async () => {
    const { flow, credentials } = tasksFlow(sim);
    await loadFlow(flow, credentials);
    const s = sinks();
    await sim.close();
    getNode('l1').receive({ payload: 'go' });
    await waitFor(() => s.caught.length === 1, 'the caught error', 40_000);
    assert.equal((s.caught[0].error as { code?: string }).code, 'UNREACHABLE');
  });

  it('fails with INVALID_INPUT and shows no-server without a config node', async () => {
    const { flow, credentials } = tasksFlow(sim, 'missing');
    await loadFlow(flow, credentials);
    const s = sinks();
    assert.deepEqual(lastStatusOf('l1'), { fill: 'red', shape: 'ring', text: 'common.status.no-server' });
    getNode('l1').receive({ payload: 'go' });
    await waitFor(() => s.caught.length === 1, 'the caught error');
    assert.equal((s.caught[0].error as { code?: string }).code, 'INVALID_INPUT');
    assert.equal(sim.log.entries().length, 0, 'nothing was sent to the NAS');
  });
});
