// EventScheduler wire values <-> typed values (dsm-protocol.md §4.3, §4.4).
import { decodeDependencies, encodeDependencies, type Params } from './encode';
import { DsmError } from './errors';
import type { EventTask, TaskEvent, TaskResult, TaskSettings } from './types';

function bool(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1' || value === 'yes';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function ownerNameOf(value: unknown, uidToName: (uid: number) => string | undefined): string {
  // The owner's shape in `get` is [I] (§4.4): object {uid: name}, a uid (number or string), or a name.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const [uid, name] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (typeof name === 'string' && name) return name;
    if (uid !== undefined && /^\d+$/.test(uid)) return ownerNameOf(Number(uid), uidToName);
    return '';
  }
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const uid = Number(value);
    return uid === 0 ? 'root' : (uidToName(uid) ?? String(uid));
  }
  return text(value);
}

/** Whether a `get` answer holds a task (DSM may answer a missing one with an empty object, §4.4 [I]). */
export function holdsTask(data: unknown): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return typeof d.task_name === 'string' && d.task_name !== '';
}

export function taskFromWire(data: Record<string, unknown>, uidToName: (uid: number) => string | undefined = () => undefined): EventTask {
  const event = text(data.event);
  return {
    name: text(data.task_name),
    event: (event === 'shutdown' ? 'shutdown' : 'bootup') as TaskEvent,
    enabled: bool(data.enable),
    owner: ownerNameOf(data.owner, uidToName),
    script: text(data.operation),
    dependsOn: decodeDependencies(data.depend_on_task),
    notifyEmail: text(data.notify_mail),
    notifyOnlyOnError: bool(data.notify_if_error),
  };
}

/** Checks a task name before anything is sent. */
export function checkTaskName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new DsmError('INVALID_INPUT', 'No task name was given; set the task in the node or in msg.task.');
  }
  return name;
}

/** Full settings for create/set: given fields over `base` (the current task when modifying). */
export function completeSettings(settings: TaskSettings, base?: EventTask): Required<TaskSettings> {
  const name = checkTaskName(settings?.name);
  const event = settings.event ?? base?.event ?? 'bootup';
  if (event !== 'bootup' && event !== 'shutdown') {
    throw new DsmError('INVALID_INPUT', `Event "${String(event)}" is not valid; a triggered task runs at bootup or shutdown.`);
  }
  const dependsOn = settings.dependsOn ?? base?.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string' || d === '' || /[[\]]/.test(d))) {
    throw new DsmError('INVALID_INPUT', 'dependsOn must be a list of task names without [ or ] (DSM stores them as [a][b]).');
  }
  const script = settings.script ?? base?.script;
  if (typeof script !== 'string' || script.trim() === '') {
    throw new DsmError('INVALID_INPUT', `Task "${name}" needs a script: enter the commands to run.`);
  }
  const owner = (settings.owner ?? base?.owner ?? 'root').trim();
  if (owner === '') throw new DsmError('INVALID_INPUT', 'The task owner is empty; enter a DSM user name or root.');
  const notifyEmail = (settings.notifyEmail ?? base?.notifyEmail ?? '').trim();
  return {
    name,
    owner,
    event,
    script,
    dependsOn,
    enabled: settings.enabled ?? base?.enabled ?? true,
    notifyEmail,
    notifyOnlyOnError: settings.notifyOnlyOnError ?? base?.notifyOnlyOnError ?? false,
  };
}

export function taskToWire(settings: Required<TaskSettings>, uid: number): Params {
  return {
    task_name: settings.name,
    owner: { [String(uid)]: settings.owner },
    event: settings.event,
    depend_on_task: encodeDependencies(settings.dependsOn),
    enable: settings.enabled,
    notify_enable: settings.notifyEmail !== '',
    // Always a quoted string, even when empty (§4.3 notify_mail); the JSON encoding quotes it.
    notify_mail: settings.notifyEmail,
    notify_if_error: settings.notifyOnlyOnError,
    operation: settings.script,
    operation_type: 'script',
  };
}

function parseJsonish(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Normalises one result row in place (it is freshly parsed JSON, owned by the caller). */
export function resultFromWire(raw: unknown): TaskResult | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.result_id !== 'number') r.result_id = Number(r.result_id);
  if (typeof r.task_name !== 'string') r.task_name = text(r.task_name);
  const e = r.exit_info as Record<string, unknown> | null | undefined;
  if (typeof e !== 'object' || e === null || typeof e.exit_code !== 'number' || typeof e.exit_type !== 'string') {
    // exit_info is a JSON column in DSM's store (§4.2): tolerate it as text or partial.
    const exit = parseJsonish(r.exit_info);
    const x = (typeof exit === 'object' && exit !== null ? exit : {}) as Record<string, unknown>;
    r.exit_info = { exit_code: Number(x.exit_code ?? 0), exit_type: text(x.exit_type) };
  }
  return r as TaskResult;
}

/** Results newest first; `data` may be the array itself or hold it in `results` / `list` (§4.4). */
export function resultsFromWire(data: unknown): TaskResult[] {
  const d = data as Record<string, unknown> | null | undefined;
  const list = Array.isArray(data) ? data : Array.isArray(d?.results) ? d.results : Array.isArray(d?.list) ? d.list : [];
  const results: TaskResult[] = [];
  let sorted = true;
  for (const row of list as unknown[]) {
    const result = resultFromWire(row);
    if (!result) continue;
    if (results.length > 0 && newer(results[results.length - 1], result) < 0) sorted = false;
    results.push(result);
  }
  return sorted ? results : results.sort((a, b) => newer(b, a));
}

function newer(a: TaskResult, b: TaskResult): number {
  // Result ids grow with each run (§4.2 result_id is the table's key); times only break ties of bad ids.
  if (Number.isFinite(a.result_id) && Number.isFinite(b.result_id) && a.result_id !== b.result_id) return a.result_id - b.result_id;
  const ta = a.start_time ?? a.event_fire_time ?? '';
  const tb = b.start_time ?? b.event_fire_time ?? '';
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}
