// SYNO.API.Info: which APIs this DSM offers, at which path and versions (dsm-protocol.md §1).
import { encodeComponent } from './encode';
import { DsmError } from './errors';
import { API, DISCOVERED_APIS, type MethodDescriptor } from './methods';

export interface ApiEntry {
  path: string;
  minVersion: number;
  maxVersion: number;
}

export interface ResolvedMethod {
  /** `/webapi/<path>` */
  path: string;
  version: number;
  /** `api=…&version=…&method=…`, built once. */
  prefix: string;
}

/** The Info request for `apis`: query.cgi answers on DSM 6 and 7 (§1). */
export function infoPath(apis: readonly string[]): string {
  return '/webapi/query.cgi?api=SYNO.API.Info&version=1&method=query&query=' + encodeComponent(apis.join(','));
}

export const INFO_PATH = infoPath([API.info, ...DISCOVERED_APIS]);

function toInt(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** Parses Info's `data`; entries without usable versions are left out. */
export function parseApiInfo(data: unknown): Map<string, ApiEntry> {
  const table = new Map<string, ApiEntry>();
  if (typeof data !== 'object' || data === null) return table;
  for (const [name, raw] of Object.entries(data as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const entry = raw as Record<string, unknown>;
    const minVersion = toInt(entry.minVersion);
    const maxVersion = toInt(entry.maxVersion);
    if (minVersion === undefined || maxVersion === undefined) continue;
    // Some DSM builds pad the path with leading underscores (§1).
    const path = typeof entry.path === 'string' ? entry.path.replace(/^_+/, '').replace(/^\/?(webapi\/)?/, '') : '';
    table.set(name, { path: path || 'entry.cgi', minVersion, maxVersion });
  }
  return table;
}

export class ApiTable {
  readonly #entries: Map<string, ApiEntry>;
  readonly #resolved = new Map<MethodDescriptor, ResolvedMethod>();

  constructor(entries: Map<string, ApiEntry>) {
    this.#entries = entries;
  }

  /** Adds entries from a later Info query (APIs asked for through the generic request). */
  merge(entries: Map<string, ApiEntry>): void {
    for (const [name, entry] of entries) this.#entries.set(name, entry);
  }

  has(api: string): boolean {
    return this.#entries.has(api);
  }

  entry(api: string): ApiEntry | undefined {
    return this.#entries.get(api);
  }

  /** Path and the highest version both sides speak, or NOT_AVAILABLE (nothing is sent). */
  resolve(descriptor: MethodDescriptor): ResolvedMethod {
    const cached = this.#resolved.get(descriptor);
    if (cached) return cached;
    const entry = this.#entries.get(descriptor.api);
    if (!entry) {
      throw new DsmError('NOT_AVAILABLE', `This DSM does not offer ${descriptor.api} (not listed by SYNO.API.Info); it may need a newer DSM.`, {
        api: descriptor.api,
        method: descriptor.method,
      });
    }
    const version = Math.min(entry.maxVersion, descriptor.maxVersion);
    if (version < Math.max(entry.minVersion, descriptor.minVersion)) {
      throw new DsmError(
        'NOT_AVAILABLE',
        `This DSM offers ${descriptor.api} only in versions ${entry.minVersion}-${entry.maxVersion}, and this client speaks ${descriptor.minVersion}-${descriptor.maxVersion} for ${descriptor.method}.`,
        { api: descriptor.api, method: descriptor.method },
      );
    }
    const resolved: ResolvedMethod = {
      path: `/webapi/${entry.path}`,
      version,
      prefix: `api=${encodeComponent(descriptor.api)}&version=${version}&method=${encodeComponent(descriptor.method)}`,
    };
    this.#resolved.set(descriptor, resolved);
    return resolved;
  }
}
