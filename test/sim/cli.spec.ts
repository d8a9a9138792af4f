// The dsm-sim command: exactly one line "listening on <URL>", flags, clean stop on SIGTERM/SIGINT.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from './sim-http';

const CLI = join(__dirname, '..', '..', 'lib', 'sim', 'cli.js');

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no listening line: ${out}${err}`)); }, 20_000);
    const check = (): void => {
      const match = /^listening on (\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out, exit });
      }
    };
    child.stdout?.on('data', check);
    void exit.then((code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${err}`)); });
  });
}

const login = (base: string, account: string, passwd: string, version = 7, path = '/webapi/entry.cgi'): ReturnType<typeof request> =>
  request(base, { path, params: { api: 'SYNO.API.Auth', method: 'login', version, account, passwd, format: 'sid' } });

describe('dsm-sim CLI', () => {
  test('--port 0 --user: one line, that user only, SIGTERM stops it with exit 0', async () => {
    const run = await startCli(['--port', '0', '--user', 'ops:s3cr:et', '--plain-user', 'guest:g']);
    try {
      assert.match(run.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await login(run.url, 'ops', 's3cr:et')).json.success, true);
      assert.equal((await login(run.url, 'admin', 'synology')).json.error.code, 400);
      assert.equal((await login(run.url, 'guest', 'g')).json.success, true);
    } finally {
      run.child.kill('SIGTERM');
    }
    assert.equal(await run.exit, 0);
    assert.equal(run.output(), `listening on ${run.url}\n`);
  });

  test('defaults to admin/synology; --https --profile dsm6 --set; SIGINT stops it', async () => {
    const run = await startCli(['--port', '0', '--https', '--profile', 'dsm6', '--set', 'missingTask=empty', '--strict']);
    try {
      assert.match(run.url, /^https:\/\//);
      const reply = await login(run.url, 'admin', 'synology', 6, '/webapi/auth.cgi');
      assert.equal(reply.json.success, true);
      const get = await request(run.url, { params: { api: 'SYNO.Core.EventScheduler', method: 'get', version: 1, task_name: '"x"', _sid: reply.json.data.sid } });
      assert.deepEqual(get.json, { success: true, data: {} });
    } finally {
      run.child.kill('SIGINT');
    }
    assert.equal(await run.exit, 0);
  });

  test('--state keeps tasks: written on stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsm-sim-cli-'));
    try {
      const seed = join(dir, 'seed.json');
      await import('node:fs/promises').then((fs) => fs.writeFile(seed, JSON.stringify([{ name: 'from-seed', script: 'true' }])));
      const state = join(dir, 'state.json');
      const run = await startCli(['--port', '0', '--state', state, '--seed', seed, '--session-ttl', '60', '--block-after', '3']);
      run.child.kill('SIGTERM');
      assert.equal(await run.exit, 0);
      const saved = JSON.parse(await readFile(state, 'utf8'));
      assert.equal(saved.store.tasks[0].task_name, 'from-seed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a bad flag exits 2 with usage; --help prints usage', async () => {
    for (const args of [['--port', 'abc'], ['--profile', 'dsm5'], ['--bogus'], ['--set', 'nope=1'], ['--user', 'nocolon']]) {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /Usage: dsm-sim/);
    }
    const help = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    help.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    assert.equal(await new Promise((resolve) => help.on('exit', resolve)), 0);
    assert.match(out, /--port N/);
  });
});
