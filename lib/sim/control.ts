// The simulator's own control endpoint under /sim/ (not DSM): lets the demo, the CLI user and tests in
// other processes set faults, reboot, expire sessions, run tasks and read the log and state. Loopback
// clients only (403 otherwise). JSON in, JSON out. Never returns a password, sid or token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaultRule } from './faults';
import { BodyTooLarge, readBody } from './http-body';
import type { RequestLog } from './request-log';
import type { SimCore } from './routes/route-types';
import type { FaultRule, SimResult, TriggerEvent } from './types';

export interface ControlTarget {
  core: SimCore;
  log: RequestLog;
  reboot(options?: { downMs?: number }): Promise<void>;
  expireSessions(): void;
  runTaskNow(name: string, trigger?: TriggerEvent): Promise<SimResult | undefined>;
}

/** Whether a client address is a loopback address (127.0.0.0/8, ::1, or 127.x mapped into IPv6). */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}

/** A Host header naming this machine: a DNS-rebinding page arrives with its own host name instead. */
function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return name === 'localhost' || isLoopback(name);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function stateSummary(core: SimCore): unknown {
  const { state } = core;
  const tasks = [...state.tasks.values()];
  return {
    tasks,
    results: Object.fromEntries(tasks.map((task) => [task.task_name, state.results(task.task_name)])),
    users: state.userList().map((user) => ({ name: user.name, uid: user.uid, admin: user.admin, disabled: user.disabled, otp: user.otpSecret !== undefined })),
    sessions: state.sessions.size,
    logins: state.logins,
  };
}

async function parseJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, 1_048_576);
  return text.trim() === '' ? {} : JSON.parse(text);
}

export async function handleControl(target: ControlTarget, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress ?? '')) {
    reply(res, 403, { ok: false, message: 'the control endpoint answers loopback clients only' });
    return;
  }
  // Browsers send Origin on cross-site requests; scripts, the CLI and Node-RED's http request node do not.
  if (req.headers.origin !== undefined || !isLoopbackHost(req.headers.host)) {
    reply(res, 403, { ok: false, message: 'the control endpoint refuses browser (cross-site) requests' });
    return;
  }
  let body: unknown;
  try {
    body = await parseJson(req);
  } catch (error) {
    reply(res, error instanceof BodyTooLarge ? 413 : 400, { ok: false, message: 'the body must be JSON' });
    return;
  }
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  const { core } = target;
  try {
    switch (route) {
      case 'GET /sim/state':
        return reply(res, 200, { ok: true, ...(stateSummary(core) as object) });
      case 'GET /sim/faults':
        return reply(res, 200, { ok: true, faults: core.faults.list() });
      case 'POST /sim/faults': {
        const rules = (Array.isArray(body) ? body : [body]).map((rule) => checkFaultRule(rule));
        const ids = rules.map((rule: FaultRule) => core.faults.add(rule));
        return reply(res, 200, { ok: true, ids });
      }
      case 'DELETE /sim/faults':
        core.faults.clear();
        return reply(res, 200, { ok: true });
      case 'GET /sim/log':
        return reply(res, 200, { ok: true, entries: target.log.entries() });
      case 'DELETE /sim/log':
        target.log.clear();
        return reply(res, 200, { ok: true });
      case 'POST /sim/expire-sessions':
        target.expireSessions();
        return reply(res, 200, { ok: true });
      case 'POST /sim/unblock':
        core.state.loginGuard.reset();
        return reply(res, 200, { ok: true });
      case 'POST /sim/run': {
        const trigger = input.trigger ?? 'on_demand';
        if (typeof input.task !== 'string' || !['on_demand', 'bootup', 'shutdown'].includes(String(trigger))) {
          return reply(res, 400, { ok: false, message: 'needs "task" and an optional "trigger" (on_demand, bootup, shutdown)' });
        }
        const result = await target.runTaskNow(input.task, trigger as TriggerEvent);
        return reply(res, result ? 200 : 404, result ? { ok: true, result } : { ok: false, message: 'no such task' });
      }
      case 'POST /sim/reboot': {
        const downMs = typeof input.downMs === 'number' && input.downMs >= 0 ? input.downMs : 2000;
        reply(res, 202, { ok: true, downMs });
        // The answer goes out first: the reboot closes every connection, this one included.
        res.on('finish', () => void target.reboot({ downMs }).catch(() => undefined));
        return;
      }
      default:
        return reply(res, 404, { ok: false, message: `no control route ${route}` });
    }
  } catch (error) {
    reply(res, 400, { ok: false, message: error instanceof Error ? error.message : 'bad request' });
  }
}
