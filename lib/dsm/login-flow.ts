// Logging in (§2.2-§2.4): one login at a time shared by every waiting caller, the device token,
// and the lockout after a failure DSM would count toward its auto-block.
import type { ResolvedConnectionOptions } from './connection-options';
import type { ApiTable } from './discovery';
import { errorFromDsmCode, LOCKOUT_CODES } from './dsm-codes';
import type { DsmError } from './errors';
import type { ConnectionGuard } from './guard';
import { METHODS } from './methods';
import type { Requester } from './requester';
import { loginParams, parseLoginAnswer, type LoginAnswer, type Session } from './session';
import type { Answer } from './transport';
import { beforeTheWrite } from './transport-errors';
import type { ConnectionState, ConnectionStats } from './types';

export interface LoginHooks {
  answered(): void;
  failed(err: unknown): DsmError;
  state(): ConnectionState;
  setState(state: ConnectionState, error?: DsmError): void;
  warn(warning: { code: string; message: string }): void;
}

function stateAfter(error: DsmError): ConnectionState {
  if (!LOCKOUT_CODES.has(error.code)) return 'idle';
  if (error.code === 'IP_BLOCKED') return 'ip-blocked';
  return error.code === 'OTP_REQUIRED' || error.code === 'OTP_REJECTED' ? 'otp-required' : 'login-failed';
}

export class LoginFlow {
  readonly #options: ResolvedConnectionOptions;
  readonly #guard: ConnectionGuard;
  readonly #requester: Requester;
  readonly #stats: ConnectionStats;
  readonly #hooks: LoginHooks;
  #session: Session | undefined;
  #pending: Promise<Session> | undefined;
  #deviceToken: string | undefined;
  // Recent sids and SynoTokens, for the last-resort scrub of error texts.
  readonly #recent: string[] = [];

  constructor(options: ResolvedConnectionOptions, guard: ConnectionGuard, requester: Requester, stats: ConnectionStats, hooks: LoginHooks) {
    this.#options = options;
    this.#guard = guard;
    this.#requester = requester;
    this.#stats = stats;
    this.#hooks = hooks;
    this.#deviceToken = options.deviceToken;
  }

  get session(): Session | undefined {
    return this.#session;
  }

  /** The current session, or one login shared by every caller waiting for it. */
  ensure(apis: ApiTable): Promise<Session> {
    if (!this.#pending) this.shared(apis);
    return this.#pending as Promise<Session>;
  }

  /**
   * A login (with a 2FA code, when given) that callers arriving meanwhile wait for, instead of
   * starting a login of their own without the code (which would fail and lock the connection).
   */
  shared(apis: ApiTable, otpCode?: string): Promise<LoginAnswer> {
    const attempt = this.login(apis, otpCode);
    const pending: Promise<Session> = attempt
      .then((answer) => answer.session)
      .finally(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    pending.catch(() => undefined); // its failure is reported to the callers that wait for it
    this.#pending = pending;
    return attempt;
  }

  /** Device tokens (configured and issued), and the sids and SynoTokens of this and recent sessions. */
  secrets(): (string | undefined)[] {
    return [this.#options.deviceToken, this.#deviceToken, ...this.#recent];
  }

  /** Waits for a login in progress (its failure is the other caller's). */
  async settled(): Promise<void> {
    await this.#pending?.catch(() => undefined);
  }

  /** Forgets `session` if it is still the current one (DSM said it is gone). */
  drop(session: Session): void {
    if (this.#session === session) this.#session = undefined;
  }

  /** Takes the session away for the logout on close. */
  take(): Session | undefined {
    const session = this.#session;
    this.#session = undefined;
    return session;
  }

  async login(apis: ApiTable, otpCode?: string): Promise<LoginAnswer> {
    const blocked = otpCode === undefined ? this.#guard.blocked() : undefined;
    if (blocked) throw blocked;
    this.#hooks.setState('logging-in');
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
      answer = await this.#requester.send(apis, METHODS.login, params, undefined);
    } catch (err) {
      // A timeout here is the login's, never "the task may have started": no task call went out.
      const error = beforeTheWrite(this.#hooks.failed(err), 'login');
      if (this.#hooks.state() === 'logging-in') this.#hooks.setState('idle', error);
      throw error;
    }
    this.#hooks.answered();
    if (!answer.envelope.success) {
      const code = Number(answer.envelope.error?.code);
      const error = errorFromDsmCode(Number.isInteger(code) ? code : 100, METHODS.login.api, 'login');
      // Never again by itself: repeated failures would trigger DSM's auto-block (design.md).
      if (LOCKOUT_CODES.has(error.code)) this.#guard.lock(error);
      this.#hooks.setState(stateAfter(error), error);
      throw error;
    }
    const parsed = parseLoginAnswer(answer.envelope.data, answer.setCookie);
    if (otpCode !== undefined) {
      if (parsed.deviceToken) this.#deviceToken = parsed.deviceToken;
      else {
        this.#hooks.warn({
          code: 'EMPTY_DEVICE_TOKEN',
          message: 'DSM accepted the 2FA code but issued no device token; the next login will need a 2FA code again.',
        });
      }
    }
    this.#session = parsed.session;
    this.#recent.unshift(parsed.session.sid, ...(parsed.session.synoToken ? [parsed.session.synoToken] : []));
    this.#recent.length = Math.min(this.#recent.length, 8);
    this.#hooks.setState('connected');
    return parsed;
  }
}
