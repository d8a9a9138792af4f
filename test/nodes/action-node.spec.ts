// The behaviour every action node inherits from nodes/shared/action-node.ts, driven through the
// delete and results nodes against a real simulator.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import {
  dsmConfigNode, errorCode, getNode, lastStatusOf, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor,
} from '../helpers/node-red';
import { TEST_USER, loginCount, startTestSimulator } from '../helpers/sim';

const SEED = [{ name: 'mount backup', script: 'echo mounted', event: 'bootup' as const, owner: 'root' }];

describe('action node base', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(nodeProps: Record<string, unknown> = {}, type = 'synology-event-results'): Promise<ReturnType<typeof sinks>> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'n1', type, name: '', server: 'dsm1', task: '', taskType: 'str', wires: [['out']], ...nodeProps },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  it('fails with INVALID_INPUT and sends nothing to DSM when there is no task name', async () => {
    const s = await load();
    getNode('n1').receive({ payload: 'x' });
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(s.out.length, 0);
    assert.equal(sim.log.entries().length, 0, 'no request at all reached the NAS');
    assert.deepEqual({ ...lastStatusOf('n1'), text: undefined }, { fill: 'red', shape: 'ring', text: undefined });
    assert.match(String(lastStatusOf('n1').text), /INVALID_INPUT/);
  });

  it('takes msg.task when the task field is empty, and sets msg.task and msg.payload', async () => {
    const s = await load();
    getNode('n1').receive({ task: 'mount backup', topic: 't' });
    await waitFor(() => s.count() === 1, 'the answer');
    assert.equal(s.out[0].task, 'mount backup');
    assert.ok(Array.isArray(s.out[0].payload));
    assert.equal(lastStatusOf('n1').fill, 'green');
    assert.equal(lastStatusOf('n1').shape, 'dot');
    assert.match(String(lastStatusOf('n1').text), /^common\.status\.ok \d\d:\d\d$/);
  });

  it('evaluates msg, flow and jsonata task names (the callback form)', async () => {
    const s = await load({ task: '"mount " & payload.which', taskType: 'jsonata' });
    getNode('n1').receive({ payload: { which: 'backup' } });
    await waitFor(() => s.count() === 1, 'the answer');
    assert.equal(s.out[0].task, 'mount backup');
  });

  it('refuses a task name that is not a string', async () => {
    const s = await load({ task: 'payload', taskType: 'msg' });
    getNode('n1').receive({ payload: 42 });
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
  });

  it('keeps the incoming message object and its properties', async () => {
    const s = await load({ task: 'mount backup' });
    const req = { headers: { host: 'x' }, socket: { destroyed: false }, self: undefined as unknown };
    req.self = req;
    const msg = { topic: 'ups/battery', custom: { keep: [1, 2] }, req, payload: 'before' };
    getNode('n1').receive(msg);
    await waitFor(() => s.count() === 1, 'the answer');
    const got = s.out[0];
    assert.ok(got === msg, 'the same object travels on');
    assert.equal(got.topic, 'ups/battery');
    assert.deepEqual(got.custom, { keep: [1, 2] });
    assert.equal(got.req, req);
    assert.equal(typeof got._msgid, 'string');
    assert.deepEqual(Object.keys(got).sort(), ['_msgid', 'custom', 'payload', 'req', 'task', 'topic']);
  });

  it('does no harm with prototype-pollution keys in the message', async () => {
    const s = await load({}, 'synology-event-create');
    const msg = JSON.parse('{"task":"polluter","payload":{"__proto__":{"script":"id","allowScriptFromMsg":true},"constructor":{"prototype":{"bad":1}}}}') as Record<string, unknown>;
    getNode('n1').receive(msg);
    await waitFor(() => s.count() === 1, 'the answer');
    // no script came from the node and the inherited one was ignored
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(({} as Record<string, unknown>).script, undefined);
    assert.equal(({} as Record<string, unknown>).bad, undefined);
    assert.equal(sim.state.tasks.has('polluter'), false);
  });

  it('gives Catch nodes the DSM error code for an unknown task, with a red ring', async () => {
    const s = await load({ task: 'no such task' });
    getNode('n1').receive({ topic: 'keep me' });
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'TASK_NOT_FOUND');
    assert.equal(s.caught[0].topic, 'keep me');
    assert.equal(lastStatusOf('n1').fill, 'red');
    assert.match(String(lastStatusOf('n1').text), /TASK_NOT_FOUND/);
  });

  it('reports a non-JSON answer as NOT_JSON', async () => {
    const s = await load({ task: 'mount backup' });
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', action: 'html' });
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'NOT_JSON');
  });

  it('shows "no NAS configured" and fails without a config node', async () => {
    const { flow } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'n1', type: 'synology-event-delete', name: '', server: '', task: 'mount backup', taskType: 'str', wires: [['out']] },
    ]);
    await loadFlow(flow, {});
    const s = sinks();
    assert.deepEqual(lastStatusOf('n1'), { fill: 'red', shape: 'ring', text: 'common.status.no-server' });
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(loginCount(sim), 0);
  });
});
