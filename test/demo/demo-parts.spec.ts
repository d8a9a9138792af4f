// The demo's building blocks without starting anything big: the port choice (a busy port is replaced
// by a free one) and the flows (examples on their own tabs, one config node for the simulated NAS,
// clashing ids renamed, network nodes disabled, credentials only in the credentials object).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DSM_ID, DEMO_TAB_ID, buildDemoFlows, type FlowNode } from '../../scripts/demo-flows';
import { isPortFree, pickPort } from '../../scripts/demo-port';

const NAS = { port: 45001, fingerprint: 'AA:BB', certPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', rebootUrl: 'https://127.0.0.1:45001/sim/reboot', username: 'admin', password: 'synology' };

describe('demo port choice', () => {
  it('keeps a free port and replaces a busy one by a free one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const busy = (server.address() as { port: number }).port;
    try {
      const choice = await pickPort(busy);
      assert.equal(choice.wantedWasBusy, true);
      assert.notEqual(choice.port, busy);
      assert.equal(await isPortFree(choice.port), true);
      assert.equal(await isPortFree(busy), false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const again = await pickPort(busy);
    assert.deepEqual(again, { port: busy, wantedWasBusy: false });
  });
});

describe('demo flows', () => {
  function withExamples(files: Record<string, FlowNode[]>): ReturnType<typeof buildDemoFlows> {
    const dir = mkdtempSync(join(tmpdir(), 'demo-examples-'));
    try {
      for (const [name, nodes] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(nodes));
      writeFileSync(join(dir, 'not-a-flow.json'), '{"hello": 1}');
      return buildDemoFlows(dir, NAS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const dsm = { id: 'dsm-example', type: 'synology-dsm', name: 'My NAS', host: 'nas.local', port: 5001 };
  const run = (id: string): FlowNode => ({ id, type: 'synology-event-run', server: 'dsm-example', task: 'x', x: 300, y: 80, wires: [[]] });
  const inject = (id: string, target: string): FlowNode => ({ id, type: 'inject', x: 100, y: 80, wires: [[target]] });

  it('puts each example on its own tab, pointed at the one demo config node', () => {
    const demo = withExamples({
      'A run.json': [inject('i1', 'r1'), run('r1'), dsm],
      'B mqtt.json': [
        { id: 'm1', type: 'mqtt in', broker: 'b1', x: 100, y: 80, wires: [['r1']] },
        run('r1'),
        { id: 'b1', type: 'mqtt-broker', broker: 'localhost', port: '1883' },
        dsm,
      ],
    });
    assert.deepEqual(demo.examples, ['A run.json', 'B mqtt.json']);
    const ids = demo.flows.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicate ids');
    const configs = demo.flows.filter((n) => n.type === 'synology-dsm');
    assert.deepEqual(configs, [
      { id: DEMO_DSM_ID, type: 'synology-dsm', name: 'Simulated NAS (demo)', host: '127.0.0.1', port: 45001, https: true, tlsMode: 'pin', fingerprint: 'AA:BB', ca: '', timeout: 30, maxConcurrent: 4, sessionName: 'NodeRedDemo' },
    ]);
    const tabs = demo.flows.filter((n) => n.type === 'tab');
    assert.deepEqual(tabs.map((t) => t.label), ['Demo: start here', 'A run', 'B mqtt']);
    for (const node of demo.flows.filter((n) => 'x' in n)) assert.ok(tabs.some((t) => t.id === node.z), `${node.id} is on a tab`);
    for (const node of demo.flows.filter((n) => n.type.startsWith('synology-event-'))) assert.equal(node.server, DEMO_DSM_ID);
    const secondRun = demo.flows.find((n) => n.id === 'r1-2');
    assert.ok(secondRun, 'the clashing id of the second file was renamed');
    assert.deepEqual(demo.flows.find((n) => n.id === 'm1')?.wires, [['r1-2']], 'and its wires follow');
    for (const node of demo.flows.filter((n) => n.type.startsWith('mqtt'))) assert.equal(node.d, true, `${node.type} is disabled`);
    assert.ok(demo.flows.some((n) => n.z === DEMO_TAB_ID && n.type === 'synology-event-watch'));
  });

  it('keeps the credentials out of the flows', () => {
    const demo = withExamples({});
    assert.deepEqual(demo.credentials[DEMO_DSM_ID], { username: 'admin', password: 'synology' });
    assert.equal(JSON.stringify(demo.flows).includes('"synology"'), false);
    assert.equal(JSON.stringify(demo.flows).includes('BEGIN CERTIFICATE'), false, 'the trusted certificate is a credential of the TLS node');
    assert.equal(demo.flows.find((n) => n.type === 'http request')?.url, NAS.rebootUrl);
  });
});
