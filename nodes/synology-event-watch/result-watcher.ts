// One poll of the watch node, without timers or Node-RED: read the results of every watched task in
// one batch, compare them with the stored marks, fetch outputs when asked, save the marks, and hand
// back the new results oldest first.
import { isFailedResult } from '../shared/result-records';
import { sameMark, stepMark, type ResultRecord, type TaskMark } from './task-mark';

export interface ScriptOutput {
  script_in: string;
  script_out: string;
}

/** The part of the client's EventScheduler the watch node uses. */
export interface WatchSource<R extends ResultRecord> {
  list(): Promise<{ name: string }[]>;
  resultsOfMany(tasks: string[]): Promise<Map<string, R[] | Error>>;
  output(task: string, resultId: number): Promise<ScriptOutput>;
}

/** Marks by task name. A Map: names such as `__proto__` or `constructor` are keys like any other. */
export type Marks = ReadonlyMap<string, TaskMark>;

/** Where the marks live between polls and across restarts (the node's context). */
export interface MarkStore {
  load(): Promise<Marks | undefined>;
  save(marks: Marks): Promise<void>;
}

export interface WatchEvent<R extends ResultRecord> {
  task: string;
  result: R & { output?: ScriptOutput };
  failed: boolean;
}

export interface PollOutcome<R extends ResultRecord> {
  events: WatchEvent<R>[];
  /** Per-task failures inside the batch (e.g. a watched task that does not exist). */
  taskErrors: Map<string, Error>;
  /** Output reads that failed for other reasons than the NAS being away: the result went out without. */
  outputErrors: Error[];
  taskCount: number;
}

export interface WatcherOptions {
  /** Names to watch; empty = every event task (listed now and then). */
  tasks: string[];
  includeOutput: boolean;
  emitExisting: boolean;
  /** How old the task list may get before it is read again (ms). */
  listMaxAgeMs: number;
  /** Errors that mean the NAS is away: the poll is abandoned and nothing is marked. */
  isNasDown: (err: unknown) => boolean;
  /** True once the node is closing: a poll that ends then saves nothing (its results come next time). */
  isClosing?: () => boolean;
  now?: () => number;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export class ResultWatcher<R extends ResultRecord> {
  readonly #source: WatchSource<R>;
  readonly #store: MarkStore;
  readonly #options: WatcherOptions;
  readonly #now: () => number;
  #marks: Marks | undefined;
  #started = false;
  #baselinePending = new Set<string>();
  #listed: string[] | undefined;
  #listedAt = 0;

  constructor(source: WatchSource<R>, store: MarkStore, options: WatcherOptions) {
    this.#source = source;
    this.#store = store;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The task list is read again on the next poll (e.g. after a task was created or deleted). */
  refreshList(): void {
    this.#listed = undefined;
  }

  async poll(): Promise<PollOutcome<R>> {
    if (this.#marks === undefined) this.#marks = new Map((await this.#store.load()) ?? []);
    const marks = this.#marks;
    const names = await this.#names();
    const outcome: PollOutcome<R> = { events: [], taskErrors: new Map(), outputErrors: [], taskCount: names.length };
    if (names.length === 0) return outcome;

    const batch = await this.#source.resultsOfMany(names);
    if (!this.#started) {
      for (const name of names) if (!marks.has(name)) this.#baselinePending.add(name);
      this.#started = true;
    }
    const nextMarks = new Map<string, TaskMark>();
    for (const name of names) {
      const results = batch.get(name);
      if (results === undefined) continue;
      if (results instanceof Error) {
        outcome.taskErrors.set(name, results);
        if (codeOf(results) === 'TASK_NOT_FOUND') {
          this.#baselinePending.delete(name);
          if (this.#options.tasks.length === 0) this.refreshList();
        }
        continue;
      }
      const previous = marks.get(name);
      const baseline = previous === undefined && this.#baselinePending.has(name) && !this.#options.emitExisting;
      const step = stepMark(previous, results, baseline);
      this.#baselinePending.delete(name);
      if (!sameMark(previous, step.mark)) nextMarks.set(name, step.mark);
      for (const result of step.fresh) outcome.events.push({ task: name, result, failed: isFailedResult(result) });
    }
    outcome.events.sort(
      (a, b) => String(a.result.stop_time).localeCompare(String(b.result.stop_time)) || Number(a.result.result_id) - Number(b.result.result_id),
    );
    if (this.#options.includeOutput) await this.#addOutputs(outcome);
    if (this.#options.isClosing?.()) return { ...outcome, events: [] };
    if (nextMarks.size > 0) {
      this.#marks = new Map([...marks, ...nextMarks]);
      await this.#store.save(this.#marks);
    }
    return outcome;
  }

  async #names(): Promise<string[]> {
    if (this.#options.tasks.length > 0) return this.#options.tasks;
    if (this.#listed === undefined || this.#now() - this.#listedAt > this.#options.listMaxAgeMs) {
      const tasks = await this.#source.list();
      this.#listed = tasks.map((t) => t.name);
      this.#listedAt = this.#now();
    }
    return this.#listed;
  }

  async #addOutputs(outcome: PollOutcome<R>): Promise<void> {
    for (const event of outcome.events) {
      try {
        event.result.output = await this.#source.output(event.task, Number(event.result.result_id));
      } catch (err) {
        // The NAS went away mid-poll: give up, the marks are not saved, the next poll retries.
        if (this.#options.isNasDown(err)) throw err;
        outcome.outputErrors.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}
