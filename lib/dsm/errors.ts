// The one error class lib/dsm throws, with the stable codes of docs/architecture.md.

export type DsmErrorCode =
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'CONNECTION_RESET'
  | 'TLS'
  | 'NOT_JSON'
  | 'HTTP_ERROR'
  | 'REDIRECT'
  | 'WRONG_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'PASSWORD_EXPIRED'
  | 'OTP_REQUIRED'
  | 'OTP_REJECTED'
  | 'IP_BLOCKED'
  | 'NO_PERMISSION'
  | 'SESSION_LOST'
  | 'NOT_AVAILABLE'
  | 'TASK_NOT_FOUND'
  | 'TASK_EXISTS'
  | 'INVALID_INPUT'
  | 'WAIT_TIMEOUT'
  | 'INTERNAL_ERROR'
  | `DSM_${number}`;

export type TlsFailureReason = 'self-signed' | 'unknown-ca' | 'hostname' | 'fingerprint' | 'expired' | 'protocol';

export interface DsmErrorDetails {
  dsmCode?: number;
  api?: string;
  method?: string;
  statusCode?: number;
  reason?: TlsFailureReason;
  cause?: unknown;
}

const BRAND = Symbol.for('nas-automation.dsm.DsmError');

export class DsmError extends Error {
  readonly code: DsmErrorCode;
  readonly dsmCode?: number;
  readonly api?: string;
  readonly method?: string;
  readonly statusCode?: number;
  readonly reason?: TlsFailureReason;

  constructor(code: DsmErrorCode, message: string, details: DsmErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DsmError';
    this.code = code;
    if (details.dsmCode !== undefined) this.dsmCode = details.dsmCode;
    if (details.api !== undefined) this.api = details.api;
    if (details.method !== undefined) this.method = details.method;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
    if (details.reason !== undefined) this.reason = details.reason;
    Object.defineProperty(this, BRAND, { value: true });
  }

  // Works across two copies of the package (a flow may load two versions).
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The same error again, for a caller that fails fast with a remembered error. */
  copy(): DsmError {
    return new DsmError(this.code, this.message, {
      dsmCode: this.dsmCode,
      api: this.api,
      method: this.method,
      statusCode: this.statusCode,
      reason: this.reason,
    });
  }
}

export function isDsmError(value: unknown): value is DsmError {
  return value instanceof DsmError;
}
