// The DSM error envelope `{"success": false, "error": {"code": N, "errors"?: ...}}` (§3) as a throwable,
// so route handlers can stop anywhere with a DSM code. Reproduces the shape only; codes come from callers.

export class ApiError extends Error {
  readonly code: number;
  readonly errors: unknown;

  constructor(code: number, errors?: unknown) {
    super(`DSM error ${code}`);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors;
  }

  toBody(): { code: number; errors?: unknown } {
    return this.errors === undefined ? { code: this.code } : { code: this.code, errors: this.errors };
  }
}
