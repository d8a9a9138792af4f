// The simulator every benchmark measures against: faults off, no auto-block, one administrator.
// `run` answers at once but the script starts a day later (never, within a benchmark), so the
// figures measure the flow and the client, not /bin/sh start-up.
import { startSimulator, type SeedTask, type Simulator, type SimulatorOptions } from '../lib/sim';
import type { DsmTarget } from './nodered/flows';

export const BENCH_USER = { name: 'bench', password: 'bench-Pw-0c1d' } as const;
export const BENCH_TASK = 'bench-task';

export async function startBenchSimulator(options: SimulatorOptions & { seedTasks?: SeedTask[] } = {}): Promise<Simulator> {
  return startSimulator({
    host: '127.0.0.1',
    port: 0,
    users: [{ name: BENCH_USER.name, password: BENCH_USER.password, admin: true }],
    autoBlockAttempts: 0,
    runStartDelayMs: 24 * 3600 * 1000,
    logSize: 0,
    seedTasks: [{ name: BENCH_TASK, event: 'bootup', script: 'true' }],
    ...options,
  });
}

export function targetOf(sim: Simulator): DsmTarget {
  return { host: '127.0.0.1', port: sim.port, username: BENCH_USER.name, password: BENCH_USER.password };
}
