// (1) The client against bare undici calls: the client engineer's benchClientVsUndici
// (bench/client-vs-undici.ts) does the measuring; this module only runs it and turns what it
// returns into figures for the table.
import type { Benchmark, BenchOptions, BenchResult, Figure } from './report';

type ClientBench = (opts: Record<string, unknown>) => Promise<unknown>;

function loadClientBench(): ClientBench | undefined {
  try {
    // Loaded at run time: the module is owned by the client engineer and may not exist yet.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional module
    const mod = require('./client-vs-undici') as { benchClientVsUndici?: ClientBench };
    return mod.benchClientVsUndici;
  } catch {
    return undefined;
  }
}

function isFigure(value: unknown): value is Figure {
  const f = value as Figure | null;
  return typeof f === 'object' && f !== null && typeof f.label === 'string' && typeof f.value === 'number' && typeof f.unit === 'string';
}

/** Accepts `{ figures: Figure[] }` or a flat object of numbers (each becomes a figure). */
export function figuresFrom(result: unknown): Figure[] {
  const record = (result ?? {}) as Record<string, unknown>;
  if (Array.isArray(record.figures) && record.figures.every(isFigure)) return record.figures;
  return Object.entries(record)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([label, value]) => ({ label, value, unit: '' }));
}

export const clientVsUndici: Benchmark = {
  name: 'client',
  title: 'the DSM client vs bare undici calls',
  async run(opts: BenchOptions): Promise<BenchResult> {
    const bench = loadClientBench();
    if (!bench) {
      return { name: this.name, title: this.title, sizes: {}, figures: [{ label: 'not available', value: Number.NaN, unit: '', note: 'bench/client-vs-undici.ts is missing' }] };
    }
    const result = await bench({ scale: opts.scale });
    const figures = figuresFrom(result);
    if (figures.length === 0) throw new Error('benchClientVsUndici returned no figures');
    const sizes = ((result as { sizes?: Record<string, number> } | null)?.sizes) ?? {};
    return { name: this.name, title: this.title, sizes, figures };
  },
};
