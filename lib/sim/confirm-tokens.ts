// SynoConfirmPWToken (§4.5): minted by SYNO.Core.User.PasswordConfirm auth for one session, needed by
// SYNO.Core.EventScheduler.Root create/set. Single use by default ([I]: a knob allows reuse) and
// short-lived.
import { randomBytes } from 'node:crypto';

interface ConfirmToken {
  sid: string;
  expiresAt: number;
}

export class ConfirmTokens {
  readonly #tokens = new Map<string, ConfirmToken>();
  readonly #ttlMs: number;
  readonly #reusable: boolean;

  constructor(ttlMs: number, reusable: boolean) {
    this.#ttlMs = ttlMs;
    this.#reusable = reusable;
  }

  mint(sid: string): string {
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, { sid, expiresAt: Date.now() + this.#ttlMs });
    return token;
  }

  /** Whether the token is valid for this session; a valid token is used up unless reusable. */
  consume(token: string, sid: string): boolean {
    const entry = this.#tokens.get(token);
    if (!entry || entry.sid !== sid) return false;
    if (Date.now() > entry.expiresAt) {
      this.#tokens.delete(token);
      return false;
    }
    if (!this.#reusable) this.#tokens.delete(token);
    return true;
  }
}
