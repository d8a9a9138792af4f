// Runs our compiled nodes inside node-red-node-test-helper: start/stop a runtime per test, load a
// flow (the modules of every synology-* type in it are loaded from dist/nodes), and read back
// what the nodes showed, logged and sent, so tests can assert on it and search it for secrets.
import { join } from 'node:path';
import type { Node, NodeMessage, NodeStatus } from 'node-red';

interface SpyCall { thisValue: unknown; args: unknown[] }
interface Spy { getCalls(): SpyCall[] }
type FlowNode = Record<string, unknown> & { id: string; type: string };
type Credentials = Record<string, Record<string, string>>;

/** The part of node-red-node-test-helper we use (it ships no types). */
interface TestHelper {
  init(runtimePath: string, settings?: object): void;
  load(modules: unknown[], flow: FlowNode[], credentials?: Credentials): Promise<void>;
  setFlows(flow: FlowNode[], type: 'full' | 'flows' | 'nodes', credentials?: Credentials): Promise<void>;
  unload(): Promise<void>;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  getNode(id: string): Node | null;
  log(): Spy | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS module
const helper = require('node-red-node-test-helper') as TestHelper;
helper.init(require.resolve('node-red'));

export { helper };

/** A tab for test flows: nodes carry `z: TAB_ID` so Catch and Status nodes see them. */
export const TAB_ID = 'tab1';
export const TAB: FlowNode = { id: TAB_ID, type: 'tab', label: 'test' };

const distNodes = join(__dirname, '..', '..', 'nodes');

/** The compiled module function of one of our node types (dist/nodes/<type>/<type>.js). */
export function nodeModule(type: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by type name at run time
  return require(join(distNodes, type, `${type}.js`));
}

export async function startNodeRed(): Promise<void> {
  await helper.startServer();
}

/** Unloads the flow (closing every node, so the config node logs out) and stops the runtime. */
export async function stopNodeRed(): Promise<void> {
  await helper.unload();
  await helper.stopServer();
}

/** Loads a flow; the config node module is always loaded, plus every synology-* type in the flow. */
export async function loadFlow(flow: FlowNode[], credentials: Credentials = {}): Promise<void> {
  const types = new Set(['synology-dsm']);
  for (const node of flow) if (node.type.startsWith('synology-')) types.add(node.type);
  await helper.load([...types].map(nodeModule), flow, credentials);
}

export function getNode<T extends Node = Node>(id: string): T {
  const node = helper.getNode(id);
  if (!node) throw new Error(`no node ${id} in the flow`);
  return node as T;
}

function spyOf(node: Node, method: 'status' | 'log' | 'warn' | 'error' | 'debug' | 'trace' | 'send'): Spy {
  return (node as unknown as Record<string, Spy>)[method];
}

/** Every status the node with this id has set, oldest first. */
export function statusesOf(id: string): NodeStatus[] {
  return spyOf(getNode(id), 'status')
    .getCalls()
    .filter((call) => (call.thisValue as Node).id === id)
    .map((call) => call.args[0] as NodeStatus);
}

/** The latest status of a node ({} when it has none yet). */
export function lastStatusOf(id: string): NodeStatus {
  const all = statusesOf(id);
  return all[all.length - 1] ?? {};
}

/** Messages arriving at a `helper` node, in order (the array fills as they arrive). */
export function messagesAt(id: string): NodeMessage[] {
  const received: NodeMessage[] = [];
  getNode(id).on('input', (msg: NodeMessage) => received.push(msg));
  return received;
}

/**
 * Everything the runtime could show a user so far, as one string: every status, log/warn/error
 * call, sent message and runtime log event of every node. `anyNodeId` is any node of the flow
 * (the spies sit on the shared Node prototype). Search it for secrets.
 */
export function everythingShown(anyNodeId: string): string {
  const node = getNode(anyNodeId);
  const parts: unknown[] = [];
  for (const method of ['status', 'log', 'warn', 'error', 'debug', 'trace', 'send'] as const) {
    for (const call of spyOf(node, method).getCalls()) parts.push(call.args);
  }
  for (const call of helper.log()?.getCalls() ?? []) parts.push(call.args);
  return safeStringify(parts);
}

/** JSON that survives cycles and shows an Error's message, code, cause and stack. */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) {
      return { ...v, name: v.name, message: v.message, stack: v.stack, cause: (v as { cause?: unknown }).cause };
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
    }
    if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') return String(v);
    return v;
  });
}

/** Polls `condition` until it holds, failing with `what` after the deadline. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A synology-dsm config node pointing at a simulator (or any URL), with its credentials. */
export function dsmConfigNode(
  target: { url: string },
  account: { name: string; password: string },
  props: Record<string, unknown> = {},
  id = 'dsm1',
): { node: FlowNode; credentials: Credentials } {
  const url = new URL(target.url);
  const node: FlowNode = {
    id,
    type: 'synology-dsm',
    name: 'test NAS',
    host: url.hostname,
    port: Number(url.port),
    https: url.protocol === 'https:',
    tlsMode: 'verify',
    timeout: 10,
    maxConcurrent: 4,
    sessionName: 'NodeRedTest',
    ...props,
  };
  return { node, credentials: { [id]: { username: account.name, password: account.password } } };
}

/**
 * A test flow: the tab, the config node, the given nodes, helper nodes `out`, `out2` and `caught`,
 * and a Catch node (`catcher`; an id equal to a type confuses the runtime) on the tab wired to `caught`. Every node gets `z` of the tab.
 */
export function testFlow(
  config: { node: FlowNode; credentials: Credentials },
  nodes: FlowNode[],
): { flow: FlowNode[]; credentials: Credentials } {
  const onTab = (node: FlowNode): FlowNode => ({ z: TAB_ID, ...node });
  const flow: FlowNode[] = [
    TAB,
    config.node,
    ...nodes.map(onTab),
    onTab({ id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] }),
    onTab({ id: 'out', type: 'helper' }),
    onTab({ id: 'out2', type: 'helper' }),
    onTab({ id: 'caught', type: 'helper' }),
  ];
  return { flow, credentials: config.credentials };
}

/** The messages reaching testFlow's helper nodes. Call after loadFlow. */
export interface Sinks {
  out: NodeMessage[];
  out2: NodeMessage[];
  caught: NodeMessage[];
  /** Messages that arrived anywhere. */
  count(): number;
}

export function sinks(): Sinks {
  const out = messagesAt('out');
  const out2 = messagesAt('out2');
  const caught = messagesAt('caught');
  return { out, out2, caught, count: () => out.length + out2.length + caught.length };
}

/** The `code` of a caught message's error. */
export function errorCode(msg: NodeMessage | undefined): unknown {
  return (msg?.error as { code?: unknown } | undefined)?.code;
}
