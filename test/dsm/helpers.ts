// Shared test helpers for the DSM client tests: a simulator on port 0 and a connection to it.
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/sim';
import { DsmConnection, DsmError, type DsmConnectionOptions } from '../../lib/dsm';

export const PASSWORD = 'pa ss#&+%"\'wörd';
export const USER = 'admin';

export async function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ users: [{ name: USER, password: PASSWORD, uid: 1024, admin: true }], ...options });
}

export function connect(sim: Simulator, extra: Partial<DsmConnectionOptions> = {}): DsmConnection {
  const url = new URL(sim.url);
  return new DsmConnection({
    host: url.hostname,
    port: Number(url.port),
    https: url.protocol === 'https:',
    tls: url.protocol === 'https:' ? { mode: 'pin', fingerprint: sim.fingerprint } : undefined,
    username: USER,
    password: PASSWORD,
    timeoutMs: 5_000,
    ...extra,
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<DsmError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DsmError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

/** Polls `check` until it returns true or the deadline passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
