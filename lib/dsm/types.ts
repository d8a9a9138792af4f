// Public types of the DSM client (docs/architecture.md, "The client").

export type TlsMode = 'verify' | 'pin' | 'ca' | 'insecure';

export interface TlsOptions {
  /** verify (default): the system CAs; pin: one certificate by SHA-256; ca: a custom CA (PEM); insecure: no check. */
  mode?: TlsMode;
  /** SHA-256 of the leaf certificate for `pin`, any common formatting (AA:BB…, aabb…, spaces). */
  fingerprint?: string;
  /** PEM text of the CA(s) for `ca`. */
  ca?: string;
}

export interface BackoffOptions {
  /** First wait after the NAS was unreachable, ms. Default 1000. */
  initialMs?: number;
  /** Longest wait, ms. Default 30000. */
  maxMs?: number;
  /** How long a login failure (wrong credentials, 2FA, blocked) stops automatic logins, ms. Default 900000. */
  lockoutMs?: number;
}

export interface DsmConnectionOptions {
  host: string;
  port?: number;
  https?: boolean;
  tls?: TlsOptions;
  timeoutMs?: number;
  maxConcurrent?: number;
  sessionName?: string;
  username: string;
  password: string;
  deviceToken?: string;
  deviceName?: string;
  backoff?: BackoffOptions;
}

export type ConnectionState =
  | 'idle'
  | 'logging-in'
  | 'connected'
  | 'unreachable'
  | 'login-failed'
  | 'otp-required'
  | 'ip-blocked'
  | 'closed';

export interface ConnectionStats {
  /** Login requests sent. */
  logins: number;
  /** Calls made through the connection (a replay or a retry counts once). */
  requests: number;
  /** HTTP requests sent, discovery and login included. */
  httpRequests: number;
}

export type TaskEvent = 'bootup' | 'shutdown';

export interface EventTask {
  name: string;
  event: TaskEvent;
  enabled: boolean;
  /** The owner's user name (`root` for uid 0). */
  owner: string;
  script: string;
  dependsOn: string[];
  notifyEmail: string;
  notifyOnlyOnError: boolean;
}

export interface TaskSettings {
  name: string;
  /** A user name; `root` (default) goes through SYNO.Core.EventScheduler.Root. */
  owner?: string;
  event?: TaskEvent;
  script?: string;
  dependsOn?: string[];
  enabled?: boolean;
  notifyEmail?: string;
  notifyOnlyOnError?: boolean;
}

export interface TaskResult {
  result_id: number;
  task_name: string;
  pid?: number;
  event_fire_time?: string;
  start_time?: string;
  stop_time?: string;
  exit_info: { exit_code: number; exit_type: string };
  trigger_event?: string;
  [field: string]: unknown;
}

export interface TaskOutput {
  script_in: string;
  script_out: string;
}

export interface OutputConfig {
  /** Whether DSM keeps each run's output files. */
  enabled: boolean;
  /** Where DSM keeps them, a shared-folder path such as `share/logs`. */
  outputPath: string;
}

export interface LoginInfo {
  /** The device token DSM issued ('' when it issued none). */
  deviceToken: string;
}

export interface RequestOptions {
  /** A write: POST form body, never retried after a timeout. */
  write?: boolean;
  /** A read that may be repeated once after a timeout. Default: !write. */
  idempotent?: boolean;
}
