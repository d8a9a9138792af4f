// The config node: one lazy shared session, state shown on every user, logout on close, and no
// secret anywhere a user could see it.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { NodeMessage } from 'node-red';
import { newTotpSecret, type Simulator } from '../../lib/sim';
import {
  dsmConfigNode, errorCode, everythingShown, getNode, helper, lastStatusOf, loadFlow, sinks, startNodeRed, statusesOf, stopNodeRed,
  testFlow, waitFor,
} from '../helpers/node-red';
import { TEST_USER, loginCount, sessionSecrets, startTestSimulator } from '../helpers/sim';

const TASKS = ['t1', 't2', 't3', 't4'];
const SEED = TASKS.map((name) => ({ name, script: `echo ${name}`, owner: 'root' }));

function resultsNode(id: string, task: string, server = 'dsm1'): Record<string, unknown> & { id: string; type: string } {
  return { id, type: 'synology-event-results', name: '', server, task, taskType: 'str', limit: 0, onlyFailures: false, wires: [['out']] };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function assertNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) assert.equal(text.includes(secret), false, `a secret (${secret.length} chars) leaked`);
}

describe('synology-dsm config node', () => {
  let sim: Simulator;
  let stopped = false;

  beforeEach(async () => {
    sim = await startTestSimulator({ seedTasks: SEED });
    stopped = false;
    await startNodeRed();
  });
  afterEach(async () => {
    if (!stopped) await stopNodeRed();
    await sim.close();
  });

  it('does not log in before the first request, then logs in once and shows "connected" on the other users', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [resultsNode('n1', 't1'), resultsNode('n2', 't2')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    assert.equal(loginCount(sim), 0);
    assert.deepEqual(lastStatusOf('n1'), {}, 'an idle connection shows no status');
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    assert.equal(s.out.length, 1);
    assert.equal(loginCount(sim), 1);
    assert.equal(lastStatusOf('n1').fill, 'green');
    assert.match(String(lastStatusOf('n1').text), /^common\.status\.ok /, 'its own result outlives "connected"');
    assert.deepEqual(lastStatusOf('n2'), { fill: 'green', shape: 'dot', text: 'common.status.connected' });
  });

  it('answers 200 messages arriving at once on four nodes with exactly one login', async () => {
    const nodes = TASKS.map((task, i) => resultsNode(`n${i}`, task));
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), nodes);
    await loadFlow(flow, credentials);
    const s = sinks();
    for (let i = 0; i < 200; i++) getNode(`n${i % 4}`).receive({ seq: i });
    await waitFor(() => s.count() === 200, '200 answers', 30_000);
    assert.equal(s.caught.length, 0, JSON.stringify(s.caught[0]?.error));
    assert.deepEqual(s.out.map((m) => m.seq).sort((a, b) => Number(a) - Number(b)), Array.from({ length: 200 }, (_, i) => i));
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, 1);
    assert.ok(statusesOf('n0').some((st) => /^common\.status\.requesting \(\d+\)$/.test(String(st.text))), 'the in-flight count showed');
  });

  it('survives sessions expiring while 60 messages are in flight, with one re-login', async () => {
    const nodes = TASKS.map((task, i) => resultsNode(`n${i}`, task));
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), nodes);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n0').receive({});
    await waitFor(() => s.count() === 1, 'the first answer');
    assert.equal(loginCount(sim), 1);
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'result_list', action: 'delay', ms: 15 });
    const before = sim.log.filter({ method: 'result_list' }).length;
    for (let i = 0; i < 60; i++) getNode(`n${i % 4}`).receive({ seq: i });
    await waitFor(() => sim.log.filter({ method: 'result_list' }).length >= before + 2, 'some requests under way');
    sim.expireSessions();
    await waitFor(() => s.count() === 61, '60 more answers', 30_000);
    assert.equal(s.caught.length, 0, JSON.stringify(s.caught[0]?.error));
    assert.equal(loginCount(sim), 2, 'exactly one re-login');
  });

  it('fails with WRONG_CREDENTIALS, shows "login failed" on every user and does not try again', async () => {
    const wrong = { name: TEST_USER.name, password: 'Wrong-Pw-4a1d77-HORSE' };
    const nodes = [resultsNode('n1', 't1'), resultsNode('n2', 't2')];
    const { flow, credentials } = testFlow(dsmConfigNode(sim, wrong), nodes);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'WRONG_CREDENTIALS');
    await waitFor(() => lastStatusOf('n2').text === 'common.status.login-failed', 'the other user to show login failed');
    assert.equal(lastStatusOf('n2').fill, 'red');
    getNode('n2').receive({});
    await waitFor(() => s.count() === 2, 'the second caught message');
    assert.equal(errorCode(s.caught[1]), 'WRONG_CREDENTIALS');
    assert.equal(loginCount(sim), 1, 'no second login with the same wrong password');
    assertNoSecrets(everythingShown('n1'), [wrong.password]);

    // a redeploy with the right password is a new connection
    const fixed = testFlow(dsmConfigNode(sim, TEST_USER), nodes);
    await helper.setFlows(fixed.flow, 'full', fixed.credentials);
    const after = sinks();
    getNode('n1').receive({});
    await waitFor(() => after.count() === 1, 'the answer after redeploy');
    assert.equal(after.out.length, 1);
    assert.equal(loginCount(sim), 2);
  });

  it('fails with UNREACHABLE when the NAS refuses connections', async () => {
    const port = await closedPort();
    const { flow, credentials } = testFlow(dsmConfigNode({ url: `http://127.0.0.1:${port}` }, TEST_USER), [resultsNode('n1', 't1')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the caught message');
    assert.equal(errorCode(s.caught[0]), 'UNREACHABLE');
    assert.equal(lastStatusOf('n1').fill, 'red');
  });

  it('logs out when the flow stops', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [resultsNode('n1', 't1')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    assert.equal(sim.state.sessions.size, 1);
    stopped = true;
    await stopNodeRed();
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'logout' }).length, 1);
    assert.equal(sim.state.sessions.size, 0);
  });

  it('never shows the password, sid or SynoToken in messages, statuses, logs or errors', async () => {
    const nodes = [resultsNode('n1', 't1'), resultsNode('n2', 'missing task')];
    const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), nodes);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    getNode('n2').receive({});
    await waitFor(() => s.count() === 2, 'both answers');
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', action: 'html', times: 1 });
    getNode('n1').receive({});
    await waitFor(() => s.count() === 3, 'the NOT_JSON failure');
    const secrets = [TEST_USER.password, ...sessionSecrets(sim)];
    assert.ok(secrets.length >= 2, 'the session secrets were found');
    const all: NodeMessage[] = [...s.out, ...s.caught];
    assertNoSecrets(everythingShown('n1') + JSON.stringify(all.map((m) => m.error ?? m.payload)), secrets);
    assert.deepEqual(s.caught.map(errorCode).sort(), ['NOT_JSON', 'TASK_NOT_FOUND']);
  });

  it('takes ${ENV} values in credentials, as everywhere in Node-RED', async () => {
    process.env.SYNO_NODES_TEST_PW = TEST_USER.password;
    const { flow, credentials } = testFlow(dsmConfigNode(sim, { name: TEST_USER.name, password: '${SYNO_NODES_TEST_PW}' }), [resultsNode('n1', 't1')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the answer');
    assert.equal(s.out.length, 1, JSON.stringify(s.caught[0]?.error));
  });

  it('shows "2FA code needed" when the account wants a code, and fails with OTP_REQUIRED', async () => {
    const twoFactor = await startTestSimulator({
      seedTasks: SEED,
      users: [{ name: 'guarded', password: 'Guarded-Pw-93be-LYNX', otpSecret: newTotpSecret() }],
    });
    try {
      const { flow, credentials } = testFlow(dsmConfigNode(twoFactor, { name: 'guarded', password: 'Guarded-Pw-93be-LYNX' }), [resultsNode('n1', 't1'), resultsNode('n2', 't2')]);
      await loadFlow(flow, credentials);
      const s = sinks();
      getNode('n1').receive({});
      await waitFor(() => s.count() === 1, 'the failure');
      assert.equal(errorCode(s.caught[0]), 'OTP_REQUIRED');
      await waitFor(() => lastStatusOf('n2').text === 'common.status.otp-required', 'the 2FA status on the other user');
      assertNoSecrets(everythingShown('n1'), ['Guarded-Pw-93be-LYNX']);
    } finally {
      stopped = true;
      await stopNodeRed();
      await twoFactor.close();
    }
  });

  it('talks HTTPS to a NAS whose self-signed certificate is pinned by fingerprint', async () => {
    const secure = await startTestSimulator({ seedTasks: SEED, https: true });
    try {
      const { flow, credentials } = testFlow(dsmConfigNode(secure, TEST_USER, { tlsMode: 'pin', fingerprint: secure.fingerprint }), [resultsNode('n1', 't1')]);
      await loadFlow(flow, credentials);
      const s = sinks();
      getNode('n1').receive({});
      await waitFor(() => s.count() === 1, 'the answer');
      assert.equal(s.out.length, 1, JSON.stringify(s.caught[0]?.error));
    } finally {
      stopped = true;
      await stopNodeRed();
      await secure.close();
    }
  });

  it('refuses an unpinned self-signed certificate with TLS', async () => {
    const secure = await startTestSimulator({ seedTasks: SEED, https: true });
    try {
      const { flow, credentials } = testFlow(dsmConfigNode(secure, TEST_USER), [resultsNode('n1', 't1')]);
      await loadFlow(flow, credentials);
      const s = sinks();
      getNode('n1').receive({});
      await waitFor(() => s.count() === 1, 'the failure');
      assert.equal(errorCode(s.caught[0]), 'TLS');
      assert.equal(secure.log.entries().length, 0, 'nothing (no login, no password) went over the refused connection');
    } finally {
      stopped = true;
      await stopNodeRed();
      await secure.close();
    }
  });

  it('fails each message with INVALID_INPUT when the configuration is unusable (no password)', async () => {
    const { flow, credentials } = testFlow(dsmConfigNode(sim, { name: TEST_USER.name, password: '' }), [resultsNode('n1', 't1')]);
    await loadFlow(flow, credentials);
    const s = sinks();
    getNode('n1').receive({});
    await waitFor(() => s.count() === 1, 'the failure');
    assert.equal(errorCode(s.caught[0]), 'INVALID_INPUT');
    assert.equal(sim.log.entries().length, 0, 'nothing was sent');
  });
});
