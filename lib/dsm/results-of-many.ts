// The results of several tasks in one SYNO.Entry.Request (§6), with "not found" told apart per task.
import { batchOrSingle } from './compound';
import type { DsmConnection } from './connection';
import type { DsmError } from './errors';
import type { KnownTasks } from './known-tasks';
import { METHODS } from './methods';
import { holdsTask, resultsFromWire } from './task-codec';
import { isTaskFailure, notFound } from './task-errors';
import type { TaskResult } from './types';

export async function resultsOfMany(
  connection: DsmConnection,
  known: KnownTasks,
  tasks: readonly string[],
): Promise<Map<string, TaskResult[] | DsmError>> {
  const names = [...new Set(tasks)];
  const out = new Map<string, TaskResult[] | DsmError>();
  const answers = await batchOrSingle(connection, names.map((name) => ({ descriptor: METHODS.resultList, params: { task_name: name } })));
  // A missing task may come back as a 48xx item or as an empty list (§4.4 [I]): check those with one batch of gets.
  const unsure: string[] = [];
  answers.forEach((answer, i) => {
    const name = names[i];
    if (answer.ok) {
      const results = resultsFromWire(answer.data);
      out.set(name, results);
      if (results.length === 0 && !known.has(name)) unsure.push(name);
    } else {
      out.set(name, answer.error);
      if (isTaskFailure(answer.error)) unsure.push(name);
    }
  });
  if (unsure.length === 0) return out;
  const checks = await batchOrSingle(connection, unsure.map((name) => ({ descriptor: METHODS.get, params: { task_name: name } })));
  checks.forEach((check, i) => {
    const name = unsure[i];
    if (check.ok && holdsTask(check.data)) known.remember(name);
    else if (check.ok || isTaskFailure(check.error)) {
      known.forget(name);
      out.set(name, notFound(name));
    }
  });
  return out;
}
