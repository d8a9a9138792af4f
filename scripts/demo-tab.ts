// The "Demo: start here" tab: two runs a few seconds after start (one succeeds with output, one fails
// and raises an alert), a watch node on every event task, the task list, and a button that reboots
// the simulated NAS through the simulator's loopback control endpoint.
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

export const DEMO_DSM_ID = 'demo-dsm';
export const DEMO_TAB_ID = 'demo-tab';

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

/** `once`: seconds after deploy for a first run; `repeat`: seconds between later runs. */
function injectNode(id: string, name: string, once: number | undefined, wires: string[], x: number, y: number, repeat?: number): FlowNode {
  return {
    id, type: 'inject', name, props: [{ p: 'payload' }], repeat: repeat === undefined ? '' : String(repeat), crontab: '', once: once !== undefined, onceDelay: once ?? 0.1,
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
      info: 'Runs two tasks a few seconds after start and then every 30 and 60 seconds (one succeeds with output, one fails and raises an alert), watches every event task, and can reboot the simulated NAS: its boot-up tasks then arrive through the watch node.',
    },
    // Left-aligned by its width: a comment node is drawn centred on x.
    { id: 'demo-comment', type: 'comment', name: 'Open the debug sidebar (ladybird icon, top right)', info: '', ...at(220, 30), wires: [] },
    { id: 'demo-comment-2', type: 'comment', name: 'The runs repeat every 30 s; the failure alert every 60 s', info: '', ...at(240, 60), wires: [] },
    injectNode('demo-hello-inject', "Run 'Say hello'", 2, ['demo-hello-run'], 140, 100, 30),
    runNode('demo-hello-run', 'Say hello', [['demo-hello-debug'], ['demo-alert']], 360, 100),
    debugNode('demo-hello-debug', 'run result (with output)', 620, 100),
    injectNode('demo-raid-inject', "Run 'Check RAID' (fails)", 4, ['demo-raid-run'], 150, 160, 60),
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
