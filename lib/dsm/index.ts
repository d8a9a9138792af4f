// The DSM client's public surface (docs/architecture.md, "The client").
export { DsmConnection, type TestLoginResult } from './connection';
export { EventScheduler } from './event-scheduler';
export { DsmError, isDsmError, type DsmErrorCode, type DsmErrorDetails, type TlsFailureReason } from './errors';
export {
  normalizeFingerprint,
  readServerCertificate,
  readServerFingerprint,
  type ReadCertificateOptions,
  type ServerCertificate,
} from './fingerprint';
export { METHODS, API, type MethodDescriptor } from './methods';
export type { Params, ParamValue } from './encode';
export type {
  BackoffOptions,
  ConnectionState,
  ConnectionStats,
  DsmConnectionOptions,
  EventTask,
  LoginInfo,
  OutputConfig,
  RequestOptions,
  TaskEvent,
  TaskOutput,
  TaskResult,
  TaskSettings,
  TlsMode,
  TlsOptions,
} from './types';
