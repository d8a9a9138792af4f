// The watch node's flow properties (design.md, "Node properties") read with defaults that keep
// older or hand-written flows working: tasks as an array (a comma/newline list is accepted too).
import { numberOr } from '../shared/inputs';
import { MAX_TIMER_MS } from './poll-loop';

export interface WatchConfigProps {
  tasks?: unknown;
  interval?: unknown;
  includeOutput?: unknown;
  emitExisting?: unknown;
}

export interface WatchSettings {
  /** Watched task names; empty = every event task. */
  tasks: string[];
  intervalMs: number;
  includeOutput: boolean;
  emitExisting: boolean;
}

export const DEFAULT_INTERVAL_S = 60;
/** Shorter intervals would only load the NAS: one batch request per second is the floor. */
export const MIN_INTERVAL_S = 1;
/** setTimeout's limit (about 24.8 days): a longer interval would fire after 1 ms, so it is cut to this. */
export const MAX_INTERVAL_MS = MAX_TIMER_MS;

function taskNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\n]/) : [];
  const names = list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
  return [...new Set(names)];
}

export function readWatchConfig(config: WatchConfigProps): WatchSettings {
  // numberOr turns NaN and ±Infinity into the default; a huge finite value is cut to the timer limit.
  const interval = Math.max(MIN_INTERVAL_S, numberOr(config.interval, DEFAULT_INTERVAL_S));
  return {
    tasks: taskNames(config.tasks),
    intervalMs: Math.min(MAX_INTERVAL_MS, Math.round(interval * 1000)),
    includeOutput: config.includeOutput === true || config.includeOutput === 'true',
    emitExisting: config.emitExisting === true || config.emitExisting === 'true',
  };
}
