// One NAS, one shared DSM session: lazy single-flight login, discovery, re-login once on session
// loss, lockout after login failures, back-off while unreachable, logout on close (design.md).
import { EventEmitter } from 'node:events';
import { resolveConnectionOptions, type ResolvedConnectionOptions } from './connection-options';
import { ApiDiscovery } from './api-discovery';
import type { ApiTable } from './discovery';
import { errorFromDsmCode, SESSION_LOSS_CODES } from './dsm-codes';
import type { Params } from './encode';
import { DsmError } from './errors';
import { ConnectionGuard } from './guard';
import { Limiter } from './limiter';
import { METHODS, type MethodDescriptor } from './methods';
import { scrubError } from './redact';
import { Requester } from './requester';
import { LoginFlow } from './login-flow';
import { Transport, type Answer } from './transport';
import { beforeTheWrite, safeCause } from './transport-errors';
import type { ConnectionState, ConnectionStats, DsmConnectionOptions, LoginInfo, RequestOptions } from './types';

function dsmCodeOf(answer: Answer): number {
  const code = Number(answer.envelope.error?.code);
  return Number.isInteger(code) ? code : 100;
}

/** A DsmError as it is; anything else thrown here is a bug of this package, not a network fault. */
function asDsmError(err: unknown): DsmError {
  if (err instanceof DsmError) return err;
  return new DsmError('INTERNAL_ERROR', 'The DSM client failed unexpectedly (a bug in this package); please report it.', { cause: safeCause(err) });
}

export interface TestLoginResult {
  /** 7 when the DSM offers SYNO.API.Auth v7, else 6 or lower. */
  dsmMajor: number;
  apis: Record<string, { version: number } | null>;
}

export class DsmConnection extends EventEmitter {
  readonly #options: ResolvedConnectionOptions;
  readonly #transport: Transport;
  readonly #requester: Requester;
  readonly #discovery: ApiDiscovery;
  readonly #guard: ConnectionGuard;
  readonly #generic = new Map<string, MethodDescriptor>();
  #state: ConnectionState = 'idle';
  readonly #login: LoginFlow;
  // A 105 right after a reconnect means the NAS rebooted and forgot the session (§2.9).
  #afterReconnect = false;
  #closed = false;
  readonly #stats: ConnectionStats = { logins: 0, requests: 0, httpRequests: 0 };

  constructor(options: DsmConnectionOptions) {
    super();
    this.#options = resolveConnectionOptions(options);
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
    this.#requester = new Requester(this.#transport, new Limiter(this.#options.maxConcurrent), this.#stats);
    const answered = (): void => this.#noteAnswer();
    const failed = (err: unknown): DsmError => this.#noteFailure(err);
    this.#discovery = new ApiDiscovery(this.#requester, { answered, failed });
    this.#login = new LoginFlow(this.#options, this.#guard, this.#requester, this.#stats, {
      answered,
      failed,
      state: () => this.#state,
      setState: (state, error) => {
        if (state === 'connected') this.#afterReconnect = false;
        this.#setState(state, error);
      },
      warn: (warning) => this.emit('warning', warning),
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
    return this.#discovery.current ?? this.#discovery.load();
  }

  /** Calls one declared DSM method with the shared session; returns DSM's `data`. */
  call(descriptor: MethodDescriptor, params: Params): Promise<unknown> {
    this.#stats.requests++;
    return this.#call(descriptor, params).catch((err: unknown) => {
      throw this.#scrub(err);
    });
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
    try {
      this.#checkUsable();
      const blocked = this.#guard.blocked();
      if (blocked) throw blocked;
      await this.#discovery.ensureAsked(api);
    } catch (err) {
      throw this.#scrub(err);
    }
    return this.call(descriptor, params);
  }

  /** Logs in once with a 2FA code and asks DSM to trust this device; later logins use the token. */
  async loginWithOtp(otpCode: string): Promise<LoginInfo> {
    this.#checkUsable();
    const code = typeof otpCode === 'string' ? otpCode.replace(/\s/g, '') : '';
    if (!/^\d{6,8}$/.test(code)) throw new DsmError('INVALID_INPUT', 'The 2FA code must be the 6-digit code from the authenticator app.');
    const blocked = this.#guard.locked;
    if (blocked?.code === 'IP_BLOCKED') throw blocked.copy();
    try {
      await this.#login.settled();
      this.#guard.unlock();
      const apis = this.#discovery.current ?? (await this.#discovery.load());
      const { deviceToken } = await this.#login.shared(apis, code);
      return { deviceToken };
    } catch (err) {
      throw this.#scrub(err);
    }
  }

  /** Discovery and login (the editor's Test button); keeps the session for later calls. */
  async testLogin(): Promise<TestLoginResult> {
    try {
      this.#checkUsable();
      const blocked = this.#guard.blocked();
      if (blocked) throw blocked;
      const apis = this.#discovery.current ?? (await this.#discovery.load());
      if (!this.#login.session) await this.#login.ensure(apis);
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
    const data = (await this.call(METHODS.passwordConfirm, { password: this.#options.password }).catch((err: unknown) => {
      // Before the .Root write: a timeout here has not touched the task.
      throw err instanceof DsmError ? beforeTheWrite(err, 'password confirmation') : err;
    })) as Record<string, unknown> | undefined;
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
    const session = this.#login.take();
    const apis = this.#discovery.current;
    if (session && apis) {
      const bound = Math.min(this.#options.timeoutMs, 5_000);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#requester.send(apis, METHODS.logout, { session: this.#options.sessionName }, session, false).catch(() => undefined),
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
      this.#checkUsable();
      const blocked = this.#guard.blocked();
      if (blocked) throw blocked;
      const apis = this.#discovery.current ?? (await this.#discovery.load());
      const session = this.#login.session ?? (await this.#login.ensure(apis));
      let answer: Answer;
      try {
        answer = await this.#requester.send(apis, descriptor, params, session);
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
        this.#login.drop(session);
        // The caller repeats such a call with a fresh token (EventScheduler's root writes).
        if (descriptor.singleUseToken) throw new DsmError('SESSION_LOST', 'The DSM session was lost during a write that needs a fresh password confirmation.', { api: descriptor.api, method: descriptor.method });
        continue;
      }
      throw errorFromDsmCode(code, descriptor.api, descriptor.method);
    }
  }

  #noteAnswer(): void {
    if (this.#guard.unreachable) this.#guard.noteReachable();
    if (this.#state === 'unreachable') this.#setState(this.#login.session ? 'connected' : 'idle');
  }

  #noteFailure(err: unknown): DsmError {
    const error = asDsmError(err);
    if (error.code === 'UNREACHABLE' || error.code === 'CONNECTION_RESET' || error.code === 'TIMEOUT') this.#afterReconnect = true;
    if (error.code === 'UNREACHABLE') {
      this.#guard.noteUnreachable(error);
      // Ask SYNO.API.Info again before any login: never a login while connections are refused.
      this.#discovery.forget();
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
    const error = asDsmError(err);
    return scrubError(error, [this.#options.password, ...this.#login.secrets()]);
  }
}
