// Small measurement utilities shared by the benchmarks: a monotonic stopwatch, heap size after a
// forced garbage collection, and a ratio that refuses to divide by (almost) nothing.

export function stopwatch(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
}

/** Heap used after forced collections; needs `node --expose-gc`. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heapAfterGc needs node --expose-gc');
  // Several passes: weak references and finalizers need more than one to settle.
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** a / b, or NaN when b is not a meaningful divisor (zero, negative or below `floor`). */
export function ratio(a: number, b: number, floor = Number.EPSILON): number {
  return b > floor ? a / b : Number.NaN;
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}
