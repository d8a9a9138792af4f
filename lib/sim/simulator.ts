// The Simulator handle returned by startSimulator: wires the state, the task runner, the faults, the
// request log and the listening server together, and implements reboot (§ design.md: shutdown tasks,
// sessions dropped, connections refused for downMs, listening again on the same port, boot-up tasks),
// expireSessions, runTaskNow and close.
import { selfSignedCertificate, fingerprintOf } from './certificate';
import { handleControl } from './control';
import { dispatch } from './dispatcher';
import { Faults } from './faults';
import { resolveOptions, type ResolvedOptions } from './options';
import { RequestLog } from './request-log';
import type { SimCore } from './routes/route-types';
import { ScriptRunner } from './script-runner';
import { SimServer } from './server';
import { SimState } from './state';
import { TaskRunner } from './task-runner';
import type { SimResult, SimulatorOptions, TriggerEvent } from './types';
import { handleWebApi } from './webapi';

export interface RebootOptions {
  /** How long connections are refused, in ms (default 2000). */
  downMs?: number;
  /** Resolve only when the boot-up tasks have finished (default false: once listening again). */
  waitForBootTasks?: boolean;
}

export class Simulator {
  readonly host: string;
  readonly log: RequestLog;
  readonly faults: Faults;
  readonly state: SimState;
  readonly fingerprint: string | undefined;
  readonly #options: ResolvedOptions;
  readonly #runner: TaskRunner;
  readonly #server: SimServer;
  #closed = false;
  #rebooting: Promise<void> | undefined;
  #endDownTime: (() => void) | undefined;

  private constructor(options: ResolvedOptions, tls: { cert: string; key: string } | undefined) {
    this.#options = options;
    this.host = options.host;
    this.log = new RequestLog(options.knobs.logSize);
    this.faults = new Faults();
    this.state = new SimState(options);
    const { knobs } = options;
    this.#runner = new TaskRunner(this.state.store, new ScriptRunner(), {
      timeoutMs: knobs.scriptTimeoutMs,
      outputLimitBytes: knobs.outputLimitBytes,
      exitTypeNormal: knobs.exitTypeNormal,
    });
    const core: SimCore = {
      state: this.state,
      options,
      runner: this.#runner,
      faults: this.faults,
      dispatch: (call) => dispatch(core, call),
    };
    this.fingerprint = tls ? fingerprintOf(tls.cert) : undefined;
    this.#server = new SimServer({ host: options.host, port: options.port, tls }, async (req, res, url) => {
      if (url.pathname.startsWith('/sim/') && this.#options.controlEndpoint) {
        await handleControl({ core, log: this.log, reboot: (o) => this.reboot(o), expireSessions: () => this.expireSessions(), runTaskNow: (n, t) => this.runTaskNow(n, t) }, req, res, url);
      } else {
        await handleWebApi({ core, log: this.log }, req, res, url);
      }
    });
  }

  static async start(input: SimulatorOptions = {}): Promise<Simulator> {
    const options = resolveOptions(input);
    const tls = options.https ? options.tls ?? (await selfSignedCertificate()) : undefined;
    const simulator = new Simulator(options, tls);
    await simulator.#server.listen();
    return simulator;
  }

  get port(): number {
    return this.#server.port;
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.#options.https ? 'https' : 'http'}://${host}:${this.port}`;
  }

  get profile(): string {
    return this.#options.profile;
  }

  /** Every session expires now: their sids answer 119. */
  expireSessions(): void {
    this.state.sessionStore.expireAll();
  }

  /** Runs a task (dependencies first) now and resolves with its result row once it finished. */
  runTaskNow(name: string, trigger: TriggerEvent = 'on_demand'): Promise<SimResult | undefined> {
    return this.#runner.runWithDependencies(name, trigger);
  }

  /** Waits until every started script run has finished. */
  idle(): Promise<void> {
    return this.#runner.idle();
  }

  reboot(options: RebootOptions = {}): Promise<void> {
    this.#rebooting ??= this.#reboot(options).finally(() => {
      this.#rebooting = undefined;
    });
    return this.#rebooting;
  }

  async #reboot(options: RebootOptions): Promise<void> {
    const downMs = options.downMs ?? 2000;
    await this.#runner.fireEvent('shutdown');
    this.state.sessionStore.dropAllForReboot();
    await this.#server.pause();
    if (this.#closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, downMs);
      this.#endDownTime = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#endDownTime = undefined;
    if (this.#closed) return;
    await this.#server.listen();
    const boot = this.#runner.fireEvent('bootup');
    if (options.waitForBootTasks) await boot;
    else boot.catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#endDownTime?.();
    this.#runner.stop();
    await this.#server.pause();
    await this.#runner.idle();
    this.state.saveNow();
  }
}
