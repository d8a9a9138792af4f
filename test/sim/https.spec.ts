// HTTPS: a self-signed certificate made at start (for 127.0.0.1, localhost, ::1) whose SHA-256
// fingerprint the simulator reports, or a given certificate and key.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../lib/sim';
import { call } from './sim-http';

function peerCertificate(port: number, servername?: string): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('HTTPS', () => {
  test('self-signed certificate: url is https, fingerprint matches the served certificate, verification fails without trust', async () => {
    const sim = await startSimulator({ https: true });
    try {
      assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(sim.fingerprint ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const cert = await peerCertificate(sim.port);
      assert.equal(cert.fingerprint256, sim.fingerprint);
      assert.equal(cert.subject.CN, 'dsm-sim');
      assert.match(String(cert.subjectaltname), /IP Address:127\.0\.0\.1/);
      assert.match(String(cert.subjectaltname), /DNS:localhost/);
      const reply = await call(sim, 'SYNO.API.Info', 'query', 1, { query: 'all' });
      assert.equal(reply.json.success, true);
      await assert.rejects(call(sim, 'SYNO.API.Info', 'query', 1, {}, { agent: new https.Agent({ rejectUnauthorized: true }) }), /self-signed|self signed/);
    } finally {
      await sim.close();
    }
  });

  test('a given certificate and key are served as they are', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsm-sim-given-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=given-cert',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
      const pair = { cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') };
      const sim = await startSimulator({ https: true, tls: pair });
      try {
        const cert = await peerCertificate(sim.port);
        assert.equal(cert.subject.CN, 'given-cert');
        assert.equal(sim.fingerprint, cert.fingerprint256);
        const reply = await call(sim, 'SYNO.API.Info', 'query', 1, { query: 'all' }, { agent: new https.Agent({ ca: pair.cert }) });
        assert.equal(reply.json.success, true);
      } finally {
        await sim.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('http has no fingerprint', async () => {
    const sim = await startSimulator();
    try {
      assert.equal(sim.fingerprint, undefined);
      assert.match(sim.url, /^http:\/\//);
    } finally {
      await sim.close();
    }
  });
});
