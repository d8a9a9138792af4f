// Login sessions (§2.5, §2.9): random sids with an idle lifetime (119 once expired or unknown), an
// optional SynoToken, 107 for a session interrupted by a newer login of the same user (knob), 150
// for a sid used from another IP (knob), and a configurable code for sids that a reboot dropped.
// Not reproduced: DSM's per-application session names and their permission effects (402).
import { randomBytes } from 'node:crypto';

export interface Session {
  sid: string;
  account: string;
  synoToken: string | undefined;
  sessionName: string;
  remoteAddress: string;
  createdAt: number;
  lastUsedAt: number;
}

export interface SessionRules {
  ttlMs: number;
  singleSessionPerUser: boolean;
  checkSourceIp: boolean;
  afterRebootCode: number;
}

export type SessionLookup = { session: Session } | { code: number };

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export class SessionStore {
  readonly sessions = new Map<string, Session>();
  readonly #interrupted = new Set<string>();
  readonly #droppedByReboot = new Set<string>();
  readonly #rules: SessionRules;

  constructor(rules: SessionRules) {
    this.#rules = rules;
  }

  create(account: string, options: { withSynoToken: boolean; sessionName: string; remoteAddress: string }): Session {
    if (this.#rules.singleSessionPerUser) {
      for (const [sid, session] of this.sessions) {
        if (session.account === account) {
          this.sessions.delete(sid);
          this.#interrupted.add(sid);
        }
      }
    }
    const now = Date.now();
    const session: Session = {
      sid: randomId(36),
      account,
      synoToken: options.withSynoToken ? randomId(8) : undefined,
      sessionName: options.sessionName,
      remoteAddress: options.remoteAddress,
      createdAt: now,
      lastUsedAt: now,
    };
    this.sessions.set(session.sid, session);
    return session;
  }

  lookup(sid: string | undefined, remoteAddress: string): SessionLookup {
    if (!sid) return { code: 119 };
    const session = this.sessions.get(sid);
    if (!session) {
      if (this.#interrupted.has(sid)) return { code: 107 };
      if (this.#droppedByReboot.has(sid)) return { code: this.#rules.afterRebootCode };
      return { code: 119 };
    }
    const now = Date.now();
    if (now - session.lastUsedAt > this.#rules.ttlMs) {
      this.sessions.delete(sid);
      return { code: 119 };
    }
    if (this.#rules.checkSourceIp && session.remoteAddress !== remoteAddress) return { code: 150 };
    session.lastUsedAt = now;
    return { session };
  }

  /** Logout: forgets the session. */
  remove(sid: string): boolean {
    return this.sessions.delete(sid);
  }

  /** Every current session expires now (their sids answer 119). */
  expireAll(): void {
    this.sessions.clear();
  }

  /** A reboot drops every session; their sids answer `afterRebootCode`. */
  dropAllForReboot(): void {
    for (const sid of this.sessions.keys()) this.#droppedByReboot.add(sid);
    this.sessions.clear();
  }
}
