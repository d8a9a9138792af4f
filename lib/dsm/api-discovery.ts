// Runs SYNO.API.Info (§1) once per connection (again after the NAS was unreachable), shared by
// concurrent callers; asks about further APIs on demand.
import { ApiTable, INFO_PATH, infoPath, parseApiInfo } from './discovery';
import { errorFromDsmCode } from './dsm-codes';
import { DsmError } from './errors';
import { API, DISCOVERED_APIS } from './methods';
import type { Requester } from './requester';
import { beforeTheWrite } from './transport-errors';

export interface DiscoveryHooks {
  /** Any HTTP answer arrived (the NAS is reachable). */
  answered(): void;
  /** A request failed below DSM: returns the error to throw. */
  failed(err: unknown): DsmError;
}

const DISCOVERY = 'API discovery (SYNO.API.Info)';

function dsmCode(value: unknown): number {
  const code = Number(value);
  return Number.isInteger(code) ? code : 100;
}

export class ApiDiscovery {
  readonly #requester: Requester;
  readonly #hooks: DiscoveryHooks;
  readonly #asked = new Set<string>(DISCOVERED_APIS);
  #table: ApiTable | undefined;
  #pending: Promise<ApiTable> | undefined;

  constructor(requester: Requester, hooks: DiscoveryHooks) {
    this.#requester = requester;
    this.#hooks = hooks;
  }

  /** The table if discovery has run. */
  get current(): ApiTable | undefined {
    return this.#table;
  }

  load(): Promise<ApiTable> {
    this.#pending ??= this.#query().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Makes sure Info was asked about `api` (for the generic request). */
  async ensureAsked(api: string): Promise<void> {
    if (this.#asked.has(api)) return;
    const table = this.#table ?? (await this.load());
    try {
      const answer = await this.#requester.get(infoPath([api]));
      this.#hooks.answered();
      if (answer.envelope.success) table.merge(parseApiInfo(answer.envelope.data));
      this.#asked.add(api);
    } catch (err) {
      throw beforeTheWrite(this.#hooks.failed(err), DISCOVERY);
    }
  }

  /** Forgets the table: the next call asks Info again before anything else. */
  forget(): void {
    this.#table = undefined;
    this.#asked.clear();
    for (const api of DISCOVERED_APIS) this.#asked.add(api);
  }

  async #query(): Promise<ApiTable> {
    try {
      const answer = await this.#requester.get(INFO_PATH);
      this.#hooks.answered();
      if (!answer.envelope.success) throw errorFromDsmCode(dsmCode(answer.envelope.error?.code), API.info, 'query');
      const table = new ApiTable(parseApiInfo(answer.envelope.data));
      if (!table.has(API.auth)) {
        throw new DsmError('NOT_AVAILABLE', 'SYNO.API.Info lists no SYNO.API.Auth; this does not look like DSM.', { api: API.info, method: 'query' });
      }
      this.#table = table;
      return table;
    } catch (err) {
      throw beforeTheWrite(this.#hooks.failed(err), DISCOVERY);
    }
  }
}
