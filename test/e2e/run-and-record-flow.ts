// The flow the e2e tests deploy: inject → synology-event-run (wait, include output) → synology-event-results,
// with function nodes that record what arrives in global context, a Catch that records failures, and
// GET /e2e/state (http in → function → http response) to read it all back.
import type { FlowNode } from '../helpers/node-red-process';

/** The NAS account of the e2e tests; the password is distinctive so a leak can be searched for. */
export const E2E_USER = { name: 'e2e-admin', password: 'E2e-pw-4c1f9a7e-OCELOT' } as const;

export interface RecordedResult {
  result_id: number;
  task_name: string;
  exit_info?: { exit_code: number; exit_type?: string };
  output?: { script_in?: string; script_out?: string };
  [key: string]: unknown;
}

export interface RecordedState {
  run?: { task: string; payload: RecordedResult };
  runFailed?: { task: string; payload: RecordedResult };
  results?: { task: string; payload: RecordedResult[] };
  error?: { code?: string; message?: string; source?: string };
}

export interface RunAndRecordOptions {
  task: string;
  port: number;
  fingerprint: string;
  host?: string;
}

const TAB = 'e2e-tab';

function recorder(id: string, key: string, x: number, y: number): FlowNode {
  return {
    id,
    type: 'function',
    z: TAB,
    name: `record ${key}`,
    func: `global.set('${key}', { task: msg.task, payload: msg.payload });\nreturn null;`,
    outputs: 1,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    x,
    y,
    wires: [[]],
  };
}

/** The config node of the e2e flows: HTTPS, certificate pinned by its SHA-256 fingerprint. */
export function configNode(options: RunAndRecordOptions, withCredentials = true): FlowNode {
  return {
    id: 'e2e-nas',
    type: 'synology-dsm',
    name: 'e2e NAS',
    host: options.host ?? '127.0.0.1',
    port: options.port,
    https: true,
    tlsMode: 'pin',
    fingerprint: options.fingerprint,
    ca: '',
    timeout: 10,
    maxConcurrent: 4,
    sessionName: 'NodeRED-e2e',
    ...(withCredentials ? { credentials: { username: E2E_USER.name, password: E2E_USER.password } } : {}),
  };
}

export function runAndRecordFlow(options: RunAndRecordOptions): FlowNode[] {
  return [
    { id: TAB, type: 'tab', label: 'e2e', disabled: false, info: '' },
    configNode(options),
    {
      id: 'e2e-inject',
      type: 'inject',
      z: TAB,
      name: 'go',
      props: [{ p: 'payload' }],
      payload: '',
      payloadType: 'date',
      repeat: '',
      crontab: '',
      once: false,
      onceDelay: 0.1,
      topic: '',
      x: 110,
      y: 80,
      wires: [['e2e-run']],
    },
    {
      id: 'e2e-run',
      type: 'synology-event-run',
      z: TAB,
      name: '',
      server: 'e2e-nas',
      task: options.task,
      taskType: 'str',
      wait: true,
      includeOutput: true,
      waitTimeout: 30,
      x: 300,
      y: 80,
      wires: [['e2e-results', 'e2e-record-run'], ['e2e-record-run-failed']],
    },
    {
      id: 'e2e-results',
      type: 'synology-event-results',
      z: TAB,
      name: '',
      server: 'e2e-nas',
      task: '',
      taskType: 'str',
      limit: 5,
      onlyFailures: false,
      x: 500,
      y: 80,
      wires: [['e2e-record-results']],
    },
    recorder('e2e-record-run', 'run', 500, 140),
    recorder('e2e-record-run-failed', 'runFailed', 500, 200),
    recorder('e2e-record-results', 'results', 700, 80),
    { id: 'e2e-catch', type: 'catch', z: TAB, name: '', scope: null, uncaught: false, x: 110, y: 260, wires: [['e2e-record-error']] },
    {
      id: 'e2e-record-error',
      type: 'function',
      z: TAB,
      name: 'record error',
      func:
        "global.set('error', { code: msg.error && msg.error.code, message: msg.error && msg.error.message, source: msg.error && msg.error.source && msg.error.source.type });\nreturn null;",
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: '',
      finalize: '',
      libs: [],
      x: 300,
      y: 260,
      wires: [[]],
    },
    { id: 'e2e-http-in', type: 'http in', z: TAB, name: '', url: '/e2e/state', method: 'get', upload: false, swaggerDoc: '', x: 120, y: 340, wires: [['e2e-state']] },
    {
      id: 'e2e-state',
      type: 'function',
      z: TAB,
      name: 'state',
      func: "msg.payload = { run: global.get('run'), runFailed: global.get('runFailed'), results: global.get('results'), error: global.get('error') };\nreturn msg;",
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: '',
      finalize: '',
      libs: [],
      x: 300,
      y: 340,
      wires: [['e2e-http-out']],
    },
    { id: 'e2e-http-out', type: 'http response', z: TAB, name: '', statusCode: '', headers: {}, x: 480, y: 340, wires: [] },
  ];
}
