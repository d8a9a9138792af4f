// SHA-256 certificate fingerprints: normalising what users paste, and reading a server's for the editor.
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { DsmError } from './errors';
import { normalizeHost, normalizePort } from './host';

/** `AA:BB:…` (64 hex digits) from any common form: colons, spaces, dashes, lower case, a `sha256:` prefix. */
export function normalizeFingerprint(input: unknown): string {
  const text = typeof input === 'string' ? input.trim().replace(/^sha-?256\s*[:=]?\s*/i, '') : '';
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new DsmError(
      'INVALID_INPUT',
      'The certificate fingerprint is not a SHA-256 fingerprint (64 hex digits); read it again with the fingerprint button.',
    );
  }
  return hex.match(/../g)!.join(':');
}

export interface ServerCertificate {
  fingerprint: string;
  subject: string;
  issuer: string;
  validTo: string;
  selfSigned: boolean;
}

export interface ReadCertificateOptions {
  host: string;
  port?: number;
  timeoutMs?: number;
}

function dn(fields: PeerCertificate['subject'] | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

/** The server's leaf certificate, read without trusting it (nothing is sent but the TLS handshake). */
export function readServerCertificate(options: ReadCertificateOptions): Promise<ServerCertificate> {
  const host = normalizeHost(options.host);
  const port = normalizePort(options.port, true);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, servername: isIP(host) === 0 ? host : undefined });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DsmError('TIMEOUT', `No TLS answer from ${host}:${port} within ${timeoutMs / 1000} s; check host, port and that HTTPS is on.`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      socket.end();
      if (!cert || !cert.fingerprint256) {
        reject(new DsmError('TLS', `${host}:${port} sent no certificate.`, { reason: 'protocol' }));
        return;
      }
      const subject = dn(cert.subject);
      const issuer = dn(cert.issuer);
      resolve({ fingerprint: cert.fingerprint256, subject, issuer, validTo: cert.valid_to, selfSigned: subject === issuer });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const refused = err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH';
      reject(
        refused
          ? new DsmError('UNREACHABLE', `Cannot connect to ${host}:${port} (${err.code}); check host and port.`)
          : new DsmError('TLS', `No TLS handshake with ${host}:${port} (${err.code ?? err.message}); is HTTPS on at this port?`, {
              reason: 'protocol',
            }),
      );
    });
  });
}

/** The SHA-256 fingerprint `AA:BB:…` of the server's certificate, for the editor's pin field. */
export async function readServerFingerprint(options: ReadCertificateOptions): Promise<string> {
  return (await readServerCertificate(options)).fingerprint;
}
