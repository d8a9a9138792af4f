import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { generateTotp, newTotpSecret } from '../../lib/sim';
import { DsmConnection, DsmError, EventScheduler } from '../../lib/dsm';
import { connect, startSim } from './helpers';
import { json, startFake } from './fake-server';

const PASSWORD = 'Secr3t pa$$ #&+%"\'ü';
const SID = 'SID-0123456789abcdef';
const TOKEN = 'SYNOTOKEN-fedcba987654';
const DEVICE = 'DEVICETOKEN-13579';

/** Everything an error exposes: message, stack, own fields and the cause chain. */
function exposed(value: unknown, depth = 0): string {
  if (depth > 6 || value === null || value === undefined) return '';
  if (value instanceof Error) {
    const fields = Object.entries(value).map(([k, v]) => `${k}=${typeof v === 'object' ? exposed(v, depth + 1) : String(v)}`);
    return [value.message, value.stack ?? '', ...fields, exposed((value as { cause?: unknown }).cause, depth + 1)].join('\n');
  }
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

function assertClean(texts: string[], secrets: string[]): void {
  const all = texts.join('\n');
  for (const secret of secrets) {
    assert.ok(!all.includes(secret), `a secret leaked: ${secret.slice(0, 4)}…`);
    assert.ok(!all.includes(encodeURIComponent(secret)), `an encoded secret leaked: ${secret.slice(0, 4)}…`);
  }
}

async function failure(promise: Promise<unknown>): Promise<DsmError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DsmError, `not a DsmError: ${String(err)}`);
    return err;
  }
  throw new Error('expected a failure');
}

describe('no secret in errors or events', () => {
  it('keeps password, sid, SynoToken and device token out of every kind of failure (fake DSM)', async () => {
    let next: { kind: string; code?: number } = { kind: 'ok' };
    const fake = await startFake((_req, body, res) => {
      if (body.includes('method=login')) {
        if (next.kind === 'login-error') return json(res, { success: false, error: { code: next.code } });
        return json(res, { success: true, data: { sid: SID, synotoken: TOKEN, device_id: DEVICE } });
      }
      if (body.includes('method=logout')) return json(res, { success: true });
      switch (next.kind) {
        case 'error':
          return json(res, { success: false, error: { code: next.code, errors: { sid: SID, passwd: PASSWORD } } });
        case 'html':
          res.setHeader('content-type', 'text/html');
          return res.end(`<html>${SID}</html>`);
        case 'status':
          res.statusCode = 500;
          return res.end(`${TOKEN}`);
        case 'redirect':
          res.writeHead(301, { location: `/x?_sid=${SID}` });
          return res.end();
        case 'reset':
          return res.socket?.destroy();
        case 'hang':
          return;
        default:
          return json(res, { success: true, data: {} });
      }
    });
    const texts: string[] = [];
    const connection = new DsmConnection({ host: '127.0.0.1', port: fake.port, https: false, username: 'u', password: PASSWORD, timeoutMs: 300 });
    connection.on('state', (state: string, error?: unknown) => texts.push(state, exposed(error)));
    connection.on('warning', (w: unknown) => texts.push(exposed(w)));
    const call = (write = false) => connection.request('SYNO.Core.EventScheduler', 'run', { task_name: 'x' }, { write });
    try {
      await connection.loginWithOtp('123456');
      for (const kind of [
        { kind: 'error', code: 119 },
        { kind: 'error', code: 105 },
        { kind: 'error', code: 400 },
        { kind: 'error', code: 4803 },
        { kind: 'html' },
        { kind: 'status' },
        { kind: 'redirect' },
        { kind: 'reset' },
        { kind: 'hang' },
      ]) {
        next = kind;
        texts.push(exposed(await failure(call(kind.kind === 'hang'))));
      }
      for (const code of [400, 401, 403, 404, 407, 410]) {
        next = { kind: 'login-error', code };
        const fresh = new DsmConnection({ host: '127.0.0.1', port: fake.port, https: false, username: 'u', password: PASSWORD, deviceToken: DEVICE });
        fresh.on('state', (state: string, error?: unknown) => texts.push(state, exposed(error)));
        texts.push(exposed(await failure(fresh.testLogin())));
        texts.push(exposed(await failure(fresh.testLogin())));
        await fresh.close();
      }
      assert.ok(texts.length > 20);
      assertClean(texts, [PASSWORD, SID, TOKEN, DEVICE]);
    } finally {
      await connection.close();
      await fake.close();
    }
  });

  it('keeps secrets out of simulator-provoked failures: TLS, 2FA, unreachable, root writes, session loss', async () => {
    const otp = newTotpSecret();
    const sim = await startSim({ https: true, passwordConfirmFailCode: 400, users: [
      { name: 'admin', password: PASSWORD, admin: true },
      { name: 'twofa', password: PASSWORD, otpSecret: otp },
    ] });
    const texts: string[] = [];
    const watch = (c: DsmConnection): DsmConnection => {
      c.on('state', (state: string, error?: unknown) => texts.push(state, exposed(error)));
      c.on('warning', (w: unknown) => texts.push(exposed(w)));
      return c;
    };
    const secrets = [PASSWORD];
    try {
      const twofa = watch(connect(sim, { username: 'twofa', password: PASSWORD }));
      texts.push(exposed(await failure(twofa.testLogin())));
      const { deviceToken } = await twofa.loginWithOtp(generateTotp(otp));
      secrets.push(deviceToken);
      texts.push(exposed(await failure(twofa.loginWithOtp('000000'))));
      await twofa.close();

      const pinned = watch(connect(sim, { password: PASSWORD, tls: { mode: 'pin', fingerprint: '00'.repeat(32) } }));
      texts.push(exposed(await failure(pinned.testLogin())));
      await pinned.close();
      const verify = watch(connect(sim, { password: PASSWORD, tls: { mode: 'verify' } }));
      texts.push(exposed(await failure(verify.testLogin())));
      await verify.close();

      const admin = watch(connect(sim, { password: PASSWORD }));
      const scheduler = new EventScheduler(admin);
      await admin.testLogin();
      for (const [sid] of sim.state.sessions) secrets.push(sid);
      sim.faults.add({ api: 'SYNO.Core.User.PasswordConfirm', action: 'error', code: 400, times: 1 });
      texts.push(exposed(await failure(scheduler.create({ name: 'root task', owner: 'root', script: 'true' }))));
      sim.faults.add({ api: 'SYNO.Core.EventScheduler', action: 'error', code: 119, times: 2 });
      texts.push(exposed(await failure(scheduler.get('anything'))));
      for (const [sid] of sim.state.sessions) secrets.push(sid);
      texts.push(exposed(await failure(scheduler.run('missing'))));
      await admin.close();

      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const gone = watch(new DsmConnection({ host: '127.0.0.1', port, https: false, username: 'admin', password: PASSWORD }));
      texts.push(exposed(await failure(gone.testLogin())));
      texts.push(exposed(await failure(gone.testLogin())));
      await gone.close();
      assert.ok(secrets.length >= 4, 'device token and sids collected');
      assertClean(texts, secrets);
    } finally {
      await sim.close();
    }
  });
});
