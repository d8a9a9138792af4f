// The layers of design.md, checked on the import lines: the client knows nothing of Node-RED or the
// simulator, the simulator knows nothing of the client, and the nodes never import the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((entry) => {
    const path = join(abs, entry);
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return entry.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) found.push(m[1]);
  return found;
}

function violations(dir: string, forbidden: RegExp[]): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden.some((re) => re.test(spec)))
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  );
}

test('lib/dsm imports neither Node-RED nor the simulator', () => {
  assert.deepEqual(violations('lib/dsm', [/node-red/, /\/sim(\/|$)/, /^\.\.\/\.\.\/nodes/]), []);
});

test('lib/sim imports neither Node-RED nor the client', () => {
  assert.deepEqual(violations('lib/sim', [/node-red/, /\/dsm(\/|$)/, /^undici$/, /nodes\//]), []);
});

test('nodes never import the simulator', () => {
  assert.deepEqual(violations('nodes', [/lib\/sim/]), []);
});

test('the checker itself sees imports', () => {
  assert.ok(importsOf(join(root, 'test', 'layering.spec.ts')).includes('node:test'));
});
