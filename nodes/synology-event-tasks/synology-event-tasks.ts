// The `synology-event-tasks` node: on each message, the event tasks on the NAS with their settings
// (scheduler.list) in msg.payload. It names no task, so it follows the action-node rules (status,
// one error path to done(err), the incoming msg travels on) without the task-name input.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { EventTask } from '../../lib/dsm';
import { findServer } from '../shared/dsm-server';
import { invalidInput, toCodedError } from '../shared/errors';
import { NodeStatus, type ConnectionState } from '../shared/status';
import { taskPayload } from './task-payload';

type TasksDef = NodeDef & { server?: string };
type Send = (msg: NodeMessageInFlow) => void;
type Done = (err?: Error) => void;

export = function (RED: NodeAPI): void {
  function SynologyEventTasksNode(this: Node, config: TasksDef): void {
    RED.nodes.createNode(this, config);
    startTasksNode(this, config.server);
  }

  function startTasksNode(node: Node, serverId: string | undefined): void {
    const status = new NodeStatus(node, (key) => RED._(key));
    const server = findServer(RED, serverId);
    let inFlight = 0;
    let ownStatus = false;
    let closing = false;

    if (server) {
      server.register(node, (state: ConnectionState) => {
        if (inFlight > 0 || (ownStatus && (state === 'connected' || state === 'idle'))) return;
        status.connection(state);
      });
    } else {
      status.noServer();
    }

    async function list(): Promise<EventTask[]> {
      if (!server) throw invalidInput('no NAS configured: choose a synology-dsm configuration node');
      return (await server.scheduler().list()).map(taskPayload);
    }

    node.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      inFlight += 1;
      status.requesting(inFlight);
      list().then(
        (tasks) => {
          inFlight -= 1;
          if (closing) return done();
          ownStatus = true;
          if (inFlight > 0) status.requesting(inFlight);
          else status.ok();
          msg.payload = tasks;
          send(msg);
          done();
        },
        (err: unknown) => {
          inFlight -= 1;
          if (closing) return done();
          const error = toCodedError(err);
          ownStatus = true;
          status.failed(error.code);
          done(error);
        },
      );
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      closing = true;
      server?.deregister(node);
      done();
    });
  }
  RED.nodes.registerType('synology-event-tasks', SynologyEventTasksNode);
};
