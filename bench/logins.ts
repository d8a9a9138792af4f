// (5) Logins per 10,000 messages through the run node: once with a steady session, once with every
// session expired after each tenth of the messages (so the ideal is one login per expiry + 1).
// Counted by the simulator (its login counter), not by the client.
import { startFlowWorker } from './nodered/worker-client';
import { checkOutcome } from './nodered/measure-flow';
import { runNodeFlow } from './nodered/flows';
import { scaled, type Benchmark, type BenchOptions, type BenchResult } from './report';
import { BENCH_TASK, startBenchSimulator, targetOf } from './sim-setup';

const CHUNKS = 10;

async function loginsFor(count: number, expireBetweenChunks: boolean): Promise<{ logins: number; expiries: number }> {
  const sim = await startBenchSimulator();
  const worker = startFlowWorker();
  try {
    await worker.start(runNodeFlow(targetOf(sim), { task: BENCH_TASK, maxConcurrent: 8 }));
    const chunk = Math.max(1, Math.floor(count / CHUNKS));
    let expiries = 0;
    for (let sent = 0; sent < count; sent += chunk) {
      if (expireBetweenChunks && sent > 0) {
        sim.expireSessions();
        expiries++;
      }
      checkOutcome('run node flow', await worker.pump({ count: Math.min(chunk, count - sent), window: 8, message: {} }));
    }
    return { logins: sim.state.logins.succeeded + sim.state.logins.failed, expiries };
  } finally {
    await worker.close();
    await sim.close();
  }
}

export const loginsPerMessages: Benchmark = {
  name: 'logins',
  title: 'logins per 10,000 messages through the run node',
  async run(opts: BenchOptions): Promise<BenchResult> {
    const count = scaled(10_000, opts, CHUNKS);
    const per10k = (logins: number): number => (logins / count) * 10_000;
    const steady = await loginsFor(count, false);
    const expiring = await loginsFor(count, true);
    return {
      name: this.name,
      title: this.title,
      sizes: { messages: count, expiries: expiring.expiries },
      figures: [
        { label: 'logins, steady session', value: per10k(steady.logins), unit: 'per 10k msgs', note: `${steady.logins} in ${count} messages` },
        {
          label: `logins, sessions expired ${expiring.expiries} times`,
          value: per10k(expiring.logins),
          unit: 'per 10k msgs',
          note: `${expiring.logins} in ${count} messages; ideal ${expiring.expiries + 1}`,
        },
        { label: 'logins per session expiry', value: (expiring.logins - 1) / Math.max(1, expiring.expiries), unit: '', note: 'ideal 1' },
      ],
    };
  },
};
