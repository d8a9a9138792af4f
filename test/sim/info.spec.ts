// SYNO.API.Info on both CGIs and both profiles, and the generic DSM errors 101-104 (§1, §3).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { call, login, request } from './sim-http';

describe('SYNO.API.Info, DSM 7 profile', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator(); });
  after(() => sim.close());

  test('query=ALL on query.cgi lists the APIs with paths, versions and requestFormat', async () => {
    const reply = await call(sim, 'SYNO.API.Info', 'query', 1, { query: 'ALL' }, { path: '/webapi/query.cgi' });
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-type']), /application\/json/);
    assert.equal(reply.json.success, true);
    const data = reply.json.data;
    assert.deepEqual(data['SYNO.API.Info'], { path: 'entry.cgi', minVersion: 1, maxVersion: 1, requestFormat: 'JSON' });
    assert.deepEqual(data['SYNO.API.Auth'], { path: 'entry.cgi', minVersion: 1, maxVersion: 7 });
    assert.deepEqual(data['SYNO.Core.EventScheduler.Root'], { path: 'entry.cgi', minVersion: 1, maxVersion: 1, requestFormat: 'JSON' });
    assert.equal(data['SYNO.Core.TaskScheduler'].maxVersion, 4);
    assert.equal(data['SYNO.Core.User.PasswordConfirm'].maxVersion, 2);
    assert.equal(data['SYNO.Entry.Request'].maxVersion, 2);
  });

  test('query=all on entry.cgi, method Query, and a comma list leaving unknown names out', async () => {
    const all = await call(sim, 'SYNO.API.Info', 'Query', 1, { query: 'all' });
    assert.ok(all.json.data['SYNO.Core.EventScheduler']);
    const some = await call(sim, 'SYNO.API.Info', 'query', 1, { query: 'SYNO.API.Auth,SYNO.Core.EventScheduler,SYNO.No.Such' });
    assert.deepEqual(Object.keys(some.json.data).sort(), ['SYNO.API.Auth', 'SYNO.Core.EventScheduler']);
  });

  test('errors: 101 missing api/method/version, 102 unknown API, 103 unknown method, 104 version out of range', async () => {
    const code = async (params: Record<string, string>): Promise<number> => (await request(sim.url, { params })).json.error.code;
    assert.equal(await code({ method: 'query', version: '1' }), 101);
    assert.equal(await code({ api: 'SYNO.API.Info', version: '1' }), 101);
    assert.equal(await code({ api: 'SYNO.API.Info', method: 'query' }), 101);
    assert.equal(await code({ api: 'SYNO.No.Such', method: 'query', version: '1' }), 102);
    assert.equal(await code({ api: 'SYNO.API.Info', method: 'nope', version: '1' }), 103);
    assert.equal(await code({ api: 'SYNO.API.Info', method: 'query', version: '2' }), 104);
    assert.equal(await code({ api: 'SYNO.API.Auth', method: 'login', version: '2', account: 'admin', passwd: 'synology' }), 104);
    assert.equal(await code({ api: 'SYNO.API.Info', method: 'query', version: 'x' }), 104);
  });

  test('the API name can come from the path (POST /webapi/entry.cgi/<API>)', async () => {
    const reply = await request(sim.url, { httpMethod: 'POST', path: '/webapi/entry.cgi/SYNO.API.Info', params: { method: 'query', version: 1, query: 'SYNO.API.Auth' } });
    assert.ok(reply.json.data['SYNO.API.Auth']);
  });

  test('unrouted requests get a DSM error', async () => {
    const reply = await request(sim.url, { path: '/nothing/here' });
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.json, { success: false, error: { code: 102 } });
    const wrongCgi = await call(sim, 'SYNO.Core.EventScheduler', 'list', 1, {}, { path: '/webapi/query.cgi' });
    assert.equal(wrongCgi.json.error.code, 102);
  });
});

describe('SYNO.API.Info, DSM 6 profile', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator({ profile: 'dsm6' }); });
  after(() => sim.close());

  test('Info on query.cgi without requestFormat, Auth on auth.cgi max 6, no .Root APIs, TaskScheduler max 2, PasswordConfirm max 1', async () => {
    const reply = await call(sim, 'SYNO.API.Info', 'query', 1, { query: 'ALL' }, { path: '/webapi/query.cgi' });
    const data = reply.json.data;
    assert.deepEqual(data['SYNO.API.Info'], { path: 'query.cgi', minVersion: 1, maxVersion: 1 });
    assert.deepEqual(data['SYNO.API.Auth'], { path: 'auth.cgi', minVersion: 1, maxVersion: 6 });
    assert.equal(data['SYNO.Core.EventScheduler.Root'], undefined);
    assert.equal(data['SYNO.Core.TaskScheduler.Root'], undefined);
    assert.equal(data['SYNO.Core.TaskScheduler'].maxVersion, 2);
    assert.equal(data['SYNO.Core.User.PasswordConfirm'].maxVersion, 1);
  });

  test('Auth answers on auth.cgi (v6 with did) but not v7; .Root is an unknown API', async () => {
    const v7 = await call(sim, 'SYNO.API.Auth', 'login', 7, { account: 'admin', passwd: 'synology' }, { path: '/webapi/auth.cgi' });
    assert.equal(v7.json.error.code, 104);
    const v6 = await call(sim, 'SYNO.API.Auth', 'login', 6, { account: 'admin', passwd: 'synology', format: 'sid' }, { path: '/webapi/auth.cgi' });
    assert.equal(v6.json.success, true);
    assert.equal(v6.json.data.account, undefined);
    assert.equal(v6.json.data.device_id, undefined);
    const onEntry = await call(sim, 'SYNO.API.Auth', 'login', 6, { account: 'admin', passwd: 'synology' });
    assert.equal(onEntry.json.error.code, 102);
    const session = { sid: v6.json.data.sid as string };
    const root = await call(sim, 'SYNO.Core.EventScheduler.Root', 'create', 1, { _sid: session.sid });
    assert.equal(root.json.error.code, 102);
    await assert.rejects(login(sim));
  });

  test('padded paths knob: Info paths start with underscores and such paths are served', async () => {
    const padded = await startSimulator({ paddedPaths: true });
    try {
      const reply = await call(padded, 'SYNO.API.Info', 'query', 1, { query: 'SYNO.API.Auth' }, { path: '/webapi/query.cgi' });
      const path: string = reply.json.data['SYNO.API.Auth'].path;
      assert.match(path, /^_+entry\.cgi$/);
      const viaPadded = await call(padded, 'SYNO.API.Info', 'query', 1, { query: 'all' }, { path: `/webapi/${path}` });
      assert.equal(viaPadded.json.success, true);
    } finally {
      await padded.close();
    }
  });

  test('strict mode still takes the unquoted query list every client sends (Info is not a JSON-format API)', async () => {
    const strict = await startSimulator({ strict: true });
    try {
      const raw = await call(strict, 'SYNO.API.Info', 'query', 1, { query: 'SYNO.API.Auth,SYNO.Core.EventScheduler' });
      assert.deepEqual(Object.keys(raw.json.data).sort(), ['SYNO.API.Auth', 'SYNO.Core.EventScheduler']);
      const quoted = await call(strict, 'SYNO.API.Info', 'query', 1, { query: '"SYNO.API.Auth"' });
      assert.deepEqual(Object.keys(quoted.json.data), ['SYNO.API.Auth']);
    } finally {
      await strict.close();
    }
  });
});
