// result output: the script input and output of one result (by id, or `latest`).
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { invalidInput } from '../shared/errors';
import { evaluateProperty } from '../shared/inputs';

interface OutputConfig extends ActionNodeConfig {
  resultId?: string;
  resultIdType?: string;
}

function checkResultId(value: unknown): number | 'latest' {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'latest') return 'latest';
  const id = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  throw invalidInput('no result id: give a result_id (a whole number) or "latest"');
}

export = function (RED: NodeAPI): void {
  function SynologyEventOutputNode(this: Node, config: OutputConfig): void {
    RED.nodes.createNode(this, config);
    // flows without the property read msg.payload.result_id (the editor's default)
    const resultId = config.resultIdType ? (config.resultId ?? '') : 'payload.result_id';
    const resultIdType = config.resultIdType || 'msg';

    startActionNode(RED, this, config, {
      async run({ task, scheduler, msg, node }) {
        const wanted = checkResultId(await evaluateProperty(RED, node, resultId, resultIdType, msg));
        let id: number;
        if (wanted === 'latest') {
          const newest = (await scheduler.results(task))[0];
          if (!newest) throw invalidInput(`task "${task}" has no results yet`);
          id = Number(newest.result_id);
        } else {
          id = wanted;
        }
        const { script_in, script_out } = await scheduler.output(task, id);
        return { payload: { task, result_id: id, script_in, script_out } };
      },
    });
  }

  RED.nodes.registerType('synology-event-output', SynologyEventOutputNode);
};
