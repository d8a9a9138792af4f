// The flows the demo deploys: every example flow from examples/, pointed at the demo's simulated NAS
// through one config node, plus a "Demo: start here" tab that shows a run with its output, a failure
// alert and the watch node within seconds of start, and can reboot the simulated NAS.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

export type FlowCredentials = Record<string, Record<string, string>>;

export interface DemoNas {
  port: number;
  fingerprint: string;
  /** The simulator's certificate (PEM): the demo's http request node trusts exactly it. */
  certPem: string;
  /** The simulator's reboot control URL, when it has one. */
  rebootUrl?: string;
  username: string;
  password: string;
}

export interface DemoFlows {
  flows: FlowNode[];
  credentials: FlowCredentials;
  /** The example files that were merged in, relative to the examples folder. */
  examples: string[];
}

export const DEMO_DSM_ID = 'demo-dsm';
export const DEMO_TAB_ID = 'demo-tab';

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

const ALERT_FUNCTION = [
  'const result = msg.payload || {};',
  "const code = result.exit_info ? result.exit_info.exit_code : '?';",
  "const out = result.output && result.output.script_out ? result.output.script_out.trim().split('\\n').slice(-2).join(' | ') : '';",
  'msg.payload = `ALERT: "${msg.task}" failed (exit ${code})` + (out ? `: ${out}` : "");',
  'return msg;',
].join('\n');

function at(x: number, y: number): { z: string; x: number; y: number } {
  return { z: DEMO_TAB_ID, x, y };
}

function debugNode(id: string, name: string, x: number, y: number): FlowNode {
  return { id, type: 'debug', name, active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', ...at(x, y), wires: [] };
}

function injectNode(id: string, name: string, once: number | undefined, wires: string[], x: number, y: number): FlowNode {
  return {
    id, type: 'inject', name, props: [{ p: 'payload' }], repeat: '', crontab: '', once: once !== undefined, onceDelay: once ?? 0.1,
    topic: '', payload: '', payloadType: 'date', ...at(x, y), wires: [wires],
  };
}

function runNode(id: string, task: string, wires: [string[], string[]], x: number, y: number): FlowNode {
  return { id, type: 'synology-event-run', name: '', server: DEMO_DSM_ID, task, taskType: 'str', wait: true, includeOutput: true, waitTimeout: 60, ...at(x, y), wires };
}

/** The "Demo: start here" tab. */
export function demoTab(nas: DemoNas): { nodes: FlowNode[]; credentials: FlowCredentials } {
  const nodes: FlowNode[] = [
    {
      id: DEMO_TAB_ID, type: 'tab', label: 'Demo: start here', disabled: false,
      info: 'Runs two tasks a few seconds after start (one succeeds with output, one fails and raises an alert), watches every event task, and can reboot the simulated NAS: its boot-up tasks then arrive through the watch node.',
    },
    { id: 'demo-comment', type: 'comment', name: 'Open the debug sidebar (ladybird icon): a run with its output and a failure alert appear within seconds', info: '', ...at(330, 40), wires: [] },
    injectNode('demo-hello-inject', "Run 'Say hello'", 2, ['demo-hello-run'], 140, 100),
    runNode('demo-hello-run', 'Say hello', [['demo-hello-debug'], ['demo-alert']], 360, 100),
    debugNode('demo-hello-debug', 'run result (with output)', 620, 100),
    injectNode('demo-raid-inject', "Run 'Check RAID' (fails)", 4, ['demo-raid-run'], 150, 160),
    runNode('demo-raid-run', 'Check RAID', [['demo-hello-debug'], ['demo-alert']], 360, 160),
    { id: 'demo-alert', type: 'function', name: 'format alert', func: ALERT_FUNCTION, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], ...at(620, 200), wires: [['demo-alert-debug']] },
    debugNode('demo-alert-debug', 'FAILURE ALERT', 830, 200),
    {
      id: 'demo-watch', type: 'synology-event-watch', name: 'watch every event task', server: DEMO_DSM_ID, tasks: [], interval: 5, includeOutput: true, emitExisting: false,
      ...at(160, 260), wires: [['demo-watch-debug'], ['demo-alert']],
    },
    debugNode('demo-watch-debug', 'watch: task finished OK', 420, 260),
    injectNode('demo-list-inject', 'List tasks', undefined, ['demo-tasks'], 120, 320),
    { id: 'demo-tasks', type: 'synology-event-tasks', name: '', server: DEMO_DSM_ID, ...at(310, 320), wires: [['demo-tasks-debug']] },
    debugNode('demo-tasks-debug', 'event tasks on the NAS', 530, 320),
    { id: 'demo-catch', type: 'catch', name: 'errors on this tab', scope: null, uncaught: false, ...at(140, 440), wires: [['demo-error-debug']] },
    { ...debugNode('demo-error-debug', 'error', 360, 440), complete: 'error' },
  ];
  const credentials: FlowCredentials = {};
  if (nas.rebootUrl) {
    nodes.push(
      injectNode('demo-reboot-inject', 'Reboot the NAS (simulated)', undefined, ['demo-reboot-request'], 160, 380),
      {
        id: 'demo-reboot-request', type: 'http request', name: 'simulator: reboot', method: 'POST', ret: 'txt', paytoqs: 'ignore', url: nas.rebootUrl,
        tls: 'demo-sim-tls', persist: false, proxy: '', insecureHTTPParser: false, authType: '', senderr: false, headers: [], ...at(400, 380), wires: [['demo-reboot-debug']],
      },
      debugNode('demo-reboot-debug', 'reboot requested', 620, 380),
      // Trusts exactly the simulator's own certificate (the demo's NAS), nothing else.
      { id: 'demo-sim-tls', type: 'tls-config', name: 'simulated NAS certificate', cert: '', key: '', ca: '', certname: '', keyname: '', caname: 'dsm-sim.pem', servername: '', verifyservercert: true, alpnprotocol: '' },
    );
    credentials['demo-sim-tls'] = { cadata: nas.certPem };
  }
  return { nodes, credentials };
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
