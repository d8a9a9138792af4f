// TOTP (RFC 6238 SHA-1 test vector, truncated to 6 digits) and base32.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, base32Encode, generateTotp, matchTotp, newTotpSecret } from '../../lib/sim/totp';

const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

test('RFC 6238 vectors (last 6 digits)', () => {
  assert.equal(generateTotp(RFC_SECRET, 59_000), '287082');
  assert.equal(generateTotp(RFC_SECRET, 1_111_111_109_000), '081804');
  assert.equal(generateTotp(RFC_SECRET, 1_234_567_890_000), '005924');
  assert.equal(generateTotp(RFC_SECRET, 20_000_000_000_000), '353130');
});

test('matchTotp accepts one step of drift and nothing else', () => {
  const now = 1_700_000_000_000;
  assert.ok(matchTotp(RFC_SECRET, generateTotp(RFC_SECRET, now), now) !== undefined);
  assert.ok(matchTotp(RFC_SECRET, generateTotp(RFC_SECRET, now - 30_000), now) !== undefined);
  assert.equal(matchTotp(RFC_SECRET, generateTotp(RFC_SECRET, now - 90_000), now), undefined);
  assert.equal(matchTotp(RFC_SECRET, 'abcdef', now), undefined);
});

test('base32 round trip and fresh secrets', () => {
  const secret = newTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(base32Encode(base32Decode(secret)), secret);
  assert.throws(() => base32Decode('not base32!'));
});
