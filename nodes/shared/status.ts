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
  // The node's own last outcome (ok, started, failed), to show again when the connection recovers;
  // `connectionFailure` when it was the connection's fault (a later connection state supersedes it).
  #own: { look: StatusObject; connectionFailure: boolean } | undefined;

  constructor(node: Node, translate: Translate) {
    this.#node = node;
    this.#t = translate;
  }

  #show(fill: StatusObject['fill'], shape: StatusObject['shape'], key: string, suffix = ''): StatusObject {
    const look: StatusObject = { fill, shape, text: this.#t(`common.status.${key}`) + suffix };
    this.#node.status(look);
    return look;
  }

  #showOwn(fill: StatusObject['fill'], shape: StatusObject['shape'], key: string, suffix: string, connectionFailure = false): void {
    this.#own = { look: this.#show(fill, shape, key, suffix), connectionFailure };
  }

  /**
   * Shows the node's own last outcome again ("ok 12:03", "failed: exit 3") and returns true; false
   * when there is none, or when it was a connection failure that a new connection state replaces.
   */
  restoreOwn(): boolean {
    if (!this.#own || this.#own.connectionFailure) return false;
    this.#node.status({ ...this.#own.look });
    return true;
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
    this.#showOwn('green', 'dot', 'ok', ` ${shortTime(now)}`);
  }

  /** Green dot: a run was started (not waited for). */
  started(now = new Date()): void {
    this.#showOwn('green', 'dot', 'started', ` ${shortTime(now)}`);
  }

  /**
   * Red ring with a short reason, normally an error code. `connectionFailure`: the connection's
   * fault (unreachable, login refused), so "connected" replaces it once the NAS is back.
   */
  failed(reason: string, connectionFailure = false): void {
    this.#showOwn('red', 'ring', 'failed', `: ${reason}`, connectionFailure);
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
