// Builds one DSM request from a descriptor (resolved path and version, encoded params, session)
// and sends it through the transport, at most N at once.
import type { ApiTable } from './discovery';
import { encodeParams, type Params } from './encode';
import type { Limiter } from './limiter';
import { JSON_APIS, type MethodDescriptor } from './methods';
import { FORM_TYPE, type Session } from './session';
import type { Answer, SendOptions, Transport } from './transport';
import type { ConnectionStats } from './types';

const NO_HEADERS: Record<string, string> = {};
const POST_HEADERS: Record<string, string> = { 'content-type': FORM_TYPE };
/** A read whose query is longer goes as a POST body: nginx in front of DSM caps request lines (8 KiB by default). */
const MAX_GET_QUERY = 4_000;

export class Requester {
  readonly #transport: Transport;
  readonly #limiter: Limiter;
  readonly #stats: ConnectionStats;

  constructor(transport: Transport, limiter: Limiter, stats: ConnectionStats) {
    this.#transport = transport;
    this.#limiter = limiter;
    this.#stats = stats;
  }

  /**
   * One call of `descriptor`; `session` adds `_sid`, X-SYNO-TOKEN and the `id` cookie (§2.5).
   * `queued: false` skips the in-flight limit (the logout on close must not wait behind stuck calls).
   */
  send(apis: ApiTable, descriptor: MethodDescriptor, params: Params, session: Session | undefined, queued = true): Promise<Answer> {
    const resolved = apis.resolve(descriptor);
    const encoded = encodeParams(params, JSON_APIS.has(descriptor.api));
    const query = resolved.prefix + (encoded ? '&' + encoded : '') + (session ? session.sidParam : '');
    return this.#send(
      queued,
      descriptor.verb === 'POST' || query.length > MAX_GET_QUERY
        ? { method: 'POST', path: resolved.path, body: query, headers: session ? session.postHeaders : POST_HEADERS, write: !descriptor.idempotent }
        : { method: 'GET', path: resolved.path + '?' + query, headers: session ? session.getHeaders : NO_HEADERS, write: false },
    );
  }

  /** A GET without a session (SYNO.API.Info). */
  get(path: string): Promise<Answer> {
    return this.#send(true, { method: 'GET', path, headers: NO_HEADERS, write: false });
  }

  #send(queued: boolean, options: SendOptions): Promise<Answer> {
    const send = (): Promise<Answer> => {
      this.#stats.httpRequests++;
      return this.#transport.send(options);
    };
    return queued ? this.#limiter.run(send) : send();
  }
}
