// The self-signed certificate DSM ships by default (§7), made at start with the openssl CLI into a
// temp folder, and its SHA-256 fingerprint. One certificate per process is enough and saves time.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertificatePair {
  cert: string;
  key: string;
}

let cached: Promise<CertificatePair> | undefined;

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 30_000 }, (error) => (error ? reject(error) : resolve()));
  });
}

async function generate(): Promise<CertificatePair> {
  const dir = await mkdtemp(join(tmpdir(), 'dsm-sim-cert-'));
  try {
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-subj', '/CN=dsm-sim', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,IP:::1',
      '-days', '30', '-keyout', keyFile, '-out', certFile,
    ]);
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A self-signed certificate for 127.0.0.1, localhost and ::1 (made once per process). */
export function selfSignedCertificate(): Promise<CertificatePair> {
  if (!cached) {
    cached = generate();
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}

/** SHA-256 fingerprint of a PEM certificate, upper-case hex pairs joined by colons. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.toUpperCase();
}
