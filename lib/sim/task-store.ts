// The event tasks and their results, keyed by task_name like DSM's esynoscheduler.db (§4.2): results
// belong to a task and go when it is deleted; result_id grows across all tasks; each task keeps at
// most `resultsPerTask` results. Reproduces the store only, not DSM's locking or its output files.
import type { SimResult, SimResultOutput, SimTask } from './types';

interface StoredResult {
  row: SimResult;
  output: SimResultOutput;
}

export interface TaskStoreSnapshot {
  tasks: SimTask[];
  results: { row: SimResult; output: SimResultOutput }[];
  nextResultId: number;
}

export class TaskStore {
  readonly tasks = new Map<string, SimTask>();
  readonly #results = new Map<string, StoredResult[]>();
  #nextResultId = 1;
  #resultsPerTask: number;
  onChange: () => void = () => undefined;

  constructor(resultsPerTask: number) {
    this.#resultsPerTask = resultsPerTask;
  }

  get(name: string): SimTask | undefined {
    return this.tasks.get(name);
  }

  put(task: SimTask): void {
    this.tasks.set(task.task_name, task);
    this.onChange();
  }

  delete(name: string): boolean {
    const had = this.tasks.delete(name);
    this.#results.delete(name);
    if (had) this.onChange();
    return had;
  }

  /** Reserves the next result id (ids grow even when a run fails to record). */
  takeResultId(): number {
    return this.#nextResultId++;
  }

  addResult(row: SimResult, output: SimResultOutput): void {
    if (!this.tasks.has(row.task_name)) return;
    const list = this.#results.get(row.task_name) ?? [];
    list.push({ row, output });
    list.sort((a, b) => a.row.result_id - b.row.result_id);
    while (list.length > this.#resultsPerTask) list.shift();
    this.#results.set(row.task_name, list);
    this.onChange();
  }

  /** Result rows of a task, newest first. */
  results(name: string): SimResult[] {
    const list = this.#results.get(name) ?? [];
    const rows: SimResult[] = [];
    for (let i = list.length - 1; i >= 0; i--) rows.push(list[i].row);
    return rows;
  }

  output(name: string, resultId: number): SimResultOutput | undefined {
    return this.#results.get(name)?.find((entry) => entry.row.result_id === resultId)?.output;
  }

  snapshot(): TaskStoreSnapshot {
    const results: StoredResult[] = [];
    for (const list of this.#results.values()) results.push(...list);
    return { tasks: [...this.tasks.values()], results, nextResultId: this.#nextResultId };
  }

  restore(snapshot: TaskStoreSnapshot): void {
    this.tasks.clear();
    this.#results.clear();
    for (const task of snapshot.tasks) this.tasks.set(task.task_name, task);
    for (const entry of snapshot.results) {
      const list = this.#results.get(entry.row.task_name) ?? [];
      list.push({ row: entry.row, output: entry.output });
      this.#results.set(entry.row.task_name, list);
    }
    for (const list of this.#results.values()) list.sort((a, b) => a.row.result_id - b.row.result_id);
    this.#nextResultId = Math.max(snapshot.nextResultId, ...snapshot.results.map((r) => r.row.result_id + 1), 1);
  }
}
