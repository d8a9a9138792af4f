// DSM's auto-block (§3, code 407): failed logins are counted per client IP; after `attempts` within
// `windowMs` the IP is blocked for `blockMs`, and every login from it answers 407, even with the
// right password. Also keeps the login counters tests read. Not reproduced: account lockout (411),
// the allow/deny lists.
import type { LoginAttempt } from './types';

export interface LoginGuardRules {
  attempts: number;
  windowMs: number;
  blockMs: number;
}

const MAX_ATTEMPTS_KEPT = 1000;

export class LoginGuard {
  readonly attempts: LoginAttempt[] = [];
  succeeded = 0;
  failed = 0;
  readonly #failures = new Map<string, number[]>();
  readonly #blockedUntil = new Map<string, number>();
  readonly #rules: LoginGuardRules;

  constructor(rules: LoginGuardRules) {
    this.#rules = rules;
  }

  isBlocked(ip: string, now = Date.now()): boolean {
    const until = this.#blockedUntil.get(ip);
    if (until === undefined) return false;
    if (now < until) return true;
    this.#blockedUntil.delete(ip);
    this.#failures.delete(ip);
    return false;
  }

  blockedIps(now = Date.now()): string[] {
    return [...this.#blockedUntil.keys()].filter((ip) => this.isBlocked(ip, now));
  }

  /** Records one login answer; `countsAsFailure` for wrong passwords and wrong 2FA codes. */
  record(ip: string, account: string, code: number, countsAsFailure: boolean, now = Date.now()): void {
    this.attempts.push({ time: now, ip, account, code });
    if (this.attempts.length > MAX_ATTEMPTS_KEPT) this.attempts.shift();
    if (code === 0) {
      this.succeeded++;
      return;
    }
    this.failed++;
    if (!countsAsFailure || this.#rules.attempts <= 0) return;
    const recent = (this.#failures.get(ip) ?? []).filter((time) => now - time < this.#rules.windowMs);
    recent.push(now);
    this.#failures.set(ip, recent);
    if (recent.length >= this.#rules.attempts) this.#blockedUntil.set(ip, now + this.#rules.blockMs);
  }

  /** Lifts every block and forgets counted failures (the DSM admin's "unblock"). */
  reset(): void {
    this.#failures.clear();
    this.#blockedUntil.clear();
  }
}
