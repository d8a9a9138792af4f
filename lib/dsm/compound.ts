// Several reads in one HTTP request through SYNO.Entry.Request (dsm-protocol.md §6).
import type { DsmConnection } from './connection';
import { errorFromDsmCode } from './dsm-codes';
import type { Params, ParamValue } from './encode';
import { DsmError } from './errors';
import { API, METHODS, type MethodDescriptor } from './methods';

export interface SubCall {
  descriptor: MethodDescriptor;
  params: Params;
}

export type SubAnswer = { ok: true; data: unknown } | { ok: false; error: DsmError };

/** Whether this DSM offers SYNO.Entry.Request (else callers make single calls). */
export async function canBatch(connection: DsmConnection): Promise<boolean> {
  return (await connection.apis()).has(API.entryRequest);
}

/** One request for all `calls`; answers in the same order. */
export async function batch(connection: DsmConnection, calls: readonly SubCall[]): Promise<SubAnswer[]> {
  if (calls.length === 0) return [];
  const apis = await connection.apis();
  const compound: ParamValue[] = calls.map(({ descriptor, params }) => {
    const item: Record<string, ParamValue> = {
      api: descriptor.api,
      method: descriptor.method,
      version: apis.resolve(descriptor).version,
    };
    // Sub-parameters are native JSON inside the array, not encoded a second time (§6).
    for (const [key, value] of Object.entries(params)) if (value !== undefined) item[key] = value;
    return item;
  });
  const data = (await connection.call(METHODS.compound, { compound, mode: 'sequential', stop_when_error: false })) as
    | { result?: unknown }
    | undefined;
  const results = Array.isArray(data?.result) ? (data.result as Record<string, unknown>[]) : [];
  return calls.map(({ descriptor }, i) => {
    const item = results[i];
    if (item && item.success === true) return { ok: true, data: item.data };
    const code = Number((item?.error as { code?: unknown } | undefined)?.code);
    return { ok: false, error: errorFromDsmCode(Number.isInteger(code) ? code : 100, descriptor.api, descriptor.method) };
  });
}

const BATCH_SIZE = 50;
/** Cap on one compound's encoded parameters, so one request body stays well under common server limits. */
const BATCH_BYTES = 256 * 1024;

/** Consecutive groups of at most BATCH_SIZE calls and (roughly) BATCH_BYTES of parameters; never empty. */
export function groupCalls(calls: readonly SubCall[], maxCount = BATCH_SIZE, maxBytes = BATCH_BYTES): SubCall[][] {
  const groups: SubCall[][] = [];
  let group: SubCall[] = [];
  let bytes = 0;
  for (const call of calls) {
    // Percent-encoding turns each UTF-8 byte into at most three characters.
    const size = 3 * Buffer.byteLength(JSON.stringify(call.params));
    if (group.length > 0 && (group.length >= maxCount || bytes + size > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(call);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** `calls` in batches (see groupCalls) when DSM offers SYNO.Entry.Request, else one by one (DSM errors per item). */
export async function batchOrSingle(connection: DsmConnection, calls: readonly SubCall[]): Promise<SubAnswer[]> {
  if (calls.length === 0) return [];
  if (await canBatch(connection)) {
    const out: SubAnswer[] = [];
    for (const group of groupCalls(calls)) out.push(...(await batch(connection, group)));
    return out;
  }
  const out: SubAnswer[] = [];
  for (const { descriptor, params } of calls) {
    try {
      out.push({ ok: true, data: await connection.call(descriptor, params) });
    } catch (err) {
      if (!(err instanceof DsmError) || !err.code.startsWith('DSM_')) throw err;
      out.push({ ok: false, error: err });
    }
  }
  return out;
}
