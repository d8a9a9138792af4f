// result output: the script input and output of one result (by id, or `latest`).
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { invalidInput } from '../shared/errors';
import { evaluateProperty } from '../shared/inputs';

interface OutputConfig extends ActionNodeConfig {
  resultId?: string;
  resultIdType?: string;
}

const RESULT_ID_HELP = 'give a result_id (a whole number such as 42, or a string of digits) or "latest"';

/**
 * A result id: a safe non-negative integer, a string of digits that is one, or "latest". Anything
 * else (1.5, -1, 1e300, "1e3", " ", an object) is refused before anything is sent to DSM.
 */
function checkResultId(value: unknown): number | 'latest' {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw invalidInput(`no result id: ${RESULT_ID_HELP}`);
  }
  if (typeof value === 'string' && value.trim().toLowerCase() === 'latest') return 'latest';
  let id: number | undefined;
  if (typeof value === 'number') id = value;
  else if (typeof value === 'string' && /^\d+$/.test(value.trim())) id = Number(value.trim());
  if (id !== undefined && Number.isSafeInteger(id) && id >= 0) return id;
  const shown = typeof value === 'string' || typeof value === 'number' ? ` (${JSON.stringify(String(value).slice(0, 40))})` : '';
  throw invalidInput(`the result id${shown} is not a whole number: ${RESULT_ID_HELP}`);
}

export = function (RED: NodeAPI): void {
  function SynologyEventOutputNode(this: Node, config: OutputConfig): void {
    RED.nodes.createNode(this, config);
    // flows without the property read msg.payload.result_id (the editor's default)
    const resultId = config.resultIdType ? (config.resultId ?? '') : 'payload.result_id';
    const resultIdType = config.resultIdType || 'msg';

    startActionNode(RED, this, config, {
      async run({ task, scheduler, msg, node }) {
        const wanted = checkResultId(await evaluateProperty(RED, node, resultId, resultIdType, msg, 'result id'));
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
