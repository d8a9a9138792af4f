// The requests the simulator received, so tests can assert on the wire (like undici's
// MockCallHistory). Secrets are masked before an entry is stored: passwords, OTP codes, device
// tokens, sids, SynoTokens and confirm tokens, also inside a compound request's JSON. Bounded: the
// oldest entries go first. Header values are never kept, only their names.
import type { LogEntry } from './types';

const SECRET_PARAMS = new Set(['passwd', 'password', 'otp_code', 'device_id', '_sid', 'synotoken', 'synoconfirmpwtoken', '__ciphertext']);
export const MASK = '***';

export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

function maskDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSecretParam(key) ? MASK : maskDeep(inner)]));
  }
  return value;
}

export function maskParams(params: Map<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of params) {
    if (isSecretParam(name)) masked[name] = MASK;
    else if (name === 'compound') masked[name] = maskCompound(value);
    else masked[name] = value;
  }
  return masked;
}

function maskCompound(value: string): string {
  try {
    return JSON.stringify(maskDeep(JSON.parse(value)));
  } catch {
    return value;
  }
}

export interface LogFilter {
  api?: string;
  method?: string;
  path?: string;
}

export class RequestLog {
  readonly #entries: LogEntry[] = [];
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(entry: LogEntry): void {
    if (this.#limit <= 0) return;
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.splice(0, this.#entries.length - this.#limit);
  }

  entries(): LogEntry[] {
    return [...this.#entries];
  }

  filter(criteria: LogFilter): LogEntry[] {
    return this.#entries.filter((entry) =>
      (criteria.api === undefined || entry.api === criteria.api) &&
      (criteria.method === undefined || entry.method === criteria.method) &&
      (criteria.path === undefined || entry.path.includes(criteria.path)));
  }

  last(): LogEntry | undefined {
    return this.#entries[this.#entries.length - 1];
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
