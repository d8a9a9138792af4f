// (4) Heap growth over many messages through the run node, after forced GC (each flow in its own
// child process started with --expose-gc), per 1000 messages and as a ratio to the baseline flow.
import { ratio } from './measure';
import { measureFlow } from './nodered/measure-flow';
import { baselineFlow, runNodeFlow, type BenchFlow } from './nodered/flows';
import { scaled, type Benchmark, type BenchOptions, type BenchResult } from './report';
import { BENCH_TASK, startBenchSimulator, targetOf } from './sim-setup';

const KIB = 1024;
/** Below this growth (bytes per 1000 messages) a flow counts as flat and a ratio says nothing. */
const FLAT_BYTES_PER_1000 = 256;

async function growthPer1000(what: string, flow: BenchFlow, count: number, warmup: number): Promise<number> {
  const [reply] = await measureFlow(what, flow, { count, warmup, window: 8, heap: true });
  if (reply.heapBefore === undefined || reply.heapAfter === undefined) throw new Error(`${what}: no heap figures`);
  return ((reply.heapAfter - reply.heapBefore) / count) * 1000;
}

export const memoryGrowth: Benchmark = {
  name: 'memory',
  title: 'heap growth through the run node vs the baseline flow',
  async run(opts: BenchOptions): Promise<BenchResult> {
    const count = scaled(100_000, opts, 20);
    // Growth is per 1000 messages, so the baseline needs fewer to show its slope (and the run stays short).
    const baselineCount = scaled(20_000, opts, 20);
    const warmup = scaled(2000, opts, 5);
    const sim = await startBenchSimulator();
    try {
      const target = targetOf(sim);
      const runNode = await growthPer1000('run node flow', runNodeFlow(target, { task: BENCH_TASK, maxConcurrent: 8 }), count, warmup);
      const baseline = await growthPer1000('baseline flow', baselineFlow(target, { task: BENCH_TASK }), baselineCount, warmup);
      const flat = baseline < FLAT_BYTES_PER_1000;
      return {
        name: this.name,
        title: this.title,
        sizes: { messages: count, baselineMessages: baselineCount, warmup },
        figures: [
          { label: 'run node growth', value: runNode / KIB, unit: 'KiB/1000 msgs' },
          { label: 'baseline growth', value: baseline / KIB, unit: 'KiB/1000 msgs' },
          flat
            ? { label: 'run node - baseline', value: (runNode - baseline) / KIB, unit: 'KiB/1000 msgs', note: 'baseline flat, so a difference instead of a ratio' }
            : { label: 'run node / baseline', value: ratio(runNode, baseline), unit: 'x', note: '<= 1: grows no faster than the baseline' },
        ],
      };
    } finally {
      await sim.close();
    }
  },
};
