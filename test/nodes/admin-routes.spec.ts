// The editor's admin endpoints in a real Node-RED runtime (node-red's own RED.init/RED.start in a
// temp user folder, admin auth on, this package installed by a symlink), against the simulator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Simulator } from '../../lib/sim';
import { startTestSimulator, TEST_USER } from '../helpers/sim';

const repoRoot = join(__dirname, '..', '..', '..');
const PACKAGE = '@nas-automation/node-red-synology-event-scheduler';

const OTP_USER = { name: 'twofactor', password: 'Otp-Pw-51c0ffee-LIMA', otpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };
const EDITORS = { admin: 'Admin-Pw-9d2a', reader: 'Reader-Pw-4b7e' } as const;

/** RFC 6238 (SHA-1, 30 s, 6 digits), written here so the test does not trust the simulator's own. */
function totp(secretBase32: string, atMs = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

interface NodeRedRuntime {
  init(server: Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: express.Express;
  nodes: { getNode(id: string): unknown };
}

type Json = Record<string, unknown>;

let sim: Simulator;
let server: Server;
let base: string;
let userDir: string;
let RED: NodeRedRuntime;
const logLines: string[] = [];
const answers: string[] = [];
const tokens: Record<string, string> = {};

async function call(path: string, body: unknown, who?: keyof typeof EDITORS): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  const res = await fetch(`${base}/${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  answers.push(text);
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

async function login(who: keyof typeof EDITORS): Promise<string> {
  const form = new URLSearchParams({ client_id: 'node-red-editor', grant_type: 'password', scope: who === 'admin' ? '*' : 'read', username: who, password: EDITORS[who] });
  const res = await fetch(`${base}/auth/token`, { method: 'POST', body: form });
  assert.equal(res.status, 200, `login of ${who}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function dialog(extra: Json = {}): Json {
  const url = new URL(sim.url);
  return {
    id: 'unsaved1',
    host: url.hostname,
    port: Number(url.port),
    https: true,
    tlsMode: 'pin',
    fingerprint: sim.fingerprint,
    ca: '',
    timeout: 10,
    sessionName: 'NodeRedEditor',
    username: TEST_USER.name,
    password: TEST_USER.password,
    deviceToken: '',
    ...extra,
  };
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// RED.stop() leaves Node-RED's admin-token expiry timer running (7 days; @node-red/editor-api
// lib/auth/tokens.js), which would keep this test process alive: timers that long are unref'd here.
const realSetTimeout = globalThis.setTimeout;
function unrefLongTimers(): void {
  const patched = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout => {
    const timer = realSetTimeout(handler, ms, ...args);
    if ((ms ?? 0) > 86_400_000) timer.unref();
    return timer;
  };
  globalThis.setTimeout = patched as unknown as typeof setTimeout;
}

before(async () => {
  unrefLongTimers();
  sim = await startTestSimulator({
    https: true,
    users: [{ name: TEST_USER.name, password: TEST_USER.password, admin: true }, { ...OTP_USER, admin: true }],
    seedTasks: [
      { name: 'Mount backup disk', event: 'bootup', owner: 'root', script: 'echo mounted' },
      { name: 'Prepare shutdown', event: 'shutdown', owner: 'root', script: 'echo bye', enabled: false },
    ],
  });
  userDir = mkdtempSync(join(tmpdir(), 'nr-admin-routes-'));
  mkdirSync(join(userDir, 'node_modules', '@nas-automation'), { recursive: true });
  symlinkSync(repoRoot, join(userDir, 'node_modules', PACKAGE), 'dir');

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node-red ships no types for its embedding API
  RED = require('node-red') as NodeRedRuntime;
  const app = express();
  server = createServer(app);
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: '/',
    httpNodeRoot: false,
    editorTheme: { tours: false },
    externalModules: { palette: { allowInstall: false } },
    adminAuth: {
      type: 'credentials',
      users: async (username: string) =>
        username in EDITORS ? { username, permissions: username === 'admin' ? '*' : 'read' } : null,
      authenticate: async (username: string, password: string) =>
        username in EDITORS && EDITORS[username as keyof typeof EDITORS] === password
          ? { username, permissions: username === 'admin' ? '*' : 'read' }
          : null,
    },
    logging: {
      console: { level: 'off' },
      capture: {
        level: 'trace',
        metrics: false,
        audit: true,
        handler: () => (entry: { msg?: unknown }) => logLines.push(JSON.stringify(entry)),
      },
    },
  });
  app.use('/', RED.httpAdmin);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await RED.start();
  tokens.admin = await login('admin');
  tokens.reader = await login('reader');
});

after(async () => {
  await RED?.stop();
  globalThis.setTimeout = realSetTimeout;
  // fetch keeps connections alive; close() would wait for them
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sim?.close();
  if (userDir) rmSync(userDir, { recursive: true, force: true });
});

describe('admin routes in a Node-RED runtime with admin auth', () => {
  test('every route rejects a call without a token (401)', async () => {
    for (const path of ['synology-dsm/test', 'synology-dsm/tasks', 'synology-dsm/fingerprint', 'synology-dsm/trust-device']) {
      const { status } = await call(path, dialog({ otp: '123456' }));
      assert.equal(status, 401, path);
    }
  });

  test('a read-only editor may use none of them (each may log in to a NAS: write permission)', async () => {
    const logins = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length;
    for (const path of ['synology-dsm/test', 'synology-dsm/tasks', 'synology-dsm/fingerprint', 'synology-dsm/trust-device']) {
      assert.equal((await call(path, dialog({ otp: '123456' }), 'reader')).status, 401, path);
    }
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, logins);
  });

  test('a cross-site form post (not JSON) is refused before anything is sent', async () => {
    const logins = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length;
    const values = dialog() as Record<string, unknown>;
    const form = Object.entries(values).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
    const res = await fetch(`${base}/synology-dsm/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${tokens.admin}` },
      body: form,
    });
    assert.equal(res.status, 415);
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length, logins);
  });

  test('test connection works with the unsaved dialog values, then logs out', async () => {
    const before = sim.log.filter({ api: 'SYNO.API.Auth', method: 'logout' }).length;
    const { status, json } = await call('synology-dsm/test', dialog(), 'admin');
    assert.equal(status, 200);
    assert.equal(json.ok, true, JSON.stringify(json));
    assert.match(String(json.message), /logged in/i);
    assert.equal(sim.log.filter({ api: 'SYNO.API.Auth', method: 'logout' }).length, before + 1, 'the temporary session was closed');
  });

  test('a wrong password answers ok:false WRONG_CREDENTIALS without the password', async () => {
    const wrong = 'Wrong-Pw-31415-KILO';
    const { status, json } = await call('synology-dsm/test', dialog({ password: wrong }), 'admin');
    assert.equal(status, 200);
    assert.equal(json.ok, false);
    assert.equal(json.code, 'WRONG_CREDENTIALS');
    assert.equal(typeof json.message, 'string');
    assert.ok(!JSON.stringify(json).includes(wrong));
  });

  test('tasks lists the simulator event tasks', async () => {
    const { json } = await call('synology-dsm/tasks', dialog(), 'admin');
    assert.equal(json.ok, true, JSON.stringify(json));
    assert.deepEqual(json.tasks, [
      { name: 'Mount backup disk', event: 'bootup', enabled: true },
      { name: 'Prepare shutdown', event: 'shutdown', enabled: false },
    ]);
  });

  test('fingerprint matches the simulator certificate and needs no login', async () => {
    const { json } = await call('synology-dsm/fingerprint', dialog({ tlsMode: 'verify', fingerprint: '', password: '' }), 'admin');
    assert.equal(json.ok, true, JSON.stringify(json));
    assert.equal(String(json.fingerprint).toUpperCase(), String(sim.fingerprint).toUpperCase());
    assert.equal(typeof json.subject, 'string');
    assert.equal(typeof json.validTo, 'string');
    assert.equal(typeof json.selfSigned, 'boolean');
  });

  test('__PWRD__ and an empty password use the stored password of a deployed config node', async () => {
    const url = new URL(sim.url);
    const flow = [
      {
        id: 'dsm-deployed',
        type: 'synology-dsm',
        name: 'deployed',
        host: url.hostname,
        port: Number(url.port),
        https: true,
        tlsMode: 'pin',
        fingerprint: sim.fingerprint,
        ca: '',
        timeout: 10,
        maxConcurrent: 4,
        sessionName: 'NodeRedEditor',
        credentials: { username: TEST_USER.name, password: TEST_USER.password },
      },
    ];
    const res = await fetch(`${base}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}`, 'node-red-deployment-type': 'full' },
      body: JSON.stringify(flow),
    });
    assert.equal(res.status, 204, await res.text());
    await waitUntil('the config node to be deployed', () => Boolean(RED.nodes.getNode('dsm-deployed')));

    for (const password of ['__PWRD__', '']) {
      const { json } = await call('synology-dsm/test', dialog({ id: 'dsm-deployed', password }), 'admin');
      assert.equal(json.ok, true, `${JSON.stringify(password)}: ${JSON.stringify(json)}`);
    }
    // unchanged dialog values: the deployed node's own session answers, so repeated lists log in at most once
    const logins = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length;
    for (let i = 0; i < 3; i++) {
      const tasks = await call('synology-dsm/tasks', dialog({ id: 'dsm-deployed', password: '__PWRD__' }), 'admin');
      assert.equal(tasks.json.ok, true, JSON.stringify(tasks.json));
      assert.equal((tasks.json.tasks as unknown[]).length, 2);
    }
    assert.ok(sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length <= logins + 1, 'the deployed connection was reused');
    // a config node that was never deployed has no stored password: the login is refused, not guessed
    const unsaved = await call('synology-dsm/test', dialog({ id: 'never-deployed', password: '__PWRD__' }), 'admin');
    assert.equal(unsaved.json.ok, false);
  });

  test('the stored password never goes to another host or port than the deployed one', async () => {
    const seen: string[] = [];
    const other = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push(`${req.url ?? ''} ${JSON.stringify(req.headers)} ${body}`);
        // looks enough like DSM that a client would go on to log in (dsm-protocol.md §1, §3)
        const api = { path: 'entry.cgi', minVersion: 1, maxVersion: 7 };
        const answer = `${req.url ?? ''}${body}`.includes('SYNO.API.Info')
          ? { success: true, data: { 'SYNO.API.Info': { path: 'query.cgi', minVersion: 1, maxVersion: 1 }, 'SYNO.API.Auth': api, 'SYNO.Core.EventScheduler': { ...api, maxVersion: 1 }, 'SYNO.Core.TaskScheduler': { ...api, maxVersion: 4 } } }
          : { success: false, error: { code: 400 } };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const address = other.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const elsewhere = { id: 'dsm-deployed', port, https: false, password: '__PWRD__' };
      const listed = await call('synology-dsm/tasks', dialog(elsewhere), 'admin');
      const tested = await call('synology-dsm/test', dialog(elsewhere), 'admin');
      assert.equal(listed.json.ok, false);
      assert.equal(tested.json.ok, false);
      const insecure = await call('synology-dsm/test', dialog({ id: 'dsm-deployed', tlsMode: 'insecure', password: '__PWRD__' }), 'admin');
      assert.equal(insecure.json.ok, false, 'switching TLS checks off does not unlock the stored password');
      assert.ok(!seen.join('\n').includes(TEST_USER.password), 'the stored password reached another server');
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  test('trust-device logs in with a TOTP code and returns a token that skips the code later', async () => {
    const account = { username: OTP_USER.name, password: OTP_USER.password };
    const without = await call('synology-dsm/test', dialog(account), 'admin');
    assert.equal(without.json.ok, false);
    assert.equal(without.json.code, 'OTP_REQUIRED');

    const trusted = await call('synology-dsm/trust-device', dialog({ ...account, otp: totp(OTP_USER.otpSecret) }), 'admin');
    assert.equal(trusted.json.ok, true, JSON.stringify(trusted.json));
    const deviceToken = String(trusted.json.deviceToken);
    assert.ok(deviceToken.length > 8);

    const later = await call('synology-dsm/test', dialog({ ...account, deviceToken }), 'admin');
    assert.equal(later.json.ok, true, JSON.stringify(later.json));
    const lastLogin = sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).at(-1);
    assert.ok(lastLogin && !('otp_code' in lastLogin.params), 'the later login sent no OTP code');
  });

  // Malformed JSON never reaches a node's route: Node-RED's admin app rejects it with its own 400.
  test('a body of the wrong shape answers 400 with JSON', async () => {
    for (const body of [[1, 2], { host: 42 }, { id: 'x' }, { host: 'nas', port: [5001] }, { host: 'nas', https: {} }]) {
      const { status, json } = await call('synology-dsm/test', body, 'admin');
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.ok, false);
      assert.equal(json.code, 'INVALID_INPUT');
    }
    const noOtp = await call('synology-dsm/trust-device', dialog({ otp: '12ab' }), 'admin');
    assert.equal(noOtp.status, 400);
  });

  test('a dead NAS answers within the request timeout', async () => {
    const dead = createServer(() => undefined); // accepts and never answers
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    try {
      const address = dead.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const started = Date.now();
      const { json } = await call('synology-dsm/tasks', dialog({ port, https: false, timeout: 1 }), 'admin');
      assert.equal(json.ok, false);
      assert.equal(json.code, 'TIMEOUT');
      assert.ok(Date.now() - started < 6_000, `answered after ${Date.now() - started} ms`);
    } finally {
      dead.closeAllConnections();
      await new Promise<void>((resolve) => dead.close(() => resolve()));
    }
  });

  test('no answer (but trust-device to its caller) and no log line holds a secret', () => {
    const secrets = [TEST_USER.password, OTP_USER.password, EDITORS.admin, EDITORS.reader, ...sessionSecrets()];
    assert.ok(logLines.length > 0 && answers.length > 10, 'logs and answers were captured');
    const shown = [...answers.filter((a) => !a.includes('"deviceToken"')), ...logLines].join('\n');
    for (const secret of secrets) assert.ok(!shown.includes(secret), `a secret (${secret.slice(0, 3)}…) was shown`);
  });
});

function sessionSecrets(): string[] {
  const found: string[] = [];
  for (const [sid] of sim.state.sessions) found.push(sid);
  return found;
}
