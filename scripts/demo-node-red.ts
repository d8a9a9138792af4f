// The demo's Node-RED: a user folder under the scratch folder with this package linked into its
// node_modules, the demo flows and their credentials written as files, and Node-RED 4.1 from the
// dev dependencies spawned with this same Node. Its log goes to a file; warnings and errors are echoed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FlowCredentials, FlowNode } from './demo-flows';

/** Warnings the demo's own settings cause on purpose. */
const EXPECTED_WARNINGS = /Projects disabled|Using unencrypted credentials/;

export interface DemoNodeRedOptions {
  repoRoot: string;
  userDir: string;
  port: number;
  flows: FlowNode[];
  credentials: FlowCredentials;
  /** Called with each Node-RED log line that reports a warning or an error. */
  onProblem?: (line: string) => void;
}

function settingsText(port: number): string {
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    flowFilePretty: true,
    // The demo's credentials are the simulator's demo account: plain text keeps the folder inspectable.
    credentialSecret: false,
    // File-backed context: the watch node's marks survive a demo restart, as on a real install.
    contextStorage: { default: { module: 'localfilesystem' } },
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpload: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
  return `// Written by the demo (scripts/demo.ts) at every start.\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`;
}

/** Links the repository into the user folder's node_modules under the package's name. */
function linkPackage(repoRoot: string, userDir: string): void {
  const name = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string }).name;
  const link = join(userDir, 'node_modules', ...name.split('/'));
  mkdirSync(dirname(link), { recursive: true });
  const existing = lstatIfAny(link);
  // Remove an old link itself, never what it points to (the repository).
  if (existing?.isSymbolicLink()) unlinkSync(link);
  else if (existing) rmSync(link, { recursive: true, force: true });
  symlinkSync(repoRoot, link, 'dir');
}

function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

export function prepareUserDir(options: DemoNodeRedOptions): void {
  const { userDir } = options;
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.js'), settingsText(options.port));
  writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-synology-demo', private: true, version: '0.0.0' }, null, 2) + '\n');
  linkPackage(options.repoRoot, userDir);
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(options.flows, null, 2) + '\n');
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(options.credentials, null, 2) + '\n', { mode: 0o600 });
}

export class DemoNodeRed {
  readonly url: string;
  readonly logFile: string;
  #child: ChildProcess;
  #exited: Promise<void>;
  #hasExited = false;
  #log = '';

  private constructor(child: ChildProcess, url: string, logFile: string, onProblem?: (line: string) => void) {
    this.#child = child;
    this.url = url;
    this.logFile = logFile;
    const file = createWriteStream(logFile);
    let partial = '';
    const take = (chunk: Buffer): void => {
      file.write(chunk);
      const text = partial + chunk.toString();
      this.#log = (this.#log + chunk.toString()).slice(-200_000);
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (onProblem && /\[(warn|error)\]/.test(line) && !EXPECTED_WARNINGS.test(line)) onProblem(line);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.#exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.#hasExited = true;
        file.end(() => resolve());
      }),
    );
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get exited(): boolean {
    return this.#hasExited;
  }

  onExit(listener: () => void): void {
    void this.#exited.then(listener);
  }

  /** Last resort when the demo itself is exiting: no orphaned Node-RED. */
  killNow(): void {
    if (!this.#hasExited) this.#child.kill('SIGKILL');
  }

  /** Writes the user folder and starts Node-RED; resolves once the flows have started. */
  static async start(options: DemoNodeRedOptions, timeoutMs = 60_000): Promise<DemoNodeRed> {
    prepareUserDir(options);
    const redJs = join(options.repoRoot, 'node_modules', 'node-red', 'red.js');
    const child = spawn(process.execPath, [redJs, '--userDir', options.userDir, '--port', String(options.port)], {
      cwd: options.userDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', NODE_RED_HOME: undefined, PORT: undefined },
    });
    const nr = new DemoNodeRed(child, `http://127.0.0.1:${options.port}/`, join(dirname(options.userDir), 'node-red.log'), options.onProblem);
    try {
      await nr.#waitStarted(timeoutMs);
    } catch (err) {
      await nr.stop();
      throw err;
    }
    return nr;
  }

  async #waitStarted(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#hasExited) throw new Error(`Node-RED exited while starting; see ${this.logFile}`);
      if (/Started flows/.test(this.#log)) {
        try {
          const res = await fetch(`${this.url}flows`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          if (res.status === 200) return;
        } catch {
          // not answering yet
        }
      }
      if (Date.now() > deadline) throw new Error(`Node-RED did not start within ${timeoutMs / 1000} s; see ${this.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** SIGTERM (Node-RED closes its nodes, so the config node logs out), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.#hasExited) {
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
      await this.#exited;
      clearTimeout(timer);
    }
    await this.#exited;
  }
}
