// The NAS's accounts: name, uid, administrators membership, disabled flag and 2FA settings (§2.4,
// §11). root (uid 0) always exists, may own tasks, but cannot log in and is not listed as a local user.
// Not reproduced: groups, guest, password rules, expiry (408-410).
import type { SimUserSpec } from './types';

export interface SimUser {
  name: string;
  password: string;
  uid: number;
  admin: boolean;
  disabled: boolean;
  otpSecret: string | undefined;
  otpEnforced: boolean;
  email: string;
}

export const ROOT_UID = 0;

export class UserDirectory {
  readonly #byName = new Map<string, SimUser>();

  constructor(specs: SimUserSpec[], knownUids: Record<string, number> = {}) {
    const taken = new Set<number>();
    for (const spec of specs) {
      const uid = spec.uid ?? knownUids[spec.name];
      if (uid !== undefined) taken.add(uid);
    }
    let next = 1026;
    for (const spec of specs) {
      let uid = spec.uid ?? knownUids[spec.name];
      if (uid === undefined) {
        while (taken.has(next)) next++;
        uid = next;
        taken.add(uid);
      }
      this.#byName.set(spec.name, {
        name: spec.name,
        password: spec.password,
        uid,
        admin: spec.admin ?? true,
        disabled: spec.disabled ?? false,
        otpSecret: spec.otpSecret,
        otpEnforced: spec.otpEnforced ?? false,
        email: spec.email ?? '',
      });
    }
  }

  byName(name: string): SimUser | undefined {
    return this.#byName.get(name);
  }

  /** The name of uid (root for 0), or undefined when no such user exists. */
  nameOfUid(uid: number): string | undefined {
    if (uid === ROOT_UID) return 'root';
    for (const user of this.#byName.values()) if (user.uid === uid) return user.name;
    return undefined;
  }

  list(): SimUser[] {
    return [...this.#byName.values()];
  }

  uids(): Record<string, number> {
    return Object.fromEntries(this.list().map((user) => [user.name, user.uid]));
  }
}
