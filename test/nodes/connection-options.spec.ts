import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectionOptionsFrom } from '../../nodes/synology-dsm/connection-options';

describe('connectionOptionsFrom', () => {
  it('fills the defaults of design.md for an old or empty flow', () => {
    const options = connectionOptionsFrom({ host: 'nas.local' }, { username: 'u', password: 'p' });
    assert.equal(options.host, 'nas.local');
    assert.equal(options.port, 5001);
    assert.equal(options.https, true);
    assert.equal(options.tls?.mode, 'verify');
    assert.equal(options.timeoutMs, 30_000);
    assert.equal(options.maxConcurrent, 4);
    assert.equal(options.deviceToken, undefined);
  });

  it('reads strings from the editor as numbers and booleans, seconds as milliseconds', () => {
    const options = connectionOptionsFrom(
      { host: '10.0.0.2', port: '5000', https: 'false', timeout: '5', maxConcurrent: '2', tlsMode: 'pin', fingerprint: 'AB:CD' },
      { username: 'u', password: 'p', deviceToken: 'dev' },
    );
    assert.equal(options.port, 5000);
    assert.equal(options.https, false);
    assert.equal(options.timeoutMs, 5000);
    assert.equal(options.maxConcurrent, 2);
    assert.deepEqual(options.tls, { mode: 'pin', fingerprint: 'AB:CD', ca: undefined });
    assert.equal(options.deviceToken, 'dev');
  });

  it('substitutes whole-value ${ENV} in properties and credentials', () => {
    process.env.SYNO_TEST_HOST = 'env-nas';
    process.env.SYNO_TEST_PASS = 'env-pass';
    process.env.SYNO_TEST_PORT = '5555';
    const options = connectionOptionsFrom({ host: '${SYNO_TEST_HOST}', port: '${SYNO_TEST_PORT}' }, { username: 'u', password: '${SYNO_TEST_PASS}' });
    assert.equal(options.host, 'env-nas');
    assert.equal(options.port, 5555);
    assert.equal(options.password, 'env-pass');
  });

  it('keeps a password exactly as given (no trimming)', () => {
    assert.equal(connectionOptionsFrom({ host: 'h' }, { username: 'u', password: ' p ' }).password, ' p ');
  });
});
