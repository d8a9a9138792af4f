// SYNO.Core.EventScheduler v1 and SYNO.Core.EventScheduler.Root (§4): create, set, get, delete, run,
// set_enable, result_list, result_get_file, list, config_get, config_set, for administrators (105
// otherwise). Values are JSON-decoded, raw strings taken as such unless strict (§4.3); `owner` must be
// one {"uid":"name"} pair of a known user (117 when missing or null, 4800 when malformed, §3);
// `event` bootup|shutdown; `depend_on_task` "[a][b]"; `notify_mail` JSON-quoted (4800 otherwise).
// Root-owned tasks go through .Root with a SynoConfirmPWToken (§4.5); the [I] behaviours (duplicate
// create, missing task, root via the plain API, the get shape) are knobs. `run` answers at once and
// runs the script later (task-runner). Not reproduced: list_relate, event_list, e-mail, output files.
import { ApiError } from '../api-error';
import type { SimTask } from '../types';
import { ROOT_UID } from '../users';
import { optionalBool, optionalInt, optionalString, requiredBool, requiredString, jsonValue } from './read-params';
import type { ApiRoutes, CallContext } from './route-types';

const BAD = 4800;

function taskName(ctx: CallContext): string {
  return requiredString(ctx, 'task_name', BAD);
}

/** The [I] answer for a task that does not exist: an error code, or success with `empty`. */
function missing(ctx: CallContext, empty: unknown): unknown {
  const { knobs } = ctx.core.options;
  if (knobs.missingTask === 'empty') return empty;
  throw new ApiError(knobs.missingTaskCode);
}

function parseOwner(ctx: CallContext): { uid: number; name: string } {
  const owner = jsonValue(ctx, 'owner', BAD);
  if (owner === undefined || owner === null || owner === '') throw new ApiError(117);
  if (typeof owner !== 'object' || Array.isArray(owner)) throw new ApiError(BAD);
  const entries = Object.entries(owner);
  if (entries.length !== 1) throw new ApiError(BAD);
  const [uidText, name] = entries[0];
  if (!/^\d+$/.test(uidText) || typeof name !== 'string') throw new ApiError(BAD);
  const uid = Number(uidText);
  if (ctx.core.state.users.nameOfUid(uid) !== name) throw new ApiError(BAD);
  return { uid, name };
}

export function parseDependencies(text: string): string[] | undefined {
  if (!/^(\[[^\]]*\])*$/.test(text)) return undefined;
  return [...text.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]).filter((name) => name !== '');
}

function readTask(ctx: CallContext, name: string): SimTask {
  const owner = parseOwner(ctx);
  const event = requiredString(ctx, 'event', BAD);
  if (event !== 'bootup' && event !== 'shutdown') throw new ApiError(BAD);
  const operation = requiredString(ctx, 'operation', BAD);
  const dependText = optionalString(ctx, 'depend_on_task', BAD, '');
  const depends = parseDependencies(dependText);
  if (!depends) throw new ApiError(BAD);
  // §4.3: notify_mail must be JSON-quoted, even when empty.
  const mail = ctx.params.value('notify_mail', BAD, true) ?? '';
  if (typeof mail !== 'string') throw new ApiError(BAD);
  return {
    task_name: name,
    event,
    enable: optionalBool(ctx, 'enable', BAD, true),
    owner_uid: owner.uid,
    owner_name: owner.name,
    depend_on_task: depends,
    notify_enable: optionalBool(ctx, 'notify_enable', BAD, mail !== ''),
    notify_mail: mail,
    notify_if_error: optionalBool(ctx, 'notify_if_error', BAD, false),
    operation,
    operation_type: optionalString(ctx, 'operation_type', BAD, 'script'),
  };
}

function checkRootRules(ctx: CallContext, task: SimTask, viaRoot: boolean): void {
  const { knobs } = ctx.core.options;
  if (viaRoot) {
    const token = ctx.params.value('SynoConfirmPWToken', BAD);
    const sid = ctx.session?.sid ?? '';
    if (typeof token !== 'string' || !ctx.core.state.confirmTokens.consume(token, sid)) throw new ApiError(knobs.confirmTokenFailCode);
    return;
  }
  if (task.owner_uid === ROOT_UID && knobs.rootViaPlainApi !== 'allow') throw new ApiError(knobs.rootViaPlainApi);
}

function create(ctx: CallContext, viaRoot: boolean): unknown {
  const name = taskName(ctx);
  const { knobs } = ctx.core.options;
  if (ctx.core.state.store.get(name) && knobs.duplicateCreate !== 'replace') throw new ApiError(knobs.duplicateCreate);
  const task = readTask(ctx, name);
  checkRootRules(ctx, task, viaRoot);
  ctx.core.state.store.put(task);
  return undefined;
}

function set(ctx: CallContext, viaRoot: boolean): unknown {
  const name = taskName(ctx);
  if (!ctx.core.state.store.get(name)) return missing(ctx, undefined);
  const task = readTask(ctx, name);
  checkRootRules(ctx, task, viaRoot);
  ctx.core.state.store.put(task);
  return undefined;
}

export function taskView(ctx: CallContext, task: SimTask): Record<string, unknown> {
  const { knobs } = ctx.core.options;
  const owner = knobs.getOwnerForm === 'uid' ? task.owner_uid
    : knobs.getOwnerForm === 'name' ? task.owner_name
      : { [String(task.owner_uid)]: task.owner_name };
  const depends = knobs.getDependForm === 'array' ? [...task.depend_on_task] : task.depend_on_task.map((d) => `[${d}]`).join('');
  return {
    task_name: task.task_name,
    event: task.event,
    enable: task.enable,
    owner,
    depend_on_task: depends,
    notify_enable: task.notify_enable,
    notify_mail: task.notify_mail,
    notify_if_error: task.notify_if_error,
    operation: task.operation,
    operation_type: task.operation_type,
  };
}

function get(ctx: CallContext): unknown {
  const task = ctx.core.state.store.get(taskName(ctx));
  return task ? taskView(ctx, task) : missing(ctx, {});
}

function remove(ctx: CallContext): unknown {
  const name = taskName(ctx);
  if (!ctx.core.state.store.delete(name)) return missing(ctx, undefined);
  return undefined;
}

function run(ctx: CallContext): unknown {
  const name = taskName(ctx);
  const task = ctx.core.state.store.get(name);
  if (!task) return missing(ctx, undefined);
  if (!task.enable && !ctx.core.options.knobs.runDisabled) throw new ApiError(4803);
  ctx.core.runner.startLater(name, ctx.core.options.knobs.runStartDelayMs);
  return undefined;
}

function setEnable(ctx: CallContext): unknown {
  const name = taskName(ctx);
  const enable = requiredBool(ctx, 'enable', BAD);
  const task = ctx.core.state.store.get(name);
  if (!task) return missing(ctx, undefined);
  ctx.core.state.store.put({ ...task, enable });
  return undefined;
}

function resultList(ctx: CallContext): unknown {
  const name = taskName(ctx);
  if (!ctx.core.state.store.get(name)) return missing(ctx, []);
  return ctx.core.state.store.results(name);
}

function resultGetFile(ctx: CallContext): unknown {
  const name = taskName(ctx);
  if (!ctx.params.has('result_id')) throw new ApiError(114);
  const resultId = optionalInt(ctx, 'result_id', BAD, 0);
  if (!ctx.core.state.store.get(name)) return missing(ctx, { script_in: '', script_out: '' });
  const output = ctx.core.state.store.output(name, resultId);
  return output ? { ...output } : missing(ctx, { script_in: '', script_out: '' });
}

function list(ctx: CallContext): unknown {
  return [...ctx.core.state.store.tasks.values()].map((task) => taskView(ctx, task));
}

function configGet(ctx: CallContext): unknown {
  return { ...ctx.core.state.outputConfig, type: 'esynoscheduler' };
}

function configSet(ctx: CallContext): unknown {
  const config = ctx.core.state.outputConfig;
  config.enable_output = optionalBool(ctx, 'enable_output', BAD, config.enable_output);
  config.output_path = optionalString(ctx, 'output_path', BAD, config.output_path);
  return undefined;
}

export const eventSchedulerRoutes: ApiRoutes = {
  create: { auth: 'admin', write: true, handle: (ctx) => create(ctx, false) },
  set: { auth: 'admin', write: true, handle: (ctx) => set(ctx, false) },
  get: { auth: 'admin', handle: get },
  delete: { auth: 'admin', write: true, handle: remove },
  run: { auth: 'admin', write: true, handle: run },
  set_enable: { auth: 'admin', write: true, handle: setEnable },
  result_list: { auth: 'admin', handle: resultList },
  result_get_file: { auth: 'admin', handle: resultGetFile },
  list: { auth: 'admin', handle: list },
  config_get: { auth: 'admin', handle: configGet },
  config_set: { auth: 'admin', write: true, handle: configSet },
};

export const eventSchedulerRootRoutes: ApiRoutes = {
  create: { auth: 'admin', write: true, handle: (ctx) => create(ctx, true) },
  set: { auth: 'admin', write: true, handle: (ctx) => set(ctx, true) },
};
