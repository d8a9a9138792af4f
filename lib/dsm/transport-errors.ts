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
    return new DsmError('TIMEOUT', `No answer from ${where} within ${timeoutMs / 1000} s: ${tail}.`, { cause });
  }
  return new DsmError(
    'CONNECTION_RESET',
    `The connection to ${where} was closed before a whole answer arrived (${code ?? 'closed'}); ${
      write ? 'the change may have been made; check in DSM' : 'try again'
    }.`,
    { cause },
  );
}
