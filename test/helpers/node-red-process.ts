// Runs the packed package in a real Node-RED process: packs the repository once per content
// (`npm pack`), makes a fresh user folder with a test settings.js, installs the tarball into it, and
// starts Node-RED 4.1 (the repository's own, on this Node) or Node-RED 5 (.tools/, on Node 22).
// The process log is kept for assertions and failure messages; the admin API deploys flows.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** The repository root: the nearest folder above this file with scripts/install-tools.mjs. */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'install-tools.mjs'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/** A fixed secret so flows_cred.json is encrypted as on a real install; it protects nothing real. */
export const TEST_CREDENTIAL_SECRET = 'e2e-test-credential-secret';

export type NodeRedRuntime = 'nr4' | 'nr5';

interface PackageManifest {
  name: string;
  version: string;
  files?: string[];
  'node-red': { nodes: Record<string, string> };
}

export function readManifest(): PackageManifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageManifest;
}

/** Polls `check` until it returns a value other than undefined/false, or throws after the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  {
    timeoutMs = 30_000,
    intervalMs = 100,
    detail,
    abort,
  }: {
    timeoutMs?: number;
    intervalMs?: number;
    /** Appended to the error: what the caller knows that explains the wait (a log tail). */
    detail?: () => string;
    /** Gives up at once when it returns a reason (the process being waited on has exited). */
    abort?: () => string | undefined;
  } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = abort?.();
    if (reason) throw new Error(`gave up waiting for ${what}: ${reason}${detail ? '\n' + detail() : ''}`);
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${detail ? '\n' + detail() : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

interface RunResult {
  code: number | null;
  /** stdout and stderr as they came. */
  output: string;
  stdout: string;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took longer than ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Packing

function filesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesOf(join(path, entry)));
}

/** A hash of everything `npm pack` would put in the tarball, so unchanged content packs once. */
function packageContentHash(manifest: PackageManifest): string {
  const hash = createHash('sha256');
  const paths = [join(repoRoot, 'package.json'), ...(manifest.files ?? []).flatMap((f) => filesOf(join(repoRoot, f)))];
  for (const file of paths) {
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const packCacheDir = join(tmpdir(), 'node-red-synology-e2e-pack-v2');

/** Tarballs of older content are of no further use once they are an hour old. */
function pruneOldPacks(keep: string): void {
  for (const entry of readdirSync(packCacheDir)) {
    const path = join(packCacheDir, entry);
    if (path === keep || !entry.endsWith('.tgz')) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
    } catch {
      // removed by a concurrent run
    }
  }
}

/** The files a working tarball must hold: package.json and each node's .js and .html. */
function requiredPackedFiles(manifest: PackageManifest): string[] {
  return [
    'package.json',
    ...Object.values(manifest['node-red'].nodes).flatMap((file) => [file, file.replace(/\.js$/, '.html')]),
  ];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Packs the repository (its built dist/) with `npm pack` and returns the tarball's path. The tarball
 * is cached in the temp folder by content, so the test files of one run share one pack. A pack is
 * kept only when it holds every node's files and the content did not change while packing (another
 * `npm run build` in the same tree empties dist/ for a moment); otherwise it is tried again.
 */
export async function packPackage(): Promise<string> {
  const manifest = readManifest();
  const required = requiredPackedFiles(manifest);
  let problem = '';
  for (let attempt = 1; attempt <= 6; attempt++) {
    if (attempt > 1) await sleep(5_000);
    const missing = required.filter((file) => !existsSync(join(repoRoot, file)));
    if (missing.length) {
      problem = `not built: ${missing.join(', ')} (run \`npm run build\` before packing)`;
      continue;
    }
    const hash = packageContentHash(manifest);
    const target = join(packCacheDir, `${hash}.tgz`);
    if (existsSync(target)) return target;
    mkdirSync(packCacheDir, { recursive: true });
    const scratch = mkdtempSync(join(packCacheDir, 'pack-'));
    try {
      const result = await run('npm', ['pack', '--json', '--pack-destination', scratch, '--loglevel=error'], repoRoot, 120_000);
      if (result.code !== 0) throw new Error(`npm pack failed (exit ${result.code}):\n${result.output}`);
      const report = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
      const packed = new Set(report[0]?.files.map((f) => f.path));
      const notPacked = required.filter((file) => !packed.has(file));
      if (notPacked.length) {
        problem = `the tarball lacks ${notPacked.join(', ')}`;
        continue;
      }
      if (packageContentHash(manifest) !== hash) {
        problem = 'the files changed while packing';
        continue;
      }
      // A rename is atomic: a concurrent packer of the same content writes the same bytes.
      renameSync(join(scratch, report[0].filename), target);
      pruneOldPacks(target);
      return target;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  throw new Error(`could not pack the package: ${problem}`);
}

// ---------------------------------------------------------------------------------------------
// Tools (Node 22 + Node-RED 5)

export interface ToolPaths {
  node22: string;
  nodeRed5: string;
  versions: Record<string, string>;
}

/** Runs scripts/install-tools.mjs (quick when the tools are there already) and returns the paths. */
export function ensureTools(): ToolPaths {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'install-tools.mjs'), '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.status !== 0) throw new Error(`install-tools failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ToolPaths;
}

// ---------------------------------------------------------------------------------------------
// The Node-RED process

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function settingsFile(port: number): string {
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    credentialSecret: TEST_CREDENTIAL_SECRET,
    flowFilePretty: true,
    editorTheme: {
      tours: false,
      projects: { enabled: false },
      palette: { catalogues: [] },
    },
    externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpload: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: true, ui: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
  return `// Written by test/helpers/node-red-process.ts for one test run.\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`;
}

export interface StartOptions {
  runtime: NodeRedRuntime;
  /** The packed package to install; packPackage() when not given. */
  tarball?: string;
  /** Keep the user folder after stop (also when E2E_KEEP=1). */
  keep?: boolean;
  startTimeoutMs?: number;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export interface NodeSetInfo {
  id: string;
  name: string;
  types: string[];
  enabled: boolean;
  module: string;
  version?: string;
  err?: unknown;
}

export interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

// Node-RED processes still running when the test process exits (a crash, a cancelled run) are killed.
const running = new Set<ReturnType<typeof spawn>>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class NodeRedProcess {
  private logText = '';
  private exitCode: number | null | undefined = undefined;
  private readonly logStream: WriteStream;
  readonly url: string;

  private constructor(
    readonly runtime: NodeRedRuntime,
    readonly port: number,
    readonly userDir: string,
    private readonly child: ReturnType<typeof spawn>,
    private readonly keep: boolean,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.logStream = createWriteStream(join(userDir, 'node-red.log'));
    const capture = (chunk: Buffer): void => {
      this.logText += chunk.toString();
      this.logStream.write(chunk);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    running.add(child);
    child.on('exit', (code, signal) => {
      running.delete(child);
      this.exitCode = code ?? (signal ? -1 : null);
      this.logText += `\n[node-red exited: code ${code}, signal ${signal}]\n`;
    });
  }

  /** Installs the package into a fresh user folder and starts Node-RED; resolves once the admin API answers. */
  static async start(options: StartOptions): Promise<NodeRedProcess> {
    const tarball = options.tarball ?? (await packPackage());
    const userDir = mkdtempSync(join(tmpdir(), `node-red-e2e-${options.runtime}-`));
    const keep = options.keep ?? process.env.E2E_KEEP === '1';
    try {
      writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-e2e-project', private: true, version: '0.0.0' }, null, 2));
      const install = await run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball],
        userDir,
        180_000,
      );
      if (install.code !== 0) throw new Error(`npm install of ${tarball} failed (exit ${install.code}):\n${install.output}`);
      const port = await freePort();
      writeFileSync(join(userDir, 'settings.js'), settingsFile(port));

      let node: string;
      let redJs: string;
      if (options.runtime === 'nr5') {
        const tools = ensureTools();
        node = tools.node22;
        redJs = tools.nodeRed5;
      } else {
        node = process.execPath;
        redJs = join(repoRoot, 'node_modules', 'node-red', 'red.js');
      }
      const child = spawn(node, [redJs, '--userDir', userDir, '--port', String(port)], {
        cwd: userDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '', NODE_RED_HOME: undefined, PORT: undefined },
      });
      const nr = new NodeRedProcess(options.runtime, port, userDir, child, keep);
      try {
        await waitFor(
          `Node-RED (${options.runtime}) to answer on ${nr.url}`,
          async () => {
            const res = await fetch(`${nr.url}/settings`, { signal: AbortSignal.timeout(2_000) });
            return res.status === 200;
          },
          {
            timeoutMs: options.startTimeoutMs ?? 60_000,
            intervalMs: 200,
            detail: () => nr.logTail(),
            abort: () => (nr.exited ? 'Node-RED exited' : undefined),
          },
        );
      } catch (err) {
        await nr.stop();
        throw err;
      }
      return nr;
    } catch (err) {
      if (!keep) rmSync(userDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Everything Node-RED printed so far. */
  get log(): string {
    return this.logText;
  }

  /** A mark to pass to logSince(). */
  logMark(): number {
    return this.logText.length;
  }

  logSince(mark: number): string {
    return this.logText.slice(mark);
  }

  logTail(lines = 80): string {
    const all = this.logText.split('\n');
    return `--- Node-RED ${this.runtime} log (${this.userDir}/node-red.log), last ${lines} lines ---\n${all.slice(-lines).join('\n')}`;
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, text };
  }

  /** GET /nodes: every node set the runtime knows, with `err` on those that failed to load. */
  async nodeSets(): Promise<NodeSetInfo[]> {
    const res = await this.request<NodeSetInfo[]>('GET', '/nodes');
    if (res.status !== 200) throw new Error(`GET /nodes answered ${res.status}: ${res.text}`);
    return res.body;
  }

  /** GET /flows in the v2 format: `{ rev, flows }` (credentials are never part of it). */
  async getFlows(): Promise<{ rev: string; flows: FlowNode[]; text: string }> {
    const res = await this.request<{ rev: string; flows: FlowNode[] }>('GET', '/flows', undefined, { 'Node-RED-API-Version': 'v2' });
    if (res.status !== 200) throw new Error(`GET /flows answered ${res.status}: ${res.text}`);
    return { ...res.body, text: res.text };
  }

  /**
   * Deploys `flows` (a full deployment) and waits until the runtime has started them. Node credentials
   * go in each node's `credentials` property, as the editor sends them.
   */
  async deploy(flows: FlowNode[]): Promise<void> {
    const { rev } = await this.getFlows();
    const mark = this.logMark();
    const res = await this.request('POST', '/flows', { rev, flows }, { 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' });
    if (res.status !== 200) throw new Error(`POST /flows answered ${res.status}: ${res.text}\n${this.logTail()}`);
    await waitFor('the deployed flows to start', () => /Started flows/.test(this.logSince(mark)), {
      timeoutMs: 30_000,
      detail: () => this.logTail(),
      abort: () => (this.exited ? 'Node-RED exited' : undefined),
    });
  }

  /** Presses an inject node's button, as the editor does. */
  async inject(nodeId: string): Promise<void> {
    const res = await this.request('POST', `/inject/${encodeURIComponent(nodeId)}`);
    if (res.status !== 200) throw new Error(`POST /inject/${nodeId} answered ${res.status}: ${res.text}`);
  }

  /** Stops Node-RED: SIGTERM, then SIGKILL after `graceMs`; removes the user folder unless kept. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exitCode === undefined) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.logStream.end(() => resolve()));
    if (!this.keep) rmSync(this.userDir, { recursive: true, force: true });
  }
}

/**
 * The lines of a Node-RED log that report a node set of `moduleName` that failed to load: warnings
 * or errors naming the module or a synology-* type, the "Failed to register" summary, and the
 * "Waiting for missing types" list.
 */
export function loadErrors(log: string, moduleName: string): string[] {
  return log.split('\n').filter(
    (line) =>
      (/\[(error|warn)\]/.test(line) && (line.includes(moduleName) || /synology-/.test(line))) ||
      /Failed to register|Waiting for missing types|Error loading|Cannot find module/i.test(line) ||
      /\]\s+-\s+synology-/.test(line),
  );
}
