// Sessions (§2.5, §2.9): sid by _sid or the id cookie, SynoToken by param or X-SYNO-TOKEN on writes,
// 119 for unknown, expired or token-less calls, TTL, expireSessions(), 107 and 150 knobs, and forced
// codes through fault rules.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { ADMIN_OWNER, call, jsonCall, login } from './sim-http';

const task = { task_name: 'job', owner: ADMIN_OWNER, event: 'bootup', operation: 'true', notify_mail: '' };

describe('sessions', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator(); });
  after(() => sim.close());

  test('no sid or an unknown sid answers 119', async () => {
    assert.equal((await call(sim, 'SYNO.Core.EventScheduler', 'list', 1)).json.error.code, 119);
    assert.equal((await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, { _sid: 'nope' })).json.error.code, 119);
  });

  test('SynoToken: a write without it answers 119; by param or X-SYNO-TOKEN header it works; reads need none', async () => {
    const session = await login(sim);
    const noToken = await jsonCall(sim, { sid: session.sid, synotoken: '' }, 'SYNO.Core.EventScheduler', 'create', task);
    assert.equal(noToken.json.error.code, 119);
    const byParam = await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'create', task);
    assert.equal(byParam.json.success, true, byParam.text);
    const byHeader = await jsonCall(sim, { sid: session.sid, synotoken: '' }, 'SYNO.Core.EventScheduler', 'set_enable', { task_name: 'job', enable: false }, { headers: { 'X-SYNO-TOKEN': session.synotoken } });
    assert.equal(byHeader.json.success, true, byHeader.text);
    const read = await jsonCall(sim, { sid: session.sid, synotoken: '' }, 'SYNO.Core.EventScheduler', 'get', { task_name: 'job' });
    assert.equal(read.json.data.enable, false);
    const wrong = await jsonCall(sim, { sid: session.sid, synotoken: 'wrong' }, 'SYNO.Core.EventScheduler', 'delete', { task_name: 'job' });
    assert.equal(wrong.json.error.code, 119);
  });

  test('a session without a SynoToken needs none', async () => {
    const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology', format: 'sid' });
    const session = { sid: reply.json.data.sid as string, synotoken: '' };
    const create = await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'create', { ...task, task_name: 'tokenless' });
    assert.equal(create.json.success, true, create.text);
  });

  test('expireSessions(): every sid answers 119 afterwards', async () => {
    const session = await login(sim);
    assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.success, true);
    sim.expireSessions();
    assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.error.code, 119);
    assert.equal(sim.state.sessions.size, 0);
  });

  test('fault rules force 105, 106, 107, 150 on a matching call, then expire', async () => {
    const session = await login(sim);
    for (const code of [105, 106, 107, 150]) {
      sim.faults.add({ api: 'SYNO.Core.EventScheduler', method: 'list', action: 'error', code, times: 1 });
      assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.error.code, code);
      assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.success, true);
    }
  });
});

describe('session knobs', () => {
  test('sessionTtlMs: an idle session expires (119)', async () => {
    const sim = await startSimulator({ sessionTtlMs: 1000 });
    try {
      const session = await login(sim);
      assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.success, true);
      await new Promise((resolve) => setTimeout(resolve, 1300));
      assert.equal((await jsonCall(sim, session, 'SYNO.Core.EventScheduler', 'list')).json.error.code, 119);
    } finally {
      await sim.close();
    }
  });

  test('singleSessionPerUser: an older session answers 107 after a new login', async () => {
    const sim = await startSimulator({ singleSessionPerUser: true });
    try {
      const first = await login(sim);
      const second = await login(sim);
      assert.equal((await jsonCall(sim, first, 'SYNO.Core.EventScheduler', 'list')).json.error.code, 107);
      assert.equal((await jsonCall(sim, second, 'SYNO.Core.EventScheduler', 'list')).json.success, true);
    } finally {
      await sim.close();
    }
  });

  test('checkSourceIp: a sid used from another address answers 150', async () => {
    const sim = await startSimulator({ checkSourceIp: true, host: '0.0.0.0' });
    try {
      const base = `http://127.0.0.1:${sim.port}`;
      const other = { ...sim, url: base } as unknown as Simulator;
      const session = await login(other);
      const same = await jsonCall(other, session, 'SYNO.Core.EventScheduler', 'list', {}, { localAddress: '127.0.0.1' });
      assert.equal(same.json.success, true);
      const moved = await jsonCall(other, session, 'SYNO.Core.EventScheduler', 'list', {}, { localAddress: '127.0.0.2' });
      assert.equal(moved.json.error.code, 150);
    } finally {
      await sim.close();
    }
  });

  test("synoTokenCheck 'all' requires the token on reads too; 'off' never", async () => {
    const all = await startSimulator({ synoTokenCheck: 'all' });
    const off = await startSimulator({ synoTokenCheck: 'off' });
    try {
      const a = await login(all);
      assert.equal((await jsonCall(all, { sid: a.sid, synotoken: '' }, 'SYNO.Core.EventScheduler', 'list')).json.error.code, 119);
      const o = await login(off);
      assert.equal((await jsonCall(off, { sid: o.sid, synotoken: '' }, 'SYNO.Core.EventScheduler', 'create', task)).json.success, true);
    } finally {
      await all.close();
      await off.close();
    }
  });
});
