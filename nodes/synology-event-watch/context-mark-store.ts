// The watch node's marks in its node context, through the callback API so persistent stores
// (localfilesystem) work: with one, a Node-RED restart neither repeats nor skips a result.
// In the context they are a plain JSON object `{ [task name]: { seen, done? } }` (the format stored
// since the first version); task names such as `__proto__` or `constructor` are own properties of it,
// written with Object.fromEntries and read with own-property checks only.
import type { Node } from 'node-red';
import type { MarkStore, Marks } from './result-watcher';
import type { TaskMark } from './task-mark';

const KEY = 'marks';

/** The stored form of one mark, or undefined when `value` is not one. */
function markFrom(value: unknown): TaskMark | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const seen: unknown = Object.prototype.hasOwnProperty.call(value, 'seen') ? (value as { seen: unknown }).seen : undefined;
  if (typeof seen !== 'number' || !Number.isFinite(seen)) return undefined;
  const done: unknown = Object.prototype.hasOwnProperty.call(value, 'done') ? (value as { done: unknown }).done : undefined;
  if (done === undefined) return { seen };
  if (!Array.isArray(done) || !done.every((id): id is number => typeof id === 'number' && Number.isFinite(id))) return undefined;
  return done.length > 0 ? { seen, done: [...done] } : { seen };
}

/**
 * The marks in a stored value: its own enumerable properties that hold a mark (an inherited name
 * such as `constructor` is not a mark). Anything that is not an object holding marks: undefined.
 */
export function marksFromStored(value: unknown): Map<string, TaskMark> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const marks = new Map<string, TaskMark>();
  for (const [name, stored] of Object.entries(value)) {
    const mark = markFrom(stored);
    if (mark === undefined) return undefined;
    marks.set(name, mark);
  }
  return marks;
}

/** The JSON-able object stored in the context (own properties even for `__proto__`). */
export function marksToStored(marks: Marks): Record<string, TaskMark> {
  return Object.fromEntries([...marks].map(([name, mark]) => [name, mark.done && mark.done.length > 0 ? { seen: mark.seen, done: [...mark.done] } : { seen: mark.seen }]));
}

export function contextMarkStore(node: Node): MarkStore {
  const context = node.context();
  return {
    load: () =>
      new Promise((resolve, reject) => {
        context.get(KEY, (err: Error | null | undefined, value: unknown) => (err ? reject(err) : resolve(marksFromStored(value))));
      }),
    save: (marks: Marks) =>
      new Promise((resolve, reject) => {
        context.set(KEY, marksToStored(marks), (err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}
