// What a route handler gets and declares. A handler returns the `data` of a success answer (or
// undefined for none) and throws ApiError for a DSM error. Plumbing only: no DSM behaviour here.
import type { Faults } from '../faults';
import type { ResolvedOptions } from '../options';
import type { Params } from '../params';
import type { Session } from '../sessions';
import type { SimState } from '../state';
import type { TaskRunner } from '../task-runner';
import type { SimUser } from '../users';

export interface SimCore {
  state: SimState;
  options: ResolvedOptions;
  runner: TaskRunner;
  faults: Faults;
  /** The dispatcher, for compound sub-calls. */
  dispatch(call: ApiCall): Promise<CallAnswer>;
}

export interface ApiCall {
  api: string | undefined;
  method: string | undefined;
  version: string | undefined;
  params: Params;
  /** The CGI the request came to (entry.cgi, query.cgi, auth.cgi); undefined for compound items. */
  cgi: string | undefined;
  transport: Transport;
}

export interface Transport {
  remoteAddress: string;
  /** The request path (e.g. /webapi/entry.cgi), for fault matching. */
  path: string;
  sid: string | undefined;
  synoToken: string | undefined;
  /** Set-Cookie values to send with the answer. */
  setCookies: string[];
  inCompound: boolean;
}

export interface CallContext {
  core: SimCore;
  api: string;
  method: string;
  version: number;
  params: Params;
  transport: Transport;
  /** Present when the method needs a session. */
  session: Session | undefined;
  user: SimUser | undefined;
}

export interface MethodSpec {
  handle(ctx: CallContext): unknown;
  /** none: no login needed; session: any logged-in user; admin: administrators only (else 105). */
  auth: 'none' | 'session' | 'admin';
  /** A write: needs the SynoToken when the session has one. */
  write?: boolean;
  minVersion?: number;
  maxVersion?: number;
}

export type ApiRoutes = Readonly<Record<string, MethodSpec>>;

export type CallAnswer = { success: true; data?: unknown } | { success: false; error: { code: number; errors?: unknown } };
