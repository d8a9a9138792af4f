// One NAS, one shared DSM session: lazy single-flight login, discovery, re-login once on session
// loss, lockout after login failures, back-off while unreachable, logout on close (design.md).
import { EventEmitter } from 'node:events';
import { resolveConnectionOptions, type ResolvedConnectionOptions } from './connection-options';
import { ApiTable, INFO_PATH, infoPath, parseApiInfo } from './discovery';
import { errorFromDsmCode, LOCKOUT_CODES, SESSION_LOSS_CODES } from './dsm-codes';
import { encodeParams, type Params } from './encode';
import { DsmError } from './errors';
import { ConnectionGuard } from './guard';
import { Limiter } from './limiter';
import { DISCOVERED_APIS, JSON_APIS, METHODS, type MethodDescriptor } from './methods';
import { scrubError } from './redact';
import { FORM_TYPE, loginParams, parseLoginAnswer, type Session } from './session';
import { Transport, type Answer } from './transport';
import type { ConnectionState, ConnectionStats, DsmConnectionOptions, LoginInfo, RequestOptions } from './types';

const NO_HEADERS: Record<string, string> = {};
const POST_HEADERS: Record<string, string> = { 'content-type': FORM_TYPE };

function dsmCodeOf(answer: Answer): number {
  const code = Number(answer.envelope.error?.code);
  return Number.isInteger(code) ? code : 100;
}

export interface TestLoginResult {
  /** 7 when the DSM offers SYNO.API.Auth v7, else 6 or lower. */
  dsmMajor: number;
  apis: Record<string, { version: number } | null>;
}

export class DsmConnection extends EventEmitter {
  readonly #options: ResolvedConnectionOptions;
  readonly #transport: Transport;
  readonly #limiter: Limiter;
  readonly #guard: ConnectionGuard;
  readonly #generic = new Map<string, MethodDescriptor>();
  readonly #askedInfo = new Set<string>(DISCOVERED_APIS);
  #state: ConnectionState = 'idle';
  #apis: ApiTable | undefined;
  #apisPromise: Promise<ApiTable> | undefined;
  #session: Session | undefined;
  #loginPromise: Promise<Session> | undefined;
  #deviceToken: string | undefined;
  // A 105 right after a reconnect means the NAS rebooted and forgot the session (§2.9).
  #afterReconnect = false;
  #closed = false;
  readonly #stats: ConnectionStats = { logins: 0, requests: 0, httpRequests: 0 };

  constructor(options: DsmConnectionOptions) {
    super();
    this.#options = resolveConnectionOptions(options);
    this.#deviceToken = this.#options.deviceToken;
    this.#limiter = new Limiter(this.#options.maxConcurrent);
    this.#guard = new ConnectionGuard(this.#options.backoff);
    this.#transport = new Transport({
      host: this.#options.host,
      port: this.#options.port,
      https: this.#options.https,
      tls: this.#options.tls,
      timeoutMs: this.#options.timeoutMs,
      // One more than the limit, so the logout on close never waits behind a stuck request.
      connections: this.#options.maxConcurrent + 1,
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get stats(): Readonly<ConnectionStats> {
    return { ...this.#stats };
  }

  /** `https://host:port`, for messages and the editor (no secrets in it). */
  get origin(): string {
    return this.#transport.origin;
  }

  /** The API table from SYNO.API.Info (discovered on first use). */
  async apis(): Promise<ApiTable> {
    this.#checkUsable();
    return this.#apis ?? this.#discover();
  }

  /** Calls one declared DSM method with the shared session; returns DSM's `data`. */
  async call(descriptor: MethodDescriptor, params: Params): Promise<unknown> {
    this.#stats.requests++;
    try {
      return await this.#call(descriptor, params);
    } catch (err) {
      throw this.#scrub(err);
    }
  }

  /** Any DSM method by name; `version` defaults to the highest the DSM offers. */
  async request(api: string, method: string, params: Params = {}, options: RequestOptions & { version?: number } = {}): Promise<unknown> {
    const write = options.write ?? false;
    const key = `${api} ${method} ${options.version ?? ''} ${write} ${options.idempotent ?? !write}`;
    let descriptor = this.#generic.get(key);
    if (!descriptor) {
      descriptor = {
        api,
        method,
        minVersion: options.version ?? 1,
        maxVersion: options.version ?? Number.MAX_SAFE_INTEGER,
        verb: write ? 'POST' : 'GET',
        idempotent: options.idempotent ?? !write,
      };
      this.#generic.set(key, descriptor);
    }
    if (!this.#askedInfo.has(api)) await this.#discoverExtra(api);
    return this.call(descriptor, params);
  }

  /** Asks SYNO.API.Info about one more API (for the generic request). */
  async #discoverExtra(api: string): Promise<void> {
    try {
      this.#checkUsable();
      const blocked = this.#guard.blocked();
      if (blocked) throw blocked;
      const apis = this.#apis ?? (await this.#discover());
      const answer = await this.#limiter.run(() => {
        this.#stats.httpRequests++;
        return this.#transport.send({ method: 'GET', path: infoPath([api]), headers: NO_HEADERS, write: false });
      });
      if (answer.envelope.success) apis.merge(parseApiInfo(answer.envelope.data));
      this.#askedInfo.add(api);
    } catch (err) {
      throw this.#scrub(this.#noteFailure(err));
    }
  }

  /** Logs in once with a 2FA code and asks DSM to trust this device; later logins use the token. */
  async loginWithOtp(otpCode: string): Promise<LoginInfo> {
    this.#checkUsable();
    const code = typeof otpCode === 'string' ? otpCode.replace(/\s/g, '') : '';
    if (!/^\d{6,8}$/.test(code)) throw new DsmError('INVALID_INPUT', 'The 2FA code must be the 6-digit code from the authenticator app.');
    const blocked = this.#guard.locked;
    if (blocked?.code === 'IP_BLOCKED') throw blocked.copy();
    try {
      await this.#loginPromise?.catch(() => undefined);
      this.#guard.unlock();
      const apis = this.#apis ?? (await this.#discover());
      const { deviceToken } = await this.#login(apis, code);
      return { deviceToken };
    } catch (err) {
      throw this.#scrub(err);
    }
  }

  /** Discovery and login (the editor's Test button); keeps the session for later calls. */
  async testLogin(): Promise<TestLoginResult> {
    try {
      const blocked = this.#guard.blocked();
      if (blocked) throw blocked;
      const apis = this.#apis ?? (await this.#discover());
      if (!this.#session) await this.#ensureSession(apis);
      const result: TestLoginResult['apis'] = {};
      for (const descriptor of Object.values(METHODS)) {
        try {
          result[`${descriptor.api} ${descriptor.method}`] = { version: apis.resolve(descriptor).version };
        } catch {
          result[`${descriptor.api} ${descriptor.method}`] = null;
        }
      }
      const auth = apis.entry('SYNO.API.Auth');
      return { dsmMajor: auth && auth.maxVersion >= 7 ? 7 : 6, apis: result };
    } catch (err) {
      throw this.#scrub(err);
    }
  }

  /** A fresh single-use SynoConfirmPWToken for one .Root write (§4.5). */
  async confirmPassword(): Promise<string> {
    const data = (await this.call(METHODS.passwordConfirm, { password: this.#options.password })) as Record<string, unknown> | undefined;
    const token = data?.SynoConfirmPWToken;
    if (typeof token !== 'string' || token === '') {
      throw new DsmError('NOT_JSON', 'DSM confirmed the password but sent no SynoConfirmPWToken; a root-owned task cannot be saved.', {
        api: METHODS.passwordConfirm.api,
        method: 'auth',
      });
    }
    return token;
  }

  /** Logs out (bounded by the timeout, at most 5 s) and ends the pool. Never rejects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const session = this.#session;
    this.#session = undefined;
    const apis = this.#apis;
    if (session && apis) {
      const bound = Math.min(this.#options.timeoutMs, 5_000);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#exchange(apis, METHODS.logout, { session: this.#options.sessionName }, session).catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, bound);
        }),
      ]);
      clearTimeout(timer);
    }
    await this.#transport.close(1_000);
    this.#setState('closed');
  }

  async #call(descriptor: MethodDescriptor, params: Params): Promise<unknown> {
    this.#checkUsable();
    let replayed = false;
    let retried = false;
    for (;;) {
      const blocked = this.#guard.blocked();
      if (blocked) throw blocked;
      const apis = this.#apis ?? (await this.#discover());
      const session = this.#session ?? (await this.#ensureSession(apis));
      let answer: Answer;
      try {
        answer = await this.#exchange(apis, descriptor, params, session);
      } catch (err) {
        const error = this.#noteFailure(err);
        if (error.code === 'TIMEOUT' && descriptor.idempotent && !retried) {
          retried = true;
          continue;
        }
        throw error;
      }
      this.#noteAnswer();
      const afterReconnect = this.#afterReconnect;
      this.#afterReconnect = false;
      if (answer.envelope.success) return answer.envelope.data;
      const code = dsmCodeOf(answer);
      if (!replayed && (SESSION_LOSS_CODES.has(code) || (code === 105 && afterReconnect))) {
        replayed = true;
        this.#dropSession(session);
        continue;
      }
      throw errorFromDsmCode(code, descriptor.api, descriptor.method);
    }
  }

  async #exchange(apis: ApiTable, descriptor: MethodDescriptor, params: Params, session: Session | undefined): Promise<Answer> {
    const resolved = apis.resolve(descriptor);
    const encoded = encodeParams(params, JSON_APIS.has(descriptor.api));
    const query = resolved.prefix + (encoded ? '&' + encoded : '') + (session ? session.sidParam : '');
    const write = descriptor.verb === 'POST';
    return this.#limiter.run(() => {
      this.#stats.httpRequests++;
      return this.#transport.send(
        write
          ? { method: 'POST', path: resolved.path, body: query, headers: session ? session.postHeaders : POST_HEADERS, write: !descriptor.idempotent }
          : { method: 'GET', path: resolved.path + '?' + query, headers: session ? session.getHeaders : NO_HEADERS, write: false },
      );
    });
  }

  #discover(): Promise<ApiTable> {
    this.#apisPromise ??= (async () => {
      try {
        const answer = await this.#limiter.run(() => {
          this.#stats.httpRequests++;
          return this.#transport.send({ method: 'GET', path: INFO_PATH, headers: NO_HEADERS, write: false });
        });
        this.#noteAnswer();
        if (!answer.envelope.success) throw errorFromDsmCode(dsmCodeOf(answer), 'SYNO.API.Info', 'query');
        const table = new ApiTable(parseApiInfo(answer.envelope.data));
        if (!table.has('SYNO.API.Auth')) {
          throw new DsmError('NOT_AVAILABLE', 'SYNO.API.Info lists no SYNO.API.Auth; this does not look like DSM.', { api: 'SYNO.API.Info', method: 'query' });
        }
        this.#apis = table;
        return table;
      } catch (err) {
        throw this.#noteFailure(err);
      } finally {
        this.#apisPromise = undefined;
      }
    })();
    return this.#apisPromise;
  }

  #ensureSession(apis: ApiTable): Promise<Session> {
    this.#loginPromise ??= this.#login(apis)
      .then((answer) => answer.session)
      .finally(() => {
        this.#loginPromise = undefined;
      });
    return this.#loginPromise;
  }

  async #login(apis: ApiTable, otpCode?: string): Promise<{ session: Session; deviceToken: string }> {
    const blocked = otpCode === undefined ? this.#guard.blocked() : undefined;
    if (blocked) throw blocked;
    this.#setState('logging-in');
    const params = loginParams({
      username: this.#options.username,
      password: this.#options.password,
      sessionName: this.#options.sessionName,
      deviceName: this.#options.deviceName,
      deviceToken: this.#deviceToken,
      otpCode,
    });
    let answer: Answer;
    try {
      this.#stats.logins++;
      answer = await this.#exchange(apis, METHODS.login, params, undefined);
    } catch (err) {
      const error = this.#noteFailure(err);
      if (this.#state === 'logging-in') this.#setState('idle', error);
      throw error;
    }
    this.#noteAnswer();
    if (!answer.envelope.success) {
      const error = errorFromDsmCode(dsmCodeOf(answer), METHODS.login.api, 'login');
      if (LOCKOUT_CODES.has(error.code)) {
        this.#guard.lock(error);
        this.#setState(error.code === 'IP_BLOCKED' ? 'ip-blocked' : error.code.startsWith('OTP') ? 'otp-required' : 'login-failed', error);
      } else {
        this.#setState('idle', error);
      }
      throw error;
    }
    const parsed = parseLoginAnswer(answer.envelope.data, answer.setCookie);
    if (otpCode !== undefined) {
      if (parsed.deviceToken) this.#deviceToken = parsed.deviceToken;
      else {
        this.emit('warning', {
          code: 'EMPTY_DEVICE_TOKEN',
          message: 'DSM accepted the 2FA code but issued no device token; the next login will need a 2FA code again.',
        });
      }
    }
    this.#session = parsed.session;
    this.#afterReconnect = false;
    this.#setState('connected');
    return parsed;
  }

  #dropSession(session: Session): void {
    if (this.#session === session) this.#session = undefined;
  }

  #noteAnswer(): void {
    if (this.#guard.unreachable) {
      this.#guard.noteReachable();
      if (this.#state === 'unreachable') this.#setState(this.#session ? 'connected' : 'idle');
    }
  }

  #noteFailure(err: unknown): DsmError {
    const error = err instanceof DsmError ? err : new DsmError('CONNECTION_RESET', 'The request failed unexpectedly; try again.');
    if (error.code === 'UNREACHABLE' || error.code === 'CONNECTION_RESET' || error.code === 'TIMEOUT') this.#afterReconnect = true;
    if (error.code === 'UNREACHABLE') {
      this.#guard.noteUnreachable(error);
      // Ask SYNO.API.Info again before any login: never a login while connections are refused.
      this.#apis = undefined;
      this.#askedInfo.clear();
      for (const api of DISCOVERED_APIS) this.#askedInfo.add(api);
      this.#setState('unreachable', error);
    } else if (error.code === 'TLS') {
      this.#setState('unreachable', error);
    }
    return error;
  }

  #setState(state: ConnectionState, error?: DsmError): void {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    this.emit('state', state, error ? this.#scrub(error) : undefined);
  }

  #checkUsable(): void {
    if (this.#closed) throw new DsmError('UNREACHABLE', 'The connection to the NAS was closed (the configuration was stopped or redeployed).');
  }

  #scrub(err: unknown): DsmError {
    const error = err instanceof DsmError ? err : new DsmError('CONNECTION_RESET', 'The request failed unexpectedly; try again.');
    return scrubError(error, [this.#options.password, this.#deviceToken, this.#session?.sid, this.#session?.synoToken]);
  }
}
