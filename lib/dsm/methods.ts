// Every DSM method the client calls, declared once: API, the versions we speak, verb, idempotence.

export interface MethodDescriptor {
  api: string;
  method: string;
  /** Lowest and highest API version this client speaks for the method. */
  minVersion: number;
  maxVersion: number;
  /** Writes go as POST form bodies (§4.6); reads as GET. */
  verb: 'GET' | 'POST';
  /** May be repeated once after a timeout. */
  idempotent: boolean;
  /** Carries a single-use token (.Root writes, §4.5): never replayed as is after a session loss. */
  singleUseToken?: boolean;
}

export const API = {
  info: 'SYNO.API.Info',
  auth: 'SYNO.API.Auth',
  eventScheduler: 'SYNO.Core.EventScheduler',
  eventSchedulerRoot: 'SYNO.Core.EventScheduler.Root',
  taskScheduler: 'SYNO.Core.TaskScheduler',
  user: 'SYNO.Core.User',
  passwordConfirm: 'SYNO.Core.User.PasswordConfirm',
  entryRequest: 'SYNO.Entry.Request',
} as const;

/** APIs with requestFormat JSON: every value JSON-encoded (§4.3, §6, §11). */
export const JSON_APIS: ReadonlySet<string> = new Set([
  API.eventScheduler,
  API.eventSchedulerRoot,
  API.taskScheduler,
  API.user,
  API.passwordConfirm,
  API.entryRequest,
]);

function read(api: string, method: string, minVersion = 1, maxVersion = 1): MethodDescriptor {
  return { api, method, minVersion, maxVersion, verb: 'GET', idempotent: true };
}

function write(api: string, method: string, minVersion = 1, maxVersion = 1): MethodDescriptor {
  return { api, method, minVersion, maxVersion, verb: 'POST', idempotent: false };
}

export const METHODS = {
  // Login v3+ (§2.1); v7 is the newest known.
  login: write(API.auth, 'login', 3, 7),
  logout: write(API.auth, 'logout', 1, 7),
  run: write(API.eventScheduler, 'run'),
  setEnable: write(API.eventScheduler, 'set_enable'),
  get: read(API.eventScheduler, 'get'),
  create: write(API.eventScheduler, 'create'),
  set: write(API.eventScheduler, 'set'),
  rootCreate: { ...write(API.eventSchedulerRoot, 'create'), singleUseToken: true },
  rootSet: { ...write(API.eventSchedulerRoot, 'set'), singleUseToken: true },
  delete: write(API.eventScheduler, 'delete'),
  resultList: read(API.eventScheduler, 'result_list'),
  resultGetFile: read(API.eventScheduler, 'result_get_file'),
  configGet: read(API.eventScheduler, 'config_get'),
  configSet: write(API.eventScheduler, 'config_set'),
  // TaskScheduler list tops out at v3 (§5).
  taskList: read(API.taskScheduler, 'list', 1, 3),
  userGet: read(API.user, 'get'),
  // A fresh token before each .Root write (§4.5): never repeated, a token is single-use.
  passwordConfirm: write(API.passwordConfirm, 'auth', 1, 2),
  // A batch of reads; POST because the compound can be long (§6).
  compound: { ...read(API.entryRequest, 'request', 1, 2), verb: 'POST' },
} satisfies Record<string, MethodDescriptor>;

export type MethodName = keyof typeof METHODS;

/** The APIs discovery asks SYNO.API.Info about. */
export const DISCOVERED_APIS: readonly string[] = [
  API.auth,
  API.eventScheduler,
  API.eventSchedulerRoot,
  API.taskScheduler,
  API.user,
  API.passwordConfirm,
  API.entryRequest,
];
