// Runs event tasks and records their results (§4.4): `run` starts asynchronously after a start delay
// (real DSM: tens of seconds, §4.4 OPENCLAW), the task's dependencies run first (each once), and every
// run adds a result row with trigger_event on_demand, bootup or shutdown. Boot-up and shutdown fire
// every enabled task of that event, dependencies first. Not reproduced: DSM's "already running" guard,
// e-mail notification, the task's status/last_* columns.
import { dsmTime } from './dsm-time';
import type { ScriptRunner } from './script-runner';
import type { TaskStore } from './task-store';
import type { SimResult, SimTask, TriggerEvent } from './types';

export interface TaskRunnerSettings {
  timeoutMs: number;
  outputLimitBytes: number;
  exitTypeNormal: string;
}

export class TaskRunner {
  readonly #store: TaskStore;
  readonly #scripts: ScriptRunner;
  readonly #settings: TaskRunnerSettings;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  constructor(store: TaskStore, scripts: ScriptRunner, settings: TaskRunnerSettings) {
    this.#store = store;
    this.#scripts = scripts;
    this.#settings = settings;
  }

  /** The `run` method: starts after `delayMs`, answers at once. */
  startLater(name: string, delayMs: number): void {
    const firedAt = new Date();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#track(this.runWithDependencies(name, 'on_demand', firedAt));
    }, delayMs);
    this.#timers.add(timer);
  }

  /** Runs the task's dependencies (each once, cycles ignored), then the task; resolves with its result. */
  async runWithDependencies(name: string, trigger: TriggerEvent, firedAt = new Date()): Promise<SimResult | undefined> {
    const order = this.#order([name]);
    let last: SimResult | undefined;
    for (const taskName of order) last = await this.#runOne(taskName, trigger, firedAt);
    return last;
  }

  /** Fires an event (bootup/shutdown): every enabled task of that event, dependencies first. */
  async fireEvent(event: 'bootup' | 'shutdown'): Promise<SimResult[]> {
    const firedAt = new Date();
    const names = [...this.#store.tasks.values()].filter((t) => t.enable && t.event === event).map((t) => t.task_name);
    const results: SimResult[] = [];
    for (const taskName of this.#order(names)) {
      const task = this.#store.get(taskName);
      if (!task || !task.enable) continue;
      const result = await this.#runOne(taskName, event, firedAt);
      if (result) results.push(result);
    }
    return results;
  }

  /** Waits for every started run (used by close and tests). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Cancels runs not yet started, kills running scripts and starts no more (close). */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#scripts.killAll();
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch(() => undefined).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  #order(names: string[]): string[] {
    const order: string[] = [];
    const visiting = new Set<string>();
    const visit = (name: string): void => {
      if (order.includes(name) || visiting.has(name)) return;
      const task = this.#store.get(name);
      if (!task) return;
      visiting.add(name);
      for (const dependency of task.depend_on_task) visit(dependency);
      visiting.delete(name);
      order.push(name);
    };
    for (const name of names) visit(name);
    return order;
  }

  async #runOne(name: string, trigger: TriggerEvent, firedAt: Date): Promise<SimResult | undefined> {
    const task: SimTask | undefined = this.#store.get(name);
    if (!task || this.#stopped) return undefined;
    const work = this.#scripts.run({
      script: task.operation,
      timeoutMs: this.#settings.timeoutMs,
      outputLimitBytes: this.#settings.outputLimitBytes,
      env: { TASK_NAME: task.task_name, TRIGGER_EVENT: trigger },
    });
    this.#track(work);
    const outcome = await work;
    const row: SimResult = {
      result_id: this.#store.takeResultId(),
      task_name: name,
      pid: outcome.pid,
      event_fire_time: dsmTime(firedAt),
      start_time: dsmTime(outcome.startedAt),
      stop_time: dsmTime(outcome.stoppedAt),
      exit_info: { exit_code: outcome.exitCode, exit_type: outcome.bySignal ? 'by_signal' : this.#settings.exitTypeNormal },
      trigger_event: trigger,
      run_time_env: {},
      extra: {},
    };
    this.#store.addResult(row, { script_in: task.operation, script_out: outcome.output });
    return row;
  }
}
