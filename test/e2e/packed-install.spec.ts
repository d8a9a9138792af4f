// The package as a user gets it: `npm pack`, installed into a fresh Node-RED user folder, on
// Node-RED 4.1 (Node 20) and Node-RED 5 (Node 22). Every node type registers without a load error,
// and a flow deployed through the admin API runs a task on an HTTPS simulator pinned by fingerprint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../lib/sim';
import { NodeRedProcess, loadErrors, packPackage, readManifest, waitFor, type NodeRedRuntime } from '../helpers/node-red-process';
import { E2E_USER, runAndRecordFlow, type RecordedState } from './run-and-record-flow';

const manifest = readManifest();
const nodeTypes = Object.keys(manifest['node-red'].nodes);

const runtimes: { runtime: NodeRedRuntime; version: RegExp; task: string }[] = [
  { runtime: 'nr4', version: /^4\.1\./, task: 'e2e-on-nr4' },
  { runtime: 'nr5', version: /^5\./, task: 'e2e-on-nr5' },
];

let sim: Simulator;
let tarball: string;

before(async () => {
  tarball = await packPackage();
  sim = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    https: true,
    users: [{ name: E2E_USER.name, password: E2E_USER.password, admin: true }],
    runStartDelayMs: 0,
    scriptTimeoutMs: 10_000,
    seedTasks: runtimes.map(({ task }) => ({ name: task, event: 'bootup', owner: 'root', script: `echo "hello from ${task}"`, enabled: true })),
  });
});

after(async () => {
  await sim?.close();
});

for (const { runtime, version, task } of runtimes) {
  describe(`packed install on ${runtime === 'nr4' ? 'Node-RED 4.1 / Node 20' : 'Node-RED 5 / Node 22'}`, () => {
    let nr: NodeRedProcess;
    let startupLog = '';

    before(async () => {
      nr = await NodeRedProcess.start({ runtime, tarball });
      // Node sets are loaded before the admin API answers; the log up to here is the load log.
      startupLog = nr.log;
    });

    after(async () => {
      await nr?.stop();
    });

    test(`runs the expected Node-RED version`, async () => {
      const res = await nr.request<{ version: string }>('GET', '/settings');
      assert.equal(res.status, 200);
      assert.match(res.body.version, version, `GET /settings reports Node-RED ${res.body.version}`);
    });

    test('registers every node type of package.json without an error', async () => {
      const sets = (await nr.nodeSets()).filter((set) => set.module === manifest.name);
      assert.ok(sets.length > 0, `no node set of ${manifest.name} in GET /nodes\n${nr.logTail()}`);
      for (const set of sets) {
        assert.equal(set.err, undefined, `node set ${set.id} failed to load: ${JSON.stringify(set.err)}\n${nr.logTail()}`);
        assert.equal(set.enabled, true, `node set ${set.id} is disabled`);
        assert.ok(set.types.length > 0, `node set ${set.id} registered no type\n${nr.logTail()}`);
        assert.equal(set.version, manifest.version, `node set ${set.id} has version ${set.version}`);
      }
      const registered = new Set(sets.flatMap((set) => set.types));
      const missing = nodeTypes.filter((type) => !registered.has(type));
      assert.deepEqual(missing, [], `types not registered: ${missing.join(', ')}\n${nr.logTail()}`);
    });

    test('logs no load error for the package', () => {
      assert.deepEqual(loadErrors(startupLog, manifest.name), [], nr.logTail());
    });

    test('serves each node type\'s editor definition', async () => {
      const res = await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } });
      const html = await res.text();
      assert.equal(res.status, 200);
      for (const type of nodeTypes) {
        assert.match(html, new RegExp(`registerType\\(\\s*['"]${type}['"]`), `GET /nodes (html) has no registerType('${type}')`);
      }
    });

    test('a deployed inject → run (wait) → results flow records the finished run', async () => {
      const runsBefore = sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length;
      await nr.deploy(runAndRecordFlow({ task, port: sim.port, fingerprint: sim.fingerprint ?? '' }));
      await nr.inject('e2e-inject');

      const state = await waitFor(
        'the flow to record the results (or an error)',
        async () => {
          const res = await nr.request<RecordedState>('GET', '/e2e/state');
          return res.status === 200 && (res.body.results || res.body.error || res.body.runFailed) ? res.body : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, detail: () => nr.logTail(), abort: () => (nr.exited ? 'Node-RED exited' : undefined) },
      );
      assert.equal(state.error, undefined, `the flow failed: ${JSON.stringify(state.error)}\n${nr.logTail()}`);
      assert.equal(state.runFailed, undefined, `the run went to the failure output: ${JSON.stringify(state.runFailed)}`);

      const run = state.run;
      assert.ok(run, 'the run node sent nothing on output 1');
      assert.equal(run.task, task, 'msg.task of the run node');
      assert.equal(run.payload.task_name, task);
      assert.equal(run.payload.exit_info?.exit_code, 0);
      assert.match(run.payload.output?.script_out ?? '', new RegExp(`hello from ${task}`), 'includeOutput: the script output');

      const results = state.results;
      assert.ok(results, 'the results node sent nothing');
      assert.equal(results.task, task, 'msg.task of the results node');
      assert.ok(Array.isArray(results.payload) && results.payload.length >= 1, `results payload: ${JSON.stringify(results.payload)}`);
      assert.equal(results.payload[0].result_id, run.payload.result_id, 'the newest result is the run that just finished');
      assert.equal(results.payload[0].task_name, task);

      const runs = sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' });
      assert.equal(runs.length - runsBefore, 1, 'exactly one run request reached the NAS');
    });

    test('the exported flow, the flow files and the log hold no password', async () => {
      const { text, flows } = await nr.getFlows();
      assert.ok(flows.some((n) => n.type === 'synology-dsm'), 'the config node is in GET /flows');
      assert.ok(!text.includes(E2E_USER.password), 'GET /flows contains the password');
      assert.ok(!/"password"\s*:/.test(text), 'GET /flows has a password property');
      const flowFile = readFileSync(join(nr.userDir, 'flows.json'), 'utf8');
      assert.ok(!flowFile.includes(E2E_USER.password), 'flows.json contains the password');
      const credFile = join(nr.userDir, 'flows_cred.json');
      assert.ok(existsSync(credFile), 'the credentials were stored');
      assert.ok(!readFileSync(credFile, 'utf8').includes(E2E_USER.password), 'flows_cred.json holds the password in clear');
      assert.ok(!nr.log.includes(E2E_USER.password), 'the Node-RED log contains the password');
    });
  });
}
