// task results: the results (runs) of a task, newest first; at most `limit` (0 = all), optionally only failures.
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { numberOr } from '../shared/inputs';
import { isFailedResult } from '../shared/result-records';

interface ResultsConfig extends ActionNodeConfig {
  limit?: number | string;
  onlyFailures?: boolean;
}

export = function (RED: NodeAPI): void {
  function SynologyEventResultsNode(this: Node, config: ResultsConfig): void {
    RED.nodes.createNode(this, config);
    const limit = Math.max(0, Math.floor(numberOr(config.limit, 0)));

    startActionNode(RED, this, config, {
      async run({ task, scheduler }) {
        let results = await scheduler.results(task);
        if (config.onlyFailures === true) results = results.filter(isFailedResult);
        return { payload: limit > 0 ? results.slice(0, limit) : results };
      },
    });
  }

  RED.nodes.registerType('synology-event-results', SynologyEventResultsNode);
};
