// The config node's users (as core mqtt-broker keeps them): who gets the connection state.
import type { Node } from 'node-red';
import type { ConnectionStateListener } from '../shared/dsm-server';
import type { ConnectionState } from '../shared/status';

export class UserRegistry {
  readonly #users = new Map<string, ConnectionStateListener>();

  add(user: Node, listener: ConnectionStateListener): void {
    this.#users.set(user.id, listener);
  }

  remove(user: Node): void {
    this.#users.delete(user.id);
  }

  get size(): number {
    return this.#users.size;
  }

  /** Tells every user; one failing listener does not stop the others. */
  announce(state: ConnectionState): void {
    for (const listener of [...this.#users.values()]) {
      try {
        listener(state);
      } catch {
        // a user's status update must never break the config node
      }
    }
  }

  clear(): void {
    this.#users.clear();
  }
}
