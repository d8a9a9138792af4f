// `run` executes the task's script for real (§4.4): result rows with DSM's fields, output, exit codes,
// the time limit (by_signal), dependencies first, a fresh scratch folder per run, results kept per task
// newest first, and the start delay.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { ADMIN_OWNER, jsonCall, login, waitFor, type Login } from './sim-http';

const ES = 'SYNO.Core.EventScheduler';
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

async function create(sim: Simulator, s: Login, task_name: string, operation: string, extra: Record<string, unknown> = {}): Promise<void> {
  const reply = await jsonCall(sim, s, ES, 'create', { task_name, owner: ADMIN_OWNER, event: 'bootup', operation, notify_mail: '', ...extra });
  assert.equal(reply.json.success, true, reply.text);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DSM JSON rows
async function results(sim: Simulator, s: Login, task_name: string): Promise<any[]> {
  return (await jsonCall(sim, s, ES, 'result_list', { task_name })).json.data;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DSM JSON rows
async function resultsAtLeast(sim: Simulator, s: Login, task_name: string, count: number): Promise<any[]> {
  return waitFor(async () => {
    const rows = await results(sim, s, task_name);
    return rows.length >= count ? rows : undefined;
  }, 15_000, `${count} results of ${task_name}`);
}

describe('task runs', () => {
  let sim: Simulator;
  let s: Login;
  before(async () => {
    sim = await startSimulator({ runStartDelayMs: 0, scriptTimeoutMs: 1500, resultsPerTask: 3, outputLimitBytes: 1000 });
    s = await login(sim);
  });
  after(() => sim.close());

  test('run answers at once; a result row with DSM fields and the script output appear', async () => {
    await create(sim, s, 'hello', 'echo "hello $TASK_NAME"; echo oops >&2; exit 3');
    assert.deepEqual((await jsonCall(sim, s, ES, 'run', { task_name: 'hello' })).json, { success: true });
    const [row] = await resultsAtLeast(sim, s, 'hello', 1);
    assert.equal(row.task_name, 'hello');
    assert.equal(typeof row.result_id, 'number');
    assert.ok(row.pid > 0);
    for (const field of ['event_fire_time', 'start_time', 'stop_time']) assert.match(row[field], TIME);
    assert.deepEqual(row.exit_info, { exit_code: 3, exit_type: 'stop' });
    assert.equal(row.trigger_event, 'on_demand');
    assert.deepEqual(row.run_time_env, {});
    assert.deepEqual(row.extra, {});
    const file = await jsonCall(sim, s, ES, 'result_get_file', { task_name: 'hello', result_id: row.result_id });
    assert.equal(file.json.data.script_in, 'echo "hello $TASK_NAME"; echo oops >&2; exit 3');
    assert.match(file.json.data.script_out, /hello hello/);
    assert.match(file.json.data.script_out, /oops/);
    assert.equal((await jsonCall(sim, s, ES, 'result_get_file', { task_name: 'hello', result_id: 99999 })).json.error.code, 4801);
  });

  test('a script over the time limit is killed: exit_type by_signal', async () => {
    await create(sim, s, 'slow', 'sleep 30; echo never');
    const started = Date.now();
    await jsonCall(sim, s, ES, 'run', { task_name: 'slow' });
    const [row] = await resultsAtLeast(sim, s, 'slow', 1);
    assert.equal(row.exit_info.exit_type, 'by_signal');
    assert.equal(row.exit_info.exit_code, 9);
    assert.ok(Date.now() - started < 10_000);
  });

  test('dependencies run first, each with its own result', async () => {
    await create(sim, s, 'dep-a', 'echo a');
    await create(sim, s, 'dep-b', 'echo b', { depend_on_task: '[dep-a]' });
    await create(sim, s, 'main', 'echo main', { depend_on_task: '[dep-b][dep-a]' });
    await jsonCall(sim, s, ES, 'run', { task_name: 'main' });
    const [mainRow] = await resultsAtLeast(sim, s, 'main', 1);
    const [bRow] = await results(sim, s, 'dep-b');
    const [aRow] = await results(sim, s, 'dep-a');
    assert.ok(aRow.result_id < bRow.result_id, 'a before b');
    assert.ok(bRow.result_id < mainRow.result_id, 'b before main');
  });

  test('every run starts in a fresh empty scratch folder', async () => {
    await create(sim, s, 'scratch', 'ls -A | wc -l; touch marker; pwd');
    await jsonCall(sim, s, ES, 'run', { task_name: 'scratch' });
    await resultsAtLeast(sim, s, 'scratch', 1);
    await jsonCall(sim, s, ES, 'run', { task_name: 'scratch' });
    const rows = await resultsAtLeast(sim, s, 'scratch', 2);
    const outs = await Promise.all(rows.map(async (row) => (await jsonCall(sim, s, ES, 'result_get_file', { task_name: 'scratch', result_id: row.result_id })).json.data.script_out as string));
    for (const out of outs) assert.match(out, /^0\n/);
    assert.notEqual(outs[0].split('\n')[1], outs[1].split('\n')[1]);
  });

  test('results are newest first, ids increase, at most resultsPerTask kept; output is capped', async () => {
    await create(sim, s, 'many', 'head -c 5000 /dev/zero | tr "\\0" x');
    for (let i = 0; i < 4; i++) {
      await jsonCall(sim, s, ES, 'run', { task_name: 'many' });
      await resultsAtLeast(sim, s, 'many', Math.min(i + 1, 3));
      await sim.idle();
    }
    const rows = await results(sim, s, 'many');
    assert.equal(rows.length, 3);
    assert.ok(rows[0].result_id > rows[1].result_id && rows[1].result_id > rows[2].result_id);
    const out = (await jsonCall(sim, s, ES, 'result_get_file', { task_name: 'many', result_id: rows[0].result_id })).json.data.script_out;
    assert.equal(out.length, 1000);
  });

  test('deleting a task removes its results', async () => {
    await create(sim, s, 'temp', 'true');
    await sim.runTaskNow('temp');
    assert.equal(sim.state.results('temp').length, 1);
    await jsonCall(sim, s, ES, 'delete', { task_name: 'temp' });
    await create(sim, s, 'temp', 'true');
    assert.deepEqual(await results(sim, s, 'temp'), []);
  });

  test('runTaskNow resolves with the finished row, with the given trigger', async () => {
    await create(sim, s, 'direct', 'exit 0');
    const row = await sim.runTaskNow('direct', 'shutdown');
    assert.equal(row?.trigger_event, 'shutdown');
    assert.deepEqual(row?.exit_info, { exit_code: 0, exit_type: 'stop' });
    assert.equal(await sim.runTaskNow('no such task'), undefined);
  });
});

describe('run knobs', () => {
  test('runStartDelayMs delays the start; runDisabled false refuses a disabled task (4803); exitTypeNormal', async () => {
    const sim = await startSimulator({ runStartDelayMs: 300, runDisabled: false, exitTypeNormal: 'normal' });
    try {
      const s = await login(sim);
      await create(sim, s, 'later', 'true');
      await create(sim, s, 'off', 'true', { enable: false });
      assert.equal((await jsonCall(sim, s, ES, 'run', { task_name: 'off' })).json.error.code, 4803);
      const asked = Date.now();
      await jsonCall(sim, s, ES, 'run', { task_name: 'later' });
      assert.deepEqual(await results(sim, s, 'later'), []);
      const [row] = await resultsAtLeast(sim, s, 'later', 1);
      assert.ok(Date.now() - asked >= 250);
      assert.equal(row.exit_info.exit_type, 'normal');
    } finally {
      await sim.close();
    }
  });
});
