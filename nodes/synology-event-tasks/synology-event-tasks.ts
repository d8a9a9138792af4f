// The `synology-event-tasks` node: on each message, the event tasks on the NAS with their settings
// (scheduler.list) in msg.payload. It names no task, so msg.task is left alone.
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { taskPayload } from './task-payload';

export = function (RED: NodeAPI): void {
  function SynologyEventTasksNode(this: Node, config: ActionNodeConfig): void {
    RED.nodes.createNode(this, config);
    startActionNode(RED, this, config, {
      needsTask: false,
      async run({ scheduler }) {
        return { payload: (await scheduler.list()).map(taskPayload) };
      },
    });
  }

  RED.nodes.registerType('synology-event-tasks', SynologyEventTasksNode);
};
