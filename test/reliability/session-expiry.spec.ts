// Every session expiring while 200 messages are in flight: all of them succeed, and the client logs
// in again exactly once for all of them (the first call to see 119 re-logs in, the rest wait for it).
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { dsmConfigNode, getNode, loadFlow, startNodeRed, stopNodeRed, testFlow } from '../helpers/node-red';
import { loginCount, TEST_USER, useSimulator } from '../helpers/sim';
import { nodeOn } from './support/flows';
import { endedOnceEach, trackOutcomes, watchProcessFailures } from './support/outcomes';

beforeEach(startNodeRed);
afterEach(stopNodeRed);

const TASK = 'expiry-task';
const MESSAGES = 200;

test(`session expiry under ${MESSAGES} concurrent messages: all succeed, one re-login`, async (t) => {
  // Runs are accepted but their scripts start an hour later: this test is about sessions, not /bin/sh.
  const sim = await useSimulator(t, { runStartDelayMs: 3_600_000, logSize: 10_000, seedTasks: [{ name: TASK, script: 'true' }] });
  const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
    nodeOn('run', 'synology-event-run', TASK),
    nodeOn('results', 'synology-event-results', TASK),
  ]);
  await loadFlow(flow, credentials);
  const outcomes = trackOutcomes();
  const processFailures = watchProcessFailures();
  t.after(() => processFailures.stop());

  getNode('results').receive({ rid: 0 });
  await outcomes.waitForEnded(1);
  assert.equal(outcomes.outputs.length, 1);
  assert.equal(loginCount(sim), 1);

  sim.expireSessions();
  for (let rid = 1; rid <= MESSAGES; rid++) getNode(rid % 2 ? 'run' : 'results').receive({ rid });
  await outcomes.waitForEnded(MESSAGES + 1, 60_000);

  assert.deepEqual(outcomes.codes(), {});
  assert.equal(outcomes.outputs.length, MESSAGES + 1);
  assert.deepEqual(endedOnceEach(outcomes.endedIds(), MESSAGES + 1), { missing: [], twice: [] });
  assert.equal(loginCount(sim), 2, 'exactly one re-login');
  assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).filter((e) => e.response?.success).length, MESSAGES / 2,
    'each run message started the task once');
  assert.deepEqual(processFailures.failures, []);
});
