// Input the action nodes refuse before anything reaches the NAS: task names of the wrong type or
// over our length limit, JSONata task expressions that fail (their message kept), and result ids
// that are not whole numbers. Each case checks the simulator saw no request at all.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeMessage } from 'node-red';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, errorCode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

const SEED = [{ name: 'report', owner: 'root', script: 'echo report' }];

/** msg.error.message as Catch nodes see it (Node-RED prefixes the error's name). */
function errorMessage(msg: NodeMessage | undefined): string {
  return String((msg?.error as { message?: unknown } | undefined)?.message);
}

describe('input checks before anything is sent', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(props: Record<string, unknown>, type = 'synology-event-run'): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'n1', type, name: '', server: 'dsm1', task: '', taskType: 'str', wires: type === 'synology-event-run' ? [['out'], ['out2']] : [['out']], ...props },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  /** Sends each message and returns the caught ones (one per message), asserting nothing went out. */
  async function refused(s: Sinks, messages: Record<string, unknown>[]): Promise<NodeMessage[]> {
    for (const msg of messages) {
      const before = s.count();
      getNode('n1').receive(msg);
      await waitFor(() => s.count() === before + 1, 'the caught message');
    }
    assert.equal(s.out.length + s.out2.length, 0, 'nothing was sent on');
    assert.deepEqual(sim.log.entries(), [], 'no request at all reached the NAS');
    for (const caught of s.caught) assert.equal(errorCode(caught), 'INVALID_INPUT', errorMessage(caught));
    return s.caught;
  }

  it('refuses msg.task of the wrong type with "msg.task must be a string"', async () => {
    const s = await load({});
    const caught = await refused(s, [{ task: { name: 'report' } }, { task: ['report'] }, { task: 42 }, { task: true }]);
    for (const msg of caught) assert.match(errorMessage(msg), /msg\.task must be a string/);
  });

  it('refuses a resolved task name of the wrong type, naming where it came from', async () => {
    const s = await load({ task: 'payload.name', taskType: 'msg' });
    const [msg] = await refused(s, [{ payload: { name: { x: 1 } } }]);
    assert.match(errorMessage(msg), /must be a string/);
    assert.match(errorMessage(msg), /msg\.payload\.name/);
  });

  it('still says "no task name" when there is none', async () => {
    const s = await load({});
    const [msg] = await refused(s, [{ payload: 'x' }]);
    assert.match(errorMessage(msg), /no task name/);
  });

  it('refuses a task name longer than 1024 characters (our own limit) and accepts 1024', async () => {
    const s = await load({});
    const [msg] = await refused(s, [{ task: 'x'.repeat(1025) }]);
    assert.match(errorMessage(msg), /1024/);
    assert.match(errorMessage(msg), /this package/);
    // exactly 1024 is sent (DSM answers that the task does not exist)
    getNode('n1').receive({ task: 'y'.repeat(1024) });
    await waitFor(() => s.count() === 2, 'the second answer');
    assert.equal(errorCode(s.caught[1]), 'TASK_NOT_FOUND');
  });

  it('keeps the message of a JSONata $error() as INVALID_INPUT', async () => {
    const s = await load({ task: '$error("my jsonata says no")', taskType: 'jsonata' });
    const [msg] = await refused(s, [{}]);
    assert.equal(errorMessage(msg), 'DsmError: the task name expression failed: my jsonata says no');
  });

  it('keeps the message of a JSONata syntax error as INVALID_INPUT', async () => {
    const s = await load({ task: '((', taskType: 'jsonata' });
    const [msg] = await refused(s, [{}]);
    assert.match(errorMessage(msg), /^DsmError: the task name expression failed: Expected "\)"/);
    assert.doesNotMatch(errorMessage(msg), /unexpected failure/);
  });

  it('refuses result ids that are not a whole number of digits, before asking DSM', async () => {
    const s = await load({ task: 'report', resultId: 'payload.id', resultIdType: 'msg' }, 'synology-event-output');
    const bad = [1e300, '1e3', 1.5, -1, '-1', '1.5', ' ', '0x10', Number.MAX_SAFE_INTEGER + 1, '99999999999999999999', Infinity, NaN, true, { id: 1 }];
    const caught = await refused(s, bad.map((id) => ({ payload: { id } })));
    assert.equal(caught.length, bad.length);
    for (const msg of caught) assert.match(errorMessage(msg), /result id/);
  });

  it('refuses a result id expression that fails, with its message', async () => {
    const s = await load({ task: 'report', resultId: '$error("no id here")', resultIdType: 'jsonata' }, 'synology-event-output');
    const [msg] = await refused(s, [{}]);
    assert.equal(errorMessage(msg), 'DsmError: the result id expression failed: no id here');
  });

  it('takes a safe whole number, a string of digits and "latest" as result ids', async () => {
    const first = await sim.runTaskNow('report');
    const id = Number(first?.result_id);
    const s = await load({ task: 'report', resultId: 'payload.id', resultIdType: 'msg' }, 'synology-event-output');
    for (const [n, value] of [id, String(id), 'latest', ' LATEST '].entries()) {
      getNode('n1').receive({ payload: { id: value } });
      await waitFor(() => s.count() === n + 1, `answer ${n + 1}`);
    }
    assert.equal(s.caught.length, 0, errorMessage(s.caught[0]));
    for (const msg of s.out) assert.equal((msg.payload as { result_id: number }).result_id, id);
  });
});
