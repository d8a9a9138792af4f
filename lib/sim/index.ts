// The DSM simulator's public surface (docs/architecture.md): startSimulator(options) → Simulator,
// plus the TOTP helpers tests use to log in to 2FA accounts. See docs/simulator.md for what it
// reproduces of DSM and what not; each module's header says the same for its part.
import { Simulator } from './simulator';
import type { SimulatorOptions } from './types';

export { Simulator, type RebootOptions } from './simulator';
export { generateTotp, newTotpSecret } from './totp';
export { DEFAULT_USER, DEFAULT_KNOBS } from './options';
export type {
  FaultRule, LogEntry, ProfileName, SeedTask, SimResult, SimResultOutput, SimTask, SimUserSpec, SimulatorKnobs,
  SimulatorOptions, TriggerEvent,
} from './types';

export function startSimulator(options?: SimulatorOptions): Promise<Simulator> {
  return Simulator.start(options);
}
