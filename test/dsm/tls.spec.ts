import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { DsmConnection, normalizeFingerprint, readServerCertificate, readServerFingerprint, type TlsOptions } from '../../lib/dsm';
import { makeCerts, type TestCerts } from './certs';
import { rejection, startSim, PASSWORD, USER } from './helpers';

function over(sim: Simulator, tls: TlsOptions, https = true, host = '127.0.0.1'): DsmConnection {
  return new DsmConnection({ host, port: sim.port, https, tls, username: USER, password: PASSWORD, timeoutMs: 5_000 });
}

function loginCount(sim: Simulator): number {
  return sim.log.filter({ api: 'SYNO.API.Auth', method: 'login' }).length;
}

describe('TLS modes against the HTTPS simulator', () => {
  let selfSigned: Simulator;
  let certs: TestCerts;
  before(async () => {
    selfSigned = await startSim({ https: true });
    certs = makeCerts();
  });
  after(() => selfSigned.close());

  it('reads the server fingerprint for the editor', async () => {
    const fingerprint = await readServerFingerprint({ host: '127.0.0.1', port: selfSigned.port });
    assert.equal(fingerprint, normalizeFingerprint(selfSigned.fingerprint));
    const cert = await readServerCertificate({ host: '127.0.0.1', port: selfSigned.port });
    assert.equal(cert.selfSigned, true);
  });

  it('accepts a fingerprint in any common formatting', () => {
    const canonical = normalizeFingerprint(selfSigned.fingerprint);
    const hex = canonical.replace(/:/g, '');
    for (const form of [hex.toLowerCase(), `SHA256:${canonical}`, hex.match(/..../g)!.join(' '), canonical.replace(/:/g, '-')]) {
      assert.equal(normalizeFingerprint(form), canonical);
    }
  });

  it('rejects a self-signed certificate in verify mode (reason self-signed) and sends no login', async () => {
    const connection = over(selfSigned, { mode: 'verify' });
    const err = await rejection(connection.testLogin());
    assert.equal(err.code, 'TLS');
    assert.equal(err.reason, 'self-signed');
    assert.equal(loginCount(selfSigned), 0);
    await connection.close();
  });

  it('logs in with the pinned fingerprint, and refuses a changed one before any request', async () => {
    const pinned = over(selfSigned, { mode: 'pin', fingerprint: selfSigned.fingerprint!.toLowerCase() });
    await pinned.testLogin();
    assert.equal(pinned.state, 'connected');
    await pinned.close();
    selfSigned.log.clear();
    const wrong = over(selfSigned, { mode: 'pin', fingerprint: 'AB'.repeat(32) });
    const err = await rejection(wrong.testLogin());
    assert.equal(err.code, 'TLS');
    assert.equal(err.reason, 'fingerprint');
    assert.equal(selfSigned.log.entries().length, 0, 'not even discovery reached the server');
    assert.equal(wrong.state, 'unreachable');
    await wrong.close();
  });

  it('connects without checks in insecure mode', async () => {
    const connection = over(selfSigned, { mode: 'insecure' });
    await connection.testLogin();
    await connection.close();
  });

  it('speaks of a protocol mismatch for HTTPS to an HTTP port, and of HTTPS for HTTP to an HTTPS port', async () => {
    const plain = await startSim();
    try {
      const toPlain = over(plain, { mode: 'insecure' });
      const err = await rejection(toPlain.testLogin());
      assert.equal(err.code, 'TLS');
      assert.equal(err.reason, 'protocol');
      await toPlain.close();
    } finally {
      await plain.close();
    }
    const toTls = over(selfSigned, {}, false);
    const err = await rejection(toTls.testLogin());
    assert.equal(err.code, 'NOT_JSON');
    assert.match(err.message, /HTTPS/);
    await toTls.close();
  });

  it('trusts a custom CA in ca mode and tells unknown CA, host name mismatch and expiry apart', async () => {
    const signed = await startSim({ https: true, tls: certs.leaf });
    const other = await startSim({ https: true, tls: certs.wrongHost });
    const expired = await startSim({ https: true, tls: certs.expired });
    try {
      const ok = over(signed, { mode: 'ca', ca: certs.ca });
      await ok.testLogin();
      await ok.close();
      const unknown = over(signed, { mode: 'verify' });
      assert.equal((await rejection(unknown.testLogin())).reason, 'unknown-ca');
      await unknown.close();
      const hostname = over(other, { mode: 'ca', ca: certs.ca });
      const mismatch = await rejection(hostname.testLogin());
      assert.equal(mismatch.reason, 'hostname');
      await hostname.close();
      const old = over(expired, { mode: 'ca', ca: certs.ca });
      assert.equal((await rejection(old.testLogin())).reason, 'expired');
      await old.close();
      assert.equal(loginCount(signed), 1, 'only the ca-mode connection logged in');
      for (const sim of [other, expired]) assert.equal(loginCount(sim), 0, 'no password over a failed check');
    } finally {
      await Promise.all([signed.close(), other.close(), expired.close()]);
    }
  });
});
