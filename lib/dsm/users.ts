// User name -> uid for a task's owner, via SYNO.Core.User get (dsm-protocol.md §11), cached.
import type { DsmConnection } from './connection';
import { DsmError } from './errors';
import { METHODS } from './methods';

export class UserDirectory {
  readonly #connection: DsmConnection;
  readonly #uids = new Map<string, number>([['root', 0]]);
  readonly #names = new Map<number, string>([[0, 'root']]);

  constructor(connection: DsmConnection) {
    this.#connection = connection;
  }

  nameOf(uid: number): string | undefined {
    return this.#names.get(uid);
  }

  async uidOf(name: string): Promise<number> {
    const cached = this.#uids.get(name);
    if (cached !== undefined) return cached;
    // An owner read back as a bare uid whose name is unknown (get's owner form is [I], §4.4).
    if (/^\d+$/.test(name)) return Number(name);
    const data = (await this.#connection.call(METHODS.userGet, { type: 'local', name, additional: [] })) as { users?: unknown } | undefined;
    const users = Array.isArray(data?.users) ? (data.users as Record<string, unknown>[]) : [];
    const match = users.find((u) => u?.name === name) ?? (users.length === 1 ? users[0] : undefined);
    const uid = Number(match?.uid);
    if (!match || !Number.isInteger(uid)) {
      throw new DsmError('INVALID_INPUT', `DSM has no local user "${name}" to own the task; enter an existing user name or root.`, {
        api: METHODS.userGet.api,
        method: 'get',
      });
    }
    this.#uids.set(name, uid);
    this.#names.set(uid, name);
    return uid;
  }
}
