// The watch node's marks in its node context, through the callback API so persistent stores
// (localfilesystem) work: with one, a Node-RED restart neither repeats nor skips a result.
import type { Node } from 'node-red';
import type { MarkStore, Marks } from './result-watcher';

const KEY = 'marks';

function isMarks(value: unknown): value is Marks {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((m) => typeof m === 'object' && m !== null && typeof (m as { seen?: unknown }).seen === 'number');
}

export function contextMarkStore(node: Node): MarkStore {
  const context = node.context();
  return {
    load: () =>
      new Promise((resolve, reject) => {
        context.get(KEY, (err: Error | null | undefined, value: unknown) => (err ? reject(err) : resolve(isMarks(value) ? value : undefined)));
      }),
    save: (marks: Marks) =>
      new Promise((resolve, reject) => {
        context.set(KEY, marks, (err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}
