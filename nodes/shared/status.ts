// The only place that knows how a node's status looks: colours, shapes, texts (i18n keys
// `common.status.*` of docs/architecture.md) and the time suffix. Nodes say what happened.
import type { Node, NodeStatus as StatusObject } from 'node-red';
import type { ConnectionState } from '../../lib/dsm';

export type { ConnectionState };

export type Translate = (key: string) => string;

const CONNECTION_LOOK: Record<ConnectionState, StatusObject> = {
  idle: {},
  'logging-in': { fill: 'yellow', shape: 'ring', text: 'logging-in' },
  connected: { fill: 'green', shape: 'dot', text: 'connected' },
  unreachable: { fill: 'red', shape: 'ring', text: 'unreachable' },
  'login-failed': { fill: 'red', shape: 'ring', text: 'login-failed' },
  'otp-required': { fill: 'red', shape: 'ring', text: 'otp-required' },
  'ip-blocked': { fill: 'red', shape: 'ring', text: 'ip-blocked' },
  closed: { fill: 'grey', shape: 'ring', text: 'disconnected' },
};

/** `HH:MM` in the Node-RED host's local time. */
export function shortTime(now: Date): string {
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

export class NodeStatus {
  readonly #node: Node;
  readonly #t: Translate;

  constructor(node: Node, translate: Translate) {
    this.#node = node;
    this.#t = translate;
  }

  #show(fill: StatusObject['fill'], shape: StatusObject['shape'], key: string, suffix = ''): void {
    this.#node.status({ fill, shape, text: this.#t(`common.status.${key}`) + suffix });
  }

  /** Blue ring while requests are in flight; the count when more than one. */
  requesting(inFlight = 1): void {
    this.#show('blue', 'ring', 'requesting', inFlight > 1 ? ` (${inFlight})` : '');
  }

  /** Blue ring: a run waits for its result. */
  waiting(): void {
    this.#show('blue', 'ring', 'waiting');
  }

  ok(now = new Date()): void {
    this.#show('green', 'dot', 'ok', ` ${shortTime(now)}`);
  }

  /** Green dot: a run was started (not waited for). */
  started(now = new Date()): void {
    this.#show('green', 'dot', 'started', ` ${shortTime(now)}`);
  }

  /** Red ring with a short reason, normally an error code. */
  failed(reason: string): void {
    this.#show('red', 'ring', 'failed', `: ${reason}`);
  }

  /** The config node's connection state; `idle` clears the status (no login yet: lazy). */
  connection(state: ConnectionState): void {
    const look = CONNECTION_LOOK[state] ?? CONNECTION_LOOK.closed;
    if (!look.text) this.clear();
    else this.#show(look.fill, look.shape, look.text);
  }

  noServer(): void {
    this.#show('red', 'ring', 'no-server');
  }

  /** Green dot for the watch node, with the number of watched tasks. */
  watching(taskCount: number): void {
    this.#show('green', 'dot', 'watching', ` (${taskCount})`);
  }

  /** Yellow ring for the watch node while the NAS is away. */
  nasDown(): void {
    this.#show('yellow', 'ring', 'nas-down');
  }

  clear(): void {
    this.#node.status({});
  }
}
