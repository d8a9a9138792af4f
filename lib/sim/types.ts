// Public types of the DSM simulator: its options, the records it keeps and the handle it returns.
// Nothing here reproduces DSM behaviour by itself; see the modules that use these types.

export type ProfileName = 'dsm7' | 'dsm6';
export type TriggerEvent = 'on_demand' | 'bootup' | 'shutdown';

/** A DSM account known to the simulator. */
export interface SimUserSpec {
  name: string;
  password: string;
  /** Numeric uid; assigned from 1026 upwards when absent (root is always uid 0). */
  uid?: number;
  /** Member of the administrators group (default true). Non-admins get 105 on Core APIs. */
  admin?: boolean;
  /** A disabled account: login answers 401. */
  disabled?: boolean;
  /** Base32 TOTP secret (RFC 6238, SHA-1, 30 s, 6 digits): login needs `otp_code`. */
  otpSecret?: string;
  /** 2FA enforced but not set up: a correct password answers 406. */
  otpEnforced?: boolean;
  email?: string;
}

/** A task given by the caller in friendly form (owner is a user name, `root` allowed). */
export interface SeedTask {
  name: string;
  event?: 'bootup' | 'shutdown';
  owner?: string;
  script: string;
  enabled?: boolean;
  dependsOn?: string[];
  notifyEmail?: string;
  notifyOnlyOnError?: boolean;
}

/** An event task as the simulator stores it (DSM's backing store column names, §4.2). */
export interface SimTask {
  task_name: string;
  event: 'bootup' | 'shutdown';
  enable: boolean;
  owner_uid: number;
  owner_name: string;
  depend_on_task: string[];
  notify_enable: boolean;
  notify_mail: string;
  notify_if_error: boolean;
  operation: string;
  operation_type: string;
}

export interface ExitInfo {
  exit_code: number;
  exit_type: string;
}

/** One row of `result_list` (§4.4). */
export interface SimResult {
  result_id: number;
  task_name: string;
  pid: number;
  event_fire_time: string;
  start_time: string;
  stop_time: string;
  exit_info: ExitInfo;
  trigger_event: TriggerEvent;
  run_time_env: Record<string, never>;
  extra: Record<string, never>;
}

export interface SimResultOutput {
  script_in: string;
  script_out: string;
}

/** A fault rule: plain JSON so the CLI, the control endpoint and tests can all set it. */
export interface FaultRule {
  /** Match: the API name (exact). */
  api?: string;
  /** Match: the method name (exact). */
  method?: string;
  /** Match: a substring of the URL path, e.g. `auth.cgi`. */
  path?: string;
  /** What happens: see docs/simulator.md. */
  action: 'delay' | 'reset' | 'hang' | 'html' | 'empty502' | 'error';
  /** delay: milliseconds before the request is served normally; other actions: a delay before the fault. */
  ms?: number;
  /** error: the DSM error code to answer with. */
  code?: number;
  /** The rule expires after this many matches (default: never). */
  times?: number;
}

export interface LogEntry {
  time: string;
  httpMethod: string;
  path: string;
  api: string | undefined;
  method: string | undefined;
  version: string | undefined;
  params: Record<string, string>;
  headers: string[];
  remoteAddress: string;
  /** What the simulator answered: `success`, and the DSM error `code` on failure. */
  response?: { success: boolean; code?: number };
}

export interface LoginAttempt {
  time: number;
  ip: string;
  account: string;
  /** 0 on success, else the DSM error code answered. */
  code: number;
}

/** Behaviour switches for the facts marked [I] in dsm-protocol.md, and other knobs. */
export interface SimulatorKnobs {
  /** Session idle lifetime in ms (default 7 days); an expired sid answers 119. */
  sessionTtlMs: number;
  /** Failed logins per client IP that trigger the auto-block (default 5; 0 = off). */
  autoBlockAttempts: number;
  /** Window in ms in which failed logins are counted (default 300000). */
  autoBlockWindowMs: number;
  /** How long an IP stays blocked in ms (default 300000). */
  autoBlockMs: number;
  /** Delay in ms between `run` and the script's start (default 20). */
  runStartDelayMs: number;
  /** Time limit of one script run in ms (default 60000); then the process group is killed. */
  scriptTimeoutMs: number;
  /** Results kept per task, oldest dropped first (default 50). */
  resultsPerTask: number;
  /** Bytes of script output kept per result (default 65536). */
  outputLimitBytes: number;
  /** Reject raw (not JSON) values on JSON-format APIs and read a query-string `+` literally (§4.3, §12). */
  strict: boolean;
  /** Which side wins when a parameter is in both the query string and the body (§2.2, [I]). */
  paramPrecedence: 'body' | 'query';
  /** When the session has a SynoToken, which calls must carry it (default writes). */
  synoTokenCheck: 'writes' | 'all' | 'off';
  /** Create of an existing task name: the error code (default 4804), or 'replace' to overwrite. */
  duplicateCreate: number | 'replace';
  /** A missing task (get/set/run/delete/set_enable/result_list/result_get_file): 'error' or 'empty' success. */
  missingTask: 'error' | 'empty';
  /** The error code for a missing task in 'error' mode (default 4801). */
  missingTaskCode: number;
  /** Root owner through the plain EventScheduler API: an error code (default 105) or 'allow'. */
  rootViaPlainApi: number | 'allow';
  /** A wrong password on PasswordConfirm auth (default 400). */
  passwordConfirmFailCode: number;
  /** A missing, wrong or reused SynoConfirmPWToken on .Root (default 105). */
  confirmTokenFailCode: number;
  /** Whether a SynoConfirmPWToken may be used more than once (default false). */
  confirmTokenReusable: boolean;
  /** Lifetime of a SynoConfirmPWToken in ms (default 300000). */
  confirmTokenTtlMs: number;
  /** A device token that is unknown or was issued for another device_name: 'otp-required' (403) or 'otp-rejected' (404). */
  badDeviceToken: 'otp-required' | 'otp-rejected';
  /** Owner shape in `get`: the object {"uid":"name"} (default), the uid number, or the name. */
  getOwnerForm: 'object' | 'uid' | 'name';
  /** depend_on_task in `get`: the DSM string "[a][b]" (default) or an array of names. */
  getDependForm: 'brackets' | 'array';
  /** Whether event tasks in TaskScheduler list carry a numeric `id` (default false). */
  taskSchedulerEventIds: boolean;
  /** `exit_type` of a script that exited by itself (default 'stop'; TaskScheduler history says 'normal'). */
  exitTypeNormal: string;
  /** Whether `run` starts a disabled task (default true, like the DSM UI's Run button). */
  runDisabled: boolean;
  /** The code an old sid gets after a reboot (default 119; one report saw 105). */
  afterRebootCode: number;
  /** A new login of the same user interrupts the user's older sessions: they answer 107 (default false). */
  singleSessionPerUser: boolean;
  /** A session used from another client IP answers 150 (default false). */
  checkSourceIp: boolean;
  /** Info paths padded with leading underscores, as some DSM builds do (default false). */
  paddedPaths: boolean;
  /** DSM 7.0.1 quirk: login with format=sid returns an empty device_id (default false). */
  emptyDeviceIdWithFormatSid: boolean;
  /** Largest request body in bytes (default 1048576); larger bodies get HTTP 413. */
  maxBodyBytes: number;
  /** Request log size (default 2000 entries). */
  logSize: number;
}

export interface SimulatorOptions extends Partial<SimulatorKnobs> {
  host?: string;
  port?: number;
  https?: boolean;
  tls?: { cert: string; key: string };
  profile?: ProfileName;
  users?: SimUserSpec[];
  stateFile?: string;
  seedTasks?: SeedTask[];
  /** Serve the loopback-only control endpoint under /sim/ (default true). */
  controlEndpoint?: boolean;
}
