// The back-off and lockout bookkeeping of ConnectionGuard, without I/O.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionGuard } from '../../lib/dsm/guard';
import { DsmError } from '../../lib/dsm/errors';

const refused = (): DsmError => new DsmError('UNREACHABLE', 'The NAS refused the connection.');

describe('ConnectionGuard', () => {
  it('counts requests that fail together as one step of back-off', () => {
    const guard = new ConnectionGuard({ initialMs: 1_000, maxMs: 30_000, lockoutMs: 60_000 });
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) guard.noteUnreachable(refused(), t0);
    const blocked = guard.blocked();
    assert.equal(blocked?.code, 'UNREACHABLE');
    assert.match(blocked?.message ?? '', /next attempt is in 1 s/);
  });

  it('doubles the wait for each attempt made after the previous wait ended, up to the cap', () => {
    // Replays failures at the given offsets (ms) so that the last one happens now; returns the wait shown.
    const waitAfter = (offsets: number[]): number => {
      const guard = new ConnectionGuard({ initialMs: 1_000, maxMs: 4_000, lockoutMs: 60_000 });
      const base = Date.now() - offsets[offsets.length - 1];
      for (const offset of offsets) guard.noteUnreachable(refused(), base + offset);
      return Number(/in (\d+) s/.exec(guard.blocked()?.message ?? '')?.[1]);
    };
    assert.equal(waitAfter([0]), 1);
    assert.equal(waitAfter([0, 1_000]), 2);
    assert.equal(waitAfter([0, 1_000, 3_000]), 4);
    assert.equal(waitAfter([0, 1_000, 3_000, 7_000]), 4);
    assert.equal(waitAfter([0, 500, 1_000]), 2, 'a failure inside the wait does not add a step');
  });

  it('lets calls through again once the NAS answered', () => {
    const guard = new ConnectionGuard({ initialMs: 1_000, maxMs: 30_000, lockoutMs: 60_000 });
    guard.noteUnreachable(refused());
    assert.ok(guard.blocked());
    guard.noteReachable();
    assert.equal(guard.blocked(), undefined);
  });
});
