// create task: creates, modifies, or creates-or-modifies a task; payload is the task read back from DSM.
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { taskSettingsFrom, type CreateFields } from './task-settings-from';

interface CreateConfig extends ActionNodeConfig, CreateFields {
  mode?: 'create' | 'modify' | 'upsert';
}

export = function (RED: NodeAPI): void {
  function SynologyEventCreateNode(this: Node, config: CreateConfig): void {
    RED.nodes.createNode(this, config);
    // flows without `mode` get "upsert" (the editor's default)
    const mode = config.mode ?? 'upsert';

    startActionNode(RED, this, config, {
      taskFromPayload: true,
      async run({ task, scheduler, msg }) {
        const settings = taskSettingsFrom(task, config, msg.payload);
        const written =
          mode === 'create' ? await scheduler.create(settings) : mode === 'modify' ? await scheduler.modify(settings) : await scheduler.upsert(settings);
        return { payload: written };
      },
    });
  }

  RED.nodes.registerType('synology-event-create', SynologyEventCreateNode);
};
