// Reads dsm-sim's command line into SimulatorOptions (see docs/simulator.md for every flag).
// Checked up front: a bad flag value throws with the flag's name, before anything listens.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_KNOBS, DEFAULT_USER } from './options';
import type { ProfileName, SeedTask, SimUserSpec, SimulatorKnobs, SimulatorOptions } from './types';

export const USAGE = `Usage: dsm-sim [options]
  --port N                 port to listen on (0 = a free port; default 5000, or 5001 with --https)
  --host ADDRESS           address to listen on (default 127.0.0.1)
  --https                  HTTPS with a self-signed certificate made at start
  --cert FILE --key FILE   HTTPS with this certificate and key (PEM) instead
  --profile dsm7|dsm6      which DSM to imitate (default dsm7)
  --user NAME:PASSWORD     add an administrator (repeatable; default admin:synology)
  --plain-user NAME:PASSWORD          add a non-administrator (repeatable)
  --disabled-user NAME:PASSWORD       add a disabled account (repeatable)
  --otp-user NAME:PASSWORD:SECRET     add an administrator with 2FA, SECRET in base32 (repeatable)
  --state FILE             keep tasks and results in this JSON file
  --seed FILE              JSON array of tasks to create when missing
  --session-ttl SECONDS    session idle lifetime (default 604800)
  --block-after N          failed logins per IP before the auto-block (default 5; 0 = off)
  --block-window SECONDS   window for counting failed logins (default 300)
  --block-for SECONDS      how long an IP stays blocked (default 300)
  --start-delay MS         delay between run and the script's start (default 20)
  --script-timeout SECONDS time limit of a script run (default 60)
  --results-kept N         results kept per task (default 50)
  --strict                 reject unquoted values on JSON APIs, read a query "+" literally
  --set KNOB=VALUE         set any knob of docs/simulator.md (VALUE as JSON, else as text; repeatable)
  --no-control             do not serve the /sim/ control endpoint
  --help                   this text`;

function pair(flag: string, value: string, parts: number): string[] {
  const split = value.split(':');
  if (split.length < parts) throw new Error(`--${flag} needs ${parts === 3 ? 'NAME:PASSWORD:SECRET' : 'NAME:PASSWORD'}`);
  if (parts === 3) return [split[0], split.slice(1, -1).join(':'), split[split.length - 1]];
  return [split[0], split.slice(1).join(':')];
}

function number(flag: string, value: string | undefined, scale = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} needs a number >= 0`);
  return n * scale;
}

export interface CliConfig {
  help: boolean;
  options: SimulatorOptions;
}

export function parseCli(argv: string[]): CliConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      https: { type: 'boolean' },
      cert: { type: 'string' },
      key: { type: 'string' },
      profile: { type: 'string' },
      user: { type: 'string', multiple: true },
      'plain-user': { type: 'string', multiple: true },
      'disabled-user': { type: 'string', multiple: true },
      'otp-user': { type: 'string', multiple: true },
      state: { type: 'string' },
      seed: { type: 'string' },
      'session-ttl': { type: 'string' },
      'block-after': { type: 'string' },
      'block-window': { type: 'string' },
      'block-for': { type: 'string' },
      'start-delay': { type: 'string' },
      'script-timeout': { type: 'string' },
      'results-kept': { type: 'string' },
      strict: { type: 'boolean' },
      set: { type: 'string', multiple: true },
      'no-control': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true, options: {} };
  const https = values.https === true || values.cert !== undefined;
  const options: SimulatorOptions = { host: values.host ?? '127.0.0.1', https };
  const port = number('port', values.port);
  options.port = port ?? (https ? 5001 : 5000);
  if (values.profile !== undefined) {
    if (values.profile !== 'dsm7' && values.profile !== 'dsm6') throw new Error('--profile must be dsm7 or dsm6');
    options.profile = values.profile as ProfileName;
  }
  if ((values.cert === undefined) !== (values.key === undefined)) throw new Error('--cert and --key go together');
  if (values.cert !== undefined && values.key !== undefined) {
    options.tls = { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') };
  }
  const users: SimUserSpec[] = [];
  for (const v of values.user ?? []) { const [name, password] = pair('user', v, 2); users.push({ name, password, admin: true }); }
  for (const v of values['plain-user'] ?? []) { const [name, password] = pair('plain-user', v, 2); users.push({ name, password, admin: false }); }
  for (const v of values['disabled-user'] ?? []) { const [name, password] = pair('disabled-user', v, 2); users.push({ name, password, disabled: true }); }
  for (const v of values['otp-user'] ?? []) { const [name, password, otpSecret] = pair('otp-user', v, 3); users.push({ name, password, otpSecret }); }
  if (users.length > 0 && (values.user ?? []).length === 0) users.unshift({ ...DEFAULT_USER });
  if (users.length > 0) options.users = users;
  if (values.state !== undefined) options.stateFile = values.state;
  if (values.seed !== undefined) {
    const seeds: unknown = JSON.parse(readFileSync(values.seed, 'utf8'));
    if (!Array.isArray(seeds)) throw new Error('--seed needs a JSON array of tasks');
    options.seedTasks = seeds as SeedTask[];
  }
  options.sessionTtlMs = number('session-ttl', values['session-ttl'], 1000);
  options.autoBlockAttempts = number('block-after', values['block-after']);
  options.autoBlockWindowMs = number('block-window', values['block-window'], 1000);
  options.autoBlockMs = number('block-for', values['block-for'], 1000);
  options.runStartDelayMs = number('start-delay', values['start-delay']);
  options.scriptTimeoutMs = number('script-timeout', values['script-timeout'], 1000);
  options.resultsPerTask = number('results-kept', values['results-kept']);
  if (values.strict) options.strict = true;
  for (const setting of values.set ?? []) {
    const eq = setting.indexOf('=');
    const name = setting.slice(0, eq);
    if (eq <= 0 || !(name in DEFAULT_KNOBS)) throw new Error(`--set needs KNOB=VALUE with a known knob, got "${setting}"`);
    const raw = setting.slice(eq + 1);
    let value: unknown;
    try { value = JSON.parse(raw); } catch { value = raw; }
    (options as Record<string, unknown>)[name as keyof SimulatorKnobs] = value;
  }
  if (values['no-control']) options.controlEndpoint = false;
  return { help: false, options };
}
