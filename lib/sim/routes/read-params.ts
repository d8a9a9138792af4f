// Typed readers for route parameters: missing required values answer 114 (§3), values of the wrong
// type answer the API's bad-parameter code (4800 on the schedulers, §3).
import { ApiError } from '../api-error';
import type { CallContext } from './route-types';

export function jsonValue(ctx: CallContext, name: string, badCode: number): unknown {
  return ctx.params.value(name, badCode);
}

export function requiredString(ctx: CallContext, name: string, badCode: number): string {
  const value = jsonValue(ctx, name, badCode);
  if (value === undefined) throw new ApiError(114);
  if (typeof value !== 'string') throw new ApiError(badCode);
  return value;
}

export function optionalString(ctx: CallContext, name: string, badCode: number, fallback: string): string {
  const value = jsonValue(ctx, name, badCode);
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new ApiError(badCode);
  return value;
}

export function optionalBool(ctx: CallContext, name: string, badCode: number, fallback: boolean): boolean {
  const value = jsonValue(ctx, name, badCode);
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ApiError(badCode);
  return value;
}

export function requiredBool(ctx: CallContext, name: string, badCode: number): boolean {
  const value = jsonValue(ctx, name, badCode);
  if (value === undefined) throw new ApiError(114);
  if (typeof value !== 'boolean') throw new ApiError(badCode);
  return value;
}

export function optionalInt(ctx: CallContext, name: string, badCode: number, fallback: number): number {
  const value = jsonValue(ctx, name, badCode);
  if (value === undefined) return fallback;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new ApiError(badCode);
  return number;
}

/** A plain (non-JSON API) parameter as text, '' when absent. */
export function text(ctx: CallContext, name: string): string {
  return ctx.params.text(name) ?? '';
}
