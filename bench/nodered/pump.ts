// Drives messages through a running flow with a fixed number in flight, and counts how each one
// ended: an output (any ok sink) or a Catch (the error sink, by msg.error.code).
import type { BenchFlow } from './flows';
import type { EmbeddedNodeRed } from './embedded';

export interface PumpOutcome {
  sent: number;
  outputs: number;
  caught: number;
  /** Caught messages by error code ("none" when the error had no code). */
  codes: Record<string, number>;
  ms: number;
  /** True when nothing ended for `stallMs` and the pump gave up (a message was lost). */
  stalled: boolean;
}

export interface Pump {
  run(count: number, window: number, message: () => Record<string, unknown>, stallMs?: number): Promise<PumpOutcome>;
}

type Listener = (kind: 'output' | 'caught', code: string) => void;

export function attachPump(red: EmbeddedNodeRed, flow: BenchFlow): Pump {
  let listener: Listener | undefined;
  for (const id of flow.okSinks) {
    red.getNode(id).on('input', (_msg, _send, done) => {
      listener?.('output', '');
      done();
    });
  }
  red.getNode(flow.errorSink).on('input', (msg, _send, done) => {
    const error = msg.error as { code?: unknown } | undefined;
    listener?.('caught', typeof error?.code === 'string' ? error.code : 'none');
    done();
  });
  const source = red.getNode(flow.source);

  return {
    run(count, window, message, stallMs = 30_000) {
      const started = process.hrtime.bigint();
      const outcome: PumpOutcome = { sent: 0, outputs: 0, caught: 0, codes: {}, ms: 0, stalled: false };
      return new Promise((resolve) => {
        let stall: NodeJS.Timeout | undefined;
        const finish = (): void => {
          clearTimeout(stall);
          listener = undefined;
          outcome.ms = Number(process.hrtime.bigint() - started) / 1e6;
          resolve(outcome);
        };
        const armStall = (): void => {
          clearTimeout(stall);
          stall = setTimeout(() => {
            outcome.stalled = true;
            finish();
          }, stallMs);
        };
        const sendNext = (): void => {
          if (outcome.sent >= count) return;
          outcome.sent++;
          source.receive(message());
        };
        listener = (kind, code) => {
          if (kind === 'output') outcome.outputs++;
          else {
            outcome.caught++;
            outcome.codes[code] = (outcome.codes[code] ?? 0) + 1;
          }
          if (outcome.outputs + outcome.caught >= count) finish();
          else {
            armStall();
            sendNext();
          }
        };
        if (count <= 0) return finish();
        armStall();
        for (let i = 0; i < Math.min(window, count); i++) sendNext();
      });
    },
  };
}
