// What each admin route does with the NAS. Temporary connections are always closed (logout), and
// every call is bounded by the dialog's request timeout, so a dead NAS still gets an answer.
import { DsmConnection, DsmError, EventScheduler, readServerCertificate, type DsmConnectionOptions } from '../../lib/dsm';
import type { DsmServer } from '../shared/dsm-server';
import type { Answer } from './editor-answer';
import { scrub } from './editor-answer';

export interface EditorCallOptions {
  options: DsmConnectionOptions;
  /** The deployed config node, when its settings equal the dialog's (tasks only). */
  deployed?: DsmServer;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 120_000;
/** Logout of a temporary connection may take this long before the answer goes out anyway. */
const CLOSE_WAIT_MS = 3_000;

function limitOf(options: DsmConnectionOptions): number {
  const ms = options.timeoutMs;
  const limit = typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
  return Math.min(limit, MAX_TIMEOUT_MS);
}

/** Rejects with TIMEOUT after `ms` (plus a little, so the client's own timeout error wins). */
async function withDeadline<T>(work: Promise<T>, ms: number, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new DsmError('TIMEOUT', `The NAS ${host} did not answer within ${Math.round(ms / 1000)} s; check host, port and that it is awake.`)),
      ms + 500,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function withTemporary<T>(options: DsmConnectionOptions, work: (scheduler: EventScheduler, connection: DsmConnection) => Promise<T>): Promise<T> {
  const connection = new DsmConnection(options);
  try {
    return await withDeadline(work(new EventScheduler(connection), connection), limitOf(options), options.host);
  } finally {
    const closing = connection.close().catch(() => undefined);
    await Promise.race([closing, sleep(CLOSE_WAIT_MS)]);
  }
}

export async function testConnection(call: EditorCallOptions, secrets: readonly string[]): Promise<Answer> {
  const { options } = call;
  const result = await withTemporary(options, (_scheduler, connection) => connection.testLogin());
  const scheduler = Object.entries(result.apis).some(([name, api]) => name.startsWith('SYNO.Core.EventScheduler ') && api !== null);
  const message = scheduler
    ? `Connected: logged in to DSM ${result.dsmMajor} on ${options.host} as ${options.username}.`
    : `Logged in to DSM ${result.dsmMajor} on ${options.host} as ${options.username}, but this DSM offers no EventScheduler API.`;
  return { ok: true, message: scrub(message, secrets) };
}

export async function listTasks(call: EditorCallOptions, _secrets: readonly string[]): Promise<Answer> {
  const list = call.deployed
    ? await withDeadline(call.deployed.scheduler().list(), limitOf(call.options), call.options.host)
    : await withTemporary(call.options, (scheduler) => scheduler.list());
  const tasks = list
    .map((task) => ({ name: task.name, event: task.event, enabled: task.enabled }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { ok: true, tasks };
}

export async function readCertificate(call: EditorCallOptions): Promise<Answer> {
  const { options } = call;
  const cert = await readServerCertificate({ host: options.host, port: options.port, timeoutMs: limitOf(options) });
  return { ok: true, ...cert };
}

export async function trustDevice(call: EditorCallOptions, otp: string, secrets: readonly string[]): Promise<Answer> {
  // A device token from an earlier trust would skip the code: this login must use the code.
  const options = { ...call.options, deviceToken: undefined };
  const { deviceToken } = await withTemporary(options, (_scheduler, connection) => connection.loginWithOtp(otp));
  if (!deviceToken) {
    return { ok: false, code: 'OTP_REJECTED', message: 'DSM accepted the code but issued no device token; try again with the next code.' };
  }
  const message = scrub(`Node-RED is now a trusted device of ${options.host} for ${options.username}.`, secrets);
  return { ok: true, message, deviceToken };
}
