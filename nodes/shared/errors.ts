// Turns whatever was thrown into an Error with a stable `code`, the one thing `done(err)` gets,
// so Catch nodes see `msg.error.code` (Node-RED >= 4.1 copies own `code`, `cause`, `stack`).
import { DsmError, isDsmError } from '../../lib/dsm';

/** An Error with the `code` Catch flows branch on. */
export type CodedError = Error & { code: string };

/** INVALID_INPUT: bad input caught before anything was sent to DSM. */
export function invalidInput(message: string, cause?: unknown): DsmError {
  return new DsmError('INVALID_INPUT', message, cause === undefined ? {} : { cause });
}

/**
 * A DsmError passes unchanged; anything else is wrapped. `fallbackCode` names what the caller
 * was doing (INVALID_INPUT while reading input); unexpected failures get INTERNAL_ERROR.
 */
export function toCodedError(value: unknown, fallbackCode: 'INVALID_INPUT' | 'INTERNAL_ERROR' = 'INTERNAL_ERROR'): CodedError {
  if (isDsmError(value)) return value;
  if (fallbackCode === 'INVALID_INPUT') return invalidInput(describe(value), value);
  const error = new Error(describe(value), { cause: value }) as CodedError;
  error.code = 'INTERNAL_ERROR';
  return error;
}

/**
 * The message of whatever was thrown: an Error's, a string, or the `message` of a plain object
 * (JSONata throws `{ code, position, token, message }`, not Errors).
 */
export function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return 'unexpected failure';
}
