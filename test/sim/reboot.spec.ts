// Simulated reboot: shutdown tasks run, sessions dropped, connections refused for downMs, the same
// port listens again, boot-up tasks run; results survive. Also through POST /sim/reboot.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../lib/sim';
import { call, login, waitFor } from './sim-http';

describe('reboot', () => {
  test('shutdown tasks, dropped sessions, refused connections, same port, boot-up tasks', async () => {
    const sim = await startSimulator({
      seedTasks: [
        { name: 'down', event: 'shutdown', script: 'echo bye' },
        { name: 'up', event: 'bootup', script: 'echo hi' },
        { name: 'up-off', event: 'bootup', script: 'echo off', enabled: false },
        { name: 'up-first', event: 'bootup', script: 'echo first' },
        { name: 'up-second', event: 'bootup', script: 'echo second', dependsOn: ['up-first'] },
      ],
    });
    try {
      await sim.runTaskNow('up');
      const s = await login(sim);
      const port = sim.port;
      const rebooting = sim.reboot({ downMs: 1000 });
      await waitFor(async () => {
        try {
          await call(sim, 'SYNO.API.Info', 'query', 1, { query: 'all' }, { path: '/webapi/query.cgi', timeoutMs: 500 });
          return undefined;
        } catch (error) {
          return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? true : undefined;
        }
      }, 5000, 'connections to be refused');
      await rebooting;
      assert.equal(sim.port, port);
      const down = sim.state.results('down');
      assert.equal(down.length, 1);
      assert.equal(down[0].trigger_event, 'shutdown');
      const after = await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: s.sid });
      assert.equal(after.json.error.code, 119);
      const rows = await waitFor(() => {
        const up = sim.state.results('up');
        return up.length === 2 && sim.state.results('up-second').length === 1 ? up : undefined;
      }, 10_000, 'boot-up results');
      assert.equal(rows[0].trigger_event, 'bootup');
      assert.equal(rows[1].trigger_event, 'on_demand');
      assert.deepEqual(sim.state.results('up-off'), []);
      assert.ok(sim.state.results('up-first')[0].result_id < sim.state.results('up-second')[0].result_id);
      assert.equal((await login(sim)).sid.length > 0, true);
    } finally {
      await sim.close();
    }
  });

  test('POST /sim/reboot answers 202 first; afterRebootCode makes old sids answer 105', async () => {
    const sim = await startSimulator({ afterRebootCode: 105, seedTasks: [{ name: 'boot', script: 'true' }] });
    try {
      const s = await login(sim);
      const reply = await fetch(`${sim.url}/sim/reboot`, { method: 'POST', body: JSON.stringify({ downMs: 100 }) });
      assert.equal(reply.status, 202);
      await waitFor(() => (sim.state.results('boot').length === 1 ? true : undefined), 10_000, 'boot task');
      await waitFor(async () => {
        try {
          return (await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: s.sid })).json;
        } catch {
          return undefined;
        }
      });
      assert.equal((await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: s.sid })).json.error.code, 105);
    } finally {
      await sim.close();
    }
  });

  test('reboot with waitForBootTasks resolves after the boot-up tasks finished', async () => {
    const sim = await startSimulator({ seedTasks: [{ name: 'b', script: 'sleep 0.2' }] });
    try {
      await sim.reboot({ downMs: 0, waitForBootTasks: true });
      assert.equal(sim.state.results('b').length, 1);
    } finally {
      await sim.close();
    }
  });
});

test('close during a reboot starts no more scripts and ends promptly', async () => {
  const sim = await startSimulator({
    seedTasks: [
      { name: 's1', event: 'shutdown', script: 'sleep 5' },
      { name: 's2', event: 'shutdown', script: 'echo never' },
    ],
  });
  const rebooting = sim.reboot({ downMs: 60_000 });
  await waitFor(() => (sim.state.tasks.size === 2 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  await sim.close();
  await rebooting;
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(sim.state.results('s2'), []);
});
