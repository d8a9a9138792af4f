// delete task: deletes an event task.
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';

export = function (RED: NodeAPI): void {
  function SynologyEventDeleteNode(this: Node, config: ActionNodeConfig): void {
    RED.nodes.createNode(this, config);
    startActionNode(RED, this, config, {
      async run({ task, scheduler }) {
        await scheduler.delete(task);
        return { payload: { task, deleted: true } };
      },
    });
  }

  RED.nodes.registerType('synology-event-delete', SynologyEventDeleteNode);
};
