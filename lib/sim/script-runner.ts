// Runs one task script for real, as DSM's esynoscheduler does: `/bin/sh -c <operation>` in a fresh
// scratch folder (under os.tmpdir(), removed afterwards) with a time limit. A script that exceeds it
// has its whole process group killed and ends `by_signal`. Output (stdout and stderr interleaved) is
// kept up to a byte limit. Not reproduced: running as the owner's uid (everything runs as the
// simulator's user), DSM's script.log files and e-mail notifications.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScriptOutcome {
  pid: number;
  startedAt: Date;
  stoppedAt: Date;
  exitCode: number;
  bySignal: boolean;
  output: string;
}

export interface ScriptRunOptions {
  script: string;
  timeoutMs: number;
  outputLimitBytes: number;
  env?: Record<string, string>;
}

export class ScriptRunner {
  readonly #running = new Set<ChildProcess>();

  get runningCount(): number {
    return this.#running.size;
  }

  async run(options: ScriptRunOptions): Promise<ScriptOutcome> {
    const dir = await mkdtemp(join(tmpdir(), 'dsm-sim-run-'));
    try {
      return await this.#spawn(dir, options);
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  #spawn(dir: string, options: ScriptRunOptions): Promise<ScriptOutcome> {
    return new Promise((resolve) => {
      const startedAt = new Date();
      const child = spawn('/bin/sh', ['-c', options.script], {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C', ...options.env },
      });
      this.#running.add(child);
      const chunks: Buffer[] = [];
      let kept = 0;
      const collect = (chunk: Buffer): void => {
        if (kept >= options.outputLimitBytes) return;
        const part = chunk.subarray(0, options.outputLimitBytes - kept);
        chunks.push(part);
        kept += part.length;
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const timer = setTimeout(() => killGroup(child), options.timeoutMs);
      let settled = false;
      const finish = (exitCode: number, bySignal: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#running.delete(child);
        resolve({ pid: child.pid ?? 0, startedAt, stoppedAt: new Date(), exitCode, bySignal, output: Buffer.concat(chunks).toString('utf8') });
      };
      child.on('error', (error) => {
        collect(Buffer.from(`/bin/sh: ${error.message}\n`));
        finish(127, false);
      });
      child.on('close', (code, signal) => {
        if (signal) finish(constants.signals[signal] ?? 9, true);
        else finish(code ?? 0, false);
      });
    });
  }

  /** Kills every running script (used on close). */
  killAll(): void {
    for (const child of this.#running) killGroup(child);
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
