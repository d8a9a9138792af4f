// Flow nodes for the reliability tests: an action node whose outputs go to the helper nodes that
// trackOutcomes() watches (`out`, and `out2` for a second port).
type FlowNode = Record<string, unknown> & { id: string; type: string };

const DEFAULTS: Record<string, Record<string, unknown>> = {
  'synology-event-run': { wait: false, includeOutput: false, waitTimeout: 60 },
  'synology-event-enable': { action: 'payload' },
  'synology-event-create': { mode: 'upsert', owner: '', event: 'bootup', script: '', dependsOn: [], enabled: true, notifyEmail: '', notifyOnlyOnError: false, allowScriptFromMsg: false },
  'synology-event-delete': {},
  'synology-event-results': { limit: 0, onlyFailures: false },
  'synology-event-output': { resultId: 'payload.result_id', resultIdType: 'msg' },
  'synology-event-tasks': {},
};

const TWO_OUTPUTS = new Set(['synology-event-run', 'synology-event-watch']);

/**
 * An action node on config node `dsm1`; `task` '' means "take msg.task". Outputs go to `out`
 * (and `out2`) unless `wires` is given.
 */
export function nodeOn(id: string, type: string, task: string, props: Record<string, unknown> = {}, wires?: string[][]): FlowNode {
  return {
    id,
    type,
    name: '',
    server: 'dsm1',
    task,
    taskType: 'str',
    ...DEFAULTS[type],
    ...props,
    wires: wires ?? (TWO_OUTPUTS.has(type) ? [['out'], ['out2']] : [['out']]),
  };
}
