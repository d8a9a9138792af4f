// Last line of defence: no secret leaves lib/dsm inside an error's message or cause chain.

function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

export function scrubError<E extends Error>(error: E, secrets: readonly (string | undefined)[]): E {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 3);
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const clean = scrubText(current.message, list);
    if (clean !== current.message) current.message = clean;
    if (typeof current.stack === 'string') {
      const stack = scrubText(current.stack, list);
      if (stack !== current.stack) current.stack = stack;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return error;
}
