// run task: starts an event task; optionally waits for its result (out 1 ok, out 2 failed).
import type { Node, NodeAPI } from 'node-red';
import { startActionNode, type ActionNodeConfig } from '../shared/action-node';
import { numberOr } from '../shared/inputs';
import { failureReason, isFailedResult } from '../shared/result-records';
import { markBeforeRun, waitForResult } from './wait-for-result';

interface RunConfig extends ActionNodeConfig {
  wait?: boolean;
  includeOutput?: boolean;
  waitTimeout?: number | string;
}

/** Seconds to wait when the flow has no (or no positive) waitTimeout. */
const DEFAULT_WAIT_TIMEOUT_S = 300;

export = function (RED: NodeAPI): void {
  function SynologyEventRunNode(this: Node, config: RunConfig): void {
    RED.nodes.createNode(this, config);
    const waitTimeoutS = numberOr(config.waitTimeout, DEFAULT_WAIT_TIMEOUT_S);
    const timeoutMs = (waitTimeoutS > 0 ? waitTimeoutS : DEFAULT_WAIT_TIMEOUT_S) * 1000;

    startActionNode(RED, this, config, {
      outputs: 2,
      async run({ task, scheduler, status, signal }) {
        if (config.wait !== true) {
          await scheduler.run(task);
          return { payload: { task, started: true }, outcome: 'started' };
        }
        const mark = markBeforeRun(await scheduler.results(task));
        await scheduler.run(task);
        status.waiting();
        const record = await waitForResult(scheduler, task, mark, timeoutMs, signal);
        const payload = config.includeOutput === true ? { ...record, output: await scheduler.output(task, record.result_id) } : record;
        const failed = isFailedResult(record);
        return { payload, output: failed ? 1 : 0, failedReason: failed ? failureReason(record) : undefined };
      },
    });
  }

  RED.nodes.registerType('synology-event-run', SynologyEventRunNode);
};
