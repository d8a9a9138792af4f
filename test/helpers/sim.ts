// Starts a DSM simulator for one test (or one suite) on a free port of 127.0.0.1, with fast knobs
// and a user whose password is distinctive enough to be searched for in logs, statuses and messages.
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/sim';

/** The account every test logs in with (an administrator). */
export const TEST_USER = { name: 'nodered', password: 'Pw-7f3e91c4-ZEBRA' } as const;

/** Knobs that keep tests quick: scripts start at once, no auto-block unless a test asks for it. */
export const FAST_SIM_OPTIONS: SimulatorOptions = {
  host: '127.0.0.1',
  port: 0,
  users: [{ name: TEST_USER.name, password: TEST_USER.password, admin: true }],
  runStartDelayMs: 0,
  scriptTimeoutMs: 10_000,
};

/** Anything with node:test's `after` (a TestContext, or the module-level `after` wrapped). */
export interface AfterHook {
  after(fn: () => Promise<void> | void): void;
}

/** Starts a simulator with FAST_SIM_OPTIONS overlaid by `options`; the caller closes it. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ ...FAST_SIM_OPTIONS, ...options });
}

/** Starts a simulator and closes it when the test `t` ends. */
export async function useSimulator(t: AfterHook, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startTestSimulator(options);
  t.after(() => sim.close());
  return sim;
}

/** Logins the simulator has seen (successful or not), from its request log. */
export function loginCount(sim: Simulator): number {
  return sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length;
}

/** The sids and SynoTokens of the simulator's live sessions (to search outputs for them). */
export function sessionSecrets(sim: Simulator): string[] {
  const found: string[] = [];
  for (const [sid, session] of sim.state.sessions) {
    found.push(sid);
    const token = (session as { synoToken?: string }).synoToken;
    if (token) found.push(token);
  }
  return found;
}
