// Assembles one watch node: config node lookup, marks in the node context, the result watcher, the
// poll loop and the status/error rules of the action nodes (an input-triggered poll fails through
// done(err); a timer-driven one sets the status and logs once per kind of failure).
import type { Node, NodeAPI, NodeMessageInFlow } from 'node-red';
import type { TaskResult } from '../../lib/dsm';
import { closeWithin } from '../shared/close-within';
import { findServer } from '../shared/dsm-server';
import { toCodedError } from '../shared/errors';
import { NodeStatus, type ConnectionState } from '../shared/status';
import { contextMarkStore } from './context-mark-store';
import { OnceLog } from './once-log';
import { PollLoop } from './poll-loop';
import { ResultWatcher, type PollOutcome } from './result-watcher';
import { readWatchConfig, type WatchConfigProps } from './watch-config';

/** Refused, unreachable, timed out or cut off: the NAS is away (e.g. rebooting). */
const NAS_DOWN_CODES = new Set(['UNREACHABLE', 'TIMEOUT', 'CONNECTION_RESET']);
/** The close handler has 15 s; a poll still waiting on the NAS is left behind after this. */
const CLOSE_WAIT_MS = 10_000;

export function isNasDown(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NAS_DOWN_CODES.has(code);
}

type Done = (err?: Error) => void;

export function startWatchNode(RED: NodeAPI, node: Node, config: WatchConfigProps & { server?: string }): void {
  const settings = readWatchConfig(config);
  const status = new NodeStatus(node, (key) => RED._(key));
  const server = findServer(RED, config.server);
  const said = new OnceLog();
  let closing = false;
  let nasDown = false;
  let ownStatus = false;
  let failingTasks = new Set<string>();

  if (!server) {
    status.noServer();
    node.on('input', (_msg: NodeMessageInFlow, _send: unknown, done: Done) => {
      done(toCodedError(new Error('no NAS configured: choose a synology-dsm configuration node'), 'INVALID_INPUT'));
    });
    return;
  }

  const watcher = new ResultWatcher<TaskResult>(
    {
      list: () => server.scheduler().list(),
      resultsOfMany: (tasks) => server.scheduler().resultsOfMany(tasks),
      output: (task, resultId) => server.scheduler().output(task, resultId),
    },
    contextMarkStore(node),
    {
      tasks: settings.tasks,
      includeOutput: settings.includeOutput,
      emitExisting: settings.emitExisting,
      listMaxAgeMs: Math.max(10 * settings.intervalMs, 60_000),
      isNasDown,
      isClosing: () => closing,
    },
  );

  /**
   * Green "watching (N)" while every watched task reads fine; a red ring with the code when none
   * does; when some fail, a red ring with the code and how many of how many failed (NodeStatus has no
   * yellow "watching with failures" look yet).
   */
  function showWatching(outcome: PollOutcome<TaskResult>): void {
    const failed = outcome.taskErrors.size;
    if (failed === 0 || outcome.taskCount === 0) {
      status.watching(outcome.taskCount);
      return;
    }
    const codes = [...new Set([...outcome.taskErrors.values()].map((err) => toCodedError(err).code))];
    const code = codes.length === 1 ? codes[0] : `${codes[0]}, …`;
    if (failed >= outcome.taskCount) status.failed(code);
    else status.failed(`${code} (${failed}/${outcome.taskCount})`);
  }

  function report(outcome: PollOutcome<TaskResult>): void {
    nasDown = false;
    ownStatus = true;
    said.reset('poll:');
    showWatching(outcome);
    // A task that reads fine again may be reported again when it fails later.
    for (const task of failingTasks) if (!outcome.taskErrors.has(task)) said.reset(`task:${task}:`);
    failingTasks = new Set(outcome.taskErrors.keys());
    for (const [task, err] of outcome.taskErrors) {
      const coded = toCodedError(err);
      said.once(`task:${task}:${coded.code}`, () => node.warn(`${task}: ${coded.code}: ${coded.message}`));
    }
    for (const err of outcome.outputErrors) {
      const coded = toCodedError(err);
      said.once(`output:${coded.code}`, () => node.warn(`output not read: ${coded.code}: ${coded.message}`));
    }
    for (const event of outcome.events) {
      const msg = { payload: event.result, task: event.task, topic: event.task };
      node.send(event.failed ? [null, msg] : [msg, null]);
    }
  }

  async function poll(): Promise<void> {
    if (closing) return;
    let outcome: PollOutcome<TaskResult>;
    try {
      outcome = await watcher.poll();
    } catch (err) {
      if (closing) return;
      const coded = toCodedError(err);
      ownStatus = true;
      nasDown = isNasDown(coded);
      if (nasDown) status.nasDown();
      else status.failed(coded.code);
      throw coded;
    }
    if (!closing) report(outcome);
  }

  const loop = new PollLoop(poll, {
    intervalMs: settings.intervalMs,
    isNasDown,
    onTimerError: (err) => {
      const coded = toCodedError(err);
      if (isNasDown(coded)) {
        said.once('poll:nas-down', () => node.warn(`NAS away (${coded.code}): ${coded.message} Retrying with back-off.`));
      } else {
        said.once(`poll:${coded.code}`, () => node.warn(`${coded.code}: ${coded.message}`));
      }
    },
  });

  server.register(node, (state: ConnectionState) => {
    // While the NAS is away the node says so itself; routine states do not hide its last result.
    if (nasDown) return;
    if (ownStatus && (state === 'connected' || state === 'idle' || state === 'logging-in')) return;
    status.connection(state);
  });

  node.on('input', (_msg: NodeMessageInFlow, _send: unknown, done: Done) => {
    if (settings.tasks.length === 0) watcher.refreshList();
    loop.pollNow().then(
      () => done(),
      (err: unknown) => (closing ? done() : done(toCodedError(err))),
    );
  });

  node.on('close', (_removed: boolean, done: () => void) => {
    closing = true;
    server.deregister(node);
    closeWithin(loop.stop(), CLOSE_WAIT_MS, done);
  });

  loop.start();
}
