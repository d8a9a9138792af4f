import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { EventScheduler, type DsmConnection } from '../../lib/dsm';
import { connect, rejection, startSim, waitFor } from './helpers';

const ODD_NAME = 'Mount #1 & "backup" + 100% \'ü\'';
const ODD_SCRIPT = 'printf \'%s\\n\' "a # b & c + d % e \\"q\\" \'s\' ümlaut"\necho second line';

describe('EventScheduler against the simulator', () => {
  let sim: Simulator;
  let connection: DsmConnection;
  let scheduler: EventScheduler;
  before(async () => {
    sim = await startSim({ users: [
      { name: 'admin', password: 'pa ss#&+%"\'wörd', uid: 1024, admin: true },
      { name: 'alice', password: 'x', uid: 1027, admin: false },
    ] });
    connection = connect(sim);
    scheduler = new EventScheduler(connection);
  });
  after(async () => {
    await connection.close();
    await sim.close();
  });

  it('creates a task with # & + % " \' and non-ASCII in name and script, reads it back, runs it', async () => {
    const created = await scheduler.create({ name: ODD_NAME, owner: 'root', event: 'shutdown', script: ODD_SCRIPT, enabled: true });
    assert.equal(created.name, ODD_NAME);
    assert.equal(created.script, ODD_SCRIPT);
    assert.equal(created.owner, 'root');
    assert.equal(created.event, 'shutdown');
    assert.equal(sim.state.tasks.get(ODD_NAME)?.operation, ODD_SCRIPT);
    const root = sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root', method: 'create' });
    assert.equal(root.length, 1, 'root owner goes through .Root');
    assert.equal(sim.log.filter({ api: 'SYNO.Core.User.PasswordConfirm', method: 'auth' }).length, 1);
    assert.equal(root[0].httpMethod, 'POST');

    await scheduler.run(ODD_NAME);
    let results = await scheduler.results(ODD_NAME);
    await waitFor(async () => {
      results = await scheduler.results(ODD_NAME);
      return results.length > 0 && results[0].stop_time !== '' && results[0].stop_time !== undefined;
    }, 10_000, 'the run to finish');
    assert.equal(results[0].task_name, ODD_NAME);
    assert.equal(results[0].exit_info.exit_code, 0);
    const output = await scheduler.output(ODD_NAME, results[0].result_id);
    assert.match(output.script_out, /a # b & c \+ d % e "q" 's' ümlaut/);
    assert.match(output.script_out, /second line/);
    assert.equal(output.script_in, ODD_SCRIPT);
  });

  it('fetches a fresh PasswordConfirm token before each root write', async () => {
    sim.log.clear();
    await scheduler.modify({ name: ODD_NAME, enabled: false });
    await scheduler.modify({ name: ODD_NAME, enabled: true });
    const confirms = sim.log.filter({ api: 'SYNO.Core.User.PasswordConfirm', method: 'auth' });
    const sets = sim.log.filter({ api: 'SYNO.Core.EventScheduler.Root', method: 'set' });
    assert.equal(confirms.length, 2);
    assert.equal(sets.length, 2);
    assert.notEqual(sets[0].params.SynoConfirmPWToken, undefined);
  });

  it('resolves a user name to its uid through SYNO.Core.User and sends owner as {"uid":"name"}', async () => {
    sim.log.clear();
    const task = await scheduler.create({ name: 'alice task', owner: 'alice', script: 'echo alice', dependsOn: [ODD_NAME], notifyEmail: '' });
    assert.equal(task.owner, 'alice');
    assert.deepEqual(task.dependsOn, [ODD_NAME]);
    assert.equal(sim.state.tasks.get('alice task')?.owner_uid, 1027);
    const create = sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'create' })[0];
    assert.equal(create.params.owner, '{"1027":"alice"}');
    assert.equal(create.params.notify_mail, '""');
    assert.equal(create.params.task_name, '"alice task"');
    assert.equal(create.params.depend_on_task, JSON.stringify(`[${ODD_NAME}]`));
    await scheduler.create({ name: 'alice task 2', owner: 'alice', script: 'echo 2' });
    assert.equal(sim.log.filter({ api: 'SYNO.Core.User', method: 'get' }).length, 1, 'uid cached');
  });

  it('rejects dependency names with brackets before sending anything', async () => {
    const count = sim.log.entries().length;
    const err = await rejection(scheduler.create({ name: 'bad deps', script: 'true', dependsOn: ['a]b'] }));
    assert.equal(err.code, 'INVALID_INPUT');
    assert.equal(sim.log.entries().length, count);
  });

  it('answers TASK_EXISTS for a second create and upserts instead', async () => {
    const err = await rejection(scheduler.create({ name: 'alice task', owner: 'alice', script: 'echo again' }));
    assert.equal(err.code, 'TASK_EXISTS');
    const task = await scheduler.upsert({ name: 'alice task', owner: 'alice', script: 'echo upserted', event: 'shutdown' });
    assert.equal(task.script, 'echo upserted');
    assert.equal(task.event, 'shutdown');
    const fresh = await scheduler.upsert({ name: 'upsert new', owner: 'alice', script: 'echo new' });
    assert.equal(fresh.name, 'upsert new');
  });

  it('enables, disables and deletes; a deleted task is TASK_NOT_FOUND', async () => {
    await scheduler.setEnable('upsert new', false);
    assert.equal((await scheduler.get('upsert new')).enabled, false);
    await scheduler.setEnable('upsert new', true);
    assert.equal(sim.state.tasks.get('upsert new')?.enable, true);
    await scheduler.delete('upsert new');
    assert.equal(sim.state.tasks.has('upsert new'), false);
    for (const call of [
      () => scheduler.get('upsert new'),
      () => scheduler.run('upsert new'),
      () => scheduler.delete('upsert new'),
      () => scheduler.setEnable('upsert new', true),
      () => scheduler.results('upsert new'),
      () => scheduler.modify({ name: 'upsert new', script: 'x' }),
    ]) {
      assert.equal((await rejection(call())).code, 'TASK_NOT_FOUND');
    }
  });

  it('lists every event task with its settings in one batch of gets', async () => {
    sim.log.clear();
    const tasks = await scheduler.list();
    const names = tasks.map((t) => t.name).sort();
    assert.deepEqual(names, [ODD_NAME, 'alice task', 'alice task 2'].sort());
    assert.equal(tasks.find((t) => t.name === 'alice task')?.script, 'echo upserted');
    assert.equal(sim.log.filter({ api: 'SYNO.Entry.Request' }).length, 1);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'get' }).length, 0);
  });

  it('fetches the results of many tasks in one HTTP request, with TASK_NOT_FOUND per missing task', async () => {
    await scheduler.run('alice task');
    await waitFor(async () => (await scheduler.results('alice task')).length > 0, 10_000, 'a result');
    sim.log.clear();
    const before = connection.stats.httpRequests;
    const map = await scheduler.resultsOfMany([ODD_NAME, 'alice task', 'alice task 2']);
    assert.equal(connection.stats.httpRequests - before, 1);
    assert.ok(Array.isArray(map.get(ODD_NAME)));
    assert.ok((map.get('alice task') as unknown[]).length >= 1);
    const withMissing = await scheduler.resultsOfMany(['alice task', 'no such task']);
    const missing = withMissing.get('no such task');
    assert.ok(missing instanceof Error && 'code' in missing && missing.code === 'TASK_NOT_FOUND');
  });

  it('returns results newest first', async () => {
    await scheduler.run('alice task 2');
    await waitFor(() => sim.state.results('alice task 2').length >= 1, 10_000, 'first result');
    await scheduler.run('alice task 2');
    await waitFor(() => sim.state.results('alice task 2').length >= 2, 10_000, 'second result');
    const results = await scheduler.results('alice task 2');
    assert.ok(results[0].result_id > results[1].result_id);
  });

  it('reads and writes the output config', async () => {
    await scheduler.setOutputConfig({ enabled: true, outputPath: 'share/logs dir' });
    assert.deepEqual(await scheduler.getOutputConfig(), { enabled: true, outputPath: 'share/logs dir' });
  });

  it('says so when DSM reports a write as done but the task cannot be read back', async () => {
    sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'get', action: 'error', code: 4801, times: 2 });
    const err = await rejection(scheduler.create({ name: 'vanishing', owner: 'alice', script: 'true' }));
    sim.faults.clear();
    assert.equal(err.code, 'TASK_NOT_FOUND');
    assert.match(err.message, /cannot be read back/);
  });

  it('runs a known task with a single request (cached existence check)', async () => {
    await scheduler.get('alice task 2');
    const before = connection.stats.httpRequests;
    await scheduler.run('alice task 2');
    assert.equal(connection.stats.httpRequests - before, 1);
  });
});
