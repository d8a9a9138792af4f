// One flow in its own worker process: start it, pump messages (after a warm-up), stop it. Fails
// when a message is lost or ends in a Catch, because then the figure would not mean anything.
import type { BenchFlow } from './flows';
import type { PumpReply } from './worker';
import { startFlowWorker } from './worker-client';

export interface FlowRun {
  count: number;
  window: number;
  warmup: number;
  /** Measure heap after forced GC before and after (the child gets --expose-gc). */
  heap?: boolean;
  /** Pump this many times after the warm-up (each a separate measurement). */
  rounds?: number;
  message?: Record<string, unknown>;
}

export function checkOutcome(what: string, reply: PumpReply): void {
  const { outcome } = reply;
  if (outcome.stalled) throw new Error(`${what}: messages stopped arriving after ${outcome.outputs + outcome.caught} of ${outcome.sent}`);
  if (outcome.caught > 0) throw new Error(`${what}: ${outcome.caught} messages ended in a Catch: ${JSON.stringify(outcome.codes)}`);
}

export async function measureFlow(what: string, flow: BenchFlow, run: FlowRun): Promise<PumpReply[]> {
  const worker = startFlowWorker({ exposeGc: run.heap === true });
  try {
    await worker.start(flow);
    const replies: PumpReply[] = [];
    for (let round = 0; round < (run.rounds ?? 1); round++) {
      const reply = await worker.pump({
        count: run.count,
        window: run.window,
        message: run.message ?? {},
        heap: run.heap,
        warmup: round === 0 ? run.warmup : 0,
      });
      checkOutcome(what, reply);
      replies.push(reply);
    }
    return replies;
  } finally {
    await worker.close();
  }
}
