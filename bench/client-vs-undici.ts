// The DSM client against bare undici calls on a fixed URL with a pre-logged-in sid: the same
// `result_list` and `run` calls, the same concurrency, measured in one run against the simulator
// (faults off). Prints ops/s, the client/bare ratios (target: >= 0.85) and the client's logins (1).
import { Pool } from 'undici';
import { startSimulator } from '../lib/sim';
import { DsmConnection, EventScheduler } from '../lib/dsm';

export interface ClientBenchOptions {
  /** Scales the number of calls (0 < scale <= 1; default 1). */
  scale?: number;
  /** Calls in flight at once, for both sides (default 4, the client's default maxConcurrent). */
  concurrency?: number;
  /** Rounds; each is four alternating client/bare slices of the calls (default 5). */
  rounds?: number;
}

interface Figure {
  label: string;
  value: number;
  unit: string;
  note?: string;
}

const USER = 'bench';
const PASSWORD = 'bench pass #1';
const TASK = 'bench task';

interface Slice {
  seconds: number;
  /** CPU time of this process (client and simulator alike), in microseconds. */
  cpuMicros: number;
}

async function timed(calls: number, concurrency: number, call: () => Promise<unknown>): Promise<Slice> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await opsPerSecond(calls, concurrency, call);
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuMicros: used.user + used.system };
}

async function opsPerSecond(calls: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next++;
        await call();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return calls / seconds;
}

interface Comparison {
  client: number;
  bare: number;
  /** CPU microseconds per call, this process (the simulator's share is the same on both sides). */
  clientCpu: number;
  bareCpu: number;
}

/**
 * Client and bare calls in many small alternating slices (order flipped each slice), so load from
 * other processes on a busy machine falls on both sides alike; calls/s and CPU per call per side.
 */
async function compare(
  calls: number,
  concurrency: number,
  rounds: number,
  client: () => Promise<unknown>,
  bare: () => Promise<unknown>,
): Promise<Comparison> {
  const slices = rounds * 4;
  const perSlice = Math.max(concurrency, Math.round(calls / slices));
  const total = { client: { seconds: 0, cpuMicros: 0 }, bare: { seconds: 0, cpuMicros: 0 } };
  for (let slice = 0; slice < slices; slice++) {
    for (const side of slice % 2 === 0 ? (['client', 'bare'] as const) : (['bare', 'client'] as const)) {
      const result = await timed(perSlice, concurrency, side === 'client' ? client : bare);
      total[side].seconds += result.seconds;
      total[side].cpuMicros += result.cpuMicros;
    }
  }
  const n = perSlice * slices;
  return {
    client: n / total.client.seconds,
    bare: n / total.bare.seconds,
    clientCpu: total.client.cpuMicros / n,
    bareCpu: total.bare.cpuMicros / n,
  };
}

function checkEnvelope(text: string): void {
  const parsed = JSON.parse(text) as { success?: boolean };
  if (parsed.success !== true) throw new Error(`bare call failed: ${text.slice(0, 80)}`);
}

export async function benchClientVsUndici(opts: ClientBenchOptions = {}): Promise<{ figures: Figure[]; sizes: Record<string, number> }> {
  const scale = opts.scale && opts.scale > 0 ? Math.min(opts.scale, 1) : 1;
  const concurrency = opts.concurrency ?? 4;
  const rounds = opts.rounds ?? 5;
  const resultCalls = Math.max(20, Math.round(2000 * scale));
  const runCalls = Math.max(10, Math.round(300 * scale));
  const sim = await startSimulator({
    users: [{ name: USER, password: PASSWORD, admin: true }],
    seedTasks: [{ name: TASK, script: 'true', owner: USER }],
    resultsPerTask: 10,
    logSize: 0,
    // The scripts start after the measurement (the simulator drops them on close): forking /bin/sh
    // for each run would cost far more than the HTTP call and land on whichever side runs next.
    runStartDelayMs: 600_000,
  });
  // Ten finished results, so result_list answers like a task that has run a while.
  for (let i = 0; i < 10; i++) await sim.runTaskNow(TASK);
  const connection = new DsmConnection({ host: '127.0.0.1', port: sim.port, https: false, username: USER, password: PASSWORD });
  const scheduler = new EventScheduler(connection);
  const pool = new Pool(sim.url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    // Bare side: one login by hand, then fixed request texts.
    const loginBody = `api=SYNO.API.Auth&version=7&method=login&account=${USER}&passwd=${encodeURIComponent(PASSWORD)}&format=sid&enable_syno_token=yes`;
    const login = await pool.request({ method: 'POST', path: '/webapi/entry.cgi', body: loginBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const { data } = (await login.body.json()) as { data: { sid: string; synotoken: string } };
    const headers = { 'x-syno-token': data.synotoken, cookie: `id=${data.sid}` };
    const postHeaders = { ...headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const task = encodeURIComponent(JSON.stringify(TASK));
    const sid = encodeURIComponent(data.sid);
    const resultsPath = `/webapi/entry.cgi?api=SYNO.Core.EventScheduler&version=1&method=result_list&task_name=${task}&_sid=${sid}`;
    const runBody = `api=SYNO.Core.EventScheduler&version=1&method=run&task_name=${task}&_sid=${sid}`;
    const bareResults = async (): Promise<void> => {
      const answer = await pool.request({ method: 'GET', path: resultsPath, headers });
      checkEnvelope(await answer.body.text());
    };
    const bareRun = async (): Promise<void> => {
      const answer = await pool.request({ method: 'POST', path: '/webapi/entry.cgi', body: runBody, headers: postHeaders });
      checkEnvelope(await answer.body.text());
    };

    // Warm both sides (and the simulator) up: discovery, login, existence cache, sockets, JIT.
    await scheduler.results(TASK);
    for (let i = 0; i < 3; i++) {
      await opsPerSecond(Math.max(50, resultCalls / 4), concurrency, () => scheduler.results(TASK));
      await opsPerSecond(Math.max(50, resultCalls / 4), concurrency, bareResults);
    }

    const results = await compare(resultCalls, concurrency, rounds, () => scheduler.results(TASK), bareResults);
    const runs = await compare(runCalls, concurrency, rounds, () => scheduler.run(TASK), bareRun);
    const logins = connection.stats.logins;
    return {
      figures: [
        { label: 'results: client', value: results.client, unit: 'calls/s' },
        { label: 'results: bare undici', value: results.bare, unit: 'calls/s' },
        { label: 'results: client / bare', value: results.client / results.bare, unit: 'x', note: 'target >= 0.85' },
        { label: 'results: CPU bare / client', value: results.bareCpu / results.clientCpu, unit: 'x', note: 'CPU per call, this process; steadier on a busy machine' },
        { label: 'run: client', value: runs.client, unit: 'calls/s' },
        { label: 'run: bare undici', value: runs.bare, unit: 'calls/s' },
        { label: 'run: client / bare', value: runs.client / runs.bare, unit: 'x', note: 'target >= 0.85; scripts start after the run' },
        { label: 'run: CPU bare / client', value: runs.bareCpu / runs.clientCpu, unit: 'x', note: 'CPU per call, this process' },
        { label: 'client logins', value: logins, unit: '', note: 'must be 1' },
      ],
      sizes: { resultCalls, runCalls, concurrency, rounds },
    };
  } finally {
    await connection.close();
    await pool.close();
    await sim.close();
  }
}

if (require.main === module) {
  const scale = Number(process.argv[2] ?? '1');
  benchClientVsUndici({ scale: Number.isFinite(scale) && scale > 0 ? scale : 1 }).then(
    ({ figures, sizes }) => {
      for (const f of figures) console.log(`${f.label.padEnd(24)} ${f.value.toFixed(f.unit === 'x' ? 3 : 0).padStart(8)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
      console.log(`sizes: ${JSON.stringify(sizes)}`);
      const logins = figures.find((f) => f.label === 'client logins')?.value;
      if (logins !== 1) process.exitCode = 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
