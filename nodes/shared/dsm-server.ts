// What user nodes may rely on from a deployed `synology-dsm` config node (implemented in
// nodes/synology-dsm/synology-dsm.ts). Users never touch the connection's lifecycle.
import type { Node, NodeAPI } from 'node-red';
import type { DsmConnection, EventScheduler } from '../../lib/dsm';
import type { ConnectionState } from './status';

export type ConnectionStateListener = (state: ConnectionState) => void;

export interface DsmServer extends Node {
  /** The one scheduler of this config node; throws a DsmError when its settings are unusable. */
  scheduler(): EventScheduler;
  /** The one connection (for admin routes and the watch node); same rules as `scheduler()`. */
  connection(): DsmConnection;
  readonly connectionState: ConnectionState;
  /**
   * Adds a user. The user's status follows the connection state: through `onState` when given,
   * else the config node sets the standard connection status on it. Called from the constructor.
   */
  register(user: Node, onState?: ConnectionStateListener): void;
  /** Removes a user; call it from the user's close handler. */
  deregister(user: Node): void;
}

/** The deployed config node with this id, or undefined when there is none (or not ours). */
export function findServer(RED: NodeAPI, id: unknown): DsmServer | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  const node = RED.nodes.getNode(id) as Partial<DsmServer> | null;
  return node && node.type === 'synology-dsm' && typeof node.register === 'function' ? (node as DsmServer) : undefined;
}
