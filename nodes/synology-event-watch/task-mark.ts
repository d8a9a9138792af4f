// The high-water mark of one watched task and the pure step that finds its new results.
// A mark is `seen`: every result with an id up to it has been handled; plus `done`: ids above `seen`
// already emitted while an older run was still going (a result is emitted only once it has ended).
import { isFinishedResult } from '../shared/result-records';

/** The fields of a DSM result record (dsm-protocol.md §4.4) the watch logic reads. */
export interface ResultRecord {
  result_id: number;
  stop_time?: string | null;
  exit_info?: { exit_code: number; exit_type: string } | null;
}

export interface TaskMark {
  seen: number;
  done?: number[];
}

export interface MarkStep<R extends ResultRecord> {
  /** Results that ended and were not handled before, oldest first. */
  fresh: R[];
  mark: TaskMark;
}

/**
 * Compares a task's results with its mark. `baseline` (first start without a stored mark) counts
 * every ended result as handled, so nothing old is replayed; runs still going are reported later.
 */
export function stepMark<R extends ResultRecord>(previous: TaskMark | undefined, results: readonly R[], baseline: boolean): MarkStep<R> {
  const seen = previous?.seen ?? 0;
  const done = new Set(previous?.done ?? []);
  const newer = results
    .filter((r) => Number(r.result_id) > seen)
    .sort((a, b) => Number(a.result_id) - Number(b.result_id));
  const fresh: R[] = [];
  for (const result of newer) {
    const id = Number(result.result_id);
    if (!isFinishedResult(result) || done.has(id)) continue;
    done.add(id);
    if (!baseline) fresh.push(result);
  }
  let nextSeen = seen;
  for (const result of newer) {
    if (!isFinishedResult(result)) break;
    nextSeen = Number(result.result_id);
  }
  const rest = [...done].filter((id) => id > nextSeen).sort((a, b) => a - b);
  return { fresh, mark: rest.length > 0 ? { seen: nextSeen, done: rest } : { seen: nextSeen } };
}

export function sameMark(a: TaskMark | undefined, b: TaskMark): boolean {
  if (!a || a.seen !== b.seen) return false;
  return (a.done ?? []).join(',') === (b.done ?? []).join(',');
}
