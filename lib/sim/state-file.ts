// Keeps the simulator's tasks, results and users' uids in a JSON file between runs (so the demo keeps
// its tasks). Sessions are not kept: after a restart every sid answers 119, as after a DSM reboot.
// Writes go to a temp file first and are renamed, so a crash never leaves half a file.
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import type { TaskStoreSnapshot } from './task-store';

export interface StateFileContent {
  version: 1;
  uids: Record<string, number>;
  store: TaskStoreSnapshot;
}

export function readStateFile(file: string): StateFileContent | undefined {
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!parsed || typeof parsed !== 'object') throw new Error(`state file ${file} is not a JSON object`);
  const content = parsed as Partial<StateFileContent>;
  if (content.version !== 1 || !content.store || !Array.isArray(content.store.tasks) || !Array.isArray(content.store.results)) {
    throw new Error(`state file ${file} has an unknown format`);
  }
  return { version: 1, uids: content.uids ?? {}, store: content.store };
}

export function writeStateFile(file: string, content: StateFileContent): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(content, null, 1));
  renameSync(temp, file);
}
