// The plumbing every action node shares (after HA-websocket's InputOutputController): binds
// input(msg, send, done), finds the config node, resolves the task name, shows in-flight/done/
// failed status, and has the one error path: throw -> red status -> done(err). A node file only
// supplies `run`.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import type { EventScheduler } from '../../lib/dsm';
import { findServer } from './dsm-server';
import { invalidInput, toCodedError } from './errors';
import { ownValue, resolveTaskName } from './inputs';
import { NodeStatus, type ConnectionState } from './status';

/** The flow properties every action node has (design.md, "Node properties"). */
export interface ActionNodeConfig extends NodeDef {
  server?: string;
  task?: string;
  taskType?: string;
}

export interface ActionContext<C extends ActionNodeConfig> {
  readonly RED: NodeAPI;
  readonly node: Node;
  readonly config: C;
  /** The incoming message; `run` reads it but never changes it (the base sets payload and task). */
  readonly msg: NodeMessageInFlow;
  /** The resolved task name ('' when the spec says needsTask: false). */
  readonly task: string;
  readonly scheduler: EventScheduler;
  readonly status: NodeStatus;
  /** Aborted when the node closes (redeploy, shutdown): long waits stop on it. */
  readonly signal: AbortSignal;
}

export interface ActionResult {
  payload: unknown;
  /** Output port (0-based); default 0. */
  output?: number;
  /** `started` shows "started HH:MM" instead of "ok HH:MM". */
  outcome?: 'ok' | 'started';
  /** The node worked but what it reports failed (a task's non-zero exit): red ring with this reason. */
  failedReason?: string;
}

export interface ActionSpec<C extends ActionNodeConfig> {
  /** Number of outputs (default 1). */
  outputs?: number;
  /** With no task in the node or msg.task, take msg.payload.task (the create node). */
  taskFromPayload?: boolean;
  /** false for a node that names no task (ctx.task is '' and msg.task is left alone); default true. */
  needsTask?: boolean;
  run(ctx: ActionContext<C>): Promise<ActionResult>;
}

/** Failures that are the connection's, not the request's: the connection state takes them over. */
const CONNECTION_FAILURES: ReadonlySet<string> = new Set([
  'UNREACHABLE',
  'TLS',
  'WRONG_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'PASSWORD_EXPIRED',
  'OTP_REQUIRED',
  'OTP_REJECTED',
  'IP_BLOCKED',
]);

type Send = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
type Done = (err?: Error) => void;

export function startActionNode<C extends ActionNodeConfig>(RED: NodeAPI, node: Node, config: C, spec: ActionSpec<C>): void {
  const status = new NodeStatus(node, (key) => RED._(key));
  const server = findServer(RED, config.server);
  const closing = new AbortController();
  let inFlight = 0;

  function onConnectionState(state: ConnectionState): void {
    if (inFlight > 0) return;
    // Trouble (logging in, unreachable, login failed) shows at once; when it is over, the node's
    // own last result ("ok 12:03", "failed: exit 3") comes back, never a stale "logging in".
    if ((state === 'connected' || state === 'idle') && status.restoreOwn()) return;
    status.connection(state);
  }

  if (server) server.register(node, onConnectionState);
  else status.noServer();

  function fail(thrown: unknown, done: Done): void {
    if (closing.signal.aborted) return done();
    const error = toCodedError(thrown);
    status.failed(error.code, CONNECTION_FAILURES.has(error.code));
    done(error);
  }

  async function handle(msg: NodeMessageInFlow, send: Send, done: Done): Promise<void> {
    let task: string;
    let result: ActionResult;
    inFlight += 1;
    status.requesting(inFlight);
    try {
      if (!server) throw invalidInput('no NAS configured: choose a synology-dsm configuration node');
      const fallback = spec.taskFromPayload ? ownValue(msg.payload, 'task') : undefined;
      task = spec.needsTask === false ? '' : await resolveTaskName(RED, node, config.task, config.taskType, msg, fallback);
      const scheduler = server.scheduler();
      result = await spec.run({ RED, node, config, msg, task, scheduler, status, signal: closing.signal });
    } catch (thrown) {
      inFlight -= 1;
      return fail(thrown, done);
    }
    inFlight -= 1;
    if (closing.signal.aborted) return done();
    msg.payload = result.payload;
    if (spec.needsTask !== false) msg.task = task;
    if (inFlight > 0) status.requesting(inFlight);
    else if (result.failedReason !== undefined) status.failed(result.failedReason);
    else if (result.outcome === 'started') status.started();
    else status.ok();
    const outputs: Array<NodeMessage | null> = Array.from({ length: spec.outputs ?? 1 }, () => null);
    outputs[result.output ?? 0] = msg;
    send(outputs.length === 1 ? msg : outputs);
    done();
  }

  // Three declared parameters: Node-RED then expects this handler to call done itself.
  node.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
    handle(msg, send, done).catch((err: unknown) => done(toCodedError(err)));
  });

  node.on('close', (_removed: boolean, done: () => void) => {
    closing.abort();
    server?.deregister(node);
    done();
  });
}
