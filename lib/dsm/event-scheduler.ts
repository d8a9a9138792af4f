// Typed SYNO.Core.EventScheduler methods over a shared DsmConnection (dsm-protocol.md §4).
import { batchOrSingle, type SubCall } from './compound';
import type { DsmConnection } from './connection';
import { DsmError } from './errors';
import { API, METHODS, type MethodDescriptor } from './methods';
import { listEventTaskNames } from './task-scheduler';
import {
  checkTaskName,
  completeSettings,
  holdsTask,
  resultsFromWire,
  taskFromWire,
  taskToWire,
} from './task-codec';
import type { EventTask, OutputConfig, TaskOutput, TaskResult, TaskSettings } from './types';
import type { Params } from './encode';
import { KnownTasks } from './known-tasks';
import { resultsOfMany } from './results-of-many';
import { isTaskFailure, notFound } from './task-errors';
import { UserDirectory } from './users';

const OUTPUT_CONFIG_TYPE = 'esynoscheduler';

export class EventScheduler {
  readonly #connection: DsmConnection;
  readonly #users: UserDirectory;
  readonly #known = new KnownTasks();

  constructor(connection: DsmConnection) {
    this.#connection = connection;
    this.#users = new UserDirectory(connection);
  }

  get connection(): DsmConnection {
    return this.#connection;
  }

  async run(task: string): Promise<void> {
    const name = checkTaskName(task);
    if (!this.#known.has(name)) await this.#ensureExists(name);
    await this.#taskCall(METHODS.run, { task_name: name }, name);
  }

  async setEnable(task: string, enabled: boolean): Promise<void> {
    const name = checkTaskName(task);
    if (!this.#known.has(name)) await this.#ensureExists(name);
    await this.#taskCall(METHODS.setEnable, { task_name: name, enable: enabled === true }, name);
  }

  async get(task: string): Promise<EventTask> {
    const name = checkTaskName(task);
    const data = await this.#getRaw(name);
    if (!data) throw notFound(name);
    return taskFromWire(data, (uid) => this.#users.nameOf(uid));
  }

  async create(settings: TaskSettings): Promise<EventTask> {
    const full = completeSettings(settings);
    if (await this.#getRaw(full.name)) {
      throw new DsmError('TASK_EXISTS', `An event task named "${full.name}" exists already; use modify or create-or-modify to change it.`, {
        api: API.eventScheduler,
        method: 'create',
      });
    }
    await this.#write(full, 'create');
    return this.#readBack(full.name);
  }

  async modify(settings: TaskSettings): Promise<EventTask> {
    const current = await this.get(checkTaskName(settings?.name));
    const full = completeSettings(settings, current);
    await this.#write(full, 'set');
    return this.#readBack(full.name);
  }

  async upsert(settings: TaskSettings): Promise<EventTask> {
    const name = checkTaskName(settings?.name);
    const data = await this.#getRaw(name);
    const current = data ? taskFromWire(data, (uid) => this.#users.nameOf(uid)) : undefined;
    const full = completeSettings(settings, current);
    await this.#write(full, current ? 'set' : 'create');
    return this.#readBack(full.name);
  }

  async delete(task: string): Promise<void> {
    const name = checkTaskName(task);
    if (!this.#known.has(name)) await this.#ensureExists(name);
    await this.#taskCall(METHODS.delete, { task_name: name }, name);
    this.#known.forget(name);
  }

  async results(task: string): Promise<TaskResult[]> {
    const name = checkTaskName(task);
    if (!this.#known.has(name)) await this.#ensureExists(name);
    return resultsFromWire(await this.#taskCall(METHODS.resultList, { task_name: name }, name));
  }

  async output(task: string, resultId: number): Promise<TaskOutput> {
    const name = checkTaskName(task);
    const id = Number(resultId);
    if (!Number.isInteger(id) || id < 0) {
      throw new DsmError('INVALID_INPUT', `"${String(resultId)}" is not a result id; pass result_id from a task result.`);
    }
    const data = (await this.#taskCall(METHODS.resultGetFile, { task_name: name, result_id: id }, name)) as Record<string, unknown> | undefined;
    return {
      script_in: typeof data?.script_in === 'string' ? data.script_in : '',
      script_out: typeof data?.script_out === 'string' ? data.script_out : '',
    };
  }

  /** Every event task with its settings: TaskScheduler list, then one batch of `get`s. */
  async list(): Promise<EventTask[]> {
    const names = await listEventTaskNames(this.#connection);
    const tasks: EventTask[] = [];
    const answers = await this.#many(names, (name) => ({ descriptor: METHODS.get, params: { task_name: name } }));
    for (const answer of answers) {
      if (answer.ok && holdsTask(answer.data)) {
        this.#known.remember(answer.data.task_name as string);
        tasks.push(taskFromWire(answer.data, (uid) => this.#users.nameOf(uid)));
      }
    }
    return tasks;
  }

  /** The results of several tasks in one HTTP request (single calls when DSM lacks SYNO.Entry.Request). */
  resultsOfMany(tasks: readonly string[]): Promise<Map<string, TaskResult[] | DsmError>> {
    return resultsOfMany(this.#connection, this.#known, tasks.map((t) => checkTaskName(t)));
  }

  async getOutputConfig(): Promise<OutputConfig> {
    const data = (await this.#connection.call(METHODS.configGet, { type: OUTPUT_CONFIG_TYPE })) as Record<string, unknown> | undefined;
    return { enabled: data?.enable_output === true || data?.enable_output === 'true', outputPath: typeof data?.output_path === 'string' ? data.output_path : '' };
  }

  async setOutputConfig(config: OutputConfig): Promise<void> {
    if (typeof config?.enabled !== 'boolean' || (config.enabled && (typeof config.outputPath !== 'string' || config.outputPath.trim() === ''))) {
      throw new DsmError('INVALID_INPUT', 'Output config needs enabled (true/false) and, when enabled, an output path such as "share/logs".');
    }
    await this.#connection.call(METHODS.configSet, {
      type: OUTPUT_CONFIG_TYPE,
      output_path: config.outputPath ?? '',
      enable_output: config.enabled,
    });
  }

  #many(names: readonly string[], make: (name: string) => SubCall): ReturnType<typeof batchOrSingle> {
    return batchOrSingle(this.#connection, names.map(make));
  }

  async #getRaw(name: string): Promise<Record<string, unknown> | undefined> {
    let data: unknown;
    try {
      data = await this.#connection.call(METHODS.get, { task_name: name });
    } catch (err) {
      if (!isTaskFailure(err)) throw err;
      data = undefined;
    }
    if (holdsTask(data)) {
      this.#known.remember(name);
      return data;
    }
    this.#known.forget(name);
    return undefined;
  }

  async #ensureExists(name: string): Promise<void> {
    if (!(await this.#getRaw(name))) throw notFound(name);
  }

  /** A call on one task; a 48xx failure is checked against a fresh `get` to tell "not found" apart. */
  #taskCall(descriptor: MethodDescriptor, params: Params, name: string): Promise<unknown> {
    return this.#connection.call(descriptor, params).catch(async (err: unknown) => {
      if (isTaskFailure(err) && !(await this.#getRaw(name))) throw notFound(name);
      throw err;
    });
  }

  async #write(full: Required<TaskSettings>, method: 'create' | 'set'): Promise<void> {
    const uid = await this.#users.uidOf(full.owner);
    const params = taskToWire(full, uid);
    const apis = await this.#connection.apis();
    // Root-owned tasks go through .Root with a fresh password-confirm token (§4.5); DSM 6 has no .Root.
    if (uid === 0 && apis.has(API.eventSchedulerRoot)) {
      const rootWrite = async (): Promise<void> => {
        params.SynoConfirmPWToken = await this.#connection.confirmPassword();
        await this.#connection.call(method === 'create' ? METHODS.rootCreate : METHODS.rootSet, params);
      };
      // After a session loss, once more with a new session and a new token (never the used one).
      await rootWrite().catch((err: unknown) => {
        if (err instanceof DsmError && err.code === 'SESSION_LOST') return rootWrite();
        throw err;
      });
    } else {
      await this.#connection.call(method === 'create' ? METHODS.create : METHODS.set, params);
    }
    this.#known.remember(full.name);
  }

  async #readBack(name: string): Promise<EventTask> {
    const data = await this.#getRaw(name);
    if (!data) {
      throw new DsmError(
        'TASK_NOT_FOUND',
        `DSM reported the task "${name}" as saved, but it cannot be read back; check it in Control Panel > Task Scheduler.`,
        { api: API.eventScheduler, method: 'get' },
      );
    }
    return taskFromWire(data, (uid) => this.#users.nameOf(uid));
  }
}
