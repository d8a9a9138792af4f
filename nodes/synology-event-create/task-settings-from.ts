// The settings a create node writes: its own fields, each replaced by the same-named field of a
// msg.payload object when given. The script only comes from a message when the node allows it.
import type { TaskSettings } from '../../lib/dsm';
import { invalidInput } from '../shared/errors';
import { checkBoolean, checkEmail, checkTaskName, ownValue } from '../shared/inputs';

export interface CreateFields {
  owner?: string;
  event?: string;
  script?: string;
  dependsOn?: unknown;
  enabled?: boolean;
  notifyEmail?: string;
  notifyOnlyOnError?: boolean;
  allowScriptFromMsg?: boolean;
}

const EVENTS = new Set(['bootup', 'shutdown']);

function pick(payload: unknown, key: string, nodeValue: unknown): unknown {
  const fromMsg = ownValue(payload, key);
  return fromMsg === undefined ? nodeValue : fromMsg;
}

function checkDependsOn(value: unknown, task: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) throw invalidInput('dependsOn must be an array of task names');
  return value.map((name: unknown) => {
    const checked = checkTaskName(name, 'dependsOn task name');
    // DSM joins prerequisites as "[a][b]" (dsm-protocol.md §4.3): brackets in a name would break it
    if (/[[\]]/.test(checked)) throw invalidInput(`dependsOn task name "${checked}" contains [ or ]`);
    if (checked === task) throw invalidInput(`task "${task}" cannot depend on itself`);
    return checked;
  });
}

export function taskSettingsFrom(task: string, fields: CreateFields, payload: unknown): TaskSettings {
  const msgScript = ownValue(payload, 'script');
  if (msgScript !== undefined && fields.allowScriptFromMsg !== true) {
    throw invalidInput('msg.payload.script is refused: turn on "allow the script to come from the message" (allowScriptFromMsg) to accept it');
  }
  const event = pick(payload, 'event', fields.event ?? 'bootup');
  if (typeof event !== 'string' || !EVENTS.has(event)) throw invalidInput('event must be "bootup" or "shutdown"');
  const owner = pick(payload, 'owner', fields.owner || 'root');
  if (typeof owner !== 'string' || owner.trim() === '') throw invalidInput('owner must be a user name (or root)');
  const script = msgScript !== undefined ? msgScript : fields.script;
  if (typeof script !== 'string' || script.trim() === '') throw invalidInput('the task needs a script');
  return {
    name: task,
    event: event as TaskSettings['event'],
    owner: owner.trim(),
    script,
    dependsOn: checkDependsOn(pick(payload, 'dependsOn', fields.dependsOn), task),
    enabled: checkBoolean(pick(payload, 'enabled', fields.enabled), 'enabled', true),
    notifyEmail: checkEmail(pick(payload, 'notifyEmail', fields.notifyEmail)),
    notifyOnlyOnError: checkBoolean(pick(payload, 'notifyOnlyOnError', fields.notifyOnlyOnError), 'notifyOnlyOnError', false),
  };
}
