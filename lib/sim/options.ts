// Defaults and up-front validation of the simulator's options. Reproduces no DSM behaviour itself;
// the defaults follow dsm-protocol.md where it has a fact (7-day sessions, §2.9) and pick a value
// where it has none (documented in docs/simulator.md).
import type { ProfileName, SimUserSpec, SimulatorKnobs, SimulatorOptions, SeedTask } from './types';

export const DEFAULT_USER: SimUserSpec = { name: 'admin', password: 'synology', uid: 1024, admin: true };

export const DEFAULT_KNOBS: SimulatorKnobs = {
  sessionTtlMs: 7 * 24 * 3600 * 1000,
  autoBlockAttempts: 5,
  autoBlockWindowMs: 300_000,
  autoBlockMs: 300_000,
  runStartDelayMs: 20,
  scriptTimeoutMs: 60_000,
  resultsPerTask: 50,
  outputLimitBytes: 65_536,
  strict: false,
  paramPrecedence: 'body',
  synoTokenCheck: 'writes',
  duplicateCreate: 4804,
  missingTask: 'error',
  missingTaskCode: 4801,
  rootViaPlainApi: 105,
  passwordConfirmFailCode: 400,
  confirmTokenFailCode: 105,
  confirmTokenReusable: false,
  confirmTokenTtlMs: 300_000,
  badDeviceToken: 'otp-required',
  getOwnerForm: 'object',
  getDependForm: 'brackets',
  taskSchedulerEventIds: false,
  exitTypeNormal: 'stop',
  runDisabled: true,
  afterRebootCode: 119,
  singleSessionPerUser: false,
  checkSourceIp: false,
  paddedPaths: false,
  emptyDeviceIdWithFormatSid: false,
  maxBodyBytes: 1_048_576,
  logSize: 2000,
};

export interface ResolvedOptions {
  host: string;
  port: number;
  https: boolean;
  tls: { cert: string; key: string } | undefined;
  profile: ProfileName;
  users: SimUserSpec[];
  stateFile: string | undefined;
  seedTasks: SeedTask[];
  controlEndpoint: boolean;
  knobs: SimulatorKnobs;
}

function fail(name: string, why: string): never {
  throw new TypeError(`startSimulator: option "${name}" ${why}`);
}

function checkKnobs(knobs: SimulatorKnobs): void {
  const nonNegative: (keyof SimulatorKnobs)[] = [
    'sessionTtlMs', 'autoBlockAttempts', 'autoBlockWindowMs', 'autoBlockMs', 'runStartDelayMs',
    'scriptTimeoutMs', 'resultsPerTask', 'outputLimitBytes', 'confirmTokenTtlMs', 'maxBodyBytes', 'logSize',
  ];
  for (const name of nonNegative) {
    const value = knobs[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(name, 'must be a number >= 0');
  }
  const codes: (keyof SimulatorKnobs)[] = ['missingTaskCode', 'passwordConfirmFailCode', 'confirmTokenFailCode', 'afterRebootCode'];
  for (const name of codes) {
    if (!Number.isInteger(knobs[name])) fail(name, 'must be an integer DSM error code');
  }
  if (knobs.duplicateCreate !== 'replace' && !Number.isInteger(knobs.duplicateCreate)) fail('duplicateCreate', "must be a code or 'replace'");
  if (knobs.rootViaPlainApi !== 'allow' && !Number.isInteger(knobs.rootViaPlainApi)) fail('rootViaPlainApi', "must be a code or 'allow'");
  const enums: [keyof SimulatorKnobs, readonly unknown[]][] = [
    ['paramPrecedence', ['body', 'query']],
    ['synoTokenCheck', ['writes', 'all', 'off']],
    ['missingTask', ['error', 'empty']],
    ['badDeviceToken', ['otp-required', 'otp-rejected']],
    ['getOwnerForm', ['object', 'uid', 'name']],
    ['getDependForm', ['brackets', 'array']],
  ];
  for (const [name, allowed] of enums) {
    if (!allowed.includes(knobs[name])) fail(name, `must be one of ${allowed.join(', ')}`);
  }
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const knobs = { ...DEFAULT_KNOBS };
  for (const key of Object.keys(DEFAULT_KNOBS) as (keyof SimulatorKnobs)[]) {
    const value = options[key];
    if (value !== undefined) (knobs as Record<string, unknown>)[key] = value;
  }
  checkKnobs(knobs);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('port', 'must be an integer 0-65535');
  const profile = options.profile ?? 'dsm7';
  if (profile !== 'dsm7' && profile !== 'dsm6') fail('profile', "must be 'dsm7' or 'dsm6'");
  const users = options.users && options.users.length > 0 ? options.users : [DEFAULT_USER];
  const names = new Set<string>();
  const uids = new Set<number>();
  for (const user of users) {
    if (!user || typeof user.name !== 'string' || user.name === '' || typeof user.password !== 'string') {
      fail('users', 'needs a name and a password for every user');
    }
    if (user.name === 'root') fail('users', 'cannot redefine root');
    if (names.has(user.name)) fail('users', `names "${user.name}" twice`);
    names.add(user.name);
    if (user.uid !== undefined && (!Number.isInteger(user.uid) || user.uid <= 0)) fail('users', 'uid must be an integer > 0');
    if (user.uid !== undefined && uids.has(user.uid)) fail('users', `uses uid ${user.uid} twice`);
    if (user.uid !== undefined) uids.add(user.uid);
    if (user.otpSecret !== undefined && !/^[A-Z2-7]+=*$/i.test(user.otpSecret.replace(/[\s-]/g, ''))) fail('users', `has an otpSecret for "${user.name}" that is not base32`);
  }
  if (options.tls && (typeof options.tls.cert !== 'string' || typeof options.tls.key !== 'string')) {
    fail('tls', 'needs PEM strings cert and key');
  }
  return {
    host: options.host ?? '127.0.0.1',
    port,
    https: options.https ?? false,
    tls: options.tls,
    profile,
    users,
    stateFile: options.stateFile,
    seedTasks: options.seedTasks ?? [],
    controlEndpoint: options.controlEndpoint ?? true,
    knobs,
  };
}
