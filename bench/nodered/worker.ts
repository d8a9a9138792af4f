// Child-process entry point: hosts one embedded Node-RED (the runtime is a singleton, and a child
// gives the memory benchmark a heap of its own and --expose-gc). The parent sends jobs over IPC
// (see worker-client.ts) and gets one reply per job.
import { heapAfterGc } from '../measure';
import { startEmbeddedNodeRed, type EmbeddedNodeRed } from './embedded';
import type { BenchFlow } from './flows';
import { attachPump, type Pump, type PumpOutcome } from './pump';

export type WorkerJob =
  | { kind: 'start'; flow: BenchFlow }
  | { kind: 'pump'; count: number; window: number; message: Record<string, unknown>; heap?: boolean; warmup?: number; stallMs?: number }
  | { kind: 'stop' };

export interface PumpReply {
  outcome: PumpOutcome;
  warmup?: PumpOutcome;
  heapBefore?: number;
  heapAfter?: number;
}

export type WorkerReply = { id: number; ok: true; result?: PumpReply } | { id: number; ok: false; error: string };

let red: EmbeddedNodeRed | undefined;
let flow: BenchFlow | undefined;
let pump: Pump | undefined;

async function prime(running: EmbeddedNodeRed, primed: NonNullable<BenchFlow['prime']>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the flow's ${primed.source} step did not finish`)), 30_000);
    running.getNode(primed.sink).on('input', (_msg, _send, done) => {
      clearTimeout(timer);
      done();
      resolve();
    });
    running.getNode(primed.source).receive({});
  });
}

async function handle(job: WorkerJob): Promise<PumpReply | undefined> {
  switch (job.kind) {
    case 'start': {
      flow = job.flow;
      Object.assign(process.env, flow.env);
      red = await startEmbeddedNodeRed({
        flows: flow.flows,
        credentials: flow.credentials,
        waitFor: [flow.source, ...flow.okSinks, flow.errorSink, ...(flow.prime ? [flow.prime.source] : [])],
      });
      if (flow.prime) await prime(red, flow.prime);
      pump = attachPump(red, flow);
      return undefined;
    }
    case 'pump': {
      if (!pump) throw new Error('pump before start');
      const message = (): Record<string, unknown> => ({ ...job.message });
      const warmup = job.warmup ? await pump.run(job.warmup, job.window, message, job.stallMs) : undefined;
      const heapBefore = job.heap ? heapAfterGc() : undefined;
      const outcome = await pump.run(job.count, job.window, message, job.stallMs);
      const heapAfter = job.heap ? heapAfterGc() : undefined;
      return { outcome, warmup, heapBefore, heapAfter };
    }
    case 'stop': {
      await red?.stop();
      red = undefined;
      return undefined;
    }
  }
}

function reply(message: WorkerReply, exitAfter: boolean): void {
  // After "stop" the child exits by itself: Node-RED may leave timers behind that keep it alive.
  process.send?.(message, () => {
    if (exitAfter) process.exit(0);
  });
}

// The parent went away (it failed or was killed): nothing will ask for "stop", so leave now.
process.on('disconnect', () => process.exit(1));

process.on('message', (raw: { id: number; job: WorkerJob }) => {
  const exitAfter = raw.job.kind === 'stop';
  handle(raw.job).then(
    (result) => reply({ id: raw.id, ok: true, result }, exitAfter),
    (error: unknown) => reply({ id: raw.id, ok: false, error: error instanceof Error ? error.message : String(error) }, exitAfter),
  );
});
