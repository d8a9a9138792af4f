// Waits for the result of a run that has just been started: polls result_list gently until a result
// newer than the run has finished. DSM starts the script asynchronously, on one box 60-100 s after
// `run` (dsm-protocol.md §4.4), so the wait is a poll with a limit, never a single read.
import type { EventScheduler, TaskResult } from '../../lib/dsm';
import { DsmError } from '../../lib/dsm';
import { isFinishedResult } from '../shared/result-records';

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 3000;

/** What was there before the run: the newest result id, whether any result, and when the run was asked for. */
export interface RunMark {
  newestId: number | undefined;
  hadResults: boolean;
  runAt: Date;
}

export function markBeforeRun(results: TaskResult[], now = new Date()): RunMark {
  const ids = results.map((r) => Number(r.result_id)).filter(Number.isFinite);
  return { newestId: ids.length ? Math.max(...ids) : undefined, hadResults: results.length > 0, runAt: now };
}

// DSM writes "YYYY-MM-DD HH:MM:SS" in the NAS's local time (§4.4); read as this host's local time.
function parseDsmTime(value: unknown): number {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value) : null;
  return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime() : NaN;
}

/** A result of this run: a higher result_id than before it, or (without ids) a start at or after it. */
export function isFromRun(record: TaskResult, mark: RunMark): boolean {
  if (!mark.hadResults) return true;
  const id = Number(record.result_id);
  if (Number.isFinite(id) && mark.newestId !== undefined) return id > mark.newestId;
  return parseDsmTime(record.start_time) >= Math.floor(mark.runAt.getTime() / 1000) * 1000;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function waitForResult(
  scheduler: EventScheduler,
  task: string,
  mark: RunMark,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<TaskResult> {
  const deadline = Date.now() + timeoutMs;
  let interval = FIRST_POLL_MS;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new DsmError('WAIT_TIMEOUT', `task "${task}" did not finish within ${Math.round(timeoutMs / 1000)} s; it may still be running (raise "wait at most" or check the task on the NAS)`);
    }
    await sleep(Math.min(interval, left), signal);
    interval = Math.min(MAX_POLL_MS, Math.round(interval * 1.5));
    const finished = (await scheduler.results(task)).filter((r) => isFromRun(r, mark) && isFinishedResult(r));
    // results are newest first: the oldest new one is the one this run made
    if (finished.length > 0) return finished[finished.length - 1];
  }
}
