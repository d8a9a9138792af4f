// The one-command demo end to end: started as a child process on free ports, it prints the editor
// URL; the admin API shows our flows pointed at the simulated NAS; the debug websocket (/comms) shows
// a run with its output, a failure alert and, after "r" (reboot), the boot-up results arriving
// through the watch node; SIGINT stops everything (no Node-RED left, both ports free).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';
import { isPortFree } from '../../scripts/demo-port';

const repoRoot = join(__dirname, '..', '..', '..');
const demoJs = join(repoRoot, 'dist', 'scripts', 'demo.js');

interface DebugMessage {
  id: string;
  name?: string;
  msg: string;
}

interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs: number, detail: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start (the demo)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'demo-test-'));
  let child: ChildProcess | undefined;
  let output = '';
  let nodeRedPid: number | undefined;

  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (nodeRedPid && alive(nodeRedPid)) process.kill(nodeRedPid, 'SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('deploys the flows against the simulator, shows a run, an alert and a reboot, and stops cleanly on SIGINT', async () => {
    child = spawn(process.execPath, [demoJs], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DEMO_DIR: scratch, DEMO_PORT: '0', DEMO_SIM_PORT: '0', DEMO_REBOOT_DOWN_MS: '1000' },
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    const show = (): string => `--- demo output ---\n${output}`;

    const editor = await until('the editor URL', () => /Node-RED editor: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(output) ?? undefined, 90_000, show);
    const url = editor[1];
    const nodeRedPort = Number(editor[2]);
    const simMatch = /Simulated NAS \(DSM 7\): https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
    assert.ok(simMatch, show());
    const simPort = Number(simMatch[1]);
    nodeRedPid = Number(/Node-RED \(pid (\d+)\)/.exec(output)?.[1]);
    assert.ok(nodeRedPid > 0 && alive(nodeRedPid), 'Node-RED runs as its own process');

    // The flows: our node types, one config node pointed at the simulator with its pinned certificate.
    const res = await fetch(`${url}flows`, { headers: { 'Node-RED-API-Version': 'v2' } });
    assert.equal(res.status, 200);
    const text = await res.text();
    const flows = (JSON.parse(text) as { flows: FlowNode[] }).flows;
    const types = new Set(flows.map((n) => n.type));
    for (const type of ['synology-dsm', 'synology-event-run', 'synology-event-watch', 'synology-event-tasks']) assert.ok(types.has(type), `a ${type} node is deployed`);
    const configs = flows.filter((n) => n.type === 'synology-dsm');
    assert.equal(configs.length, 1, 'one config node for all');
    assert.equal(configs[0].host, '127.0.0.1');
    assert.equal(configs[0].port, simPort);
    assert.equal(configs[0].tlsMode, 'pin');
    assert.match(String(configs[0].fingerprint), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    for (const node of flows.filter((n) => n.type.startsWith('synology-event-'))) assert.equal(node.server, configs[0].id, `${node.id} uses the demo NAS`);
    const exampleFiles = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.json'));
    const tabs = flows.filter((n) => n.type === 'tab').map((n) => String(n.label));
    assert.ok(tabs.includes('Demo: start here'));
    for (const file of exampleFiles) assert.ok(tabs.includes(file.replace(/\.json$/, '')), `the example "${file}" is deployed on its own tab`);
    for (const node of flows.filter((n) => n.type.startsWith('mqtt'))) assert.equal(node.d, true, 'network nodes are disabled: the demo talks to 127.0.0.1 only');
    assert.equal(/"synology"/.test(text), false, 'no password in the flows');

    // The debug sidebar, as the editor sees it.
    const debug: DebugMessage[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${nodeRedPort}/comms`);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve());
      ws.addEventListener('error', () => reject(new Error('the /comms websocket did not open')));
    });
    ws.addEventListener('message', (event) => {
      const packets = JSON.parse(String(event.data)) as { topic: string; data: DebugMessage }[];
      for (const packet of [packets].flat()) if (packet.topic === 'debug') debug.push(packet.data);
    });
    ws.send(JSON.stringify({ subscribe: 'debug' }));
    const seen = (): string => `${show()}\n--- debug ---\n${debug.map((d) => `${d.name}: ${d.msg}`).join('\n')}`;

    // Press the run buttons as a user would (the injects also fire once a few seconds after start).
    for (const id of ['demo-hello-inject', 'demo-raid-inject']) {
      const pressed = await fetch(`${url}inject/${id}`, { method: 'POST' });
      assert.equal(pressed.status, 200);
    }
    const run = await until('a run result with its output', () => debug.find((d) => d.id === 'demo-hello-debug' && /Hello from the simulated NAS/.test(d.msg)), 30_000, seen);
    assert.match(run.msg, /"exit_code":0/);
    const alert = await until('a failure alert', () => debug.find((d) => d.id === 'demo-alert-debug' && /ALERT: "Check RAID" failed \(exit 3\)/.test(d.msg)), 30_000, seen);
    assert.match(alert.msg, /degraded/);

    // A reboot from the demo's command line: the boot-up results arrive through the watch node.
    const before = debug.length;
    child.stdin?.write('r\n');
    await until(
      'the boot-up result of "Mount backup disk" from the watch node',
      () => debug.slice(before).find((d) => d.id === 'demo-watch-debug' && /Mount backup disk/.test(d.msg)),
      45_000,
      seen,
    );
    await until('the boot-up failure alert of "Check RAID"', () => debug.slice(before).find((d) => d.id === 'demo-alert-debug' && /Check RAID/.test(d.msg)), 45_000, seen);
    ws.close();

    // Ctrl-C: everything stops.
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 30_000)))]);
    clearTimeout(timer);
    assert.equal(code, 0, seen());
    assert.match(output, /Demo stopped\./);
    assert.equal(alive(nodeRedPid), false, 'Node-RED exited too (no orphan)');
    assert.equal(await isPortFree(nodeRedPort), true, 'the Node-RED port is free');
    assert.equal(await isPortFree(simPort), true, 'the simulator port is free');
  });
});
