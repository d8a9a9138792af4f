// (2) Messages per second through a real Node-RED flow with the run node, against the same job
// built from Node-RED's own function and http request nodes (login once, reuse the sid). Both flows
// run in their own worker process against the same simulator, with the same number in flight.
import { perSecond, ratio } from './measure';
import { measureFlow } from './nodered/measure-flow';
import { baselineFlow, runNodeFlow } from './nodered/flows';
import { scaled, type Benchmark, type BenchOptions, type BenchResult } from './report';
import { BENCH_TASK, startBenchSimulator, targetOf } from './sim-setup';

const IN_FLIGHT = 8;

async function bestRate(what: string, flow: Parameters<typeof measureFlow>[1], count: number, warmup: number): Promise<number> {
  const replies = await measureFlow(what, flow, { count, warmup, window: IN_FLIGHT, rounds: 2 });
  return Math.max(...replies.map((reply) => perSecond(reply.outcome.outputs, reply.outcome.ms)));
}

export const flowThroughput: Benchmark = {
  name: 'flow',
  title: 'messages per second: run node vs core http request + function nodes',
  async run(opts: BenchOptions): Promise<BenchResult> {
    const count = scaled(2000, opts, 10);
    const warmup = scaled(500, opts, 2);
    const sim = await startBenchSimulator();
    try {
      const target = targetOf(sim);
      const runNode = await bestRate('run node flow', runNodeFlow(target, { task: BENCH_TASK, maxConcurrent: IN_FLIGHT }), count, warmup);
      const baseline = await bestRate('baseline flow', baselineFlow(target, { task: BENCH_TASK }), count, warmup);
      return {
        name: this.name,
        title: this.title,
        sizes: { messages: count, warmup, inFlight: IN_FLIGHT, rounds: 2 },
        figures: [
          { label: 'run node', value: runNode, unit: 'msg/s', note: 'best of 2 rounds' },
          { label: 'baseline (http request + function)', value: baseline, unit: 'msg/s', note: 'best of 2 rounds' },
          { label: 'run node / baseline', value: ratio(runNode, baseline), unit: 'x', note: '> 1: the run node is faster' },
        ],
      };
    } finally {
      await sim.close();
    }
  },
};
