// Defaults and up-front checks of DsmConnectionOptions (no I/O before they pass).
import { hostname } from 'node:os';
import { DsmError } from './errors';
import { normalizeFingerprint } from './fingerprint';
import { normalizeHost, normalizePort } from './host';
import type { DsmConnectionOptions, TlsOptions } from './types';

export interface ResolvedConnectionOptions {
  host: string;
  port: number;
  https: boolean;
  tls: TlsOptions;
  timeoutMs: number;
  maxConcurrent: number;
  sessionName: string;
  username: string;
  password: string;
  deviceToken: string | undefined;
  deviceName: string;
  backoff: { initialMs: number; maxMs: number; lockoutMs: number };
}

function positive(name: string, value: unknown, fallback: number, unit: string): number {
  if (value === undefined || value === null || value === 0) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new DsmError('INVALID_INPUT', `Option ${name} must be a positive number of ${unit} (0 or empty for the default ${fallback}).`);
  }
  return value;
}

export function resolveConnectionOptions(options: DsmConnectionOptions): ResolvedConnectionOptions {
  if (typeof options !== 'object' || options === null) throw new DsmError('INVALID_INPUT', 'No connection options were given.');
  const https = options.https ?? true;
  const mode = options.tls?.mode ?? 'verify';
  if (!['verify', 'pin', 'ca', 'insecure'].includes(mode)) {
    throw new DsmError('INVALID_INPUT', `TLS mode "${String(mode)}" is unknown; use verify, pin, ca or insecure.`);
  }
  const tls: TlsOptions = { mode };
  if (https && mode === 'pin') tls.fingerprint = normalizeFingerprint(options.tls?.fingerprint);
  if (https && mode === 'ca') {
    if (typeof options.tls?.ca !== 'string' || !options.tls.ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new DsmError('INVALID_INPUT', 'TLS mode "ca" needs the CA certificate as PEM text (-----BEGIN CERTIFICATE-----).');
    }
    tls.ca = options.tls.ca;
  }
  if (typeof options.username !== 'string' || options.username.trim() === '') {
    throw new DsmError('INVALID_INPUT', 'No DSM user name is configured; enter the account\'s user name.');
  }
  if (typeof options.password !== 'string' || options.password === '') {
    throw new DsmError('INVALID_INPUT', 'No DSM password is configured; enter the account\'s password.');
  }
  const maxConcurrent = positive('maxConcurrent', options.maxConcurrent, 4, 'requests');
  if (!Number.isInteger(maxConcurrent)) throw new DsmError('INVALID_INPUT', 'Option maxConcurrent must be a whole number.');
  const backoff = options.backoff ?? {};
  return {
    host: normalizeHost(options.host),
    port: normalizePort(options.port, https),
    https,
    tls,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000, 'milliseconds'),
    maxConcurrent,
    sessionName: options.sessionName?.trim() || 'webui',
    username: options.username.trim(),
    password: options.password,
    deviceToken: options.deviceToken?.trim() || undefined,
    deviceName: options.deviceName?.trim() || `Node-RED (${hostname()})`,
    backoff: {
      initialMs: positive('backoff.initialMs', backoff.initialMs, 1_000, 'milliseconds'),
      maxMs: positive('backoff.maxMs', backoff.maxMs, 30_000, 'milliseconds'),
      lockoutMs: positive('backoff.lockoutMs', backoff.lockoutMs, 900_000, 'milliseconds'),
    },
  };
}
