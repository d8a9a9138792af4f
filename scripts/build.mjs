// Compiles the TypeScript to CommonJS in dist/ and copies each node's editor files
// (.html, locales/, icons/) beside its compiled .js, where Node-RED looks for them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// No wiping of dist/ by default: tests of a running `npm test` load files from it. `--clean` wipes.
if (process.argv.includes('--clean')) rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

function copyEditorFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const from = join(dir, entry);
    const to = join(dist, relative(root, from));
    if (statSync(from).isDirectory()) {
      if (entry === 'locales' || entry === 'icons') cpSync(from, to, { recursive: true });
      else copyEditorFiles(from);
    } else if (entry.endsWith('.html')) {
      cpSync(from, to);
    }
  }
}
if (existsSync(join(root, 'nodes'))) copyEditorFiles(join(root, 'nodes'));

// Node-RED looks for a node's icons in icons/ beside its .js file, so every node folder gets a copy.
const icons = join(root, 'icons');
const distNodes = join(dist, 'nodes');
if (existsSync(icons) && existsSync(distNodes)) {
  for (const entry of readdirSync(distNodes)) {
    const dir = join(distNodes, entry);
    if (entry !== 'shared' && statSync(dir).isDirectory()) cpSync(icons, join(dir, 'icons'), { recursive: true });
  }
}
