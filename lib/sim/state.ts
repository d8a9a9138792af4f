// Everything the simulated NAS knows, in memory: users, sessions, login counters and blocks, device
// and confirm tokens, tasks and results. Optionally loaded from and saved to a state file (tasks,
// results, uids; never sessions). Tests read it for assertions through `Simulator.state`.
import { ConfirmTokens } from './confirm-tokens';
import { DeviceTokens } from './device-tokens';
import { LoginGuard } from './login-guard';
import type { ResolvedOptions } from './options';
import { SessionStore } from './sessions';
import { readStateFile, writeStateFile } from './state-file';
import { TaskStore } from './task-store';
import type { SeedTask, SimResult, SimTask } from './types';
import { ROOT_UID, UserDirectory, type SimUser } from './users';

export class SimState {
  readonly users: UserDirectory;
  readonly sessionStore: SessionStore;
  readonly loginGuard: LoginGuard;
  readonly deviceTokens = new DeviceTokens();
  readonly confirmTokens: ConfirmTokens;
  readonly store: TaskStore;
  /** EventScheduler config_get/config_set (§4.4): where DSM would keep script output files. */
  outputConfig = { enable_output: false, output_path: '' };
  readonly #stateFile: string | undefined;
  #saveTimer: NodeJS.Timeout | undefined;

  constructor(options: ResolvedOptions) {
    const { knobs } = options;
    this.#stateFile = options.stateFile;
    const saved = options.stateFile ? readStateFile(options.stateFile) : undefined;
    this.users = new UserDirectory(options.users, saved?.uids);
    this.sessionStore = new SessionStore({
      ttlMs: knobs.sessionTtlMs,
      singleSessionPerUser: knobs.singleSessionPerUser,
      checkSourceIp: knobs.checkSourceIp,
      afterRebootCode: knobs.afterRebootCode,
    });
    this.loginGuard = new LoginGuard({ attempts: knobs.autoBlockAttempts, windowMs: knobs.autoBlockWindowMs, blockMs: knobs.autoBlockMs });
    this.confirmTokens = new ConfirmTokens(knobs.confirmTokenTtlMs, knobs.confirmTokenReusable);
    this.store = new TaskStore(knobs.resultsPerTask);
    if (saved) this.store.restore(saved.store);
    for (const seed of options.seedTasks) {
      if (!this.store.get(seed.name)) this.store.put(this.taskFromSeed(seed));
    }
    this.store.onChange = () => this.#scheduleSave();
    if (this.#stateFile) this.saveNow();
  }

  /** The tasks by name (live map: read it, change tasks through the API). */
  get tasks(): ReadonlyMap<string, SimTask> {
    return this.store.tasks;
  }

  /** Result rows of a task, newest first. */
  results(task: string): SimResult[] {
    return this.store.results(task);
  }

  get sessions(): ReadonlyMap<string, { account: string; synoToken: string | undefined; createdAt: number; lastUsedAt: number; remoteAddress: string }> {
    return this.sessionStore.sessions;
  }

  get logins(): { succeeded: number; failed: number; attempts: { time: number; ip: string; account: string; code: number }[]; blockedIps: string[] } {
    const guard = this.loginGuard;
    return { succeeded: guard.succeeded, failed: guard.failed, attempts: [...guard.attempts], blockedIps: guard.blockedIps() };
  }

  userList(): SimUser[] {
    return this.users.list();
  }

  taskFromSeed(seed: SeedTask): SimTask {
    const ownerName = seed.owner ?? this.users.list().find((user) => user.admin)?.name ?? 'root';
    const uid = ownerName === 'root' ? ROOT_UID : this.users.byName(ownerName)?.uid;
    if (uid === undefined) throw new TypeError(`seed task "${seed.name}": unknown owner "${ownerName}"`);
    if (typeof seed.script !== 'string') throw new TypeError(`seed task "${seed.name}": script must be a string`);
    const event = seed.event ?? 'bootup';
    if (event !== 'bootup' && event !== 'shutdown') throw new TypeError(`seed task "${seed.name}": event must be bootup or shutdown`);
    return {
      task_name: seed.name,
      event,
      enable: seed.enabled ?? true,
      owner_uid: uid,
      owner_name: ownerName,
      depend_on_task: seed.dependsOn ?? [],
      notify_enable: (seed.notifyEmail ?? '') !== '',
      notify_mail: seed.notifyEmail ?? '',
      notify_if_error: seed.notifyOnlyOnError ?? false,
      operation: seed.script,
      operation_type: 'script',
    };
  }

  #scheduleSave(): void {
    if (!this.#stateFile || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.saveNow();
    }, 50);
  }

  /** Writes the state file now (no-op without one). */
  saveNow(): void {
    if (this.#saveTimer) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = undefined;
    }
    if (!this.#stateFile) return;
    writeStateFile(this.#stateFile, { version: 1, uids: this.users.uids(), store: this.store.snapshot() });
  }
}
