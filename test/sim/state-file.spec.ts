// State in a JSON file: tasks, results and uids survive a restart, sessions do not; seedTasks fill in
// missing tasks only.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../lib/sim';
import { call, jsonCall, login } from './sim-http';

describe('state file', () => {
  test('tasks, results and uids survive a restart; sessions do not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsm-sim-state-'));
    const stateFile = join(dir, 'state.json');
    try {
      const users = [{ name: 'admin', password: 'synology', uid: 1024 }, { name: 'carol', password: 'c' }];
      const first = await startSimulator({ stateFile, users, seedTasks: [{ name: 'seeded', script: 'echo seed' }] });
      const s = await login(first);
      await jsonCall(first, s, 'SYNO.Core.EventScheduler', 'create', { task_name: 'kept', owner: { '1026': 'carol' }, event: 'shutdown', operation: 'echo kept', notify_mail: '' });
      const row = await first.runTaskNow('kept');
      await first.close();
      const saved = JSON.parse(await readFile(stateFile, 'utf8'));
      assert.equal(saved.uids.carol, 1026);
      assert.doesNotMatch(JSON.stringify(saved), /"c"|synology/);

      const second = await startSimulator({ stateFile, users: [{ name: 'admin', password: 'synology', uid: 1024 }, { name: 'dave', password: 'd' }, { name: 'carol', password: 'c' }], seedTasks: [{ name: 'seeded', script: 'echo changed' }] });
      try {
        assert.equal((await call(second, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: s.sid })).json.error.code, 119);
        const s2 = await login(second);
        const got = await jsonCall(second, s2, 'SYNO.Core.EventScheduler', 'get', { task_name: 'kept' });
        assert.deepEqual(got.json.data.owner, { '1026': 'carol' });
        assert.equal(second.state.tasks.get('seeded')?.operation, 'echo seed');
        const rows = (await jsonCall(second, s2, 'SYNO.Core.EventScheduler', 'result_list', { task_name: 'kept' })).json.data;
        assert.deepEqual(rows, [row]);
        const out = await jsonCall(second, s2, 'SYNO.Core.EventScheduler', 'result_get_file', { task_name: 'kept', result_id: row?.result_id });
        assert.equal(out.json.data.script_out, 'kept\n');
        const next = await second.runTaskNow('kept');
        assert.ok((next?.result_id ?? 0) > (row?.result_id ?? 0));
        assert.equal(second.state.userList().find((u) => u.name === 'dave')?.uid, 1027);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a broken state file fails the start with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsm-sim-state-'));
    try {
      const stateFile = join(dir, 'bad.json');
      await writeFile(stateFile, '{"version": 9}');
      await assert.rejects(startSimulator({ stateFile }), /unknown format/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('seed tasks: owner by name (root allowed), defaults, unknown owner rejected', async () => {
    const sim = await startSimulator({ seedTasks: [{ name: 'r', owner: 'root', script: 'id', event: 'shutdown', dependsOn: ['x'], notifyEmail: 'a@b.c' }] });
    try {
      const task = sim.state.tasks.get('r');
      assert.equal(task?.owner_uid, 0);
      assert.equal(task?.event, 'shutdown');
      assert.equal(task?.notify_enable, true);
      assert.deepEqual(task?.depend_on_task, ['x']);
      const s = await login(sim);
      assert.equal((await jsonCall(sim, s, 'SYNO.Core.EventScheduler', 'get', { task_name: 'r' })).json.data.depend_on_task, '[x]');
    } finally {
      await sim.close();
    }
    await assert.rejects(startSimulator({ seedTasks: [{ name: 'z', owner: 'ghost', script: 'true' }] }), /unknown owner/);
  });
});
