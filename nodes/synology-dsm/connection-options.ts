// The config node's flow properties and credentials (design.md, "Node properties") turned into
// DsmConnection options. Used by the config node and by the editor's admin routes.
import type { DsmConnectionOptions, TlsMode } from '../../lib/dsm';

/** The `synology-dsm` flow properties; older flows may lack any of them, and the editor may send strings. */
export interface DsmConfigProps {
  name?: string;
  host?: string;
  port?: number | string;
  https?: boolean | string;
  tlsMode?: string;
  fingerprint?: string;
  ca?: string;
  timeout?: number | string;
  maxConcurrent?: number | string;
  sessionName?: string;
}

export interface DsmCredentials {
  username?: string;
  password?: string;
  deviceToken?: string;
}

export const DEFAULTS = { httpsPort: 5001, httpPort: 5000, timeoutSeconds: 30, maxConcurrent: 4 } as const;


// Node-RED already substitutes a whole-value ${VAR} in deployed properties and credentials; the
// admin routes get raw dialog values, so the same rule is applied here (a no-op when done).
function env(value: string | undefined): string | undefined {
  const match = typeof value === 'string' ? /^\$\{(\S+)\}$/.exec(value) : null;
  return match && process.env[match[1]] !== undefined ? process.env[match[1]] : value;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const resolved = env(value);
  return resolved === undefined || resolved === '' ? undefined : resolved;
}

function num(value: unknown, fallback: number): number {
  const raw = typeof value === 'string' ? env(value.trim()) : value;
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  const raw = typeof value === 'string' ? env(value) : value;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  return fallback;
}

export function connectionOptionsFrom(config: DsmConfigProps, credentials: DsmCredentials | undefined): DsmConnectionOptions {
  const https = bool(config.https, true);
  const tlsMode = text(config.tlsMode) ?? 'verify';
  const creds = credentials ?? {};
  return {
    host: (text(config.host) ?? '').trim(),
    port: num(config.port, https ? DEFAULTS.httpsPort : DEFAULTS.httpPort),
    https,
    tls: {
      // an unknown mode is passed on so the client's option check names it
      mode: tlsMode as TlsMode,
      fingerprint: text(config.fingerprint),
      ca: text(config.ca),
    },
    timeoutMs: num(config.timeout, DEFAULTS.timeoutSeconds) * 1000,
    maxConcurrent: num(config.maxConcurrent, DEFAULTS.maxConcurrent),
    sessionName: text(config.sessionName),
    username: text(creds.username) ?? '',
    password: typeof creds.password === 'string' ? (env(creds.password) ?? '') : '',
    deviceToken: text(creds.deviceToken),
  };
}
