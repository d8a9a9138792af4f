// How each message of a reliability test ended: an output (helper nodes `out`/`out2`, or any extra
// ones named) or a Catch (`caught`). Messages carry a numeric `rid`, so a test can check that every
// message ended exactly once, and count the Catch codes.
import type { NodeMessage } from 'node-red';
import { messagesAt, waitFor } from '../../helpers/node-red';

export interface Outcomes {
  outputs: NodeMessage[];
  caught: NodeMessage[];
  /** Ids that ended, in order (an id twice means a message ended twice). */
  endedIds(): number[];
  /** Catch codes and how often each came ("none" for an error without a code). */
  codes(): Record<string, number>;
  /** Waits until `count` messages ended (outputs + catches). */
  waitForEnded(count: number, timeoutMs?: number): Promise<void>;
}

export function errorOf(msg: NodeMessage): { message?: unknown; code?: unknown } {
  return ((msg as { error?: unknown }).error ?? {}) as { message?: unknown; code?: unknown };
}

export function codeOf(msg: NodeMessage): string {
  const code = errorOf(msg).code;
  return typeof code === 'string' ? code : 'none';
}

/** Call right after loading the flow (it listens on the helper nodes). */
export function trackOutcomes(outputNodes: string[] = ['out', 'out2']): Outcomes {
  const perNode = outputNodes.map((id) => messagesAt(id));
  const caught = messagesAt('caught');
  const outputs: NodeMessage[] = [];
  // messagesAt fills its arrays as messages arrive; `outputs` is a live view over all of them.
  const collect = (): NodeMessage[] => {
    outputs.length = 0;
    for (const list of perNode) outputs.push(...list);
    return outputs;
  };
  const ridOf = (msg: NodeMessage): number => Number((msg as { rid?: unknown }).rid);
  return {
    get outputs() {
      return collect();
    },
    caught,
    endedIds: () => [...collect(), ...caught].map(ridOf),
    codes: () => {
      const counts: Record<string, number> = {};
      for (const msg of caught) counts[codeOf(msg)] = (counts[codeOf(msg)] ?? 0) + 1;
      return counts;
    },
    waitForEnded(count, timeoutMs = 30_000) {
      return waitFor(() => collect().length + caught.length >= count, `${count} messages to end in an output or a Catch`, timeoutMs);
    },
  };
}

/** Every id in 0..count-1 ended exactly once. */
export function endedOnceEach(ids: number[], count: number): { missing: number[]; twice: number[] } {
  const seen = new Map<number, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  const missing: number[] = [];
  for (let id = 0; id < count; id++) if (!seen.has(id)) missing.push(id);
  const twice = [...seen].filter(([, times]) => times > 1).map(([id]) => id);
  return { missing, twice };
}

/** Records uncaught exceptions and unhandled rejections while a test runs ("Node-RED stays up"). */
export function watchProcessFailures(): { failures: unknown[]; stop(): void } {
  const failures: unknown[] = [];
  const onFailure = (error: unknown): void => {
    failures.push(error);
  };
  process.on('uncaughtException', onFailure);
  process.on('unhandledRejection', onFailure);
  return {
    failures,
    stop() {
      process.off('uncaughtException', onFailure);
      process.off('unhandledRejection', onFailure);
    },
  };
}
