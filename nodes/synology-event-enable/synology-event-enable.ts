// enable task: enables or disables a task; the action comes from the node or from msg.payload.
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { parseEnabled } from '../shared/inputs';

interface EnableConfig extends ActionNodeConfig {
  action?: 'enable' | 'disable' | 'payload';
}

export = function (RED: NodeAPI): void {
  function SynologyEventEnableNode(this: Node, config: EnableConfig): void {
    RED.nodes.createNode(this, config);
    // flows without `action` get "enable" (the editor's default)
    const action = config.action ?? 'enable';

    startActionNode(RED, this, config, {
      async run({ task, scheduler, msg }) {
        const enabled = action === 'payload' ? parseEnabled(msg.payload) : action !== 'disable';
        await scheduler.setEnable(task, enabled);
        return { payload: { task, enabled } };
      },
    });
  }

  RED.nodes.registerType('synology-event-enable', SynologyEventEnableNode);
};
