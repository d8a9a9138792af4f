// `npm start`: a simulated NAS (HTTPS, self-signed, seeded with a few event tasks) and Node-RED 4.1
// with this package and every example flow deployed against it. Prints the editor URL; "r" + Enter
// reboots the simulated NAS; Ctrl-C stops everything. Talks to nothing but 127.0.0.1.
//
// Environment: DEMO_PORT (Node-RED, default 1880; 0 = any free), DEMO_SIM_PORT (the NAS, default 0 =
// any free), DEMO_DIR (scratch folder, default .demo/ in the repository), DEMO_REBOOT_DOWN_MS.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startSimulator, type Simulator } from '../lib/sim';
import { selfSignedCertificate } from '../lib/sim/certificate';
import { buildDemoFlows } from './demo-flows';
import { DemoNodeRed } from './demo-node-red';
import { pickPort } from './demo-port';
import { DEMO_TASKS } from './demo-tasks';

const repoRoot = join(__dirname, '..', '..');
const DEMO_USER = { name: 'admin', password: 'synology' };

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0 = any free port)`);
  return port;
}

async function main(): Promise<void> {
  const scratch = process.env.DEMO_DIR || join(repoRoot, '.demo');
  mkdirSync(scratch, { recursive: true });
  const rebootDownMs = Number(process.env.DEMO_REBOOT_DOWN_MS) || 5000;

  let sim: Simulator | undefined;
  let nodeRed: DemoNodeRed | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      console.log('\nStopping the demo...');
      // Node-RED first: its config node logs out while the simulated NAS is still there.
      await nodeRed?.stop().catch(() => undefined);
      await sim?.close().catch(() => undefined);
      console.log('Demo stopped.');
      process.exit(code);
    })());
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('exit', () => nodeRed?.killNow());

  try {
    const tls = await selfSignedCertificate();
    sim = await startSimulator({
      host: '127.0.0.1',
      port: envPort('DEMO_SIM_PORT', 0),
      https: true,
      tls,
      users: [{ ...DEMO_USER, admin: true }],
      stateFile: join(scratch, 'sim-state.json'),
      seedTasks: DEMO_TASKS,
    });
    console.log(`Simulated NAS (DSM 7): ${sim.url}  account ${DEMO_USER.name} (the simulator's demo account, see docs/demo.md)`);
    console.log(`  certificate fingerprint ${sim.fingerprint}`);

    const wanted = envPort('DEMO_PORT', 1880);
    const { port, wantedWasBusy } = await pickPort(wanted);
    if (wantedWasBusy) console.log(`Port ${wanted} is busy: Node-RED uses port ${port} instead.`);

    const demo = buildDemoFlows(join(repoRoot, 'examples'), {
      port: sim.port,
      fingerprint: sim.fingerprint ?? '',
      certPem: tls.cert,
      rebootUrl: `${sim.url}/sim/reboot`,
      username: DEMO_USER.name,
      password: DEMO_USER.password,
    });
    console.log(`Starting Node-RED with the demo tab and ${demo.examples.length} example flow(s)...`);
    nodeRed = await DemoNodeRed.start({
      repoRoot,
      userDir: join(scratch, 'node-red'),
      port,
      flows: demo.flows,
      credentials: demo.credentials,
      onProblem: (line) => console.log(`  node-red: ${line.trim()}`),
    });
    console.log(`Node-RED ${nodeRed.pid ? `(pid ${nodeRed.pid}) ` : ''}log: ${nodeRed.logFile}`);
    console.log(`Node-RED editor: ${nodeRed.url}`);
    console.log('Open the "Demo: start here" tab and the debug sidebar. Type r + Enter to reboot the simulated NAS, Ctrl-C to stop.');
  } catch (err) {
    console.error(`The demo could not start: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
    return;
  }

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const command = line.trim().toLowerCase();
    if (command === 'r' || command === 'reboot') {
      console.log(`Rebooting the simulated NAS (down for ${rebootDownMs / 1000} s): shutdown tasks now, boot-up tasks after.`);
      sim?.reboot({ downMs: rebootDownMs }).then(
        () => console.log('The simulated NAS is back; its boot-up tasks are running.'),
        (err: unknown) => console.log(`Reboot failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    } else if (command === 'q' || command === 'quit') {
      void stop(0);
    } else if (command !== '') {
      console.log('Commands: r (reboot the simulated NAS), q (quit).');
    }
  });
  nodeRed.onExit(() => {
    if (!stopping) {
      console.error(`Node-RED stopped unexpectedly; see ${nodeRed?.logFile}`);
      void stop(1);
    }
  });
}

void main();
