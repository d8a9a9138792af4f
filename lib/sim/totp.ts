// TOTP codes as DSM's 2-factor login checks them (§2.4): RFC 6238 with SHA-1, 30-second steps and
// 6 digits, secrets in base32 as authenticator apps take them. Exported so tests can compute codes.
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new TypeError('not a base32 secret');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh random base32 secret (160 bits). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The time step (counter) that `timeMs` falls into. */
export function totpCounter(timeMs: number = Date.now()): number {
  return Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);
}

/** The 6-digit code for a counter value (RFC 4226 HOTP). */
export function hotp(secret: string, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The TOTP code valid at `timeMs` (default now). */
export function generateTotp(secret: string, timeMs: number = Date.now()): string {
  return hotp(secret, totpCounter(timeMs));
}

/**
 * The counter whose code equals `code`, looking one step either side of now (clock drift), or
 * undefined when none matches.
 */
export function matchTotp(secret: string, code: string, timeMs: number = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const now = totpCounter(timeMs);
  for (const counter of [now, now - 1, now + 1]) {
    if (hotp(secret, counter) === code) return counter;
  }
  return undefined;
}
