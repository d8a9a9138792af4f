// Random message parts for the fuzzer: wrong types, huge strings, odd Unicode, null/undefined,
// arrays, nested objects, own `__proto__`/`constructor`/`prototype` keys, numbers where strings
// belong. Every string made for a `script` key carries SCRIPT_MARKER, so a test can tell whether a
// script from a message reached the NAS.
import type { Rng } from './prng';

export const SCRIPT_MARKER = 'FUZZMSG';

const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202etxt.exe',
  '\u200b\u200d\ufeff',
  'e\u0301\u0301\u0301',
  '😀🧨👩‍👩‍👧',
  '𝕿𝖊𝖘𝖙',
  'ﷺ',
  'Ω≈ç√∫',
  '../../etc/passwd',
  '$(reboot)',
  '`id`',
  '"; rm -rf / #',
  "' OR '1'='1",
  '%00%2e%2e',
  '%',
  '+ +',
  '[a][b]',
  '{"__proto__":{"polluted":1}}',
  'latest',
  'LATEST',
  'on',
  'enable',
  'disable',
  'true',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'bootup',
  'shutdown',
  'root',
  '__proto__',
  'constructor',
  'prototype',
];

const ODD_NUMBERS: readonly number[] = [0, -0, 1, -1, 0.5, 42, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE];
const DANGEROUS_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
const FIELD_KEYS: readonly string[] = ['task', 'owner', 'event', 'script', 'dependsOn', 'enabled', 'notifyEmail', 'notifyOnlyOnError', 'result_id', 'name'];

export function randomString(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return rng.pick(ODD_STRINGS);
    case 1: {
      // Huge: up to 200k characters of one odd piece repeated.
      const piece = rng.pick(['x', 'é', '😀', '\u0000', ' ', 'ab']);
      return piece.repeat(rng.int(10_000, 100_000));
    }
    case 2:
      return String.fromCharCode(...Array.from({ length: rng.int(1, 24) }, () => rng.int(0, 0xffff)));
    default:
      return Array.from({ length: rng.int(1, 16) }, () => String.fromCharCode(rng.int(32, 126))).join('');
  }
}

/** Sets an own enumerable property, also for `__proto__` (plain assignment would change the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function randomValue(rng: Rng, depth = 0): unknown {
  const kinds = depth >= 3 ? 6 : 9;
  switch (rng.int(0, kinds)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rng.chance(0.5);
    case 3:
      return rng.pick(ODD_NUMBERS);
    case 4:
    case 5:
      return randomString(rng);
    case 6:
      return rng.int(-1000, 100_000);
    case 7:
      return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
    default:
      return randomObject(rng, depth + 1);
  }
}

export function randomObject(rng: Rng, depth = 0): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (let i = rng.int(0, 5); i > 0; i--) {
    const key = rng.chance(0.25) ? rng.pick(DANGEROUS_KEYS) : rng.chance(0.6) ? rng.pick(FIELD_KEYS) : randomString(rng).slice(0, 40);
    let value = randomValue(rng, depth);
    if (key === 'script' && typeof value === 'string') value = `${SCRIPT_MARKER} ${value.slice(0, 200)}`;
    else if (key === 'script' && rng.chance(0.5)) value = `echo ${SCRIPT_MARKER}`;
    setOwn(obj, key, value);
  }
  return obj;
}

/**
 * Keys the fuzzer puts on the message itself. Not `__proto__`: Node-RED's own cloneMessage (used
 * to hand a failed message to Catch nodes) turns an own top-level `__proto__` into the clone's
 * prototype, and with `null` there the runtime's handleError throws before any node sees it
 * (node-red 4.1.8, Flow.handleError: "errorMessage.hasOwnProperty is not a function"). That is a
 * Node-RED core limit no node can guard against; one level down (msg.payload.__proto__) is fuzzed.
 */
const TOP_LEVEL_ODD_KEYS: readonly string[] = ['constructor', 'prototype'];

/** A random message body (the caller adds `rid`): any of task, payload, topic and odd extra keys. */
export function randomMessage(rng: Rng): Record<string, unknown> {
  const msg: Record<string, unknown> = {};
  if (rng.chance(0.8)) setOwn(msg, 'task', rng.chance(0.3) ? randomString(rng) : randomValue(rng));
  if (rng.chance(0.8)) setOwn(msg, 'payload', rng.chance(0.5) ? randomObject(rng) : randomValue(rng));
  if (rng.chance(0.2)) setOwn(msg, 'topic', randomValue(rng));
  if (rng.chance(0.2)) setOwn(msg, rng.pick(TOP_LEVEL_ODD_KEYS), randomObject(rng));
  return msg;
}
