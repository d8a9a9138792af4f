// (1) The client against bare undici calls: the client engineer's benchClientVsUndici
// (bench/client-vs-undici.ts) does the measuring; this module puts it in the table.
import { benchClientVsUndici } from './client-vs-undici';
import type { Benchmark, BenchOptions, BenchResult } from './report';

export const clientVsUndici: Benchmark = {
  name: 'client',
  title: 'the DSM client vs bare undici calls',
  async run(opts: BenchOptions): Promise<BenchResult> {
    const { figures, sizes } = await benchClientVsUndici({ scale: opts.scale });
    if (figures.length === 0) throw new Error('benchClientVsUndici returned no figures');
    return { name: this.name, title: this.title, sizes, figures };
  },
};
