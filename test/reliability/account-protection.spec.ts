// The package never gets the NAS to lock it out: a wrong password is tried once, whatever number of
// messages follow; a blocked IP (DSM's auto-block, 407) stops further login attempts.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { dsmConfigNode, everythingShown, getNode, loadFlow, startNodeRed, stopNodeRed, testFlow } from '../helpers/node-red';
import { loginCount, TEST_USER, useSimulator } from '../helpers/sim';
import { endedOnceEach, trackOutcomes, watchProcessFailures } from './support/outcomes';
import { nodeOn } from './support/flows';

beforeEach(startNodeRed);
afterEach(stopNodeRed);

const TASK = 'protected-task';

test('wrong password, then 50 messages: one login attempt in all, 50 WRONG_CREDENTIALS', async (t) => {
  const sim = await useSimulator(t, { seedTasks: [{ name: TASK, script: 'true' }] });
  const config = dsmConfigNode(sim, { name: TEST_USER.name, password: 'not-the-password' });
  const { flow, credentials } = testFlow(config, [nodeOn('run', 'synology-event-run', TASK), nodeOn('results', 'synology-event-results', TASK)]);
  await loadFlow(flow, credentials);
  const outcomes = trackOutcomes();
  const processFailures = watchProcessFailures();
  t.after(() => processFailures.stop());

  // 25 at once (they share the first login), then 25 one after another.
  for (let rid = 0; rid < 25; rid++) getNode(rid % 2 ? 'run' : 'results').receive({ rid });
  await outcomes.waitForEnded(25);
  for (let rid = 25; rid < 50; rid++) {
    getNode(rid % 2 ? 'run' : 'results').receive({ rid });
    await outcomes.waitForEnded(rid + 1);
  }

  assert.deepEqual(endedOnceEach(outcomes.endedIds(), 50), { missing: [], twice: [] });
  assert.equal(outcomes.outputs.length, 0);
  assert.deepEqual(outcomes.codes(), { WRONG_CREDENTIALS: 50 });
  assert.equal(loginCount(sim), 1, 'exactly one login attempt reached the NAS');
  assert.equal(sim.state.logins.failed, 1);
  assert.deepEqual(processFailures.failures, []);
  assert.ok(!everythingShown('run').includes('not-the-password'), 'the password shows nowhere');
});

test('a blocked IP (407): IP_BLOCKED, and no login attempts after the first', async (t) => {
  const sim = await useSimulator(t, { autoBlockAttempts: 2, seedTasks: [{ name: TASK, script: 'true' }] });
  // Someone else at this address (127.0.0.1) got it blocked: two wrong passwords.
  for (let i = 0; i < 2; i++) {
    const url = `${sim.url}/webapi/entry.cgi?api=SYNO.API.Auth&version=6&method=login&account=${TEST_USER.name}&passwd=wrong-${i}`;
    const answer = (await (await fetch(url)).json()) as { success: boolean };
    assert.equal(answer.success, false);
  }
  assert.deepEqual(sim.state.logins.blockedIps, ['127.0.0.1']);
  const attemptsBefore = loginCount(sim);

  const config = dsmConfigNode(sim, TEST_USER);
  const { flow, credentials } = testFlow(config, [nodeOn('run', 'synology-event-run', TASK), nodeOn('results', 'synology-event-results', TASK)]);
  await loadFlow(flow, credentials);
  const outcomes = trackOutcomes();

  for (let rid = 0; rid < 10; rid++) getNode(rid % 2 ? 'run' : 'results').receive({ rid });
  await outcomes.waitForEnded(10);
  for (let rid = 10; rid < 20; rid++) {
    getNode(rid % 2 ? 'run' : 'results').receive({ rid });
    await outcomes.waitForEnded(rid + 1);
  }

  assert.deepEqual(endedOnceEach(outcomes.endedIds(), 20), { missing: [], twice: [] });
  assert.deepEqual(outcomes.codes(), { IP_BLOCKED: 20 });
  assert.equal(loginCount(sim) - attemptsBefore, 1, 'one login attempt from Node-RED, then none');
  const blockedAnswers = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).slice(-1)[0]?.response;
  assert.deepEqual(blockedAnswers, { success: false, code: 407 });
  assert.ok(!everythingShown('run').includes(TEST_USER.password), 'the password shows nowhere');
});
