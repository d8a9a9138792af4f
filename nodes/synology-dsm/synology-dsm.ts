// The `synology-dsm` config node: one DsmConnection + EventScheduler shared by every node that uses
// it (login is lazy, done by the client on the first request), a users registry that shows the
// connection state on each user, and logout on close. A redeploy builds a new node and so a new
// connection: that is how "wait until the configuration changes" ends after wrong credentials.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { DsmConnection, EventScheduler, type DsmError } from '../../lib/dsm';
import type { ConnectionStateListener, DsmServer } from '../shared/dsm-server';
import { closeWithin } from '../shared/close-within';
import { toCodedError } from '../shared/errors';
import { NodeStatus, type ConnectionState } from '../shared/status';
import { registerAdminRoutes } from './admin-routes';
import { connectionOptionsFrom, type DsmConfigProps, type DsmCredentials } from './connection-options';
import { UserRegistry } from './user-registry';

/** Node-RED gives a close handler 15 s; logout gets less so `done` is always in time. */
const CLOSE_LIMIT_MS = 10_000;

const FAILURE_STATES: ReadonlySet<ConnectionState> = new Set(['unreachable', 'login-failed', 'otp-required', 'ip-blocked']);

type ConfigDef = NodeDef & DsmConfigProps;
type ServerNode = DsmServer & Node<DsmCredentials>;

export = function (RED: NodeAPI): void {
  registerAdminRoutes(RED);

  function SynologyDsmNode(this: Node<DsmCredentials>, config: ConfigDef): void {
    RED.nodes.createNode(this, config);
    const node = this as ServerNode;
    const users = new UserRegistry();
    let connection: DsmConnection | undefined;
    let scheduler: EventScheduler | undefined;
    let configError: Error | undefined;

    try {
      connection = new DsmConnection(connectionOptionsFrom(config, node.credentials));
      scheduler = new EventScheduler(connection);
    } catch (err) {
      configError = toCodedError(err, 'INVALID_INPUT');
    }

    connection?.on('state', (state: ConnectionState, error?: DsmError) => {
      // one line per change into a failure, never per request (no log floods)
      if (FAILURE_STATES.has(state) && error) node.warn(`${error.code}: ${error.message}`);
      users.announce(state);
    });

    function usable<T>(value: T | undefined): T {
      if (value === undefined) throw configError ?? toCodedError(new Error('the NAS connection is closed'));
      return value;
    }

    node.scheduler = () => usable(scheduler);
    node.connection = () => usable(connection);
    Object.defineProperty(node, 'connectionState', { get: () => connection?.state ?? 'idle', enumerable: true });

    node.register = (user: Node, onState?: ConnectionStateListener) => {
      const userStatus = new NodeStatus(user, (key) => RED._(key));
      const listener = onState ?? ((state: ConnectionState) => userStatus.connection(state));
      users.add(user, listener);
      listener(node.connectionState);
    };
    node.deregister = (user: Node) => users.remove(user);

    node.on('close', (_removed: boolean, done: () => void) => {
      users.clear();
      if (!connection) return done();
      closeWithin(connection.close(), CLOSE_LIMIT_MS, done);
    });
  }

  RED.nodes.registerType<Node<DsmCredentials>, ConfigDef, object, DsmCredentials>('synology-dsm', SynologyDsmNode, {
    credentials: { username: { type: 'text' }, password: { type: 'password' }, deviceToken: { type: 'password' } },
  });
};
