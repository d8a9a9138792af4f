// SYNO.Core.EventScheduler and .Root (§4): CRUD, the JSON-or-raw parameter decoding, owner and event
// rules, duplicate and missing tasks in each switchable form, root tasks with PasswordConfirm tokens.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/sim';
import { ADMIN_OWNER, call, jsonCall, login, type Login } from './sim-http';

const ES = 'SYNO.Core.EventScheduler';
const ROOT = 'SYNO.Core.EventScheduler.Root';
const base = { owner: ADMIN_OWNER, event: 'bootup', operation: 'echo hello', notify_mail: '' };

async function withSim(options: SimulatorOptions, body: (sim: Simulator, session: Login) => Promise<void>): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await body(sim, await login(sim));
  } finally {
    await sim.close();
  }
}

describe('EventScheduler CRUD', () => {
  let sim: Simulator;
  let s: Login;
  before(async () => { sim = await startSimulator({ users: [{ name: 'admin', password: 'synology', uid: 1024 }, { name: 'alice', password: 'a' }] }); s = await login(sim); });
  after(() => sim.close());

  test('create then get returns every field in DSM form', async () => {
    const created = await jsonCall(sim, s, ES, 'create', {
      ...base, task_name: 'mount backup', depend_on_task: '[a][b]', enable: false, notify_enable: true,
      notify_mail: 'me@example.org', notify_if_error: true, operation_type: 'script',
    });
    assert.deepEqual(created.json, { success: true });
    const got = await jsonCall(sim, s, ES, 'get', { task_name: 'mount backup' });
    assert.deepEqual(got.json.data, {
      task_name: 'mount backup', event: 'bootup', enable: false, owner: { '1024': 'admin' }, depend_on_task: '[a][b]',
      notify_enable: true, notify_mail: 'me@example.org', notify_if_error: true, operation: 'echo hello', operation_type: 'script',
    });
    assert.deepEqual(sim.state.tasks.get('mount backup')?.depend_on_task, ['a', 'b']);
  });

  test('set replaces every field; set_enable toggles; delete removes; list shows tasks', async () => {
    await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'edit me' });
    const set = await jsonCall(sim, s, ES, 'set', { ...base, task_name: 'edit me', event: 'shutdown', operation: 'echo changed', owner: { '1026': 'alice' } });
    assert.equal(set.json.success, true, set.text);
    let got = (await jsonCall(sim, s, ES, 'get', { task_name: 'edit me' })).json.data;
    assert.equal(got.event, 'shutdown');
    assert.equal(got.operation, 'echo changed');
    assert.deepEqual(got.owner, { '1026': 'alice' });
    assert.equal(got.depend_on_task, '');
    assert.equal((await jsonCall(sim, s, ES, 'set_enable', { task_name: 'edit me', enable: false })).json.success, true);
    got = (await jsonCall(sim, s, ES, 'get', { task_name: 'edit me' })).json.data;
    assert.equal(got.enable, false);
    const list = await jsonCall(sim, s, ES, 'list');
    assert.ok(list.json.data.some((t: { task_name: string }) => t.task_name === 'edit me'));
    assert.deepEqual((await jsonCall(sim, s, ES, 'delete', { task_name: 'edit me' })).json, { success: true });
    assert.equal(sim.state.tasks.has('edit me'), false);
  });

  test('lenient default: raw (unquoted) values are taken as strings, like N4S4 sends them (§12)', async () => {
    const reply = await call(sim, ES, 'create', 1, {
      task_name: 'raw name', owner: JSON.stringify(ADMIN_OWNER), event: 'bootup', operation: 'echo raw', notify_mail: '""', enable: 'true',
      _sid: s.sid, SynoToken: s.synotoken,
    });
    assert.equal(reply.json.success, true, reply.text);
    const plus = await call(sim, ES, 'get', 1, { _sid: s.sid }, { rawQuery: 'task_name=raw+name' });
    assert.equal(plus.json.data.operation, 'echo raw');
  });

  test('owner: 117 when missing or null, 4800 when malformed or unknown uid', async () => {
    const code = async (owner: unknown): Promise<number> => {
      const params: Record<string, unknown> = { ...base, task_name: 'o' };
      if (owner === undefined) delete params.owner; else params.owner = owner;
      return (await jsonCall(sim, s, ES, 'create', params)).json.error?.code ?? 0;
    };
    assert.equal(await code(undefined), 117);
    assert.equal(await code(null), 117);
    assert.equal(await code({}), 4800);
    assert.equal(await code({ '1024': 'admin', '1026': 'alice' }), 4800);
    assert.equal(await code({ admin: '1024' }), 4800);
    assert.equal(await code({ '4242': 'ghost' }), 4800);
    assert.equal(await code({ '1024': 'alice' }), 4800);
    assert.equal(await code(['1024']), 4800);
    const bracket = await call(sim, ES, 'create', 1, { task_name: '"o"', 'owner[0]': 'root', event: '"bootup"', operation: '"x"', notify_mail: '""', _sid: s.sid, SynoToken: s.synotoken });
    assert.equal(bracket.json.error.code, 117);
  });

  test('event only bootup|shutdown; notify_mail must be JSON-quoted; depend_on_task as [a][b]; missing params 114', async () => {
    assert.equal((await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'e', event: 'reboot' })).json.error.code, 4800);
    const rawMail = await call(sim, ES, 'create', 1, { task_name: '"m"', owner: JSON.stringify(ADMIN_OWNER), event: '"bootup"', operation: '"x"', notify_mail: '', _sid: s.sid, SynoToken: s.synotoken });
    assert.equal(rawMail.json.error.code, 4800);
    assert.equal((await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'd', depend_on_task: 'a,b' })).json.error.code, 4800);
    assert.equal((await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'd', depend_on_task: ['a'] })).json.error.code, 4800);
    assert.equal((await jsonCall(sim, s, ES, 'create', { owner: ADMIN_OWNER, event: 'bootup', operation: 'x' })).json.error.code, 114);
    assert.equal((await jsonCall(sim, s, ES, 'get', {})).json.error.code, 114);
    assert.equal((await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'b', enable: 'yes' })).json.error.code, 4800);
  });

  test('create of an existing name answers 4804 by default', async () => {
    await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'dup' });
    assert.equal((await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'dup' })).json.error.code, 4804);
  });

  test('missing task: 4801 by default for get/set/run/delete/set_enable/result_list/result_get_file', async () => {
    const name = { task_name: 'nope' };
    for (const [method, extra] of [['get', {}], ['run', {}], ['delete', {}], ['set_enable', { enable: true }], ['result_list', {}], ['result_get_file', { result_id: 1 }], ['set', base]] as const) {
      const reply = await jsonCall(sim, s, ES, method, { ...extra, ...name });
      assert.equal(reply.json.error?.code, 4801, `${method}: ${reply.text}`);
    }
  });

  test('config_get / config_set', async () => {
    assert.deepEqual((await jsonCall(sim, s, ES, 'config_get', { type: 'esynoscheduler' })).json.data, { enable_output: false, output_path: '', type: 'esynoscheduler' });
    await jsonCall(sim, s, ES, 'config_set', { type: 'esynoscheduler', enable_output: true, output_path: 'share/logs' });
    assert.deepEqual((await jsonCall(sim, s, ES, 'config_get', { type: 'esynoscheduler' })).json.data, { enable_output: true, output_path: 'share/logs', type: 'esynoscheduler' });
  });
});

describe('EventScheduler switchable forms', () => {
  test("missingTask 'empty': success with {} / [] / no data", () => withSim({ missingTask: 'empty' }, async (sim, s) => {
    assert.deepEqual((await jsonCall(sim, s, ES, 'get', { task_name: 'nope' })).json, { success: true, data: {} });
    assert.deepEqual((await jsonCall(sim, s, ES, 'result_list', { task_name: 'nope' })).json, { success: true, data: [] });
    assert.deepEqual((await jsonCall(sim, s, ES, 'run', { task_name: 'nope' })).json, { success: true });
    assert.deepEqual((await jsonCall(sim, s, ES, 'delete', { task_name: 'nope' })).json, { success: true });
  }));

  test('missingTaskCode and duplicateCreate replace', () => withSim({ missingTaskCode: 4800, duplicateCreate: 'replace' }, async (sim, s) => {
    assert.equal((await jsonCall(sim, s, ES, 'get', { task_name: 'nope' })).json.error.code, 4800);
    await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'dup' });
    assert.equal((await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'dup', operation: 'echo 2' })).json.success, true);
    assert.equal(sim.state.tasks.get('dup')?.operation, 'echo 2');
  }));

  test('get shape knobs: owner as uid or name, depend_on_task as array', () => withSim({ getOwnerForm: 'uid', getDependForm: 'array' }, async (sim, s) => {
    await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'shape', depend_on_task: '[x]' });
    const got = (await jsonCall(sim, s, ES, 'get', { task_name: 'shape' })).json.data;
    assert.equal(got.owner, 1024);
    assert.deepEqual(got.depend_on_task, ['x']);
  }));

  test('strict: raw strings rejected (4800) and a query "+" read literally', () => withSim({ strict: true }, async (sim, s) => {
    const raw = await call(sim, ES, 'get', 1, { task_name: 'plain', _sid: s.sid });
    assert.equal(raw.json.error.code, 4800);
    await jsonCall(sim, s, ES, 'create', { ...base, task_name: 'a b' });
    const plus = await call(sim, ES, 'get', 1, { _sid: s.sid }, { rawQuery: 'task_name=%22a+b%22' });
    assert.equal(plus.json.error.code, 4801);
    const spaced = await call(sim, ES, 'get', 1, { _sid: s.sid }, { rawQuery: 'task_name=%22a%20b%22' });
    assert.equal(spaced.json.data.task_name, 'a b');
    const formPlus = await call(sim, ES, 'get', 1, {}, { httpMethod: 'POST', rawBody: `api=${ES}&method=get&version=1&_sid=${s.sid}&task_name=%22a+b%22` });
    assert.equal(formPlus.json.data.task_name, 'a b');
  }));
});

describe('root-owned tasks', () => {
  test('plain API with owner root answers 105; .Root with a fresh SynoConfirmPWToken works; the token is single-use', () => withSim({}, async (sim, s) => {
    const rootTask = { ...base, task_name: 'as root', owner: { '0': 'root' } };
    assert.equal((await jsonCall(sim, s, ES, 'create', rootTask)).json.error.code, 105);
    assert.equal((await jsonCall(sim, s, ROOT, 'create', rootTask)).json.error.code, 105);
    const confirm = await jsonCall(sim, s, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'synology' }, { httpMethod: 'POST' });
    const token: string = confirm.json.data.SynoConfirmPWToken;
    assert.equal(typeof token, 'string');
    const created = await call(sim, ROOT, 'create', 1, {
      ...Object.fromEntries(Object.entries(rootTask).map(([k, v]) => [k, JSON.stringify(v)])), SynoConfirmPWToken: token, _sid: s.sid, SynoToken: s.synotoken,
    }, { httpMethod: 'POST' });
    assert.equal(created.json.success, true, created.text);
    assert.equal(sim.state.tasks.get('as root')?.owner_uid, 0);
    assert.deepEqual((await jsonCall(sim, s, ES, 'get', { task_name: 'as root' })).json.data.owner, { '0': 'root' });
    const reused = await jsonCall(sim, s, ROOT, 'set', { ...rootTask, SynoConfirmPWToken: token });
    assert.equal(reused.json.error.code, 105);
    const again = (await jsonCall(sim, s, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'synology' })).json.data.SynoConfirmPWToken;
    const set = await jsonCall(sim, s, ROOT, 'set', { ...rootTask, operation: 'echo root', SynoConfirmPWToken: again });
    assert.equal(set.json.success, true, set.text);
    assert.equal((await jsonCall(sim, s, ROOT, 'get', { task_name: 'as root' })).json.error.code, 103);
  }));

  test('PasswordConfirm: a wrong password fails (400); a token of another session fails', () => withSim({}, async (sim, s) => {
    assert.equal((await jsonCall(sim, s, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'wrong' })).json.error.code, 400);
    const other = await login(sim);
    const token = (await jsonCall(sim, other, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'synology' })).json.data.SynoConfirmPWToken;
    const reply = await jsonCall(sim, s, ROOT, 'create', { ...base, task_name: 'x', owner: { '0': 'root' }, SynoConfirmPWToken: token });
    assert.equal(reply.json.error.code, 105);
  }));

  test('knobs: rootViaPlainApi allow, confirmTokenReusable, confirmTokenFailCode, passwordConfirmFailCode', () => withSim(
    { rootViaPlainApi: 'allow', confirmTokenReusable: true, confirmTokenFailCode: 4800, passwordConfirmFailCode: 105 },
    async (sim, s) => {
      const rootTask = { ...base, task_name: 'r', owner: { '0': 'root' } };
      assert.equal((await jsonCall(sim, s, ES, 'create', rootTask)).json.success, true);
      assert.equal((await jsonCall(sim, s, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'bad' })).json.error.code, 105);
      assert.equal((await jsonCall(sim, s, ROOT, 'set', { ...rootTask, SynoConfirmPWToken: 'forged' })).json.error.code, 4800);
      const token = (await jsonCall(sim, s, 'SYNO.Core.User.PasswordConfirm', 'auth', { password: 'synology' })).json.data.SynoConfirmPWToken;
      assert.equal((await jsonCall(sim, s, ROOT, 'set', { ...rootTask, SynoConfirmPWToken: token })).json.success, true);
      assert.equal((await jsonCall(sim, s, ROOT, 'set', { ...rootTask, SynoConfirmPWToken: token })).json.success, true);
    }));
});
