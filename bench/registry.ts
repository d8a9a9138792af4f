// Every benchmark, in the order run.ts runs them.
import { clientVsUndici } from './client';
import { flowThroughput } from './flow-throughput';
import { loginsPerMessages } from './logins';
import { memoryGrowth } from './memory';
import type { Benchmark } from './report';
import { watchRequests } from './watch-requests';

export const BENCHMARKS: Benchmark[] = [clientVsUndici, flowThroughput, watchRequests, memoryGrowth, loginsPerMessages];
