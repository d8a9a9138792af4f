// Runs every compiled test file (dist/test/**/*.spec.js) with Node's test runner and ends with
// one line "N passed, N failed[, N skipped]". Arguments narrow the run to files whose path
// (relative to dist/test, or as test/... ) contains one of them: `npm test -- dsm/ sim/`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = join(root, 'dist', 'test');

function findSpecs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findSpecs(path);
    return entry.endsWith('.spec.js') ? [path] : [];
  });
}

const filters = process.argv.slice(2).map((f) => f.replace(/^test[\\/]/, '').replace(/\.ts$/, '').split('/').join(sep));
const files = findSpecs(testRoot)
  .filter((file) => filters.length === 0 || filters.some((f) => relative(testRoot, file).includes(f)))
  .sort();

if (files.length === 0) {
  console.error('No test files found under dist/test' + (filters.length ? ` matching ${filters.join(', ')}` : ''));
  process.exit(1);
}

const args = [
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? '2'}`,
  `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? '300000'}`,
  ...files,
];
const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk.toString();
  if (output.length > 200_000) output = output.slice(-100_000);
});
child.on('close', (code) => {
  const count = (name) => {
    const all = [...output.matchAll(new RegExp(`^\\S*\\s*${name} (\\d+)\\s*$`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : 0;
  };
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
  process.exit(code !== 0 || failed > 0 || passed === 0 ? 1 : 0);
});
