// The flows the benchmarks deploy. Every flow has one entry node `source`, sinks for what comes out
// (`sink-ok`, `sink-fail`) and a Catch node wired to `sink-err`, so a driver can count how each
// message ended. The baseline is what a user would build without this package: Node-RED's own
// function and http request nodes, logging in once and reusing the sid from flow context.
import type { FlowNode } from './embedded';

export interface DsmTarget {
  host: string;
  port: number;
  username: string;
  /** Given to the flows through credentials or the worker's environment, never written into a node. */
  password: string;
}

export interface BenchFlow {
  flows: FlowNode[];
  credentials: Record<string, Record<string, string>>;
  /** Node that receives the driver's messages. */
  source: string;
  /** Nodes whose input means "this message ended with an output". */
  okSinks: string[];
  /** Node wired from the Catch node. */
  errorSink: string;
  /** Environment the worker sets before Node-RED starts (the baseline reads its password there). */
  env: Record<string, string>;
  /** A message to send to `source` and the sink to wait for before measuring (the baseline's login). */
  prime?: { source: string; sink: string };
}

const TAB = 'bench-tab';
export const PASSWORD_ENV = 'BENCH_DSM_PASSWORD';

function sink(id: string): FlowNode {
  return { id, type: 'debug', z: TAB, name: id, active: false, tosidebar: false, console: false, tostatus: false, complete: 'false', targetType: 'full', wires: [] };
}

function catchAll(): FlowNode[] {
  return [{ id: 'bench-catch', type: 'catch', z: TAB, name: '', scope: null, uncaught: false, wires: [['sink-err']] }, sink('sink-err')];
}

function configNode(target: DsmTarget, maxConcurrent: number): FlowNode {
  return {
    id: 'bench-dsm',
    type: 'synology-dsm',
    name: 'bench NAS',
    host: target.host,
    port: target.port,
    https: false,
    tlsMode: 'verify',
    fingerprint: '',
    ca: '',
    timeout: 30,
    maxConcurrent,
    sessionName: '',
  };
}

/** The run node (not waiting) between the source and the sinks. */
export function runNodeFlow(target: DsmTarget, options: { task: string; maxConcurrent: number }): BenchFlow {
  return {
    flows: [
      { id: TAB, type: 'tab', label: 'bench run node' },
      configNode(target, options.maxConcurrent),
      {
        id: 'source', type: 'synology-event-run', z: TAB, name: '', server: 'bench-dsm', task: options.task, taskType: 'str',
        wait: false, includeOutput: false, waitTimeout: 60, wires: [['sink-ok'], ['sink-fail']],
      },
      sink('sink-ok'),
      sink('sink-fail'),
      ...catchAll(),
    ],
    credentials: { 'bench-dsm': { username: target.username, password: target.password } },
    source: 'source',
    okSinks: ['sink-ok', 'sink-fail'],
    errorSink: 'sink-err',
    env: {},
  };
}

/**
 * The watch node, polled only on input (its interval is an hour). An input ends with done() once
 * its poll finished, so a Complete node scoped to the watch node marks "this poll is over"; the
 * results it emits go to `sink-events`, which the driver does not count.
 */
export function watchNodeFlow(target: DsmTarget, options: { tasks: string[] }): BenchFlow {
  return {
    flows: [
      { id: TAB, type: 'tab', label: 'bench watch node' },
      configNode(target, 4),
      {
        id: 'source', type: 'synology-event-watch', z: TAB, name: '', server: 'bench-dsm', tasks: options.tasks,
        interval: 3600, includeOutput: false, emitExisting: false, wires: [['sink-events'], ['sink-events']],
      },
      { id: 'bench-complete', type: 'complete', z: TAB, name: '', scope: ['source'], uncaught: false, wires: [['sink-ok']] },
      sink('sink-events'),
      sink('sink-ok'),
      ...catchAll(),
    ],
    credentials: { 'bench-dsm': { username: target.username, password: target.password } },
    source: 'source',
    okSinks: ['sink-ok'],
    errorSink: 'sink-err',
    env: {},
  };
}

function functionNode(id: string, func: string, wires: string[][]): FlowNode {
  return { id, type: 'function', z: TAB, name: id, func, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], wires };
}

function httpRequest(id: string, wires: string[][]): FlowNode {
  return {
    id, type: 'http request', z: TAB, name: id, method: 'use', ret: 'obj', paytoqs: 'ignore', url: '', tls: '',
    persist: true, proxy: '', insecureHTTPParser: false, authType: '', senderr: false, headers: [], wires,
  };
}

/**
 * The same job with core nodes: `login` (send it one message first) stores the sid in flow
 * context; `source` runs the task with that sid. Keep-alive is on, as a user tuning it would do.
 */
export function baselineFlow(target: DsmTarget, options: { task: string }): BenchFlow {
  const base = `http://${target.host}:${target.port}/webapi/entry.cgi`;
  const form = "msg.method = 'POST';\n" +
    `msg.url = ${JSON.stringify(base)};\n` +
    "msg.headers = { 'content-type': 'application/x-www-form-urlencoded' };\n";
  const login = form +
    "msg.payload = 'api=SYNO.API.Auth&version=6&method=login&format=sid&session=NodeRED' +\n" +
    `  '&account=' + encodeURIComponent(${JSON.stringify(target.username)}) +\n` +
    `  '&passwd=' + encodeURIComponent(env.get(${JSON.stringify(PASSWORD_ENV)}));\n` +
    'return msg;';
  const store = "if (!msg.payload || msg.payload.success !== true) { node.error('login failed', msg); return null; }\n" +
    "flow.set('sid', msg.payload.data.sid);\nreturn msg;";
  const run = form +
    "msg.payload = 'api=SYNO.Core.EventScheduler&version=1&method=run' +\n" +
    `  '&task_name=' + encodeURIComponent(JSON.stringify(${JSON.stringify(options.task)})) +\n` +
    "  '&_sid=' + encodeURIComponent(flow.get('sid'));\n" +
    'return msg;';
  const check = "if (!msg.payload || msg.payload.success !== true) {\n" +
    "  const code = msg.payload && msg.payload.error ? msg.payload.error.code : msg.statusCode;\n" +
    "  node.error('DSM answered ' + code, msg);\n  return null;\n}\n" +
    `msg.payload = { task: ${JSON.stringify(options.task)}, started: true };\nreturn msg;`;
  return {
    flows: [
      { id: TAB, type: 'tab', label: 'bench baseline' },
      functionNode('login', login, [['login-http']]),
      httpRequest('login-http', [['login-store']]),
      functionNode('login-store', store, [['sink-login']]),
      sink('sink-login'),
      functionNode('source', run, [['run-http']]),
      httpRequest('run-http', [['run-check']]),
      functionNode('run-check', check, [['sink-ok']]),
      sink('sink-ok'),
      ...catchAll(),
    ],
    credentials: {},
    source: 'source',
    okSinks: ['sink-ok'],
    errorSink: 'sink-err',
    env: { [PASSWORD_ENV]: target.password },
    prime: { source: 'login', sink: 'sink-login' },
  };
}
