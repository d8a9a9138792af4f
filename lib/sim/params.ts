// Request parameters as the routes see them. Reproduces §4.3/§8: JSON-format APIs JSON-decode each
// value and (lenient default) take a value that does not parse as the raw string; strict mode rejects
// it. Query strings read `+` as a space unless strict (§12); form bodies always do. Query and body
// are merged (§2.2, [I]: which side wins is a knob). Compound sub-requests carry native JSON (§6).
import { ApiError } from './api-error';

export interface Params {
  names(): string[];
  has(name: string): boolean;
  /** The value as text: the raw wire text, or a native string (other natives JSON-serialised). */
  text(name: string): string | undefined;
  /** The JSON-decoded value (undefined when absent). Strict mode (or `mustBeJson`): a raw value throws `badCode`. */
  value(name: string, badCode: number, mustBeJson?: boolean): unknown;
}

export function decodeLenient(raw: string, strict: boolean, badCode: number): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    if (strict) throw new ApiError(badCode);
    return raw;
  }
}

export class WireParams implements Params {
  readonly #values: Map<string, string>;
  readonly #strict: boolean;

  constructor(values: Map<string, string>, strict: boolean) {
    this.#values = values;
    this.#strict = strict;
  }

  names(): string[] {
    return [...this.#values.keys()];
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  text(name: string): string | undefined {
    return this.#values.get(name);
  }

  value(name: string, badCode: number, mustBeJson = false): unknown {
    const raw = this.#values.get(name);
    return raw === undefined ? undefined : decodeLenient(raw, this.#strict || mustBeJson, badCode);
  }
}

export class NativeParams implements Params {
  readonly #values: Record<string, unknown>;

  constructor(values: Record<string, unknown>) {
    this.#values = values;
  }

  names(): string[] {
    return Object.keys(this.#values);
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.#values, name);
  }

  text(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const value = this.#values[name];
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  value(name: string): unknown {
    return this.has(name) ? this.#values[name] : undefined;
  }
}

/** Parses a query string; strict mode keeps `+` literally instead of reading it as a space. */
export function parseQuery(search: string, strict: boolean): Map<string, string> {
  const text = search.startsWith('?') ? search.slice(1) : search;
  return toMap(new URLSearchParams(strict ? text.replace(/\+/g, '%2B') : text));
}

export function parseForm(body: string): Map<string, string> {
  return toMap(new URLSearchParams(body));
}

function toMap(search: URLSearchParams): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of search) if (!map.has(key)) map.set(key, value);
  return map;
}

export function mergeParams(query: Map<string, string>, body: Map<string, string>, precedence: 'body' | 'query'): Map<string, string> {
  const [low, high] = precedence === 'body' ? [query, body] : [body, query];
  const merged = new Map(low);
  for (const [key, value] of high) merged.set(key, value);
  return merged;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}
