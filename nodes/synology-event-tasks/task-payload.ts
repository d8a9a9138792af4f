// One entry of the tasks node's payload (design.md, "Message contract"): exactly these fields.
import type { EventTask } from '../../lib/dsm';

export function taskPayload(task: EventTask): EventTask {
  const { name, event, enabled, owner, script, dependsOn, notifyEmail, notifyOnlyOnError } = task;
  return { name, event, enabled, owner, script, dependsOn: [...dependsOn], notifyEmail, notifyOnlyOnError };
}
