// The JSON answers of the admin routes: `{ ok: true, ... }` or `{ ok: false, code, message }`,
// with every secret of the request scrubbed from any text that goes back to the browser.
import { DsmError } from '../../lib/dsm';

export type Answer = { ok: true; [key: string]: unknown } | { ok: false; code: string; message: string };

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

export function errorAnswer(err: unknown, secrets: readonly string[]): Answer {
  if (err instanceof DsmError) return { ok: false, code: err.code, message: scrub(err.message, secrets) };
  const message = err instanceof Error ? err.message : 'unexpected failure';
  return { ok: false, code: 'INTERNAL_ERROR', message: scrub(message, secrets) };
}
