// The NAS reboots while messages stream into the run and results nodes: every message ends in an
// output or a Catch with a code that says the NAS was away, Node-RED stays up, messages succeed
// again once the NAS is back, and the client logs in at most twice (before and after the reboot).
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { dsmConfigNode, everythingShown, getNode, loadFlow, startNodeRed, stopNodeRed, testFlow, waitFor } from '../helpers/node-red';
import { loginCount, sessionSecrets, TEST_USER, useSimulator } from '../helpers/sim';
import { nodeOn } from './support/flows';
import { codeOf, endedOnceEach, errorOf, trackOutcomes, watchProcessFailures } from './support/outcomes';

beforeEach(startNodeRed);
afterEach(stopNodeRed);

const TASK = 'reboot-task';
const NAS_AWAY_CODES = new Set(['UNREACHABLE', 'CONNECTION_RESET', 'TIMEOUT', 'SESSION_LOST']);

test('a NAS reboot during a stream of messages', async (t) => {
  const sim = await useSimulator(t, { runStartDelayMs: 3_600_000, logSize: 10_000, seedTasks: [{ name: TASK, script: 'true' }] });
  const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: 5 }), [
    nodeOn('run', 'synology-event-run', TASK),
    nodeOn('results', 'synology-event-results', TASK),
  ]);
  await loadFlow(flow, credentials);
  const outcomes = trackOutcomes();
  const processFailures = watchProcessFailures();
  t.after(() => processFailures.stop());

  let sent = 0;
  const sendOne = (): void => {
    const rid = sent++;
    getNode(rid % 2 ? 'run' : 'results').receive({ rid });
  };
  // A steady stream: before, during and right after the reboot.
  const stream = setInterval(() => {
    sendOne();
    sendOne();
  }, 20);
  try {
    await waitFor(() => outcomes.outputs.length >= 10, 'the stream to work before the reboot');
    await sim.reboot({ downMs: 1500 });
  } finally {
    clearInterval(stream);
  }
  const streamed = sent;
  const rebootEnded = Date.now();
  await outcomes.waitForEnded(streamed, 60_000);
  t.diagnostic(`${streamed} streamed; ended ${Date.now() - rebootEnded} ms after the NAS was back: ${JSON.stringify(outcomes.codes())}`);

  const caughtCodes = outcomes.caught.map(codeOf);
  assert.ok(caughtCodes.length > 0, 'some messages met the NAS while it was away');
  assert.deepEqual(caughtCodes.filter((code) => !NAS_AWAY_CODES.has(code)), [], 'every failure says the NAS was away');
  for (const msg of outcomes.caught) assert.match(String(errorOf(msg).message), /\S/);

  // Back up: after the client's back-off, messages succeed again (probe until one does).
  const deadline = Date.now() + 45_000;
  for (;;) {
    const before = outcomes.outputs.length;
    sendOne();
    await outcomes.waitForEnded(sent, 30_000);
    if (outcomes.outputs.length > before) break;
    assert.ok(Date.now() < deadline, 'a message succeeded within 45 s of the NAS coming back');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  t.diagnostic(`first success ${Date.now() - rebootEnded} ms after the NAS was back`);
  const firstAfter = sent;
  for (let i = 0; i < 10; i++) sendOne();
  await outcomes.waitForEnded(sent, 30_000);
  const afterIds = new Set(outcomes.outputs.map((msg) => Number((msg as { rid?: unknown }).rid)));
  for (let rid = firstAfter; rid < sent; rid++) assert.ok(afterIds.has(rid), `message ${rid} after the reboot succeeded`);

  assert.deepEqual(endedOnceEach(outcomes.endedIds(), sent), { missing: [], twice: [] });
  assert.ok(loginCount(sim) <= 2, `at most 2 logins (saw ${loginCount(sim)})`);
  assert.deepEqual(processFailures.failures, []);
  const shown = everythingShown('run');
  for (const secret of [TEST_USER.password, ...sessionSecrets(sim)]) assert.ok(!shown.includes(secret), 'no password, sid or SynoToken shows');
});
