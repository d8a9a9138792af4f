// Parent side of worker.ts: forks it, sends jobs, matches replies, and makes sure the child is gone
// when the benchmark ends (also when it fails).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BenchFlow } from './flows';
import type { PumpReply, WorkerJob, WorkerReply } from './worker';

export interface FlowWorker {
  start(flow: BenchFlow): Promise<void>;
  pump(job: Omit<Extract<WorkerJob, { kind: 'pump' }>, 'kind'>): Promise<PumpReply>;
  close(): Promise<void>;
}

export function startFlowWorker(options: { exposeGc?: boolean } = {}): FlowWorker {
  const child: ChildProcess = fork(join(__dirname, 'worker.js'), [], {
    execArgv: options.exposeGc ? ['--expose-gc'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  let exited = false;
  child.on('message', (reply: WorkerReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    waiter?.resolve(reply);
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`the benchmark worker exited (${signal ?? code})`));
    pending.clear();
  });

  const call = async (job: WorkerJob): Promise<PumpReply | undefined> => {
    if (exited) throw new Error('the benchmark worker is gone');
    const id = nextId++;
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ id, job });
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  };

  return {
    async start(flow) {
      await call({ kind: 'start', flow });
    },
    async pump(job) {
      const result = await call({ kind: 'pump', ...job });
      if (!result) throw new Error('the worker sent no pump result');
      return result;
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await Promise.race([call({ kind: 'stop' }), new Promise((resolve) => setTimeout(resolve, 20_000))]);
      } catch {
        // the child died on its own; the exit wait below still applies
      }
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(killTimer);
    },
  };
}
