// The fuzzer: a few thousand random messages (seeded: FUZZ_SEED=<n> repeats a run) into every action
// node, both create nodes (script from the message refused / allowed). Node-RED stays up, every
// message ends in exactly one output or Catch with a known code, and the NAS holds only what valid
// messages asked for: no task that no create node reported, no message script through the node
// that refuses them, and every deliberately valid create is there with the script it should have.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeMessage } from 'node-red';
import { dsmConfigNode, getNode, loadFlow, messagesAt, startNodeRed, stopNodeRed, testFlow } from '../helpers/node-red';
import { TEST_USER, startTestSimulator } from '../helpers/sim';
import type { Simulator } from '../../lib/sim';
import { nodeOn } from './support/flows';
import { createRng, type Rng } from './support/prng';
import { randomMessage, SCRIPT_MARKER } from './support/fuzz-values';
import { codeOf, endedOnceEach, watchProcessFailures } from './support/outcomes';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2026);
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 3000);
const IN_FLIGHT = 16;
const SEED_TASK = 'fz-seed';
const NODE_SCRIPT = 'echo from-the-node';

/** The codes of docs/architecture.md (plus DSM_<n>): anything else is an unexpected failure. */
const KNOWN_CODES = new Set([
  'UNREACHABLE', 'TIMEOUT', 'CONNECTION_RESET', 'TLS', 'NOT_JSON', 'HTTP_ERROR', 'REDIRECT', 'WRONG_CREDENTIALS',
  'ACCOUNT_DISABLED', 'PASSWORD_EXPIRED', 'OTP_REQUIRED', 'OTP_REJECTED', 'IP_BLOCKED', 'NO_PERMISSION', 'SESSION_LOST',
  'NOT_AVAILABLE', 'TASK_NOT_FOUND', 'TASK_EXISTS', 'INVALID_INPUT', 'WAIT_TIMEOUT',
]);
const isKnownCode = (code: string): boolean => KNOWN_CODES.has(code) || /^DSM_\d+$/.test(code);

interface Target {
  id: string;
  type: string;
  props?: Record<string, unknown>;
  /** A message this node must answer with an output (`n` makes names unique). */
  valid(rng: Rng, n: number): Record<string, unknown>;
}

const TARGETS: Target[] = [
  { id: 'run', type: 'synology-event-run', valid: () => ({ task: SEED_TASK }) },
  { id: 'enable', type: 'synology-event-enable', valid: (rng) => ({ task: SEED_TASK, payload: rng.pick([true, false, 'on', 'off', 'enable', 'disable']) }) },
  {
    id: 'create-off', type: 'synology-event-create', props: { script: NODE_SCRIPT, owner: TEST_USER.name, allowScriptFromMsg: false },
    valid: (rng, n) => ({ task: `fz-valid-${n}`, payload: { event: rng.pick(['bootup', 'shutdown']), enabled: rng.chance(0.5) } }),
  },
  {
    id: 'create-on', type: 'synology-event-create', props: { script: NODE_SCRIPT, owner: TEST_USER.name, allowScriptFromMsg: true },
    valid: (_rng, n) => ({ task: `fz-ok-${n}`, payload: { script: `echo FUZZOK-${n}`, event: 'bootup' } }),
  },
  { id: 'delete', type: 'synology-event-delete', valid: (_rng, n) => ({ task: `fz-valid-${n}-never-created`, expectCatch: true }) },
  { id: 'results', type: 'synology-event-results', valid: () => ({ task: SEED_TASK }) },
  { id: 'output', type: 'synology-event-output', valid: () => ({ task: SEED_TASK, payload: { result_id: 'latest' } }) },
  { id: 'tasks', type: 'synology-event-tasks', valid: () => ({}) },
];

let sim: Simulator;
const outputsOf = new Map<string, NodeMessage[]>();
let caught: NodeMessage[] = [];

before(async () => {
  await startNodeRed();
  sim = await startTestSimulator({
    runStartDelayMs: 3_600_000, // runs are accepted, their scripts never start during the test
    autoBlockAttempts: 0,
    logSize: 0,
    seedTasks: [{ name: SEED_TASK, script: 'echo seeded' }],
  });
  await sim.runTaskNow(SEED_TASK); // one result, for the output node's "latest"
  const nodes = TARGETS.flatMap((target) => {
    const outs = target.type === 'synology-event-run' ? [[`o-${target.id}`], [`o-${target.id}`]] : [[`o-${target.id}`]];
    return [nodeOn(target.id, target.type, '', target.props ?? {}, outs), { id: `o-${target.id}`, type: 'helper' }];
  });
  const { flow, credentials } = testFlow(dsmConfigNode(sim, TEST_USER, { timeout: 20 }), nodes);
  await loadFlow(flow, credentials);
  for (const target of TARGETS) outputsOf.set(target.id, messagesAt(`o-${target.id}`));
  caught = messagesAt('caught');
});

after(async () => {
  await stopNodeRed();
  await sim.close();
});

const ridOf = (msg: NodeMessage): number => Number((msg as { rid?: unknown }).rid);
const ended = (): number => [...outputsOf.values()].reduce((sum, list) => sum + list.length, 0) + caught.length;

test(`fuzz: ${MESSAGES} random messages into every action node (seed ${SEED})`, async (t) => {
  t.diagnostic(`FUZZ_SEED=${SEED} FUZZ_MESSAGES=${MESSAGES} repeats this run`);
  const processFailures = watchProcessFailures();
  t.after(() => processFailures.stop());
  const rng = createRng(SEED);
  const expectOutput = new Map<number, string>(); // rid -> node id
  const expectCatch = new Set<number>();
  const validCreates: { name: string; script: string }[] = [];

  let sent = 0;
  const deadline = Date.now() + 90_000;
  while (sent < MESSAGES) {
    const rid = sent++;
    const target = rng.pick(TARGETS);
    let msg: Record<string, unknown>;
    if (rng.chance(0.15)) {
      msg = target.valid(rng, rid);
      if (msg.expectCatch) {
        delete msg.expectCatch;
        expectCatch.add(rid);
      } else expectOutput.set(rid, target.id);
      if (target.id === 'create-off') validCreates.push({ name: String(msg.task), script: NODE_SCRIPT });
      if (target.id === 'create-on') validCreates.push({ name: String(msg.task), script: `echo FUZZOK-${rid}` });
    } else {
      msg = randomMessage(rng);
    }
    msg.rid = rid;
    getNode(target.id).receive(msg);
    while (sent - ended() >= IN_FLIGHT) {
      assert.ok(Date.now() < deadline, `fuzz run too slow or messages lost: ${ended()} of ${sent} ended (seed ${SEED})`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  while (ended() < MESSAGES) {
    assert.ok(Date.now() < deadline, `only ${ended()} of ${MESSAGES} messages ended (seed ${SEED})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  const allOutputs = [...outputsOf.values()].flat();
  const codes: Record<string, number> = {};
  const codesByNode: Record<string, number> = {};
  for (const msg of caught) {
    codes[codeOf(msg)] = (codes[codeOf(msg)] ?? 0) + 1;
    const source = ((msg as { error?: { source?: { id?: string } } }).error?.source?.id ?? '?') + ' ' + codeOf(msg);
    codesByNode[source] = (codesByNode[source] ?? 0) + 1;
  }
  t.diagnostic(`${allOutputs.length} outputs, ${caught.length} catches: ${JSON.stringify(codes)}`);
  t.diagnostic(`catches by node: ${JSON.stringify(codesByNode)}`);
  const resetTasks = caught.filter((msg) => codeOf(msg) === 'CONNECTION_RESET').map((msg) => typeof msg.task === 'string' ? msg.task.length : typeof msg.task);
  if (resetTasks.length) t.diagnostic(`CONNECTION_RESET with task names of length ${JSON.stringify(resetTasks.slice(0, 20))}`);

  // Every message ended exactly once, in an output or a Catch with a known code.
  assert.deepEqual(endedOnceEach([...allOutputs, ...caught].map(ridOf), MESSAGES), { missing: [], twice: [] }, `seed ${SEED}`);
  assert.deepEqual(Object.keys(codes).filter((code) => !isKnownCode(code)), [], `unexpected failure codes (seed ${SEED})`);
  assert.deepEqual(processFailures.failures, [], `uncaught exceptions or unhandled rejections (seed ${SEED})`);

  // The deliberately valid messages worked.
  for (const [rid, nodeId] of expectOutput) {
    assert.ok(outputsOf.get(nodeId)?.some((msg) => ridOf(msg) === rid), `valid message ${rid} to ${nodeId} gave an output (seed ${SEED})`);
  }
  for (const rid of expectCatch) assert.ok(caught.some((msg) => ridOf(msg) === rid), `message ${rid} ended in a Catch (seed ${SEED})`);

  // The NAS holds only what create nodes reported, and scripts only from where they may come.
  const createdOff = new Set((outputsOf.get('create-off') ?? []).map((msg) => String(msg.task)));
  const createdOn = new Set((outputsOf.get('create-on') ?? []).map((msg) => String(msg.task)));
  for (const msg of outputsOf.get('create-off') ?? []) {
    assert.equal((msg.payload as { script?: unknown }).script, NODE_SCRIPT, `create-off wrote the node's script (seed ${SEED})`);
  }
  for (const [name, task] of sim.state.tasks) {
    if (name === SEED_TASK) continue;
    assert.ok(createdOff.has(name) || createdOn.has(name), `task ${JSON.stringify(name.slice(0, 80))} on the NAS was reported by a create node (seed ${SEED})`);
    if (task.operation !== NODE_SCRIPT || task.operation.includes(SCRIPT_MARKER)) {
      assert.ok(createdOn.has(name), `a script from a message reached the NAS only through create-on (task ${JSON.stringify(name.slice(0, 80))}, seed ${SEED})`);
    }
  }
  for (const { name, script } of validCreates) {
    assert.equal(sim.state.tasks.get(name)?.operation, script, `valid create ${name} is on the NAS with its script (seed ${SEED})`);
  }

  // Node-RED is still up and working.
  const before = outputsOf.get('run')?.length ?? 0;
  getNode('run').receive({ rid: MESSAGES, task: SEED_TASK });
  while ((outputsOf.get('run')?.length ?? 0) === before) {
    assert.ok(Date.now() < deadline + 10_000, 'a valid run after the fuzzing succeeded');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
