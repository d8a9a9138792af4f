// Form and query encoding for DSM requests (dsm-protocol.md §4.3, §8).

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };
export type Params = Record<string, ParamValue | undefined>;

/** Percent-encodes once; a space is %20, never `+` (§8: DSM may read `+` literally). */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value);
}

/** The wire text of one value for a JSON-format API: every value JSON-encoded, strings quoted (§4.3). */
export function jsonValue(value: ParamValue): string {
  return JSON.stringify(value);
}

/** The wire text of one value for a legacy API such as SYNO.API.Auth: plain values (§8). */
export function plainValue(value: ParamValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `k=v&k=v` with each key and value percent-encoded once; undefined values are left out. */
export function encodeParams(params: Params, json: boolean): string {
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined) continue;
    const text = json ? jsonValue(value) : plainValue(value);
    out += (out ? '&' : '') + encodeComponent(key) + '=' + encodeComponent(text);
  }
  return out;
}

/** `[a][b]` from task names (§4.3 depend_on_task). The caller has rejected names with brackets. */
export function encodeDependencies(names: readonly string[]): string {
  return names.map((name) => `[${name}]`).join('');
}

/** Task names from DSM's `[a][b]` form; tolerates an array or a comma list too (§4.4 get is [I]). */
export function decodeDependencies(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value !== 'string' || value.trim() === '') return [];
  const bracketed = [...value.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]).filter((v) => v !== '');
  if (bracketed.length > 0) return bracketed;
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}
