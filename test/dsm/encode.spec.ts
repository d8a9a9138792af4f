import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDependencies, encodeDependencies, encodeParams } from '../../lib/dsm/encode';
import { parseApiInfo, ApiTable } from '../../lib/dsm/discovery';
import { errorFromDsmCode } from '../../lib/dsm/dsm-codes';
import { METHODS, JSON_APIS } from '../../lib/dsm/methods';
import { holdsTask, resultsFromWire, taskFromWire, taskToWire, completeSettings } from '../../lib/dsm/task-codec';
import { loginParams } from '../../lib/dsm/session';
import { DsmConnection, DsmError } from '../../lib/dsm';

describe('encoding', () => {
  it('percent-encodes once, with a space as %20 and never +', () => {
    const wire = encodeParams({ task_name: 'a b+c&d#e%f"g\'h ü' }, true);
    assert.equal(wire, 'task_name=' + encodeURIComponent('"a b+c&d#e%f\\"g\'h ü"'));
    assert.ok(wire.includes('%20') && !wire.includes('+'));
    assert.equal(decodeURIComponent(wire.split('=')[1]), JSON.stringify('a b+c&d#e%f"g\'h ü'));
  });

  it('JSON-encodes values for JSON-format APIs and sends plain values to SYNO.API.Auth', () => {
    assert.equal(encodeParams({ enable: true, n: 3, s: 'x', o: { 0: 'root' } }, true), 'enable=true&n=3&s=%22x%22&o=%7B%220%22%3A%22root%22%7D');
    assert.equal(encodeParams({ account: 'admin', enable_syno_token: 'yes', skip: undefined }, false), 'account=admin&enable_syno_token=yes');
  });

  it('writes dependencies as [a][b] and reads every form back', () => {
    assert.equal(encodeDependencies(['a', 'b c']), '[a][b c]');
    assert.deepEqual(decodeDependencies('[a][b c]'), ['a', 'b c']);
    assert.deepEqual(decodeDependencies(['a', 'b']), ['a', 'b']);
    assert.deepEqual(decodeDependencies(''), []);
    assert.deepEqual(decodeDependencies(null), []);
  });

  it('sends the full task with owner {"uid":"name"}, notify_mail always a string, operation_type script', () => {
    const wire = taskToWire(completeSettings({ name: 't', script: 'echo', owner: 'alice', dependsOn: ['a'] }), 1027);
    assert.deepEqual(wire, {
      task_name: 't', owner: { 1027: 'alice' }, event: 'bootup', depend_on_task: '[a]', enable: true, notify_enable: false,
      notify_mail: '', notify_if_error: false, operation: 'echo', operation_type: 'script',
    });
    assert.match(encodeParams(wire, true), /notify_mail=%22%22/);
  });

  it('rejects bad settings before anything is sent', () => {
    for (const bad of [{ name: '', script: 'x' }, { name: 't', script: '' }, { name: 't', script: 'x', dependsOn: ['[x'] }, { name: 't', script: 'x', event: 'reboot' }]) {
      assert.throws(() => completeSettings(bad as never), (err: unknown) => err instanceof DsmError && err.code === 'INVALID_INPUT');
    }
  });

  it('does not send format=sid with enable_device_token (§2.4) and sends device_id later', () => {
    const base = { username: 'u', password: 'p', sessionName: 'webui', deviceName: 'box', deviceToken: undefined };
    const trust = loginParams({ ...base, otpCode: '123456' });
    assert.equal(trust.format, undefined);
    assert.equal(trust.enable_device_token, 'yes');
    assert.equal(trust.device_name, 'box');
    const later = loginParams({ ...base, deviceToken: 'tok' });
    assert.equal(later.format, 'sid');
    assert.equal(later.device_id, 'tok');
    assert.equal(later.device_name, 'box');
    assert.equal(later.enable_syno_token, 'yes');
  });
});

describe('decoding DSM answers', () => {
  it('reads get tolerantly: owner as object, uid number, "0" or name', () => {
    const names = (uid: number) => (uid === 1027 ? 'alice' : undefined);
    const base = { task_name: 't', event: 'shutdown', enable: 1, operation: 'x', depend_on_task: '[a][b]', notify_mail: 'm@x', notify_if_error: 'true' };
    assert.equal(taskFromWire({ ...base, owner: { 1027: 'alice' } }).owner, 'alice');
    assert.equal(taskFromWire({ ...base, owner: 0 }).owner, 'root');
    assert.equal(taskFromWire({ ...base, owner: '0' }).owner, 'root');
    assert.equal(taskFromWire({ ...base, owner: 1027 }, names).owner, 'alice');
    assert.equal(taskFromWire({ ...base, owner: 'bob' }).owner, 'bob');
    const task = taskFromWire({ ...base, owner: 'bob' });
    assert.deepEqual(task, { name: 't', event: 'shutdown', enabled: true, owner: 'bob', script: 'x', dependsOn: ['a', 'b'], notifyEmail: 'm@x', notifyOnlyOnError: true });
    assert.equal(holdsTask({}), false);
    assert.equal(holdsTask([]), false);
    assert.equal(holdsTask({ task_name: 't' }), true);
  });

  it('reads results from data, data.results or data.list, newest first, exit_info as JSON text too', () => {
    const rows = [
      { result_id: 1, task_name: 't', exit_info: { exit_code: 0, exit_type: 'stop' } },
      { result_id: 3, task_name: 't', exit_info: '{"exit_code":1,"exit_type":"stop"}' },
      { result_id: 2, task_name: 't', exit_info: { exit_code: 0, exit_type: 'stop' }, extra: {} },
    ];
    for (const data of [rows, { results: rows }, { list: rows }]) {
      const results = resultsFromWire(data);
      assert.deepEqual(results.map((r) => r.result_id), [3, 2, 1]);
      assert.deepEqual(results[0].exit_info, { exit_code: 1, exit_type: 'stop' });
      assert.deepEqual(results[1].extra, {});
    }
    assert.deepEqual(resultsFromWire(undefined), []);
  });

  it('strips the underscore padding of Info paths (§1) and picks versions', () => {
    const table = new ApiTable(parseApiInfo({
      'SYNO.API.Auth': { path: '______________________________entry.cgi', minVersion: 1, maxVersion: 7 },
      'SYNO.Core.TaskScheduler': { path: 'entry.cgi', minVersion: 1, maxVersion: 4 },
      'SYNO.Core.User.PasswordConfirm': { path: 'entry.cgi', minVersion: 3, maxVersion: 4 },
    }));
    assert.deepEqual({ ...table.resolve(METHODS.login), prefix: undefined }, { path: '/webapi/entry.cgi', version: 7, prefix: undefined });
    assert.equal(table.resolve(METHODS.taskList).version, 3);
    assert.throws(() => table.resolve(METHODS.passwordConfirm), (err: unknown) => err instanceof DsmError && err.code === 'NOT_AVAILABLE');
    assert.throws(() => table.resolve(METHODS.get), (err: unknown) => err instanceof DsmError && err.code === 'NOT_AVAILABLE');
  });
});

describe('error codes', () => {
  it('reads auth codes only for SYNO.API.Auth', () => {
    const table: [number, string][] = [[400, 'WRONG_CREDENTIALS'], [401, 'ACCOUNT_DISABLED'], [402, 'NO_PERMISSION'], [403, 'OTP_REQUIRED'],
      [404, 'OTP_REJECTED'], [406, 'OTP_REQUIRED'], [407, 'IP_BLOCKED'], [408, 'PASSWORD_EXPIRED'], [409, 'PASSWORD_EXPIRED'],
      [410, 'PASSWORD_EXPIRED'], [411, 'IP_BLOCKED']];
    for (const [n, code] of table) {
      assert.equal(errorFromDsmCode(n, 'SYNO.API.Auth', 'login').code, code);
      if (n !== 402) assert.equal(errorFromDsmCode(n, 'SYNO.Core.EventScheduler', 'run').code, `DSM_${n}`);
    }
  });

  it('maps permission, session and other codes', () => {
    for (const n of [105, 160, 122, 127]) assert.equal(errorFromDsmCode(n, 'SYNO.Core.EventScheduler', 'get').code, 'NO_PERMISSION');
    for (const n of [106, 107, 119, 150]) assert.equal(errorFromDsmCode(n, 'SYNO.Core.EventScheduler', 'get').code, 'SESSION_LOST');
    assert.equal(errorFromDsmCode(102, 'SYNO.Core.Foo', 'get').code, 'NOT_AVAILABLE');
    const other = errorFromDsmCode(4804, 'SYNO.Core.EventScheduler', 'create');
    assert.equal(other.code, 'DSM_4804');
    assert.equal(other.dsmCode, 4804);
    assert.match(other.message, /could not save/);
  });

  it('DsmError instanceof works across copies (brand) and copy() keeps the fields', () => {
    const err = new DsmError('TLS', 'm', { reason: 'expired', statusCode: 1 });
    const copy = err.copy();
    assert.ok(copy instanceof DsmError);
    assert.equal(copy.reason, 'expired');
    const foreign = Object.assign(new Error('x'), { [Symbol.for('nas-automation.dsm.DsmError')]: true });
    assert.ok(foreign instanceof DsmError);
    assert.ok(!(new Error('y') instanceof DsmError));
  });
});

describe('the descriptor table', () => {
  it('declares each method once; .Root entries name a .Root API; writes are POST and not idempotent', () => {
    const keys = Object.values(METHODS).map((m) => `${m.api} ${m.method}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const [name, m] of Object.entries(METHODS)) {
      if (name.startsWith('root')) assert.ok(m.api.endsWith('.Root'), name);
      if (m.verb === 'GET') assert.ok(m.idempotent, name);
      if (!m.idempotent) assert.equal(m.verb, 'POST', name);
      assert.ok(m.minVersion <= m.maxVersion, name);
    }
    for (const m of [METHODS.run, METHODS.create, METHODS.set, METHODS.delete, METHODS.setEnable]) assert.equal(m.idempotent, false);
    assert.equal(JSON_APIS.has('SYNO.API.Auth'), false);
    assert.equal(JSON_APIS.has('SYNO.Core.EventScheduler'), true);
  });
});

describe('options', () => {
  it('checks options before any I/O and names the bad one', () => {
    const base = { host: 'nas', username: 'u', password: 'p' };
    const bad: object[] = [
      { ...base, host: '' }, { ...base, host: 'https://nas:5001/' }, { ...base, port: 70000 }, { ...base, password: '' },
      { ...base, tls: { mode: 'pin', fingerprint: 'abc' } }, { ...base, tls: { mode: 'ca', ca: 'nope' } }, { ...base, tls: { mode: 'maybe' } },
      { ...base, timeoutMs: -1 }, { ...base, maxConcurrent: 1.5 },
    ];
    for (const options of bad) {
      assert.throws(() => new DsmConnection(options as never), (err: unknown) => err instanceof DsmError && err.code === 'INVALID_INPUT', JSON.stringify(options));
    }
  });

  it('defaults to HTTPS on 5001, verify, and builds IPv6 origins with brackets', async () => {
    const c = new DsmConnection({ host: 'nas.local', username: 'u', password: 'p' });
    assert.equal(c.origin, 'https://nas.local:5001');
    assert.equal(c.state, 'idle');
    await c.close();
    const v6 = new DsmConnection({ host: '[fe80::1]', https: false, username: 'u', password: 'p' });
    assert.equal(v6.origin, 'http://[fe80::1]:5000');
    await v6.close();
  });
});
