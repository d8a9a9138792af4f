// The flows the demo deploys: every example flow from examples/, pointed at the demo's simulated NAS
// through one config node, plus a "Demo: start here" tab that shows a run with its output, a failure
// alert and the watch node within seconds of start, and can reboot the simulated NAS.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEMO_DSM_ID, demoTab, type DemoNas, type FlowCredentials, type FlowNode } from './demo-tab';

export { DEMO_DSM_ID, DEMO_TAB_ID, type DemoNas, type FlowCredentials, type FlowNode } from './demo-tab';

export interface DemoFlows {
  flows: FlowNode[];
  credentials: FlowCredentials;
  /** The example files that were merged in, relative to the examples folder. */
  examples: string[];
}

function exampleFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return exampleFiles(path);
    return entry.endsWith('.json') ? [path] : [];
  });
}

function isFlowNode(value: unknown): value is FlowNode {
  return typeof value === 'object' && value !== null && typeof (value as FlowNode).id === 'string' && typeof (value as FlowNode).type === 'string';
}

/** Replaces every string equal to a key of `ids` anywhere inside `value` (ids, wires, z, links, scope...). */
function renameIds(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => renameIds(v, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameIds(v, ids)]));
  }
  return value;
}

/** Node types that would talk to other hosts (brokers, web services): disabled in the demo. */
const NETWORK_TYPES = new Set([
  'mqtt in', 'mqtt out', 'mqtt-broker', 'http request', 'websocket in', 'websocket out', 'websocket-listener', 'websocket-client',
  'tcp in', 'tcp out', 'tcp request', 'udp in', 'udp out', 'e-mail', 'e-mail in',
]);

function isFlowPlaced(node: FlowNode): boolean {
  return 'x' in node && 'y' in node;
}

/**
 * Puts an importable example (nodes without a tab) on a tab of its own, named after the file, and
 * disables the nodes that would contact a broker or another host: the demo talks to 127.0.0.1 only.
 */
function onItsOwnTab(nodes: FlowNode[], label: string, tabId: string): FlowNode[] {
  const disabled = nodes.map((n) => (NETWORK_TYPES.has(n.type) ? { ...n, d: true } : n));
  if (nodes.some((n) => n.type === 'tab') || !nodes.some((n) => isFlowPlaced(n) && !n.z)) return disabled;
  const hasNetwork = nodes.some((n) => NETWORK_TYPES.has(n.type));
  const tab: FlowNode = {
    id: tabId, type: 'tab', label, disabled: false,
    info: hasNetwork ? 'From examples/. The MQTT or network nodes are disabled in the demo: it talks to the simulated NAS only.' : 'From examples/.',
  };
  return [tab, ...disabled.map((n) => (isFlowPlaced(n) && !n.z ? { ...n, z: tabId } : n))];
}

/** Reads every example flow; ids clashing with an earlier file are renamed inside the file. */
export function loadExamples(examplesDir: string): { nodes: FlowNode[]; files: string[] } {
  const nodes: FlowNode[] = [];
  const used = new Set<string>();
  const files: string[] = [];
  for (const file of exampleFiles(examplesDir)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!Array.isArray(parsed) || !parsed.every(isFlowNode)) continue;
    const clashes = new Map<string, string>();
    for (const node of parsed) if (used.has(node.id)) clashes.set(node.id, `${node.id}-${files.length + 1}`);
    const renamed = clashes.size > 0 ? (renameIds(parsed, clashes) as FlowNode[]) : parsed;
    const name = relative(examplesDir, file);
    const placed = onItsOwnTab(renamed, name.replace(/\.json$/, ''), `demo-example-${files.length + 1}`);
    for (const node of placed) used.add(node.id);
    nodes.push(...placed);
    files.push(name);
  }
  return { nodes, files };
}

/** One config node for all: the examples' own synology-dsm nodes are replaced by the demo's. */
function pointAtDemoNas(nodes: FlowNode[]): FlowNode[] {
  const dsmIds = new Set(nodes.filter((n) => n.type === 'synology-dsm').map((n) => n.id));
  return nodes
    .filter((n) => n.type !== 'synology-dsm')
    .map((n) => (typeof n.server === 'string' && (dsmIds.has(n.server) || n.type.startsWith('synology-event-')) ? { ...n, server: DEMO_DSM_ID } : n));
}

function demoConfigNode(nas: DemoNas): FlowNode {
  return {
    id: DEMO_DSM_ID,
    type: 'synology-dsm',
    name: 'Simulated NAS (demo)',
    host: '127.0.0.1',
    port: nas.port,
    https: true,
    tlsMode: 'pin',
    fingerprint: nas.fingerprint,
    ca: '',
    timeout: 30,
    maxConcurrent: 4,
    sessionName: 'NodeRedDemo',
  };
}

export function buildDemoFlows(examplesDir: string, nas: DemoNas): DemoFlows {
  const examples = loadExamples(examplesDir);
  const tab = demoTab(nas);
  const flows = [demoConfigNode(nas), ...tab.nodes, ...pointAtDemoNas(examples.nodes)];
  return {
    flows,
    credentials: { [DEMO_DSM_ID]: { username: nas.username, password: nas.password }, ...tab.credentials },
    examples: examples.files,
  };
}
