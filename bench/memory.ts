// (4) Heap growth over many messages through the run node, after forced GC (each flow in its own
// child process started with --expose-gc), per 1000 messages and as a ratio to the baseline flow.
import { ratio } from './measure';
import { measureFlow } from './nodered/measure-flow';
import { baselineFlow, runNodeFlow, type BenchFlow } from './nodered/flows';
import { scaled, type Benchmark, type BenchOptions, type BenchResult } from './report';
import { BENCH_TASK, startBenchSimulator, targetOf } from './sim-setup';

const KIB = 1024;
/**
 * Below this growth (bytes per 1000 messages, 1 MiB over 100,000) a flow counts as flat: GC noise
 * is of that size, so a ratio to a flat (or shrinking) baseline would say nothing.
 */
const FLAT_BYTES_PER_1000 = 10 * KIB;

interface HeapRun {
  growthPer1000: number;
  heapAfter: number;
}

async function heapRun(what: string, flow: BenchFlow, count: number, warmup: number): Promise<HeapRun> {
  const [reply] = await measureFlow(what, flow, { count, warmup, window: 8, heap: true });
  if (reply.heapBefore === undefined || reply.heapAfter === undefined) throw new Error(`${what}: no heap figures`);
  return { growthPer1000: ((reply.heapAfter - reply.heapBefore) / count) * 1000, heapAfter: reply.heapAfter };
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
      const runNode = await heapRun('run node flow', runNodeFlow(target, { task: BENCH_TASK, maxConcurrent: 8 }), count, warmup);
      const baseline = await heapRun('baseline flow', baselineFlow(target, { task: BENCH_TASK }), baselineCount, warmup);
      const flat = (growth: number): boolean => growth < FLAT_BYTES_PER_1000;
      return {
        name: this.name,
        title: this.title,
        sizes: { messages: count, baselineMessages: baselineCount, warmup },
        figures: [
          { label: 'run node growth', value: runNode.growthPer1000 / KIB, unit: 'KiB/1000 msgs', note: flat(runNode.growthPer1000) ? 'flat (< 10 KiB/1000 msgs)' : 'growing' },
          { label: 'baseline growth', value: baseline.growthPer1000 / KIB, unit: 'KiB/1000 msgs', note: flat(baseline.growthPer1000) ? 'flat (< 10 KiB/1000 msgs)' : 'growing' },
          {
            label: 'growth: run node / baseline',
            value: flat(baseline.growthPer1000) ? Number.NaN : ratio(runNode.growthPer1000, baseline.growthPer1000),
            unit: 'x',
            note: flat(baseline.growthPer1000) ? 'baseline flat: no meaningful ratio, compare the two lines above' : '<= 1: grows no faster than the baseline',
          },
          { label: 'heap at the end: run node / baseline', value: ratio(runNode.heapAfter, baseline.heapAfter), unit: 'x', note: 'after forced GC' },
        ],
      };
    } finally {
      await sim.close();
    }
  },
};
