import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkEmail, checkTaskName, numberOr, ownValue, parseEnabled } from '../../nodes/shared/inputs';
import { toCodedError } from '../../nodes/shared/errors';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('input helpers', () => {
  it('accepts booleans and the four words for enable, in any case', () => {
    assert.equal(parseEnabled(true), true);
    assert.equal(parseEnabled(false), false);
    assert.equal(parseEnabled('Enable'), true);
    assert.equal(parseEnabled(' off '), false);
    assert.equal(parseEnabled('on'), true);
    assert.equal(parseEnabled('disable'), false);
  });

  it('refuses anything else for enable with INVALID_INPUT', () => {
    for (const bad of ['yes', 1, 0, null, undefined, {}, 'true']) assert.equal(code(() => parseEnabled(bad)), 'INVALID_INPUT', String(bad));
  });

  it('refuses blank task names and control characters', () => {
    assert.equal(checkTaskName('backup disk'), 'backup disk');
    for (const bad of ['', '   ', 5, undefined, 'a\nb']) assert.equal(code(() => checkTaskName(bad)), 'INVALID_INPUT', String(bad));
  });

  it('checks e-mail addresses, empty meaning none', () => {
    assert.equal(checkEmail(''), '');
    assert.equal(checkEmail(undefined), '');
    assert.equal(checkEmail('ops@example.com'), 'ops@example.com');
    assert.equal(code(() => checkEmail('not an address')), 'INVALID_INPUT');
    assert.equal(code(() => checkEmail('a@b')), 'INVALID_INPUT');
  });

  it('reads only own properties, so a polluted prototype gives nothing', () => {
    const payload = JSON.parse('{"__proto__": {"script": "rm -rf /"}, "event": "bootup"}') as unknown;
    assert.equal(ownValue(payload, 'script'), undefined);
    assert.equal(ownValue(payload, 'event'), 'bootup');
    assert.equal(ownValue(Object.create({ task: 'inherited' }), 'task'), undefined);
    assert.equal(ownValue('text', 'length'), undefined);
  });

  it('reads numbers from numbers and numeric strings', () => {
    assert.equal(numberOr('12', 5), 12);
    assert.equal(numberOr('', 5), 5);
    assert.equal(numberOr(undefined, 5), 5);
    assert.equal(numberOr('x', 5), 5);
  });

  it('turns any thrown value into an Error with a code', () => {
    const fromString = toCodedError('boom');
    assert.ok(fromString instanceof Error);
    assert.equal(fromString.code, 'INTERNAL_ERROR');
    assert.equal(toCodedError(new TypeError('bad'), 'INVALID_INPUT').code, 'INVALID_INPUT');
    assert.equal(toCodedError(undefined).message, 'unexpected failure');
  });
});
