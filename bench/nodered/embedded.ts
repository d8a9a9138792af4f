// A real Node-RED runtime inside this process (not the test helper, whose sinon spies keep every
// call and would swamp the memory figures): a throw-away userDir with our package linked into its
// node_modules, the flow and credentials written as files, no editor and no HTTP endpoints.
// Node-RED's runtime is a singleton, so one process hosts one embedded runtime (see worker.ts).
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FlowNode = Record<string, unknown> & { id: string; type: string };

/** The part of a Node-RED runtime node the benchmarks use. */
export interface RuntimeNode {
  id: string;
  type: string;
  receive(msg: Record<string, unknown>): void;
  on(event: 'input', listener: (msg: Record<string, unknown>, send: unknown, done: () => void) => void): void;
}

interface NodeRedModule {
  init(server: unknown, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface RuntimeNodes {
  getNode(id: string): RuntimeNode | null;
}

export interface EmbeddedNodeRed {
  getNode(id: string): RuntimeNode;
  stop(): Promise<void>;
}

/** The repository root (this file compiles to dist/bench/nodered/). */
export const packageRoot = join(__dirname, '..', '..', '..');
const PACKAGE_NAME = '@nas-automation/node-red-synology-event-scheduler';

/** Node-RED starts a node without x/y as a config node, so every node on a tab gets a place. */
function onCanvas(node: FlowNode, index: number): FlowNode {
  return node.z === undefined || node.x !== undefined ? node : { x: 100 + 150 * (index % 6), y: 60 + 40 * index, ...node };
}

export async function startEmbeddedNodeRed(options: {
  flows: FlowNode[];
  credentials: Record<string, Record<string, string>>;
  /** Node ids that must exist before this resolves. */
  waitFor: string[];
  startTimeoutMs?: number;
}): Promise<EmbeddedNodeRed> {
  const userDir = mkdtempSync(join(tmpdir(), 'bench-nodered-'));
  const scopeDir = join(userDir, 'node_modules', '@nas-automation');
  mkdirSync(scopeDir, { recursive: true });
  symlinkSync(packageRoot, join(scopeDir, PACKAGE_NAME.split('/')[1]), 'dir');
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(options.flows.map(onCanvas)));
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(options.credentials));

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node-RED ships no types we can use here
  const RED = require('node-red') as NodeRedModule;
  // The runtime's own node registry (the same module instance RED uses): the test helper reaches it the same way.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, untyped
  const nodes = require('@node-red/runtime/lib/nodes') as RuntimeNodes;
  RED.init(createServer(), {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    logging: { console: { level: 'error', metrics: false, audit: false } },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    editorTheme: { tours: false },
  });
  await RED.start();

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (options.waitFor.some((id) => nodes.getNode(id) === null)) {
    if (Date.now() > deadline) {
      const missing = options.waitFor.filter((id) => nodes.getNode(id) === null);
      throw new Error(`Node-RED did not start nodes ${missing.join(', ')} (are the node types built into dist/nodes?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  return {
    getNode(id: string): RuntimeNode {
      const node = nodes.getNode(id);
      if (!node) throw new Error(`no node ${id} in the running flow`);
      return node;
    },
    async stop(): Promise<void> {
      await RED.stop();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
