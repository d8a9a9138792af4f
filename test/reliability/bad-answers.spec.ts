// Answers that are not DSM JSON: an HTML page (NOT_JSON) and an empty 502 (HTTP_ERROR) reach the
// Catch node with their code; nothing crashes, and once the NAS answers properly again so do we.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { dsmConfigNode, getNode, loadFlow, startNodeRed, stopNodeRed, testFlow } from '../helpers/node-red';
import { TEST_USER, useSimulator } from '../helpers/sim';
import { nodeOn } from './support/flows';
import { endedOnceEach, errorOf, trackOutcomes, watchProcessFailures, type Outcomes } from './support/outcomes';

beforeEach(startNodeRed);
afterEach(stopNodeRed);

const TASK = 'answers-task';

async function flowAgainst(sim: Simulator): Promise<Outcomes> {
  const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER), [
    nodeOn('run', 'synology-event-run', TASK),
    nodeOn('results', 'synology-event-results', TASK),
  ]);
  await loadFlow(flow, credentials);
  return trackOutcomes();
}

async function sendEach(outcomes: Outcomes, first: number, count: number): Promise<void> {
  for (let rid = first; rid < first + count; rid++) getNode(rid % 2 ? 'run' : 'results').receive({ rid });
  await outcomes.waitForEnded(first + count);
}

for (const { action, code } of [
  { action: 'html', code: 'NOT_JSON' },
  { action: 'empty502', code: 'HTTP_ERROR' },
] as const) {
  test(`${action} answers from EventScheduler end in a Catch with ${code}`, async (t) => {
    const sim = await useSimulator(t, { seedTasks: [{ name: TASK, script: 'true' }] });
    const processFailures = watchProcessFailures();
    t.after(() => processFailures.stop());
    const outcomes = await flowAgainst(sim);
    await sendEach(outcomes, 0, 2); // logged in, both paths work
    assert.equal(outcomes.outputs.length, 2);

    sim.faults.add({ api: 'SYNO.Core.EventScheduler', action });
    await sendEach(outcomes, 2, 10);
    assert.equal(outcomes.caught.length, 10);
    assert.deepEqual(outcomes.codes(), { [code]: 10 });
    for (const msg of outcomes.caught) assert.match(String(errorOf(msg).message), /\S/, 'the error says what happened');

    sim.faults.clear();
    await sendEach(outcomes, 12, 4);
    assert.equal(outcomes.outputs.length, 6, 'the NAS answers properly again, and so does the flow');
    assert.deepEqual(endedOnceEach(outcomes.endedIds(), 16), { missing: [], twice: [] });
    assert.deepEqual(processFailures.failures, []);
  });

  test(`${action} answers to the login end in a Catch with ${code}`, async (t) => {
    const sim = await useSimulator(t, { seedTasks: [{ name: TASK, script: 'true' }] });
    sim.faults.add({ api: 'SYNO.API.Auth', action });
    const outcomes = await flowAgainst(sim);
    await sendEach(outcomes, 0, 4);
    assert.deepEqual(outcomes.codes(), { [code]: 4 });
    assert.equal(outcomes.outputs.length, 0);
  });
}
