// Test helper: talks to the simulator over real HTTP(S) with Node's own http/https (never lib/dsm).
import http from 'node:http';
import https from 'node:https';
import type { Simulator } from '../../lib/sim';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary DSM JSON
  json: any;
}

export interface CallOptions {
  httpMethod?: 'GET' | 'POST';
  path?: string;
  /** Parameters for the query string (GET) or the form body (POST). */
  params?: Record<string, string | number | boolean>;
  /** Extra query-string parameters, also for POST. */
  query?: Record<string, string | number | boolean>;
  /** A raw query string (appended as is). */
  rawQuery?: string;
  /** A raw body (replaces params for POST). */
  rawBody?: string;
  headers?: Record<string, string>;
  agent?: http.Agent;
  timeoutMs?: number;
  localAddress?: string;
}

const insecureAgent = new https.Agent({ rejectUnauthorized: false });

function form(params: Record<string, string | number | boolean>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString().replace(/\+/g, '%20');
}

export function request(base: string, options: CallOptions = {}): Promise<Reply> {
  const httpMethod = options.httpMethod ?? 'GET';
  const url = new URL(options.path ?? '/webapi/entry.cgi', base);
  const queryParts: string[] = [];
  if (httpMethod === 'GET' && options.params) queryParts.push(form(options.params));
  if (options.query) queryParts.push(form(options.query));
  if (options.rawQuery) queryParts.push(options.rawQuery);
  url.search = queryParts.filter(Boolean).join('&');
  const body = httpMethod === 'POST' ? options.rawBody ?? form(options.params ?? {}) : undefined;
  const isHttps = url.protocol === 'https:';
  const lib = isHttps ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: httpMethod,
      agent: options.agent ?? (isHttps ? insecureAgent : undefined),
      localAddress: options.localAddress,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
        ...options.headers,
      },
      timeout: options.timeoutMs ?? 10_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** One DSM call: api/method/version plus params, on entry.cgi unless `path` says otherwise. */
export function call(sim: Simulator, api: string, method: string, version: number, params: Record<string, string | number | boolean> = {}, options: CallOptions = {}): Promise<Reply> {
  return request(sim.url, { ...options, params: { api, method, version, ...params } });
}

export interface Login {
  sid: string;
  synotoken: string;
  data: Record<string, unknown>;
}

export async function login(sim: Simulator, account = 'admin', passwd = 'synology', extra: Record<string, string> = {}): Promise<Login> {
  const reply = await call(sim, 'SYNO.API.Auth', 'login', 7, { account, passwd, format: 'sid', enable_syno_token: 'yes', ...extra });
  if (!reply.json?.success) throw new Error(`login failed: ${reply.text}`);
  return { sid: reply.json.data.sid, synotoken: reply.json.data.synotoken, data: reply.json.data };
}

/** A JSON-format call with every value JSON-encoded, carrying the session. */
export function jsonCall(sim: Simulator, session: Pick<Login, 'sid' | 'synotoken'>, api: string, method: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<Reply> {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) encoded[key] = JSON.stringify(value);
  return call(sim, api, method, 1, { ...encoded, _sid: session.sid, SynoToken: session.synotoken }, options);
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const ADMIN_OWNER = { '1024': 'admin' };
