// "The task does not exist", and how DSM may say it.
import { DsmError } from './errors';
import { API } from './methods';

export function notFound(name: string): DsmError {
  return new DsmError(
    'TASK_NOT_FOUND',
    `DSM has no event task named "${name}"; check the name (names are case-sensitive) in Control Panel > Task Scheduler.`,
    { api: API.eventScheduler },
  );
}

// DSM's answer for a missing task is [I] (§4.4): one of the scheduler's 48xx codes, or an empty `get`.
export function isTaskFailure(err: unknown): boolean {
  return err instanceof DsmError && err.dsmCode !== undefined && err.dsmCode >= 4800 && err.dsmCode <= 4804;
}
