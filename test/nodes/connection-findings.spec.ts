// The config node and the action nodes around the connection: a host typed as a URL with
// credentials (never echoed), a timeout before the write (never "the task may have started"), and
// the status of a node that had succeeded once the NAS is back after a reboot.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { NodeMessage } from 'node-red';
import type { Simulator } from '../../lib/sim';
import {
  dsmConfigNode, errorCode, everythingShown, getNode, lastStatusOf, loadFlow, safeStringify, sinks, startNodeRed, statusesOf, stopNodeRed,
  testFlow, waitFor, type Sinks,
} from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';

const SEED = [
  { name: 'report', owner: 'root', script: 'echo report' },
  { name: 'other', owner: 'root', script: 'echo other' },
];

function errorMessage(msg: NodeMessage | undefined): string {
  return String((msg?.error as { message?: unknown } | undefined)?.message);
}

function runNode(id: string, task: string): Record<string, unknown> & { id: string; type: string } {
  return { id, type: 'synology-event-run', name: '', server: 'dsm1', task, taskType: 'str', wait: false, wires: [['out'], ['out2']] };
}

function resultsNode(id: string, task: string): Record<string, unknown> & { id: string; type: string } {
  return { id, type: 'synology-event-results', name: '', server: 'dsm1', task, taskType: 'str', limit: 0, onlyFailures: false, wires: [['out']] };
}

/** Waits until the simulator's port refuses connections (the reboot's down time has begun). */
async function waitUntilRefused(sim: Simulator): Promise<void> {
  const port = Number(new URL(sim.url).port);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the simulator never went down');
}

describe('connection findings', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    await startNodeRed();
  });
  afterEach(async () => {
    await stopNodeRed();
    await sim.close();
  });

  it('never echoes the password of a host typed as a URL with credentials', async () => {
    const url = new URL(sim.url);
    const host = `https://${TEST_USER.name}:${TEST_USER.password}@127.0.0.1:${url.port}/`;
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { host }), [runNode('n1', 'report')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    const caught = s.caught[0];
    assert.equal(errorCode(caught), 'INVALID_INPUT');
    assert.match(errorMessage(caught), /not a URL/);
    const error = caught.error as Error;
    for (const text of [errorMessage(caught), String(error.stack), safeStringify(caught), everythingShown('n1'), JSON.stringify(statusesOf('n1'))]) {
      assert.equal(text.includes(TEST_USER.password), false, `the password leaked into: ${text.slice(0, 200)}`);
      assert.equal(text.includes(`${TEST_USER.name}:`), false, 'no user-info at all');
    }
    assert.equal(sim.log.entries().length, 0, 'nothing was sent');
  });

  it('says nothing was sent to the task when the login times out (code TIMEOUT)', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: 0.5 }), [runNode('n1', 'report')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    sim.faults.add({ api: 'SYNO.API.Auth', method: 'login', action: 'hang', times: 1 });
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TIMEOUT');
    const message = errorMessage(s.caught[0]);
    assert.doesNotMatch(message, /may have started|may have been made/);
    assert.match(message, /nothing was sent to the task/);
    assert.match(message, /login/);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length, 0, 'no run reached the NAS');
  });

  it('says nothing was sent to the task when SYNO.API.Info times out', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: 0.5 }), [runNode('n1', 'report')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    sim.faults.add({ api: 'SYNO.API.Info', action: 'hang', times: 1 });
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TIMEOUT');
    assert.doesNotMatch(errorMessage(s.caught[0]), /may have started|may have been made/);
    assert.match(errorMessage(s.caught[0]), /nothing was sent to the task/);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler' }).length, 0);
  });

  it('still says the task may have started when the run request itself times out', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: 0.5 }), [runNode('n1', 'report')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'run', action: 'hang', times: 1 });
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'TIMEOUT');
    assert.match(errorMessage(s.caught[0]), /may have started/);
  });

  async function ask(s: Sinks, id: string, what: string): Promise<void> {
    const before = s.count();
    getNode(id).receive({});
    await waitFor(() => s.count() === before + 1, what, 15_000);
  }

  it('shows its own last status again, not a stale "logging in", once the NAS is back after a reboot', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [runNode('n1', 'report'), resultsNode('n2', 'other')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    await ask(s, 'n1', 'the run');
    assert.equal(s.caught.length, 0, errorMessage(s.caught[0]));
    const own = lastStatusOf('n1');
    assert.equal(own.fill, 'green');
    assert.match(String(own.text), /^common\.status\.started \d\d:\d\d$/);

    const rebooting = sim.reboot({ downMs: 1500 });
    await waitUntilRefused(sim);
    // n2 asks while the NAS is away (unreachable) and again until it answers (a new login)
    const shownOnN1 = statusesOf('n1').length;
    for (const deadline = Date.now() + 20_000; ; ) {
      const before = s.out.length;
      await ask(s, 'n2', 'an answer of n2');
      if (s.out.length > before) break;
      if (Date.now() > deadline) throw new Error('the NAS did not come back');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await rebooting;
    const during = statusesOf('n1').slice(shownOnN1);
    assert.ok(
      during.some((st) => st.text === 'common.status.unreachable' || st.text === 'common.status.logging-in'),
      `n1 showed the outage: ${JSON.stringify(during)}`,
    );
    assert.deepEqual(lastStatusOf('n2').fill, 'green');
    assert.deepEqual(lastStatusOf('n1'), own, 'n1 shows its own last status again');
  });

  it('shows "connected" instead of its own connection failure once the NAS is back', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [runNode('n1', 'report'), resultsNode('n2', 'other')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    await ask(s, 'n2', 'the first answer of n2');
    const rebooting = sim.reboot({ downMs: 1500 });
    await waitUntilRefused(sim);
    await ask(s, 'n1', 'the failed run');
    assert.equal(errorCode(s.caught.at(-1)), 'UNREACHABLE');
    assert.match(String(lastStatusOf('n1').text), /UNREACHABLE/);
    await rebooting;
    for (const deadline = Date.now() + 20_000; ; ) {
      const before = s.out.length;
      await ask(s, 'n2', 'an answer of n2');
      if (s.out.length > before) break;
      if (Date.now() > deadline) throw new Error('the NAS did not come back');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.deepEqual(lastStatusOf('n1'), { fill: 'green', shape: 'dot', text: 'common.status.connected' });
  });
});
