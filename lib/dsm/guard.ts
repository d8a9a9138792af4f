// When the connection must not talk to the NAS: back-off while unreachable, lockout after a login failure.
import { DsmError } from './errors';

export interface GuardTimes {
  initialMs: number;
  maxMs: number;
  lockoutMs: number;
}

export class ConnectionGuard {
  readonly #times: GuardTimes;
  #failures = 0;
  #retryAt = 0;
  #lastUnreachable: DsmError | undefined;
  #lock: { error: DsmError; until: number } | undefined;

  constructor(times: GuardTimes) {
    this.#times = times;
  }

  /** The error to fail with right now without a request, if any. */
  blocked(): DsmError | undefined {
    if (!this.#lock && !this.#lastUnreachable) return undefined;
    const now = Date.now();
    if (this.#lock) {
      if (now < this.#lock.until) return this.#lock.error.copy();
      this.#lock = undefined;
    }
    if (this.#lastUnreachable && now < this.#retryAt) {
      const seconds = Math.ceil((this.#retryAt - now) / 1000);
      return new DsmError('UNREACHABLE', `${this.#lastUnreachable.message} The next attempt is in ${seconds} s.`);
    }
    return undefined;
  }

  get locked(): DsmError | undefined {
    return this.#lock && Date.now() < this.#lock.until ? this.#lock.error : undefined;
  }

  get unreachable(): boolean {
    return this.#lastUnreachable !== undefined;
  }

  noteUnreachable(error: DsmError, now = Date.now()): void {
    // Requests already in flight when the NAS went away fail together: one outage, one step of back-off.
    if (this.#lastUnreachable && now < this.#retryAt) {
      this.#lastUnreachable = error;
      return;
    }
    this.#failures++;
    const wait = Math.min(this.#times.maxMs, this.#times.initialMs * 2 ** (this.#failures - 1));
    this.#retryAt = now + wait;
    this.#lastUnreachable = error;
  }

  noteReachable(): void {
    this.#failures = 0;
    this.#retryAt = 0;
    this.#lastUnreachable = undefined;
  }

  lock(error: DsmError, now = Date.now()): void {
    this.#lock = { error, until: now + this.#times.lockoutMs };
  }

  unlock(): void {
    this.#lock = undefined;
  }
}
