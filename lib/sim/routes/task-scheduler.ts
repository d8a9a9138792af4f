// SYNO.Core.TaskScheduler list v1-v3 (§5): the event tasks as `type: "event_script"` entries with
// name, owner, enable, can_run/can_edit/can_delete, next_trigger_time "" and `total`, sorted by
// sort_by/sort_direction and paged by offset/limit (-1 = all). v4 list answers 104 ("list tops out at
// v3"). Event entries carry a numeric id only with the `taskSchedulerEventIds` knob ([I]).
// Not reproduced: scheduled tasks and every other TaskScheduler method (103).
import { optionalInt, optionalString } from './read-params';
import type { ApiRoutes, CallContext } from './route-types';

const BAD = 4800;

function list(ctx: CallContext): unknown {
  const { knobs } = ctx.core.options;
  const offset = Math.max(0, optionalInt(ctx, 'offset', BAD, 0));
  const limit = optionalInt(ctx, 'limit', BAD, -1);
  const sortBy = optionalString(ctx, 'sort_by', BAD, 'name');
  const direction = optionalString(ctx, 'sort_direction', BAD, 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
  let id = 0;
  const tasks = [...ctx.core.state.store.tasks.values()].map((task) => {
    id++;
    const entry: Record<string, unknown> = {
      name: task.task_name,
      type: 'event_script',
      owner: task.owner_name,
      enable: task.enable,
      can_run: true,
      can_edit: true,
      can_delete: true,
      next_trigger_time: '',
      action: `Run: ${task.operation.split('\n')[0]}`,
    };
    if (knobs.taskSchedulerEventIds) entry.id = id;
    return entry;
  });
  const key = ['name', 'owner', 'type', 'action', 'next_trigger_time'].includes(sortBy) ? sortBy : 'name';
  tasks.sort((a, b) => direction * String(a[key]).localeCompare(String(b[key])));
  const page = limit < 0 ? tasks.slice(offset) : tasks.slice(offset, offset + limit);
  return { tasks: page, total: tasks.length, offset };
}

export const taskSchedulerRoutes: ApiRoutes = {
  list: { auth: 'admin', maxVersion: 3, handle: list },
};
