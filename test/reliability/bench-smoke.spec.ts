// The benchmarks still work: each module runs with tiny sizes and returns figures (numbers with
// units). Speeds are not asserted here; `npm run bench` measures them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BENCHMARKS } from '../../bench/registry';
import { formatTable, type BenchResult } from '../../bench/report';

const TINY = { scale: 0.002 };
const results = new Map<string, BenchResult>();

test('the registry names every benchmark once', () => {
  const names = BENCHMARKS.map((benchmark) => benchmark.name);
  assert.deepEqual([...new Set(names)].sort(), ['client', 'flow', 'logins', 'memory', 'watch']);
});

for (const benchmark of BENCHMARKS) {
  test(`benchmark "${benchmark.name}" runs with tiny sizes and returns figures`, async () => {
    const result = await benchmark.run(TINY);
    results.set(benchmark.name, result);
    assert.equal(result.name, benchmark.name);
    assert.ok(result.figures.length > 0, 'at least one figure');
    for (const figure of result.figures) {
      assert.equal(typeof figure.label, 'string');
      assert.equal(typeof figure.value, 'number');
      assert.equal(typeof figure.unit, 'string');
    }
    assert.ok(result.figures.some((figure) => Number.isFinite(figure.value)), 'some figure is a number');
    assert.match(formatTable([result]), new RegExp(`\\| ${benchmark.name} `));
  });
}

test('counting benchmarks count what they should even at tiny sizes', () => {
  const figure = (name: string, label: string): number | undefined =>
    results.get(name)?.figures.find((f) => f.label.startsWith(label))?.value;
  assert.equal(figure('watch', 'unbatched ('), 50, 'one result_list per task, 50 tasks');
  assert.equal(figure('logins', 'logins per session expiry'), 1, 'one login per session expiry');
});
