import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, errorCode, getNode, loadFlow, sinks, startNodeRed, stopNodeRed, testFlow, waitFor, type Sinks } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

describe('synology-event-output', () => {
  let sim: Simulator;
  let firstId: number;
  let secondId: number;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: [{ name: 'report', owner: 'root', script: 'echo run $TRIGGER_EVENT' }] });
    firstId = (await sim.runTaskNow('report'))?.result_id ?? -1;
    secondId = (await sim.runTaskNow('report', 'bootup'))?.result_id ?? -1;
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  async function load(props: Record<string, unknown>): Promise<Sinks> {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
      { id: 'o', type: 'synology-event-output', name: '', server: 'dsm1', task: 'report', taskType: 'str', wires: [['out']], ...props },
    ]);
    await loadFlow(flow, credentials);
    return sinks();
  }

  async function ask(s: Sinks, msg: Record<string, unknown>): Promise<void> {
    getNode('o').receive(msg);
    await waitFor(() => s.count() === 1, 'the answer');
  }

  it('reads msg.payload.result_id by default (an old flow without resultId)', async () => {
    const s = await load({});
    await ask(s, { payload: { result_id: firstId } });
    assert.deepEqual(s.out[0].payload, { task: 'report', result_id: firstId, script_in: 'echo run $TRIGGER_EVENT', script_out: 'run on_demand\n' });
  });

  it('takes "latest" as the newest result', async () => {
    const s = await load({ resultId: 'latest', resultIdType: 'str' });
    await ask(s, {});
    const payload = s.out[0].payload as { result_id: number; script_out: string };
    assert.equal(payload.result_id, secondId);
    assert.match(payload.script_out, /bootup/);
  });

  it('refuses a missing or malformed result id before asking DSM', async () => {
    const s = await load({ resultId: 'payload.id', resultIdType: 'msg' });
    await ask(s, { payload: { id: 'abc' } });
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(sim.log.filter({ method: 'result_get_file' }).length, 0);
  });
});
