// Maps Node, TLS and undici failures to DsmErrors with a reason and advice, never with request data.
import { DsmError, type TlsFailureReason } from './errors';

export const PIN_MISMATCH = 'DSM_CLIENT_PIN_MISMATCH';

const TLS_REASONS: Record<string, TlsFailureReason> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  CERT_UNTRUSTED: 'unknown-ca',
  CERT_SIGNATURE_FAILURE: 'unknown-ca',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  [PIN_MISMATCH]: 'fingerprint',
};

const TLS_ADVICE: Record<TlsFailureReason, string> = {
  'self-signed':
    'the NAS presents a self-signed certificate; pin its fingerprint (TLS mode "pin") or add the CA that signed it (TLS mode "ca")',
  'unknown-ca': 'the certificate is signed by a CA this system does not trust; add that CA (TLS mode "ca") or pin the certificate',
  hostname: 'the certificate is not issued for this host name or address; connect by the name in the certificate or pin it',
  fingerprint:
    'the certificate\'s fingerprint differs from the pinned one; if the NAS got a new certificate, read and pin the new fingerprint, otherwise something may be intercepting the connection',
  expired: 'the certificate has expired or is not yet valid; renew it in DSM (Security > Certificate) and check the clocks',
  protocol: 'no TLS handshake was possible; check that this port speaks HTTPS (DSM: 5001) or switch HTTPS off for an HTTP port (5000)',
};

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function protocolFailure(code: string | undefined, message: string): boolean {
  if (code === 'EPROTO' || code?.startsWith('ERR_SSL_')) return true;
  // A plain-HTTP server drops a TLS ClientHello: Node says "disconnected before secure TLS connection".
  return /wrong version number|packet length too long|unknown protocol|handshake failure|before secure TLS connection/i.test(message);
}

/** A safe stand-in for a foreign error: its name, code and message only (no request objects). */
export function safeCause(err: unknown, depth = 0): Error | undefined {
  if (!(err instanceof Error) || depth > 3) return undefined;
  const copy = new Error(err.message, { cause: safeCause((err as { cause?: unknown }).cause, depth + 1) });
  copy.name = err.name;
  const code = errorCode(err);
  if (code) (copy as Error & { code?: string }).code = code;
  return copy;
}

/** What a TIMEOUT or CONNECTION_RESET was built from, so `beforeTheWrite` can say it again. */
interface BrokenRequest {
  where: string;
  timeoutMs: number;
  transportCode: string | undefined;
}
const BROKEN = new WeakMap<DsmError, BrokenRequest>();

/** The steps before a task call: none of them sends anything to a task. */
export type PreparationStep = 'API discovery (SYNO.API.Info)' | 'login' | 'password confirmation';

/**
 * A TIMEOUT or CONNECTION_RESET of a step before the task call (discovery, login, the password
 * confirmation of a root write): the same code, but saying that nothing was sent to the task yet,
 * never "the task may have started". Any other error is returned unchanged.
 */
export function beforeTheWrite(error: DsmError, step: PreparationStep): DsmError {
  const broken = BROKEN.get(error);
  if (!broken) return error;
  const details = { cause: error.cause };
  const nothingSent = 'nothing was sent to the task yet (no task was run or changed)';
  if (error.code === 'TIMEOUT') {
    return new DsmError(
      'TIMEOUT',
      `No answer from ${broken.where} to the ${step} within ${broken.timeoutMs / 1000} s, so ${nothingSent}; the NAS may be waking from hibernation: try again or raise the timeout.`,
      details,
    );
  }
  return new DsmError(
    'CONNECTION_RESET',
    `The connection to ${broken.where} was closed during the ${step} before a whole answer arrived (${broken.transportCode ?? 'closed'}), so ${nothingSent}; try again.`,
    details,
  );
}

/** The DsmError for a failure below HTTP (connect, TLS, socket, timeout). */
export function transportError(err: unknown, where: string, timeoutMs: number, write: boolean): DsmError {
  if (err instanceof DsmError) return err;
  let code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const cause = safeCause(err);
  // undici wraps a socket failure during connect: look one level down for the real code.
  const inner = (err as { cause?: unknown } | null)?.cause;
  if ((!code || code === 'UND_ERR_SOCKET') && errorCode(inner)) code = errorCode(inner);
  const reason = code ? TLS_REASONS[code] : undefined;
  if (reason) {
    return new DsmError('TLS', `The TLS check of ${where} failed (${reason}): ${TLS_ADVICE[reason]}.`, { reason, cause });
  }
  if (protocolFailure(code, message)) {
    return new DsmError('TLS', `The TLS check of ${where} failed (protocol): ${TLS_ADVICE.protocol}.`, {
      reason: 'protocol',
      cause,
    });
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    const why = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'no connection within the timeout' : code;
    return new DsmError('UNREACHABLE', `Cannot reach the NAS at ${where} (${why}); check that it is on, the host and port, and the network.`, {
      cause,
    });
  }
  if (code && TIMEOUT_CODES.has(code)) {
    const tail = write
      ? 'the task may have started or the change may have been made; check in DSM before trying again'
      : 'the NAS may be waking from hibernation; try again or raise the timeout';
    const timeout = new DsmError('TIMEOUT', `No answer from ${where} within ${timeoutMs / 1000} s: ${tail}.`, { cause });
    BROKEN.set(timeout, { where, timeoutMs, transportCode: code });
    return timeout;
  }
  const reset = new DsmError(
    'CONNECTION_RESET',
    `The connection to ${where} was closed before a whole answer arrived (${code ?? 'closed'}); ${
      write ? 'the change may have been made; check in DSM' : 'try again'
    }.`,
    { cause },
  );
  BROKEN.set(reset, { where, timeoutMs, transportCode: code });
  return reset;
}
