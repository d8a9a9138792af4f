// HTTP to one NAS: one undici Pool (keep-alive, its own TLS options), timeouts, JSON envelope decoding.
import type { TLSSocket } from 'node:tls';
import { Pool, buildConnector } from 'undici';
import { DsmError } from './errors';
import { normalizeFingerprint } from './fingerprint';
import { urlHost } from './host';
import { PIN_MISMATCH, transportError } from './transport-errors';
import { speaksTls } from './tls-probe';
import type { TlsOptions } from './types';

export interface TransportOptions {
  host: string;
  port: number;
  https: boolean;
  tls: TlsOptions;
  timeoutMs: number;
  connections: number;
}

/** DSM's answer envelope (§3). */
export interface Envelope {
  success: boolean;
  data?: unknown;
  error?: { code?: unknown; errors?: unknown };
}

export interface Answer {
  envelope: Envelope;
  setCookie: string[];
}

export interface SendOptions {
  method: 'GET' | 'POST';
  /** Path with the query string. */
  path: string;
  body?: string;
  headers: Record<string, string>;
  /** For messages and the timeout text: a write may have taken effect. */
  write: boolean;
}

function pinnedConnector(pin: string, connectTimeout: number): buildConnector.connector {
  const base = buildConnector({ rejectUnauthorized: false, timeout: connectTimeout, maxCachedSessions: 0 });
  return (options, callback) => {
    base(options, (err, socket) => {
      if (err) {
        callback(err, null);
        return;
      }
      // The pin is checked here, right after the handshake, before undici writes any request.
      const cert = (socket as TLSSocket).getPeerCertificate?.();
      if (!cert || cert.fingerprint256 !== pin) {
        socket.destroy();
        const mismatch = new Error('the server certificate does not match the pinned fingerprint');
        (mismatch as Error & { code: string }).code = PIN_MISMATCH;
        callback(mismatch, null);
        return;
      }
      callback(null, socket);
    });
  };
}

function connectOptions(options: TransportOptions): Pool.Options['connect'] {
  const timeout = Math.min(options.timeoutMs, 15_000);
  if (!options.https) return { timeout };
  const mode = options.tls.mode ?? 'verify';
  switch (mode) {
    case 'pin':
      return pinnedConnector(normalizeFingerprint(options.tls.fingerprint), timeout);
    case 'ca':
      return { timeout, rejectUnauthorized: true, ca: options.tls.ca };
    case 'insecure':
      return { timeout, rejectUnauthorized: false };
    default:
      return { timeout, rejectUnauthorized: true };
  }
}

function decode(text: string, statusCode: number, where: string): Envelope {
  const trimmed = text.trimStart();
  if (statusCode !== 200) {
    // nginx answers plain HTTP on its HTTPS port with a 400 HTML page.
    if (/plain HTTP request was sent to HTTPS port/i.test(trimmed)) {
      throw new DsmError('NOT_JSON', `${where} speaks HTTPS, but the request was plain HTTP; switch HTTPS on.`, { statusCode });
    }
    throw new DsmError('HTTP_ERROR', `${where} answered HTTP ${statusCode}; check the host, port and that DSM's web service runs.`, {
      statusCode,
    });
  }
  if (trimmed === '') {
    throw new DsmError('NOT_JSON', `${where} sent an empty answer instead of JSON; check that this is DSM's port (5000/5001).`, { statusCode });
  }
  if (trimmed.startsWith('<')) {
    throw new DsmError('NOT_JSON', `${where} sent an HTML page instead of JSON; check the port (a web server or a login portal answers there) and HTTPS.`, {
      statusCode,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new DsmError('NOT_JSON', `${where} sent an answer that is not JSON; check that this is DSM's port (5000/5001).`, { statusCode });
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Envelope).success !== 'boolean') {
    throw new DsmError('NOT_JSON', `${where} sent JSON that is not a DSM answer; check that this is DSM's port.`, { statusCode });
  }
  return parsed as Envelope;
}

export class Transport {
  readonly origin: string;
  readonly where: string;
  readonly timeoutMs: number;
  readonly #options: TransportOptions;
  #pool: Pool;

  constructor(options: TransportOptions) {
    const hostPort = `${urlHost(options.host)}:${options.port}`;
    this.origin = `${options.https ? 'https' : 'http'}://${hostPort}`;
    this.where = hostPort;
    this.timeoutMs = options.timeoutMs;
    this.#options = options;
    this.#pool = new Pool(this.origin, {
      connections: options.connections,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // Idle sockets are dropped before a server with a short keep-alive closes them under a request.
      keepAliveTimeout: 4_000,
      connect: connectOptions(options),
    });
  }

  async send(options: SendOptions): Promise<Answer> {
    let statusCode: number;
    let text: string;
    let setCookie: string[] = [];
    try {
      const response = await this.#pool.request({
        method: options.method,
        path: options.path,
        body: options.body,
        headers: options.headers,
      });
      statusCode = response.statusCode;
      if (statusCode >= 300 && statusCode < 400) {
        await response.body.dump();
        throw new DsmError(
          'REDIRECT',
          `${this.where} answered with a redirect (HTTP ${statusCode}), which is not followed; check HTTPS and the port (DSM may redirect HTTP to HTTPS).`,
          { statusCode },
        );
      }
      const cookie = response.headers['set-cookie'];
      if (cookie) setCookie = Array.isArray(cookie) ? cookie : [cookie];
      text = await response.body.text();
    } catch (err) {
      const error = transportError(err, this.where, this.timeoutMs, options.write);
      if (error.code === 'CONNECTION_RESET' && !this.#options.https && (await speaksTls(this.#options.host, this.#options.port, Math.min(this.timeoutMs, 2_000)))) {
        throw new DsmError('NOT_JSON', `${this.where} speaks HTTPS, but the request was plain HTTP; switch HTTPS on.`, { cause: error });
      }
      throw error;
    }
    return { envelope: decode(text, statusCode, this.where), setCookie };
  }

  /** Ends the pool: waits up to `graceMs` for running requests, then destroys the sockets. */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.#pool.close().catch(() => undefined), deadline]);
    clearTimeout(timer);
    await this.#pool.destroy().catch(() => undefined);
  }
}
