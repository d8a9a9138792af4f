// (3) HTTP requests per watch poll with 50 tasks: the watch node (its results for every task in one
// SYNO.Entry.Request) against unbatched polling (one result_list per task, through the client).
// Counted from the simulator's request log, so it is what reached the NAS.
import { DsmConnection, METHODS } from '../lib/dsm';
import type { Simulator } from '../lib/sim';
import { checkOutcome } from './nodered/measure-flow';
import { watchNodeFlow } from './nodered/flows';
import { startFlowWorker, type FlowWorker } from './nodered/worker-client';
import { ratio } from './measure';
import { scaled, type Benchmark, type BenchOptions, type BenchResult } from './report';
import { BENCH_USER, startBenchSimulator, targetOf } from './sim-setup';

const TASKS = 50;

function taskNames(): string[] {
  return Array.from({ length: TASKS }, (_, i) => `watch-${String(i + 1).padStart(2, '0')}`);
}

/** Requests the simulator received while `action` ran. */
async function requestsDuring(sim: Simulator, action: () => Promise<void>): Promise<number> {
  const before = sim.log.entries().length;
  await action();
  return sim.log.entries().length - before;
}

async function pollOnce(worker: FlowWorker): Promise<void> {
  checkOutcome('watch node poll', await worker.pump({ count: 1, window: 1, message: {} }));
}

async function watchNodeRequests(sim: Simulator, tasks: string[], polls: number): Promise<{ quiet: number; withResult: number }> {
  const worker = startFlowWorker();
  try {
    await worker.start(watchNodeFlow(targetOf(sim), { tasks }));
    await pollOnce(worker); // after the node's own first poll: marks set, logged in
    let quiet = 0;
    let withResult = 0;
    for (let i = 0; i < polls; i++) {
      quiet += await requestsDuring(sim, () => pollOnce(worker));
      await sim.runTaskNow(tasks[i % tasks.length]);
      withResult += await requestsDuring(sim, () => pollOnce(worker));
    }
    return { quiet: quiet / polls, withResult: withResult / polls };
  } finally {
    await worker.close();
  }
}

async function unbatchedRequests(sim: Simulator, tasks: string[], polls: number): Promise<number> {
  const connection = new DsmConnection({
    host: '127.0.0.1', port: sim.port, https: false, tls: { mode: 'verify' }, timeoutMs: 30_000, maxConcurrent: 4,
    sessionName: 'bench', username: BENCH_USER.name, password: BENCH_USER.password,
  });
  // One result_list per task and nothing else (EventScheduler.results also checks that the task exists).
  const resultList = (task: string): Promise<unknown> => connection.call(METHODS.resultList, { task_name: task });
  try {
    await resultList(tasks[0]); // log in and discover first, as the watch node did before counting
    let total = 0;
    for (let i = 0; i < polls; i++) {
      total += await requestsDuring(sim, async () => {
        for (const task of tasks) await resultList(task);
      });
    }
    return total / polls;
  } finally {
    await connection.close();
  }
}

export const watchRequests: Benchmark = {
  name: 'watch',
  title: `HTTP requests per watch poll with ${TASKS} tasks: batched vs unbatched`,
  async run(opts: BenchOptions): Promise<BenchResult> {
    const polls = scaled(5, opts, 1);
    const tasks = taskNames();
    const sim = await startBenchSimulator({
      runStartDelayMs: 0,
      logSize: 1_000_000,
      seedTasks: tasks.map((name) => ({ name, event: 'bootup' as const, script: 'true' })),
    });
    try {
      const batched = await watchNodeRequests(sim, tasks, polls);
      const unbatched = await unbatchedRequests(sim, tasks, polls);
      return {
        name: this.name,
        title: this.title,
        sizes: { tasks: TASKS, polls },
        figures: [
          { label: 'watch node, no new result', value: batched.quiet, unit: 'requests/poll' },
          { label: 'watch node, one new result', value: batched.withResult, unit: 'requests/poll' },
          { label: 'unbatched (result_list per task)', value: unbatched, unit: 'requests/poll' },
          { label: 'unbatched / watch node', value: ratio(unbatched, batched.withResult), unit: 'x', note: 'requests saved per poll' },
        ],
      };
    } finally {
      await sim.close();
    }
  },
};
