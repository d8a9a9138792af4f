// The names of the event tasks, from SYNO.Core.TaskScheduler list (dsm-protocol.md §5).
import type { DsmConnection } from './connection';
import { METHODS } from './methods';

const PAGE = 200;

/** Every task of type event_script, paged until `total`. */
export async function listEventTaskNames(connection: DsmConnection): Promise<string[]> {
  const names: string[] = [];
  for (let offset = 0; ; ) {
    const data = (await connection.call(METHODS.taskList, { sort_by: 'name', sort_direction: 'ASC', offset, limit: PAGE })) as
      | { tasks?: unknown; total?: unknown }
      | undefined;
    const tasks = Array.isArray(data?.tasks) ? (data.tasks as Record<string, unknown>[]) : [];
    for (const task of tasks) {
      if (task?.type === 'event_script' && typeof task.name === 'string' && task.name !== '') names.push(task.name);
    }
    const total = Number(data?.total);
    // DSM may cap a page below `limit`: go on from what came back.
    offset += tasks.length;
    if (tasks.length === 0 || !Number.isFinite(total) || offset >= total) break;
  }
  return names;
}
